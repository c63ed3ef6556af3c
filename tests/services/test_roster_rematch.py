"""Re-importing a roster where a 学号 now belongs to someone else: a wholly different name under
the same 学号 is a new student (the old one leaves), a corrected spelling stays an update."""

from __future__ import annotations

import pytest
from helpers.roster_files import SIMPLE_HEADER, write_xlsx

from classgroup_desktop.services.roster import import_roster
from classgroup_desktop.services.roster_edit import list_students

CLASS = "三年级(2)班"


def roster(tmp_path, name, rows):
    return write_xlsx(tmp_path / name, {CLASS: [SIMPLE_HEADER, *rows]})


FIRST = [
    [1, "张三", "男", "张志强", "爸爸", 13800000001],
    [2, "王一", "女", "王建", "爸爸", 13800000002],
]


@pytest.mark.parametrize(
    "old, new, updated",
    [
        pytest.param("张三", "张叁", True, id="张三→张叁 corrected (shares 张)"),
        pytest.param("王一", "王一一", True, id="王一→王一一 completed"),
        pytest.param("张三", "章三", True, id="张三→章三 (shares 三)"),
        pytest.param("张三", "赵六", False, id="张三→赵六 another student"),
        pytest.param("王一", "李四", False, id="王一→李四 another student"),
    ],
)
def test_same_student_no_with_another_name(db, tmp_path, old, new, updated):
    import_roster(db, roster(tmp_path, "v1.xlsx", FIRST))
    rows = [list(r) for r in FIRST]
    row = next(r for r in rows if r[1] == old)
    row[1], row[2] = new, None  # no gender in the new file: an update keeps the stored one
    report = import_roster(db, roster(tmp_path, "v2.xlsx", rows))
    c = report.classes[0]
    every = {s.name: s for s in list_students(db, CLASS, include_left=True)}
    no = row[0]
    if updated:
        assert (c.added, c.updated, c.left) == ((), (new,), ())
        assert old not in every and every[new].active
        assert every[new].gender == {"张三": "男", "王一": "女"}[old]
        assert not [w for w in report.warnings if "按新学生处理" in w.message]
    else:
        assert (c.added, c.updated, c.left) == ((new,), (), (old,))
        assert every[old].active is False and every[old].left_at is not None
        assert every[new].active and every[new].gender is None  # nothing inherited from old
        assert every[new].student_no == str(no)
        [warning] = report.warnings
        assert warning.message == (
            f"学号 {no} 原为“{old}”，现为“{new}”：按新学生处理，{old}标记为离班；"
            "如是改名请在花名册中手动修改。"
        )
        assert warning.sheet == CLASS


def test_the_dry_run_warns_the_same_and_writes_nothing(db, tmp_path):
    import_roster(db, roster(tmp_path, "v1.xlsx", FIRST))
    rows = [list(r) for r in FIRST]
    rows[0][1] = "赵六"
    report = import_roster(db, roster(tmp_path, "v2.xlsx", rows), dry_run=True)
    assert report.classes[0].left == ("张三",) and report.classes[0].added == ("赵六",)
    assert any("按新学生处理" in w.message for w in report.warnings)
    assert [s.name for s in list_students(db, CLASS)] == ["张三", "王一"]
