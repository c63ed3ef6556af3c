"""Pure geometry of WeChat member-page screenshots: recognised text boxes → members.

No OCR, no image and no Qt here, so every rule is table-tested with hand-made box lists.

Two layouts are understood:

* **grid** (phone, 查看全部群成员): avatars in columns, the name in a thin band under each
  avatar.
  Columns are evenly spaced and centred on the screen; name rows lie on a lattice of constant pitch.
* **list** (PC client member panel): one member per line, avatar on the left, names left-aligned.

Screen chrome is dropped: the status bar (time, battery), the title (``聊天成员(58)`` — its count is
kept), the search box, the ``+``/``−`` tiles, buttons such as 查看更多群成员 and the settings
rows of the 聊天信息 page. Text inside an avatar (a surname, 平安, a shop logo) is not a name: it
is larger than the names, or lies off the lattice of name rows, or (without a lattice) sits above
a name of the same column closer than a row pitch. A name cut by the screen edge (a row scrolled
half out of view) is dropped: the next screenshot shows it whole.

Where the OCR detector ran the names of neighbouring cells together into one line,
:func:`spanning_boxes` says where to cut that line (at the grid's column boundaries) so that
:mod:`screens` can recognise each cell's piece again on its own.

Merging overlapping screenshots is in :mod:`screens_merge`.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from classgroup_desktop.core.errors import BadInputError


@dataclass(frozen=True)
class TextBox:
    """One recognised text line: its text, OCR score (0..1) and axis-aligned box in pixels."""

    text: str
    score: float
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def w(self) -> float:
        return self.x1 - self.x0

    @property
    def h(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class Cell:
    """One member read from one screenshot. ``row``/``col`` are 0-based within that screenshot."""

    nickname: str
    truncated: bool
    confidence: float
    row: int
    col: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class ShotLayout:
    """What one screenshot shows: its member rows (top to bottom) and the title's member count."""

    kind: str  # "grid" | "list"
    rows: tuple[tuple[Cell, ...], ...]
    title_count: int | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def cells(self) -> list[Cell]:
        return [c for row in self.rows for c in row]


# ---------------------------------------------------------------- text rules

# 聊天成员(58) / 群成员(58) / 聊天信息(58); OCR may give full-width brackets or lose one.
_TITLE = re.compile(
    r"^(?:聊天成员|群成员|群聊成员|全部群成员|聊天信息|成员)[(（\[]?(\d{1,3})[)）\]]?$"
)
_TIME = re.compile(r"^(?:上午|下午)?\d{1,2}[:：]\d{2}$")
_BATTERY = re.compile(r"^\d{1,3}\s*%$")
_STATUS_WORDS = {"5G", "4G", "3G", "LTE", "HD", "WIFI", "WI-FI", "VOLTE", "5GHD", "4GHD", "NFC"}
_TILES = {"+", "-", "−", "—", "－", "＋", "十", "一", "×", "…", "...", "·"}
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
# WeChat cuts long names with "…"; OCR returns it as "…", "...", "···", "⋯" or a lone "·".
_ELLIPSIS = re.compile(r"\s*(?:[.·•・。．]*[…⋯]+[.·•・。．]*|[.·•・。．]{2,}|[·•・])$")
# A single "." after a Chinese character is a cut too (no Chinese name ends with a full stop).
_CJK_DOT = re.compile(r"(?<=[\u3400-\u9fff])\s*[.。．]$")


def title_count(text: str) -> int | None:
    """The member count in a member page's title (``聊天成员(58)`` → 58), else ``None``."""
    m = _TITLE.match(re.sub(r"\s+", "", text))
    return int(m.group(1)) if m else None


def split_ellipsis(text: str) -> tuple[str, bool]:
    """``"欧阳娜娜…"`` → ``("欧阳娜娜", True)``: the visible part, and whether WeChat cut it."""
    m = _ELLIPSIS.search(text) or _CJK_DOT.search(text)
    if m and m.start() > 0:
        return text[: m.start()].rstrip(), True
    return text.strip(), False


def _is_status_text(text: str) -> bool:
    t = text.replace(" ", "").upper()
    return bool(_TIME.match(t) or _BATTERY.match(t) or t in _STATUS_WORDS)


def _is_chrome_text(text: str) -> bool:
    t = re.sub(r"\s+", "", text)
    return (
        not t
        or t in _TILES
        or bool(_SEARCH.match(t))
        or t in _SETTINGS_ROWS
        or bool(_GRID_END.match(t))
    )


# ---------------------------------------------------------------- pieces of geometry


def _median(values: Sequence[float], default: float) -> float:
    return statistics.median(values) if values else default


