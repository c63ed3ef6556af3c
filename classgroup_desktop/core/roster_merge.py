"""How a re-imported roster row is merged into what the database knows, and how the change reads.

A roster file the office sends later is often thinner than the first one (学号, 姓名, 家长手机
only). Merging, not overwriting, keeps what the file does not say:

1. A guardian of the file is paired with a stored guardian by phone, then by name, then by a
   relation (爸爸 = 父亲) when the names do not contradict each other.
2. A paired guardian takes the file's value for every attribute the file has a column for and a
   value in; an empty cell or a missing column keeps the stored value.
3. A file guardian left unpaired is added. A stored guardian left unpaired is kept — unless the
   file states the same relation (爸爸) for someone else: then that guardian is replaced, and the
   removal is reported by name.

Every difference becomes a ``FieldChange`` (old → new, phones masked as the roster view masks
them); removals, students marked left and cleared fields are ``loss=True`` so the faces can show
them in red. Pure functions: no database, no files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from classgroup_desktop.core.phone import mask_phone
from classgroup_desktop.core.roster import Guardian

GUARDIAN_ATTRS = ("name", "relation", "phone")
_ATTR_LABELS = {"name": "姓名", "relation": "关系", "phone": "电话"}

# Relations written differently for the same person; a generic word (家长) names no one slot.
_RELATION_ALIASES = {
    "父亲": "爸爸", "爸": "爸爸", "父": "爸爸",
    "母亲": "妈妈", "妈": "妈妈", "母": "妈妈",
    "祖父": "爷爷", "祖母": "奶奶", "外祖父": "外公", "外祖母": "外婆", "姥爷": "外公",
    "姥姥": "外婆",
}
_GENERIC_RELATIONS = frozenset({"家长", "监护人", "联系人", "其他", "其它", "亲属"})


def same_relation(a: str | None, b: str | None) -> bool:
    """爸爸 = 父亲 = 爸; None or a generic word (家长) is no relation to compare."""
    slot_a, slot_b = relation_slot(a), relation_slot(b)
    return slot_a is not None and slot_a == slot_b


def relation_slot(relation: str | None) -> str | None:
    """The family position a relation word names (父亲 → 爸爸), None for 家长/监护人 or none."""
    if not relation or relation in _GENERIC_RELATIONS:
        return None
    return _RELATION_ALIASES.get(relation, relation)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one student changed by an import: ``old`` → ``new`` (None = nothing)."""

    student: str  # as the report names the student (same-name students with their 学号)
    field: str  # Chinese: 姓名 / 学号 / 性别 / 状态 / 家长 / 家长 王建国的电话 …
    old: str | None
    new: str | None
    loss: bool = False  # something the database knew goes away (shown in red)
    class_name: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "class": self.class_name,
            "student": self.student,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "loss": self.loss,
        }


def describe_guardian(g: Guardian) -> str:
    """``爸爸 王建国 138****0001`` — what the report shows for a guardian added or removed."""
    return " ".join(p for p in (g.relation, g.name, mask_phone(g.phone)) if p) or "—"


def _who(g: Guardian) -> str:
    return g.name or g.relation or mask_phone(g.phone) or "?"


def _shown(attr: str, value: str | None) -> str | None:
    if value is None:
        return None
    return mask_phone(value) if attr == "phone" else value


@dataclass(frozen=True, slots=True)
class GuardianMerge:
    """The guardians after the merge and what changed (``changes`` carry no student label)."""

    guardians: tuple[Guardian, ...]
    changes: tuple[FieldChange, ...] = ()
    removed: tuple[Guardian, ...] = ()
    added: tuple[Guardian, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def merge_guardians(
    stored: Sequence[Guardian], incoming: Sequence[Guardian], present: Iterable[str]
) -> GuardianMerge:
    """Merge a file row's guardians into the stored ones (steps in the module docstring).

    ``present`` holds the guardian attributes the file has columns for (``name``, ``relation``,
    ``phone``); a value the file does not have is never cleared.
    """
    attrs = frozenset(present)
    if not incoming:
        return GuardianMerge(tuple(stored))
    pairs: dict[int, int] = {}  # incoming index -> stored index
    used: set[int] = set()

    def pair_by(test: Any) -> None:
        for i, g in enumerate(incoming):
            if i in pairs:
                continue
            j = next((j for j, s in enumerate(stored) if j not in used and test(g, s)), None)
            if j is not None:
                pairs[i] = j
                used.add(j)

    pair_by(lambda g, s: g.phone and g.phone == s.phone)
    pair_by(lambda g, s: g.name and g.name == s.name)
    pair_by(
        lambda g, s: same_relation(g.relation, s.relation)
        and not (g.name and s.name and g.name != s.name)
    )
    # The file states this relation for someone else: that stored guardian is replaced.
    replaced: set[int] = set()
    for i, g in enumerate(incoming):
        if i in pairs:
            continue
        j = next(
            (
                j
                for j, s in enumerate(stored)
                if j not in used and same_relation(g.relation, s.relation)
            ),
            None,
        )
        if j is not None:
            replaced.add(j)
            used.add(j)

    changes: list[FieldChange] = []
    merged: list[Guardian] = []
    by_stored = {j: i for i, j in pairs.items()}
    for j, s in enumerate(stored):
        if j in replaced:
            changes.append(FieldChange("", "家长", describe_guardian(s), None, loss=True))
            continue
        if j not in by_stored:
            merged.append(s)
            continue
        g = incoming[by_stored[j]]
        values = {}
        for attr in GUARDIAN_ATTRS:
            old, new = getattr(s, attr), getattr(g, attr)
            if attr not in attrs or new is None or new == old:
                values[attr] = old
            elif attr == "relation" and same_relation(old, new):
                values[attr] = old  # 爸爸 written as 父亲: nothing to change
            else:
                values[attr] = new
                changes.append(
                    FieldChange(
                        "",
                        f"家长 {_who(s)}的{_ATTR_LABELS[attr]}",
                        _shown(attr, old),
                        _shown(attr, new),
                    )
                )
        merged.append(Guardian(values["name"], values["relation"], values["phone"]))
    added = [g for i, g in enumerate(incoming) if i not in pairs]
    for g in added:
        merged.append(g)
        changes.append(FieldChange("", "家长", None, describe_guardian(g)))
    return GuardianMerge(
        guardians=tuple(merged),
        changes=tuple(changes),
        removed=tuple(stored[j] for j in sorted(replaced)),
        added=tuple(added),
    )


def encoding_lost(old: str, new: str, encoding: str = "gbk") -> tuple[str, ...]:
    """The characters of ``old`` that ``encoding`` cannot hold, when they are all that differs
    from ``new`` (赵䶮 → 赵岩: a GBK file has no 䶮); empty when the rename is a real one."""
    if len(old) != len(new) or old == new:
        return ()
    lost: list[str] = []
    for a, b in zip(old, new, strict=True):
        if a == b:
            continue
        try:
            a.encode(encoding)
        except UnicodeEncodeError:
            lost.append(a)
            continue
        return ()
    return tuple(lost)


__all__ = [
    "FieldChange",
    "GuardianMerge",
    "describe_guardian",
    "encoding_lost",
    "merge_guardians",
    "relation_slot",
    "same_relation",
]
