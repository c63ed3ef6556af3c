"""The panel of the selected chat message: the text with the triggering words marked, each
flag's rule (code, title, the notice's text), and the actions (copy the reminder, log it)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from classgroup_desktop.core.chat_review import ReviewedMessage
from classgroup_desktop.core.phone import mask_phones_in
from classgroup_desktop.ui.chat.models import identity_text
from classgroup_desktop.ui.common import icon


class ChatDetailPanel(QGroupBox):
    """Shows one reviewed message; the view does the acting (signals)."""

    rule_changed = Signal()
    copy_requested = Signal()
    log_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("选中的消息"))
        self.setObjectName("chatDetail")
        layout = QHBoxLayout(self)
        self.detail = QTextBrowser()
        self.detail.setObjectName("chatDetailText")
        self.detail.setOpenLinks(False)
        self.detail.setMinimumHeight(120)
        layout.addWidget(self.detail, 1)
        actions = QVBoxLayout()
        self.rule_combo = QComboBox()
        self.rule_combo.setObjectName("chatRuleChoice")
        self.rule_combo.setToolTip(self.tr("提醒和记录按这条规则"))
        self.rule_combo.currentIndexChanged.connect(lambda _i: self.rule_changed.emit())
        actions.addWidget(self.rule_combo)
        self.copy_button = QPushButton(icon("copy"), self.tr("复制提醒"))
        self.copy_button.setObjectName("copyReminderButton")
        self.copy_button.setToolTip(self.tr("复制可直接粘贴到微信的提醒（私聊或群里 @）"))
        self.copy_button.clicked.connect(self.copy_requested)
        actions.addWidget(self.copy_button)
        self.log_button = QPushButton(icon("log"), self.tr("记录到事件记录"))
        self.log_button.setObjectName("logMessageButton")
        self.log_button.setToolTip(self.tr("一键记录：成员、规则，消息原文和时间作为证据附上"))
        self.log_button.clicked.connect(self.log_requested)
        actions.addWidget(self.log_button)
        self.outlook_label = QLabel()
        self.outlook_label.setObjectName("chatOutlook")
        self.outlook_label.setWordWrap(True)
        actions.addWidget(self.outlook_label)
        actions.addStretch(1)
        holder = QWidget()
        holder.setLayout(actions)
        holder.setFixedWidth(230)
        layout.addWidget(holder)

    def show_message(self, rm: ReviewedMessage | None) -> None:
        """Show ``rm`` (None: nothing selected); the actions only for a flagged message."""
        self.rule_combo.blockSignals(True)
        self.rule_combo.clear()
        if rm is None:
            self.detail.setHtml(self.tr(
                "<p style='color:gray'>选中一条消息，查看触发的规则和处理办法。</p>"))
        else:
            self.detail.setHtml(self._detail_html(rm))
            # The sender flag (入群-1) last: the words of the message are what to act on first.
            for f in sorted(rm.flags, key=lambda f: f.kind == "sender"):
                self.rule_combo.addItem(f"{f.rule} {self._rule_title(f.rule)}", f.rule)
        self.rule_combo.blockSignals(False)
        flagged = rm is not None and bool(rm.flags)
        self.rule_combo.setVisible(flagged)
        self.copy_button.setEnabled(flagged)
        self.log_button.setEnabled(flagged)
        self.outlook_label.setText("")

    @staticmethod
    def _rule_title(code: str) -> str:
        from classgroup_desktop.services.log import get_rule

        try:
            return get_rule(code).title
        except Exception:  # noqa: BLE001 - an unknown code just shows without a title
            return ""

    def _detail_html(self, rm: ReviewedMessage) -> str:
        from classgroup_desktop.services.log import get_rule

        m = rm.message
        who = m.sender or (self.tr("（我）") if m.self_sent else self.tr("系统消息"))
        when = f"{m.time:%Y-%m-%d %H:%M}" if m.time else self.tr("（无时间）")
        parts = [
            f"<p><b>{escape(mask_phones_in(who))}</b>　<span style='color:gray'>{when}</span><br>"
            f"<span style='color:gray'>{escape(identity_text(rm.identity, rm.sender_flags))}"
            "</span></p>",
            f"<p style='background:#f4f4f4;padding:4px'>{self._marked(rm)}</p>",
        ]
        if not rm.flags:
            parts.append(self.tr("<p>没有发现问题。</p>"))
        for f in sorted(rm.flags, key=lambda f: f.kind == "sender"):
            try:
                rule = get_rule(f.rule)
                rule_text = f"<br><span style='color:#555'>{escape(rule.text)}</span>"
                title = rule.title
            except Exception:  # noqa: BLE001
                rule_text, title = "", ""
            words = "、".join(escape(mask_phones_in(w)) for w in f.words)
            parts.append(
                f"<p><b style='color:#b3261e'>{escape(f.rule)} {escape(title)}</b><br>"
                f"{escape(f.reason)}<br>{self.tr('触发：')}{words}{rule_text}</p>")
        return "".join(parts)

    @staticmethod
    def _marked(rm: ReviewedMessage) -> str:
        """The message text with the words that triggered a flag in bold red."""
        text = rm.message.text
        spans = sorted({s for f in rm.flags for s in f.spans})
        out, pos = [], 0
        for start, end in spans:
            if start < pos:
                continue
            out.append(escape(mask_phones_in(text[pos:start])))
            out.append(f"<b style='color:#b3261e'>{escape(mask_phones_in(text[start:end]))}</b>")
            pos = end
        out.append(escape(mask_phones_in(text[pos:])))
        return "".join(out).replace("\n", "<br>")

    def current_rule(self) -> str | None:
        return self.rule_combo.currentData()
