"""A member who uses their own name: the roster's guardian names (刘芳 is 张三's mother).

Parents often join the group under their own name. The roster lists guardians with their name
and relation, so a nickname that is exactly a guardian's name (cosmetic extras aside) names that
guardian: status rename, asked for the student's name + the roster's relation, and the family
counts as reached. A name that fits several guardians names nobody for sure: the candidates are
listed and no family is counted. A name that is also a student's or a teacher's name is read by
the ordinary rules first (the member check never gets here); a teacher who shares a guardian's
name gets a note in the reason (``also_guardian_note``).
"""

from __future__ import annotations

from classgroup_desktop.core.name_index import GuardianOf, NameIndex, Person, name_key
from classgroup_desktop.core.nickname_reader import Reading
from classgroup_desktop.core.policy import NEUTRAL_RELATION, NamingPolicy
from classgroup_desktop.core.text import to_simplified
from classgroup_desktop.core.verdict import Identity


def _relation_word(g: GuardianOf) -> str:
    return g.relation or NEUTRAL_RELATION


def _whose(entries: list[GuardianOf]) -> str:
    """张三 的妈妈 / 王一、王二 的爷爷 — one guardian of one or more students."""
    students = "、".join(dict.fromkeys(g.student.label for g in entries))
    return f"{students} 的{_relation_word(entries[0])}"


def _base_name(person: Person, index: NameIndex) -> str:
    # Same-name students are told apart by 学号 (张伟05妈妈).
    if len(index.names.get(name_key(person.name), ())) > 1 and person.student_no:
        return person.name + person.student_no
    return person.name


def _one_person(entries: list[GuardianOf]) -> bool:
    """Whether the roster lines are one person: a guardian of siblings is listed once per child,
    with the same relation (and the same phone when both lines have one)."""
    relations = {g.relation for g in entries}
    phones = {g.phone for g in entries if g.phone}
    return len(relations) == 1 and len(phones) <= 1


def read_guardian(key: str, index: NameIndex, policy: NamingPolicy) -> Reading | None:
    """The reading of a nickname whose key is a guardian's name from the roster, else None.

    None too when the name is also a student's or a teacher's name: those follow the ordinary
    rules.
    """
    s = to_simplified(key)
    entries = index.guardians.get(s)
    if not entries or s in index.names:
        return None
    shown = s
    if _one_person(entries):
        students = tuple(dict.fromkeys(g.student for g in entries))
        relation = entries[0].relation
        suggestion = ("".join(_base_name(p, index) for p in students)
                      + policy.suggested_relation(relation or NEUTRAL_RELATION))
        reason = (f"花名册中 {shown} 是 {_whose(entries)}；请改为“{suggestion}”："
                  f"家长的群昵称应为“学生姓名+称谓”，不写本人姓名。")
        identity = Identity("parent", None, tuple(p.label for p in students), relation)
        return Reading("rename", identity, suggestion, reason, ["guardian"], people=students)
    # Several guardians share the name (two 刘芳 in the class): list them, count no family.
    persons: list[list[GuardianOf]] = []
    for g in entries:
        same = next((grp for grp in persons if _one_person([*grp, g])), None)
        if same is None:
            persons.append([g])
        else:
            same.append(g)
    whose = "、".join(_whose(grp) for grp in persons)
    options = [("".join(_base_name(g.student, index) for g in grp)
                + policy.suggested_relation(grp[0].relation or NEUTRAL_RELATION))
               for grp in persons]
    labels = tuple(dict.fromkeys(g.student.label for g in entries))
    reason = (f"花名册中有 {len(persons)} 位家长叫 {shown}：{whose}，看不出是哪一位；"
              f"请核实后让这位家长把群昵称改为“学生姓名+称谓”。")
    return Reading("rename", Identity("parent", None, labels, None), " 或 ".join(options),
                   reason, ["guardian", "ambiguous"], ambiguous=True)


def also_guardian_note(key: str, index: NameIndex) -> str:
    """For a member read as a teacher by name: the roster's guardians with that name, if any
    (王芳 teaches 体育 and is also 张三's mother), as a sentence to add to the reason."""
    entries = index.guardians.get(to_simplified(key))
    if not entries:
        return ""
    whose = "、".join(_whose([g]) for g in entries)
    return f"花名册中 {to_simplified(key)} 也是 {whose}；如果这位成员是家长，请核实。"
