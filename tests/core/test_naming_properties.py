"""Properties of the member check and the member-list parser (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classgroup_desktop.core.naming import MemberInput, check_members, nickname_key
from classgroup_desktop.io.members_reader import parse_member_text

from .test_naming_table import ROSTER, STUDENTS

FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

# Cosmetic noise: what WeChat nicknames carry that the naming rule ignores.
NOISE = [
    " ", "\u3000", "\u00a0", "-", "_", "·", "/", ".", ",", "|", "－", "＿", "／", "，", "｜", "、",
    "(", ")", "（", "）", "【", "】", "[", "]", "「", "」", "《", "》", "~", "～", "*", "★", "☆",
    "🌸", "❤️", "❤", "\ufe0f", "\u200d", "\u200b", "✨", "🌻", "😊", "👨‍👩‍👧", "♥", "✿", "！", "!",
]
UNIQUE_STUDENTS = sorted({n for n in STUDENTS if STUDENTS.count(n) == 1 and n not in (
    "陈晓", "李明")})  # prefix names are covered by the table; here any name may be glued
OK_NICKNAMES = (
    [n + r for n in UNIQUE_STUDENTS for r in ("爸爸", "妈妈")] + UNIQUE_STUDENTS
    + ["李建国", "周文华", "欧阳文", "Emily Smith"]
)


@st.composite
def noisy(draw, text: str) -> str:
    chars = list(text)
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(chars)))
        chars.insert(at, draw(st.sampled_from(NOISE)))
    out = "".join(chars)
    if draw(st.booleans()):
        out = out.upper() if draw(st.booleans()) else out.lower()
    return out


@st.composite
def ok_and_noisy(draw) -> tuple[str, str]:
    base = draw(st.sampled_from(OK_NICKNAMES))
    return base, draw(noisy(base))


@FAST
@given(ok_and_noisy())
def test_cosmetic_noise_never_changes_a_verdict(pair):
    base, decorated = pair
    [clean] = check_members(ROSTER, [base]).verdicts
    [dirty] = check_members(ROSTER, [decorated]).verdicts
    assert clean.status == "ok"
    assert (dirty.status, dirty.identity, dirty.suggestion, dirty.flags) == (
        clean.status, clean.identity, clean.suggestion, clean.flags)


@FAST
@given(ok_and_noisy())
def test_cosmetic_noise_keeps_the_nickname_key(pair):
    base, decorated = pair
    assert nickname_key(decorated) == nickname_key(base)


any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=60)


@FAST
@given(st.lists(st.tuples(any_text, st.booleans()), max_size=8))
def test_engine_never_raises_on_arbitrary_unicode(items):
    members = [MemberInput(text, truncated) for text, truncated in items]
    result = check_members(ROSTER, members)
    assert len(result.verdicts) == len(members)
    assert sum(result.counts.values()) == len(members)
    for v in result.verdicts:
        assert v.status in ("ok", "rename", "unknown")
        assert v.reason
        assert v.status != "rename" or v.suggestion


@settings(max_examples=30, deadline=None)
@given(st.text(min_size=400, max_size=500))
def test_engine_handles_500_character_names(text):
    result = check_members(ROSTER, [text, "张三妈妈" + text, "\x00\x07" + text])
    assert len(result.verdicts) == 3


def test_engine_handles_empty_and_control_only_names():
    result = check_members(ROSTER, ["", "\x00", "\n\t\r", "\u202e\u200f", "\ud800"[:0]])
    assert [v.status for v in result.verdicts] == ["unknown"] * 5


@FAST
@given(any_text)
def test_nickname_key_is_idempotent(text):
    assert nickname_key(nickname_key(text)) == nickname_key(text)


@FAST
@given(st.text(max_size=300))
def test_member_text_parser_never_raises_and_keeps_only_real_lines(text):
    members = parse_member_text(text)
    for m in members:
        assert m.nickname and m.nickname == m.nickname.strip()
        assert "\n" not in m.nickname and "\r" not in m.nickname
        assert m.nickname in text.replace("\t", " ") or m.nickname in text


names_st = st.lists(
    st.text(st.characters(categories=("Lo", "Ll", "Lu", "So")), min_size=1, max_size=12),
    min_size=1, max_size=30,
)


@FAST
@given(names_st, st.sampled_from(["{i}. ", "{i}、", "{i}) ", "{i}）", "（{i}）"]),
       st.sampled_from(["", "#接龙\n请家长按格式接龙\n例 张三妈妈\n\n"]))
def test_numbered_lists_round_trip(names, numbering, header):
    text = header + "\n".join(numbering.format(i=i) + n for i, n in enumerate(names, start=1))
    assert [m.nickname for m in parse_member_text(text)] == names


@FAST
@given(names_st)
def test_plain_lists_round_trip(names):
    assert [m.nickname for m in parse_member_text("\n".join(names) + "\n")] == names


def test_compliant_fast_path_agrees_with_the_full_reading():
    from classgroup_desktop.core.name_index import build_index
    from classgroup_desktop.core.naming import DEFAULT_POLICY
    from classgroup_desktop.core.nickname_reader import _compliant_keys, read_nickname

    index = build_index(ROSTER)
    keys = _compliant_keys(index, DEFAULT_POLICY)
    assert len(keys) > 50
    for key in keys:
        fast = read_compliant_for_test(key, index)
        slow = read_nickname(key, index, DEFAULT_POLICY)
        assert (fast.status, fast.identity, fast.reason, fast.people, fast.claim) == (
            slow.status, slow.identity, slow.reason, slow.people, slow.claim), key


def read_compliant_for_test(key, index):
    from classgroup_desktop.core.naming import DEFAULT_POLICY
    from classgroup_desktop.core.nickname_reader import read_compliant

    reading = read_compliant(key, index, DEFAULT_POLICY)
    assert reading is not None
    return reading


@FAST
@given(st.sampled_from([(n, r) for n in UNIQUE_STUDENTS for r in ("", "爸爸", "妈妈")]),
       st.integers(1, 8))
def test_a_cut_nickname_never_names_someone_else(pair, keep):
    # Any visible start of a compliant nickname: either unknown, or the student it was cut from
    # (never another family, never ok without the truncated flag).
    student, relation = pair
    visible = (student + relation)[:keep]
    [v] = check_members(ROSTER, [MemberInput(visible + "…", truncated=True)]).verdicts
    assert "truncated" in v.flags
    if v.status != "unknown":
        assert v.identity.kind == "parent" and student in v.identity.students, v.reason
