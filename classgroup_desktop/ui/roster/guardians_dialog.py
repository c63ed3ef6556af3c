"""家长: one student's guardians — edit in place, add, remove (each change validated by the
roster service and written at once, so closing the dialog needs no "save")."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from classgroup_desktop.core.errors import UserError
from classgroup_desktop.store.db import Database
from classgroup_desktop.ui.common import icon, show_error
from classgroup_desktop.ui.roster.models import GuardianLine, GuardiansModel, StudentLine

RELATIONS = ("妈妈", "爸爸", "奶奶", "爷爷", "外婆", "外公", "姥姥", "姥爷", "监护人")


def _service():
    from classgroup_desktop.services import roster_edit

    return roster_edit


class GuardiansDialog(QDialog):
    """The guardians of ``student``; ``changed`` is True once anything was written."""

    def __init__(self, db: Database, student: StudentLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guardiansDialog")
        self.db = db
        self.student = student
        self.changed = False
        self.setWindowTitle(self.tr("家长 — {name}").format(name=student.name))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("双击单元格修改；电话号码在本软件中完整显示，打印和导出的报告中只显示部分数字。")))
        self.model = GuardiansModel(self)
        self.model.apply_edit = self._apply_edit
        self.model.edit_failed.connect(lambda exc: show_error(self, exc))
        self.model.set_rows(student.guardians)
        self.table = QTableView()
        self.table.setObjectName("guardiansTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)

        add_row = QHBoxLayout()
        self.relation_combo = QComboBox()
        self.relation_combo.setEditable(True)
        self.relation_combo.addItems(RELATIONS)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("家长姓名（可空）"))
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText(self.tr("手机号"))
        self.add_button = QPushButton(icon("add"), self.tr("添加"))
        self.add_button.clicked.connect(self.add_guardian)
        for widget in (self.relation_combo, self.name_edit, self.phone_edit, self.add_button):
            add_row.addWidget(widget)
        layout.addLayout(add_row)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        self.remove_button = QPushButton(self.tr("删除所选家长"))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.accept)
        layout.addWidget(buttons)

    def _apply_edit(self, line: GuardianLine, field: str, value: str | None) -> GuardianLine:
        assert line.id is not None
        info = _service().update_guardian(self.db, line.id, **{field: value})
        self.changed = True
        return GuardianLine.from_record(info)

    def add_guardian(self) -> None:
        assert self.student.id is not None
        try:
            info = _service().add_guardian(
                self.db, self.student.id,
                relation=self.relation_combo.currentText().strip() or None,
                name=self.name_edit.text().strip() or None,
                phone=self.phone_edit.text().strip() or None)
        except UserError as exc:
            show_error(self, exc)
            return
        self.changed = True
        self.model.set_rows([*self.model.rows(), GuardianLine.from_record(info)])
        self.name_edit.clear()
        self.phone_edit.clear()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        lines = self.model.rows()
        try:
            for row in rows:
                if lines[row].id is not None:
                    _service().remove_guardian(self.db, lines[row].id)
                    self.changed = True
        except UserError as exc:
            show_error(self, exc)
        keep: list[Any] = [line for r, line in enumerate(lines) if r not in rows]
        self.model.set_rows(keep)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Enter in the add row adds; it must not close the dialog.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                self.name_edit.hasFocus() or self.phone_edit.hasFocus()):
            self.add_guardian()
            return
        super().keyPressEvent(event)
