"""Box geometry of the PC client's member panel (wrapped names, labelled tiles) and of grid
places without a readable name; whether screenshots join. Pure: hand-made text boxes, no OCR."""

from __future__ import annotations

import pytest

from classgroup_desktop.io.screens_boxes import Cell, ShotLayout, TextBox, join_wrapped_lines
from classgroup_desktop.io.screens_layout import read_layout
from classgroup_desktop.io.screens_merge import count_warning, merge_and_join

# A PC member panel at 125 %: 350 px wide, 4 columns 79 px apart, names 15 px high, rows 110 px
# apart, a wrapped name's second line 21 px under its first.
PW, PH = 350, 775
PCOLS = [56.5 + 79 * c for c in range(4)]
LINE = 21


def title() -> list[TextBox]:
    return [
        TextBox("聊天成员(9)", 0.99, 19, 17, 152, 36),
        TextBox("搜索群成员", 0.99, 31, 65, 132, 80),
    ]


def pc_cell(lines: list[str], col: int, row: int, top: float = 190) -> list[TextBox]:
    out = []
    for k, text in enumerate(lines):
        w = 13 * len(text)
        y = top + row * 110 + k * LINE
        out.append(TextBox(text, 0.98, PCOLS[col] - w / 2, y, PCOLS[col] + w / 2, y + 15))
    return out


def test_a_name_wrapped_under_its_avatar_is_one_member():
    boxes = title()
    boxes += pc_cell(["李明轩妈"], 0, 0) + pc_cell(["欧阳娜娜", "妈妈13…"], 1, 0)
    boxes += pc_cell(["刘洋麻麻"], 2, 0) + pc_cell(["赵磊老爸"], 3, 0)
    boxes += pc_cell(["孙悦爸比"], 0, 1) + pc_cell(["钱多多母", "亲"], 1, 1)
    boxes += pc_cell(["Tom Dad"], 2, 1) + pc_cell(["郑爽Mom"], 3, 1)
    layout = read_layout(boxes, PW, PH)
    assert layout.kind == "grid"
    names = [(c.nickname, c.truncated) for c in layout.cells]
    assert names[1] == ("欧阳娜娜妈妈13", True)
    assert names[5] == ("钱多多母亲", False)
    assert len(names) == 8


def test_a_wrapped_name_in_a_list_is_one_line_of_the_list():
    boxes = title()
    names = [["李建国"], ["欧阳娜娜妈妈1380013", "8000"], ["刘洋麻麻"], ["老王"]]
    for i, lines in enumerate(names):
        y = 130 + 80 * i - (len(lines) - 1) * 10
        for k, text in enumerate(lines):
            boxes.append(TextBox(text, 0.99, 93, y + k * 22, 93 + 14 * len(text), y + k * 22 + 18))
    layout = read_layout(boxes, 320, 500)
    assert layout.kind == "list"
    names = [c.nickname for c in layout.cells]
    assert names == ["李建国", "欧阳娜娜妈妈13800138000", "刘洋麻麻", "老王"]


@pytest.mark.parametrize(
    ("upper", "lower", "joined"),
    [
        pytest.param((100, 10, 160, 25), (115, 31, 145, 46), True, id="centred under it"),
        pytest.param((100, 10, 160, 25), (100, 31, 130, 46), True, id="left-aligned under it"),
        pytest.param((100, 10, 160, 25), (115, 60, 145, 75), False, id="a line's height away"),
        pytest.param((100, 10, 160, 25), (200, 31, 230, 46), False, id="in another column"),
        pytest.param((100, 10, 160, 25), (110, 31, 150, 70), False, id="much taller: avatar text"),
    ],
)
def test_wrapped_lines_are_joined_only_right_under_each_other(upper, lower, joined):
    boxes = [TextBox("欧阳娜娜", 0.9, *upper), TextBox("妈妈", 0.9, *lower)]
    out = join_wrapped_lines(boxes)
    assert [b.text for b in out] == (["欧阳娜娜妈妈"] if joined else ["欧阳娜娜", "妈妈"])


