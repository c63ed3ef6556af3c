"""Tiny workbooks whose content reaches a far cell, written byte by byte (no library would keep
them this small, and calamine must never see them before the extent check)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="三(2)班" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def xlsx_with_cells(path: Path, body: str, dimension: str = "A1:C3") -> Path:
    """An .xlsx whose one sheet has a header 学号/姓名/性别, one student, then ``body``."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>'
        f'<row r="1">{_cell("A1", "学号")}{_cell("B1", "姓名")}{_cell("C1", "性别")}</row>'
        f'<row r="2"><c r="A2"><v>1</v></c>{_cell("B2", "王小明")}{_cell("C2", "男")}</row>'
        f"{body}</sheetData></worksheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def far_xlsx(path: Path, ref: str, *, styled_only: bool = False) -> Path:
    """The roster above plus one cell at ``ref`` (``XFD1048576``); ``styled_only``: no value."""
    row = re.sub(r"[A-Z]", "", ref)
    cell = f'<c r="{ref}" s="0"/>' if styled_only else _cell(ref, "x")
    return xlsx_with_cells(path, f'<row r="{row}">{cell}</row>', dimension=f"A1:{ref}")


def far_xls(path: Path, row: int = 65535, col: int = 255) -> Path:
    """A legacy .xls with the roster above and one cell at (row, col) — the BIFF8 maximum."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("三(2)班")
    for r, values in enumerate((("学号", "姓名", "性别"), (1, "王小明", "男"))):
        for c, value in enumerate(values):
            ws.write(r, c, value)
    ws.write(row, col, "x")
    wb.save(str(path))
    return path


def far_ods(path: Path, rows_before: int = 1_048_570, cols_before: int = 16_383) -> Path:
    """An .ods whose far cell sits after repeated empty rows and cells (as LibreOffice pads)."""

    def cell(text: str) -> str:
        return (
            f'<table:table-cell office:value-type="string"><text:p>{text}</text:p>'
            "</table:table-cell>"
        )

    rows = (
        f"<table:table-row>{cell('学号')}{cell('姓名')}</table:table-row>"
        f"<table:table-row>{cell('1')}{cell('王小明')}</table:table-row>"
        f'<table:table-row table:number-rows-repeated="{rows_before}"><table:table-cell/>'
        "</table:table-row><table:table-row>"
        f'<table:table-cell table:number-columns-repeated="{cols_before}"/>{cell("x")}'
        "</table:table-row>"
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="三(2)班">{rows}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path
