"""发布前检查 and 防诈骗检查: paste a text, see each warning with the span highlighted in place.

发布前检查 is for the teacher's own draft (教师-4, 教师-5; the class's student names are used);
防诈骗检查 is for a message seen in the group (家长-5), optionally with the sender's nickname,
which is looked up in the latest audit to warn first about an impersonating sender.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from classgroup_desktop.core.errors import UserError
from classgroup_desktop.core.selfcheck import CheckWarning
from classgroup_desktop.store.db import Database
from classgroup_desktop.ui.common import icon, show_error

WARN_COLOR = QColor(255, 214, 153)
INFO_COLOR = QColor(204, 229, 255)


def _text_checks():
    from classgroup_desktop.services import text_checks

    return text_checks


class _CheckPane(QWidget):
    """A text box, a 检查 button and the list of warnings (click one to select its span)."""

    def __init__(self, placeholder: str, button_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(placeholder)
        layout.addWidget(self.text, 2)
        row = QHBoxLayout()
        self.extra = row
        self.check_button = QPushButton(icon("check"), button_text)
        row.addStretch(1)
        row.addWidget(self.check_button)
        layout.addLayout(row)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        layout.addWidget(self.verdict)
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results.itemClicked.connect(self._select_span)
        layout.addWidget(self.results, 2)
        self.warnings: list[CheckWarning] = []

    def show_warnings(self, warnings: list[CheckWarning], ok_text: str) -> None:
        self.warnings = warnings
        self.results.clear()
        selections = []
        for w in warnings:
            quote = f"“{w.span}”" if w.span else ""
            mark = "提示" if w.level == "info" else "警告"
            item = QListWidgetItem(f"【{mark}·{w.rule}】{quote}\n{w.message}")
            item.setData(Qt.ItemDataRole.UserRole, (w.start, w.end))
            self.results.addItem(item)
            if w.end > w.start:
                sel = QTextEdit.ExtraSelection()
                fmt = QTextCharFormat()
                fmt.setBackground(INFO_COLOR if w.level == "info" else WARN_COLOR)
                sel.format = fmt
                cursor = QTextCursor(self.text.document())
                cursor.setPosition(w.start)
                cursor.setPosition(w.end, QTextCursor.MoveMode.KeepAnchor)
                sel.cursor = cursor
                selections.append(sel)
        self.text.setExtraSelections(selections)
        serious = [w for w in warnings if w.level == "warning"]
        if serious:
            self.verdict.setText(self.tr("发现 {n} 处问题，请修改后再发。").format(n=len(serious)))
            self.verdict.setStyleSheet("color: #b3261e; font-weight: bold;")
        else:
            self.verdict.setText(ok_text)
            self.verdict.setStyleSheet("color: #1b6e2d; font-weight: bold;")

    def _select_span(self, item: QListWidgetItem) -> None:
        start, end = item.data(Qt.ItemDataRole.UserRole)
        cursor = self.text.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.setFocus()


class SelfCheckDialog(QDialog):
    """Two tabs: 发布前检查 (a draft of the teacher's) and 防诈骗检查 (a message from the group)."""

    def __init__(
        self,
        db: Database,
        class_name: str | None,
        parent: QWidget | None = None,
        *,
        fraud: bool = False,
    ) -> None:
        super().__init__(parent)
        self.db, self.class_name = db, class_name
        self.setObjectName("selfCheckDialog")
        self.setWindowTitle(self.tr("发布前检查 / 防诈骗检查"))
        self.resize(640, 560)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.draft = _CheckPane(
            self.tr(
                "把准备发到群里的消息粘贴到这里。检查是否公布了成绩排名、点名的负面信息，"
                "或在群里讨论个别学生的问题（教师-4、教师-5）。"
            ),
            self.tr("发布前检查"),
        )
        self.draft.check_button.clicked.connect(self.run_selfcheck)
        self.message = _CheckPane(
            self.tr("把群里收到的可疑消息粘贴到这里。检查是否要求付款、转账、扫码（家长-5）。"),
            self.tr("防诈骗检查"),
        )
        self.sender_edit = QLineEdit()
        self.sender_edit.setObjectName("senderEdit")
        self.sender_edit.setPlaceholderText(self.tr("发送者的群昵称（可选）"))
        self.message.extra.insertWidget(0, self.sender_edit, 1)
        self.message.check_button.clicked.connect(self.run_fraudcheck)
        self.tabs.addTab(self.draft, self.tr("发布前检查"))
        self.tabs.addTab(self.message, self.tr("防诈骗检查"))
        layout.addWidget(self.tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if fraud:
            self.tabs.setCurrentIndex(1)

    def run_selfcheck(self) -> list[CheckWarning]:
        try:
            warnings = _text_checks().selfcheck_draft(
                self.db, self.draft.text.toPlainText(), self.class_name
            )
        except UserError as exc:
            show_error(self, exc)
            return []
        self.draft.show_warnings(
            warnings, self.tr("未发现问题：没有排名、成绩对比或点名的负面信息。")
        )
        return warnings

    def run_fraudcheck(self) -> list[CheckWarning]:
        sender = self.sender_edit.text().strip() or None
        try:
            warnings = _text_checks().fraudcheck_message(
                self.db if self.class_name else None,
                self.message.text.toPlainText(),
                sender=sender,
                class_name=self.class_name,
            )
        except UserError as exc:
            show_error(self, exc)
            return []
        self.message.show_warnings(warnings, self.tr("未发现要求付款、转账或扫码的内容。"))
        return warnings
