"""Pure geometry of WeChat member-page screenshots: recognised text boxes → members.

No OCR, no image and no Qt here, so every rule is table-tested with hand-made box lists.

Two forms of the member page are understood:

* **grid** (:mod:`screens_grid`): avatars in columns, the name under each avatar — the phone's
  查看全部群成员 page, and the PC client's member panel in its grid form.
* **list** (:mod:`screens_list`): one member per line, avatar on the left, name to its right —
  the PC client's member panel in its list form.

This module drops the screen chrome: the status bar (time, battery), the title
(``聊天成员(58)`` — its count is kept), the search box, the ``+``/``−`` (添加/移出) tiles, buttons
such as 查看更多群成员 and the settings rows of the 聊天信息 page. The PC client wraps a long
name onto a second line; the two lines are joined first
(:func:`screens_boxes.join_wrapped_lines`). A name cut by the screen edge (a row scrolled half out
of view) is dropped: the next screenshot shows it whole.

Where the OCR detector ran the names of neighbouring cells together into one line,
:func:`spanning_boxes` says where to cut that line (at the grid's column boundaries) so that
:mod:`screens` can recognise each cell's piece again on its own.

Merging overlapping screenshots is in :mod:`screens_merge`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.io.screens_boxes import (
    Cell,
    ShotLayout,
    Slot,
    TextBox,
    join_wrapped_lines,
    median,
    split_ellipsis,
)
from classgroup_desktop.io.screens_grid import (
    column_count,
    grid_cells,
    grid_columns,
    grid_fits,
    split_wide_box,
)
from classgroup_desktop.io.screens_list import list_cells

__all__ = [
    "Cell", "ShotLayout", "Slot", "TextBox", "column_count", "read_layout", "spanning_boxes",
    "split_ellipsis", "split_wide_box", "title_count",
]


# ---------------------------------------------------------------- text rules

# 聊天成员(58) / 群成员(58) / 聊天信息(58); OCR may give full-width brackets or lose one.
_TITLE = re.compile(
    r"^(?:聊天成员|群成员|群聊成员|全部群成员|聊天信息|成员)[(（\[]?(\d{1,3})[)）\]]?$"
)
_TIME = re.compile(r"^(?:上午|下午)?\d{1,2}[:：]\d{2}$")
_BATTERY = re.compile(r"^\d{1,3}\s*%$")
_STATUS_WORDS = {"5G", "4G", "3G", "LTE", "HD", "WIFI", "WI-FI", "VOLTE", "5GHD", "4GHD", "NFC"}
_TILES = {"+", "-", "−", "—", "－", "＋", "十", "一", "×", "…", "...", "·"}
# The tiles that end the member list: the phone draws + and −, the PC client labels them.
_TILE_WORDS = {"添加", "移出", "删除", "添加成员", "移出成员"}
_SEARCH = re.compile(r"^[QqＱ○◯]?搜索(?:群成员)?$")
# Buttons that end the member grid: everything below them is not a member.
_GRID_END = re.compile(r"^(?:查看更多群成员|查看全部群成员|查看更多|更多群成员)")
# Rows of the 聊天信息 page under the grid; only phrases no one uses as a nickname.
_SETTINGS_ROWS = {
    "群聊名称",
    "群公告",
    "群管理",
    "查找聊天记录",
    "消息免打扰",
    "置顶聊天",
    "保存到通讯录",
    "我在本群的昵称",
    "显示群成员昵称",
    "设置当前聊天背景",
    "清空聊天记录",
    "退出群聊",
    "删除并退出",
    "群二维码",
    "折叠该群聊",
}


def title_count(text: str) -> int | None:
    """The member count in a member page's title (``聊天成员(58)`` → 58), else ``None``."""
    m = _TITLE.match(re.sub(r"\s+", "", text))
    return int(m.group(1)) if m else None


def _is_status_text(text: str) -> bool:
    t = text.replace(" ", "").upper()
    return bool(_TIME.match(t) or _BATTERY.match(t) or t in _STATUS_WORDS)


def _is_chrome_text(text: str) -> bool:
    t = re.sub(r"\s+", "", text)
    return (
        not t
        or t in _TILES
        or t in _TILE_WORDS
        or bool(_SEARCH.match(t))
        or t in _SETTINGS_ROWS
        or bool(_GRID_END.match(t))
    )


# ---------------------------------------------------------------- chrome


@dataclass
class _Stripped:
    boxes: list[TextBox]
    title_count: int | None
    notes: list[str]
    # a phone's status bar (clock, battery) at the top: the page is the phone's grid, not the
    # PC client's list
    phone: bool = False
    tiles: list[TextBox] = field(default_factory=list)  # labelled 添加/移出 tiles in view


SHOW_ALL_NOTE = "截图是“聊天信息”页，只显示了部分群成员：请点“查看更多群成员”，在全部成员页面截图。"


def strip_chrome(boxes: Sequence[TextBox], width: float, height: float) -> _Stripped:
    """Drop the status bar, title, search box, tiles, buttons and settings rows; keep the count."""
    count: int | None = None
    content_top = 0.0
    for b in boxes:
        n = title_count(b.text)
        if n is not None and b.cy < 0.4 * height:
            count = n if count is None else max(count, n)
            content_top = max(content_top, b.y1)
    grid_end = height
    notes: list[str] = []
    for b in boxes:
        t = re.sub(r"\s+", "", b.text)
        if (_GRID_END.match(t) or t in _SETTINGS_ROWS) and b.y0 > content_top:
            grid_end = min(grid_end, b.y0)
            if _GRID_END.match(t) and SHOW_ALL_NOTE not in notes:
                notes.append(SHOW_ALL_NOTE)
    status_band = 0.09 * width  # the status bar is ~28 dp of a 360 dp wide screen
    kept = []
    for b in boxes:
        if b.cy <= content_top or b.y0 >= grid_end:
            continue
        if b.y1 <= status_band + content_top and _is_status_text(b.text):
            continue
        if title_count(b.text) is not None or _is_chrome_text(b.text):
            continue
        kept.append(b)
    phone = any(b.y1 <= status_band and _is_status_text(b.text) for b in boxes)
    tiles = [
        b
        for b in boxes
        if content_top < b.cy and b.y0 < grid_end and re.sub(r"\s+", "", b.text) in _TILE_WORDS
    ]
    return _Stripped(kept, count, notes, phone, tiles)



