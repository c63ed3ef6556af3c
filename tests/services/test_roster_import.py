"""Importing and re-importing rosters into the database."""

from __future__ import annotations

from datetime import datetime

import pytest
from helpers.roster_files import SIMPLE_HEADER, simple_rows, write_xlsx
from sqlalchemy import func, select

from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.core.roster import TeacherRole
from classgroup_desktop.services.classes import list_classes, load_roster
from classgroup_desktop.services.roster import import_roster
from classgroup_desktop.services.roster_edit import list_students
from classgroup_desktop.store.models import (
    ClassGroupRow,
    GuardianRow,
    StudentRow,
    TeacherRoleRow,
    TeacherRow,
)

TABLES = (ClassGroupRow, StudentRow, GuardianRow, TeacherRow, TeacherRoleRow)


def counts(db) -> dict[str, int]:
    with db.read() as s:
        return {t.__tablename__: s.scalar(select(func.count()).select_from(t)) for t in TABLES}


def roster_file(tmp_path, rows, name="r.xlsx", teachers=None):
    sheets = {"三年级(2)班": [SIMPLE_HEADER, *rows]}
    if teachers:
        sheets["教师"] = [["教师姓名", "任教学科", "职务"], *teachers]
    return write_xlsx(tmp_path / name, sheets)


def test_first_import_creates_the_class_with_students_guardians_teachers(db, tmp_path):
    path = roster_file(
        tmp_path, simple_rows(3), teachers=[["李建国", "语文", "班主任"], ["王芳", "数学", ""]]
    )
    report = import_roster(db, path)
    assert report.to_dict() == {
        "classes": [
            {
                "class": "三年级(2)班",
                "students": 3,
                "guardians": 3,
                "teachers": 2,
                "added": 3,
                "updated": 0,
                "left": 0,
                "created": True,
                "left_needs_confirmation": False,
            }
        ],
        "warnings": [],
        "changes": [
            {"class": "三年级(2)班", "student": name, "field": "状态", "old": None,
             "new": "新增", "loss": False}
            for name in ("王小明", "李小红", "赵大勇")
        ] + [
            {"class": "三年级(2)班", "student": "教师 李建国", "field": "任教", "old": None,
             "new": "语文 班主任", "loss": False},
            {"class": "三年级(2)班", "student": "教师 王芳", "field": "任教", "old": None,
             "new": "数学 任课老师", "loss": False},
        ],
    }
    roster = load_roster(db, "三年级(2)班")
    assert [s.name for s in roster.students] == ["王小明", "李小红", "赵大勇"]
    assert roster.head_teacher.name == "李建国"
    assert roster.students[0].guardians[0].phone == "13800000001"


def test_reimport_adds_updates_and_marks_missing_students_left(db, tmp_path):
    import_roster(
        db, roster_file(tmp_path, simple_rows(4), name="v1.xlsx"), now=datetime(2025, 9, 1)
    )
    rows = simple_rows(4)
    rows[1][5] = 13999999999  # 李小红's father has a new phone
    rows[2][2] = "女"  # 赵大勇's gender corrected
    del rows[3]  # 钱多多 left
    rows.append([9, "吴堃", "男", "吴立新", "爸爸", 13800000009])
    report = import_roster(
        db, roster_file(tmp_path, rows, name="v2.xlsx"), now=datetime(2025, 10, 1)
    )
    c = report.classes[0]
    assert (c.added, c.updated, c.left) == (("吴堃",), ("李小红", "赵大勇"), ("钱多多",))
    assert c.to_dict()["students"] == 4
    every = {s.name: s for s in list_students(db, "三年级(2)班", include_left=True)}
    assert every["钱多多"].active is False and every["钱多多"].left_at == datetime(2025, 10, 1)
    assert every["李小红"].guardians[0].phone == "13999999999"
    assert every["赵大勇"].gender == "女"
    assert counts(db)["student"] == 5  # nobody deleted: history is kept


def test_same_file_twice_changes_nothing(db, tmp_path):
    path = roster_file(tmp_path, simple_rows(3), teachers=[["李建国", "语文", "班主任"]])
    import_roster(db, path)
    before = counts(db)
    c = import_roster(db, path).classes[0]
    assert (c.added, c.updated, c.left, c.created) == ((), (), (), False)
    assert counts(db) == before


