"""Table models over the roster service's plain results (students, teachers).

The models hold rows returned by ``services.roster``; an in-place edit goes back through the
service (which validates) and, if the service refuses, the old value stays and the error is
reported through ``edit_failed`` for the view to show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from classgroup_desktop.core.errors import UserError
from classgroup_desktop.ui.table_model import RowsTableModel

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class GuardianLine:
    name: str | None
    relation: str | None
    phone: str | None
    id: int | None = None

    @classmethod
    def from_record(cls, g: Any) -> GuardianLine:
        return cls(getattr(g, "name", None), getattr(g, "relation", None),
                   getattr(g, "phone", None), getattr(g, "id", None))


@dataclass(frozen=True)
class StudentLine:
    """One student as the table shows it (built from whatever the roster service returns)."""

    id: int | None
    name: str
    student_no: str | None
    gender: str | None
    guardians: tuple[GuardianLine, ...]
    active: bool

    @classmethod
    def from_record(cls, record: Any) -> StudentLine:
        guardians = tuple(GuardianLine.from_record(g)
                          for g in getattr(record, "guardians", ()) or ())
        return cls(
            id=getattr(record, "id", None),
            name=record.name,
            student_no=getattr(record, "student_no", None),
            gender=getattr(record, "gender", None),
            guardians=guardians,
            active=bool(getattr(record, "active", True)),
        )

    def guardians_text(self) -> str:
        parts = []
        for g in self.guardians:
            who = g.relation or g.name or ""
            if g.name and g.relation and g.name not in who:
                who = f"{g.relation}（{g.name}）"
            parts.append(f"{who} {g.phone}".strip() if g.phone else who)
        return "；".join(p for p in parts if p)

    def guardians_tooltip(self) -> str:
        """Every guardian on its own line (关系 姓名 电话): the cell is cut at 3 guardians."""
        lines = [" ".join(x for x in (g.relation, g.name, g.phone) if x) for g in self.guardians]
        return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class TeacherLine:
    name: str
    subject: str | None
    role_label: str


class StudentsModel(RowsTableModel):
    """学号 / 姓名 / 性别 / 家长 / 状态; 学号, 姓名 and 性别 are editable in place."""

    COL_NO, COL_NAME, COL_GENDER, COL_GUARDIANS, COL_STATUS = range(5)
    HEADERS = ("学号", "姓名", "性别", "家长（关系 电话）", "状态")
    FIELDS = {COL_NO: "student_no", COL_NAME: "name", COL_GENDER: "gender"}
    SORT_ROLE = Qt.ItemDataRole.UserRole + 1

    # (row, field, old, new) after a successful edit; (message) when the service refused one.
    edited = Signal(int, str, object, object)
    edit_failed = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # Set by the view: applies one field change through the service (raises UserError).
        self.apply_edit: Callable[[StudentLine, str, str | None], StudentLine] | None = None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base
        line = self._rows[index.row()]
        if index.column() in self.FIELDS and line.active and line.id is not None \
                and self.apply_edit is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == self.COL_NO:
                return line.student_no or ""
            if col == self.COL_NAME:
                return line.name
            if col == self.COL_GENDER:
                return line.gender or ""
            if col == self.COL_GUARDIANS:
                return line.guardians_text() or (self.tr("（未登记）") if role ==
                                                 Qt.ItemDataRole.DisplayRole else "")
            if col == self.COL_STATUS:
                return self.tr("在读") if line.active else self.tr("已离班")
        if role == self.SORT_ROLE:
            if col == self.COL_NO:
                no = line.student_no or ""
                # Numeric 学号 sort as numbers (2 before 10); others after, as text.
                return (0, int(no), "") if no.isdigit() else (1, 0, no)
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not line.active:
                return QBrush(QColor("#8a8a8a"))
            if col == self.COL_GUARDIANS and not line.guardians:
                return QBrush(QColor("#b3412e"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.COL_GUARDIANS and line.guardians:
                return line.guardians_tooltip()
            if not line.active:
                return self.tr("已离班：记录保留，不参与成员检查")
            if col in self.FIELDS:
                return self.tr("双击可修改；Ctrl+Z 撤销")
        return None

    def setData(self, index: Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.apply_edit is None:
            return False
        field = self.FIELDS.get(index.column())
        if field is None:
            return False
        line = self._rows[index.row()]
        old = getattr(line, field)
        new = str(value).strip() if value is not None else ""
        if (old or "") == new:
            return False
        try:
            updated = self.apply_edit(line, field, new or None)
        except UserError as exc:
            self.edit_failed.emit(exc)
            return False
        self.replace_line(index.row(), updated)
        self.edited.emit(index.row(), field, old, new or None)
        return True

    def replace_line(self, row: int, line: StudentLine) -> None:
        self._rows[row] = line
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def find_row(self, student_id: int | None) -> int | None:
        for row, line in enumerate(self._rows):
            if line.id == student_id:
                return row
        return None


class GuardiansModel(RowsTableModel):
    """One student's guardians: 关系 / 姓名 / 电话, each editable through the service."""

    FIELDS = ("relation", "name", "phone")
    HEADERS = ("关系", "姓名", "电话")

    edit_failed = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # Set by the dialog: applies one field change through the service (raises UserError).
        self.apply_edit: Callable[[GuardianLine, str, str | None], GuardianLine] | None = None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.isValid() else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return getattr(self._rows[index.row()], self.FIELDS[index.column()]) or ""
        return None

    def setData(self, index: Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.apply_edit is None:
            return False
        field = self.FIELDS[index.column()]
        line = self._rows[index.row()]
        new = str(value).strip() if value is not None else ""
        if (getattr(line, field) or "") == new:
            return False
        try:
            self._rows[index.row()] = self.apply_edit(line, field, new or None)
        except UserError as exc:
            self.edit_failed.emit(exc)
            return False
        self.dataChanged.emit(index, index)
        return True


class StudentFilter(QSortFilterProxyModel):
    """Search over every column; hides students who left unless asked to show them."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.show_left = False
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortRole(StudentsModel.SORT_ROLE)

    def set_show_left(self, show: bool) -> None:
        self.beginFilterChange()
        self.show_left = show
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802
        model: StudentsModel = self.sourceModel()  # type: ignore[assignment]
        if not self.show_left and not model.row_at(source_row).active:
            return False
        return super().filterAcceptsRow(source_row, source_parent)

    def lessThan(self, left, right) -> bool:  # noqa: N802
        a, b = left.data(self.sortRole()), right.data(self.sortRole())
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)


class TeachersModel(RowsTableModel):
    HEADERS = ("姓名", "任教学科", "角色")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (line.name, line.subject or "", line.role_label)[index.column()]
        if role == Qt.ItemDataRole.FontRole and line.role_label == "班主任":
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None
