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
    the +/− (添加/移出) tiles that end the member list are in view; ``starts_at_top``: the search
    box above the first members is in view. The last two tell whether screenshots cover the whole
    list."""

    kind: str  # "grid" | "list"
    rows: tuple[tuple[Cell, ...], ...]
    title_count: int | None = None
    notes: tuple[str, ...] = field(default=())
    slots: tuple[Slot, ...] = field(default=())
    ends_with_tiles: bool = False
    starts_at_top: bool = False

    @property
    def cells(self) -> list[Cell]:
        return [c for row in self.rows for c in row]


# WeChat cuts long names with "…"; OCR returns it as "…", "...", "···", "⋯" or a lone "·".
_ELLIPSIS = re.compile(r"\s*(?:[.·•・。．]*[…⋯]+[.·•・。．]*|[.·•・。．]{2,}|[·•・])$")
# A single "." after a Chinese character is a cut too (no Chinese name ends with a full stop).
_CJK_DOT = re.compile(r"(?<=[\u3400-\u9fff])\s*[.。．]$")


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
            round(max(b.y1 for b in parts)),
        ),
    )



def drop_cut_at_edges(
    rows: list[list[TextBox]], h: float, top: float, bottom: float
) -> list[list[TextBox]]:
    """A name row cut by the screen edge (or by the fixed title bar) is dropped: its boxes touch
    the edge or are clearly shorter than whole names."""
    margin = max(2.0, 0.08 * h)
    out = []
    for i, row in enumerate(rows):
        touches = any(b.y0 <= top + margin or b.y1 >= bottom - margin for b in row)
        short = median([b.h for b in row], h) < 0.75 * h
        at_edge = i == 0 or i == len(rows) - 1
        if touches or (at_edge and short):
            continue
        out.append(row)
    return out


# Two lines of one name: the second starts right under the first (a gap well under a line's
# height) and lines up with it — centred under it in a grid, left-aligned in a list.
WRAP_GAP = 0.6  # of the line height


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
            if j in used or low.y0 <= current.y1 - 0.3 * current.h:
                continue
            h = max(current.h, low.h)
            if low.y0 - current.y1 > WRAP_GAP * h:
                break
            if min(current.h, low.h) < 0.7 * h or split_ellipsis(current.text)[1]:
                continue
            centred = abs(low.cx - current.cx) < 0.5 * h and low.w <= current.w + 0.5 * h
            aligned = abs(low.x0 - current.x0) < 0.5 * h and low.w <= current.w + 0.5 * h
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
            )
            h = current.h
        out.append(current)
    return out
