"""The list of members read from screenshots, as an editable Qt table model.

Nickname editable, the “…” cut mark checkable, the OCR confidence, a note and the source (file,
row, column) shown. Rows the teacher should look at get a yellow background until they have
(edited them): names read with low confidence, names corrected against the roster (按花名册校正,
the note shows what was read; ``undo_correction`` puts it back) and avatars whose name could not
be read at all. A name WeChat cut short is ticked in 截断 and shown in italics — a separate mark,
unrelated to the confidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from classgroup_desktop.core.naming import MemberInput
from classgroup_desktop.services.screens import LOW_CONFIDENCE, ScreenMember, ScreenSource

Index = QModelIndex | QPersistentModelIndex

LOW_BG = QColor("#fff1c2")


@dataclass(frozen=True)
class EditableMember:
    """One row of the list: what OCR read, and whether the teacher has looked at it."""

    member: ScreenMember
    edited: bool = False

    @property
    def needs_look(self) -> bool:
        return not self.edited and self.member.doubtful


class ScreenMembersModel(QAbstractTableModel):
    """The recognised members: nickname (editable), cut mark (checkable), confidence, source."""

    COLUMNS = ("群昵称", "截断", "识别把握", "说明", "来源")
    NICKNAME, TRUNCATED, CONFIDENCE, NOTE, SOURCE = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[EditableMember] = []

    # --- data in and out
    def set_members(self, members: Sequence[ScreenMember], *, keep_edits: bool = False) -> None:
        """Show ``members``; with ``keep_edits``, rows the teacher edited keep the edit (matched
        by where the name was read) and rows they added stay at the end — for a re-read after
        more screenshots were added."""
        old = self._rows if keep_edits else []
        edited = {r.member.source: r for r in old if r.edited and r.member.source.file}
        added = [r for r in old if r.edited and not r.member.source.file and r.member.nickname]
        self.beginResetModel()
        self._rows = [edited.get(m.source, EditableMember(m)) for m in members] + added
        self.endResetModel()

    def undo_correction(self, row: int) -> bool:
        """Put back what OCR read in a row corrected against the roster."""
        if not 0 <= row < len(self._rows):
            return False
        m = self._rows[row].member
        if m.read_as is None:
            return False
        self._rows[row] = EditableMember(replace(m, nickname=m.read_as, read_as=None), edited=True)
        self._changed(row)
        return True

    def _changed(self, row: int) -> None:
        left, right = self.index(row, 0), self.index(row, self.columnCount() - 1)
        self.dataChanged.emit(left, right)

    def member_at(self, row: int) -> ScreenMember:
        return self._rows[row].member

    def members(self) -> list[MemberInput]:
        return [r.member.to_input() for r in self._rows if r.member.nickname.strip()]

    def needs_look_count(self) -> int:
        return sum(1 for r in self._rows if r.needs_look)

    def add_blank(self) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        blank = ScreenMember("", False, 1.0, ScreenSource("", 0, 0), (0, 0, 0, 0))
        self._rows.append(EditableMember(blank, edited=True))
        self.endInsertRows()
        return row

    def remove_rows(self, rows: Sequence[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self._rows):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()

    # --- Qt model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.tr(self.COLUMNS[section])
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.NICKNAME:
            return base | Qt.ItemFlag.ItemIsEditable
        if index.column() == self.TRUNCATED:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        m, col = r.member, index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == self.NICKNAME:
                return m.nickname
            if col == self.CONFIDENCE:
                if r.edited:
                    return self.tr("已核对")
                return self.tr("无法识别") if m.unreadable else f"{m.confidence:.0%}"
            if col == self.NOTE:
                if m.read_as is not None:
                    return self.tr("按花名册校正（截图识别为“{read}”）").format(read=m.read_as)
                if m.unreadable:
                    return self.tr("请在微信中查看此成员")
                return ""
            if col == self.SOURCE:
                s = m.source
                return (
                    self.tr("{file} 第{row}行第{col}个").format(file=s.file, row=s.row, col=s.col)
                    if s.file
                    else ""
                )
            return None
        if role == Qt.ItemDataRole.CheckStateRole and col == self.TRUNCATED:
            return Qt.CheckState.Checked if m.truncated else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole and r.needs_look:
            return QBrush(LOW_BG)
        if role == Qt.ItemDataRole.FontRole and col == self.NICKNAME and (
            m.truncated or m.unreadable
        ):
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and col == self.NICKNAME and m.unreadable:
            return QBrush(QColor("#757575"))
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = []
            if m.read_as is not None and not r.edited:
                tips.append(
                    self.tr(
                        "截图识别为“{read}”；识别软件认不出花名册里的“{name}”中的字，"
                        "已按花名册校正。不对的话点“撤销校正”"
                    ).format(read=m.read_as, name=m.nickname)
                )
            elif m.unreadable and not r.edited:
                tips.append(
                    self.tr("这位成员的昵称认不出来（可能全是表情符号），请在微信中查看此成员，"
                            "双击可填写昵称")
                )
            elif r.needs_look:
                tips.append(
                    self.tr("识别把握低于 {p:.0%}，请对照截图核对").format(p=LOW_CONFIDENCE)
                )
            if m.truncated:
                tips.append(self.tr("微信把这个名字截断了（…），请在微信里看完整的群昵称"))
            return "；".join(tips) or None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        r = self._rows[index.row()]
        if index.column() == self.NICKNAME and role == Qt.ItemDataRole.EditRole:
            text = str(value).strip()
            if text == r.member.nickname:
                return False
            # "…" typed at the end keeps the cut mark; a full name typed removes it
            cut = text.endswith(("…", "...")) or (r.member.truncated and text == r.member.nickname)
            text = text.rstrip("….").rstrip() if cut else text
            self._rows[index.row()] = EditableMember(
                replace(r.member, nickname=text, truncated=cut, read_as=None, unreadable=False),
                edited=True,
            )
        elif index.column() == self.TRUNCATED and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self._rows[index.row()] = EditableMember(
                replace(r.member, truncated=checked), edited=True
            )
        else:
            return False
        self._changed(index.row())
        return True