def test_returning_student_is_reactivated(db, tmp_path):
    import_roster(db, roster_file(tmp_path, simple_rows(3), name="a.xlsx"))
    import_roster(db, roster_file(tmp_path, simple_rows(2), name="b.xlsx"))
    c = import_roster(db, roster_file(tmp_path, simple_rows(3), name="c.xlsx")).classes[0]
    assert c.reactivated == ("赵大勇",) and c.updated == ("赵大勇",) and c.added == ()
    assert counts(db)["student"] == 3
    assert all(s.active for s in list_students(db, "三年级(2)班"))


def test_same_name_students_are_matched_by_student_no(db, tmp_path):
    rows = [
        [12, "张伟", "男", "张志强", "爸爸", 13800000001],
        [31, "张伟", "男", "张海涛", "爸爸", 13800000002],
    ]
    import_roster(db, roster_file(tmp_path, rows, name="a.xlsx"))
    rows[1][5] = 13800000022
    c = import_roster(db, roster_file(tmp_path, rows, name="b.xlsx")).classes[0]
    assert c.updated == ("张伟（学号 31）",)
    students = list_students(db, "三年级(2)班")
    assert [(s.student_no, s.guardians[0].phone) for s in students] == [
        ("12", "13800000001"),
        ("31", "13800000022"),
    ]


def test_student_number_change_matches_by_unique_name(db, tmp_path):
    import_roster(db, roster_file(tmp_path, simple_rows(2), name="a.xlsx"))
    rows = simple_rows(2)
    rows[0][0] = 21
    c = import_roster(db, roster_file(tmp_path, rows, name="b.xlsx")).classes[0]
    assert (c.added, c.updated, c.left) == ((), ("王小明",), ())


def test_school_wide_sheet_creates_and_updates_every_class(db, tmp_path):
    header = ["班级", "学号", "姓名", "家长姓名", "关系", "手机"]
    path = write_xlsx(
        tmp_path / "school.xlsx",
        {
            "全校": [
                header,
                ["一(1)班", 1, "王小明", "王大明", "爸爸", 13800000001],
                ["一(2)班", 1, "李小红", "李强", "爸爸", 13800000002],
                ["一(2)班", 2, "赵大勇", "赵刚", "爸爸", 13800000003],
            ]
        },
    )
    report = import_roster(db, path)
    assert [(c["class"], c["students"]) for c in report.to_dict()["classes"]] == [
        ("一(1)班", 1),
        ("一(2)班", 2),
    ]
    assert [c.name for c in list_classes(db)] == ["一(1)班", "一(2)班"]


def test_full_width_and_half_width_class_names_are_the_same_class(db, tmp_path):
    import_roster(db, roster_file(tmp_path, simple_rows(2)), class_name="三年级(2)班")
    path = write_xlsx(tmp_path / "b.xlsx", {"三年级（2）班": [SIMPLE_HEADER, *simple_rows(2)]})
    assert import_roster(db, path).classes[0].created is False
    assert len(list_classes(db)) == 1


def test_teachers_matched_by_name_across_classes(db, tmp_path):
    header = ["班级", "姓名"]
    path = write_xlsx(
        tmp_path / "t.xlsx",
        {
            "学生": [header, ["1班", "王小明"], ["2班", "李小红"]],
            "教师": [
                ["班级", "教师姓名", "任教学科", "职务"],
                ["1班", "Emily Smith", "英语", ""],
                ["2班", "Emily Smith", "英语", "班主任"],
            ],
        },
    )
    import_roster(db, path)
    assert counts(db)["teacher"] == 1 and counts(db)["teacher_role"] == 2
    assert load_roster(db, "2班").head_teacher.name == "Emily Smith"
    assert load_roster(db, "1班").teachers[0].role is TeacherRole.SUBJECT


