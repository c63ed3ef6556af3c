"""群聊巡查 use cases: senders resolved by the member check, saved reviews keep only flagged
messages, a flagged message logged with its text as evidence, a removal closes a clear-out."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from classgroup_desktop.core.naming import MemberInput
from classgroup_desktop.services import audit, chat_actions, chat_review, log, log_chain
from classgroup_desktop.services.chat_input import read_chat
from classgroup_desktop.services.pending import NOT_CLEARED, pending_items
from classgroup_desktop.store.models import ChatFlaggedMessageRow, ChatReviewRow
from tests.services.test_audit import CLASS, make_class

NOW = datetime(2026, 11, 20, 12, 0)
CHAT = """李建国 2026/11/18 08:00
各位家长好，本学期资料费每人35元，请在学校缴费系统缴费。
张三妈妈 2026/11/18 08:05
收到
推销小王 2026/11/18 08:10
暑期培训班招生，加 微 信领优惠
“张三妈妈”邀请“王五”加入了群聊
李四爸爸 2026/11/18 09:00
老师，今天的作业是什么？
李四爸爸 2026/11/18 09:30
学校也太不负责了，我要投诉
你将“推销小王”移出了群聊
"""


@pytest.fixture
def cdb(db):
    make_class(db)
    audit.run_check(db, CLASS, [MemberInput(n) for n in
                                ("李建国", "张三妈妈", "李四爸爸", "推销小王")],
                    source="test", save=True, now=NOW - timedelta(days=10))
    return db


def run(db, text=CHAT, **kw):
    chat = read_chat(db, CLASS, text=text)
    return chat_review.review_chat(db, CLASS, chat.messages, source=chat.source, now=NOW, **kw)


def test_senders_get_identities_from_the_member_check(cdb):
    result = run(cdb)
    by_sender = {m.message.sender: m.identity for m in result.messages if m.message.sender}
    assert by_sender["李建国"]["kind"] == "teacher"
    assert by_sender["张三妈妈"]["students"] == ["张三"]
    assert by_sender["推销小王"]["kind"] is None
    flagged = {m.message.position: m.rules for m in result.messages if m.flags}
    assert flagged == {3: ("入群-1", "家长-3"), 4: ("家长-4",), 6: ("家长-1",)}
    assert result.joined == ("王五",)
    assert result.invited_by == {"王五": "张三妈妈"}


def test_saved_review_stores_only_flagged_messages_and_counts(cdb):
    result = run(cdb, save=True)
    assert result.review_id is not None
    with cdb.read() as s:
        row = s.get(ChatReviewRow, result.review_id)
        assert (row.message_count, row.flagged_count) == (7, 3)
        assert row.by_rule == {"入群-1": 1, "家长-1": 1, "家长-3": 1, "家长-4": 1}
        assert row.period_start == datetime(2026, 11, 18, 8, 0)
        texts = [m.text for m in s.scalars(select(ChatFlaggedMessageRow))]
    assert "收到" not in texts and not any("资料费" in t for t in texts)
    assert len(texts) == 3
    (summary,) = chat_review.list_reviews(cdb, CLASS, "2026-11")
    assert summary.flagged == 3 and summary.joined[0]["nickname"] == "王五"


def test_unsaved_review_writes_nothing(cdb):
    run(cdb)
    with cdb.read() as s:
        assert s.scalar(select(func.count()).select_from(ChatReviewRow)) == 0


def test_log_entry_from_a_message_carries_the_message_as_hashed_text_evidence(cdb):
    result = run(cdb)
    entry = chat_actions.record_message(cdb, result, 6, "家长-1", now=NOW)
    assert (entry.kind, entry.member, entry.rule) == ("reminder", "李四爸爸", "家长-1")
    assert entry.occurred_at == datetime(2026, 11, 18, 9, 30)
    (ref,) = entry.attachments
    assert ref.file_name.startswith(chat_review.CHAT_EVIDENCE_PREFIX)
    content = log.attachment_content(cdb, ref.sha256)
    assert hashlib.sha256(content).hexdigest() == ref.sha256
    text = content.decode("utf-8")
    assert "学校也太不负责了，我要投诉" in text and "2026-11-18 09:30" in text
    assert log_chain.verify_chain(cdb).ok


def test_reminder_for_a_complaint_asks_to_contact_the_teacher_directly(cdb):
    result = run(cdb)
    complaint = chat_actions.reminder_text(cdb, result, 6, "家长-1")
    ad = chat_actions.reminder_text(cdb, result, 3, "家长-3")
    assert "@李四爸爸" in complaint and "直接" in complaint and "家长-1" in complaint
    assert "@推销小王" in ad and "家长-3" in ad and "不在群内发布广告" in ad


def test_invite_by_a_parent_is_logged_and_reminded_against_the_inviter(cdb):
    result = run(cdb)
    entry = chat_actions.record_message(cdb, result, 4, "家长-4", now=NOW)
    assert (entry.kind, entry.member, entry.rule) == ("reminder", "张三妈妈", "家长-4")
    assert chat_actions.reminder_text(cdb, result, 4, "家长-4").startswith("@张三妈妈")


def test_repeat_sender_gets_the_ladder_suggestion(cdb):
    result = run(cdb)
    chat_actions.record_message(cdb, result, 6, "家长-1", now=NOW)
    outlook = chat_actions.sender_outlook(cdb, CLASS, "李四爸爸", "家长-1", at=NOW)
    assert outlook.earlier_entries == 1
    assert not outlook.suggestions
    assert [s.suggest_kind for s in outlook.after_one_more] == ["clear-out"]
    chat_actions.record_message(cdb, result, 6, "家长-1", now=NOW)
    again = chat_actions.sender_outlook(cdb, CLASS, "李四爸爸", "家长-1", at=NOW)
    assert [s.suggest_kind for s in again.suggestions] == ["clear-out"]


def test_removal_in_a_saved_review_closes_the_pending_clear_out(cdb):
    log.add_entry(cdb, CLASS, "clear-out", member="推销小王", rule="家长-3",
                  occurred_at=NOW - timedelta(days=5), now=NOW)
    audit.run_check(cdb, CLASS, [MemberInput(n) for n in ("李建国", "推销小王")],
                    source="test", save=True, now=NOW - timedelta(days=3))
    assert [(p.kind, p.nickname) for p in pending_items(cdb, CLASS, at=NOW)] == [
        (NOT_CLEARED, "推销小王")]
    text = "李建国 2026/11/19 10:00\n请大家注意群规\n你将“推销小王”移出了群聊\n"
    preview = run(cdb, text)
    assert [p["nickname"] for p in preview.pending_closed] == ["推销小王"]
    assert pending_items(cdb, CLASS, at=NOW), "an unsaved review closes nothing"
    saved = run(cdb, text, save=True)
    assert saved.pending_closed and pending_items(cdb, CLASS, at=NOW) == []
    note = log.list_entries(cdb, CLASS)[-1]
    assert note.kind == "note" and note.member == "推销小王" and note.attachments
    assert "移出了群聊" in log.attachment_content(cdb, note.attachments[0].sha256).decode()


def test_removal_before_the_clear_out_closes_nothing(cdb):
    log.add_entry(cdb, CLASS, "clear-out", member="推销小王", rule="家长-3",
                  occurred_at=NOW - timedelta(days=1), now=NOW)
    audit.run_check(cdb, CLASS, [MemberInput("推销小王")], source="t", save=True,
                    now=NOW - timedelta(hours=1))
    text = "李建国 2026/11/10 10:00\n通知\n“推销小王”退出了群聊\n"
    assert run(cdb, text, save=True).pending_closed == ()
    assert [p.nickname for p in pending_items(cdb, CLASS, at=NOW)] == ["推销小王"]


def test_empty_chat_is_a_user_error(cdb):
    from classgroup_desktop.core.errors import BadInputError

    with pytest.raises(BadInputError):
        read_chat(cdb, CLASS, text="  \n ")


def test_monthly_report_has_the_chat_section_with_counts_and_actions(cdb, tmp_path):
    import shutil
    import subprocess

    from openpyxl import load_workbook

    from classgroup_desktop.io.report_pdf import write_pdf
    from classgroup_desktop.io.report_xlsx import write_xlsx
    from classgroup_desktop.services.report import build_class_report

    assert build_class_report(cdb, CLASS, "2026-11", NOW).chat is None
    result = run(cdb, save=True)
    chat_actions.record_message(cdb, result, 6, "家长-1", now=NOW)
    report = build_class_report(cdb, CLASS, "2026-11", NOW)
    assert report.chat is not None
    assert (report.chat.reviews, report.chat.messages, report.chat.flagged) == (1, 7, 3)
    assert {x.rule: x.count for x in report.chat.by_rule}["家长-3"] == 1
    assert report.chat.actions == 1
    assert "本月巡查 1 次" in report.chat.line and "据此记录 1 条" in report.chat.line
    write_xlsx(report, tmp_path / "r.xlsx")
    ws = load_workbook(tmp_path / "r.xlsx")["本月巡查"]
    assert [c.value for c in ws[2]][:3] == [1, 7, 3]
    if shutil.which("pdftotext"):
        write_pdf(report, tmp_path / "r.pdf", resolution=150)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "r.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "本月巡查 1 次" in text.replace("\n", "")


def test_joined_members_go_to_the_next_member_check_as_pending(cdb):
    from classgroup_desktop.services.pending import NEW_MEMBER

    run(cdb, save=True)
    items = [(p.kind, p.nickname) for p in pending_items(cdb, CLASS, at=NOW)]
    assert items == [(NEW_MEMBER, "王五")]
    assert "张三妈妈" in pending_items(cdb, CLASS, at=NOW)[0].detail
    audit.run_check(cdb, CLASS, [MemberInput(n) for n in ("李建国", "王五")], source="t",
                    save=True, now=NOW + timedelta(minutes=1))
    assert pending_items(cdb, CLASS, at=NOW + timedelta(minutes=2)) == []
