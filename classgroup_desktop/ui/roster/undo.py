"""Undo for roster edits: cheap because undo re-applies the old value through the service."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from classgroup_desktop.ui.roster.view import RosterView


class EditCommand(QUndoCommand):
    """Undo/redo of one in-place edit: re-applies the old/new value through the service."""

    def __init__(self, view: RosterView, student_id: int, field: str, old: Any, new: Any) -> None:
        super().__init__(view.tr("修改{field}").format(field=view.field_label(field)))
        self.view, self.student_id, self.field, self.old, self.new = (
            view, student_id, field, old, new)
        self._first = True  # the edit was already applied when the command is pushed

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.view.apply_field(self.student_id, self.field, self.new)

    def undo(self) -> None:
        self.view.apply_field(self.student_id, self.field, self.old)


class MarkLeftCommand(QUndoCommand):
    """标记离班 as an undoable step (undo = the students are active again)."""

    def __init__(self, view: RosterView, student_ids: list[int]) -> None:
        super().__init__(view.tr("标记离班"))
        self.view, self.student_ids = view, student_ids

    def redo(self) -> None:
        self.view.set_left(self.student_ids, True)

    def undo(self) -> None:
        self.view.set_left(self.student_ids, False)
