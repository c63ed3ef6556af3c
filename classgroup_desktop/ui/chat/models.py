"""Qt models of the 群聊巡查 view: the reviewed messages and the filter by rule."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from classgroup_desktop.core.chat_review import ReviewedMessage
from classgroup_desktop.core.phone import mask_phones_in
from classgroup_desktop.ui.table_model import Index, RowsTableModel

EVENT_LABELS = {"invite": "邀请入群", "qr_join": "扫码入群", "removed": "移出群聊",
                "left": "退出群聊", "recall": "撤回消息", "rename_group": "修改群名"}
FLAGGED_BRUSH = QBrush(QColor("#fde2e1"))
EVENT_BRUSH = QBrush(QColor("#eef3f8"))
# Filter values besides a rule code.
FILTER_ALL = ""
FILTER_FLAGGED = "*flagged"
FILTER_EVENTS = "*events"


def identity_text(identity: dict[str, Any], sender_flags: tuple[str, ...] = ()) -> str:
    """“老师 李建国”, “张三 妈妈”, “班主任本人”, “身份不明”, or “疑似冒充老师”."""
    kind = identity.get("kind")
    if "impersonation" in sender_flags:
        return "疑似冒充老师"
    if kind == "teacher-self":
        text = "班主任本人"
    elif kind == "teacher":
        text = f"老师 {identity.get('teacher') or ''}".strip()
    elif kind == "parent":
        students = "、".join(identity.get("students") or [])
        text = f"{students} {identity.get('relation') or '家长'}".strip()
    else:
        text = "身份不明"
    return text


class ChatMessagesModel(RowsTableModel):
    """One row per message of the review (``ReviewedMessage``)."""

    HEADERS = ("序号", "时间", "发送人", "内容", "规则")
    COL_SENDER = 2
    COL_TEXT = 3
    COL_RULES = 4

    def message_at(self, row: int) -> ReviewedMessage:
        return self.row_at(row)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        rm: ReviewedMessage = self.row_at(index.row())
        m = rm.message
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return m.position
            if col == 1:
                return f"{m.time:%m-%d %H:%M}" if m.time else ""
            if col == 2:
                if m.kind == "system":
                    label = EVENT_LABELS.get(m.event.type, "") if m.event else ""
                    return self.tr("系统") + (f"·{self.tr(label)}" if label else "")
                return mask_phones_in(m.sender or "") if m.sender else self.tr("（我）")
            if col == 3:
                return mask_phones_in(m.text.replace("\n", " "))
            if col == 4:
                return " ".join(rm.rules)
        if role == Qt.ItemDataRole.ToolTipRole and col == 2 and m.kind == "text":
            return identity_text(rm.identity, rm.sender_flags)
        if role == Qt.ItemDataRole.ToolTipRole and col == 3:
            return mask_phones_in(m.text)
        if role == Qt.ItemDataRole.ToolTipRole and col == 4 and rm.flags:
            return "\n".join(f"{f.rule}：{f.reason}（{'、'.join(f.words)}）" for f in rm.flags)
        if role == Qt.ItemDataRole.BackgroundRole:
            if rm.flags:
                return FLAGGED_BRUSH
            if m.kind == "system":
                return EVENT_BRUSH
        if role == Qt.ItemDataRole.ForegroundRole and col == 4 and rm.flags:
            return QBrush(QColor("#b3261e"))
        if role == Qt.ItemDataRole.UserRole:
            return rm
        return None


class ChatFilterProxy(QSortFilterProxyModel):
    """Shows all messages, the flagged ones, the system events, or those citing one rule;
    the search text matches sender or content."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.mode = FILTER_ALL
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def set_mode(self, mode: str) -> None:
        self.beginFilterChange()
        self.mode = mode
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int,  # noqa: N802
                         parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        rm: ReviewedMessage = model.row_at(row)  # type: ignore[attr-defined]
        if self.mode == FILTER_FLAGGED and not rm.flags:
            return False
        if self.mode == FILTER_EVENTS and rm.message.kind != "system":
            return False
        if self.mode and not self.mode.startswith("*") and self.mode not in rm.rules:
            return False
        return super().filterAcceptsRow(row, parent)
