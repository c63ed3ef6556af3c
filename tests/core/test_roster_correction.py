"""按花名册校正: names read by OCR corrected to the roster's form where the model cannot have read
them right — and nowhere else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classgroup_desktop.core.policy import NamingPolicy
from classgroup_desktop.core.roster import ClassRoster, Student, Teacher, TeacherRole
from classgroup_desktop.core.roster_correction import (
    CONFUSABLE,
    compliant_forms,
    correct_to_roster,
)

ROSTER = ClassRoster(
    "三年级2班",
    students=(
        Student("赵䶮", "01"),
        Student("王芳", "02"),
        Student("李喆", "03"),
        Student("陈己", "04"),
        Student("孙䶮", "05"),
        Student("钱伟", "06", active=False),
    ),
    teachers=(Teacher("周䶮", "数学", TeacherRole.HEAD),),
)
FORMS = compliant_forms(ROSTER, NamingPolicy())
# the recogniser's dictionary: everything in these tests but the rare 䶮
KNOWN = frozenset("赵龚王芳方李喆哲陈己已孙钱伟周妈爸花开富贵张三") | frozenset("0123456789")


def test_compliant_forms_are_names_alone_and_with_allowed_relations_and_teachers():
    assert FORMS[:3] == ("赵䶮", "赵䶮爸爸", "赵䶮妈妈")
    assert "周䶮" in FORMS
    assert not any(f.startswith("钱伟") for f in FORMS)  # left the class
    wide = compliant_forms(ROSTER, NamingPolicy(relations=("爸爸", "妈妈", "外婆")))
    assert "赵䶮外婆" in wide


def fix(texts: list[str], known=KNOWN) -> list[str | None]:
    return [c.corrected if c else None for c in correct_to_roster(texts, FORMS, known)]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        pytest.param(["赵龚妈妈"], ["赵䶮妈妈"], id="a character the model cannot produce"),
        pytest.param(["赵龚"], ["赵䶮"], id="the student's name alone"),
        pytest.param(["🌸赵龚妈妈🌸"], ["🌸赵䶮妈妈🌸"], id="decorations around it are kept"),
        pytest.param(["周龚"], ["周䶮"], id="a teacher's name"),
        pytest.param(["王方妈妈"], [None], id="a producible character is a real difference"),
        pytest.param(["李哲爸爸"], [None], id="a different but producible character stays"),
        pytest.param(["陈已爸爸"], ["陈己爸爸"], id="a look-alike pair the model confuses"),
        pytest.param(["赵䶮妈妈"], [None], id="already the roster's form"),
        pytest.param(["王芳妈妈"], [None], id="already compliant"),
        pytest.param(["花开富贵"], [None], id="nothing like any name"),
        pytest.param(["龚妈妈"], [None], id="two characters away"),
        pytest.param(
            ["赵龚妈妈", "赵䶮妈妈"], [None, None], id="never into a name another member has"
        ),
        pytest.param([""], [None], id="an empty text"),
    ],
)
def test_roster_correction(texts, expected):
    assert fix(texts) == expected


def test_a_text_that_fits_two_names_is_not_corrected():
    # two students whose rare characters the model both reads as 龚
    forms = ("赵䶮", "赵𬌗")
    assert correct_to_roster(["赵龚"], forms, KNOWN) == [None]
    assert correct_to_roster(["赵龚"], forms[:1], KNOWN)[0] is not None


def test_without_the_dictionary_only_look_alike_pairs_correct():
    assert fix(["赵龚妈妈", "陈已爸爸"], known=None) == [None, "陈己爸爸"]


def test_a_correction_says_what_was_read_and_where():
    (c,) = correct_to_roster(["赵龚妈妈"], FORMS, KNOWN)
    assert c is not None
    assert (c.read, c.corrected, c.form, c.position) == ("赵龚妈妈", "赵䶮妈妈", "赵䶮妈妈", 1)


def test_look_alike_pairs_go_both_ways():
    assert all((b, a) in CONFUSABLE for a, b in CONFUSABLE)


names = st.text(alphabet="赵龚王芳李喆陈己已孙周妈爸花开张三🌸 ", min_size=0, max_size=8)


@given(st.lists(names, min_size=1, max_size=6))
def test_corrections_change_one_character_into_a_name_no_member_has(texts):
    out = correct_to_roster(texts, FORMS, KNOWN)
    assert len(out) == len(texts)
    taken = {t.strip() for t in texts}
    for text, c in zip(texts, out, strict=True):
        if c is None:
            continue
        assert c.read == text.strip()
        assert len(c.corrected) == len(c.read)
        assert sum(a != b for a, b in zip(c.read, c.corrected, strict=True)) == 1
        assert c.form in c.corrected and c.form in FORMS
        assert c.corrected not in taken
        pair = (c.read[c.position], c.corrected[c.position])
        assert pair[1] not in KNOWN or pair in CONFUSABLE
