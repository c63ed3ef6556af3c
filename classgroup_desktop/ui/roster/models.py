"""Table models over the roster service's plain results (students, teachers).

The models hold rows returned by ``services.roster``; an in-place edit goes back through the
service (which validates) and, if the service refuses, the old value stays and the error is
reported through ``edit_failed`` for the view to show.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from classgroup_desktop.core.errors import UserError
from classgroup_desktop.ui.common import RowsTableModel

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
                return "\n".join(line.guardians_text().split("；"))
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


class RowsModel(QAbstractTableModel):
    """A read-only table of text rows (file preview, warnings, change lists)."""

    def __init__(self, headers: Sequence[str] = (), parent=None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[tuple[str, ...]] = []
        self.highlight_row: int | None = None  # e.g. the detected header row
        self.dim_rows_before: int = 0  # rows above the header (titles) shown greyed
        self.first_row: int | None = None  # vertical header = spreadsheet row numbers

    def set_rows(self, rows: Sequence[Sequence[Any]], headers: Sequence[str] | None = None) -> None:
        self.beginResetModel()
        if headers is not None:
            self._headers = list(headers)
        self._rows = [tuple("" if v is None else str(v) for v in row) for row in rows]
        self.endResetModel()

    def row_values(self, row: int) -> tuple[str, ...]:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid():
            return 0
        return max([len(self._headers), *(len(r) for r in self._rows)] or [0])

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if section < len(self._headers) else ""
        return section + self.first_row if self.first_row is not None else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row[index.column()] if index.column() < len(row) else ""
        if role == Qt.ItemDataRole.BackgroundRole and index.row() == self.highlight_row:
            return QBrush(QColor("#dbe8f6"))
        if role == Qt.ItemDataRole.ForegroundRole and index.row() < self.dim_rows_before:
            return QBrush(QColor("#9a9a9a"))
        if role == Qt.ItemDataRole.FontRole and index.row() == self.highlight_row:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None


class MappingModel(QAbstractTableModel):
    """One row per spreadsheet column: 列 / 表头 / 导入为 (editable: a field key)."""

    COL_LETTER, COL_HEADER, COL_FIELD = range(3)
    HEADERS = ("列", "表头文字", "导入为")
    FIELD_ROLE = Qt.ItemDataRole.UserRole + 1

    mapping_changed = Signal()

    def __init__(self, label_of: Callable[[str], str], parent=None) -> None:
        super().__init__(parent)
        self._label_of = label_of
        self._headers_text: list[str] = []
        self._fields: list[str] = []

    def set_columns(self, header_cells: Sequence[str], mapping: dict[int, str]) -> None:
        self.beginResetModel()
        self._headers_text = list(header_cells)
        self._fields = [mapping.get(i, "ignore") for i in range(len(header_cells))]
        self.endResetModel()

    def mapping(self) -> dict[int, str]:
        return {i: f for i, f in enumerate(self._fields) if f and f != "ignore"}

    @staticmethod
    def letter(col: int) -> str:
        text = ""
        col += 1
        while col:
            col, rem = divmod(col - 1, 26)
            text = chr(65 + rem) + text
        return text

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._fields)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == self.COL_FIELD:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_LETTER:
                return self.letter(row)
            if col == self.COL_HEADER:
                return self._headers_text[row]
            return self._label_of(self._fields[row])
        if role in (Qt.ItemDataRole.EditRole, self.FIELD_ROLE) and col == self.COL_FIELD:
            return self._fields[row]
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_FIELD \
                and self._fields[row] == "ignore":
            return QBrush(QColor("#9a9a9a"))
        return None

    def setData(self, index: Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != self.COL_FIELD:
            return False
        value = str(value or "ignore")
        if self._fields[index.row()] == value:
            return False
        self._fields[index.row()] = value
        self.dataChanged.emit(index, index)
        self.mapping_changed.emit()
        return True