def _cluster_1d(values: Sequence[float], tol: float) -> list[list[int]]:
    """Indices of ``values`` grouped so that sorted neighbours differ by at most ``tol``."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    groups: list[list[int]] = []
    for i in order:
        if groups and values[i] - values[groups[-1][-1]] <= tol:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def group_rows(boxes: Sequence[TextBox], tol: float) -> list[list[TextBox]]:
    """Boxes grouped into lines by vertical centre (top to bottom, each line left to right)."""
    groups = _cluster_1d([b.cy for b in boxes], tol)
    return [sorted((boxes[i] for i in g), key=lambda b: b.x0) for g in groups]


def _join(parts: Sequence[TextBox]) -> str:
    """Text of boxes of one name, left to right; a space only between two Latin words."""
    out = ""
    for b in parts:
        if out and out[-1].isascii() and out[-1].isalnum() and b.text[:1].isascii():
            out += " "
        out += b.text.strip()
    return out


def _make_cell(parts: Sequence[TextBox], row: int, col: int) -> Cell | None:
    text, cut = split_ellipsis(_join(parts))
    if not text:
        return None
    return Cell(
        nickname=text,
        truncated=cut,
        confidence=round(min(b.score for b in parts), 3),
        row=row,
        col=col,
        box=(
            round(min(b.x0 for b in parts)),
            round(min(b.y0 for b in parts)),
            round(max(b.x1 for b in parts)),
            round(max(b.y1 for b in parts)),
        ),
    )


def _char_width(ch: str) -> float:
    return 0.55 if ch.isascii() else 1.0


def split_wide_box(box: TextBox, pitch: float) -> list[TextBox]:
    """OCR sometimes reads two neighbouring names as one line (``王一一王…黄小米奶奶``).

    A box wider than a column is split: after an inner ellipsis when there is one (WeChat's cut
    ends a name), else by character widths. Split parts get a lower score so the preview asks
    the teacher to look at them.
    """
    n = max(1, round(box.w / pitch))
    if n < 2 or box.w < 1.3 * pitch:
        return [box]
    pieces: list[str] = []
    inner = [
        m.end() for m in re.finditer(r"(?:…+|[.·]{2,}[.·]*)", box.text) if m.end() < len(box.text)
    ]
    if inner and len(inner) == n - 1:
        start = 0
        for end in inner:
            pieces.append(box.text[start:end])
            start = end
        pieces.append(box.text[start:])
    else:
        widths = [_char_width(c) for c in box.text]
        total = sum(widths) or 1.0
        acc, start, k = 0.0, 0, 1
        for i, wd in enumerate(widths):
            acc += wd
            if k < n and acc >= total * k / n:
                pieces.append(box.text[start : i + 1])
                start, k = i + 1, k + 1
        pieces.append(box.text[start:])
    pieces = [p for p in pieces if p.strip()]
    out = []
    step = box.w / len(pieces)
    for i, text in enumerate(pieces):
        out.append(
            TextBox(
                text,
                min(box.score, 0.6),
                box.x0 + i * step,
                box.y0,
                box.x0 + (i + 1) * step,
                box.y1,
            )
        )
    return out


# ---------------------------------------------------------------- chrome


@dataclass
class _Stripped:
    boxes: list[TextBox]
    title_count: int | None
    notes: list[str]
    # a phone's status bar (clock, battery) at the top: the page is the phone's grid, not the
    # PC client's list
    phone: bool = False


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
    return _Stripped(kept, count, notes, phone)


def _drop_cut_at_edges(
    rows: list[list[TextBox]], h: float, top: float, bottom: float
) -> list[list[TextBox]]:
    """A name row cut by the screen edge (or by the fixed title bar) is dropped: its boxes touch
    the edge or are clearly shorter than whole names."""
    margin = max(2.0, 0.08 * h)
    out = []
    for i, row in enumerate(rows):
        touches = any(b.y0 <= top + margin or b.y1 >= bottom - margin for b in row)
        short = _median([b.h for b in row], h) < 0.75 * h
        at_edge = i == 0 or i == len(rows) - 1
        if touches or (at_edge and short):
            continue
        out.append(row)
    return out


# ---------------------------------------------------------------- grid


def _column_pitch(xs: Sequence[float], width: float) -> float:
    """Distance between neighbouring columns, from the name centres (default: 5 columns)."""
    default = width / 5.4
    centres = [statistics.fmean([xs[i] for i in g]) for g in _cluster_1d(xs, 0.05 * width)]
    diffs = [b - a for a, b in zip(centres, centres[1:], strict=False) if b - a > 0.12 * width]
    if not diffs:
        return default
    base = min(diffs)
    return statistics.median([d / max(1, round(d / base)) for d in diffs])


def column_count(width: float, pitch: float) -> int:
    """How many columns of ``pitch`` a grid centred on a screen ``width`` wide has.

    The columns fit inside the screen, with margins: WeChat's 5 columns leave width / pitch at
    about 5.42, so rounding would make 6 of a pitch read only 1.6 % short. The small allowance
    keeps a grid without margins whose pitch was read a little long."""
    return max(1, math.floor(width / pitch + 0.15))


@dataclass(frozen=True)
class _Columns:
    """The grid's columns: evenly spaced (``pitch`` apart) and centred on the screen."""

    pitch: float
    ncols: int
    width: float

    def of(self, x: float) -> int:
        """The column an x position falls in (not clamped: text off the grid gives -1 or ncols)."""
        return round((x - self.width / 2) / self.pitch + (self.ncols - 1) / 2)

    def boundaries(self) -> list[float]:
        """The x positions halfway between neighbouring columns' centres."""
        return [self.width / 2 + (k - self.ncols / 2) * self.pitch for k in range(1, self.ncols)]


