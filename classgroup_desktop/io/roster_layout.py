"""Where the roster is in each sheet: header row found by scoring rows for known header words,
columns mapped to fields, the sheet's kind (students / teachers / ignored) and class name.

``sniff`` gives the import wizard this layout plus the first rows of every sheet; the user's
corrections come back as ``SheetOverride`` objects (both shapes live in ``core.roster``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from classgroup_desktop.core.roster import SheetOverride, SheetPreview
from classgroup_desktop.io.raw_sheet import RawSheet
from classgroup_desktop.io.roster_fields import (
    class_from_text,
    detect_mapping,
    header_score,
    is_teacher_fields,
)
from classgroup_desktop.io.spreadsheet import cell_text, detect_format, read_sheets

HEADER_SCAN_ROWS = 40
PREVIEW_ROWS = 25
_TEACHER_SHEET_WORDS = ("教师", "老师", "任课", "教职工")


def sniff(path: str | Path) -> list[SheetPreview]:
    """Preview of every sheet: detected kind, header row, mapping and first rows."""
    path = Path(path)
    return [sheet_layout(s, None) for s in read_sheets(path, detect_format(path, "花名册"))]


def as_override(value: SheetOverride | Mapping[int, str] | None) -> SheetOverride | None:
    """A wizard override given as a bare ``{column: field}`` mapping, as a ``SheetOverride``."""
    if value is None or isinstance(value, SheetOverride):
        return value
    return SheetOverride(columns={int(k): v for k, v in value.items()})


def sheet_layout(sheet: RawSheet, override: SheetOverride | None) -> SheetPreview:
    """Header row, mapping, kind and class of one sheet (the user's override applied)."""
    rows = sheet.rows
    header_row: int | None = None
    if override and override.header_row:
        header_row = override.header_row
    else:
        best = 0
        for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
            score = header_score(row)
            if score > best:
                best, header_row = score, i + 1
    mapping: dict[int, str] = {}
    kind = "ignored"
    if header_row is not None and header_row <= len(rows):
        header = rows[header_row - 1]
        mapping = detect_mapping(header)
        fields = set(mapping.values())
        if any(w in sheet.name for w in _TEACHER_SHEET_WORDS) and is_teacher_fields(
            fields | {"teacher.name"}
        ):
            mapping = detect_mapping(header, teacher_sheet=True)
            fields = set(mapping.values())
        if override and override.columns is not None:
            mapping = {int(c): f for c, f in override.columns.items() if f and f != "ignore"}
            fields = set(mapping.values())
        if "teacher.name" in fields:
            kind = "teachers"
        elif "name" in fields:
            kind = "students"
    if override and override.kind:
        kind = override.kind
    if sheet.hidden and not override:
        kind = "ignored"  # hidden sheets hold dropdown lookup lists, not people
    title_rows = rows[: (header_row - 1) if header_row else 0]
    class_name = class_from_text(sheet.name) or next(
        (c for r in title_rows for cell in r if (c := class_from_text(cell_text(cell)))), None
    )
    return SheetPreview(
        name=sheet.name,
        kind=kind,
        header_row=header_row,
        mapping={c: f for c, f in mapping.items() if f != "ignore"},
        # from row 1 (the wizard indexes rows by Excel row) to 20 rows past the header
        rows=tuple(
            tuple(cell_text(c) for c in r)
            for r in rows[: max(PREVIEW_ROWS, (header_row or 0) + PREVIEW_ROWS - 5)]
        ),
        class_name=class_name,
    )
