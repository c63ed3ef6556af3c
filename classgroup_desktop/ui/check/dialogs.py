"""The check view's dialogs: 确认身份 (who a member is, and why), 与上次检查比较, and the teachers'
private rename reminders (私聊发给老师)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from classgroup_desktop.core.naming import nickname_key
from classgroup_desktop.ui.common import fit_to_screen, ok_cancel_buttons


class ConfirmIdentityDialog(QDialog):
    """身份说明 + 原因 for one member the engine could not (or wrongly) place."""

    def __init__(self, nickname: str, suggestion: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirmIdentityDialog")
        self.setWindowTitle(self.tr("确认身份"))
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("确认后，该昵称在以后的检查中都视为合规，直到撤销。")))
        form.addRow(self.tr("群昵称："), QLabel(nickname))
        self.as_edit = QLineEdit(suggestion)
        self.as_edit.setPlaceholderText(self.tr("如：王小明奶奶（家委会）、学校保卫处张老师"))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("如：已电话核实，是学生奶奶，负责接送"))
        form.addRow(self.tr("身份说明*："), self.as_edit)
        form.addRow(self.tr("原因*："), self.reason_edit)
        self.buttons = ok_cancel_buttons(self, self.tr("确认身份"))
        form.addRow(self.buttons)
        self.setMinimumWidth(460)
        for edit in (self.as_edit, self.reason_edit):
            edit.textChanged.connect(self._validate)
        self._validate()

    def _validate(self) -> None:
        ok = bool(self.as_edit.text().strip() and self.reason_edit.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)


class DiffDialog(QDialog):
    """与上次检查比较: joined / left / renamed / still non-compliant."""

    SECTIONS = (("joined", "新入群"), ("left", "已退群"), ("renamed", "改了昵称"),
                ("now_compliant", "已改好"), ("still_noncompliant", "仍未合规"))

    save_requested = Signal()

    def __init__(self, diff: Any, parent: QWidget | None = None, *,
                 cleared: set[str] | frozenset[str] = frozenset(),
                 can_save: bool = False) -> None:
        super().__init__(parent)
        self.cleared = cleared
        self.setObjectName("diffDialog")
        self.setWindowTitle(self.tr("与上次检查比较"))
        layout = QVBoxLayout(self)
        header = self._header(diff)
        if header:
            layout.addWidget(QLabel(header))
        row = QGridLayout()  # two rows of sections: fits 1024 px without a scrollbar
        self.lists: dict[str, QStringListModel] = {}
        for key, title in self.SECTIONS:
            items = [self._describe(key, item) for item in getattr(diff, key, []) or []]
            box = QGroupBox(self.tr("{title}（{n}）").format(title=self.tr(title), n=len(items)))
            box_layout = QVBoxLayout(box)
            model = QStringListModel(items or [self.tr("（无）")], self)
            self.lists[key] = model
            view = QListView()
            view.setModel(model)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            box_layout.addWidget(view)
            index = len(self.lists) - 1
            row.addWidget(box, index // 3, index % 3)
        layout.addLayout(row, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        self.save_button = None
        if can_save:
            self.save_button = buttons.addButton(self.tr("保存本次检查"),
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
            self.save_button.setObjectName("diffSaveButton")
            self.save_button.setToolTip(self.tr("本次检查还没有保存：保存后供月报和下次比较"))
            self.save_button.clicked.connect(self._save)
        layout.addWidget(buttons)
        fit_to_screen(self, 860, 520)

    def _save(self) -> None:
        self.save_requested.emit()
        self.accept()

    def _header(self, diff: Any) -> str:
        def when(summary: Any) -> str:
            taken = getattr(summary, "taken_at", None)
            return taken.strftime("%Y-%m-%d %H:%M") if hasattr(taken, "strftime") else str(taken)

        old, new = getattr(diff, "from_audit", None), getattr(diff, "to_audit", None)
        if old is None or new is None:
            return ""
        if not getattr(new, "id", None):
            return self.tr("比较 {a} 保存的检查与本次检查（未保存）").format(a=when(old))
        return self.tr("比较 {a} 与 {b} 两次检查").format(a=when(old), b=when(new))

    def _describe(self, key: str, item: Any) -> str:
        if not isinstance(item, dict):
            return str(item)
        nickname = item.get("nickname") or item.get("to") or ""
        if key == "renamed":
            old = item.get("old_nickname") or item.get("from") or item.get("before") or ""
            new = item.get("new_nickname") or item.get("to") or item.get("nickname") or ""
            return f"{old} → {new}"
        suggestion = item.get("suggestion")
        if key == "still_noncompliant" and suggestion:
            return self.tr("{nick}（应改为 {s}）").format(nick=nickname, s=suggestion)
        if key == "left" and nickname_key(nickname) in self.cleared:
            return self.tr("{nick}（已清退）").format(nick=nickname)
        return nickname


class TeacherRemindersDialog(QDialog):
    """私聊发给老师: the rename reminders for teachers, one per teacher, each copied on its own —
    never part of the message the head teacher posts to the parents."""

    def __init__(self, reminders: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("teacherRemindersDialog")
        self.setWindowTitle(self.tr("私聊发给老师"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("以下老师需要改名。请分别私聊发给老师，不要发到群里："))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.copy_buttons: list[QPushButton] = []
        for reminder in reminders:
            box = QGroupBox(reminder.teacher)
            row = QHBoxLayout(box)
            text = QLabel(reminder.text)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            button = QPushButton(self.tr("复制"))
            button.setObjectName("copyTeacherReminder")
            button.clicked.connect(lambda _=False, r=reminder, b=button: self._copy(r, b))
            row.addWidget(text, 1)
            row.addWidget(button)
            layout.addWidget(box)
            self.copy_buttons.append(button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _copy(self, reminder: Any, button: QPushButton) -> None:
        QGuiApplication.clipboard().setText(reminder.text)
        for other in self.copy_buttons:
            other.setText(self.tr("复制"))
        button.setText(self.tr("已复制"))
