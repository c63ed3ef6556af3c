"""What the roster knows beyond the students' names: guardians' own names, compound surnames —
and how much a student's name inside an everyday phrase is worth (高山流水 is not 高山's family).

The phrase cases use jieba's real dictionary (io.word_dictionary), as the app does.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classgroup_desktop.core.naming import check_members
from classgroup_desktop.core.phrase_evidence import phrase_word
from classgroup_desktop.core.policy import DEFAULT_RELATIONS, NOTICE_RELATIONS, NamingPolicy
from classgroup_desktop.core.roster import ClassRoster, Guardian, Student, Teacher, TeacherRole
from classgroup_desktop.io.word_dictionary import word_frequency

ROSTER = ClassRoster(
    "三年级2班",
    (
        Student("张三", "01", guardians=(Guardian("刘芳", "母亲", "13800138000"),
                                         Guardian("张大山", "父亲", "13900139000"))),
        Student("王小军", "02", guardians=(Guardian("王军", None, None),)),
        Student("李娜", "03", guardians=(Guardian("陈红", "妈妈", "13700137001"),)),
        Student("李雷", "04", guardians=(Guardian("陈红", "奶奶", "13700137002"),)),
        Student("赵一", "05", guardians=(Guardian("赵刚", "爸爸", "13600136000"),)),
        Student("赵二", "06", guardians=(Guardian("赵刚", "爸爸", "13600136000"),)),
        Student("周小鱼", "07", guardians=(Guardian("王芳", "妈妈", None),)),
        Student("孙悦", "08", guardians=(Guardian("李四", "小姨", None),
                                         Guardian("孙其", "其他", None))),
        Student("李四", "09"),
        Student("吴桐", "10", guardians=(Guardian("钱多多", "姑姑", None),
                                         Guardian("妈妈", "母亲", None),
                                         Guardian("吴桐家长", None, None))),
        Student("高山", "11"), Student("王者", "12"), Student("夏天", "13"),
        Student("安然", "14"), Student("金华", "15"), Student("张伟", "16"),
        Student("上官婉儿", "17"), Student("欧阳明", "18"), Student("欧阳亮", "19"),
        Student("林一诺", "20"),
    ),
    (Teacher("李建国", "数学", TeacherRole.HEAD), Teacher("王芳", "体育")),
)
NOTICE = NamingPolicy(relations=NOTICE_RELATIONS)


def check(nicknames, policy=None):
    return check_members(ROSTER, nicknames, policy or NamingPolicy(), words=word_frequency)


# (id, nickname, status, students, relation, suggestion, flags, reason part)
GUARDIAN_CASES = [
    ("a mother under her own name is that mother", "刘芳", "rename", ("张三",), "妈妈",
     "张三妈妈", "guardian", "花名册中 刘芳 是 张三 的妈妈"),
    ("a father under his own name, roster says 父亲", "张大山", "rename", ("张三",), "爸爸",
     "张三爸爸", "guardian", "花名册中 张大山 是 张三 的爸爸"),
    ("a relation word the check does not know reads as 家长", "孙其", "rename", ("孙悦",), None,
     "孙悦家长", "guardian", "花名册中 孙其 是 孙悦 的家长"),
    ("a guardian without a relation in the roster is asked for 家长", "王军", "rename",
     ("王小军",), None, "王小军家长", "guardian", "花名册中 王军 是 王小军 的家长"),
    ("cosmetic extras around a guardian's name", "🌸刘芳🌸", "rename", ("张三",), "妈妈",
     "张三妈妈", "guardian", "花名册中 刘芳 是 张三 的妈妈"),
    ("spaces inside a guardian's name", "张 大 山", "rename", ("张三",), "爸爸", "张三爸爸",
     "guardian", "张大山"),
    ("a relation outside the policy is asked for 家长", "钱多多", "rename", ("吴桐",), "姑姑",
     "吴桐家长", "guardian", "花名册中 钱多多 是 吴桐 的姑姑"),
    ("one father of two siblings names both", "赵刚", "rename", ("赵一", "赵二"), "爸爸",
     "赵一赵二爸爸", "guardian", "赵一、赵二 的爸爸"),
    ("two different guardians with one name: both listed, nobody chosen", "陈红", "rename",
     ("李娜", "李雷"), None, "李娜妈妈 或 李雷奶奶", "guardian ambiguous",
     "李娜 的妈妈、李雷 的奶奶"),
    ("a guardian who shares a teacher's name is read as the teacher, with a note", "王芳", "ok",
     (), None, None, "", "花名册中 王芳 也是 周小鱼 的妈妈"),
    ("a guardian who shares a student's name is read as that student's family", "李四", "ok",
     ("李四",), None, None, "", "学生李四的家长"),
    ("a guardian's name inside a longer nickname is not read as the guardian", "刘芳芳",
     "unknown", (), None, None, "", "找不到"),
    ("a stranger is still unknown", "陈小红", "unknown", (), None, None, "", "清退"),
    ("a relation word in the roster's name column names nobody", "妈妈", "unknown", (), None,
     None, "", "只有称谓"),
]


@pytest.mark.parametrize(("nickname", "status", "students", "relation", "suggestion", "flags",
                          "reason"), [pytest.param(*c[1:], id=c[0]) for c in GUARDIAN_CASES])
def test_guardian_name_from_the_roster(nickname, status, students, relation, suggestion, flags,
                                       reason):
    v = check([nickname]).verdicts[0]
    assert (v.status, v.identity.students, v.identity.relation, v.suggestion, set(v.flags)) == (
        status, students, relation, suggestion, set(flags.split())), v.reason
    assert reason in v.reason


@pytest.mark.parametrize(("nickname", "student"), [
    pytest.param("刘芳", "张三", id="刘芳 reaches 张三's family"),
    pytest.param("张大山", "张三", id="张大山 reaches 张三's family"),
    pytest.param("王军", "王小军", id="王军 reaches 王小军's family"),
    pytest.param("赵刚", "赵二", id="a father of siblings reaches both families"),
])
def test_guardian_under_own_name_counts_the_family_as_reached(nickname, student):
    assert student in check(["林一诺"]).students_without_guardian
    assert student not in check([nickname]).students_without_guardian


@pytest.mark.parametrize("nickname", [
    pytest.param("陈红", id="a name two guardians share"),
    pytest.param("王芳", id="a guardian's name that is also a teacher's"),
])
def test_a_guardian_name_that_fits_several_people_counts_no_family(nickname):
    missing = check([nickname]).students_without_guardian
    assert {"李娜", "李雷", "周小鱼"} <= set(missing)


def test_guardian_and_the_same_parent_compliant_are_flagged_duplicate():
    result = check(["张三妈妈", "刘芳"])
    assert all("duplicate" in v.flags for v in result.verdicts)


def test_guardian_suggestion_under_the_notice_policy_is_the_name_alone_for_other_relations():
    v = check(["钱多多"], NOTICE).verdicts[0]
    assert v.suggestion == "吴桐"


# --- compound surnames -------------------------------------------------------------------

@pytest.mark.parametrize(("nickname", "status", "students", "suggestion", "reason"), [
    pytest.param("上官爸爸", "rename", ("上官婉儿",), "上官婉儿爸爸", "只写了复姓“上官”",
                 id="the only 上官 of the class is named by 上官爸爸"),
    pytest.param("上官妈妈🌸", "rename", ("上官婉儿",), "上官婉儿妈妈", "复姓",
                 id="cosmetic extras around a compound surname and relation"),
    pytest.param("欧阳爸爸", "unknown", (), None, "欧阳明、欧阳亮",
                 id="two students named 欧阳 are listed, nobody chosen"),
    pytest.param("上官", "unknown", (), None, "找不到",
                 id="a compound surname without a relation word names nobody"),
])
def test_compound_surname_alone(nickname, status, students, suggestion, reason):
    v = check([nickname]).verdicts[0]
    assert (v.status, v.identity.students, v.suggestion) == (status, students, suggestion)
    assert reason in v.reason


# --- names inside phrases ------------------------------------------------------------------

PHRASES = [
    ("an idiom around the name", "高山流水", "高山", "流水"),
    ("a game title starting with the name", "王者荣耀", "王者", "荣耀"),
    ("a 的 phrase", "夏天的风", "夏天", "风"),
    ("the name at the end of a phrase", "岁月安然", "安然", "岁月"),
    ("an idiom starting with the name", "安然无恙", "安然", "无恙"),
    ("a word across the name's edges", "黄金华丽", "金华", "丽"),
    ("a wish with the name", "夏天快乐", "夏天", "快乐"),
    ("a pet name after a word-like name", "高山宝贝", "高山", "宝贝"),
]


@pytest.mark.parametrize(("nickname", "student", "rest"),
                         [pytest.param(*c[1:], id=c[0]) for c in PHRASES])
def test_a_name_inside_a_phrase_keeps_its_verdict_but_counts_no_family(nickname, student, rest):
    result = check([nickname])
    v = result.verdicts[0]
    assert v.status == "rename" and v.identity.students == (student,)
    assert "phrase" in v.flags
    assert v.reason.startswith(f"昵称里有“{student}”，但也可能只是词语，请核实")
    assert rest in v.reason  # the verdict's own reason is kept
    assert student in result.students_without_guardian


LOOK_ALIKES = [
    ("mother", "高山妈妈", "高山"),
    ("father", "高山爸爸", "高山"),
    ("the name alone", "高山", "高山"),
    ("的 before the relation", "夏天的妈妈", "夏天"),
    ("学号 before the relation", "高山11妈妈", "高山"),
    ("grandmother", "安然奶奶", "安然"),
    ("relation in brackets", "王者（爸爸）", "王者"),
    ("class furniture before the name", "三年级高山", "高山"),
    ("class furniture after the name", "高山二班", "高山"),
    ("a phone number after the name", "夏天13800138000", "夏天"),
    ("an uncommon name with a word after it", "张伟快乐", "张伟"),
    ("emoji around the name", "🌸安然🌸", "安然"),
    ("a pet name between the name and the relation", "高山宝贝的妈妈", "高山"),
    ("a relation word before a phrase-like rest", "夏天妈妈快乐", "夏天"),
]


@pytest.mark.parametrize(("nickname", "student"),
                         [pytest.param(*c[1:], id=f"{c[0]} still counts") for c in LOOK_ALIKES])
def test_look_alikes_of_phrases_still_count_the_family(nickname, student):
    result = check([nickname])
    assert "phrase" not in result.verdicts[0].flags, result.verdicts[0].reason
    assert student not in result.students_without_guardian


def test_without_a_dictionary_nothing_is_doubted():
    result = check_members(ROSTER, ["高山流水"])
    assert "phrase" not in result.verdicts[0].flags
    assert "高山" not in result.students_without_guardian


TOY = {"高山": 1202, "流水": 662, "高山流水": 40, "山王": 16, "岁月": 932, "安然": 139}


@pytest.mark.parametrize(("text", "start", "end", "leftovers", "found"), [
    pytest.param("高山流水", 0, 2, [(2, 4)], "高山流水", id="idiom containing the name"),
    pytest.param("岁月安然", 2, 4, [(0, 2)], "岁月", id="the name is a word and so is the rest"),
    pytest.param("高山王芳", 0, 2, [(2, 4)], None,
                 id="a rare two-character word across the edge does not count"),
    pytest.param("李明王芳", 0, 2, [(2, 4)], None, id="a name that is no word, rest no word"),
])
def test_phrase_word_on_a_toy_dictionary(text, start, end, leftovers, found):
    assert phrase_word(text, start, end, leftovers, TOY.get) == found


@settings(max_examples=60, deadline=None)
@given(student=st.sampled_from(["高山", "王者", "夏天", "安然", "金华", "张伟", "林一诺"]),
       relation=st.sampled_from(DEFAULT_RELATIONS),
       decoration=st.sampled_from(["", "🌸", "（{}）", " ", "-", "的", "11"]),
       tail=st.sampled_from(["", "🌸", "✨"]))
def test_a_student_name_written_with_a_relation_word_always_counts(student, relation,
                                                                  decoration, tail):
    # Whatever the name means as a word, 高山妈妈 (with 的, 学号 or decorations) is 高山's family.
    middle = decoration.format(relation) if "{}" in decoration else decoration + relation
    result = check([f"{student}{middle}{tail}"])
    assert "phrase" not in result.verdicts[0].flags
    assert student not in result.students_without_guardian


UNIQUE_GUARDIANS = {"刘芳": "张三", "张大山": "张三", "王军": "王小军", "钱多多": "吴桐"}


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(sorted(UNIQUE_GUARDIANS)),
       before=st.sampled_from(["", "🌸", "【", " ", "~", "❤️"]),
       after=st.sampled_from(["", "🌸", "】", " ", "。", "✨"]),
       spaced=st.booleans())
def test_a_guardians_own_name_with_cosmetic_extras_always_reaches_that_family(name, before,
                                                                              after, spaced):
    written = " ".join(name) if spaced else name
    result = check([f"{before}{written}{after}"])
    v = result.verdicts[0]
    assert v.status == "rename" and "guardian" in v.flags, v.reason
    assert v.identity.students == (UNIQUE_GUARDIANS[name],)
    assert UNIQUE_GUARDIANS[name] not in result.students_without_guardian