def test_teacher_dropped_from_the_teacher_sheet_loses_the_role(db, tmp_path):
    import_roster(
        db,
        roster_file(
            tmp_path, simple_rows(1), "a.xlsx", [["李建国", "语文", "班主任"], ["王芳", "数学", ""]]
        ),
    )
    report = import_roster(
        db, roster_file(tmp_path, simple_rows(1), "b.xlsx", [["李建国", "语文", "班主任"]])
    )
    assert [t.name for t in load_roster(db, "三年级(2)班").teachers] == ["李建国"]
    assert counts(db)["teacher"] == 2  # the teacher stays known to the school
    assert [(c.student, c.field, c.old, c.new, c.loss) for c in report.changes] == [
        ("教师 王芳", "任教", "数学 任课老师", None, True)  # the dropped role is listed
    ]


def test_file_without_guardian_columns_keeps_stored_guardians(db, tmp_path):
    import_roster(db, roster_file(tmp_path, simple_rows(2)))
    path = write_xlsx(
        tmp_path / "names.xlsx", {"三年级(2)班": [["学号", "姓名"], [1, "王小明"], [2, "李小红"]]}
    )
    c = import_roster(db, path).classes[0]
    assert c.updated == () and c.guardians == 2
    assert counts(db)["guardian"] == 2


def test_dry_run_reports_the_same_and_writes_nothing(db, tmp_path):
    import_roster(db, roster_file(tmp_path, simple_rows(3), name="a.xlsx"))
    before = counts(db)
    path = roster_file(
        tmp_path, simple_rows(2) + [[9, "吴堃", "男", "吴立新", "爸爸", 13800000009]], name="b.xlsx"
    )
    preview = import_roster(db, path, dry_run=True)
    assert counts(db) == before
    assert [s.name for s in list_students(db, "三年级(2)班")] == ["王小明", "李小红", "赵大勇"]
    real = import_roster(db, path)
    assert preview.to_dict() == real.to_dict()
    assert (real.classes[0].added, real.classes[0].left) == (("吴堃",), ("赵大勇",))


def test_class_is_required_when_the_file_does_not_name_it(db, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {"Sheet1": [SIMPLE_HEADER, *simple_rows(1)]})
    with pytest.raises(BadInputError, match="--class"):
        import_roster(db, path)
    assert counts(db)["class_group"] == 0
    assert import_roster(db, path, class_name="一班").classes[0].class_name == "一班"


def test_unknown_class_in_school_wide_file_is_refused(db, tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx", {"S": [["班级", "姓名"], ["1班", "王小明"], ["2班", "李小红"]]}
    )
    with pytest.raises(BadInputError, match="没有“3班”"):
        import_roster(db, path, class_name="3班")


def test_import_failing_midway_leaves_the_database_as_before(db, tmp_path, monkeypatch):
    import_roster(db, roster_file(tmp_path, simple_rows(2), name="a.xlsx"))
    before = counts(db)
    from classgroup_desktop.services import roster as roster_service

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(roster_service._Importer, "_apply_teachers", boom)
    with pytest.raises(RuntimeError):
        import_roster(db, roster_file(tmp_path, simple_rows(5), name="b.xlsx"))
    assert counts(db) == before


def test_warnings_are_reported_with_sheet_and_row(db, tmp_path):
    path = roster_file(tmp_path, [*simple_rows(2), [None, "备注：借读生另表"]])
    report = import_roster(db, path)
    assert report.to_dict()["warnings"] == [
        {
            "sheet": "三年级(2)班",
            "row": 4,
            "message": "“备注：借读生另表”不像学生姓名，未作为学生导入。",
        }
    ]


def test_new_students_get_the_right_guardians_even_if_id_readback_fails(db, tmp_path, monkeypatch):
    """The fast path reads new ids back; if they do not line up, the slow path must be exact."""
    from classgroup_desktop.services import roster as roster_service

    real = roster_service.bulk_insert
    calls = []

    def shuffled(s, table, names, rows):
        calls.append(table.name)
        if table.name == "student":
            rows = list(reversed(rows))  # ids no longer follow the file order
        real(s, table, names, rows)

    monkeypatch.setattr(roster_service, "bulk_insert", shuffled)
    import_roster(db, roster_file(tmp_path, simple_rows(3)))
    assert calls == ["student", "guardian"]
    assert counts(db)["student"] == 3
    for st in list_students(db, "三年级(2)班"):
        assert st.guardians[0].name == f"{st.name[0]}爸爸"
