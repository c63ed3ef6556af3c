"""The PC client's member panel, in its grid and its list form, read by the real OCR engine:
drawn unlike the phone (other fonts, Windows scaling 125 % and 150 %, light and dark, names that
wrap onto a second line, text avatars, labelled 添加/移出 tiles), several overlapping screens.

Two small groups run by default (≈ 4 OCR runs); all four 58-member sets run with
``CLASSGROUP_SLOW_TESTS=1`` (and in ``bench/bench_screens.py``).
"""

from __future__ import annotations

import os
import re

import pytest
from helpers.screens_gen import GROUP_58, PC_FONTS, Shown, expected_pc, pc_series, save

from classgroup_desktop.services.screens import ScreensResult, read_screens

pytestmark = pytest.mark.ocr


def key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


def read_ratio(result: ScreensResult, expected: list[Shown]) -> float:
    """Share of the expected names read exactly (cosmetic differences aside), position by
    position."""
    got = [(key(m.nickname), m.truncated) for m in result.members]
    want = [(key(s.text), s.truncated) for s in expected]
    return sum(g == w for g, w in zip(got, want, strict=False)) / len(want)


def read_series(tmp_path_factory, names, **kw):
    shots = pc_series(names, **kw)
    folder = tmp_path_factory.mktemp("pc")
    paths = [save(s.image, folder / f"pc{i}.png") for i, s in enumerate(shots)]
    return shots, read_screens(paths)


@pytest.fixture(scope="module")
def pc_grid(tmp_path_factory):
    # 30 members with wrapped names, 平安/福/王 avatars and the tiles, two overlapping screens
    return read_series(tmp_path_factory, GROUP_58[:30], form="grid", scale=1.25)


@pytest.fixture(scope="module")
def pc_list(tmp_path_factory):
    return read_series(
        tmp_path_factory, GROUP_58[10:36], form="list", scale=1.5, dark=True, font=PC_FONTS[1],
        height_dp=800,
    )


def test_pc_grid_form_reads_every_member_once(pc_grid):
    shots, result = pc_grid
    assert len(shots) >= 2
    expected = expected_pc(shots)
    assert len(result.members) == len(expected) == 30 == result.title_count
    assert read_ratio(result, expected) >= 0.95
    assert set(result.kinds) == {"grid"}
    assert result.warnings == ()
    names = {key(m.nickname) for m in result.members}
    assert not names & {"平安", "福", "王", "添加", "移出"}  # avatar text and tiles are no names
    assert "王一一王二二妈妈" in names  # wrapped under its avatar, joined


def test_pc_list_form_dark_at_150_percent_reads_every_member_once(pc_list):
    shots, result = pc_list
    assert len(shots) >= 2
    expected = expected_pc(shots)
    assert len(result.members) == len(expected) == 26 == result.title_count
    assert read_ratio(result, expected) >= 0.95
    assert set(result.kinds) == {"list"}
    assert result.warnings == ()
    assert "欧阳娜娜妈妈13800138000" in {key(m.nickname) for m in result.members}  # wrapped


@pytest.mark.skipif(
    not os.environ.get("CLASSGROUP_SLOW_TESTS"), reason="slow: set CLASSGROUP_SLOW_TESTS=1"
)
@pytest.mark.parametrize(
    "form, scale, dark, font",
    [
        ("grid", 1.25, False, 0),
        ("grid", 1.5, True, 1),
        ("list", 1.25, False, 0),
        ("list", 1.5, True, 1),
    ],
)
def test_the_whole_58_member_group_in_every_pc_form(tmp_path_factory, form, scale, dark, font):
    shots, result = read_series(
        tmp_path_factory, GROUP_58, form=form, scale=scale, dark=dark, font=PC_FONTS[font]
    )
    expected = expected_pc(shots)
    assert len(result.members) == len(expected) == 58
    assert read_ratio(result, expected) >= 0.95
    assert result.warnings == ()
