"""The member check (入群-2): who complies with the naming rule, who must rename, who is unknown.

How a nickname is read (``check_members``):
1. Cosmetic differences are removed (``text.cosmetic_key``); traditional characters are mapped to
   simplified for *matching* only, so 高梓萱媽媽 is recognised but still asked to rename.
2. The key is tokenised left to right against an index built once per roster: roster names
   (longest match wins, so 李明轩 beats 李明), names in pinyin inside Latin runs, relation words
   (妈妈, 麻麻, Mom …), teacher words (老师, 班主任, subjects), digits (学号, phone numbers) and
   leftover text. Each position tries only the name lengths present in the roster, so a check is
   linear in the number of members; nothing is scored pair by pair.
3. The tokens give an identity (parent of students / teacher / nobody). The member is ``ok`` when
   its key equals the key of a compliant nickname for that identity, ``rename`` (with the exact
   compliant nickname to ask for) when not, ``unknown`` when nobody can be determined.
4. A class-level pass flags duplicates, teacher impersonation and same-name ambiguity, and finds
   the students whose families are not in the group.

Same-name students are told apart by 学号: their identity label is ``张伟（05）`` and the
compliant nickname the check asks for is ``张伟05妈妈`` (``05张伟妈妈`` is accepted too).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from classgroup_desktop.core.guardian_reader import also_guardian_note, read_guardian
from classgroup_desktop.core.name_index import build_index
from classgroup_desktop.core.nickname_reader import (
    CLEAR_OUT_HINT,
    Reading,
    read_compliant,
    read_confirmed,
    read_nickname,
    read_truncated,
)
from classgroup_desktop.core.phrase_evidence import WordLookup, doubtful_names
from classgroup_desktop.core.policy import DEFAULT_POLICY, NamingPolicy
from classgroup_desktop.core.roster import ClassRoster
from classgroup_desktop.core.screen_verdicts import read_cut_after_class_label, read_unreadable
from classgroup_desktop.core.text import cosmetic_key
from classgroup_desktop.core.verdict import CheckResult, Identity, MemberInput, Verdict

# How WeChat ends a cut name. Three typed dots stay cosmetic here (张三妈妈... is a whole
# nickname); the list readers decide whether their "..." means a cut.
TRUNCATION_MARKS = ("…", "⋯")

__all__ = [
    "DEFAULT_POLICY", "NamingPolicy", "MemberInput", "Identity", "Verdict", "CheckResult",
    "nickname_key", "check_members",
]


def nickname_key(nickname: str) -> str:
    """The nickname without cosmetic differences: the key for confirmations and diffs."""
    return cosmetic_key(nickname or "")


def check_members(
    roster: ClassRoster,
    members: Sequence[MemberInput | str],
    policy: NamingPolicy = DEFAULT_POLICY,
    confirmations: Mapping[str, str] | None = None,
    words: WordLookup | None = None,
) -> CheckResult:
    """Check every member's nickname against the roster under ``policy``.

    Returns one verdict per input member, in input order, plus counts by status, the active
    students no parent member names, and the students reached by more members than the policy
    allows. Never raises on odd text: anything unreadable is ``unknown``. ``words`` (a
    dictionary lookup, word -> frequency) lets a name written inside an everyday phrase
    (高山流水) be doubted instead of counting the family as reached.
    """
    index = build_index(roster)
    confirmed = {k: v for k, v in (confirmations or {}).items() if k}
    inputs = [m if isinstance(m, MemberInput) else MemberInput(str(m)) for m in members]
    readings: list[Reading] = []
    keys: list[str] = []
    for m in inputs:
        nickname = m.nickname if isinstance(m.nickname, str) else str(m.nickname)
        key = nickname_key(nickname)
        keys.append(key)
        if m.unreadable:  # a screenshot cell whose name OCR could not read
            readings.append(read_unreadable())
        elif key in confirmed:
            readings.append(read_confirmed(confirmed[key], index, policy))
        elif m.truncated or (key and nickname.rstrip().endswith(TRUNCATION_MARKS)):
            readings.append(read_cut_after_class_label(nickname, index, policy)
                            or read_truncated(nickname, index, policy))
        else:
            reading = (read_compliant(key, index, policy) or read_guardian(key, index, policy)
                       or read_nickname(nickname, index, policy))
            if reading.identity.kind == "teacher" and reading.claim_by_name:
                reading.reason += also_guardian_note(key, index)
            readings.append(reading)
    if words is not None:
        _doubt_phrases(readings, words)
    _flag_teacher_claims(readings)
    _flag_duplicates(readings)
    _flag_truncated_duplicates(readings, keys)

    verdicts = tuple(
        Verdict(position=i + 1, nickname=m.nickname, normalized=keys[i], status=r.status,
                identity=r.identity, suggestion=r.suggestion,
                flags=tuple(dict.fromkeys(r.flags)), reason=r.reason)
        for i, (m, r) in enumerate(zip(inputs, readings, strict=True))
    )
    counts = {"ok": 0, "rename": 0, "unknown": 0}
    for v in verdicts:
        counts[v.status] += 1
    reached: dict[int, int] = defaultdict(int)
    for r in readings:
        if r.identity.kind == "parent" and not r.ambiguous:
            for p in set(map(id, r.people)):
                reached[p] += 1
    without = tuple(p.label for p in index.students if id(p) not in reached)
    over = tuple(p.label for p in index.students
                 if reached.get(id(p), 0) > policy.max_members_per_student)
    return CheckResult(roster.class_name, verdicts, counts, without, over)


def _doubt_phrases(readings: list[Reading], words: WordLookup) -> None:
    # 高山流水 names 高山 only by accident of words: keep the verdict, count no family for it.
    for r in readings:
        if r.identity.kind != "parent" or r.ambiguous or not r.tokens:
            continue
        doubtful = doubtful_names(r.tokens, r.text, words)
        if not doubtful:
            continue
        weak = {id(p) for t in doubtful for p in t.persons}
        r.people = tuple(p for p in r.people if id(p) not in weak)
        r.flags.append("phrase")
        quoted = "”“".join(dict.fromkeys(t.quoted for t in doubtful))
        r.reason = f"昵称里有“{quoted}”，但也可能只是词语，请核实。{r.reason}"


def _flag_teacher_claims(readings: list[Reading]) -> None:
    # Impersonation is the known fraud vector (an impostor with the head teacher's name collects
    # "fees"). The first member claiming a teacher by name keeps the claim; every other claimant
    # of that teacher — a later one with the same name, or a bare title like 班主任 while the
    # teacher is present — is flagged and not trusted.
    claims: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(readings):
        if r.claim is not None and "confirmed" not in r.flags:
            claims[id(r.claim)].append(i)
    for members in claims.values():
        if len(members) < 2:
            continue
        by_name = [i for i in members if readings[i].claim_by_name]
        keeper = by_name[0] if by_name else members[0]
        teacher = readings[keeper].claim
        assert teacher is not None
        for i in members:
            r = readings[i]
            r.flags.append("duplicate")
            if i == keeper:
                r.reason += f"另有成员也自称{teacher.name}老师，请核实是否有人冒充。"
                continue
            r.flags.append("impersonation")
            # Not trusted as that teacher: no identity, so nothing downstream (log, reports)
            # files the impostor under the real teacher's name.
            r.status, r.suggestion, r.identity = "unknown", None, Identity()
            r.reason = (f"{teacher.name}老师已在群里（第 {keeper + 1} 位），这位成员也自称该老师，"
                        f"疑似冒充：{CLEAR_OUT_HINT}。")


def _flag_truncated_duplicates(readings: list[Reading], keys: list[str]) -> None:
    # Several members showing the same cut name (three 欧阳娜娜…) may be one family's parents
    # or one account copied: the teacher has to look at the full names in WeChat.
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(readings):
        if "truncated" in r.flags and r.identity.kind is not None:
            groups[keys[i]].append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        for i in members:
            r = readings[i]
            if "duplicate" in r.flags:
                continue
            r.flags.append("duplicate")
            others = "、".join(str(j + 1) for j in members if j != i)
            r.reason += f"第 {others} 位成员的昵称也显示为这几个字，请在微信中核对是否重复。"


def _flag_duplicates(readings: list[Reading]) -> None:
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(readings):
        if r.identity.kind != "parent" or r.ambiguous or r.status == "unknown":
            continue
        if r.identity.relation is None:
            # The student's name alone is allowed for any guardian: two such accounts can be
            # both parents (too many accounts per student is what over_limit reports). And a
            # truncated 欧阳娜… may well be 欧阳娜娜妈妈.
            continue
        groups[(r.identity.students, r.identity.relation)].append(i)
    for (students, relation), members in groups.items():
        if len(members) < 2:
            continue
        who = "、".join(students) + (relation or "")
        for i in members:
            readings[i].flags.append("duplicate")
            others = "、".join(str(j + 1) for j in members if j != i)
            readings[i].reason += f"第 {others} 位成员也是“{who}”，请核实是否重复或有人冒用。"
