"""花名册 view: the demo class's students, search, edit in place with validation and undo,
mark left (history kept) with undo, add a student."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from classgroup_desktop.services.roster_edit import list_students
from classgroup_desktop.ui.roster.models import StudentsModel
from classgroup_desktop.ui.roster.view import RosterView

from .conftest import wait_dialog

CLASS = "三年级(2)班"


def _view(qtbot, db) -> RosterView:
    view = RosterView(db)
    qtbot.addWidget(view)
    view.set_class(CLASS)
    return view


def _row_of(view: RosterView, name: str) -> int:
    return next(r for r, line in enumerate(view.students.rows()) if line.name == name)


def _db_student(db, name: str):
    return next(s for s in list_students(db, CLASS, include_left=True) if s.name == name)


def test_roster_shows_every_active_student_and_the_teachers(qtbot, demo_db):
    view = _view(qtbot, demo_db)
    active = list_students(demo_db, CLASS)
    assert view.proxy.rowCount() == len(active)
    assert view.teachers.rowCount() >= 1
    assert "班主任" in {view.teachers.index(r, 2).data() for r in range(view.teachers.rowCount())}
    assert str(len(active)) in view.summary.text()


def test_search_filters_by_name_and_by_guardian_phone(qtbot, demo_db):
    view = _view(qtbot, demo_db)
    student = list_students(demo_db, CLASS)[3]
    view.search.setText(student.name)
    assert view.proxy.rowCount() >= 1
    names = {view.proxy.index(r, StudentsModel.COL_NAME).data()
             for r in range(view.proxy.rowCount())}
    assert student.name in names
    phone = next(g.phone for s in list_students(demo_db, CLASS) for g in s.guardians if g.phone)
    view.search.setText(phone)
    assert view.proxy.rowCount() >= 1


def test_in_place_edit_goes_to_the_database_and_undo_restores_it(qtbot, demo_db):
    view = _view(qtbot, demo_db)
    original = list_students(demo_db, CLASS)[0]
    row = _row_of(view, original.name)
    index = view.students.index(row, StudentsModel.COL_NAME)
    assert view.students.setData(index, "钱多多")
    assert _db_student(demo_db, "钱多多").id == original.id
    assert view.undo_stack.canUndo()
    view.undo_stack.undo()
    assert _db_student(demo_db, original.name).id == original.id
    assert view.students.row_at(row).name == original.name
    view.undo_stack.redo()
    assert _db_student(demo_db, "钱多多").id == original.id


def test_bad_edit_shows_a_chinese_dialog_and_keeps_the_old_value(qtbot, demo_db):
    view = _view(qtbot, demo_db)
    original = list_students(demo_db, CLASS)[0]
    row = _row_of(view, original.name)
    assert not view.students.setData(view.students.index(row, StudentsModel.COL_NAME), "12345")
    box = wait_dialog(qtbot, "errorDialog")
    assert isinstance(box, QMessageBox) and "12345" in box.text()
    assert view.students.row_at(row).name == original.name
    assert _db_student(demo_db, original.name).name == original.name
    assert not view.undo_stack.canUndo()


def test_mark_left_hides_the_student_keeps_the_row_and_can_be_undone(qtbot, demo_db):
    view = _view(qtbot, demo_db)
    target = list_students(demo_db, CLASS)[1]
    before = view.proxy.rowCount()
    proxy_row = next(r for r in range(view.proxy.rowCount())
                     if view.proxy.index(r, StudentsModel.COL_NAME).data() == target.name)
    view.table.selectRow(proxy_row)
    box = view.mark_selected_left()
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: view.proxy.rowCount() == before - 1)
    assert _db_student(demo_db, target.name).active is False
    view.show_left.setChecked(True)
    assert view.proxy.rowCount() == before  # history kept, shown on demand
    view.undo_stack.undo()
    assert _db_student(demo_db, target.name).active is True


def test_add_student_dialog_adds_the_student_with_a_guardian(qtbot, demo_db):
    view = _view(qtbot, demo_db)
    dialog = view.add_student()
    dialog.name_edit.setText("钟灵秀")
    dialog.no_edit.setText("99")
    dialog.relation_combo.setCurrentText("妈妈")
    dialog.phone_edit.setText("13912345678")
    dialog.accept()
    added = _db_student(demo_db, "钟灵秀")
    assert added.student_no == "99"
    assert [(g.relation, g.phone) for g in added.guardians] == [("妈妈", "13912345678")]
    assert "钟灵秀" in {line.name for line in view.students.rows()}


def test_double_click_editing_is_offered_only_on_editable_columns(qtbot, demo_db):
    view = _view(qtbot, demo_db)
    flags = view.students.flags(view.students.index(0, StudentsModel.COL_NAME))
    assert flags & Qt.ItemFlag.ItemIsEditable
    flags = view.students.flags(view.students.index(0, StudentsModel.COL_STATUS))
    assert not flags & Qt.ItemFlag.ItemIsEditable


def test_guardians_dialog_edits_adds_and_removes_with_validation(qtbot, demo_db):
    from classgroup_desktop.ui.roster.models import GuardiansModel

    view = _view(qtbot, demo_db)
    student = next(s for s in list_students(demo_db, CLASS) if s.guardians)
    row = _row_of(view, student.name)
    dialog = view.edit_guardians(view.students.row_at(row))
    model = dialog.model
    phone_col = GuardiansModel.FIELDS.index("phone")
    assert not model.setData(model.index(0, phone_col), "12")  # not a phone number
    wait_dialog(qtbot, "errorDialog").close()
    assert model.setData(model.index(0, phone_col), "13987654321")
    dialog.relation_combo.setCurrentText("奶奶")
    dialog.phone_edit.setText("13611112222")
    dialog.add_guardian()
    assert model.rowCount() == len(student.guardians) + 1
    dialog.table.selectRow(0)
    dialog.remove_selected()
    dialog.accept()
    stored = _db_student(demo_db, student.name)
    phones = {g.phone for g in stored.guardians}
    assert "13611112222" in phones and "13987654321" not in phones  # edited, then removed
    assert len(stored.guardians) == len(student.guardians)
    line = next(x for x in view.students.rows() if x.id == student.id)
    assert "13611112222" in line.guardians_text()  # the roster view reloaded


def test_add_a_teacher_make_them_head_teacher_and_remove_them(qtbot, demo_db):
    from classgroup_desktop.services.roster_edit import list_teachers

    view = _view(qtbot, demo_db)
    dialog = view.edit_teacher(None)
    dialog.name_edit.setText("钱学敏")
    dialog.subject_combo.setCurrentText("美术")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("head"))
    dialog.accept()
    teachers = {t.name: t for t in list_teachers(demo_db, CLASS)}
    assert teachers["钱学敏"].role.label == "班主任" and teachers["钱学敏"].subject == "美术"
    assert sum(1 for t in teachers.values() if t.role.label == "班主任") == 1
    row = next(r for r in range(view.teachers.rowCount())
               if view.teachers.row_at(r).name == "钱学敏")
    view.teachers_table.selectRow(row)
    view.remove_selected_teacher()
    assert "钱学敏" not in {t.name for t in list_teachers(demo_db, CLASS)}
