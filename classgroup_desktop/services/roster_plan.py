"""Planning a roster import: which stored student each file row is, and what changes for them.

``plan_class`` compares one class of the file with the class's stored students and returns the
writes (inserts, updates, guardian lists, students leaving) plus the report's words: who is added,
updated, left or back, and every field that changes (``core.roster_merge``). Nothing here touches
the session; ``services/roster.py`` loads what is stored, calls this, and writes.

Matching a file row to a stored student (``match_students``): same 学号 and name; then the same
name when it is unique on both sides (学号 changed); then the same 学号 alone when the names share a
character (a corrected spelling); then same-name students by guardian phones or names, else in
order with a warning.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from classgroup_desktop.core.roster import Guardian, ParsedClass, Student
from classgroup_desktop.core.roster_merge import (
    GUARDIAN_ATTRS,
    FieldChange,
    encoding_lost,
    merge_guardians,
)
from classgroup_desktop.io.roster_fields import RELATION_WORDS, parse_slot_field
from classgroup_desktop.io.roster_reader import RosterReadResult, RosterWarning

GuardianKey = tuple[str | None, str | None, str | None]

# A re-import that would mark more than this share of a class's active students as left (and at
# least MASS_LEAVE_MIN of them) is most likely a truncated or wrong file: it needs a yes.
MASS_LEAVE_SHARE = 5  # more than one in five
MASS_LEAVE_MIN = 3


def needs_leave_confirmation(left: int, active_before: int) -> bool:
    """Whether marking ``left`` of ``active_before`` active students as left needs a yes."""
    return left >= MASS_LEAVE_MIN and left * MASS_LEAVE_SHARE > active_before


@dataclass(frozen=True, slots=True)
class FileFields:
    """Which student and guardian fields the file has columns for (any student sheet)."""

    student: frozenset[str]  # "student_no", "gender"
    guardian: frozenset[str]  # "name", "relation", "phone"
    has_guardians: bool


def file_fields(result: RosterReadResult) -> FileFields:
    """The fields of ``result``'s student sheets: a field missing here keeps its stored value."""
    student: set[str] = set()
    guardian: set[str] = set()
    for sheet in result.sheets:
        if sheet.kind != "students":
            continue
        for key in sheet.mapping.values():
            if key.startswith("guardian."):
                guardian.add(key.split(".", 1)[1])
            elif slot := parse_slot_field(key):
                guardian.add(slot[1])
                if slot[0] in RELATION_WORDS:
                    guardian.add("relation")  # 父亲电话: the column names the relation
            else:
                student.add(key)
    return FileFields(
        frozenset(student), frozenset(guardian) & set(GUARDIAN_ATTRS), result.has_guardians
    )


@dataclass
class Existing:
    """A stored student as the planner sees it."""

    id: int
    name: str
    student_no: str | None
    gender: str | None
    active: bool
    guardians: list[GuardianKey] = field(default_factory=list)


@dataclass
class Writes:
    """Every student change of one import, gathered across classes and written in bulk."""

    inserts: list[dict[str, Any]] = field(default_factory=list)
    insert_guardians: list[list[GuardianKey]] = field(default_factory=list)  # per insert
    updates: list[dict[str, Any]] = field(default_factory=list)  # {"id": ..., changed fields}
    replace_guardians: dict[int, list[GuardianKey]] = field(default_factory=dict)
    left_ids: list[int] = field(default_factory=list)


