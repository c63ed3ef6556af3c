"""帮助 menu: 使用说明 (the day's workflow with screenshots, read offline from the bundled
resources) and 关于 (version, data folder, the licences of the bundled components)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from classgroup_desktop.bundled import RESOURCES_DIR
from classgroup_desktop.ui.common import fit_to_screen

GUIDE_FILE = "guide.html"
HELP_DIR = RESOURCES_DIR / "help"

# (component, what it does here, licence). Shown in 关于; the wheel and the bundled app carry
# these components, so their licences are named where the teacher can see them.
COMPONENTS: tuple[tuple[str, str, str], ...] = (
    ("Qt 6 / PySide6", "窗口界面与打印", "LGPL-3.0"),
    ("RapidOCR", "截图文字识别", "Apache-2.0"),
    ("PaddleOCR PP-OCR 模型", "截图文字识别的模型", "Apache-2.0"),
    ("ONNX Runtime", "运行识别模型", "MIT"),
    ("OpenCV", "截图图像处理", "Apache-2.0"),
    ("Pillow", "读取图片", "MIT-CMU (HPND)"),
    ("SQLAlchemy / Alembic", "数据库", "MIT"),
    ("openpyxl", "读写 Excel", "MIT"),
    ("python-calamine", "读取 .xls / .xlsx", "MIT"),
    ("pypinyin", "姓名拼音", "MIT"),
    ("OpenCC", "繁简转换", "Apache-2.0"),
    ("msoffcrypto-tool", "打开加密的 Excel", "MIT"),
    ("platformdirs", "数据文件夹位置", "MIT"),
)


class GuideDialog(QDialog):
    """使用说明: a short offline guide, with the screenshots of each page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle(self.tr("使用说明"))
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideBrowser")
        self.browser.setOpenLinks(False)  # offline: no link leaves the app
        self.browser.setSource(QUrl.fromLocalFile(str(HELP_DIR / GUIDE_FILE)))
        if not self.browser.toPlainText().strip():
            self.browser.setPlainText(self.tr("找不到使用说明文件，请重新安装本软件。"))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 720)


class AboutDialog(QDialog):
    """关于: what the app is, its version, where its data is, and whose work it bundles."""

    def __init__(self, version: str, data_folder: str, database: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("关于班级群管家"))
        layout = QVBoxLayout(self)
        rows = "".join(
            f"<tr><td>{escape(name)}</td><td>{escape(self.tr(use))}</td>"
            f"<td>{escape(licence)}</td></tr>" for name, use, licence in COMPONENTS)
        self.text = QLabel(self.tr(
            "<h3>班级群管家 {version}</h3>"
            "<p>帮助班主任按《班级微信群的管理》通知核对群成员实名、记录提醒与清退、打印月报。<br>"
            "所有数据只保存在本机（或学校自己的数据库），不联网。</p>"
            "<p><b>数据文件夹：</b>{folder}<br><b>当前数据库：</b>{db}</p>"
            "<p><b>使用的开源组件及其许可证：</b></p>"
            "<table cellspacing='0' cellpadding='2'>"
            "<tr><th align='left'>组件</th><th align='left'>用途</th>"
            "<th align='left'>许可证</th></tr>{rows}</table>"
            "<p>本软件以 MIT 许可证发布。</p>").format(
                version=escape(version), folder=escape(data_folder), db=escape(database),
                rows=rows))
        self.text.setObjectName("aboutText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(self.text.textInteractionFlags()
                                          | self.text.textInteractionFlags().TextSelectableByMouse)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        fit_to_screen(self, 620, 560)
