"""花名册: the class's students (with guardians) and teachers; search, edit in place with undo,
add a student, mark students as left (their history stays)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from classgroup_desktop.core.errors import UserError
from classgroup_desktop.ui.common import icon, show_error
from classgroup_desktop.ui.responsive import ResponsiveSplitter
from classgroup_desktop.ui.roster.models import (
    StudentFilter,
    StudentLine,
    StudentsModel,
    TeacherLine,
    TeachersModel,
)
from classgroup_desktop.ui.roster.student_dialog import AddStudentDialog
from classgroup_desktop.ui.roster.undo import EditCommand, MarkLeftCommand

if TYPE_CHECKING:
    # SQLAlchemy loads after the first view is filled (the start-up rows need no ORM).
    from classgroup_desktop.store.db import Database


def _roster_service():
    from classgroup_desktop.services import roster_edit

    return roster_edit


class RosterView(QWidget):
    """The roster of the selected class."""

    status_message = Signal(str)
    import_requested = Signal()

    def __init__(self, db: Database | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # None while the window shows the start-up rows (``show_rows``): nothing is editable
        # until ``attach_database``.
        self.db = db
        self.class_name: str | None = None
        self.undo_stack = QUndoStack(self)

        self.students = StudentsModel(self)
        if db is not None:
            self.students.apply_edit = self._apply_edit
        self.students.edited.connect(self._on_edited)
        self.students.edit_failed.connect(lambda exc: show_error(self, exc))
        self.proxy = StudentFilter(self)
        self.proxy.setSourceModel(self.students)
        self.teachers = TeachersModel(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        top = QHBoxLayout()
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        top.addWidget(self.title)
        self.summary = QLabel()
        self.summary.setObjectName("rosterSummary")
        top.addWidget(self.summary, 1)
        self.search = QLineEdit()
        self.search.setObjectName("rosterSearch")
        self.search.setPlaceholderText(self.tr("查找学生、家长或电话（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        top.addWidget(self.search)
        layout.addLayout(top)

        actions = QHBoxLayout()
        self.add_button = QPushButton(icon("add"), self.tr("添加学生…"))
        self.add_button.clicked.connect(self.add_student)
        self.guardians_button = QPushButton(icon("roster"), self.tr("编辑家长…"))
        self.guardians_button.setToolTip(self.tr("查看和修改所选学生的家长（也可双击“家长”一栏）"))
        self.guardians_button.clicked.connect(lambda: self.edit_guardians())
        self.leave_button = QPushButton(icon("leave"), self.tr("标记离班"))
        self.leave_button.setToolTip(self.tr("学生转学或离班：不再参与成员检查，历史记录保留"))
        self.leave_button.clicked.connect(self.mark_selected_left)
        self.import_button = QPushButton(icon("import"), self.tr("导入/更新花名册…"))
        self.import_button.clicked.connect(self.import_requested)
        self.show_left = QCheckBox(self.tr("显示已离班学生"))
        self.show_left.toggled.connect(self.proxy.set_show_left)
        for widget in (self.add_button, self.guardians_button, self.leave_button,
                       self.import_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.show_left)
        layout.addLayout(actions)

        # Narrow window: the teachers go under the students (their phones stay readable).
        splitter = ResponsiveSplitter([900, 290], [330, 210])
        self.table = QTableView()
        self.table.setObjectName("studentsTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(StudentsModel.COL_NO, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(StudentsModel.COL_GUARDIANS, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 90), (1, 120), (2, 60), (4, 80)):
            header.resizeSection(col, width)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(self._on_double_click)
        splitter.addWidget(self.table)

        teachers_box = QGroupBox(self.tr("教师"))
        box_layout = QVBoxLayout(teachers_box)
        self.teachers_table = QTableView()
        self.teachers_table.setObjectName("teachersTable")
        self.teachers_table.setModel(self.teachers)
        self.teachers_table.verticalHeader().setVisible(False)
        self.teachers_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        teacher_header = self.teachers_table.horizontalHeader()
        teacher_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        teacher_header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        teacher_header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        box_layout.addWidget(self.teachers_table)
        teacher_buttons = QHBoxLayout()
        self.add_teacher_button = QPushButton(icon("add"), self.tr("添加教师…"))
        self.add_teacher_button.clicked.connect(lambda: self.edit_teacher(None))
        self.remove_teacher_button = QPushButton(self.tr("移出本班"))
        self.remove_teacher_button.setToolTip(self.tr("教师不再任教本班（教师信息保留）"))
        self.remove_teacher_button.clicked.connect(self.remove_selected_teacher)
        teacher_buttons.addWidget(self.add_teacher_button)
        teacher_buttons.addWidget(self.remove_teacher_button)
        box_layout.addLayout(teacher_buttons)
        self.teachers_table.doubleClicked.connect(
            lambda index: self.edit_teacher(self.teachers.row_at(index.row())))
        teachers_box.setMinimumWidth(260)
        splitter.addWidget(teachers_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([900, 290])
        layout.addWidget(splitter, 1)
        self._update_buttons()

    # --- data -------------------------------------------------------------------------------

    def set_class(self, class_name: str | None) -> None:
        if class_name != self.class_name:
            self.undo_stack.clear()  # an edit belongs to the class it was made in
        self.class_name = class_name
        self.reload()

    def attach_database(self, db: Database) -> None:
        """The full database is open: edits are allowed. The window then sets the class
        (``set_class``), which reads the rows again from it."""
        self.db = db
        self.students.apply_edit = self._apply_edit

    def show_rows(self, class_name: str | None, records: Any, teachers: Any) -> None:
        """Show rows read before the database was open (``services.first_view``): the same
        rows ``reload`` reads, shown read-only until ``attach_database``."""
        self.class_name = class_name
        self._fill([StudentLine.from_record(r) for r in records],
                   [TeacherLine(t.name, t.subject, t.role.label) for t in teachers])

    def reload(self) -> None:
        """Re-read the roster of the current class from the database."""
        if self.db is None:
            return  # start-up rows shown; attach_database reads them again
        if not self.class_name:
            self._fill([], [])
            return
        try:
            students, teachers = self._load(self.class_name)
        except UserError as exc:
            show_error(self, exc)
            students, teachers = [], []
        self._fill(students, teachers)

    def _fill(self, students: list[StudentLine], teachers: list[TeacherLine]) -> None:
        # The same rows again (the full database taking over from the start-up rows, a reload
        # after an edit elsewhere) keep the selection and the scroll position.
        if students != self.students.rows():
            self.students.set_rows(students)
        if teachers != self.teachers.rows():
            self.teachers.set_rows(teachers)
        if not self.class_name:
            self.title.setText("")
            self.summary.setText("")
            self._update_buttons()
            return
        self.title.setText(self.tr("{name} 花名册").format(name=self.class_name))
        active = [s for s in students if s.active]
        without = sum(1 for s in active if not s.guardians)
        text = self.tr("在读 {n} 人，教师 {t} 人").format(n=len(active), t=len(teachers))
        if without:
            text += self.tr("，{k} 人未登记家长").format(k=without)
        left = len(students) - len(active)
        if left:
            text += self.tr("，已离班 {k} 人").format(k=left)
        self.summary.setText("  " + text)
        self._update_buttons()

    def _load(self, class_name: str) -> tuple[list[StudentLine], list[TeacherLine]]:
        service = _roster_service()
        records = service.list_students(self.db, class_name, include_left=True)
        students = [StudentLine.from_record(r) for r in records]
        teachers = [TeacherLine(t.name, t.subject, t.role.label)
                    for t in service.list_teachers(self.db, class_name)]
        return students, teachers

    # --- editing ----------------------------------------------------------------------------

    @staticmethod
    def field_label(field: str) -> str:
        return {"name": "姓名", "student_no": "学号", "gender": "性别"}.get(field, field)

    def _apply_edit(self, line: StudentLine, field: str, value: str | None) -> StudentLine:
        """Called by the model for an in-place edit; the service validates (BadInputError)."""
        assert line.id is not None
        record = _roster_service().update_student(self.db, line.id, **{field: value})
        return StudentLine.from_record(record) if record is not None else line

    def _on_edited(self, row: int, field: str, old: Any, new: Any) -> None:
        line = self.students.row_at(row)
        if line.id is not None:
            self.undo_stack.push(EditCommand(self, line.id, field, old, new))
        self.status_message.emit(self.tr("已修改 {name} 的{field}").format(
            name=line.name, field=self.field_label(field)))

    def apply_field(self, student_id: int, field: str, value: Any) -> None:
        """Used by undo/redo: set one field through the service and refresh its row."""
        row = self.students.find_row(student_id)
        if row is None:
            return
        try:
            line = self._apply_edit(self.students.row_at(row), field, value)
        except UserError as exc:
            show_error(self, exc)
            return
        self.students.replace_line(row, line)

    def selected_lines(self) -> list[StudentLine]:
        rows = {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        return [self.students.row_at(r) for r in sorted(rows)]

    def _update_buttons(self, *_args: Any) -> None:
        ready = self.db is not None
        has_class = bool(self.class_name) and ready
        self.add_button.setEnabled(has_class)
        selected = self.selected_lines() if ready else []
        self.leave_button.setEnabled(any(line.active and line.id is not None
                                         for line in selected))
        self.guardians_button.setEnabled(len(selected) == 1 and selected[0].active)
        for button in (self.import_button, self.add_teacher_button,
                       self.remove_teacher_button):
            button.setEnabled(ready)

    def add_student(self) -> AddStudentDialog | None:
        if not self.class_name:
            return None
        dialog = AddStudentDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            values = dialog.values()
            service = _roster_service()
            try:
                student = service.add_student(self.db, self.class_name, values["name"] or "",
                                              student_no=values["student_no"],
                                              gender=values["gender"])
            except UserError as exc:
                show_error(self, exc)
                return
            self.reload()
            if values["relation"] or values["phone"]:
                try:
                    service.add_guardian(self.db, student.id, relation=values["relation"],
                                         phone=values["phone"])
                except UserError as exc:
                    show_error(self, self.tr("已添加学生 {name}，但家长信息没有保存：{why}").format(
                        name=student.name, why=exc.full_message))
                    return
                self.reload()
            self.status_message.emit(self.tr("已添加学生 {name}").format(name=values["name"]))

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def mark_selected_left(self) -> QMessageBox | None:
        lines = [line for line in self.selected_lines() if line.active and line.id is not None]
        if not lines:
            return None
        names = "、".join(line.name for line in lines[:10]) + ("…" if len(lines) > 10 else "")
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("标记离班"),
                          self.tr("把 {names} 标记为已离班？\n离班学生不再参与成员检查；"
                                  "花名册和事件记录中的历史保留。").format(names=names),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self)
        box.setObjectName("markLeftDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: int) -> None:
            if button != QMessageBox.StandardButton.Yes:
                return
            self.undo_stack.push(MarkLeftCommand(self, [line.id for line in lines]))
            self.status_message.emit(self.tr("已将 {n} 名学生标记为离班").format(n=len(lines)))

        box.finished.connect(answered)
        box.open()
        return box

    def _on_double_click(self, index) -> None:
        if self.proxy.mapToSource(index).column() == StudentsModel.COL_GUARDIANS:
            self.edit_guardians(self.students.row_at(self.proxy.mapToSource(index).row()))

    def edit_guardians(self, line: StudentLine | None = None):
        """编辑家长…: the selected (or given) student's guardians in a dialog."""
        if line is None:
            selected = self.selected_lines()
            if len(selected) != 1:
                return None
            line = selected[0]
        if line.id is None or not line.active or self.db is None:
            return None
        from classgroup_desktop.ui.roster.guardians_dialog import GuardiansDialog

        dialog = GuardiansDialog(self.db, line, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: dialog.changed and self.reload())
        dialog.open()
        return dialog

    def edit_teacher(self, line: TeacherLine | None):
        """添加教师… (line None) or change a teacher's subject/role (double-click)."""
        if not self.class_name or self.db is None:
            return None
        from classgroup_desktop.ui.roster.teacher_dialog import TeacherDialog

        dialog = TeacherDialog(self, name=line.name if line else "",
                               subject=line.subject if line else None,
                               head=bool(line and line.role_label == "班主任"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            name, subject, role = dialog.values()
            try:
                _roster_service().set_teacher(self.db, self.class_name, name, subject, role)
            except UserError as exc:
                show_error(self, exc)
                return
            self.reload()
            self.status_message.emit(self.tr("已保存教师 {name}").format(name=name))

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def remove_selected_teacher(self) -> None:
        rows = {i.row() for i in self.teachers_table.selectionModel().selectedRows()}
        names = [self.teachers.row_at(r).name for r in sorted(rows)]
        try:
            for name in names:
                _roster_service().remove_teacher_role(self.db, self.class_name, name)
        except UserError as exc:
            show_error(self, exc)
        self.reload()
        if names:
            self.status_message.emit(
                self.tr("已将 {names} 移出本班").format(names="、".join(names)))

    def set_left(self, student_ids: list[int], left: bool) -> None:
        """Mark students as left (or back in class); each student is one transaction."""
        done = 0
        try:
            for student_id in student_ids:
                _roster_service().mark_student_left(self.db, student_id, left=left)
                done += 1
        except UserError as exc:
            show_error(self, exc)
        self.reload()
        if done:
            message = (self.tr("已将 {n} 名学生标记为离班（Ctrl+Z 撤销）") if left
                       else self.tr("已恢复 {n} 名学生为在读"))
            self.status_message.emit(message.format(n=done))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
