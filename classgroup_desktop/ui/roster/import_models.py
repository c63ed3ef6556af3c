"""Table models of the import wizard: the file preview and the column mapping."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex
LOSS_COLOR = "#a12a1c"  # the wizard's danger red: a guardian removed, a student marked left


class RowsModel(QAbstractTableModel):
    """A read-only table of text rows (file preview, warnings, change lists)."""

    def __init__(self, headers: Sequence[str] = (), parent=None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[tuple[str, ...]] = []
        self.highlight_row: int | None = None  # e.g. the detected header row
        self.dim_rows_before: int = 0  # rows above the header (titles) shown greyed
        self.first_row: int | None = None  # vertical header = spreadsheet row numbers
        self.loss_rows: set[int] = set()  # rows that lose something the database knows (red)

    def set_rows(self, rows: Sequence[Sequence[Any]], headers: Sequence[str] | None = None,
                 loss_rows: set[int] | None = None) -> None:
        self.beginResetModel()
        if headers is not None:
            self._headers = list(headers)
        self._rows = [tuple("" if v is None else str(v) for v in row) for row in rows]
        self.loss_rows = set(loss_rows or ())
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
        if index.row() in self.loss_rows:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(LOSS_COLOR))
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor("#fbeae8"))
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
