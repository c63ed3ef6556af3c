"""添加学生: 姓名 (required), 学号, 性别 and one guardian."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from classgroup_desktop.ui.common import ok_cancel_buttons


class AddStudentDialog(QDialog):
    """姓名 (required), 学号, 性别 and one guardian; the service validates on OK."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addStudentDialog")
        self.setWindowTitle(self.tr("添加学生"))
        form = QFormLayout(self)
        self.name_edit = QLineEdit()
        self.no_edit = QLineEdit()
        self.gender_combo = QComboBox()
        self.gender_combo.addItems(["", self.tr("男"), self.tr("女")])
        self.relation_combo = QComboBox()
        self.relation_combo.setEditable(True)
        self.relation_combo.addItems(["", "妈妈", "爸爸", "奶奶", "爷爷", "外婆", "外公"])
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText(self.tr("11 位手机号"))
        form.addRow(self.tr("姓名*："), self.name_edit)
        form.addRow(self.tr("学号："), self.no_edit)
        form.addRow(self.tr("性别："), self.gender_combo)
        form.addRow(self.tr("家长关系："), self.relation_combo)
        form.addRow(self.tr("家长电话："), self.phone_edit)
        buttons = ok_cancel_buttons(self, self.tr("添加"))
        form.addRow(buttons)

    def values(self) -> dict[str, str | None]:
        def clean(text: str) -> str | None:
            return text.strip() or None

        return {
            "name": self.name_edit.text().strip(),
            "student_no": clean(self.no_edit.text()),
            "gender": clean(self.gender_combo.currentText()),
            "relation": clean(self.relation_combo.currentText()),
            "phone": clean(self.phone_edit.text()),
        }
