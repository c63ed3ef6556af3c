"""Acting on checked members: copy a rename reminder (teachers' ones privately) and log it, mark
clear-outs, add a log entry, confirm or revoke an identity. Each action works on the check
view's selection and calls one service; the view only wires its buttons here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QMessageBox

from classgroup_desktop.core.errors import UserError
from classgroup_desktop.ui.check.dialogs import ConfirmIdentityDialog, TeacherRemindersDialog
from classgroup_desktop.ui.check.models import identity_text
from classgroup_desktop.ui.common import show_error, show_info

if TYPE_CHECKING:
    from classgroup_desktop.ui.check.view import CheckView

CLEAR_OUT_RULE = "入群-1"
RENAME_RULE = "入群-2"
ESCALATION_RULE = "监管-3"


def _audit():
    from classgroup_desktop.services import audit

    return audit


def _log():
    from classgroup_desktop.services import log

    return log


def _messages():
    from classgroup_desktop.services import messages

    return messages


class MemberActions(QObject):
    """The bulk actions of ``view`` (a CheckView) on its selected verdicts."""

    def __init__(self, view: CheckView) -> None:
        super().__init__(view)
        self.view = view
        self.teacher_dialog: TeacherRemindersDialog | None = None  # the last one opened

    def copy_rename_reminder(self) -> str:
        """复制改名提醒: one message for the group, one @-line per selected parent needing a
        rename; teachers who must rename are never in it — their private messages are offered
        in a second dialog (私聊发给老师), each copied on its own.

        With nothing selected, every member the current filter shows is used. Returns the text
        put on the clipboard for the group ("" when only teachers need a rename).
        """
        verdicts = self.view.selected_verdicts() or self.view.visible_verdicts()
        todo = [v for v in verdicts if v.status == "rename" and v.suggestion]
        if not todo:
            show_info(self.view, self.tr("所选成员都不需要改名。"))
            return ""
        reminders = _messages().rename_reminders(todo, self.view.db)
        if reminders.group:
            QGuiApplication.clipboard().setText(reminders.group)
            parents = sum(1 for v in todo if v.identity is None or v.identity.kind != "teacher")
            self.view.status_message.emit(
                self.tr("已复制 {n} 人的改名提醒，可直接粘贴到微信群").format(n=parents))
        if reminders.teachers:
            dialog = TeacherRemindersDialog(reminders.teachers, self.view)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.finished.connect(lambda _result: self._offer_to_log_reminders(todo))
            dialog.open()
            self.teacher_dialog = dialog
        else:
            self._offer_to_log_reminders(todo)
        return reminders.group

    def _offer_to_log_reminders(self, verdicts: list[Any]) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("记录提醒"),
                          self.tr("改名提醒已复制到剪贴板（{n} 人）。\n"
                                  "发到群里后，要在事件记录中记下这次提醒吗？"
                                  "（入群-2）").format(n=len(verdicts)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          self.view)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("记录提醒"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("暂不记录"))
        box.setObjectName("logReminderDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: int) -> None:
            if button != QMessageBox.StandardButton.Yes:
                return
            if len(verdicts) == 1 and self.open_entry_dialog(verdicts[0], "reminder",
                                                             RENAME_RULE) is not None:
                return  # one member: the teacher sees (and may add to) the entry
            self.log_entries("reminder", RENAME_RULE, verdicts,
                             lambda v: self.tr("提醒改名为“{s}”").format(s=v.suggestion))

        box.finished.connect(answered)
        box.open()
        return box

    def log_entries(self, kind: str, rule: str, verdicts: list[Any], note) -> int:
        """Append one log entry per member; returns how many were written."""
        written = 0
        try:
            for verdict in verdicts:
                identity = verdict.identity.to_dict() if verdict.identity is not None else None
                _log().add_entry(self.view.db, self.view.class_name, kind, member=verdict.nickname,
                                 rule=rule, note=note(verdict), identity=identity)
                written += 1
        except UserError as exc:
            show_error(self.view, exc)
        if written:
            self.view.status_message.emit(self.tr("已在事件记录中记下 {n} 条").format(n=written))
            if kind == "clear-out":
                self.view.refresh_clear_outs()
        return written

    def open_entry_dialog(self, verdict: Any, kind: str, rule: str | None,
                          note: str | None = None) -> QDialog | None:
        """The log's AddEntryDialog pre-filled with this member (None if not installed)."""
        try:
            from classgroup_desktop.ui.log.entry_dialog import AddEntryDialog
        except ImportError:
            return None
        identity = verdict.identity.to_dict() if verdict.identity is not None else None
        dialog = AddEntryDialog(self.view.db, self.view.class_name, verdict.nickname, identity,
                                kind, rule, self.view)
        if note is None and kind == "reminder" and verdict.suggestion:
            note = self.tr("提醒改名为“{s}”").format(s=verdict.suggestion)
        if note:
            dialog.note_edit.setPlainText(note)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.entry_added.connect(lambda _entry: self.view.status_message.emit(
            self.tr("已记录：{nick}").format(nick=verdict.nickname)))
        dialog.open()
        return dialog

    def add_log_entry(self) -> QDialog | None:
        """添加记录…: a sensible kind and rule for the member's verdict."""
        verdicts = self.view.selected_verdicts()
        if len(verdicts) != 1:
            return None
        verdict = verdicts[0]
        if "impersonation" in verdict.flags:
            kind, rule = "escalation", ESCALATION_RULE
        elif verdict.status == "unknown":
            kind, rule = "clear-out", CLEAR_OUT_RULE
        elif verdict.status == "rename":
            kind, rule = "reminder", RENAME_RULE
        else:
            kind, rule = "reminder", "宗旨-2"
        dialog = self.open_entry_dialog(verdict, kind, rule)
        if dialog is None:
            show_error(self.view, self.tr("本版本未安装事件记录功能。"))
        return dialog

    def mark_clear_out(self) -> QMessageBox | None:
        """标记清退: after the teacher removed them in WeChat, log the clear-out (入群-1)."""
        verdicts = self.view.selected_verdicts()
        if not verdicts:
            return None
        names = "、".join(v.nickname for v in verdicts[:8]) + ("…" if len(verdicts) > 8 else "")
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("标记清退"),
                          self.tr("在事件记录中记下已将 {names} 清退出群？（依据 入群-1）\n"
                                  "请先在微信中把他们移出群聊。").format(names=names),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self.view)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("记录清退"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("取消"))
        box.setObjectName("clearOutDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: int) -> None:
            if button == QMessageBox.StandardButton.Yes:
                self.log_entries("clear-out", CLEAR_OUT_RULE, verdicts,
                                 lambda v: v.reason or self.tr("非本班人员"))

        box.finished.connect(answered)
        box.open()
        return box

    def confirm_identity(self) -> ConfirmIdentityDialog | None:
        """确认身份…: the teacher vouches for one member; the check is re-run."""
        verdicts = self.view.selected_verdicts()
        if len(verdicts) != 1:
            return None
        verdict = verdicts[0]
        if "confirmed" in verdict.flags:
            self.revoke_confirmation(verdict)
            return None
        guess = identity_text(verdict).replace(" ", "")
        dialog = ConfirmIdentityDialog(verdict.nickname, guess, self.view)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            try:
                _audit().confirm_identity(self.view.db, self.view.class_name, verdict.nickname,
                                          dialog.as_edit.text().strip(),
                                          dialog.reason_edit.text().strip())
            except UserError as exc:
                show_error(self.view, exc)
                return
            self.view.status_message.emit(self.tr("已确认“{nick}”的身份").format(nick=verdict.nickname))
            self.view.run_check()

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def revoke_confirmation(self, verdict: Any) -> QMessageBox:
        """撤销确认: the nickname is checked by the rule again from now on."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("撤销确认"),
                          self.tr("撤销对“{nick}”的身份确认？\n撤销后，它会重新按命名规则检查。")
                          .format(nick=verdict.nickname),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self.view)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("撤销确认"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("取消"))
        box.setObjectName("revokeDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: int) -> None:
            if button != QMessageBox.StandardButton.Yes:
                return
            try:
                _audit().revoke_confirmation(self.view.db, self.view.class_name, verdict.nickname)
            except UserError as exc:
                show_error(self.view, exc)
                return
            self.view.run_check()

        box.finished.connect(answered)
        box.open()
        return box
