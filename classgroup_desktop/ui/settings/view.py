"""设置: school name, the teacher's name (records the log), the naming policy (school default or
per class) and the message templates. Stored in the database, so a shared school database
shares them."""

from __future__ import annotations

import json
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
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from classgroup_desktop.core.errors import UserError
from classgroup_desktop.store.db import Database
from classgroup_desktop.ui.common import icon, show_error

SCOPE_SCHOOL = "school"
SCOPE_CLASS = "class"


def _settings():
    from classgroup_desktop.services import settings

    return settings


def _policy_module():
    from classgroup_desktop.core import policy

    return policy


def template_names() -> dict[str, str]:
    """Template key -> its Chinese name, from the bundled templates file."""
    from classgroup_desktop.io.resources import read_resource_text

    doc = json.loads(read_resource_text("templates.json"))
    return {key: value.get("name", key) for key, value in doc["templates"].items()}


def placeholder_help() -> dict[str, str]:
    from classgroup_desktop.io.resources import read_resource_text

    return json.loads(read_resource_text("templates.json")).get("placeholders", {})


class SettingsView(QWidget):
    status_message = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.class_name: str | None = None
        self._templates: dict[str, str] = {}
        self._defaults: dict[str, str] = {}
        self._current_template: str | None = None

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
        columns.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(self._build_templates_box(), 1)
        right.addWidget(self._build_ladder_box())
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

    def _build_templates_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("消息模板"))
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("模板：")))
        self.template_combo = QComboBox()
        self.template_combo.setObjectName("templateCombo")
        self.template_combo.currentIndexChanged.connect(self._show_template)
        row.addWidget(self.template_combo, 1)
        layout.addLayout(row)
        self.template_edit = QPlainTextEdit()
        self.template_edit.setObjectName("templateEdit")
        self.template_edit.textChanged.connect(self._template_edited)
        layout.addWidget(self.template_edit, 1)
        self.placeholder_label = QLabel()
        self.placeholder_label.setWordWrap(True)
        self.placeholder_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.placeholder_label)
        preview_title = QLabel(self.tr("预览（示例数据）："))
        layout.addWidget(preview_title)
        self.preview_label = QLabel()
        self.preview_label.setObjectName("templatePreview")
        self.preview_label.setWordWrap(True)
        self.preview_label.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview_label.setStyleSheet(
            "QLabel { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 4px; padding: 6px; }")
        layout.addWidget(self.preview_label)
        reset = QPushButton(self.tr("恢复默认文字"))
        reset.setObjectName("resetTemplate")
        reset.clicked.connect(self.reset_template)
        reset_row = QHBoxLayout()
        reset_row.addStretch(1)
        reset_row.addWidget(reset)
        layout.addLayout(reset_row)
        return box

    def _build_ladder_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("升级建议与跟进"))
        layout = QVBoxLayout(box)
        hint = QLabel(self.tr("满足条件时，事件记录中会给出建议（不会自动执行）："))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.ladder_model = QStandardItemModel(self)
        self.ladder_view = QTableView()
        self.ladder_view.setObjectName("ladderTable")
        self.ladder_view.setModel(self.ladder_model)
        self.ladder_view.verticalHeader().setVisible(False)
        self.ladder_view.horizontalHeader().setStretchLastSection(True)
        self.ladder_view.setMaximumHeight(110)
        layout.addWidget(self.ladder_view)
        grace = QHBoxLayout()
        grace.addWidget(QLabel(self.tr("提醒改名后超过")))
        self.grace_spin = QSpinBox()
        self.grace_spin.setObjectName("renameGrace")
        self.grace_spin.setRange(1, 60)
        self.grace_spin.setSuffix(self.tr(" 天"))
        grace.addWidget(self.grace_spin)
        grace.addWidget(QLabel(self.tr("仍未改名，列为“提醒未见效”")))
        grace.addStretch(1)
        layout.addLayout(grace)
        return box

    # --- loading ----------------------------------------------------------------------------

    def set_class(self, class_name: str | None) -> None:
        self.class_name = class_name
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
        from classgroup_desktop.io.resources import default_templates

        self._defaults = default_templates()
        stored = settings.get_setting(self.db, settings.MESSAGE_TEMPLATES, {}) or {}
        self._templates = {k: stored.get(k) or v for k, v in self._defaults.items()}
        names = template_names()
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for key in self._defaults:
            self.template_combo.addItem(names.get(key, key), key)
        self.template_combo.blockSignals(False)
        self._current_template = None
        self._show_template()
        self._load_ladder()
        self.saved_label.setText("")

    def _scope(self) -> str:
        return self.scope_combo.currentData() or SCOPE_SCHOOL

    def _load_policy(self, *_args: Any) -> None:
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

    # --- escalation ladder --------------------------------------------------------------

    def _load_ladder(self) -> None:
        from classgroup_desktop.core.logchain import kind_label
        from classgroup_desktop.io.resources import default_ladder

        settings = _settings()
        self._ladder = settings.get_setting(self.db, settings.ESCALATION_LADDER) or default_ladder()
        model = self.ladder_model
        model.clear()
        model.setHorizontalHeaderLabels([self.tr("当记录"), self.tr("至少几次"),
                                         self.tr("在几天内"), self.tr("建议")])
        for step in self._ladder.get("steps", []):
            what = kind_label(step.get("when_kind", ""))
            if step.get("rules"):
                what += self.tr("（依据 {r}）").format(r="、".join(step["rules"]))
            elif step.get("exclude_rules"):
                what += self.tr("（{r} 以外）").format(r="、".join(step["exclude_rules"]))
            cells = [QStandardItem(what), QStandardItem(str(step.get("min_count", 1))),
                     QStandardItem("" if step.get("window_days") is None
                                   else str(step["window_days"])),
                     QStandardItem(kind_label(step.get("suggest_kind", "")))]
            for col, cell in enumerate(cells):
                cell.setEditable(col in (1, 2))
            model.appendRow(cells)
        self.ladder_view.resizeColumnsToContents()
        self.grace_spin.setValue(int(self._ladder.get("rename_grace_days", 3)))

    def ladder(self) -> dict:
        """The ladder policy as the form shows it (JSON shape of ESCALATION_LADDER)."""
        data = dict(self._ladder)
        steps = []
        for row, step in enumerate(self._ladder.get("steps", [])):
            step = dict(step)
            count = self.ladder_model.item(row, 1).text().strip()
            days = self.ladder_model.item(row, 2).text().strip()
            if not count.isdigit() or int(count) < 1:
                raise UserError(self.tr("升级建议第 {n} 行的次数应为正整数。").format(n=row + 1))
            if days and not days.isdigit():
                raise UserError(self.tr("升级建议第 {n} 行的天数应为整数，或留空表示不限。")
                                .format(n=row + 1))
            step["min_count"] = int(count)
            step["window_days"] = int(days) if days else None
            steps.append(step)
        data["steps"] = steps
        data["rename_grace_days"] = self.grace_spin.value()
        return data

    # --- templates --------------------------------------------------------------------------

    def _show_template(self, *_args: Any) -> None:
        key = self.template_combo.currentData()
        self._current_template = None
        self.template_edit.setPlainText(self._templates.get(key, "") if key else "")
        self._current_template = key
        if key:
            from classgroup_desktop.core.templates import placeholders

            help_text = placeholder_help()
            used = placeholders(self._defaults.get(key, ""))
            self.placeholder_label.setText(self.tr("可用占位符：") + "；".join(
                f"{{{p}}} {help_text.get(p, '')}" for p in used))

    def _template_edited(self) -> None:
        if self._current_template is not None:
            self._templates[self._current_template] = self.template_edit.toPlainText()
        self._update_preview()

    def _update_preview(self) -> None:
        from classgroup_desktop.core.templates import render

        rule = None
        try:
            from classgroup_desktop.services.log import get_rule

            rule = get_rule("宗旨-2")
        except (ImportError, UserError):
            pass
        sample = {
            "nickname": "王小明的妈妈", "suggestion": "王小明妈妈",
            "lines": "@王小明的妈妈 请改为“王小明妈妈”\n@Lily 请改为“李华妈妈”",
            "teacher": self.teacher_edit.text().strip() or "班主任",
            "class_name": self.class_name or "三年级(2)班",
            "rule_code": "宗旨-2", "rule_title": getattr(rule, "title", ""),
            "rule_text": getattr(rule, "text", ""), "detail": "",
        }
        self.preview_label.setText(render(self.template_edit.toPlainText(), **sample))

    def reset_template(self) -> None:
        key = self.template_combo.currentData()
        if key:
            self.template_edit.setPlainText(self._defaults.get(key, ""))

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
            ladder = self.ladder()
            from classgroup_desktop.core.ladder import LadderPolicy

            LadderPolicy.from_dict(ladder)  # validates before anything is written
            # Only templates that differ from the default are stored: a later improvement of
            # a default reaches every teacher who did not customise it.
            custom = {k: v for k, v in self._templates.items()
                      if v.strip() and v != self._defaults.get(k)}
            values = {
                settings.SCHOOL_NAME: self.school_edit.text().strip(),
                settings.TEACHER_NAME: self.teacher_edit.text().strip(),
                settings.MESSAGE_TEMPLATES: custom,
                settings.ESCALATION_LADDER: ladder,
            }
            if self._scope() == SCOPE_SCHOOL:
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
        return True
