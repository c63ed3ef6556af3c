"""群聊巡查词表: the teacher's own words per rule (for every class) and the words allowed for
this class (never flagged here, e.g. a 二手书 exchange the class runs)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from classgroup_desktop.services.chat_review import (
    chat_words,
    rule_book,
    set_allowed_words,
    set_chat_words,
)
from classgroup_desktop.store.db import Database


def _lines(text: str) -> list[str]:
    out = []
    for line in text.replace("，", "\n").replace("、", "\n").split("\n"):
        if line.strip() and line.strip() not in out:
            out.append(line.strip())
    return out


class ChatWordsDialog(QDialog):
    """Edits the added words (per rule) and this class's allowed words; saves on OK."""

    def __init__(self, db: Database, class_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.class_name = db, class_name
        self.setObjectName("chatWordsDialog")
        self.setWindowTitle(self.tr("群聊巡查词表"))
        self.resize(520, 480)
        words = chat_words(db)
        self._added: dict[str, list[str]] = {k: list(v) for k, v in words["add"].items()}
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "程序自带的词表按规则分类，保存在 resources/chat_rules.json。这里可以为某条规则添加"
            "自己的词（所有班级都生效），或允许某些词在本班不被标出。每行一个词；匹配时忽略空格、"
            "符号、全角半角和繁简体。"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.rule_combo = QComboBox()
        self.rule_combo.setObjectName("chatWordsRule")
        for rule in rule_book(None).rules:
            self.rule_combo.addItem(f"{rule.rule}（{rule.reason}）", rule.id)
        form.addRow(self.tr("规则："), self.rule_combo)
        self.added_edit = QPlainTextEdit()
        self.added_edit.setObjectName("chatWordsAdded")
        self.added_edit.setPlaceholderText(self.tr("例如：奶茶店\n（每行一个）"))
        form.addRow(self.tr("添加的词："), self.added_edit)
        self.allowed_edit = QPlainTextEdit()
        self.allowed_edit.setObjectName("chatWordsAllowed")
        self.allowed_edit.setPlaceholderText(self.tr("例如：二手书\n（本班不标出这些词）"))
        self.allowed_edit.setPlainText("\n".join(words["allow"].get(class_name, [])))
        form.addRow(self.tr("本班允许的词："), self.allowed_edit)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._current = self.rule_combo.currentData()
        self.added_edit.setPlainText("\n".join(self._added.get(self._current, [])))
        self.rule_combo.currentIndexChanged.connect(self._rule_changed)

    def _rule_changed(self, _index: int) -> None:
        self._added[self._current] = _lines(self.added_edit.toPlainText())
        self._current = self.rule_combo.currentData()
        self.added_edit.setPlainText("\n".join(self._added.get(self._current, [])))

    def save(self) -> None:
        self._added[self._current] = _lines(self.added_edit.toPlainText())
        set_chat_words(self.db, add={k: v for k, v in self._added.items() if v})
        set_allowed_words(self.db, self.class_name, _lines(self.allowed_edit.toPlainText()))
        self.accept()
