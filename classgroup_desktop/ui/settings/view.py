"""设置: school name, the teacher's name (records the log), the naming policy (school default or
per class), the message templates (``templates_box``) and the escalation ladder
(``ladder_box``). Stored in the database, so a shared school database
shares them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from classgroup_desktop.core.errors import UserError
from classgroup_desktop.store.db import Database
from classgroup_desktop.ui.common import icon, show_error
from classgroup_desktop.ui.settings.ladder_box import LadderBox
from classgroup_desktop.ui.settings.templates_box import TemplatesBox

SCOPE_SCHOOL = "school"
SCOPE_CLASS = "class"


def _settings():
    from classgroup_desktop.services import settings

    return settings


def _policy_module():
    from classgroup_desktop.core import policy

    return policy



def _same_policy(a: Any, b: Any) -> bool:
    """Whether two naming policies accept the same nicknames (relation order aside)."""
    return (set(a.relations) == set(b.relations)
            and a.teacher_affix_allowed == b.teacher_affix_allowed
            and a.max_members_per_student == b.max_members_per_student)

class SettingsView(QWidget):
    status_message = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.class_name: str | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 10)
        title = QLabel(self.tr("设置"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        outer.addWidget(title)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self._build_school_box())
        left.addWidget(self._build_policy_box(), 1)
        # 群聊巡查's word lists (its own dialog: saved at once, not with the form below)
        self.chat_words_button = QPushButton(icon("chat"), self.tr("群聊巡查词表…"))
        self.chat_words_button.setObjectName("chatWordsSettings")
        self.chat_words_button.setToolTip(self.tr("为各条规则添加词语，或允许某些词在本班不被标出"))
        self.chat_words_button.clicked.connect(lambda: self.edit_chat_words())
        left.addWidget(self.chat_words_button)
        columns.addLayout(left, 1)
        right = QVBoxLayout()
        self.templates_box = TemplatesBox(self._preview_sample)
        self.ladder_box = LadderBox()
        self.teacher_edit.textChanged.connect(lambda _t: self.templates_box.update_preview())
        right.addWidget(self.templates_box, 1)
        right.addWidget(self.ladder_box)
        columns.addLayout(right, 1)
        outer.addLayout(columns, 1)
        buttons = QHBoxLayout()
        self.saved_label = QLabel()
        buttons.addWidget(self.saved_label, 1)
        self.revert_button = QPushButton(self.tr("放弃修改"))
        self.revert_button.clicked.connect(self.load)
        self.save_button = QPushButton(icon("save"), self.tr("保存设置"))
        self.save_button.setObjectName("saveSettings")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)
        self.load()

    def edit_chat_words(self) -> Any:
        from classgroup_desktop.ui.chat.words_dialog import ChatWordsDialog

        if not self.class_name:
            return None
        dialog = ChatWordsDialog(self.db, self.class_name, self)
        dialog.open()
        return dialog

    # --- construction -----------------------------------------------------------------------

    def _build_school_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("学校与教师"))
        form = QFormLayout(box)
        self.school_edit = QLineEdit()
        self.school_edit.setObjectName("schoolName")
        self.school_edit.setPlaceholderText(self.tr("如：浦东新区某某小学"))
        self.teacher_edit = QLineEdit()
        self.teacher_edit.setObjectName("teacherName")
        self.teacher_edit.setPlaceholderText(self.tr("事件记录中的“记录人”，消息模板的落款"))
        form.addRow(self.tr("学校名称："), self.school_edit)
        form.addRow(self.tr("教师姓名："), self.teacher_edit)
        return box

    def _build_policy_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("群昵称命名规则（入群-2）"))
        layout = QVBoxLayout(box)
        scope_row = QHBoxLayout()
        scope_row.addWidget(QLabel(self.tr("适用于：")))
        self.scope_combo = QComboBox()
        self.scope_combo.setObjectName("policyScope")
        self.scope_combo.currentIndexChanged.connect(self._load_policy)
        scope_row.addWidget(self.scope_combo, 1)
        layout.addLayout(scope_row)
        self.class_override = QCheckBox(self.tr("本班使用单独的规则（不勾选则沿用全校默认）"))
        self.class_override.toggled.connect(self._update_policy_enabled)
        layout.addWidget(self.class_override)
        layout.addWidget(QLabel(self.tr("家长昵称中允许的称谓（学生姓名 + 称谓）：")))
        self.relations_model = QStandardItemModel(self)
        self.relations_view = QListView()
        self.relations_view.setObjectName("relationsList")
        self.relations_view.setModel(self.relations_model)
        self.relations_view.setViewMode(QListView.ViewMode.IconMode)
        self.relations_view.setFlow(QListView.Flow.LeftToRight)
        self.relations_view.setWrapping(True)
        self.relations_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.relations_view.setGridSize(
            self.relations_view.fontMetrics().size(0, "外祖母 ✓✓").grownBy(QMargins(14, 6, 14, 6)))
        self.relations_view.setMovement(QListView.Movement.Static)
        self.relations_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.relations_view.setMinimumHeight(110)
        self.relations_view.setMaximumHeight(
            self.relations_view.gridSize().height() * 5 + 8)
        layout.addWidget(self.relations_view)
        add_row = QHBoxLayout()
        self.custom_edit = QLineEdit()
        self.custom_edit.setPlaceholderText(self.tr("其他称谓，如：干妈"))
        self.custom_edit.returnPressed.connect(self.add_custom_relation)
        add_button = QPushButton(icon("add"), self.tr("添加称谓"))
        add_button.clicked.connect(self.add_custom_relation)
        add_row.addWidget(self.custom_edit, 1)
        add_row.addWidget(add_button)
        layout.addLayout(add_row)
        self.affix_check = QCheckBox(
            self.tr("允许教师昵称带学科或称呼（如 数学-李建国、李建国老师）"))
        self.affix_check.setObjectName("teacherAffix")
        layout.addWidget(self.affix_check)
        limit_row = QHBoxLayout()
        limit_row.addWidget(QLabel(self.tr("每名学生在群里的家长最多：")))
        self.limit_spin = QSpinBox()
        self.limit_spin.setObjectName("maxMembers")
        self.limit_spin.setRange(1, 10)
        self.limit_spin.setSuffix(self.tr(" 人"))
        limit_row.addWidget(self.limit_spin)
        limit_row.addStretch(1)
        layout.addLayout(limit_row)
        layout.addStretch(1)
        self.policy_widgets = (self.relations_view, self.custom_edit, add_button,
                               self.affix_check, self.limit_spin)
        return box

    # --- loading ----------------------------------------------------------------------------

    def set_class(self, class_name: str | None) -> None:
        self.class_name = class_name
        self.chat_words_button.setEnabled(bool(class_name))
        self.scope_combo.blockSignals(True)
        self.scope_combo.clear()
        self.scope_combo.addItem(self.tr("全校默认"), SCOPE_SCHOOL)
        if class_name:
            self.scope_combo.addItem(self.tr("本班：{name}").format(name=class_name), SCOPE_CLASS)
        self.scope_combo.blockSignals(False)
        self._load_policy()

    def load(self) -> None:
        """Read every setting from the database into the form (discarding edits)."""
        settings = _settings()
        self.school_edit.setText(settings.get_setting(self.db, settings.SCHOOL_NAME, "") or "")
        self.teacher_edit.setText(settings.get_setting(self.db, settings.TEACHER_NAME, "") or "")
        self._load_policy()
        from classgroup_desktop.services.log import default_ladder
        from classgroup_desktop.services.template_catalog import default_templates

        self.templates_box.load(
            default_templates(), settings.get_setting(self.db, settings.MESSAGE_TEMPLATES) or {})
        self.ladder_box.load(
            settings.get_setting(self.db, settings.ESCALATION_LADDER) or default_ladder())
        self.saved_label.setText("")
        self._saved_state = self.form_state()

    def form_state(self) -> tuple:
        """What the form says now, to tell whether it differs from what was saved."""
        try:
            ladder: Any = repr(sorted(self.ladder_box.value().items()))
        except (UserError, ValueError):
            ladder = None  # a half-typed value: certainly an edit
        return (self.school_edit.text().strip(), self.teacher_edit.text().strip(),
                repr(self.policy().to_dict()), self.class_override.isChecked(),
                repr(sorted(self.templates_box.custom().items())), ladder)

    def has_unsaved_changes(self) -> bool:
        return getattr(self, "_saved_state", None) is not None \
            and self.form_state() != self._saved_state

    def _scope(self) -> str:
        return self.scope_combo.currentData() or SCOPE_SCHOOL

    def _load_policy(self, *_args: Any) -> None:
        # Showing another scope's policy is not an edit: keep "unsaved" as it was.
        was_clean = not self.has_unsaved_changes()
        self._show_stored_policy()
        if was_clean and getattr(self, "_saved_state", None) is not None:
            self._saved_state = self.form_state()

    def _show_stored_policy(self) -> None:
        policy_mod = _policy_module()
        settings = _settings()
        school = policy_mod.NamingPolicy.from_dict(
            settings.get_setting(self.db, settings.NAMING_POLICY))
        policy = school
        override = False
        if self._scope() == SCOPE_CLASS and self.class_name:
            stored = self._class_policy_dict(self.class_name)
            override = stored is not None
            if stored is not None:
                policy = policy_mod.NamingPolicy.from_dict(stored)
        self.class_override.setVisible(self._scope() == SCOPE_CLASS)
        self.class_override.blockSignals(True)
        self.class_override.setChecked(override)
        self.class_override.blockSignals(False)
        self._show_policy(policy)
        self._update_policy_enabled()

    def _class_policy_dict(self, class_name: str) -> dict | None:
        """The class's own stored policy, None when it follows the school default."""
        from classgroup_desktop.services.classes import find_class

        try:
            with self.db.read() as s:
                return find_class(s, class_name).naming_policy
        except UserError:
            return None

    def _show_policy(self, policy: Any) -> None:
        known = list(_policy_module().KNOWN_RELATIONS)
        words = list(dict.fromkeys([*known, *policy.relations]))
        self.relations_model.clear()
        for word in words:
            item = QStandardItem(word)
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(Qt.CheckState.Checked if word in policy.relations
                               else Qt.CheckState.Unchecked)
            self.relations_model.appendRow(item)
        self.affix_check.setChecked(policy.teacher_affix_allowed)
        self.limit_spin.setValue(policy.max_members_per_student)

    def _update_policy_enabled(self, *_args: Any) -> None:
        enabled = self._scope() == SCOPE_SCHOOL or self.class_override.isChecked()
        for widget in self.policy_widgets:
            widget.setEnabled(enabled)

    def add_custom_relation(self) -> None:
        word = self.custom_edit.text().strip()
        if not word:
            return
        if len(word) > 6 or any(ch.isdigit() or ch.isspace() for ch in word):
            show_error(self, self.tr("称谓“{w}”不合适：请填写 1-6 个字的称谓，如“干妈”。")
                       .format(w=word))
            return
        existing = self.relations_model.findItems(word)
        if existing:
            existing[0].setCheckState(Qt.CheckState.Checked)
        else:
            item = QStandardItem(word)
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(Qt.CheckState.Checked)
            self.relations_model.appendRow(item)
        self.custom_edit.clear()

    def policy(self) -> Any:
        """The naming policy the form shows."""
        relations = tuple(
            self.relations_model.item(r).text() for r in range(self.relations_model.rowCount())
            if self.relations_model.item(r).checkState() == Qt.CheckState.Checked)
        return _policy_module().NamingPolicy(
            relations=relations, teacher_affix_allowed=self.affix_check.isChecked(),
            max_members_per_student=self.limit_spin.value())

    def _preview_sample(self) -> dict[str, str]:
        return {"teacher": self.teacher_edit.text().strip() or self.tr("班主任"),
                "class_name": self.class_name or "三年级(2)班"}

    # --- saving -----------------------------------------------------------------------------

    def save(self) -> bool:
        settings = _settings()
        policy = self.policy()
        if (self._scope() == SCOPE_SCHOOL or self.class_override.isChecked()) \
                and not policy.relations:
            show_error(self, self.tr("至少要允许一种称谓（如 爸爸、妈妈），"
                                     "否则所有家长都会被判为需改名。"))
            return False
        try:
            ladder = self.ladder_box.value()
            from classgroup_desktop.core.ladder import LadderPolicy

            LadderPolicy.from_dict(ladder)  # validates before anything is written
            values = {
                settings.SCHOOL_NAME: self.school_edit.text().strip(),
                settings.TEACHER_NAME: self.teacher_edit.text().strip(),
                settings.MESSAGE_TEMPLATES: self.templates_box.custom(),
                settings.ESCALATION_LADDER: ladder,
            }
            if self._scope() == SCOPE_SCHOOL and (
                    settings.get_setting(self.db, settings.NAMING_POLICY) is not None
                    or not _same_policy(policy, _policy_module().NamingPolicy())):
                # A school that never chose a policy keeps following the built-in default
                # (which a release may change); saving the teacher's name does not pin it.
                values[settings.NAMING_POLICY] = policy.to_dict()
            settings.set_settings(self.db, values)
            if self._scope() == SCOPE_CLASS and self.class_name:
                from classgroup_desktop.services.audit import set_class_policy

                set_class_policy(self.db, self.class_name,
                                 policy if self.class_override.isChecked() else None)
        except UserError as exc:
            show_error(self, exc)
            return False
        self.saved_label.setText(self.tr("设置已保存。"))
        self.status_message.emit(self.tr("设置已保存"))
        self._saved_state = self.form_state()
        return True
