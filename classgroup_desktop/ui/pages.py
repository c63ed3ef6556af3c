"""The pages of the main window's stack besides the views: the host that builds a view on
first use, the first-run screen (no class yet) and the moment before the database is open."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from classgroup_desktop.ui.common import icon


def centered(label: QLabel) -> QLabel:
    """``label`` with its text centred.

    Set by name through Qt's property system, as a .ui file does: these pages are built before
    the window is first shown, and PySide6 creates the ``Qt`` namespace's ~90 Python enum
    classes (≈25 ms) on its first use — which can wait until the first view is built.
    """
    label.setProperty("alignment", "AlignCenter")
    return label


class ViewSpec(NamedTuple):  # not a dataclass: `dataclasses` is not otherwise loaded at start
    key: str
    title: str
    icon: str
    module: str  # classgroup_desktop.ui.<module>
    cls: str
    needs_class: bool = True


class ViewHost(QWidget):
    """A page of the stack that builds its view the first time it is needed."""

    def __init__(self, spec: ViewSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.view: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)


class FirstRunPage(QWidget):
    """Shown while the database has no class: import a roster, open the demo, or start empty."""

    import_requested = Signal()
    demo_requested = Signal()
    new_class_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, demo_available: bool = True) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        title = QLabel(self.tr("欢迎使用班级群管家"))
        title.setObjectName("firstRunTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        title.setFont(font)
        outer.addWidget(centered(title))
        intro = QLabel(self.tr(
            "按《班级微信群的管理》要求核对群成员实名、记录提醒与清退、打印月报。\n"
            "先导入本班花名册（Excel 或 CSV），或打开一个虚构的示例学校看看效果。"))
        intro.setWordWrap(True)
        outer.addWidget(centered(intro))
        outer.addSpacing(24)
        row = QHBoxLayout()
        row.addStretch(1)
        self.import_button = self._big_button(self.tr("导入花名册…"), "import")
        self.import_button.clicked.connect(self.import_requested)
        row.addWidget(self.import_button)
        self.demo_button = self._big_button(self.tr("打开示例"), "demo")
        self.demo_button.clicked.connect(self.demo_requested)
        self.demo_button.setVisible(demo_available)
        row.addWidget(self.demo_button)
        self.new_button = self._big_button(self.tr("新建空白班级…"), "add")
        self.new_button.clicked.connect(self.new_class_requested)
        row.addWidget(self.new_button)
        row.addStretch(1)
        outer.addLayout(row)
        hint = QLabel(self.tr("提示：也可以把花名册文件直接拖到这个窗口里。"))
        hint.setEnabled(False)
        outer.addSpacing(12)
        outer.addWidget(centered(hint))
        outer.addStretch(3)

    def _big_button(self, text: str, icon_name: str) -> QPushButton:
        button = QPushButton(icon(icon_name), text)
        button.setIconSize(QSize(32, 32))
        button.setMinimumSize(200, 72)
        font = button.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        button.setFont(font)
        return button


class LoadingPage(QWidget):
    """Shown for the moment between the window appearing and the database being open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.label = centered(QLabel(self.tr("正在打开数据库…")))
        self.label.setEnabled(False)
        layout.addWidget(self.label)
