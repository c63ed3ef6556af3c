"""Merging the member rows of several screenshots into one list, each member once.

Pure (no OCR, no images): works on the rows of :class:`~screens_layout.ShotLayout`. The
heuristic is documented on :func:`merge_shots`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from classgroup_desktop.io.screens_layout import Cell, ShotLayout


def _key(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text).lower()


def names_match(a: Cell, b: Cell) -> bool:
    """Same name seen twice (OCR of the same pixels may differ by one character)."""
    ka, kb = _key(a.nickname), _key(b.nickname)
    if ka == kb:
        return True
    if not ka or not kb or abs(len(ka) - len(kb)) > 1 or min(len(ka), len(kb)) < 3:
        return False
    return _edit_distance(ka, kb) <= 1


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def rows_match(a: Sequence[Cell], b: Sequence[Cell]) -> bool:
    """Two rows show the same members: same columns and the same names. In a row of four or more,
    one name may be read differently or missed in one shot (OCR of the same pixels at another
    scroll position); never more, so neighbouring rows of similar names are not confused."""
    ca = {c.col: c for c in a}
    cb = {c.col: c for c in b}
    cols = set(ca) | set(cb)
    exact = sum(
        1 for c in cols if c in ca and c in cb and _key(ca[c].nickname) == _key(cb[c].nickname)
    )
    loose = [
        c
        for c in cols
        if not (c in ca and c in cb and _key(ca[c].nickname) == _key(cb[c].nickname))
    ]
    if not loose:
        return True
    if len(loose) > 1 or exact < 3:
        return False
    c = loose[0]
    return c not in ca or c not in cb or names_match(ca[c], cb[c])


@dataclass(frozen=True)
class MergedCell:
    """A member of the merged list and the screenshot (index) it was read from."""

    shot: int
    cell: Cell


# In the overlap, the other screenshot's reading replaces the first one's only when clearly surer
# (sources then mostly point at the first screenshot showing the member).
SURER_BY = 0.05


def _union_row(a: Sequence[MergedCell], b: Sequence[MergedCell]) -> list[MergedCell]:
    """Overlapping rows: per column the first reading, or the other one when clearly surer."""
    by_col: dict[int, MergedCell] = {m.cell.col: m for m in a}
    for m in b:
        old = by_col.get(m.cell.col)
        if old is None or m.cell.confidence > old.cell.confidence + SURER_BY:
            by_col[m.cell.col] = m
    return [by_col[c] for c in sorted(by_col)]


def _block_matches(a: Sequence[Sequence[MergedCell]], b: Sequence[Sequence[MergedCell]]) -> bool:
    return len(a) == len(b) and all(
        rows_match([m.cell for m in x], [m.cell for m in y]) for x, y in zip(a, b, strict=True)
    )


def _overlap(upper: list[list[MergedCell]], lower: list[list[MergedCell]]) -> int:
    """Rows at the end of ``upper`` that are the rows at the start of ``lower`` (longest run)."""
    for k in range(min(len(upper), len(lower)), 0, -1):
        if _block_matches(upper[len(upper) - k :], lower[:k]):
            return k
    return 0


def _contained(merged: list[list[MergedCell]], rows: list[list[MergedCell]]) -> int | None:
    """Where ``rows`` repeat as a block of ``merged`` (a screenshot of rows already read)."""
    if not rows or sum(len(r) for r in rows) < MIN_REPEAT_NAMES:
        return None
    for start in range(len(merged) - len(rows) + 1):
        if _block_matches(merged[start : start + len(rows)], rows):
            return start
    return None


# A screenshot whose rows all repeat rows already read is skipped only when those rows hold at
# least this many names (one short row of one or two names can repeat by chance).
MIN_REPEAT_NAMES = 3


def merge_shots(shots: Sequence[ShotLayout]) -> list[MergedCell]:
    """Members of the screenshots in display order, each member once (see
    :func:`merge_and_join`)."""
    return merge_and_join(shots)[0]


def merge_and_join(shots: Sequence[ShotLayout]) -> tuple[list[MergedCell], bool]:
    """Members of the screenshots in display order, each member once.

    Heuristic (documented for the teacher's trust): screenshots scroll by whole screens, so the
    overlap between two shots is a run of *whole rows*: the longest run of rows at the end of what
    is merged so far that equals, row for row (same columns, same names), the rows at the start of
    the next shot. Those rows are taken once; the rest of the next shot is appended. A shot taken
    from further up (given out of order) overlaps at its end instead and is put in front; a shot
    whose rows all repeat rows already read adds nothing. Two members who share a nickname both
    stay when they are in the same shot, or when their rows differ: a repeated name at a shot
    boundary whose row does not repeat is a real second member. In a one-column list a single
    repeated line at the boundary is taken as overlap — the title count check catches the rare
    family that this would hide.

    Also says whether the screenshots *join*: each one after the first overlaps what was merged
    before it by at least one row (or repeats rows of it). Screenshots that join, down to the
    +/− tiles, leave no screen out.
    """
    merged: list[list[MergedCell]] = []
    joined = True
    for si, shot in enumerate(shots):
        rows = [[MergedCell(si, c) for c in r] for r in shot.rows]
        at = _contained(merged, rows) if merged else None
        if at is not None:
            for i, row in enumerate(rows):
                merged[at + i] = _union_row(merged[at + i], row)
            continue
        after = _overlap(merged, rows)
        before = _overlap(rows, merged) if merged else 0
        if merged and not (after or before):
            joined = False
        if before > after:
            for i in range(before):
                rows[len(rows) - before + i] = _union_row(rows[len(rows) - before + i], merged[i])
            merged = rows + merged[before:]
            continue
        for i in range(after):
            merged[len(merged) - after + i] = _union_row(merged[len(merged) - after + i], rows[i])
        merged.extend(rows[after:])
    return [m for r in merged for m in r], joined


def count_warning(found: int, title: int | None, *, complete: bool = False) -> str | None:
    """Plain words for the teacher when the merged count differs from the title's count.

    Fewer members than the title says: a screen is missing — unless the screenshots are
    ``complete`` (they join, and the last ends with the +/− tiles); then names were missed in
    the pictures, and asking for another screenshot would send the teacher on a useless hunt."""
    if title is None or found == title:
        return None
    if found < title and complete:
        return (
            f"识别到 {found} 人，群成员显示 {title} 人：截图已从头连到尾，"
            f"有 {title - found} 个名字没有识别出来，请对照截图在名单里补上"
        )
    if found < title:
        return f"识别到 {found} 人，群成员显示 {title} 人：可能漏截了一屏，请补充截图"
    return f"识别到 {found} 人，群成员显示 {title} 人：可能有截图重复或识别有误，请核对名单"
