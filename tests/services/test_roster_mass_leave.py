"""A re-import that would mark more than a fifth of a class's active students (and at least 3) as
left is refused unless confirmed; and a class is matched by its key, not created again (issue 12,
cases 2 and 5)."""

from __future__ import annotations

import pytest
from helpers.roster_files import SIMPLE_HEADER, simple_rows, write_xlsx

from classgroup_desktop.core.errors import UserError
from classgroup_desktop.services.classes import list_classes
from classgroup_desktop.services.roster import MassLeaveError, import_roster
from classgroup_desktop.services.roster_edit import list_students
from classgroup_desktop.services.roster_plan import needs_leave_confirmation

CLASS = "三年级(2)班"


def _file(tmp_path, name, rows, klass=CLASS):
    return write_xlsx(tmp_path / name, {klass: [SIMPLE_HEADER, *rows]})


@pytest.mark.parametrize(
    "left, active, asks",
    [
        pytest.param(3, 14, True, id="3 of 14 is more than a fifth: asks"),
        pytest.param(3, 15, False, id="3 of 15 is exactly a fifth: goes ahead"),
        pytest.param(2, 4, False, id="2 of 4 is fewer than 3 students: goes ahead"),
        pytest.param(40, 40, True, id="the whole class: asks"),
        pytest.param(0, 0, False, id="an empty class: nothing to ask"),
    ],
)
def test_when_leaving_needs_a_yes(left, active, asks):
    assert needs_leave_confirmation(left, active) is asks


def test_truncated_file_marking_many_students_left_is_refused_and_writes_nothing(db, tmp_path):
    import_roster(db, _file(tmp_path, "full.xlsx", simple_rows(10)))
    cut = _file(tmp_path, "cut.xlsx", simple_rows(6))  # the file ends after the 6th student
    with pytest.raises(MassLeaveError) as caught:
        import_roster(db, cut)
    assert isinstance(caught.value, UserError)
    message = caught.value.full_message
    assert "cut.xlsx" in message and "10" in message and "4 人" in message
    assert "截断" in message and "--confirm-left" in message
    assert len(list_students(db, CLASS)) == 10  # nothing written

    dry = import_roster(db, cut, dry_run=True)  # a preview shows it, flagged, and never refuses
    assert dry.classes[0].left_needs_confirmation and len(dry.classes[0].left) == 4
    assert [c.loss for c in dry.changes if c.field == "状态"] == [True] * 4

    report = import_roster(db, cut, confirm_left=True)
    assert len(report.classes[0].left) == 4
    assert len(list_students(db, CLASS)) == 6


def test_a_few_students_leaving_needs_no_confirmation(db, tmp_path):
    import_roster(db, _file(tmp_path, "full.xlsx", simple_rows(10)))
    report = import_roster(db, _file(tmp_path, "less.xlsx", simple_rows(8)))
    assert len(report.classes[0].left) == 2 and not report.classes[0].left_needs_confirmation


def test_grade_spelled_out_updates_the_stored_class_instead_of_creating_one(db, tmp_path):
    import_roster(db, _file(tmp_path, "v1.xlsx", simple_rows(3), klass="三(2)班"))
    report = import_roster(db, _file(tmp_path, "v2.xlsx", simple_rows(4), klass="三年级(2)班"))
    [c] = report.classes
    assert (c.class_name, c.created, c.file_class_name) == ("三(2)班", False, "三年级(2)班")
    assert c.added == ("钱多多",) and c.left == ()
    assert [(k.name, k.students) for k in list_classes(db)] == [("三(2)班", 4)]


def test_a_truly_new_class_is_created_and_said_so(db, tmp_path):
    import_roster(db, _file(tmp_path, "v1.xlsx", simple_rows(3), klass="三(2)班"))
    report = import_roster(db, _file(tmp_path, "v2.xlsx", simple_rows(3), klass="三(3)班"))
    assert report.classes[0].created and report.classes[0].to_dict()["created"] is True
    assert sorted(k.name for k in list_classes(db)) == ["三(2)班", "三(3)班"]


def test_creating_or_renaming_to_another_spelling_of_a_class_is_refused(db):
    from classgroup_desktop.core.errors import ConflictError
    from classgroup_desktop.services.classes import create_class, update_class

    create_class(db, "三(2)班")
    create_class(db, "三(3)班")
    with pytest.raises(ConflictError, match="三\\(2\\)班.*同一个班级"):
        create_class(db, "三年级(2)班")
    with pytest.raises(ConflictError, match="同一个班级"):
        update_class(db, "三(3)班", new_name="三年级2班")
    update_class(db, "三(2)班", new_name="三年级(2)班")  # respelling a class itself is fine
    assert [c.name for c in list_classes(db)] == ["三年级(2)班", "三(3)班"]