@dataclass
class ClassPlan:
    """What one class's import changes, in the words of its report."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    guardians: int = 0
    active_before: int = 0
    changes: list[FieldChange] = field(default_factory=list)
    warnings: list[RosterWarning] = field(default_factory=list)

    @property
    def needs_leave_confirmation(self) -> bool:
        return needs_leave_confirmation(len(self.left), self.active_before)


def label(name: str, student_no: str | None, duplicated: set[str]) -> str:
    """How a student is named in the report; same-name students get their 学号."""
    return f"{name}（学号 {student_no}）" if name in duplicated and student_no else name


def plan_class(
    class_id: int,
    class_name: str,
    pc: ParsedClass,
    existing: list[Existing],
    writes: Writes,
    fields: FileFields,
    now: datetime,
) -> ClassPlan:
    """Add this class's changes to ``writes``; return what they mean for its report."""
    plan = ClassPlan(active_before=sum(ex.active for ex in existing))
    not_renamed: list[tuple[Student, Existing]] = []
    by_order: list[tuple[int, Existing]] = []
    matches = match_students(pc.students, existing, not_renamed, by_order)
    sheet = pc.class_name or ""
    for name in dict.fromkeys(pc.students[i].name for i, _ in by_order):
        # the n-th 张伟 of the file, so the teacher can find the row
        nth = [i for i, st in enumerate(pc.students) if st.name == name]
        pairs = "；".join(
            f"表中第 {nth.index(i) + 1} 个（{_who(g.name for g in pc.students[i].guardians)}）"
            f"→ 原有的（{_who((g[0] for g in ex.guardians), ex.student_no)}）"
            for i, ex in by_order
            if pc.students[i].name == name
        )
        plan.warnings.append(
            RosterWarning(
                sheet, None, f"同名学生“{name}”无法按学号区分，已按顺序对应；请核对：{pairs}。"
            )
        )
    for st, old in not_renamed:
        plan.warnings.append(
            RosterWarning(
                sheet,
                None,
                f"学号 {st.student_no} 原为“{old.name}”，现为“{st.name}”："
                f"按新学生处理，{old.name}标记为离班；如是改名请在花名册中手动修改。",
            )
        )
    duplicated = _repeated(st.name for st in pc.students) | _repeated(e.name for e in existing)
    matched_ids = {ex.id for ex in matches.values()}
    for gone in existing:
        if gone.active and gone.id not in matched_ids:
            writes.left_ids.append(gone.id)
            who = label(gone.name, gone.student_no, duplicated)
            plan.left.append(who)
            plan.changes.append(FieldChange(who, "状态", "在读", "离班", True, class_name))
    for index, st in enumerate(pc.students):
        new_guardians: list[GuardianKey] = [(g.name, g.relation, g.phone) for g in st.guardians]
        ex = matches.get(index)
        if ex is None:
            writes.inserts.append(
                {
                    "class_id": class_id,
                    "name": st.name,
                    "student_no": st.student_no,
                    "gender": st.gender,
                    "active": True,
                    "left_at": None,
                    "created_at": now,
                }
            )
            writes.insert_guardians.append(new_guardians)
            who = label(st.name, st.student_no, duplicated)
            plan.added.append(who)
            plan.changes.append(FieldChange(who, "状态", None, "新增", False, class_name))
            plan.guardians += len(new_guardians)
            continue
        who = label(st.name, st.student_no or ex.student_no, duplicated)
        changes: list[FieldChange] = []
        updates: dict[str, Any] = {}
        if st.name != ex.name:
            updates["name"] = st.name
            changes.append(FieldChange(who, "姓名", ex.name, st.name, False, class_name))
            if lost := encoding_lost(ex.name, st.name):
                plan.warnings.append(
                    RosterWarning(
                        sheet,
                        None,
                        f"“{ex.name}”在文件中写作“{st.name}”：GBK 编码的文件存不下"
                        f"“{'、'.join(lost)}”字，很可能是文件的编码丢了这个字，而不是改名。"
                        "请把文件另存为 UTF-8 或 .xlsx 后重新导入，"
                        f"或导入后在花名册中改回“{ex.name}”。",
                    )
                )
        if st.student_no is not None and st.student_no != ex.student_no:
            updates["student_no"] = st.student_no
            changes.append(
                FieldChange(who, "学号", ex.student_no, st.student_no, False, class_name)
            )
        if st.gender is not None and st.gender != ex.gender:
            updates["gender"] = st.gender
            changes.append(FieldChange(who, "性别", ex.gender, st.gender, False, class_name))
        if not ex.active:
            updates["active"] = True
            updates["left_at"] = None
            plan.reactivated.append(label(st.name, st.student_no, duplicated))
            changes.append(FieldChange(who, "状态", "离班", "在读", False, class_name))
        guardians = ex.guardians
        if fields.has_guardians:
            merge = merge_guardians(
                [Guardian(*g) for g in ex.guardians], st.guardians, fields.guardian
            )
            if merge.changed:
                guardians = [(g.name, g.relation, g.phone) for g in merge.guardians]
                writes.replace_guardians[ex.id] = guardians
                changes.extend(
                    FieldChange(who, c.field, c.old, c.new, c.loss, class_name)
                    for c in merge.changes
                )
        plan.guardians += len(guardians)
        if updates:
            writes.updates.append({"id": ex.id, **updates})
        if changes:
            plan.updated.append(who)
            plan.changes.extend(changes)
    return plan


