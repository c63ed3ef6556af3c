"""Pure geometry of member-page screenshots and their merging: hand-made text boxes, no OCR."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.io.screens_layout import (
    Cell,
    ShotLayout,
    TextBox,
    column_count,
    read_layout,
    spanning_boxes,
    split_ellipsis,
    split_wide_box,
    title_count,
)
from classgroup_desktop.io.screens_merge import count_warning, merge_shots

# A 1080 × 2340 phone page like WeChat's: 5 columns, names 36 px high, rows 258 px apart.
W, H = 1080, 2340
COL_X = [141 + 199.5 * c for c in range(5)]
ROW_PITCH = 258
NAME_H = 36


def name(text: str, cy: float, col: int, score: float = 0.99, h: float = NAME_H) -> TextBox:
    w = sum(0.55 if ch.isascii() else 1.0 for ch in text) * 32
    cx = COL_X[col]
    return TextBox(text, score, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def chrome(title: str | None = "聊天成员(58)", search: bool = True) -> list[TextBox]:
    boxes = [TextBox("9:41", 1.0, 50, 25, 143, 66), TextBox("85%", 1.0, 824, 27, 905, 64)]
    if title:
        boxes.append(TextBox(title, 0.99, 390, 136, 685, 186))
    if search:
        boxes.append(TextBox("搜索", 1.0, 495, 285, 587, 334))
    return boxes


def grid(rows: list[list[str | None]], first_cy: float = 615) -> list[TextBox]:
    out = []
    for r, names in enumerate(rows):
        for c, n in enumerate(names):
            if n:
                out.append(name(n, first_cy + r * ROW_PITCH, c))
    return out


def texts(layout: ShotLayout) -> list[list[str]]:
    return [[c.nickname for c in row] for row in layout.rows]


ROWS = [
    ["李建国", "王小明妈妈", "张三爸爸", "李四爸爸", "周杰妈妈"],
    ["张三(妈妈)", "吴堃的妈妈", "宋雨桐妈妈", "王一一王…", "黄小米奶奶"],
    ["高梓萱媽媽", "liangsich...", "周老师", "Emily S...", "花开富贵"],
]


# ---------------------------------------------------------------- text rules


@pytest.mark.parametrize(
    "text, expected",
    [
        ("聊天成员(58)", 58),
        ("聊天成员（58）", 58),
        ("群成员(7)", 7),
        ("聊天信息(120)", 120),
        ("聊天成员 (58", 58),
        ("三年级二班家长群(58)", None),  # a chat's title is not a member page
        ("聊天成员", None),
        ("李建国", None),
    ],
    ids=lambda v: str(v),
)
def test_title_count_reads_the_member_pages_title_only(text, expected):
    assert title_count(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("欧阳娜娜…", ("欧阳娜娜", True)),
        ("liangsich...", ("liangsich", True)),
        ("王一一王···", ("王一一王", True)),
        ("钱多多·…·", ("钱多多", True)),
        ("数学-李⋯", ("数学-李", True)),
        ("王一一王·", ("王一一王", True)),
        ("王一一王.", ("王一一王", True)),  # OCR left one dot of the "…"
        ("Mr.", ("Mr.", False)),  # a full stop after Latin letters is part of the name
        ("张三(妈妈)", ("张三(妈妈)", False)),
        ("…", ("…", False)),  # nothing visible: not a name at all
    ],
    ids=lambda v: str(v),
)
def test_split_ellipsis_marks_names_wechat_cut(text, expected):
    assert split_ellipsis(text) == expected


@pytest.mark.parametrize(
    "found, title, expected",
    [
        (56, 58, "识别到 56 人，群成员显示 58 人：可能漏截了一屏，请补充截图"),
        (58, 58, None),
        (58, None, None),
        (60, 58, "识别到 60 人，群成员显示 58 人：可能有截图重复或识别有误，请核对名单"),
    ],
)
def test_count_warning_tells_the_teacher_in_plain_words(found, title, expected):
    assert count_warning(found, title) == expected


# ---------------------------------------------------------------- one phone screenshot


def test_grid_reads_names_in_display_order_and_drops_chrome():
    layout = read_layout(chrome() + grid(ROWS), W, H)
    assert layout.kind == "grid"
    assert layout.title_count == 58
    assert texts(layout) == [
        ["李建国", "王小明妈妈", "张三爸爸", "李四爸爸", "周杰妈妈"],
        ["张三(妈妈)", "吴堃的妈妈", "宋雨桐妈妈", "王一一王", "黄小米奶奶"],
        ["高梓萱媽媽", "liangsich", "周老师", "Emily S", "花开富贵"],
    ]
    assert [c.truncated for c in layout.rows[1]] == [False, False, False, True, False]
    assert [(c.row, c.col) for c in layout.rows[2]] == [(2, i) for i in range(5)]


@pytest.mark.parametrize(
    "avatar_text",
    [
        pytest.param(TextBox("王", 1.0, 500, 455, 585, 550), id="big surname avatar"),
        pytest.param(TextBox("平安", 1.0, 888, 730, 990, 787), id="small 平安 avatar over a name"),
        pytest.param(TextBox("鑫隆超市", 1.0, 477, 1251, 603, 1291), id="shop logo avatar"),
    ],
)
def test_text_inside_an_avatar_is_not_a_name(avatar_text):
    layout = read_layout(chrome() + grid(ROWS) + [avatar_text], W, H)
    assert sum(len(r) for r in layout.rows) == 15
    assert avatar_text.text not in [c.nickname for r in layout.rows for c in r]


def test_avatar_text_whose_name_is_below_the_screen_is_dropped():
    # the avatar of a 4th row shows "福"; its name is below the bottom edge
    fu = TextBox("福", 1.0, 296, 1290, 385, 1330)
    layout = read_layout(chrome() + grid(ROWS) + [fu], W, 1420)
    assert "福" not in [c.nickname for r in layout.rows for c in r]


def test_avatar_text_is_dropped_without_a_lattice_of_full_rows():
    # the last screenshot: one short row, an avatar with text above one of its names
    rows = grid([["江南爸爸", "杜甫爸爸", None, None, None]], first_cy=800)
    ping = TextBox("平安", 1.0, 100, 660, 185, 700)  # in column 0, above 江南爸爸
    layout = read_layout(chrome(search=False) + rows + [ping], W, H)
    assert texts(layout) == [["江南爸爸", "杜甫爸爸"]]


@pytest.mark.parametrize(
    "avatar, name_text",
    [
        pytest.param("鑫隆超市", "李李妈妈", id="avatar text as wide as the name"),
        pytest.param("平安", "李妈妈", id="avatar text a little narrower"),
    ],
)
def test_one_name_under_a_text_avatar_on_a_phone_is_no_list(avatar, name_text):
    # left-aligned like two lines of the PC client's list, but a phone's status bar is there
    w = 32 * len(avatar)
    boxes = chrome() + grid([[name_text, None, None, None, None]])
    boxes.append(TextBox(avatar, 1.0, COL_X[0] - w / 2, 483, COL_X[0] + w / 2, 523))
    layout = read_layout(boxes, W, H)
    assert (layout.kind, texts(layout)) == ("grid", [[name_text]])


def test_a_big_text_avatar_without_its_name_is_dropped_even_without_a_lattice():
    rows = grid([["江南爸爸", "杜甫爸爸", None, None, None]], first_cy=800)
    fu = TextBox("福", 1.0, COL_X[3] - 45, 1900, COL_X[3] + 45, 1990)  # its name is below the edge
    layout = read_layout(chrome(search=False) + rows + [fu], W, 2100)
    assert texts(layout) == [["江南爸爸", "杜甫爸爸"]]


def test_rows_cut_by_the_screen_edge_are_dropped():
    boxes = chrome(search=False) + grid(ROWS, first_cy=615)
    # bottom: a row whose names are cut in half by the screen's lower edge
    cut_bottom = [
        TextBox(n, 0.6, COL_X[c] - 60, H - 15, COL_X[c] + 60, H) for c, n in enumerate("甲乙丙丁戊")
    ]
    # top: half a row of names showing under the title bar (short boxes)
    cut_top = [
        TextBox(n, 0.7, COL_X[c] - 60, 230, COL_X[c] + 60, 246) for c, n in enumerate("子丑寅卯辰")
    ]
    layout = read_layout(boxes + cut_bottom + cut_top, W, H)
    assert texts(layout)[0][0] == "李建国"
    assert len(layout.rows) == 3


def test_buttons_tiles_and_settings_rows_are_not_members():
    boxes = (
        chrome(title="聊天信息(58)", search=False)
        + grid(ROWS[:2])
        + [
            TextBox("+", 0.9, COL_X[0] - 20, 1100, COL_X[0] + 20, 1140),
            TextBox("查看更多群成员", 0.99, 400, 1200, 680, 1240),
            TextBox("群聊名称", 0.99, 40, 1320, 200, 1360),
            TextBox("三年级二班", 0.99, 800, 1320, 1000, 1360),
            TextBox("群公告", 0.99, 40, 1450, 160, 1490),
        ]
    )
    layout = read_layout(boxes, W, H)
    assert texts(layout) == [
        ["李建国", "王小明妈妈", "张三爸爸", "李四爸爸", "周杰妈妈"],
        ["张三(妈妈)", "吴堃的妈妈", "宋雨桐妈妈", "王一一王", "黄小米奶奶"],
    ]
    assert layout.title_count == 58
    assert any("查看更多群成员" in n for n in layout.notes)


def test_names_that_contain_chrome_words_stay_members():
    rows = [["搜索达人", "提醒妈妈", "备注", "群主小王", "聊天爸爸"]]
    assert texts(read_layout(chrome() + grid(rows), W, H)) == rows


def test_a_name_read_in_two_pieces_is_one_member():
    boxes = chrome() + grid([["李建国", None, "张三爸爸", None, "周杰妈妈"]])
    boxes += [TextBox("Tom", 0.98, 300, 597, 350, 633), TextBox("Dad", 0.97, 360, 597, 410, 633)]
    layout = read_layout(boxes, W, H)
    assert texts(layout) == [["李建国", "Tom Dad", "张三爸爸", "周杰妈妈"]]
    assert layout.rows[0][1].confidence == 0.97


def test_two_neighbouring_names_read_as_one_line_are_split():
    merged = TextBox("王一一王···黄小米奶奶", 0.95, 616, 854, 1026, 895)
    parts = split_wide_box(merged, 199.5)
    assert [p.text for p in parts] == ["王一一王···", "黄小米奶奶"]
    assert all(p.score <= 0.6 for p in parts)  # the preview highlights them


def test_a_720px_wide_screenshot_reads_the_same():
    s = 720 / 1080
    boxes = [
        TextBox(b.text, b.score, b.x0 * s, b.y0 * s, b.x1 * s, b.y1 * s)
        for b in chrome() + grid(ROWS)
    ]
    assert texts(read_layout(boxes, 720, H * s)) == texts(read_layout(chrome() + grid(ROWS), W, H))


# ---------------------------------------------------------------- PC list


def pc_list(names: list[str], avatar_text: dict[int, str] | None = None) -> list[TextBox]:
    out = [
        TextBox("群成员(58)", 0.95, 24, 22, 132, 48),
        TextBox("搜索群成员", 0.99, 36, 73, 126, 93),
    ]
    for i, n in enumerate(names):
        y = 140 + 60 * i
        out.append(TextBox(n, 0.99, 84, y, 84 + 20 * len(n), y + 22))
        if avatar_text and i in avatar_text:
            out.append(TextBox(avatar_text[i], 1.0, 32, y, 61, y + 20))
    return out


def test_pc_list_reads_one_member_per_line_and_ignores_avatar_text():
    names = ["李建国", "王小明妈妈", "张三爸爸", "黄小米奶奶", "周老师"]
    layout = read_layout(pc_list(names, {3: "平安"}), 520, 600)
    assert layout.kind == "list"
    assert texts(layout) == [[n] for n in names]
    assert layout.title_count == 58


# ---------------------------------------------------------------- not a member page


def chat_boxes() -> list[TextBox]:
    rows = [
        ("三年级二班家长群（58）", 291, 134, 787, 185),
        ("上午9:00", 470, 318, 612, 359),
        ("王小明妈妈", 187, 414, 364, 449),
        ("老师好，明天几点到校？", 227, 506, 723, 548),
        ("李建国", 185, 664, 294, 704),
        ("明早七点四十到校，请带好", 228, 761, 791, 800),
        ("作业本和水杯，谢谢各位家", 227, 829, 791, 868),
        ("长配合。", 223, 893, 385, 946),
        ("收到，谢谢老师", 525, 1092, 857, 1139),
        ("张三爸爸", 186, 1354, 332, 1393),
        ("收到", 222, 1444, 320, 1496),
        ("周杰妈妈", 186, 1606, 331, 1645),
        ("请问周五下午开家长会吗？", 227, 1701, 770, 1743),
        ("我们需要提前请假", 227, 1770, 603, 1813),
    ]
    return chrome(title=None, search=False) + [
        TextBox(t, 0.99, a, b, c, d) for t, a, b, c, d in rows
    ]


@pytest.mark.parametrize(
    "boxes",
    [
        pytest.param([], id="no text at all (a photo)"),
        pytest.param(chrome(title=None, search=False), id="only a status bar"),
        pytest.param(chat_boxes(), id="a group chat"),
        pytest.param(
            [TextBox("第一章 总则", 0.99, 100, 300 + 80 * i, 900, 340 + 80 * i) for i in range(3)]
            + [TextBox("本通知自发布之日起施行，各校应当认真组织学习。", 0.99, 60, 700, 1020, 740)],
            id="a document",
        ),
    ],
)
def test_something_else_is_refused_in_chinese(boxes):
    with pytest.raises(BadInputError, match="没有在图片中找到群成员名单"):
        read_layout(boxes, W, H)


# ---------------------------------------------------------------- merging screenshots


def shot(rows: list[list[str | None]], start_row: int = 0) -> ShotLayout:
    out = []
    for r, names in enumerate(rows):
        cells = tuple(
            Cell(n, False, 0.99, r, c, (0, 0, 1, 1)) for c, n in enumerate(names) if n is not None
        )
        out.append(cells)
    return ShotLayout("grid", tuple(out), 58)


def merged_names(shots: list[ShotLayout]) -> list[str]:
    return [m.cell.nickname for m in merge_shots(shots)]


def five(prefix: str, n: int) -> list[list[str]]:
    return [[f"{prefix}{r}{c}" for c in range(5)] for r in range(n)]


FULL = five("甲", 8)


@pytest.mark.parametrize(
    "shots, expected",
    [
        pytest.param([FULL[0:5], FULL[3:8]], FULL, id="two rows overlap"),
        pytest.param([FULL[0:4], FULL[4:8]], FULL, id="shots abut without overlap"),
        pytest.param([FULL[0:4], FULL[1:5], FULL[3:8]], FULL, id="three shots"),
        pytest.param([FULL[0:5], FULL[0:5]], FULL[0:5], id="the same screenshot twice"),
        pytest.param([FULL[0:6], FULL[2:4]], FULL[0:6], id="a shot of rows already read"),
        pytest.param([FULL[3:8], FULL[0:5]], FULL, id="shots given bottom first"),
        pytest.param([FULL[2:6], FULL[5:8], FULL[0:3]], FULL, id="the top shot given last"),
    ],
)
def test_merge_takes_overlapping_rows_once(shots, expected):
    assert merged_names([shot(s) for s in shots]) == [n for r in expected for n in r]


def test_a_real_duplicate_nickname_across_a_shot_boundary_stays():
    first = [["李建国", "王小明妈妈", "张三爸爸", "李四爸爸", "张伟妈妈"]]
    second = [["张伟妈妈", "周杰妈妈", "宋雨桐妈妈", "黄小米奶奶", "高梓萱媽媽"]]
    assert merged_names([shot(first), shot(second)]).count("张伟妈妈") == 2
    # same column, rows otherwise different: still two people
    second_same_col = [["陈晓妈妈", "周杰妈妈", "宋雨桐妈妈", "黄小米奶奶", "张伟妈妈"]]
    assert merged_names([shot(first), shot(second_same_col)]).count("张伟妈妈") == 2


def test_two_members_sharing_a_nickname_in_one_shot_both_stay():
    rows = [["宋雨桐妈妈", "王小明妈妈", "宋雨桐妈妈", "李四爸爸", "周杰妈妈"]]
    assert merged_names([shot(rows)]).count("宋雨桐妈妈") == 2


def test_one_character_read_differently_in_the_overlap_still_merges():
    a = [["李建国", "王小明妈妈", "张三爸爸", "李四爸爸", "周杰妈妈"]]
    b = [
        ["李建国", "王小明妈吗", "张三爸爸", "李四爸爸", "周杰妈妈"],
        ["新一", "新二", None, None, None],
    ]
    merged = merged_names([shot(a), shot(b)])
    assert merged == ["李建国", "王小明妈妈", "张三爸爸", "李四爸爸", "周杰妈妈", "新一", "新二"]


def test_a_name_missed_in_one_shot_is_filled_from_the_other():
    a = [["李建国", "王小明妈妈", None, "李四爸爸", "周杰妈妈"]]
    b = [
        ["李建国", "王小明妈妈", "张三爸爸", "李四爸爸", "周杰妈妈"],
        ["新一", None, None, None, None],
    ]
    assert merged_names([shot(a), shot(b)]) == [
        "李建国",
        "王小明妈妈",
        "张三爸爸",
        "李四爸爸",
        "周杰妈妈",
        "新一",
    ]


@settings(max_examples=60, deadline=None)
@given(
    n_rows=st.integers(1, 14),
    cuts=st.lists(st.tuples(st.integers(0, 14), st.integers(0, 4)), min_size=1, max_size=4),
    dup=st.booleans(),
)
def test_merging_any_overlapping_windows_gives_the_list_back(n_rows, cuts, dup):
    """Windows of whole rows, each starting inside or right after the previous one, always merge
    back into the full list — also when a nickname repeats in another row."""
    rows = [[f"成员{r}-{c}" for c in range(5)] for r in range(n_rows)]
    if dup and n_rows > 1:
        rows[-1][0] = rows[0][0]
    windows: list[list[list[str]]] = []
    end = 0
    for length, back in cuts:
        start = max(0, end - back) if windows else 0
        end = min(n_rows, max(end + 1, start + length))
        windows.append(rows[start:end])
        if end >= n_rows:
            break
    if end < n_rows:
        windows.append(rows[max(0, end - 1) :])
    assert merged_names([shot(w) for w in windows]) == [n for r in rows for n in r]


_POOL = "李王张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"


@settings(max_examples=80, deadline=None)
@given(
    data=st.data(),
    n_rows=st.integers(1, 7),
    scale=st.sampled_from([720 / 1080, 1.0, 1170 / 1080]),
    shift=st.floats(0, ROW_PITCH - 1),
)
def test_any_grid_with_text_avatars_reads_back_its_names(data, n_rows, scale, shift):
    """Random phone grids: names of 4–5 characters or cut with "…", some avatars with text (big
    or small), the last row short; the names come back row by row, avatar text never does."""
    rows: list[list[str | None]] = []
    for r in range(n_rows):
        count = 5 if r < n_rows - 1 else data.draw(st.integers(1, 5), label="last row")
        row: list[str | None] = []
        for _c in range(count):
            # WeChat draws a name no wider than about 5.4 characters of its column and cuts a
            # longer one with "…": 4–5 characters, or 4 and the ellipsis
            cut = data.draw(st.booleans(), label="cut")
            length = 4 if cut else data.draw(st.integers(2, 3))
            text = "".join(data.draw(st.sampled_from(_POOL)) for _ in range(length))
            row.append(text + "…" if cut else text + "妈妈")
        rows.append(row + [None] * (5 - count))
    first_cy = 615 + shift
    boxes = chrome() + grid(rows, first_cy=first_cy)
    avatars = data.draw(
        st.lists(
            st.tuples(
                st.integers(0, n_rows - 1),
                st.integers(0, 4),
                st.sampled_from(["王", "平安", "鑫隆超市"]),
            ),
            max_size=6,
        )
    )
    for (r, c), text in {(r, c): t for r, c, t in avatars}.items():  # one avatar per cell
        if rows[r][c] is None:
            continue
        big = len(text) == 1
        h = 90 if big else 40
        cy = first_cy + r * ROW_PITCH - 112  # the avatar's centre, above its name
        w = 90 if big else 32 * len(text)
        boxes.append(TextBox(text, 1.0, COL_X[c] - w / 2, cy - h / 2, COL_X[c] + w / 2, cy + h / 2))
    height = first_cy + n_rows * ROW_PITCH
    scaled = [
        TextBox(b.text, b.score, b.x0 * scale, b.y0 * scale, b.x1 * scale, b.y1 * scale)
        for b in boxes
    ]
    layout = read_layout(scaled, W * scale, height * scale)
    assert texts(layout) == [[split_ellipsis(n)[0] for n in row if n] for row in rows]


# ---------------------------------------------------------------- lines across columns

# Lines the detector ran across neighbouring cells of row 2 (cy 873): what spanning_boxes must
# find and where it must cut them (column boundaries lie halfway between COL_X, 199.5 apart).
B01, B12, B23, B34 = 240.75, 440.25, 639.75, 839.25
ROW2 = [["李建国", "王芳", "赵敏", "李四", "老王"]]
CY = 615 + ROW_PITCH


def line(text: str, x0: float, x1: float, h: float = NAME_H) -> TextBox:
    return TextBox(text, 0.92, x0, CY - h / 2, x1, CY + h / 2)


@pytest.mark.parametrize(
    "row2, expected",
    [
        pytest.param(
            [line("周杰妈..：liangsich..．", 288, 666)],
            [[(288, B12), (B12, 666)]],
            id="two long cut names read as one line",
        ),
        pytest.param(
            [line("周杰妈妈：liangsich..．梁依诺爸爸", 287, 823)],
            [[(287, B12), (B12, B23), (B23, 823)]],
            id="three names read as one line",
        ),
        pytest.param(
            [name("李喆妈妈", CY, 0), line("欧阳娜娜···欧阳娜娜···", 40, 436), name("老王", CY, 4)],
            [[(40, B01), (B01, 436)]],
            id="first two columns, neighbours read apart",
        ),
        pytest.param(
            [line("王一一王···黄小米奶奶", 616, 1026)],
            [[(616, B34), (B34, 1026)]],
            id="last two columns",
        ),
        pytest.param(
            [line("欧阳娜娜妈妈爸", 455, 663)],  # widest name + the detector's margin
            [],
            id="one long name a little off its column is no two names",
        ),
        pytest.param(
            [line("欧阳娜娜妈", 452, 628), line("张伟妈妈", 660, 820)],
            [],
            id="names that came out right",
        ),
        pytest.param(
            [line("鑫隆超市福", 300, 580, h=100)],
            [],
            id="big avatar text is no name line",
        ),
    ],
)
def test_lines_spanning_grid_columns_are_cut_at_the_column_boundaries(row2, expected):
    boxes = chrome() + grid(ROW2) + row2
    found = spanning_boxes(boxes, W, H)
    assert [[(round(x0, 2), round(x1, 2)) for x0, _, x1, _ in s.parts] for s in found] == expected
    for s in found:
        b = boxes[s.index]
        assert b in row2 and all((y0, y1) == (b.y0, b.y1) for _, y0, _, y1 in s.parts)


def test_lines_reread_cell_by_cell_give_one_member_per_cell():
    merged = line("周杰妈..：liangsich..．", 288, 666)
    boxes = chrome() + grid(ROW2) + [name("李喆妈妈", CY, 0), merged, name("何智宸妈妈", CY, 4)]
    (span,) = spanning_boxes(boxes, W, H)
    reread = [
        TextBox(t, 0.9, *rect)
        for t, rect in zip(["周杰妈···", "liangsich..."], span.parts, strict=True)
    ]
    boxes = boxes[: span.index] + reread + boxes[span.index + 1 :]
    layout = read_layout(boxes, W, H)
    assert texts(layout)[1] == ["李喆妈妈", "周杰妈", "liangsich", "何智宸妈妈"]
    assert [c.col for c in layout.rows[1]] == [0, 1, 2, 4]
    assert [c.truncated for c in layout.rows[1]] == [False, True, True, False]
    assert spanning_boxes(boxes, W, H) == []


@pytest.mark.parametrize(
    "boxes, width, height",
    [
        pytest.param(
            chrome(title="群成员(5)")
            + [TextBox("欧阳娜娜的外公外婆大家庭", 0.99, 75, 400, 480, 436)]
            + [
                TextBox(n, 0.99, 75, 480 + 80 * i, 75 + 40 * len(n), 516 + 80 * i)
                for i, n in enumerate(["李建国", "王小明妈妈", "张三爸爸", "周老师"])
            ],
            520,
            900,
            id="a PC list's long line (no grid)",
        ),
        pytest.param(
            [
                TextBox(t, 0.99, *xy)
                for t, xy in [
                    ("群成员（6）", (24, 21, 119, 48)),
                    ("搜索群成员", (36, 73, 126, 93)),
                    ("李建国", (82, 138, 144, 163)),
                    ("王小明妈妈", (85, 201, 183, 221)),
                    ("王", (34, 259, 58, 284)),
                    ("张三爸爸", (85, 260, 164, 281)),
                    ("李四爸爸", (83, 318, 169, 343)),
                    ("周杰妈妈", (85, 380, 164, 403)),
                    ("张三(妈妈)", (85, 440, 177, 463)),
                ]
            ],
            520,
            500,
            id="a short PC list as the engine read it (its left column looks like a grid)",
        ),
        pytest.param(chat_boxes(), W, H, id="a group chat"),
        pytest.param([], W, H, id="no text"),
    ],
)
def test_without_a_grid_no_line_is_cut(boxes, width, height):
    assert spanning_boxes(boxes, width, height) == []


@pytest.mark.parametrize(
    "width, pitch, expected",
    [
        pytest.param(1080, 199.2, 5, id="WeChat's grid"),
        pytest.param(1080, 195.9, 5, id="pitch read 1.6 % short (off-centre boxes)"),
        pytest.param(1080, 206.0, 5, id="pitch read 3 % long"),
        pytest.param(1000, 204.0, 5, id="no margins, pitch read 2 % long"),
        pytest.param(1080, 270.0, 4, id="four columns"),
        pytest.param(720, 800.0, 1, id="one column at least"),
    ],
)
def test_columns_fit_inside_the_screen(width, pitch, expected):
    assert column_count(width, pitch) == expected
