"""Copied chat text, table rows and WeChat system lines read into messages and events."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classgroup_desktop.core.chat_parse import (
    messages_from_rows,
    messages_from_sided,
    parse_copied,
    parse_datetime,
    parse_system,
)

WINDOWS = """李建国:
明天上午8点开家长会。
请准时参加。
张三妈妈:
收到
李四爸爸:
老师，作业是什么？
"""

MAC = """李建国 2026/11/3 08:12
明天上午8点开家长会。
张三妈妈 2026/11/3 08:15
收到
李四爸爸 2026-11-03 09:01
老师，作业是什么？
"""


def senders(messages):
    return [(m.sender, m.text) for m in messages]


def test_windows_copy_gives_one_message_per_nickname_header_with_multiline_content():
    got = parse_copied(WINDOWS)
    assert senders(got) == [
        ("李建国", "明天上午8点开家长会。\n请准时参加。"),
        ("张三妈妈", "收到"),
        ("李四爸爸", "老师，作业是什么？"),
    ]
    assert [m.position for m in got] == [1, 2, 3]
    assert all(m.time is None and m.kind == "text" for m in got)


def test_mac_copy_reads_nickname_and_time_from_the_header():
    got = parse_copied(MAC)
    assert senders(got) == [
        ("李建国", "明天上午8点开家长会。"),
        ("张三妈妈", "收到"),
        ("李四爸爸", "老师，作业是什么？"),
    ]
    assert [m.time for m in got] == [
        datetime(2026, 11, 3, 8, 12), datetime(2026, 11, 3, 8, 15), datetime(2026, 11, 3, 9, 1)
    ]


@pytest.mark.parametrize(
    "content_line",
    ["今天的作业如下:", "语文:", "1. 注意事项:", "请带好以下物品:", "时间：", "各位家长:"],
    ids=lambda s: f"content line {s} stays in the message",
)
def test_content_line_ending_in_colon_is_not_a_sender(content_line):
    text = f"李建国:\n{content_line}\n第一项\n张三妈妈:\n收到\n"
    got = parse_copied(text, ["李建国", "张三妈妈"])
    assert senders(got) == [("李建国", f"{content_line}\n第一项"), ("张三妈妈", "收到")]


def test_mac_content_line_ending_in_a_date_is_not_a_header():
    text = ("李建国 2026/11/3 08:12\n请注意：\n家长会时间 2026/11/5 15:00\n"
            "张三妈妈 2026/11/3 08:15\n收到\n")
    assert senders(parse_copied(text, ["李建国", "张三妈妈"])) == [
        ("李建国", "请注意：\n家长会时间 2026/11/5 15:00"), ("张三妈妈", "收到")]


def test_known_nickname_that_reads_like_a_list_header_is_still_a_sender():
    # 三年级(2)班通知 has punctuation and ends in 通知: only the class's nickname list knows it.
    text = "李建国:\n下午放学\n三年级(2)班通知:\n明天停课\n"
    assert senders(parse_copied(text)) == [("李建国", "下午放学\n三年级(2)班通知:\n明天停课")]
    assert senders(parse_copied(text, ["三年级(2)班通知", "李建国"])) == [
        ("李建国", "下午放学"), ("三年级(2)班通知", "明天停课")]


def test_outsider_the_class_does_not_know_is_still_a_sender_mid_stream():
    text = "李建国:\n今天作业如下:\n1. 语文第12课\n宝宝辅导班招生:\n暑期班招生，加微信\n"
    got = parse_copied(text, ["李建国"])
    assert senders(got) == [
        ("李建国", "今天作业如下:\n1. 语文第12课"), ("宝宝辅导班招生", "暑期班招生，加微信")]


SYSTEM_LINES = [
    ("“张三妈妈”邀请“李四”加入了群聊", "invite", "张三妈妈", ("李四",)),
    ("你邀请“李四”、“王五”加入了群聊", "invite", None, ("李四", "王五")),
    ("“王五”通过扫描“张三妈妈”分享的二维码加入群聊", "qr_join", "张三妈妈", ("王五",)),
    ("“王五”通过扫描你分享的二维码加入群聊", "qr_join", None, ("王五",)),
    ("你将“李四”移出了群聊", "removed", None, ("李四",)),
    ("“李四”被移出群聊", "removed", None, ("李四",)),
    ("“赵六”退出了群聊", "left", "赵六", ("赵六",)),
    ("“张三妈妈”撤回了一条消息", "recall", "张三妈妈", ()),
    ("你撤回了一条消息 重新编辑", "recall", None, ()),
    ("“王芳”修改群名为“三年级二班家长群”", "rename_group", "王芳", ()),
]


@pytest.mark.parametrize("line,kind,actor,members", SYSTEM_LINES, ids=[s[0] for s in SYSTEM_LINES])
def test_every_system_line_is_an_event(line, kind, actor, members):
    event = parse_system(line)
    assert event is not None
    assert (event.type, event.actor, event.members) == (kind, actor, members)


@pytest.mark.parametrize(
    "line",
    ["大家邀请朋友加入了群聊吗？哈哈", "收到", "我退出了群聊怎么办", "老师撤回了吗"],
)
def test_speech_about_groups_is_not_a_system_line(line):
    assert parse_system(line) is None


def test_system_lines_in_copied_text_are_system_messages_not_speech():
    text = "张三妈妈:\n收到\n“张三妈妈”邀请“李四”加入了群聊\n李四:\n大家好\n你将“李四”移出了群聊\n"
    got = parse_copied(text)
    assert [(m.kind, m.sender) for m in got] == [
        ("text", "张三妈妈"), ("system", None), ("text", "李四"), ("system", None)]
    assert got[1].event.type == "invite" and got[3].event.type == "removed"
    assert got[1].event.to_dict() == {"type": "invite", "actor": "张三妈妈", "members": ["李四"]}


def test_table_rows_give_messages_with_times_and_system_rows_become_events():
    rows = [
        ("2026-11-03 08:12", "李建国", "明天开家长会"),
        (datetime(2026, 11, 3, 8, 13), "张三妈妈", "收到"),
        ("08:20", "", "“赵六”退出了群聊"),
        (None, None, None),
    ]
    got = messages_from_rows(rows, today=date(2026, 11, 3))
    assert [(m.kind, m.sender, m.time) for m in got] == [
        ("text", "李建国", datetime(2026, 11, 3, 8, 12)),
        ("text", "张三妈妈", datetime(2026, 11, 3, 8, 13)),
        ("system", None, datetime(2026, 11, 3, 8, 20)),
    ]


def test_screenshot_rows_right_side_is_the_teacher_without_sender():
    got = messages_from_sided([("left", "张三妈妈", "收到", None), ("right", None, "好的", None),
                               ("center", None, "“赵六”退出了群聊", None)])
    assert [(m.sender, m.self_sent, m.kind) for m in got] == [
        ("张三妈妈", False, "text"), (None, True, "text"), (None, False, "system")]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2026/11/3 08:12", datetime(2026, 11, 3, 8, 12)),
        ("2026年11月3日 下午3:05", datetime(2026, 11, 3, 15, 5)),
        ("11月3日 上午8:12", datetime(2026, 11, 3, 8, 12)),
        ("昨天 20:01", datetime(2026, 11, 2, 20, 1)),
        ("08:12", datetime(2026, 11, 3, 8, 12)),
        ("2026-11-03T08:12", datetime(2026, 11, 3, 8, 12)),
        ("收到", None),
    ],
)
def test_wechat_times(text, expected):
    assert parse_datetime(text, date(2026, 11, 3)) == expected


@given(st.text(alphabet=st.sampled_from(list("张三妈妈:：\n 收到“”邀请加入了群聊2026/11/3 08:12")),
               max_size=80))
def test_parser_never_raises_and_keeps_positions_in_order(text):
    got = parse_copied(text, ["张三妈妈"])
    assert [m.position for m in got] == list(range(1, len(got) + 1))
    for m in got:
        assert m.kind in ("text", "system")
        assert (m.event is not None) == (m.kind == "system")