def _names_overlap(a: str, b: str) -> bool:
    """Whether two spellings could be one student's name corrected (张三→张叁, 王一→王一一):
    they share a character. 张三 → 赵六 under the same 学号 is another student."""
    return bool(set(a.replace(" ", "")) & set(b.replace(" ", "")))


def match_students(
    parsed: list[Student],
    existing: list[Existing],
    not_renamed: list[tuple[Student, Existing]] | None = None,
    by_order: list[tuple[int, Existing]] | None = None,
) -> dict[int, Existing]:
    """Pair file students with stored ones: same 学号 and name; then same name where the name is
    unique on both sides (学号 changed); then a name that differs only by characters GBK cannot
    hold (赵䶮 stored, 赵岩 in a GBK file); then same 学号 alone (name corrected) when the names
    share a character. Same 学号 with a wholly different name is a new student (the 学号 was
    given again); such pairs are appended to ``not_renamed`` for a warning. Same-name students
    left over (no 学号 to tell them apart) are paired by ``_match_same_names``; names paired
    only by their order are appended to ``by_order`` (file index, stored) for a warning."""
    matches: dict[int, Existing] = {}
    if not existing:
        return matches
    used: set[int] = set()

    def unmatched(items: Iterable[tuple[int, Student]]) -> list[tuple[int, Student]]:
        return [(i, st) for i, st in items if i not in matches]

    by_no_name: dict[tuple[str, str], list[Existing]] = defaultdict(list)
    for ex in existing:
        if ex.student_no:
            by_no_name[(ex.student_no, ex.name)].append(ex)
    for i, st in enumerate(parsed):
        if st.student_no:
            cands = [e for e in by_no_name.get((st.student_no, st.name), []) if e.id not in used]
            if cands:
                matches[i] = cands[0]
                used.add(cands[0].id)
    # by name, when unique on both sides; prefer active students over long-gone namesakes
    rest = unmatched(enumerate(parsed))
    parsed_names = defaultdict(list)
    for i, st in rest:
        parsed_names[st.name].append(i)
    ex_names: dict[str, list[Existing]] = defaultdict(list)
    for ex in existing:
        if ex.id not in used:
            ex_names[ex.name].append(ex)
    for name, indexes in parsed_names.items():
        cands = ex_names.get(name, [])
        if len(indexes) == 1 and cands:
            active = [c for c in cands if c.active]
            pick = active if active else cands
            if len(pick) == 1 or (not active and len(cands) >= 1):
                chosen = pick[-1]
                matches[indexes[0]] = chosen
                used.add(chosen.id)
    # a character the file's encoding could not hold (赵䶮 saved as 赵岩 or 赵?): same student
    for i, st in unmatched(enumerate(parsed)):
        cands = [
            e
            for e in existing
            if e.id not in used
            and e.active
            and not (st.student_no and e.student_no and st.student_no != e.student_no)
            and encoding_lost(e.name, st.name)
        ]
        if len(cands) == 1:
            matches[i] = cands[0]
            used.add(cands[0].id)
    # by 学号 alone: a corrected spelling of the name
    by_no: dict[str, list[Existing]] = defaultdict(list)
    for ex in existing:
        if ex.student_no and ex.id not in used and ex.active:
            by_no[ex.student_no].append(ex)
    for i, st in unmatched(enumerate(parsed)):
        cands = [e for e in by_no.get(st.student_no or "", []) if e.id not in used]
        if len(cands) == 1 and not any(p.name == cands[0].name for p in parsed):
            if not _names_overlap(st.name, cands[0].name):
                if not_renamed is not None:
                    not_renamed.append((st, cands[0]))
                continue
            matches[i] = cands[0]
            used.add(cands[0].id)
    _match_same_names(parsed, existing, matches, used, by_order)
    return matches


