"""发布前检查 and 防诈骗检查: paste a text, see each warning with the span highlighted in place.

发布前检查 is for the teacher's own draft (教师-4, 教师-5; the class's student names are used);
防诈骗检查 is for a message seen in the group (家长-5), optionally with the sender's nickname,
which is looked up in the latest audit to warn first about an impersonating sender.
"""

from __future__ import annotations

import re
from collections.abc import Callable

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


# fraudcheck quotes every suspicious word of a money request in one warning: “…钱款（扫码、缴纳）”.
_QUOTED_TERMS = re.compile(r"（([^（）]+)）")


def _term_spans(text: str, w: CheckWarning) -> list[tuple[int, int]]:
    """Every span to highlight for ``w``: its own span plus each word it quotes in （…、…）."""
    spans = {(w.start, w.end)} if w.end > w.start else set()
    if w.category in ("money", "payment_channel"):
        found = _QUOTED_TERMS.search(w.message)
        for term in found.group(1).split("、") if found else ():
            if term:
                spans.update(m.span() for m in re.finditer(re.escape(term), text))
    return sorted(spans)


def fraud_verdict(warnings: list[CheckWarning]) -> str:
    """The one-line verdict of the 防诈骗检查 tab (about someone else's message, not a draft)."""
    serious = [w for w in warnings if w.level == "warning"]
    if not serious:
        if warnings:
            return "未发现索要钱款的内容。消息含链接或二维码：只打开学校官方渠道的链接。"
        return "未发现索要钱款的内容。"
    points = []
    for w in serious:
        if w.category == "impersonation":
            who = f"“{w.span}”" if w.span else ""
            points.append(f"发送者{who}疑似冒充老师")
        elif w.category in ("money", "payment_channel"):
            found = _QUOTED_TERMS.search(w.message)
            points.append(f"要求付款（{found.group(1)}）" if found else "要求付款")
        else:
            points.append(f"“{w.span}”" if w.span else w.rule)
    return (
        f"这条消息有 {len(serious)} 处可疑：{'；'.join(points)}。"
        "请勿付款，先用原来保存的号码打电话向老师核实（家长-5）。"
    )


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

    def show_warnings(
        self,
        warnings: list[CheckWarning],
        ok_text: str,
        verdict: Callable[[list[CheckWarning]], str] | None = None,
    ) -> None:
        """List and highlight ``warnings``; ``verdict`` words the summary line (default: a
        draft's "发现 N 处问题，请修改后再发")."""
        self.warnings = warnings
        self.results.clear()
        selections = []
        for w in warnings:
            quote = f"“{w.span}”" if w.span else ""
            mark = "提示" if w.level == "info" else "警告"
            item = QListWidgetItem(f"【{mark}·{w.rule}】{quote}\n{w.message}")
            item.setData(Qt.ItemDataRole.UserRole, (w.start, w.end))
            self.results.addItem(item)
            for start, end in _term_spans(self.text.toPlainText(), w):
                sel = QTextEdit.ExtraSelection()
                fmt = QTextCharFormat()
                fmt.setBackground(INFO_COLOR if w.level == "info" else WARN_COLOR)
                sel.format = fmt
                cursor = QTextCursor(self.text.document())
                cursor.setPosition(start)
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                sel.cursor = cursor
                selections.append(sel)
        self.text.setExtraSelections(selections)
        serious = [w for w in warnings if w.level == "warning"]
        if verdict is not None:
            self.verdict.setText(verdict(warnings))
            color = "#b3261e" if serious else "#1b6e2d"
            self.verdict.setStyleSheet(f"color: {color}; font-weight: bold;")
        elif serious:
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
        self.sender_edit.setPlaceholderText(self.tr("可选：填了会查是否冒充老师"))
        sender_label = QLabel(self.tr("发送者群昵称："))
        sender_label.setBuddy(self.sender_edit)
        self.message.extra.insertWidget(0, sender_label)
        self.message.extra.insertWidget(1, self.sender_edit, 1)
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
        self.message.show_warnings(warnings, "", verdict=fraud_verdict)
        return warnings
