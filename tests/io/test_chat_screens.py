"""Chat screenshots drawn with Qt (WeChat-like, light and dark, PNG and 720 px JPEG) read by the
real offline OCR engine: who said what (the teacher's own green bubbles without a name), grey
system lines as events, overlapping screenshots merged. Kept to a handful of OCR runs."""

from __future__ import annotations

import re

import pytest
from helpers.chat_gen import CHAT, DARK, LIGHT, Msg, render_chat_shot, render_strip
from helpers.screens_gen import render_photo, save

from classgroup_desktop.core.chat_parse import messages_from_sided
from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.io.chat_screens import merge_chat_shots, read_chat_screens, read_chat_shot


def key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


def expected(msgs: list[Msg]) -> list[tuple[str, str | None, str]]:
    return [(m.side, m.sender, key(m.text)) for m in msgs if not re.match(r"^\d+月", m.text)]


def read(lines) -> list[tuple[str, str | None, str]]:
    return [(ln.side, ln.sender, key(ln.text)) for ln in lines]


@pytest.mark.parametrize(
    "theme,suffix,width",
    [(LIGHT, ".png", None), (DARK, ".jpg", 720)],
    ids=["light PNG 1080", "dark JPEG 720"],
)
def test_chat_screenshot_gives_senders_texts_and_events(tmp_path, theme, suffix, width):
    strip, _ = render_strip(CHAT, 1080, theme)
    path = save(render_chat_shot(strip, 0, 2800, theme), tmp_path / f"chat{suffix}",
                quality=70 if suffix == ".jpg" else -1, width=width)
    lines = read_chat_shot(path)
    assert read(lines) == expected(CHAT)
    assert all(ln.time is not None and ln.time.hour == 8 for ln in lines), "the centred time"
    messages = messages_from_sided([(ln.side, ln.sender, ln.text, ln.time) for ln in lines])
    assert messages[0].sender is None and messages[0].self_sent
    events = [m.event.type for m in messages if m.event]
    assert events == ["invite", "removed"]


def test_overlapping_screenshots_are_merged_each_message_once(tmp_path):
    msgs = CHAT + [Msg("left", f"第{i}个问题：明天要带{w}吗", "张三妈妈")
                   for i, w in enumerate(["水杯", "跳绳", "雨伞", "课本", "彩笔", "饭盒"], 1)]
    strip, _ = render_strip(msgs, 720, LIGHT)
    height = 1560  # 1296 px of chat visible at 720 px wide
    offsets = [0, 1000, strip.height() - 1250]  # overlaps of ≈ 300 and ≈ 750 px
    shots = [render_chat_shot(strip, off, height, LIGHT) for off in offsets]
    paths = [save(s, tmp_path / f"s{i}.jpg", quality=80) for i, s in enumerate(shots)]
    got = read_chat_screens(paths)
    assert read(got.lines) == expected(msgs)
    assert got.warnings == ()


def test_merge_keeps_the_whole_reading_of_a_message_cut_at_the_edge():
    from classgroup_desktop.io.chat_screens import ChatLine

    a = [ChatLine("left", "张三妈妈", "收到", None, 1, "a"),
         ChatLine("left", "李四爸爸", "明天要带水", None, 1, "a", True)]
    b = [ChatLine("left", "李四爸爸", "明天要带水杯吗", None, 1, "b", True),
         ChatLine("right", None, "要的", None, 1, "b")]
    merged, warnings = merge_chat_shots([a, b])
    assert [ln.text for ln in merged] == ["收到", "明天要带水杯吗", "要的"]
    assert warnings == []


def test_a_photo_is_not_a_chat_screenshot(tmp_path):
    path = save(render_photo(), tmp_path / "photo.png")
    with pytest.raises(BadInputError) as err:
        read_chat_shot(path)
    assert "photo.png" in err.value.full_message


def test_cli_screens_give_teacher_self_for_right_bubbles(tmp_path, capsys):
    import json

    from classgroup_desktop.cli.main import main
    from classgroup_desktop.services.classes import create_class
    from classgroup_desktop.store.db import open_database

    db = open_database(tmp_path / "x.sqlite3")
    create_class(db, "三年级(2)班")
    db.dispose()
    strip, _ = render_strip(CHAT, 720, LIGHT)
    path = save(render_chat_shot(strip, 0, 1900, LIGHT), tmp_path / "c.jpg", quality=75)
    code = main(["--db", str(tmp_path / "x.sqlite3"), "chat-review", "--class", "三年级(2)班",
                 "--screens", str(path), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    first = data["messages"][0]
    assert first["sender"] is None and first["identity"]["kind"] == "teacher-self"
    assert first["flags"] == []
    ad = next(m for m in data["messages"] if m["sender"] == "王五")
    assert {f["rule"] for f in ad["flags"]} >= {"家长-3"}
