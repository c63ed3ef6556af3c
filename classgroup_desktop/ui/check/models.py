"""The check result as a Qt table: one row per member verdict, coloured by status, filtered by
the buttons above it (全部 / 合规 / 需改名 / 身份不明 / 风险), flags painted as small badges."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from classgroup_desktop.ui.table_model import RowsTableModel

Index = QModelIndex | QPersistentModelIndex

STATUS_LABELS = {"ok": "合规", "rename": "需改名", "unknown": "身份不明"}
STATUS_BACKGROUNDS = {"ok": "#eaf6ec", "rename": "#fff3dc", "unknown": "#fde8e6"}
STATUS_FOREGROUNDS = {"ok": "#1e6b3a", "rename": "#8a5a00", "unknown": "#a12a1c"}
# flag -> (label, background, text colour)
FLAG_BADGES = {
    "impersonation": ("疑似冒充", "#c62828", "#ffffff"),
    "duplicate": ("重复", "#ef6c00", "#ffffff"),
    "ambiguous": ("同名歧义", "#6a1b9a", "#ffffff"),
    "confirmed": ("已确认", "#2e7d32", "#ffffff"),
    "truncated": ("截断", "#546e7a", "#ffffff"),
    "guardian": ("家长本名", "#00796b", "#ffffff"),
    "phrase": ("可能是词语", "#8d6e63", "#ffffff"),
}
RISK_FLAGS = frozenset({"impersonation", "duplicate", "ambiguous"})
FILTERS = ("all", "ok", "rename", "unknown", "risk")
FILTER_LABELS = {"all": "全部", "ok": "合规", "rename": "需改名", "unknown": "身份不明",
                 "risk": "风险"}

VERDICT_ROLE = Qt.ItemDataRole.UserRole + 1
FLAGS_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3


def is_risk(verdict: Any) -> bool:
    return bool(RISK_FLAGS.intersection(verdict.flags))


def matches_filter(verdict: Any, mode: str) -> bool:
    if mode == "all":
        return True
    if mode == "risk":
        return is_risk(verdict)
    return verdict.status == mode


def filter_counts(verdicts: Sequence[Any]) -> dict[str, int]:
    """How many verdicts each filter button shows."""
    return {mode: sum(1 for v in verdicts if matches_filter(v, mode)) for mode in FILTERS}


def identity_text(verdict: Any) -> str:
    """The identity in a teacher's words: 王小明 妈妈 / 教师 李建国 / 王一一、王二二 妈妈."""
    identity = verdict.identity
    if identity is None or identity.kind is None:
        return ""
    if identity.kind == "teacher":
        return f"教师 {identity.teacher or ''}".strip()
    students = "、".join(identity.students)
    return f"{students} {identity.relation or ''}".strip()


class CheckResultModel(RowsTableModel):
    COL_POS, COL_NICK, COL_STATUS, COL_IDENTITY, COL_SUGGESTION, COL_FLAGS, COL_REASON = range(7)
    HEADERS = ("序号", "群昵称", "状态", "对应身份", "建议改为", "标记", "说明")

    cleared: frozenset[str] = frozenset()  # nickname keys logged as cleared out

    def set_verdicts(self, verdicts: Sequence[Any]) -> None:
        self.set_rows(verdicts)

    def set_cleared(self, keys: set[str]) -> None:
        """Members marked 标记清退 who are still in the list show 待清退."""
        self.cleared = frozenset(keys)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, self.COL_STATUS),
                                  self.index(self.rowCount() - 1, self.COL_STATUS))

    def is_cleared(self, verdict: Any) -> bool:
        return verdict.normalized in self.cleared

    def verdicts(self) -> list[Any]:
        return self.rows()

    def verdict_at(self, row: int) -> Any:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        verdict = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_POS:
                return verdict.position
            if col == self.COL_NICK:
                return verdict.nickname
            if col == self.COL_STATUS:
                if self.is_cleared(verdict):
                    return self.tr("待清退")
                return self.tr(STATUS_LABELS.get(verdict.status, verdict.status))
            if col == self.COL_IDENTITY:
                return identity_text(verdict)
            if col == self.COL_SUGGESTION:
                return verdict.suggestion or ""
            if col == self.COL_FLAGS:
                # Text form (copy, search, accessibility); the delegate paints badges.
                return " ".join(self.tr(FLAG_BADGES[f][0]) for f in verdict.flags
                                if f in FLAG_BADGES)
            if col == self.COL_REASON:
                return verdict.reason
        if role == SORT_ROLE:
            if col == self.COL_POS:
                return verdict.position
            if col == self.COL_STATUS:
                return ("unknown", "rename", "ok").index(verdict.status) \
                    if verdict.status in STATUS_LABELS else 9
            if col == self.COL_FLAGS:
                return -len(verdict.flags)
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = STATUS_BACKGROUNDS.get(verdict.status)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.COL_STATUS:
                return QBrush(QColor(STATUS_FOREGROUNDS.get(verdict.status, "#000000")))
            return QBrush(QColor("#202020"))
        if role == Qt.ItemDataRole.FontRole and col in (self.COL_STATUS, self.COL_SUGGESTION):
            font = QApplication.font()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            # Cells are cut to the column width: the tooltip carries the full text.
            if col == self.COL_SUGGESTION and verdict.suggestion:
                return self.tr("建议改为：{s}").format(s=verdict.suggestion) + "\n" + verdict.reason
            if col == self.COL_NICK:
                return verdict.nickname + "\n" + verdict.reason
            return verdict.reason
        if role == VERDICT_ROLE:
            return verdict
        if role == FLAGS_ROLE:
            return tuple(verdict.flags)
        return None


class CheckFilterProxy(QSortFilterProxyModel):
    """Status/risk filter plus free-text search (Ctrl+F) over every column."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.mode = "all"
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortRole(SORT_ROLE)

    def set_mode(self, mode: str) -> None:
        self.beginFilterChange()
        self.mode = mode
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802
        model: CheckResultModel = self.sourceModel()  # type: ignore[assignment]
        if not matches_filter(model.verdict_at(source_row), self.mode):
            return False
        return super().filterAcceptsRow(source_row, source_parent)


class FlagBadgeDelegate(QStyledItemDelegate):
    """Paints a verdict's flags as small rounded labels (重复 / 同名歧义 / 疑似冒充 …)."""

    PAD_X, PAD_Y, GAP = 6, 2, 4

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        flags = index.data(FLAGS_ROLE) or ()
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if not flags:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QApplication.font()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        height = metrics.height() + 2 * self.PAD_Y
        x = option.rect.x() + 4
        y = option.rect.y() + (option.rect.height() - height) / 2
        for flag in flags:
            label, background, foreground = FLAG_BADGES.get(flag, (flag, "#757575", "#ffffff"))
            label = self.parent().tr(label) if self.parent() else label
            width = metrics.horizontalAdvance(label) + 2 * self.PAD_X
            if x + width > option.rect.right():
                break
            rect = QRectF(x, y, width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(background))
            painter.drawRoundedRect(rect, height / 2, height / 2)
            painter.setPen(QColor(foreground))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
            x += width + self.GAP
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        flags = index.data(FLAGS_ROLE) or ()
        font = QApplication.font()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        metrics = QFontMetrics(font)
        width = sum(metrics.horizontalAdvance(FLAG_BADGES.get(f, (f,))[0]) + 2 * self.PAD_X
                    + self.GAP for f in flags) + 8
        base = super().sizeHint(option, index)
        return QSize(max(width, 60), max(base.height(), metrics.height() + 8))
