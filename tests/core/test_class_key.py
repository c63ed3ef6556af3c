"""``class_key``: spellings of one class are one key; different classes never share one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classgroup_desktop.core.roster import class_key

ONE = "一二三四五六七八九"


def chinese(n: int) -> str:
    """3 → 三, 10 → 十, 12 → 十二, 20 → 二十, 34 → 三十四."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else ONE[tens - 1] + "十")
    return head + (ONE[units - 1] if units else "")


@pytest.mark.parametrize(
    "a, b",
    [
        pytest.param("三(2)班", "三年级(2)班", id="grade without 年级"),
        pytest.param("三年级(2)班", "三年级2班", id="class number without brackets"),
        pytest.param("三年级(2)班", "3年级(2)班", id="grade in digits"),
        pytest.param("三年级(2)班", "三（2）班", id="full-width brackets"),
        pytest.param("三年级(2)班", "三年级二班", id="class number in Chinese"),
        pytest.param("三年级(2)班", "三年级02班", id="class number with a leading zero"),
        pytest.param("三年级(2)班", " 三年级 ( 2 ) 班 ", id="spaces"),
        pytest.param("三年级(2)班", "三年2班", id="三年2班"),
        pytest.param("三年级(2)班", "3(2)班", id="digits with brackets"),
        pytest.param("初一(2)班", "初一2班", id="junior grade, bare class number"),
        pytest.param("初一(2)班", "初中一年级(2)班", id="初中一年级"),
        pytest.param("高二(3)班", "高二3班", id="senior grade"),
        pytest.param("Class A", "class a", id="case"),
    ],
)
def test_same_class(a, b):
    assert class_key(a) == class_key(b)


@pytest.mark.parametrize(
    "a, b",
    [
        pytest.param("三(2)班", "三(3)班", id="another class number"),
        pytest.param("三(2)班", "四(2)班", id="another grade"),
        pytest.param("初一(2)班", "一年级(2)班", id="junior 1 is not primary 1"),
        pytest.param("初一(2)班", "七年级(2)班", id="初一 is not certainly 七年级 (五四制)"),
        pytest.param("高一(2)班", "十年级(2)班", id="高一 is not collapsed with 十年级"),
        pytest.param("初一(2)班", "高一(2)班", id="junior is not senior"),
        pytest.param("32班", "三(2)班", id="32班 is class 32"),
        pytest.param("高12班", "高一(2)班", id="高12班 could be class 12"),
        pytest.param("三二班", "三(2)班", id="三二班 is ambiguous"),
        pytest.param("2023级3班", "三(3)班", id="an enrolment year is not a grade"),
        pytest.param("三年级(2)班（实验班）", "三年级(2)班", id="a name with more words"),
    ],
)
def test_different_classes(a, b):
    assert class_key(a) != class_key(b)


def _spellings(grade: int, number: int) -> list[str]:
    g, n = chinese(grade), chinese(number)
    return [
        f"{g}({number})班",
        f"{g}年级({number})班",
        f"{g}年级{number}班",
        f"{grade}年级({number})班",
        f"{g}（{number}）班",
        f"{g}年级{n}班",
        f"{g}年级（{n}）班",
        f"{grade}({number})班",
    ]


@given(st.integers(1, 12), st.integers(1, 99))
def test_every_spelling_of_one_class_has_one_key(grade, number):
    keys = {class_key(s) for s in _spellings(grade, number)}
    assert len(keys) == 1


@given(st.integers(1, 12), st.integers(1, 99), st.integers(1, 12), st.integers(1, 99))
def test_two_classes_never_share_a_key(g1, n1, g2, n2):
    if (g1, n1) != (g2, n2):
        assert class_key(_spellings(g1, n1)[1]) != class_key(_spellings(g2, n2)[3])


@given(st.text(max_size=12))
def test_key_ignores_spaces_and_bracket_width(text):
    spaced = " ".join(text).replace("(", "（").replace(")", "）")
    assert class_key(spaced) == class_key(text)
