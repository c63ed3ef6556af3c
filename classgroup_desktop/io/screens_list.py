"""The list form of a member page (the PC client's member panel): one member per line, the avatar
on the left, names left-aligned to the right of it. Pure geometry, no OCR.
"""

from __future__ import annotations

import statistics

from classgroup_desktop.io.screens_boxes import (
    Cell,
    TextBox,
    cluster_1d,
    drop_cut_at_edges,
    group_rows,
    make_cell,
    median,
)

# ---------------------------------------------------------------- list


def list_cells(boxes: list[TextBox], height: float, top: float) -> list[tuple[Cell, ...]] | None:
    """Lines of a list page (PC client), or ``None`` when the boxes are not such a list."""
    if len(boxes) < 2:
        return None
    h = median([b.h for b in boxes], 1.0)
    groups = cluster_1d([b.x0 for b in boxes], 0.6 * h)
    best = max(groups, key=len)
    if len(best) < 2 or len(best) < 0.6 * len(boxes):
        return None
    name_x = min(boxes[i].x0 for i in best)
    lines = group_rows(boxes, 0.5 * h)
    # text left of the name column is avatar text
    lines = [[b for b in ln if b.x0 >= name_x - 0.6 * h] for ln in lines]
    lines = [ln for ln in lines if ln]
    h = median([b.h for ln in lines for b in ln], h)
    # one name per line: pieces of a line lie close together (a grid row has wide gaps)
    if any(b.x0 - a.x1 > h for ln in lines for a, b in zip(ln, ln[1:], strict=False)):
        return None
    lines = drop_cut_at_edges(lines, h, top, height)
    if len(lines) < 2:
        return None
    ys = [statistics.fmean(b.middle for b in ln) for ln in lines]
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
        cell = make_cell(ln, i, 0)
        if cell is not None:
            out.append((cell,))
    return out
