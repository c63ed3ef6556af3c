"""One sheet of a roster file as a grid of plain Python values, whatever format it came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class RawSheet:
    """One sheet as a grid: ``rows[i][j]`` is the cell at Excel row ``i + 1``, column ``j``."""

    name: str
    rows: list[list[Any]]
    hidden: bool = False
    source: str = "sheet"  # "csv" for a text file: its rows keep every cell the writer wrote
    # a CSV whose last row looks cut off (ends inside quotes, or fewer cells than the others):
    # that row (1-based), why, and whether its last cell may be partial
    cut_row: int | None = None
    cut_note: str | None = None
    cut_partial: bool = False
    encoding: str | None = None  # a text file's encoding (utf-8, gb18030, cp950 …)
    # formula cells without a cached value, (row index, column): read as empty, yet not empty
    uncached: frozenset[tuple[int, int]] = frozenset()
