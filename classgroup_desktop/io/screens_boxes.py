"""Recognised text boxes of a member-page screenshot and the member cells made of them.

Pure (no OCR, no image, no Qt): the shapes shared by the grid reader (:mod:`screens_grid`), the
list reader (:mod:`screens_list`) and the page reader (:mod:`screens_layout`), and the small
pieces of geometry they all use.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TextBox:
    """One recognised text line: its text, OCR score (0..1) and axis-aligned box in pixels."""

    text: str
    score: float
    x0: float
    y0: float
    x1: float
    y1: float
    # a name wrapped onto more lines: the box is its first line's, ``bottom`` the last line's end
    bottom: float | None = None

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

    @property
    def middle(self) -> float:
        """The vertical middle of all its lines (a list centres a wrapped name on its row)."""
        return (self.y0 + (self.y1 if self.bottom is None else self.bottom)) / 2


@dataclass(frozen=True)
class Cell:
    """One member read from one screenshot. ``row``/``col`` are 0-based within that screenshot."""

    nickname: str
    truncated: bool
    confidence: float
    row: int
    col: int
    box: tuple[int, int, int, int]
    # an avatar with something in its name band that OCR could not read (an emoji-only name)
    unreadable: bool = False


Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels


@dataclass(frozen=True)
class Slot:
    """A place of the grid where a member would be but no name was read: the band where its name
    would be and the middle of its avatar. The reader looks at the pixels: an avatar and marks in
    the name band are a member whose name OCR cannot read; an outlined tile without a name is the
    +/− tiles that end the member grid."""

    row: int  # index into ``ShotLayout.rows``; ``len(rows)`` for the row under the last one
    col: int
    name_box: Box
    avatar_box: Box


@dataclass(frozen=True)
class ShotLayout:
    """What one screenshot shows: its member rows (top to bottom) and the title's member count.

    ``slots``: grid places without a name, to be looked at in the picture; ``ends_with_tiles``:
    the +/− (添加/移出) tiles that end the member list are in view."""

    kind: str  # "grid" | "list"
    rows: tuple[tuple[Cell, ...], ...]
    title_count: int | None = None
    notes: tuple[str, ...] = field(default=())
    slots: tuple[Slot, ...] = field(default=())
    ends_with_tiles: bool = False

    @property
    def cells(self) -> list[Cell]:
        return [c for row in self.rows for c in row]


# WeChat cuts long names with "…"; OCR returns it as "…", "...", "···", "⋯" or a lone "·".
_ELLIPSIS = re.compile(r"\s*(?:[.·•・。．]*[…⋯]+[.·•・。．]*|[.·•・。．]{2,}|[·•・])$")
# A single "." after a Chinese character or a digit is a cut too (no Chinese name ends with a
# full stop; small fonts on the PC turn "…" into ".").
_CJK_DOT = re.compile(r"(?<=[\u3400-\u9fff\d])\s*[.。．]$")


def split_ellipsis(text: str) -> tuple[str, bool]:
    """``"欧阳娜娜…"`` → ``("欧阳娜娜", True)``: the visible part, and whether WeChat cut it."""
    m = _ELLIPSIS.search(text) or _CJK_DOT.search(text)
    if m and m.start() > 0:
        return text[: m.start()].rstrip(), True
    return text.strip(), False


# ---------------------------------------------------------------- pieces of geometry


def median(values: Sequence[float], default: float) -> float:
    return statistics.median(values) if values else default


def cluster_1d(values: Sequence[float], tol: float) -> list[list[int]]:
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
    groups = cluster_1d([b.cy for b in boxes], tol)
    return [sorted((boxes[i] for i in g), key=lambda b: b.x0) for g in groups]


def join_text(parts: Sequence[TextBox]) -> str:
    """Text of boxes of one name, left to right; a space only between two Latin words."""
    out = ""
    for b in parts:
        if out and out[-1].isascii() and out[-1].isalnum() and b.text[:1].isascii():
            out += " "
        out += b.text.strip()
    return out


def make_cell(parts: Sequence[TextBox], row: int, col: int) -> Cell | None:
    text, cut = split_ellipsis(join_text(parts))
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
            round(max(b.y1 if b.bottom is None else b.bottom for b in parts)),
        ),
    )



def drop_cut_at_edges(
    rows: list[list[TextBox]], h: float, top: float, bottom: float
) -> list[list[TextBox]]:
    """A name row cut by the screen edge (or by the fixed title bar) is dropped: its boxes touch
    the edge or are clearly shorter than whole names."""
    margin = max(2.0, 0.08 * h)
    cut = []
    for i, row in enumerate(rows):
        # at the bottom, a name needs room under it: a second line of it may be out of view
        touches = any(
            b.y0 <= top + margin
            or (b.y1 if b.bottom is None else b.bottom) >= bottom - margin - (WRAP_GAP + 0.5) * h
            for b in row
        )
        size = median([b.h for b in row], h)
        # glyphs cut by the edge read short, or a little short and unsure (计啊鸡妈 for the lower
        # part of 许晴妈妈 under the PC panel's header)
        short = size < 0.75 * h or (size < 0.9 * h and min(b.score for b in row) < 0.8)
        at_edge = i == 0 or i == len(rows) - 1
        cut.append(touches or (at_edge and short))
    # A wrapped name whose other line is cut by the edge: the whole line next to the cut one,
    # less than a line's gap away, is only part of that name.
    for i in (0, len(rows) - 1):
        if not 0 <= i < len(rows) or not cut[i]:
            continue
        j = i + 1 if i == 0 else i - 1
        if not 0 <= j < len(rows) or cut[j]:
            continue
        upper, lower = (rows[i], rows[j]) if i < j else (rows[j], rows[i])
        end = max(b.y1 if b.bottom is None else b.bottom for b in upper)
        if min(b.y0 for b in lower) - end < WRAP_GAP * h:
            cut[j] = True
    return [row for row, dropped in zip(rows, cut, strict=True) if not dropped]


# Two lines of one name: the second starts right under the first (a gap well under a line's
# height) and lines up with it — centred under it in a grid, left-aligned in a list.
WRAP_GAP = 0.8  # of the line height


def join_wrapped_lines(boxes: Sequence[TextBox]) -> list[TextBox]:
    """Boxes with each name that wrapped onto a second line (the PC client wraps long names)
    joined into one box; a line cut with "…" never continues."""
    order = sorted(boxes, key=lambda b: (b.y0, b.x0))
    used: set[int] = set()
    out: list[TextBox] = []
    for i, top in enumerate(order):
        if i in used:
            continue
        current = top
        for j in range(i + 1, len(order)):
            low = order[j]
            end = current.y1 if current.bottom is None else current.bottom
            if j in used or low.y0 <= end - 0.3 * current.h:
                continue
            h = max(current.h, low.h)
            if low.y0 - end > WRAP_GAP * h:
                break
            if min(current.h, low.h) < 0.7 * h or split_ellipsis(current.text)[1]:
                continue
            centred = abs(low.cx - current.cx) < 0.5 * h
            aligned = abs(low.x0 - current.x0) < 0.5 * h
            if not (centred or aligned):
                continue
            used.add(j)
            # the joined name keeps the first line's height: rows, lattices and the "taller
            # than a name is avatar text" rule all measure single lines
            current = TextBox(
                current.text.rstrip() + low.text.strip(),
                min(current.score, low.score),
                min(current.x0, low.x0),
                current.y0,
                max(current.x1, low.x1),
                current.y1,
                low.y1 if low.bottom is None else low.bottom,
            )
            h = current.h
        out.append(current)
    return out
