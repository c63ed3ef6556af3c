"""Re-importing a roster without 学号 when two students share a name (two 张伟): they are
paired with the stored ones by their guardians' phones, then guardian names, else — same number
of 张伟 as before — in order with a warning; never marked left and added again."""

from __future__ import annotations

import pytest
from helpers.roster_files import write_xlsx
from hypothesis import given
from hypothesis import strategies as st

from classgroup_desktop.core.roster import Guardian, Student
from classgroup_desktop.services.roster import import_roster
from classgroup_desktop.services.roster_edit import list_students
from classgroup_desktop.services.roster_plan import Existing, match_students

CLASS = "三年级(2)班"
# one row per student (a long layout — one row per guardian — would read two adjacent 张伟
# rows without 学号 as one student with two guardians)
HEADER = ["学号", "姓名", "性别", "父亲姓名", "父亲电话"]
NO_NUMBER_HEADER = HEADER[1:]

FIRST = [
    [12, "张伟", "男", "张志强", 13800000001],
    [31, "张伟", "男", "张海涛", 13800000002],
    [5, "李小红", "女", "李建", 13800000003],
]


def first_import(db, tmp_path):
    import_roster(db, write_xlsx(tmp_path / "v1.xlsx", {CLASS: [HEADER, *FIRST]}))
    return {s.student_no: s.id for s in list_students(db, CLASS)}


def reimport(db, tmp_path, rows):
    path = write_xlsx(tmp_path / "v2.xlsx", {CLASS: [NO_NUMBER_HEADER, *rows]})
    return import_roster(db, path)


def zhang_wei_ids(db) -> dict[str, int]:
    """Guardian name -> student id of every active 张伟."""
    return {
        s.guardians[0].name: s.id
        for s in list_students(db, CLASS)
        if s.name == "张伟" and s.guardians
    }


ORDER_WARNING = "同名学生“张伟”无法按学号区分，已按顺序对应；请核对"


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param(
            [
                ["张伟", "男", "张海涛", 13800000002],
                ["张伟", "男", "张志强", 13800000001],
                ["李小红", "女", "李建", 13800000003],
                ["赵大勇", "男", "赵刚", 13800000004],
            ],
            id="phones decide (rows swapped)",
        ),
        pytest.param(
            [
                ["张伟", "男", "张海涛", 13900000002],
                ["张伟", "男", "张志强", 13900000001],
                ["李小红", "女", "李建", 13800000003],
                ["赵大勇", "男", "赵刚", 13800000004],
            ],
            id="guardian names decide (new phones, rows swapped)",
        ),
    ],
)
def test_guardians_tell_same_name_students_apart(db, tmp_path, rows):
    ids = first_import(db, tmp_path)
    report = reimport(db, tmp_path, rows)
    c = report.classes[0]
    assert c.added == ("赵大勇",)
    assert c.left == ()
    assert not [w for w in report.warnings if "同名学生" in w.message]
    # each 张伟 kept their own row (and with it their history) and their own guardian
    assert zhang_wei_ids(db) == {"张志强": ids["12"], "张海涛": ids["31"]}


def test_undecidable_same_name_students_are_paired_in_order_with_a_warning(db, tmp_path):
    ids = first_import(db, tmp_path)
    rows = [  # no 学号, no guardian columns filled in that match anything stored
        ["张伟", "男", None, None],
        ["张伟", "男", None, None],
        ["李小红", "女", "李建", 13800000003],
        ["赵大勇", "男", "赵刚", 13800000004],
    ]
    report = reimport(db, tmp_path, rows)
    c = report.classes[0]
    assert (c.added, c.left) == (("赵大勇",), ())
    [warning] = [w for w in report.warnings if "同名学生" in w.message]
    assert warning.message.startswith(ORDER_WARNING)
    assert "表中第 1 个（无家长信息）→ 原有的（学号 12，家长 张志强）" in warning.message
    assert "表中第 2 个（无家长信息）→ 原有的（学号 31，家长 张海涛）" in warning.message
    assert warning.sheet == CLASS
    every = list_students(db, CLASS, include_left=True)
    assert sorted(s.id for s in every if s.name == "张伟") == sorted([ids["12"], ids["31"]])
    assert all(s.active for s in every)