# ---------------------------------------------------------------- one screenshot

MAX_NAME_CHARS = 16
NOT_A_MEMBER_PAGE = (
    "没有在图片中找到群成员名单。请截取微信“聊天信息 → 查看全部群成员”页面（手机）"
    "或电脑版的群成员列表，不要截聊天记录或照片。"
)


def read_layout(boxes: Sequence[TextBox], width: float, height: float) -> ShotLayout:
    """The members one screenshot shows, in display order, from its recognised text boxes.

    Raises ``BadInputError`` when the boxes are not a member page (a chat, a photo, a document).
    """
    stripped = strip_chrome(boxes, width, height)
    # WeChat nicknames are at most 16 characters; a page of long lines is a chat or a document
    lines = stripped.boxes
    long_lines = sum(1 for b in lines if len(re.sub(r"\s+", "", b.text)) > MAX_NAME_CHARS)
    if not lines or long_lines > 0.2 * len(lines):
        raise BadInputError(NOT_A_MEMBER_PAGE)
    cand = join_wrapped_lines(lines)
    top = 0.0
    titled = stripped.title_count is not None
    if titled:
        top = max(b.y1 for b in boxes if title_count(b.text) is not None)
    grid = grid_cells(cand, width, height, top)
    notes = tuple(stripped.notes)

    def layout(kind: str, rows: list[tuple[Cell, ...]], slots: tuple[Slot, ...] = ()) -> ShotLayout:
        # a labelled tile's place is no member whose name cannot be read
        slots = tuple(
            s
            for s in slots
            if not any(
                s.name_box[0] <= t.cx <= s.name_box[2] and s.name_box[1] <= t.cy <= s.name_box[3]
                for t in stripped.tiles
            )
        )
        return ShotLayout(
            kind, tuple(rows), stripped.title_count, notes, slots, bool(stripped.tiles)
        )

    if grid.rows and grid.evidence >= 1 and grid_fits(grid.rows, width):
        return layout("grid", grid.rows, grid.slots)
    # one row of a grid with a text avatar above a name can look like two lines of a list
    lst = None if stripped.phone else list_cells(cand, height, top)
    if lst:
        return layout("list", lst)
    # a titled page with a short last row (the end of the grid) has no full row as evidence
    if grid.rows and titled and grid_fits(grid.rows, width):
        return layout("grid", grid.rows, grid.slots)
    raise BadInputError(NOT_A_MEMBER_PAGE)


# ---------------------------------------------------------------- lines across columns

# A name is narrower than its column and centred in it, so it never reaches far past the middle
# between two columns; a line that does, on both sides, holds the names of neighbouring cells
# (each reaches at least half a column past that middle).
SPAN_OVERHANG = 0.3  # of the column pitch, on each side of the boundary


@dataclass(frozen=True)
class SpanningBox:
    """A recognised line that runs across a column boundary of the grid: neighbouring names the
    detector took for one line. ``parts`` are the line's pieces, one per column it covers, left
    to right, as rectangles (x0, y0, x1, y1) to read again one by one."""

    index: int  # position in the boxes given
    parts: tuple[tuple[float, float, float, float], ...]


def spanning_boxes(boxes: Sequence[TextBox], width: float, height: float) -> list[SpanningBox]:
    """The name lines in ``boxes`` that span more than one column of a grid page, each cut at
    the column boundaries it crosses. Empty when the page is not a grid (a list, or not a member
    page at all): only a grid has columns to cut at."""
    cand = strip_chrome(boxes, width, height).boxes
    if not cand:
        return []
    columns = grid_columns(cand, width)
    h = median([b.h for b in cand], 1.0)
    names = {id(b) for b in cand if b.h <= 1.6 * h}  # not the big text of a text avatar
    reach = SPAN_OVERHANG * columns.pitch
    out = []
    for i, b in enumerate(boxes):
        if id(b) not in names:
            continue
        cuts = [x for x in columns.boundaries() if b.x0 + reach <= x <= b.x1 - reach]
        if cuts:
            edges = [b.x0, *cuts, b.x1]
            parts = tuple((x0, b.y0, x1, b.y1) for x0, x1 in zip(edges, edges[1:], strict=False))
            out.append(SpanningBox(i, parts))
    if not out:
        return []
    # The columns are real only on a grid page: one that does not read as a list (a PC list's
    # lines cross "boundaries" of a grid it does not have) and whose other names, without these
    # lines, read as a grid with at least one row of three or more names.
    try:
        if read_layout(boxes, width, height).kind == "list":
            return []
    except BadInputError:
        pass  # the merged lines themselves can make the page unreadable
    spanning = {o.index for o in out}
    try:
        rest = read_layout([b for i, b in enumerate(boxes) if i not in spanning], width, height)
    except BadInputError:
        return []
    if rest.kind != "grid" or not any(len(row) >= 3 for row in rest.rows):
        return []
    return out
