"""The hash chain, pure: canonical content is stable; any change to a stored entry is caught."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from classgroup_desktop.core.logchain import (
    GENESIS_HASH,
    AttachmentRef,
    LogEntry,
    PinnedHead,
    canonical_content,
    hash_of_entry,
    kind_from_text,
    verify_entries,
)


def _chain(n: int) -> list[LogEntry]:
    entries: list[LogEntry] = []
    prev = GENESIS_HASH
    for i in range(1, n + 1):
        e = LogEntry(
            id=i,
            class_id=1,
            class_name="三年级2班",
            kind="reminder",
            member=f"成员{i}",
            identity={"kind": "parent", "students": ["张三"]},
            rule="入群-2",
            description=f"第{i}次",
            occurred_at=datetime(2026, 11, i, 9),
            recorded_at=datetime(2026, 11, i, 10),
            recorded_by="李老师",
            voids_entry_id=None,
            attachments=(AttachmentRef("a.png", "ab" * 32),),
            prev_hash=prev,
            entry_hash="",
        )
        e = dataclasses.replace(e, entry_hash=hash_of_entry(e))
        entries.append(e)
        prev = e.entry_hash
    return entries


def test_intact_chain_verifies():
    report = verify_entries(_chain(5))
    assert report.ok and report.checked == 5 and report.head == _chain(5)[-1].entry_hash


def test_empty_chain_is_intact_with_genesis_head():
    report = verify_entries([])
    assert report.ok and report.head == GENESIS_HASH


def test_canonical_content_ignores_attachment_order_and_identity_key_order():
    base = dict(
        id=1,
        class_id=1,
        kind="note",
        member=None,
        rule=None,
        description="",
        occurred_at=datetime(2026, 1, 1),
        recorded_at=datetime(2026, 1, 1),
        recorded_by=None,
        voids_entry_id=None,
        prev_hash=GENESIS_HASH,
    )
    a = canonical_content(identity={"a": 1, "b": [1]}, attachments=[("x", "1"), ("y", "2")], **base)
    b = canonical_content(
        identity={"b": (1,), "a": 1}, attachments=[("y", "2"), ("x", "1")], **base
    )
    assert a == b


FIELDS = {
    "kind": "clear-out",
    "member": "别人",
    "identity": {"kind": "teacher"},
    "rule": "宗旨-2",
    "description": "改过",
    "occurred_at": datetime(2025, 1, 1),
    "recorded_at": datetime(2025, 1, 1),
    "recorded_by": "别人",
    "voids_entry_id": 1,
    "class_id": 2,
    "attachments": (AttachmentRef("b.png", "cd" * 32),),
}


@given(st.sampled_from(sorted(FIELDS)), st.integers(min_value=0, max_value=4))
def test_changing_any_hashed_field_of_any_entry_is_caught_at_that_entry(field, index):
    entries = _chain(5)
    entries[index] = dataclasses.replace(entries[index], **{field: FIELDS[field]})
    report = verify_entries(entries)
    assert not report.ok and report.first_bad_id == index + 1


def test_deleted_entry_is_caught_at_the_next_one():
    entries = _chain(5)
    del entries[2]
    report = verify_entries(entries)
    assert not report.ok and report.first_bad_id == 4 and "删除" in report.message


def test_swapped_entries_are_caught():
    entries = _chain(5)
    entries[1], entries[2] = entries[2], entries[1]
    assert verify_entries(entries).first_bad_id == 3


def test_message_names_the_entry_by_number_date_kind_and_member():
    entries = _chain(3)
    entries[1] = dataclasses.replace(entries[1], description="x")
    assert verify_entries(entries).message.startswith("第 2 条记录（2026-11-02 提醒 成员2）被改动")


def test_altered_attachment_reported_with_its_file_name():
    report = verify_entries(_chain(3), bad_attachments={2: "a.png"})
    assert report.first_bad_id == 2 and "a.png" in report.message


def test_truncated_tail_caught_against_a_printed_head():
    entries = _chain(5)
    printed = entries[-1].entry_hash
    assert verify_entries(entries, expected_head=printed).ok
    report = verify_entries(entries[:3], expected_head=printed)
    assert not report.ok and report.first_bad_id is None


PIN = "三年级2班 2026-11 月报"


def test_pinned_head_of_a_finalised_report_still_in_the_chain_is_fine():
    entries = _chain(5)
    pins = [PinnedHead(PIN, entries[2].entry_hash), PinnedHead("2026-10 学校汇总", GENESIS_HASH)]
    assert verify_entries(entries, pinned_heads=pins).ok


def test_tail_deleted_after_a_finalised_report_is_caught_with_the_report_named():
    entries = _chain(5)
    pins = [PinnedHead(PIN, entries[-1].entry_hash)]
    report = verify_entries(entries[:4], pinned_heads=pins)
    assert not report.ok and report.first_bad_id is None
    assert report.message.startswith(
        f"三年级2班 2026-11 月报定稿时记录链末端为 {entries[-1].entry_hash[:12]}…，"
        "该记录已不在链中：定稿后有记录被删除"
    )
    assert "现存最后一条是第 4 条记录" in report.message


def test_whole_log_emptied_after_a_finalised_report_is_caught():
    pins = [PinnedHead(PIN, _chain(2)[-1].entry_hash)]
    report = verify_entries([], pinned_heads=pins)
    assert not report.ok and "现在记录是空的" in report.message


def test_tail_added_after_the_last_pin_and_deleted_is_not_detectable():
    # The documented limit: entries newer than every recorded head can vanish unseen.
    entries = _chain(5)
    pins = [PinnedHead(PIN, entries[2].entry_hash)]
    assert verify_entries(entries[:4], pinned_heads=pins).ok


def test_missing_ids_are_named_in_the_message():
    entries = _chain(6)
    del entries[1:4]  # ids 2, 3, 4
    report = verify_entries(entries)
    assert not report.ok and report.first_bad_id == 5
    assert report.message.startswith("第 2–4 条记录缺失：第 5 条记录")
    one = _chain(3)
    del one[1]
    assert verify_entries(one).message.startswith("第 2 条记录缺失")


def _relink(entries: list[LogEntry]) -> list[LogEntry]:
    """Recompute every link and hash, as a forger who knows the format would."""
    out: list[LogEntry] = []
    prev = GENESIS_HASH
    for e in entries:
        e = dataclasses.replace(e, prev_hash=prev)
        e = dataclasses.replace(e, entry_hash=hash_of_entry(e))
        out.append(e)
        prev = e.entry_hash
    return out


def test_void_of_an_entry_not_in_the_chain_is_caught():
    entries = _chain(3)
    entries[2] = dataclasses.replace(entries[2], kind="void", voids_entry_id=9)
    report = verify_entries(_relink(entries))
    assert not report.ok and report.first_bad_id == 3 and "第 9 条记录不在链中" in report.message
    entries[2] = dataclasses.replace(entries[2], voids_entry_id=1)
    assert verify_entries(_relink(entries)).ok


def test_forged_relinked_chain_is_caught_by_id_gap_or_pinned_head():
    # Deleting an entry in the middle and re-hashing everything after it yields a valid-looking
    # chain; the head stored in a finalised report is what exposes it.
    entries = _chain(5)
    pins = [PinnedHead(PIN, entries[-1].entry_hash)]
    forged = _relink([e for e in entries if e.id != 3])
    report = verify_entries(forged)
    assert not report.ok and report.first_bad_id == 4 and "第 3 条记录缺失" in report.message
    renumbered = _relink([dataclasses.replace(e, id=i) for i, e in enumerate(forged, start=1)])
    assert verify_entries(renumbered).ok  # a careful forger renumbers too …
    assert not verify_entries(renumbered, pinned_heads=pins).ok  # … the finalised head catches it


def test_kind_from_text_accepts_english_and_chinese():
    assert kind_from_text("清退") == "clear-out"
    assert kind_from_text("reminder") == "reminder"
    assert kind_from_text("删除") is None