def test_one_zhang_wei_decided_by_phone_the_other_by_elimination(db, tmp_path):
    ids = first_import(db, tmp_path)
    rows = [
        ["张伟", "男", "王芳", 13700000009],  # new guardian: cannot be told apart
        ["张伟", "男", "张志强", 13800000001],
        ["李小红", "女", "李建", 13800000003],
    ]
    report = reimport(db, tmp_path, rows)
    c = report.classes[0]
    assert (c.added, c.left) == ((), ())
    students = {s.id: s for s in list_students(db, CLASS)}
    assert students[ids["12"]].guardians[0].name == "张志强"
    assert students[ids["31"]].guardians[0].name == "王芳"
    [warning] = [w for w in report.warnings if "同名学生" in w.message]
    assert "表中第 1 个（家长 王芳）→ 原有的（学号 31，家长 张海涛）" in warning.message


def test_a_genuinely_new_third_zhang_wei_is_added(db, tmp_path):
    ids = first_import(db, tmp_path)
    rows = [
        ["张伟", "男", "张志强", 13800000001],
        ["张伟", "男", "刘梅", 13700000007],  # the new one
        ["张伟", "男", "张海涛", 13800000002],
        ["李小红", "女", "李建", 13800000003],
    ]
    report = reimport(db, tmp_path, rows)
    c = report.classes[0]
    assert (c.added, c.updated, c.left) == (("张伟",), (), ())
    assert not [w for w in report.warnings if "同名学生" in w.message]
    got = zhang_wei_ids(db)
    assert (got["张志强"], got["张海涛"]) == (ids["12"], ids["31"])
    assert got["刘梅"] not in ids.values()


def test_fewer_zhang_wei_without_evidence_are_not_guessed(db, tmp_path):
    """One 张伟 left and nothing says which: no order pairing (the counts differ)."""
    first_import(db, tmp_path)
    rows = [
        ["张伟", "男", None, None],
        ["李小红", "女", "李建", 13800000003],
    ]
    c = reimport(db, tmp_path, rows).classes[0]
    assert len(c.left) == 2 and c.added == ("张伟",)


def test_same_name_students_with_phones_and_new_numbers_keep_their_rows(db, tmp_path):
    """学号 renumbered and the rows swapped: the phones still pair each 张伟 with themself."""
    ids = first_import(db, tmp_path)
    rows = [
        [41, "张伟", "男", "张海涛", 13800000002],
        [42, "张伟", "男", "张志强", 13800000001],
        [5, "李小红", "女", "李建", 13800000003],
    ]
    report = import_roster(db, write_xlsx(tmp_path / "v2.xlsx", {CLASS: [HEADER, *rows]}))
    c = report.classes[0]
    assert (c.added, c.left) == ((), ())
    students = {s.id: s.student_no for s in list_students(db, CLASS)}
    assert (students[ids["12"]], students[ids["31"]]) == ("42", "41")


NAMES = st.lists(st.sampled_from(["张伟", "李娜", "王芳"]), min_size=1, max_size=8)


def _stored(names: list[str]) -> list[Existing]:
    return [
        Existing(i + 1, n, str(i + 1), None, True, [(f"家长{i}", "父亲", f"1380000{i:04d}")])
        for i, n in enumerate(names)
    ]


@given(names=NAMES, order=st.randoms(use_true_random=False))
def test_shuffled_roster_without_numbers_matches_everyone_by_phone(names, order):
    stored = _stored(names)
    rows = list(range(len(names)))
    order.shuffle(rows)
    parsed = [
        Student(names[r], None, None, (Guardian(None, None, f"1380000{r:04d}"),)) for r in rows
    ]
    matches = match_students(parsed, stored)
    assert {i: ex.id for i, ex in matches.items()} == {i: r + 1 for i, r in enumerate(rows)}


@given(names=NAMES)
def test_roster_without_numbers_or_guardians_matches_namesakes_in_order(names):
    stored = _stored(names)
    by_order: list[tuple[int, Existing]] = []
    matches = match_students([Student(n) for n in names], stored, None, by_order)
    assert {i: ex.id for i, ex in matches.items()} == {i: i + 1 for i in range(len(names))}
    repeated = {n for n in names if names.count(n) > 1}
    assert {names[i] for i, _ in by_order} == repeated
