"""教师: give a teacher a role in the class (班主任 / 任课老师, subject) — add or change."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from classgroup_desktop.ui.common import ok_cancel_buttons

SUBJECTS = ("语文", "数学", "英语", "科学", "道德与法治", "音乐", "美术", "体育", "信息技术")


class TeacherDialog(QDialog):
    """姓名, 任教学科, 角色; the roster service validates on OK (the caller applies it)."""

    def __init__(self, parent: QWidget | None = None, *, name: str = "",
                 subject: str | None = None, head: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("teacherDialog")
        self.setWindowTitle(self.tr("修改教师") if name else self.tr("添加教师"))
        form = QFormLayout(self)
        self.name_edit = QLineEdit(name)
        self.name_edit.setReadOnly(bool(name))  # renaming a teacher is not a role change
        self.subject_combo = QComboBox()
        self.subject_combo.setEditable(True)
        self.subject_combo.addItems(["", *SUBJECTS])
        self.subject_combo.setCurrentText(subject or "")
        self.role_combo = QComboBox()
        self.role_combo.addItem(self.tr("任课老师"), "subject")
        self.role_combo.addItem(self.tr("班主任"), "head")
        self.role_combo.setCurrentIndex(1 if head else 0)
        form.addRow(self.tr("姓名*："), self.name_edit)
        form.addRow(self.tr("任教学科："), self.subject_combo)
        form.addRow(self.tr("角色："), self.role_combo)
        buttons = ok_cancel_buttons(self, self.tr("保存"))
        form.addRow(buttons)

    def values(self) -> tuple[str, str | None, str]:
        return (self.name_edit.text().strip(), self.subject_combo.currentText().strip() or None,
                self.role_combo.currentData())