def _grid_columns(boxes: Sequence[TextBox], width: float) -> _Columns:
    # lines much wider than a column (two names read as one) would skew the pitch
    pitch = _column_pitch([b.cx for b in boxes if b.w < 1.3 * width / 5], width)
    return _Columns(pitch, column_count(width, pitch), width)


# Between "avatar centre → its name" (≈ 0.59 column pitch in WeChat's grid) and "name → the
# next row's avatar centre" (≈ 0.71).
AVATAR_TO_NAME = 0.65


def _drop_avatar_text(
    rows: list[list[TextBox]], pitch: float, h: float, col_of: Callable[[float], int]
) -> list[list[TextBox]]:
    """Without a lattice (fewer than two full rows): of two texts in one column less than a row
    apart, one is a name and the other avatar text — either the avatar above that name or the
    avatar of the next row below it. The name is the one in the fuller row; on a tie the
    clearly taller text is the avatar's, else the distance decides: an avatar's centre lies about
    0.6 column pitches above its own name, and the next row's avatar about 0.7 below a name."""
    where = {id(b): i for i, r in enumerate(rows) for b in r}
    drop: set[int] = set()
    flat = [b for r in rows for b in r]
    for up in flat:
        for low in flat:
            if up is low or col_of(up.cx) != col_of(low.cx):
                continue
            if not 0.3 * pitch < low.cy - up.cy < 0.95 * pitch:
                continue
            nu, nl = len(rows[where[id(up)]]), len(rows[where[id(low)]])
            if nu != nl:
                drop.add(id(up) if nu < nl else id(low))
            elif max(up.h, low.h) > 1.25 * min(up.h, low.h):
                drop.add(id(up) if up.h > low.h else id(low))
            else:
                drop.add(id(up) if low.cy - up.cy < AVATAR_TO_NAME * pitch else id(low))
    out = [[b for b in r if id(b) not in drop] for r in rows]
    return [r for r in out if r]


def _grid_cells(
    boxes: list[TextBox], width: float, height: float, top: float
) -> tuple[list[tuple[Cell, ...]], int]:
    """Name cells of a grid page, row by row; also how many rows had 3+ names (the evidence)."""
    if not boxes:
        return [], 0
    h = _median([b.h for b in boxes], 1.0)
    columns = _grid_columns(boxes, width)
    pitch, ncols, col_of = columns.pitch, columns.ncols, columns.of

    # 1. text much taller than the names is a text avatar (王, 福 drawn big)
    cand = [b for b in boxes if b.h <= 1.6 * h]
    split: list[TextBox] = []
    for b in cand:
        split.extend(split_wide_box(b, pitch))
    cand = split
    rows = group_rows(cand, 0.5 * h)
    # 2. name rows lie on a lattice of constant pitch (found from rows of 3+ names); avatar text
    #    sits about half a row above its name, off the lattice
    dense = [statistics.fmean(b.cy for b in r) for r in rows if len({col_of(b.cx) for b in r}) >= 3]
    diffs = [b - a for a, b in zip(dense, dense[1:], strict=False) if b - a >= 0.9 * pitch]
    if diffs:
        base = min(diffs)
        row_pitch = statistics.median([d / max(1, round(d / base)) for d in diffs])

        def on_lattice(y: float, ref: float) -> bool:
            k = (y - ref) / row_pitch
            return abs(k - round(k)) <= 0.25

        # the phase that puts most full rows on the lattice (a cut row at an edge is off it)
        ref = max(dense, key=lambda r0: sum(on_lattice(y, r0) for y in dense))
        rows = [r for r in rows if on_lattice(statistics.fmean(b.cy for b in r), ref)]
    else:
        rows = _drop_avatar_text(rows, pitch, h, col_of)
    # names' height from what is left (avatar text, often big, no longer skews it)
    h = _median([b.h for r in rows for b in r], h)
    rows = _drop_cut_at_edges(rows, h, top, height)
    out: list[tuple[Cell, ...]] = []
    for r in rows:
        by_col: dict[int, list[TextBox]] = {}
        for b in r:
            by_col.setdefault(min(max(col_of(b.cx), 0), ncols - 1), []).append(b)
        cells = [_make_cell(parts, len(out), c) for c, parts in sorted(by_col.items())]
        kept = tuple(c for c in cells if c is not None)
        if kept:
            out.append(kept)
    evidence = sum(1 for r in out if len(r) >= 3)
    return out, evidence