def test_a_line_cut_with_an_ellipsis_does_not_continue():
    boxes = [TextBox("欧阳娜…", 0.9, 100, 10, 160, 25), TextBox("妈妈", 0.9, 115, 31, 145, 46)]
    assert len(join_wrapped_lines(boxes)) == 2


def test_a_wrapped_name_whose_second_line_is_out_of_view_waits_for_the_next_shot():
    boxes = title()
    for c, n in enumerate(["李建国", "王芳", "赵敏", "李四"]):
        boxes += pc_cell([n], c, 0)
    for c, n in enumerate(["陈晓明爸", "老王", "周杰", "何静"]):
        boxes += pc_cell([n], c, 1)
    layout = read_layout(boxes, PW, 190 + 110 + 15 + 10)  # the second row ends at the edge
    assert [c.nickname for c in layout.cells] == ["李建国", "王芳", "赵敏", "李四"]


def test_labelled_tiles_end_the_list_and_are_no_members():
    boxes = title()
    for c, n in enumerate(["李建国", "王芳", "赵敏", "李四"]):
        boxes += pc_cell([n], c, 0)
    boxes += pc_cell(["老王"], 0, 1) + pc_cell(["添加"], 1, 1) + pc_cell(["移出"], 2, 1)
    layout = read_layout(boxes, PW, PH)
    assert [c.nickname for c in layout.cells] == ["李建国", "王芳", "赵敏", "李四", "老王"]
    assert layout.ends_with_tiles
    # places without a name are looked at in the picture, but not where a tile's label is
    assert [(s.row, s.col) for s in layout.slots] == [(1, 3)]


def test_grid_places_without_a_name_lie_under_their_avatars():
    boxes = title()
    for c, n in enumerate(["李建国", None, "赵敏", "李四"]):
        if n:
            boxes += pc_cell([n], c, 0)
    for c, n in enumerate(["老王", "王芳", "周杰", "何静"]):
        boxes += pc_cell([n], c, 1)
    layout = read_layout(boxes, PW, PH)
    slots = {(s.row, s.col): s for s in layout.slots}
    assert set(slots) == {(0, 1), (2, 0)}  # the gap, and where a tile would follow a full row
    gap = slots[(0, 1)]
    x0, y0, x1, y1 = gap.name_box
    assert x0 < PCOLS[1] < x1 and y0 < 190 + 7.5 < y1
    ax0, ay0, ax1, ay1 = gap.avatar_box
    assert ax0 < PCOLS[1] < ax1 and ay1 < y0  # the avatar is above the name


def rows(*names: str) -> tuple[tuple[Cell, ...], ...]:
    return tuple(
        (Cell(n, False, 0.99, r, 0, (0, 0, 1, 1)),) for r, n in enumerate(names)
    )


@pytest.mark.parametrize(
    ("shots", "joined"),
    [
        pytest.param([("甲", "乙", "丙"), ("丙", "丁")], True, id="overlapping by a row"),
        pytest.param([("甲", "乙"), ("丙", "丁")], False, id="no row in common"),
        pytest.param([("甲", "乙", "丙"), ("乙", "丙")], True, id="a shot of rows already read"),
        pytest.param([("甲",)], True, id="one shot"),
    ],
)
def test_shots_join_when_each_overlaps_the_one_before(shots, joined):
    layouts = [ShotLayout("list", rows(*s)) for s in shots]
    assert merge_and_join(layouts)[1] is joined


@pytest.mark.parametrize(
    ("found", "title", "complete", "expected"),
    [
        (57, 58, False, "可能漏截了一屏，请补充截图"),
        (57, 58, True, "有 1 个名字没有识别出来"),
        (58, 58, False, None),
        (59, 58, True, "可能有截图重复或识别有误"),
    ],
)
def test_a_missing_screen_is_suspected_only_when_the_shots_do_not_join(
    found, title, complete, expected
):
    warning = count_warning(found, title, complete=complete)
    if expected is None:
        assert warning is None
    else:
        assert expected in warning
        assert ("漏截" in warning) is (not complete and found < title)