def _phones(guardians: Iterable[GuardianKey]) -> set[str]:
    return {p for _n, _r, p in guardians if p}


def _guardian_names(guardians: Iterable[GuardianKey]) -> set[str]:
    return {n for n, _r, _p in guardians if n}


def _match_same_names(
    parsed: list[Student],
    existing: list[Existing],
    matches: dict[int, Existing],
    used: set[int],
    by_order: list[tuple[int, Existing]] | None,
) -> None:
    """Pair the same-name students the earlier passes left (two 张伟 and no 学号 to decide).

    A file row whose guardian phones (then guardian names) point at exactly one stored
    namesake, and no other file row points at that one, is that student. If the rest still
    cannot be told apart but their number is unchanged and 学号 cannot decide (one side has
    none), they are paired in file/stored order and listed in ``by_order`` — marking
    them left and adding them again would detach their history.
    """
    rows_by_name: dict[str, list[int]] = defaultdict(list)
    for i, st in enumerate(parsed):
        if i not in matches:
            rows_by_name[st.name].append(i)
    for name, indexes in rows_by_name.items():
        cands = [e for e in existing if e.name == name and e.id not in used]
        if not cands or (len(indexes) == 1 and len(cands) == 1):
            continue  # the unique-name pass already decided this pair (or chose not to)
        for key in (_phones, _guardian_names):
            claims: dict[int, list[int]] = defaultdict(list)  # stored id -> file rows
            picks: dict[int, Existing] = {}
            for i in indexes:
                mine = key((g.name, g.relation, g.phone) for g in parsed[i].guardians)
                hits = [e for e in cands if mine & key(e.guardians)]
                if len(hits) == 1:
                    picks[i] = hits[0]
                    claims[hits[0].id].append(i)
            for i, ex in picks.items():
                if len(claims[ex.id]) == 1:
                    matches[i] = ex
                    used.add(ex.id)
            indexes = [i for i in indexes if i not in matches]
            cands = [e for e in cands if e.id not in used]
        active = [e for e in cands if e.active]
        no_student_no = all(not parsed[i].student_no for i in indexes) or all(
            not e.student_no for e in active
        )
        if indexes and len(indexes) == len(active) and no_student_no:
            for i, ex in zip(indexes, active, strict=True):
                matches[i] = ex
                used.add(ex.id)
                if by_order is not None:
                    by_order.append((i, ex))


def _who(guardian_names: Iterable[str | None], student_no: str | None = None) -> str:
    """A same-name student as a teacher recognises them: 学号 and guardian names, no phones."""
    names = [n for n in guardian_names if n]
    parts = [f"学号 {student_no}"] if student_no else []
    parts.append("家长 " + "、".join(names) if names else "无家长信息")
    return "，".join(parts)


def _repeated(names: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    repeated: set[str] = set()
    for name in names:
        (repeated if name in seen else seen).add(name)
    return repeated
