"""How far each sheet's content reaches, measured before a cell parser allocates anything.

python-calamine builds one dense grid per sheet, from the first to the last cell holding a value.
One stray cell at XFD1048576 in a 5 KB .xlsx therefore asks for 17 billion cells, and the Rust
allocator aborts the whole process (exit 134) — the GUI imports in-process, so it would die too.
The sheet's stored used range (``<dimension>``) cannot be trusted either: any program may write
any value there. So the cells themselves are counted here, streaming, with a byte-level scan
that never keeps more than one chunk of the sheet in memory:

- ``.xlsx``: the worksheet XML parts, ``<row r=…>`` / ``<c r=…>`` (position implied when ``r`` is
  missing); cells without content (style only) are ignored, as calamine ignores them.
- ``.xls``: the BIFF cell records of the ``Workbook`` stream (row and column are their first
  four bytes).
- ``.ods``: ``content.xml`` rows and cells with their ``number-rows-repeated`` /
  ``number-columns-repeated`` counts.

A sheet whose content reaches past ``MAX_ROWS`` × ``MAX_COLUMNS`` (or a workbook past
``MAX_CELLS``) is refused with a message naming the sheet and the far cell, so the teacher can
delete it. The .xlsx scan also notes formula cells that carry no cached value (openpyxl and some
school systems write them): calamine reads those as empty, and the roster reader must not
mistake such a row for a continuation of the student above.
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from classgroup_desktop.core.errors import BadInputError

MAX_ROWS = 20_000  # a whole school's roster on one sheet is ~3,000 rows
MAX_COLUMNS = 200  # the widest school-system export seen has ~60 columns
MAX_CELLS = 4_000_000  # dense cells over all sheets: ~250 MB in calamine + Python lists
_CHUNK = 1 << 20
_MAX_UNCACHED = 10_000  # formula cells remembered per sheet (only their positions)


@dataclass
class SheetExtent:
    """The last row and column (0-based) holding content in one sheet; -1 when empty."""

    name: str
    last_row: int = -1
    last_col: int = -1
    far_cell: tuple[int, int] | None = None  # the first cell found past the limits
    uncached_formulas: set[tuple[int, int]] = field(default_factory=set)

    def add(self, row: int, col: int) -> None:
        if row > self.last_row:
            self.last_row = row
        if col > self.last_col:
            self.last_col = col
        if self.far_cell is None and (row >= MAX_ROWS or col >= MAX_COLUMNS):
            self.far_cell = (row, col)

    @property
    def cells(self) -> int:
        return (self.last_row + 1) * (self.last_col + 1)


def cell_ref(row: int, col: int) -> str:
    """``(0, 0)`` → ``A1``."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def check_extents(file_name: str, extents: list[SheetExtent]) -> None:
    """BadInputError when a sheet reaches past the limits or the workbook is too large."""
    for ext in extents:
        if ext.far_cell is not None:
            row, col = ext.far_cell
            raise BadInputError(
                f"在 {cell_ref(row, col)} 单元格还有内容，超出了名单表格的合理范围"
                f"（每张工作表最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列），为避免耗尽内存已停止读取。"
                "请在 Excel/WPS 中删除名单以外的行和列（或把名单复制到新工作簿），"
                "另存后再导入。",
                file=file_name,
                sheet=ext.name,
            )
    total = sum(e.cells for e in extents)
    if total > MAX_CELLS:
        raise BadInputError(
            f"工作簿的内容过多（约 {total:,} 个单元格，上限 {MAX_CELLS:,}），不像是名单表格，"
            "为避免耗尽内存已停止读取。请只保留学生名单所在的工作表，另存后再导入。",
            file=file_name,
        )


# --- .xlsx ----------------------------------------------------------------------------------

_XML_TOKEN = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|f|v|is)(?=[\s/>])([^>]*?)(/?)>"
    rb"|</(?:[A-Za-z_][\w.-]*:)?(c|row)\s*>"
)
_R_ATTR = re.compile(rb"""\br\s*=\s*["']([A-Za-z]{0,3})(\d*)["']""")
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTR = re.compile(rb"""([\w:]+)\s*=\s*["']([^"']*)["']""")
_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")


def _col_index(letters: bytes) -> int:
    col = 0
    for ch in letters.upper():
        col = col * 26 + (ch - 64)
    return col - 1


