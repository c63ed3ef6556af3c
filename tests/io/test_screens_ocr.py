"""Screenshots drawn with Qt (WeChat-like member pages) read by the real offline OCR engine,
and files that are no usable screenshot at all.

Kept to about a dozen OCR runs (≈ 1 s each on 2 cores); the engine is loaded once per process.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.screens_gen import (
    GROUP_58,
    SERIES_SCROLLS_TOPCUT_DP,
    Shown,
    expected_merged,
    phone_content_height,
    phone_layout,
    phone_series,
    render_chat,
    render_chat_info,
    render_pc_list,
    render_phone,
    render_photo,
    save,
)

from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.io.screens import slices
from classgroup_desktop.services.screens import ScreensResult, read_screens


def key(text: str) -> str:
    """Cosmetic differences (spaces, brackets' width, separators) do not matter to the check."""
    return re.sub(r"[\W_]+", "", text).lower()


def assert_reads(result: ScreensResult, expected: list[Shown]) -> None:
    got = [(key(m.nickname), m.truncated) for m in result.members]
    want = [(key(s.text), s.truncated) for s in expected]
    assert got == want


@pytest.fixture(scope="module")
def shots_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screens")


@pytest.fixture(scope="module")
def light_series(shots_dir):
    shots = phone_series(GROUP_58)
    paths = [save(s.image, shots_dir / f"light{i}.png") for i, s in enumerate(shots)]
    return shots, paths


@pytest.mark.ocr
def test_three_overlapping_phone_shots_give_each_member_once(light_series):
    shots, paths = light_series
    result = read_screens(paths)
    assert len(result.members) == 58
    assert_reads(result, expected_merged(shots))
    assert result.title_count == 58
    assert result.warnings == ()
    cut = [m.nickname for m in result.members if m.truncated]
    assert {"欧阳娜娜", "liangsich", "王一一王"} <= set(cut)
    first = result.members[0]
    assert (first.source.file, first.source.row, first.source.col) == ("light0.png", 1, 1)
    assert all(0.0 <= m.confidence <= 1.0 for m in result.members)
    # every name seen is kept for the preview; repeats in the overlaps are marked as such
    assert sum(c.counted for c in result.cells) == 58
    assert len(result.cells) == sum(len(s.shown) for s in shots)


@pytest.mark.ocr
def test_dark_mode_jpeg_720px_with_a_row_cut_under_the_title_bar(shots_dir):
    shots = phone_series(GROUP_58, SERIES_SCROLLS_TOPCUT_DP, dark=True)
    paths = [
        save(s.image, shots_dir / f"dark{i}.jpg", quality=60, width=720)
        for i, s in enumerate(shots)
    ]
    result = read_screens(paths)
    assert_reads(result, expected_merged(shots))
    assert result.title_count == 58 and result.warnings == ()


@pytest.mark.ocr
def test_a_real_duplicate_nickname_across_the_shot_boundary_stays(shots_dir):
    # Row 4 ends with 张伟妈妈 and row 5 starts with another 张伟妈妈; the second shot starts
    # exactly at row 5, so no row repeats and both members must stay.
    names = list(GROUP_58)
    names[19] = names[20] = "张伟妈妈"
    s = 1080 / 360
    first = render_phone(names, scroll=0, height=1600)
    second = render_phone(names, scroll=429.25 * s, height=1600)
    paths = [save(first.image, shots_dir / "dup0.png"), save(second.image, shots_dir / "dup1.png")]
    result = read_screens(paths)
    assert_reads(result, expected_merged([first, second]))
    assert [key(m.nickname) for m in result.members].count("张伟妈妈") == 2
    assert any("可能漏截了一屏" in w for w in result.warnings)  # 45 of 58 shown


@pytest.mark.ocr
def test_one_long_scrolling_screenshot_is_read_in_slices(shots_dir):
    g = phone_layout(720)
    height = round(g["status"] + g["titlebar"] + phone_content_height(58, 720))
    shot = render_phone(GROUP_58, width=720, height=height)
    path = save(shot.image, shots_dir / "长截图.jpg", quality=80)
    assert len(slices(720, height)) == 2
    result = read_screens([path])
    assert [key(m.nickname) for m in result.members] == [key(s.text) for s in shot.shown]
    assert len(result.members) == 58 and result.warnings == ()
    cut = {m.nickname for m in result.members if m.truncated}
    assert {"欧阳娜娜", "liangsich", "王一一王"} <= cut


@pytest.mark.parametrize(
    "width, height, expected",
    [
        (1080, 2340, [(0, 2340)]),
        (1080, 2700, [(0, 2700)]),  # a little taller than a phone: still one read
        (720, 2372, [(0, 1584), (1404, 2372)]),
        (1080, 8000, [(0, 2376), (2106, 4482), (4212, 6588), (6318, 8000)]),
    ],
)
def test_tall_pictures_are_cut_into_overlapping_slices(width, height, expected):
    assert slices(width, height) == expected


@pytest.mark.ocr
def test_the_chat_info_page_gives_its_members_and_asks_for_the_full_page(shots_dir):
    shot = render_chat_info(GROUP_58, 20)
    result = read_screens([save(shot.image, shots_dir / "聊天信息.png")])
    assert_reads(result, shot.shown)
    assert result.title_count == 58
    assert any("查看更多群成员" in w for w in result.warnings)
    assert any("可能漏截了一屏" in w for w in result.warnings)


@pytest.mark.ocr
def test_pc_client_member_list(shots_dir):
    image, shown = render_pc_list(GROUP_58[:14])
    result = read_screens([save(image, shots_dir / "pc.png")])
    assert_reads(result, shown)
    assert result.kinds == ("list",)
    assert result.title_count == 14


@pytest.mark.ocr
@pytest.mark.parametrize(
    "make, name",
    [
        pytest.param(render_chat, "chat.png", id="a group chat"),
        pytest.param(render_photo, "photo.jpg", id="a photo"),
    ],
)
def test_a_screenshot_of_something_else_is_refused(shots_dir, make, name):
    path = save(make(), shots_dir / name, quality=80)
    with pytest.raises(BadInputError, match="没有在图片中找到群成员名单") as info:
        read_screens([path])
    assert info.value.file == name


def test_the_ocr_engine_is_not_imported_until_used():
    code = (
        "import sys; import classgroup_desktop.services.screens, classgroup_desktop.cli.main;"
        "import classgroup_desktop.io.screens;"
        "ocr = {'rapidocr_onnxruntime', 'rapidocr'} & set(sys.modules);"
        "print(bool(ocr), 'cv2' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _blank(path: Path, w: int, h: int) -> Path:
    from helpers.screens_gen import ensure_app
    from PySide6.QtGui import QColor, QImage

    ensure_app()
    img = QImage(w, h, QImage.Format.Format_RGB32)
    img.fill(QColor("#FFFFFF"))
    return save(img, path)


@pytest.mark.parametrize(
    "make, message",
    [
        pytest.param(
            lambda d: _write(d / "名单.png", "李建国\n王小明妈妈\n".encode()),
            "这不是可以识别的图片",
            id="a text file named .png",
        ),
        pytest.param(
            lambda d: _write(d / "empty.jpg", b""), "这不是可以识别的图片", id="an empty file"
        ),
        pytest.param(
            lambda d: _blank(d / "blank.png", 1080, 2340), "图片是空白的", id="a blank screenshot"
        ),
        pytest.param(lambda d: _blank(d / "tiny.png", 150, 300), "图片太小", id="a tiny thumbnail"),
        pytest.param(
            lambda d: d / "missing.png", "无法读取截图：文件或文件夹不存在",
            id="a file that does not exist",
        ),
    ],
)
def test_bad_files_are_refused_with_a_chinese_message(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(BadInputError, match=message) as info:
        read_screens([path])
    assert info.value.file == path.name


def test_a_file_read_again_is_not_recognised_twice_unless_it_changed(tmp_path, monkeypatch):
    from classgroup_desktop.io import screens
    from classgroup_desktop.io.screens_layout import TextBox

    calls = []

    def fake_recognise(image):
        calls.append(image.shape)
        return [TextBox("群成员(3)", 0.99, 100, 20, 300, 60)] + [
            TextBox(n, 0.99, 40 + 200 * i, 400, 160 + 200 * i, 436)
            for i, n in enumerate(["李建国", "张三爸爸", "周杰妈妈"])
        ]

    monkeypatch.setattr(screens, "recognise", fake_recognise)
    path = save(render_phone(GROUP_58[:3], height=1200).image, tmp_path / "a.png")
    first = read_screens([path])
    assert [m.nickname for m in read_screens([path]).members] == ["李建国", "张三爸爸", "周杰妈妈"]
    assert len(calls) == 1 and first.title_count == 3
    os.utime(path, ns=(1, 1))  # the file changed on disk
    read_screens([path])
    assert len(calls) == 2


# Two long names cut with "…" side by side: the detector reads 🌸周杰妈… and liangsich… (and
# sometimes the next name too) as one line; each cell must come back on its own.
SIDE_BY_SIDE = [
    "李建国",
    "王芳",
    "赵敏",
    "李四",
    "老王",
    "李喆妈妈",
    "🌸周杰妈妈🌸",
    "liangsicheng爸爸",
    "梁依诺爸爸",
    "何智宸妈妈",
]


@pytest.mark.ocr
def test_two_long_cut_names_side_by_side_are_read_cell_by_cell(shots_dir):
    from classgroup_desktop.io import screens

    shot = render_phone(SIDE_BY_SIDE, height=1200)
    path = save(shot.image, shots_dir / "side_by_side.png")
    image = screens.load_image(path)
    # the case this guards: the detector runs the neighbouring names together
    h, w = image.shape[:2]
    assert screens.spanning_boxes(screens.detect_lines(image), w, h)
    result = read_screens([path])
    assert_reads(result, shot.shown)
    row = [m for m in result.members if m.source.row == 2]
    assert [(key(m.nickname), m.truncated, m.source.col) for m in row[1:3]] == [
        ("周杰妈", True, 2),
        ("liangsich", True, 3),
    ]
    assert all(m.confidence >= 0.8 for m in row)  # read on its own, not guessed from a split


def test_only_lines_that_span_columns_are_read_again(monkeypatch):
    import numpy as np

    from classgroup_desktop.io import screens
    from classgroup_desktop.io.screens_layout import TextBox

    image = np.full((1400, 1080, 3), 255, dtype=np.uint8)
    xs = [141 + 199.5 * c for c in range(5)]

    def cell(text: str, c: int, cy: float) -> TextBox:
        return TextBox(text, 0.99, xs[c] - 70, cy - 18, xs[c] + 70, cy + 18)

    boxes = [TextBox("聊天成员(10)", 0.99, 390, 136, 685, 186)]
    boxes += [cell(n, c, 615) for c, n in enumerate(["李建国", "王芳", "赵敏", "李四", "老王"])]
    boxes += [
        cell("李喆妈妈", 0, 873),
        TextBox("周杰妈..：liangsich..．", 0.92, 288, 855, 666, 891),
    ]
    boxes += [cell("梁依诺爸爸", 3, 873), cell("何智宸妈妈", 4, 873)]
    crops = []

    def fake_read_line(crop):
        crops.append(crop.shape[:2])
        return ["周杰妈···", "liangsich..."][len(crops) - 1], 0.95

    monkeypatch.setattr(screens, "_read_line", fake_read_line)
    out = screens.reread_spanning(image, boxes)
    assert crops == [(36, 153), (36, 226)]  # the merged line's two cells, nothing else
    assert [b.text for b in out[7:9]] == ["周杰妈···", "liangsich..."]
    assert out[:7] == boxes[:7] and out[9:] == boxes[8:]
    crops.clear()
    assert screens.reread_spanning(image, out) == out and crops == []


@pytest.mark.ocr
def test_a_rare_character_is_corrected_and_emoji_names_are_kept():
    from helpers.screens_gen import RARE_AND_EMOJI, rare_and_emoji_png

    from classgroup_desktop.core.naming import NamingPolicy
    from classgroup_desktop.core.roster import ClassRoster, Student
    from classgroup_desktop.core.screen_verdicts import UNREADABLE_NICKNAME

    roster = ClassRoster("x", students=(Student("赵䶮", "01"), Student("王小明", "02")))
    result = read_screens([rare_and_emoji_png()], roster=roster, policy=NamingPolicy())
    members = result.members
    # every cell counts: nothing asks for a screen that was never missing
    assert len(members) == len(RARE_AND_EMOJI) == result.title_count
    assert result.warnings == ()
    rare = members[3]
    assert (rare.nickname, rare.read_as) == ("赵䶮妈妈", "赵龚妈妈")  # read as 龚, corrected
    assert rare.doubtful
    assert [(m.source.row, m.source.col) for m in members if m.unreadable] == [(2, 2), (3, 2)]
    assert all(m.nickname == UNREADABLE_NICKNAME for m in members if m.unreadable)
    inputs = result.member_inputs()
    assert inputs[6].unreadable and inputs[6].nickname == UNREADABLE_NICKNAME
    assert sum(m.read_as is not None for m in members) == 1  # nothing else was touched
    # without the roster nothing is corrected
    plain = read_screens([rare_and_emoji_png()])
    assert plain.members[3].nickname == "赵龚妈妈" and plain.members[3].read_as is None