def _grid_fits(rows: list[tuple[Cell, ...]], width: float) -> bool:
    """Names of a grid are centred in their columns."""
    cells = [c for r in rows for c in r]
    if not cells:
        return False
    centres = [(c.box[0] + c.box[2]) / 2 for c in cells]
    pitch = _column_pitch(centres, width)
    ncols = column_count(width, pitch)
    off = [
        abs(
            (x - width / 2) / pitch
            + (ncols - 1) / 2
            - round((x - width / 2) / pitch + (ncols - 1) / 2)
        )
        for x in centres
    ]
    return sum(1 for o in off if o <= 0.25) >= 0.8 * len(off)


# ---------------------------------------------------------------- list


def _list_cells(boxes: list[TextBox], height: float, top: float) -> list[tuple[Cell, ...]] | None:
    """Lines of a list page (PC client), or ``None`` when the boxes are not such a list."""
    if len(boxes) < 2:
        return None
    h = _median([b.h for b in boxes], 1.0)
    groups = _cluster_1d([b.x0 for b in boxes], 0.6 * h)
    best = max(groups, key=len)
    if len(best) < 2 or len(best) < 0.6 * len(boxes):
        return None
    name_x = min(boxes[i].x0 for i in best)
    lines = group_rows(boxes, 0.5 * h)
    # text left of the name column is avatar text
    lines = [[b for b in ln if b.x0 >= name_x - 0.6 * h] for ln in lines]
    lines = [ln for ln in lines if ln]
    h = _median([b.h for ln in lines for b in ln], h)
    # one name per line: pieces of a line lie close together (a grid row has wide gaps)
    if any(b.x0 - a.x1 > h for ln in lines for a, b in zip(ln, ln[1:], strict=False)):
        return None
    lines = _drop_cut_at_edges(lines, h, top, height)
    if len(lines) < 2:
        return None
    ys = [statistics.fmean(b.cy for b in ln) for ln in lines]
    diffs = [b - a for a, b in zip(ys, ys[1:], strict=False)]
    base = min(diffs)
    if base < 1.1 * h or base > 4.5 * h:
        return None
    regular = sum(
        1 for d in diffs if abs(d / base - round(d / base)) <= 0.2 and round(d / base) <= 3
    )
    if regular < 0.8 * len(diffs):
        return None
    out: list[tuple[Cell, ...]] = []
    for i, ln in enumerate(lines):
        cell = _make_cell(ln, i, 0)
        if cell is not None:
            out.append((cell,))
    return out


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
    cand = stripped.boxes
    # WeChat nicknames are at most 16 characters; a page of long lines is a chat or a document
    long_lines = sum(1 for b in cand if len(re.sub(r"\s+", "", b.text)) > MAX_NAME_CHARS)
    if not cand or long_lines > 0.2 * len(cand):
        raise BadInputError(NOT_A_MEMBER_PAGE)
    top = 0.0
    titled = stripped.title_count is not None
    if titled:
        top = max(b.y1 for b in boxes if title_count(b.text) is not None)
    grid, evidence = _grid_cells(cand, width, height, top)
    notes = tuple(stripped.notes)
    if grid and evidence >= 1 and _grid_fits(grid, width):
        return ShotLayout("grid", tuple(grid), stripped.title_count, notes)
    # one row of a grid with a text avatar above a name can look like two lines of a list
    lst = None if stripped.phone else _list_cells(cand, height, top)
    if lst:
        return ShotLayout("list", tuple(lst), stripped.title_count, notes)
    # a titled page with a short last row (the end of the grid) has no full row as evidence
    if grid and titled and _grid_fits(grid, width):
        return ShotLayout("grid", tuple(grid), stripped.title_count, notes)
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
    columns = _grid_columns(cand, width)
    h = _median([b.h for b in cand], 1.0)
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