def _chunks(fh: IO[bytes]) -> Iterator[bytes]:
    """The stream cut just before a ``<`` so that no tag straddles two chunks; a cell split
    between chunks is handled by the tokenizer's state, not by the cut."""
    tail = b""
    while True:
        block = fh.read(_CHUNK)
        if not block:
            if tail:
                yield tail
            return
        data = tail + block
        cut = data.rfind(b"<")
        if cut <= 0:
            tail = data
            continue
        yield data[:cut]
        tail = data[cut:]


def _scan_xlsx_sheet(fh: IO[bytes], ext: SheetExtent) -> None:
    row = -1
    col = -1
    cell: tuple[int, int] | None = None
    has_value = has_formula = False
    for chunk in _chunks(fh):
        for m in _XML_TOKEN.finditer(chunk):
            tag, attrs, closed, end_tag = m.groups()
            if end_tag == b"c":
                if cell is not None:
                    if has_value:
                        ext.add(*cell)
                    elif has_formula and len(ext.uncached_formulas) < _MAX_UNCACHED:
                        ext.uncached_formulas.add(cell)
                cell = None
                continue
            if end_tag:
                continue
            if tag == b"row":
                r = _R_ATTR.search(attrs)
                row = int(r.group(2)) - 1 if r and r.group(2) else row + 1
                col = -1
            elif tag == b"c":
                r = _R_ATTR.search(attrs)
                if r and r.group(2):
                    row = int(r.group(2)) - 1
                    col = _col_index(r.group(1)) if r.group(1) else col + 1
                else:
                    col += 1
                cell = None if closed else (max(row, 0), col)
                has_value = has_formula = False
            elif cell is not None:
                if tag in (b"v", b"is"):
                    has_value = has_value or not closed
                elif tag == b"f":
                    has_formula = True


_FAST_CELL = re.compile(rb'<c\s[^>]*?\br="([A-Z]{1,3})(\d+)"')


def _quick_xlsx_bounds(fh: IO[bytes]) -> tuple[int, int] | None:
    """An upper bound on (last row, last column) from the cells' ``r`` attributes, at C speed.

    Empty styled cells count here, so the bound may be too high. None when it cannot be relied
    on: a cell without ``r``, namespace-prefixed tags, or formulas (whose cached values the
    full scan checks).
    """
    last_row = -1
    letters: set[bytes] = set()
    for chunk in _chunks(fh):
        if b"<f" in chunk or b":c " in chunk or b":c>" in chunk:
            return None
        cells = _FAST_CELL.findall(chunk)
        if len(cells) != chunk.count(b"<c ") + chunk.count(b"<c>") + chunk.count(b"<c/"):
            return None
        if cells:
            cols, rows = zip(*cells, strict=True)
            last_row = max(last_row, max(map(int, rows)) - 1)
            letters.update(cols)
    return last_row, max((_col_index(c) for c in letters), default=-1)


