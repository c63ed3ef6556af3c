"""Verdicts for what only screenshots give: an unreadable name, and a name WeChat cut right
after a class label (三(2)班韩…)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classgroup_desktop.core.naming import MemberInput, check_members
from classgroup_desktop.core.roster import ClassRoster, Student, Teacher, TeacherRole
from classgroup_desktop.core.screen_verdicts import (
    CUT_HINT,
    UNREADABLE_NICKNAME,
    UNREADABLE_REASON,
    strip_class_label,
)

ROSTER = ClassRoster(
    "三年级(2)班",
    students=tuple(
        Student(n, f"{i + 1:02d}")
        for i, n in enumerate(["韩梅梅", "王五", "王六", "李四", "欧阳娜娜", "张伟", "张伟"])
    ),
    teachers=(Teacher("李建国", "数学", TeacherRole.HEAD),),
)


def cut(visible: str):
    result = check_members(ROSTER, [MemberInput(visible + "…", truncated=True)])
    return result.verdicts[0], result


@pytest.mark.parametrize(
    ("visible", "status", "students", "relation", "suggestion"),
    [
        pytest.param("三(2)班韩", "rename", ("韩梅梅",), None, "韩梅梅",
                     id="one character after the class fits one student"),
        pytest.param("三年级（2）班 韩梅", "rename", ("韩梅梅",), None, "韩梅梅",
                     id="the class written out, full-width brackets"),
        pytest.param("3年2班韩梅梅妈", "rename", ("韩梅梅",), "妈妈", "韩梅梅妈妈",
                     id="the start of an allowed relation word"),
        pytest.param("302班欧阳", "rename", ("欧阳娜娜",), None, "欧阳娜娜",
                     id="a compound surname after a class number"),
        pytest.param("三2班王", "unknown", (), None, None,
                     id="the start of two students' names"),
        pytest.param("三2班张伟", "unknown", (), None, None,
                     id="two students with the same name"),
    ],
)
def test_a_name_cut_after_a_class_label(visible, status, students, relation, suggestion):
    v, result = cut(visible)
    assert (v.status, v.identity.students, v.identity.relation, v.suggestion) == (
        status, students, relation, suggestion)
    assert "truncated" in v.flags
    assert CUT_HINT in v.reason
    if status == "rename":
        assert students[0] not in result.students_without_guardian  # the family is reached
    else:
        assert "可能是" in v.reason  # the candidates are named


def test_several_candidates_are_named_in_the_reason():
    v, _ = cut("三2班王")
    assert "王五、王六" in v.reason
    v, _ = cut("三2班张伟")
    assert "张伟（06）、张伟（07）" in v.reason


@pytest.mark.parametrize(
    "visible",
    [
        pytest.param("三2班李", id="could be the teacher 李建国: the usual reading decides"),
        pytest.param("韩", id="no class label: one character alone says nothing"),
        pytest.param("三2班赵", id="fits nobody"),
    ],
)
def test_other_cut_names_keep_todays_reading(visible):
    v, result = cut(visible)
    assert v.status == "unknown" and CUT_HINT not in v.reason
    assert "韩梅梅" in result.students_without_guardian


def test_an_unreadable_member_is_unknown_and_counts():
    result = check_members(
        ROSTER, [MemberInput("韩梅梅妈妈"), MemberInput(UNREADABLE_NICKNAME, unreadable=True)]
    )
    v = result.verdicts[1]
    assert (v.status, v.reason, v.identity.kind) == ("unknown", UNREADABLE_REASON, None)
    assert "请在微信中查看此成员" in v.reason
    assert result.counts == {"ok": 1, "rename": 0, "unknown": 1}


@pytest.mark.parametrize(
    ("key", "rest"),
    [("三2班韩", "韩"), ("三年级2班", ""), ("初二3班李", "李"), ("2023级3班王", "王"),
     ("韩梅梅", None), ("班长韩", None)],
)
def test_class_labels_at_the_start(key, rest):
    assert strip_class_label(key) == rest


@given(st.text(alphabet="三年级班2(（)）韩梅王五六李四欧阳娜…张伟", max_size=10))
def test_cut_names_never_raise_and_always_explain(visible):
    v, _ = cut(visible)
    assert v.status in {"ok", "rename", "unknown"} and v.reason
