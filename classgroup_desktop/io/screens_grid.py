"""The grid form of a member page: avatars in columns, the name in a band under each avatar.

The phone's 查看全部群成员 page (5 columns) and the PC client's member panel in its grid form
(4 or 5 columns). Columns are evenly spaced and centred on the picture; name rows lie on a lattice
of constant pitch. Text inside an avatar (a surname, 平安, a shop logo) is not a name: it is larger
than the names, or lies off the lattice of name rows, or (without a lattice) sits above a name of
the same column closer than a row pitch. Pure geometry, no OCR.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from classgroup_desktop.io.screens_boxes import (
    Cell,
    Slot,
    TextBox,
    cluster_1d,
    drop_cut_at_edges,
    group_rows,
    make_cell,
    median,
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



# ---------------------------------------------------------------- grid


def _column_pitch(xs: Sequence[float], width: float) -> float:
    """Distance between neighbouring columns, from the name centres (default: 5 columns)."""
    default = width / 5.4
    centres = [statistics.fmean([xs[i] for i in g]) for g in cluster_1d(xs, 0.05 * width)]
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


def grid_columns(boxes: Sequence[TextBox], width: float) -> _Columns:
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


@dataclass(frozen=True)
class GridRead:
    """Name cells of a grid page row by row, how many rows had 3+ names (the evidence that this
    is a grid), and the places of the grid where no name was read."""

    rows: list[tuple[Cell, ...]]
    evidence: int
    slots: tuple[Slot, ...] = ()


# Where a member's avatar is, measured from its name's centre, in column pitches: WeChat's
# phone grid has the avatar's middle about 0.59 pitch above the name, 0.75 pitch tall. Only the
# avatar's inner part is looked at.
AVATAR_ABOVE = (0.85, 0.35)
AVATAR_HALF_WIDTH = 0.22
NAME_BAND_HALF_WIDTH = 0.45


def _slots(
    out: list[tuple[Cell, ...]], columns: _Columns, row_pitch: float, h: float, height: float
) -> tuple[Slot, ...]:
    """Places without a name: missing columns of each name row, and the first place of the row
    under a full last row (where the +/− tiles would be)."""
    pitch = columns.pitch

    def slot(row: int, col: int, cy: float) -> Slot | None:
        cx = columns.width / 2 + (col - (columns.ncols - 1) / 2) * pitch
        name = (
            round(cx - NAME_BAND_HALF_WIDTH * pitch),
            round(cy - 0.8 * h),
            round(cx + NAME_BAND_HALF_WIDTH * pitch),
            round(cy + 0.8 * h),
        )
        avatar = (
            round(cx - AVATAR_HALF_WIDTH * pitch),
            round(cy - AVATAR_ABOVE[0] * pitch),
            round(cx + AVATAR_HALF_WIDTH * pitch),
            round(cy - AVATAR_ABOVE[1] * pitch),
        )
        if name[0] < 0 or name[2] > columns.width or avatar[1] < 0 or name[3] > height:
            return None
        return Slot(row, col, name, avatar)

    found: list[Slot | None] = []
    for i, row in enumerate(out):
        cy = statistics.fmean((c.box[1] + c.box[3]) / 2 for c in row)
        present = {c.col for c in row}
        found.extend(slot(i, c, cy) for c in range(columns.ncols) if c not in present)
    if out and len(out[-1]) == columns.ncols:
        last = out[-1]
        cy = statistics.fmean((c.box[1] + c.box[3]) / 2 for c in last)
        found.append(slot(len(out), 0, cy + row_pitch))
    return tuple(s for s in found if s is not None)


def grid_cells(boxes: list[TextBox], width: float, height: float, top: float) -> GridRead:
    """Name cells of a grid page, row by row (see :class:`GridRead`)."""
    if not boxes:
        return GridRead([], 0)
    h = median([b.h for b in boxes], 1.0)
    columns = grid_columns(boxes, width)
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
    # WeChat's rows are about 1.3 column pitches apart (86 dp against 66 dp)
    row_pitch = 1.3 * pitch
    if diffs:
        base = min(diffs)
        row_pitch = statistics.median([d / max(1, round(d / base)) for d in diffs])

        def on_lattice(y: float, ref: float, tol: float = 0.25) -> bool:
            k = (y - ref) / row_pitch
            return abs(k - round(k)) <= tol

        # the phase that puts most full rows on the lattice (a cut row at an edge is off it)
        ref = max(dense, key=lambda r0: sum(on_lattice(y, r0) for y in dense))
        # A row at the top or bottom edge must sit squarely on the lattice: there, the second
        # line of a wrapped name whose first line is hidden under the header is only a line off.
        last = len(rows) - 1
        rows = [
            r
            for i, r in enumerate(rows)
            if on_lattice(statistics.fmean(b.cy for b in r), ref, 0.12 if i in (0, last) else 0.25)
        ]
    else:
        rows = _drop_avatar_text(rows, pitch, h, col_of)
    # names' height from what is left (avatar text, often big, no longer skews it)
    h = median([b.h for r in rows for b in r], h)
    rows = drop_cut_at_edges(rows, h, top, height)
    out: list[tuple[Cell, ...]] = []
    for r in rows:
        by_col: dict[int, list[TextBox]] = {}
        for b in r:
            by_col.setdefault(min(max(col_of(b.cx), 0), ncols - 1), []).append(b)
        cells = [make_cell(parts, len(out), c) for c, parts in sorted(by_col.items())]
        kept = tuple(c for c in cells if c is not None)
        if kept:
            out.append(kept)
    evidence = sum(1 for r in out if len(r) >= 3)
    return GridRead(out, evidence, _slots(out, columns, row_pitch, h, height))


def grid_fits(rows: list[tuple[Cell, ...]], width: float) -> bool:
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
