"""Verdicts for what only a screenshot shows: a name OCR could not read, and a name WeChat cut
right after a class label (``三(2)班韩…``).

* **Unreadable** (an emoji-only nickname 😀): the cell is a member all the same — it counts toward
  the group's total — but nobody can say who it is from the picture: ``unknown``, and the teacher
  is asked to look at the member in WeChat.
* **Cut after a class label**: parents often put the class first (三(2)班韩梅梅妈妈), and WeChat
  cuts such a long name after a character or two of the child's name. The class label tells nothing
  about the family, so the rest of the visible text is compared with the compliant nicknames of
  each student: when it is the start of exactly one student's, the member is that family (status
  ``rename``: the class label is not part of a compliant nickname; the family counts as reached),
  marked 截断 with the hint to open the full name in WeChat. When it fits several students, the
  member stays ``unknown`` with the candidates named.
"""

from __future__ import annotations

import re

from classgroup_desktop.core.name_index import NameIndex, Person
from classgroup_desktop.core.nickname_reader import Reading
from classgroup_desktop.core.policy import NamingPolicy
from classgroup_desktop.core.text import cosmetic_key, to_simplified
from classgroup_desktop.core.verdict import Identity

UNREADABLE_NICKNAME = "（无法识别的昵称）"
UNREADABLE_REASON = "截图里的昵称无法识别（可能全是表情符号），请在微信中查看此成员。"
CUT_HINT = "在微信里点开看完整昵称"

# A class label at the start of a nickname's key (brackets and spaces are already gone):
# 三2班, 三年级2班, 3年2班, 32班, 302班, 初二3班, 高一3班, 2023级3班.
_CLASS_LABEL = re.compile(
    r"^(?:初|高)?(?:\d{2,4}级)?[一二三四五六七八九十\d]{1,2}(?:年级|年)?[一二三四五六七八九十\d]{0,3}班"
)
# More candidates than this are not worth naming: the visible part says nothing.
MAX_NAMED = 6


def read_unreadable() -> Reading:
    """The verdict for a member whose nickname OCR could not read."""
    return Reading("unknown", Identity(), None, UNREADABLE_REASON)


def strip_class_label(key: str) -> str | None:
    """The rest of a nickname key after a leading class label, or ``None`` without one."""
    m = _CLASS_LABEL.match(key)
    return key[m.end() :] if m else None


def _forms(person: Person, policy: NamingPolicy) -> list[tuple[str, str | None]]:
    base = cosmetic_key(to_simplified(person.name))
    return [(base, None)] + [(base + cosmetic_key(r), r) for r in policy.relations]


def read_cut_after_class_label(
    visible: str, index: NameIndex, policy: NamingPolicy
) -> Reading | None:
    """The reading of a cut name that starts with a class label, or ``None`` when the name has
    no class label, or what follows it could be a teacher's name (left to the usual reading)."""
    rest = strip_class_label(to_simplified(cosmetic_key(visible)))
    if not rest:
        return None
    if any(cosmetic_key(to_simplified(t.name)).startswith(rest) for t in index.teachers):
        return None
    fitting: dict[int, list[tuple[str, str | None]]] = {}
    for person in index.students:
        hits = [f for f in _forms(person, policy) if f[0].startswith(rest)]
        if hits:
            fitting[id(person)] = hits
    shown = visible.strip().rstrip("….⋯。 ") or visible
    intro = f"昵称显示不全（只看到“{shown}…”）"
    people = [p for p in index.students if id(p) in fitting]
    if not people:
        return None
    if len(people) > 1:
        if len(people) > MAX_NAMED:
            return None
        names = "、".join(p.label for p in people)
        return Reading(
            "unknown",
            Identity(),
            None,
            f"{intro}，可能是 {names} 中的任何一位家长，{CUT_HINT}。",
            ["truncated"],
        )
    person = people[0]
    hits = fitting[id(person)]
    relation = hits[0][1] if len(hits) == 1 else None
    suggestion = person.name + (relation or "")
    reason = (
        f"{intro}：看得到的部分只对得上{person.label}，按{person.label}的家长算；"
        f"班级不属于合规昵称，请改为“{suggestion}”；{CUT_HINT}。"
    )
    return Reading(
        "rename",
        Identity("parent", None, (person.label,), relation),
        suggestion,
        reason,
        ["truncated"],
        people=(person,),
    )
