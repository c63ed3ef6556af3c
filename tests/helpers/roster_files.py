"""Build roster files the way schools send them, in tmp_path, for the roster tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

Rows = Sequence[Sequence[Any]]


def write_xlsx(
    path: Path,
    sheets: dict[str, Rows],
    merges: dict[str, list[str]] | None = None,
    hidden: Sequence[str] = (),
) -> Path:
    """An .xlsx with one sheet per entry (rows appended in order; None = empty cell)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def write_csv(path: Path, rows: Rows, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows(
        [["" if c is None else c for c in r] for r in rows]
    )
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xls(path: Path, sheets: dict[str, Rows]) -> Path:
    """A legacy .xls (BIFF8) written with xlwt, as old Excel and school systems export."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        ws = wb.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    ws.write(r, c, value)
    wb.save(str(path))
    return path


SIMPLE_HEADER = ["学号", "姓名", "性别", "家长姓名", "关系", "联系电话"]


def simple_rows(n: int = 3, start: int = 1) -> list[list[Any]]:
    """``n`` tidy student rows (one guardian each) with distinct names and phones."""
    names = [
        "王小明",
        "李小红",
        "赵大勇",
        "钱多多",
        "孙悟空",
        "周小舟",
        "吴一凡",
        "郑好好",
        "冯小刚",
        "陈晓东",
    ]
    rows = []
    for i in range(start, start + n):
        name = names[(i - 1) % len(names)] + ("" if i <= len(names) else str(i))
        rows.append([i, name, "男" if i % 2 else "女", f"{name[0]}爸爸", "爸爸", 13800000000 + i])
    return rows


def write_encrypted_xlsx(path: Path, sheets: dict[str, Rows], password: str = "123456") -> Path:
    """A password-protected .xlsx (an OLE2 container with EncryptionInfo), as Excel saves it."""
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_xlsx(path.with_suffix(".plain.xlsx"), sheets)
    with plain.open("rb") as src, path.open("wb") as out:
        OOXMLFile(src).encrypt(password, out)
    plain.unlink()
    return path
