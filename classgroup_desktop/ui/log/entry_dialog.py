"""新增记录: one log entry — kind, member, the rule it cites, date, description, evidence files.

Opened from the log view and from the check view (pre-filled with the member, its identity and a
sensible rule). The service validates on OK; a UserError keeps the dialog open with the message.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from classgroup_desktop.core.errors import UserError
from classgroup_desktop.core.logchain import (
    KIND_LABELS,
    KINDS,
    KINDS_NEEDING_MEMBER,
    KINDS_NEEDING_RULE,
)
from classgroup_desktop.store.db import Database
from classgroup_desktop.ui.common import icon, show_error

# Which message template goes with which kind (the 复制消息 button).
MESSAGE_TEMPLATE = {"reminder": "conduct_reminder", "clear-out": "clear_out_notice"}


def _log():
    from classgroup_desktop.services import log

    return log


def _messages():
    from classgroup_desktop.services import messages

    return messages


class AddEntryDialog(QDialog):
    """Add one entry to the class's log; emits ``entry_added(LogEntry)`` and closes on success."""

    entry_added = Signal(object)

    def __init__(
        self,
        db: Database,
        class_name: str,
        nickname: str | None = None,
        identity: dict[str, Any] | None = None,
        kind: str = "reminder",
        rule: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.class_name, self.identity = db, class_name, identity
        self._prefilled = (nickname or "").strip()
        self.setObjectName("addEntryDialog")
        self.setWindowTitle(self.tr("新增记录 — {cls}").format(cls=class_name))
        self.setMinimumWidth(520)
        self.evidence: list[Path] = []
        self.entry = None

        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindCombo")
        for key, label in KIND_LABELS.items():
            if key in KINDS and key != "void":
                self.kind_combo.addItem(self.tr(label), key)
        self.member_edit = QLineEdit(nickname or "")
        self.member_edit.setObjectName("memberEdit")
        self.member_edit.setPlaceholderText(self.tr("群昵称，原样填写"))
        self.rule_combo = QComboBox()
        self.rule_combo.setObjectName("ruleCombo")
        # No rule is guessed for the teacher: a blank dialog shows this until one is chosen.
        self.rule_combo.setPlaceholderText(self.tr("请选择规则"))
        self.rule_combo.addItem(self.tr("（不引用规则）"), None)
        for r in _log().rules().rules:
            self.rule_combo.addItem(r.label, r.code)
            self.rule_combo.setItemData(
                self.rule_combo.count() - 1, f"{r.code}：{r.text}", Qt.ItemDataRole.ToolTipRole
            )
        self.rule_text = QLabel()
        self.rule_text.setObjectName("ruleText")
        self.rule_text.setWordWrap(True)
        self.rule_text.setStyleSheet("color: palette(placeholder-text);")
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setObjectName("dateEdit")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMaximumDate(QDate.currentDate())  # only what already happened
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setPlaceholderText(self.tr("发生了什么、如何处理的（可选）"))
        self.note_edit.setFixedHeight(80)
        form.addRow(self.tr("类型："), self.kind_combo)
        form.addRow(self.tr("群成员："), self.member_edit)
        form.addRow(self.tr("依据规则："), self.rule_combo)
        form.addRow("", self.rule_text)
        form.addRow(self.tr("发生日期："), self.date_edit)
        form.addRow(self.tr("情况说明："), self.note_edit)

        self.evidence_list = QListWidget()
        self.evidence_list.setObjectName("evidenceList")
        self.evidence_list.setFixedHeight(64)
        ev_buttons = QVBoxLayout()
        self.add_file_button = QPushButton(icon("image"), self.tr("添加证据…"))
        self.add_file_button.clicked.connect(self.choose_evidence)
        self.remove_file_button = QPushButton(self.tr("移除"))
        self.remove_file_button.clicked.connect(self._remove_evidence)
        ev_buttons.addWidget(self.add_file_button)
        ev_buttons.addWidget(self.remove_file_button)
        ev_buttons.addStretch(1)
        ev_row = QHBoxLayout()
        ev_row.addWidget(self.evidence_list, 1)
        ev_row.addLayout(ev_buttons)
        form.addRow(self.tr("证据截图："), ev_row)
        layout.addLayout(form)

        self.hint = QLabel(self.tr("记录保存后不能修改或删除；写错了可以作废并重新记录。"))
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.hint)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("保存记录"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.copy_button = QPushButton(icon("copy"), self.tr("复制提醒消息"))
        self.copy_button.setObjectName("copyMessageButton")
        self.copy_button.setToolTip(self.tr("按模板生成发到群里的消息，复制到剪贴板"))
        self.copy_button.clicked.connect(self.copy_message)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.kind_combo.currentIndexChanged.connect(self._on_kind)
        self.rule_combo.currentIndexChanged.connect(self._on_rule)
        self.set_kind(kind)
        if rule:
            self.set_rule(rule)
        else:
            self.rule_combo.setCurrentIndex(-1)  # placeholder 请选择规则: choose deliberately
        self._on_rule()

    # --- field helpers ----------------------------------------------------------------------

    def kind(self) -> str:
        return self.kind_combo.currentData()

    def rule(self) -> str | None:
        return self.rule_combo.currentData()

    def set_kind(self, kind: str) -> None:
        index = self.kind_combo.findData(kind)
        self.kind_combo.setCurrentIndex(max(index, 0))
        self._on_kind()

    def set_rule(self, code: str | None) -> None:
        try:
            code = _log().get_rule(code).code if code else None
        except UserError:
            code = None
        self.rule_combo.setCurrentIndex(max(self.rule_combo.findData(code), 0))

    def _on_kind(self, *_args: Any) -> None:
        kind = self.kind()
        self.copy_button.setEnabled(kind in MESSAGE_TEMPLATE)
        self.member_edit.setPlaceholderText(
            self.tr("群昵称，原样填写（必填）")
            if kind in KINDS_NEEDING_MEMBER
            else self.tr("群昵称（可空）")
        )
        self._on_rule()  # whether a rule is required depends on the kind

    def _on_rule(self, *_args: Any) -> None:
        code = self.rule()
        if code is None:
            need = self.kind() in KINDS_NEEDING_RULE
            self.rule_text.setText(self.tr("此类记录必须引用规则，请选择。") if need else "")
            return
        self.rule_text.setText(_log().get_rule(code).text)

    def choose_evidence(self) -> None:
        dialog = QFileDialog(self, self.tr("选择证据文件（截图等）"))
        dialog.setObjectName("evidenceFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters(
            [self.tr("图片 (*.png *.jpg *.jpeg *.bmp *.gif *.webp)"), self.tr("所有文件 (*)")]
        )
        dialog.filesSelected.connect(lambda files: self.add_evidence([Path(f) for f in files]))
        dialog.open()

    def add_evidence(self, paths: list[Path]) -> None:
        """Add the chosen files; one that cannot be attached (a folder, a device, over 20 MB)
        is refused now, with the reason, rather than when the entry is saved."""
        for path in paths:
            try:
                _log().check_evidence(path)
            except UserError as exc:
                show_error(self, exc)
                continue
            if path not in self.evidence:
                self.evidence.append(path)
                self.evidence_list.addItem(path.name)
                self.evidence_list.item(self.evidence_list.count() - 1).setToolTip(str(path))

    def _remove_evidence(self) -> None:
        row = self.evidence_list.currentRow()
        if row >= 0:
            self.evidence_list.takeItem(row)
            del self.evidence[row]

    # --- actions ----------------------------------------------------------------------------

    def message_text(self) -> str:
        """The group message for this entry from the templates ("" if the kind has none)."""
        template = MESSAGE_TEMPLATE.get(self.kind())
        if not template:
            return ""
        return _messages().render_template(
            template,
            self.db,
            nickname=self.member_edit.text().strip(),
            rule_code=self.rule(),
            class_name=self.class_name,
        )

    def copy_message(self) -> str:
        try:
            text = self.message_text()
        except UserError as exc:
            show_error(self, exc)
            return ""
        if text:
            QGuiApplication.clipboard().setText(text)
            self.hint.setText(
                self.tr("消息已复制，可粘贴到微信群。发出后请点“保存记录”记下这次提醒。")
            )
        return text

    def save(self) -> None:
        qd = self.date_edit.date()
        when = date(qd.year(), qd.month(), qd.day())
        occurred = None if when == date.today() else when  # today: keep the time of day
        member = self.member_edit.text().strip() or None
        # The identity the check resolved belongs to the pre-filled nickname only.
        identity = self.identity if member == self._prefilled else None
        try:
            self.entry = _log().add_entry(
                self.db,
                self.class_name,
                self.kind(),
                member=member,
                rule=self.rule(),
                note=self.note_edit.toPlainText().strip(),
                occurred_at=occurred,
                evidence=list(self.evidence),
                identity=identity,
            )
        except UserError as exc:
            show_error(self, exc)
            return
        self.entry_added.emit(self.entry)
        self.accept()
