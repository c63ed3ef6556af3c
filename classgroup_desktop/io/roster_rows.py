"""What one row under a roster's header is: a student, a continuation of the student above (the
long layout's extra guardian rows), a second header, a row cut off by a truncated file, or a row
that must be skipped — and the guardians it names.

A row without a name is never glued to the student above when it carries student data of its
own (a 学号, a gender): in case of doubt a row is skipped with a warning, because a guardian
attached to the wrong child is worse than a guardian missing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from classgroup_desktop.core.roster import Guardian
from classgroup_desktop.io.raw_sheet import RawSheet
from classgroup_desktop.io.roster_fields import (
    EMPTY_VALUES,
    RELATION_WORDS,
    classify_header,
    clean_gender,
    clean_name,
    clean_optional,
    clean_student_no,
    normalise_header,
    parse_slot_field,
)
from classgroup_desktop.io.spreadsheet import cell_text, column_letter, phone_text

# a 备注 on a guardian-only row is about that guardian, so it does not make the row a student's
_STUDENT_FIELDS = {"student_no": "学号", "gender": "性别"}
_FIELD_CELLS = ("name", "student_no", "gender")
# header cells of tables that are not rosters (a class lookup table: 班级ID, 班级名称, 所属年级)
_LABEL = re.compile(r"(id|编号|代码|编码|名称|类型|类别|序号)$")


def row_fields(row: list[Any], mapping: Mapping[int, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for col, fld in mapping.items():
        if col < len(row):
            value = row[col]
            if value not in ("", None):
                values[fld] = value
    return values


GuardianSpec = list[tuple[int, str, str]]  # (column, slot, attribute)


def guardian_spec(mapping: Mapping[int, str]) -> GuardianSpec:
    """The guardian columns of a mapping, parsed once per sheet (slot "" = long layout)."""
    spec = []
    for col, fld in mapping.items():
        if fld.startswith("guardian."):
            spec.append((col, "", fld.split(".", 1)[1]))
        elif slot := parse_slot_field(fld):
            spec.append((col, slot[0], slot[1]))
    return spec


def guardians_of(row: list[Any], spec: GuardianSpec) -> list[Guardian]:
    slots: dict[str, dict[str, Any]] = {}
    width = len(row)
    for col, slot, attr in spec:
        if col < width:
            value = row[col]
            if value != "" and value is not None:
                slots.setdefault(slot, {})[attr] = value
    guardians = []
    for slot, attrs in slots.items():
        name = clean_name(attrs["name"]) if "name" in attrs else None
        if name is not None and (not name or name.lower() in EMPTY_VALUES):
            name = None
        relation = clean_optional(attrs["relation"]) if "relation" in attrs else None
        if relation is None and slot in RELATION_WORDS:
            relation = slot
        phone = phone_text(attrs["phone"]) if "phone" in attrs else None
        if phone is not None and phone.lower() in EMPTY_VALUES:
            phone = None
        if name or phone:
            guardians.append(Guardian(name=name, relation=relation, phone=phone))
    return guardians


def is_blank(row: list[Any]) -> bool:
    for c in row:
        if c != "" and c is not None and not (type(c) is str and c.isspace()):
            return False
    return True


def first_value(row: list[Any]) -> Any:
    for c in row:
        if c != "" and c is not None:
            return c
    return ""


def nameless_row_verdict(
    sheet: RawSheet,
    index: int,
    values: Mapping[str, Any],
    mapping: Mapping[int, str],
    above: tuple[str | None, str | None] = (None, None),
) -> str | None:
    """Why a row whose name cell is empty must be skipped (a warning), or None when it may be a
    continuation row: only guardian cells, no student data of its own. ``above`` is the 学号 and
    gender of the student above: a continuation row may repeat them."""
    formulas = [
        (col, field)
        for col, field in mapping.items()
        if field in _FIELD_CELLS and (index, col) in sheet.uncached
    ]
    if formulas:
        cells = "、".join(f"{column_letter(c)}{index + 1}" for c, _ in formulas)
        return (
            f"{cells} 是公式，但文件里没有保存计算结果（程序生成、未经 Excel 保存的文件常这样），"
            "读不到学生，已跳过该行。请在 Excel/WPS 中打开该文件、保存后再导入。"
        )
    repeated = {"student_no": above[0], "gender": above[1]}
    own = [
        f
        for f in _STUDENT_FIELDS
        if f in values and (repeated[f] is None or _clean(f, values[f]) != repeated[f])
    ]
    if not own or own == ["student_no"] and not _has_guardian_cells(values):
        return None
    what = "、".join(
        f"{_STUDENT_FIELDS[f]} {cell_text(values[f])}" if f == "student_no" else _STUDENT_FIELDS[f]
        for f in own
    )
    return (
        f"没有学生姓名，但有自己的{what}，已跳过该行（没有并入上一行的学生）。"
        "请补上姓名后重新导入。"
    )


def _clean(field: str, value: Any) -> str | None:
    return clean_student_no(value) if field == "student_no" else clean_gender(value)


def _has_guardian_cells(values: Mapping[str, Any]) -> bool:
    return any(f.startswith("guardian") for f in values)


def cut_row(sheet: RawSheet, row: list[Any]) -> tuple[list[Any], str]:
    """The last row of a CSV that looks cut off, and the warning to give.

    When the file ends mid-cell the last cell is partial (a guardian "吴" for 吴建国, a phone
    of 6 digits): it is dropped rather than stored as if it were whole.
    """
    note = sheet.cut_note or "不完整"
    if not sheet.cut_partial or not row:
        return row, f"这一行{note}，文件可能不完整（下载或拷贝时被截断），请核对。"
    partial = cell_text(row[-1])
    return row[:-1], (
        f"这一行{note}，文件可能在这里被截断：最后一格“{partial}”可能不全，已忽略。"
        "请确认文件完整（重新下载或导出）后再导入。"
    )


def row_notes(continued: list[tuple[int, str]], numbered_only: list[int]) -> list[tuple[int, str]]:
    """One note per sheet for the rows merged upward and the numbered empty rows skipped."""
    notes = []
    if continued:
        shown = "、".join(f"第 {r} 行→{name}" for r, name in continued[:8])
        more = f" 等 {len(continued)} 行" if len(continued) > 8 else ""
        notes.append(
            (
                continued[0][0],
                f"{shown}{more}：这些行没有学生姓名和学号，只有家长信息，"
                "已作为上一行学生的家长并入。如果不对，请在这些行补上学生姓名。",
            )
        )
    if numbered_only:
        first, last = numbered_only[0], numbered_only[-1]
        span = (
            f"第 {first} 行"
            if first == last
            else f"第 {first}–{last} 行中的 {len(numbered_only)} 行"
        )
        notes.append((first, f"{span}只有学号、没有学生姓名，已跳过。"))
    return notes


def _header_like(cell: Any) -> bool:
    if type(cell) is not str:
        return False
    text = normalise_header(cell)
    if not text or text in RELATION_WORDS or clean_gender(cell):
        return False
    return classify_header(cell)[0] is not None or bool(_LABEL.search(text))


def looks_like_header_row(row: list[Any], name_col: int) -> bool:
    """A second header under the students (a lookup table's 班级ID/班级名称/所属年级): its name
    cell is a header word and so is at least one other cell."""
    if name_col >= len(row) or not _header_like(row[name_col]):
        return False
    return sum(1 for c in row if _header_like(c)) >= 2