def _xlsx_sheet_parts(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, zip member) of every worksheet, in workbook order; unknown parts last."""
    names = set(zf.namelist())
    try:
        workbook = zf.open("xl/workbook.xml").read(4 << 20)
        rels = zf.open("xl/_rels/workbook.xml.rels").read(4 << 20)
    except KeyError:
        workbook = rels = b""
    targets: dict[bytes, str] = {}
    for tag in _REL_TAG.findall(rels):
        attrs = dict(_ATTR.findall(tag))
        target = attrs.get(b"Target", b"").decode("utf-8", "replace")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[attrs.get(b"Id", b"")] = re.sub(r"[^/]+/\.\./", "", target)
    parts: list[tuple[str, str]] = []
    for tag in _SHEET_TAG.findall(workbook):
        attrs = dict(_ATTR.findall(tag))
        rid = next((v for k, v in attrs.items() if k.endswith(b":id")), b"")
        target = targets.get(rid)
        if target in names:
            parts.append((attrs.get(b"name", b"").decode("utf-8", "replace"), target))
    known = {p for _, p in parts}
    for n in sorted(names):
        if n.startswith("xl/worksheets/") and n.endswith(".xml") and n not in known:
            parts.append((n.rsplit("/", 1)[-1], n))
    return parts


def xlsx_extents(path: Path) -> list[SheetExtent]:
    """The extent of every worksheet of an .xlsx (zip already checked by the caller)."""
    extents = []
    with zipfile.ZipFile(path) as zf:
        for name, part in _xlsx_sheet_parts(zf):
            ext = SheetExtent(name)
            with zf.open(part) as fh:
                bounds = _quick_xlsx_bounds(fh)
            if bounds is not None and bounds[0] < MAX_ROWS and bounds[1] < MAX_COLUMNS:
                ext.last_row, ext.last_col = bounds
            else:
                with zf.open(part) as fh:
                    _scan_xlsx_sheet(fh, ext)
            extents.append(ext)
    return extents


# --- .ods -----------------------------------------------------------------------------------

_ODS_TOKEN = re.compile(
    rb"<table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>"
    rb"|</table:(table-cell|covered-table-cell)\s*>"
)
_ROWS_REPEATED = re.compile(rb"""number-rows-repeated\s*=\s*["'](\d+)["']""")
_COLS_REPEATED = re.compile(rb"""number-columns-repeated\s*=\s*["'](\d+)["']""")
_TABLE_NAME = re.compile(rb"""table:name\s*=\s*["']([^"']*)["']""")


def ods_extents(path: Path) -> list[SheetExtent]:
    """The extent of every table in an .ods ``content.xml``.

    A cell counts when it has a value type or any element inside it; repeated empty rows and
    cells (LibreOffice pads every sheet to 1,048,576 rows this way) only move the position.
    """
    extents: list[SheetExtent] = []
    ext: SheetExtent | None = None
    row = col = -1
    row_repeat = 1
    pending: tuple[int, int, bool] | None = None  # (first col, repeat, has value type)
    with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
        for chunk in _chunks(fh):
            for m in _ODS_TOKEN.finditer(chunk):
                tag, attrs, closed, end_tag = m.groups()
                if end_tag:
                    if pending is not None and ext is not None:
                        first, repeat, _typed = pending
                        # content inside the cell: it counts, with every repetition
                        ext.add(row + row_repeat - 1, first + repeat - 1)
                    pending = None
                    continue
                if tag == b"table":
                    name = _TABLE_NAME.search(attrs)
                    ext = SheetExtent(name.group(1).decode("utf-8", "replace") if name else "")
                    extents.append(ext)
                    row, col, row_repeat = -1, -1, 1
                elif tag == b"table-row":
                    row += row_repeat
                    rep = _ROWS_REPEATED.search(attrs)
                    row_repeat = max(1, int(rep.group(1))) if rep else 1
                    col = -1
                else:
                    rep = _COLS_REPEATED.search(attrs)
                    repeat = max(1, int(rep.group(1))) if rep else 1
                    first = col + 1
                    col += repeat
                    typed = b"value-type" in attrs
                    if closed:
                        if typed and ext is not None:
                            ext.add(row + row_repeat - 1, col)
                    else:
                        pending = (first, repeat, typed)
    return extents


# --- .xls -----------------------------------------------------------------------------------

# BIFF cell records whose first four bytes are (row, column), and which carry a value.
_XLS_CELLS = {0x0006, 0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, 0x00D6, 0x0406, 0x0003}
_XLS_MULRK = 0x00BD
_XLS_BOF = {0x0809, 0x0409, 0x0209, 0x0009}
_XLS_BOUNDSHEET = 0x0085


def xls_extents(path: Path) -> list[SheetExtent]:
    """The extent of every sheet in a legacy .xls (BIFF5/8 ``Workbook`` stream)."""
    import olefile

    with path.open("rb") as fh:
        ole = olefile.OleFileIO(fh)
        try:
            stream = "Workbook" if ole.exists("Workbook") else "Book"
            data = ole.openstream(stream).read()
        finally:
            ole.close()
    names: dict[int, str] = {}
    extents: list[SheetExtent] = []
    ext: SheetExtent | None = None
    pos = 0
    end = len(data)
    while pos + 4 <= end:
        rtype, length = struct.unpack_from("<HH", data, pos)
        body = pos + 4
        if rtype in _XLS_BOF:
            if pos in names or extents or names:
                ext = SheetExtent(names.get(pos, f"第 {len(extents) + 1} 张工作表"))
                extents.append(ext)
        elif rtype == _XLS_BOUNDSHEET and length >= 8:
            offset = struct.unpack_from("<I", data, body)[0]
            cch = data[body + 6]
            high = data[body + 7] & 1 if length > 8 else 0
            raw = data[body + 8 : body + 8 + cch * (2 if high else 1)]
            names[offset] = raw.decode("utf-16-le" if high else "latin-1", "replace")
        elif ext is not None and length >= 4:
            if rtype in _XLS_CELLS:
                row, col = struct.unpack_from("<HH", data, body)
                ext.add(row, col)
            elif rtype == _XLS_MULRK and length >= 6:
                row = struct.unpack_from("<H", data, body)[0]
                last = struct.unpack_from("<H", data, body + length - 2)[0]
                ext.add(row, last)
        pos = body + length
    return extents
