"""CSV and tab-separated rosters: the separator found by consistency (commas, full-width commas,
tabs, semicolons), reading bounded like a workbook, and a file that ends mid-row noticed.

A download or copy cut short leaves a CSV that still parses: its last row has fewer cells than
the others, or ends inside a quoted cell. The row is marked on the ``RawSheet`` so the roster
reader can warn and drop the half cell instead of storing a guardian called “吴”.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.io.raw_sheet import RawSheet
from classgroup_desktop.io.sheet_extent import MAX_COLUMNS, MAX_ROWS
from classgroup_desktop.io.text_encoding import detect_text

MAX_CSV_FIELD = 10_000


def _bad(path: Path, message: str) -> BadInputError:
    return BadInputError(message, file=path.name)


# Separators in order of preference when two fit equally well; the full-width comma is what a
# Chinese input method types, and a list typed by hand in Notepad ends up separated by it.
_DELIMITERS = (",", "\t", "，", ";", "；", "|")


def _delimiter(sample: str) -> str:
    """The separator that splits the most lines of ``sample`` into the same number of cells."""
    lines = [line for line in sample.splitlines()[:60] if line.strip()]
    best, best_score = ",", 0
    for delim in _DELIMITERS:
        counts = [line.count(delim) for line in lines]
        used = [c for c in counts if c]
        if not used:
            continue
        mode = max(set(used), key=used.count)
        score = sum(1 for c in counts if c == mode)
        if score > best_score:
            best, best_score = delim, score
    return best


def read_csv(path: Path) -> RawSheet:
    """The CSV (or tab-separated text) at ``path`` as one sheet named after the file.

    Bounded like a workbook (``MAX_ROWS`` × ``MAX_COLUMNS``, empty cells at the end of a line not
    counted); a last line that looks cut off is marked in ``cut_row``/``cut_note``.
    """
    text, encoding = detect_text(path, path.read_bytes())
    delim = _delimiter(text[:16384])
    csv.field_size_limit(MAX_CSV_FIELD * 10)
    rows: list[list[Any]] = []
    widths: Counter[int] = Counter()
    width = last = 0  # raw cell count and number of the last row that is not blank
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delim):
            if any(c.strip() for c in row):
                width, last = len(row), len(rows) + 1
                widths[width] += 1
            while row and not row[-1].strip():
                row.pop()  # Excel pads every row with empty cells up to the widest one
            if len(row) > MAX_COLUMNS:
                raise _bad(
                    path,
                    f"第 {len(rows) + 1} 行有 {len(row)} 个单元格，超出了名单表格的合理范围"
                    f"（最多 {MAX_COLUMNS} 列），为避免耗尽内存已停止读取。请确认选择的文件正确。",
                )
            rows.append(row)
            if len(rows) > MAX_ROWS:
                raise _bad(
                    path,
                    f"文件超过 {MAX_ROWS} 行，不像是名单表格，为避免耗尽内存已停止读取。"
                    "请只保留学生名单后另存再导入。",
                )
    except csv.Error as exc:
        raise _bad(
            path, f"CSV 格式有误（{exc}）。请在 Excel 中打开后另存为 .xlsx 再导入。"
        ) from None
    sheet = RawSheet(name=path.stem, rows=rows, source="csv", encoding=encoding)
    if last and _ends_inside_quotes(text, delim):
        return replace(sheet, cut_row=last, cut_note="文件在引号内结束", cut_partial=True)
    usual = widths.most_common(1)[0][0] if widths else 0
    if last and width < usual:
        # a line cut mid-cell has no line break after it; a short line that ends properly was
        # written that way (a hand-made CSV may omit empty cells at the end of a line)
        ended = text.rstrip(" \t").endswith(("\n", "\r"))
        note = f"只有 {width} 格，其他行有 {usual} 格" + ("" if ended else "，文件也没有以换行结束")
        return replace(sheet, cut_row=last, cut_note=note, cut_partial=not ended)
    return sheet


def _ends_inside_quotes(text: str, delim: str) -> bool:
    """Whether the text ends inside a quoted field: the file was cut in the middle of a cell.

    The lenient reader above keeps the partial field; the strict one stops at the unclosed quote.
    """
    if '"' not in text:
        return False
    try:
        for _row in csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False
