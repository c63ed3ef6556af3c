"""Read a roster file (.xlsx / .xls / .ods / .csv) into ``ParsedClass`` objects.

Real roster files have title rows, instruction lines, notes and lookup tables in the same
columns as the students, one guardian per row or several per row, a 班级 column or one sheet per
class. The reader finds the header row by scoring rows for known header words, maps columns to
fields (``roster_fields``), and lets nothing become a student unless its name looks like a
person's name; every row it skips for a reason becomes a warning naming sheet and row.

``sniff`` (from ``roster_layout``, re-exported here) gives the import wizard a preview per sheet
(header row, first rows, detected mapping); ``read_roster`` reads, optionally with the user's
corrected mapping.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.core.roster import Guardian, ParsedClass, Student, Teacher, TeacherRole
from classgroup_desktop.io.raw_sheet import RawSheet
from classgroup_desktop.io.roster_fields import (
    class_key,
    clean_class_name,
    clean_gender,
    clean_name,
    clean_optional,
    clean_student_no,
    combine_grade_class,
    looks_like_person_name,
    normalise_header,
)
from classgroup_desktop.io.roster_layout import (
    SheetOverride,
    SheetPreview,
    as_override,
    sheet_layout,
    sniff,
)
from classgroup_desktop.io.roster_rows import (
    cut_row,
    first_value,
    guardian_spec,
    guardians_of,
    is_blank,
    looks_like_header_row,
    nameless_row_verdict,
    row_fields,
    row_notes,
)
from classgroup_desktop.io.spreadsheet import (
    cell_text,
    detect_format,
    is_valid_phone,
    read_sheets,
)

_FOOTER = re.compile(r"^(合计|总计|小计|共计|总人数|人数统计|共\s*\d+\s*人|以下空白|本页小计)")
_INSTRUCTION = re.compile(
    r"^(说明|注[:：]|注意|填表说明|填写说明|备注[:：]|提示|温馨提示)|必填|请勿|格式[:：]"
)
_SCI = re.compile(r"\s*\d(\.\d+)?[eE]\+\d+\s*$")
# a name cell note (张三（转出）) or a 备注/状态 cell saying the student is no longer in the class
_GONE = re.compile(r"已?转出|已?转学|已离校|离校|退学|休学|已毕业|死亡|注销")
_CLASS_LIST_SPLIT = re.compile(r"[、,，;；/\s]+")
_EXAMPLE = re.compile(r"示例|样例|^例[:：]|例如")


class RosterWarning(NamedTuple):
    """A row the reader skipped or doubted: where, and why (Chinese)."""

    sheet: str
    row: int | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "message": self.message}


@dataclass(frozen=True, slots=True)
class RosterReadResult:
    """Everything read from one roster file."""

    file_name: str
    classes: list[ParsedClass]
    warnings: list[RosterWarning]
    sheets: list[SheetPreview]
    has_guardians: bool  # the file has guardian columns (else keep the stored guardians)
    has_teachers: bool = False
    # a text file's encoding (``"gb18030"`` …; None for workbooks): a name the encoding cannot
    # hold (赵䶮 in GBK) comes back changed, and the import can say why
    encoding: str | None = None


__all__ = [
    "Overrides",
    "RosterReadResult",
    "RosterWarning",
    "SheetOverride",
    "SheetPreview",
    "read_roster",
    "sniff",
]

Overrides = Mapping[str, SheetOverride | Mapping[int, str]]


@dataclass
class _Draft:
    """A student being assembled from one or more rows."""

    class_name: str | None
    name: str
    student_no: str | None
    gender: str | None
    row: int
    sheet: str = ""
    guardians: list[Guardian] = field(default_factory=list)

    def add_guardian(self, guardian: Guardian) -> None:
        if guardian not in self.guardians:
            self.guardians.append(guardian)


def read_roster(
    path: str | Path,
    mapping_overrides: Overrides | None = None,
    class_name: str | None = None,
) -> RosterReadResult:
    """Read every class in the file.

    Classes come from a 班级 column, else the sheet name or a title row (``三年级(2)班``), else
    ``class_name``. With ``class_name`` and several classes in the file, only that class is kept.
    A class still unnamed is returned with ``class_name=None`` (the import asks for one).
    BadInputError if the file cannot be read or has no recognisable name column.
    """
    path = Path(path)
    sheets = read_sheets(path, detect_format(path, "花名册"))
    overrides = mapping_overrides or {}
    if not any(s.rows for s in sheets):
        raise BadInputError(
            "工作簿是空的，没有任何内容。请确认选择了正确的花名册文件。", file=path.name
        )
    warnings: list[RosterWarning] = []
    previews: list[SheetPreview] = []
    drafts: list[_Draft] = []
    teachers: list[tuple[str | None, Teacher, str, int]] = []
    has_guardians = False
    for sheet in sheets:
        preview = sheet_layout(sheet, as_override(overrides.get(sheet.name)))
        previews.append(preview)
        if preview.kind == "students" and "name" not in preview.mapping.values():
            raise BadInputError(
                "这张工作表被设为学生名单，但没有指定“学生姓名”列。请在导入向导中指定姓名所在的列。",
                file=path.name,
                sheet=sheet.name,
            )
        if preview.kind == "students":
            has_guardians |= any(f.startswith("guardian") for f in preview.mapping.values())
            found, head_teachers = _read_students(sheet, preview, warnings)
            drafts.extend(found)
            teachers.extend(head_teachers)
        elif preview.kind == "teachers":
            teachers.extend(_read_teachers(sheet, preview, warnings))
    if not any(p.kind == "students" for p in previews):
        raise BadInputError(
            "没有找到学生姓名列。请确认表头中有“姓名”或“学生姓名”列（表头应在前 40 行内），"
            "或在导入向导中手动指定各列。",
            file=path.name,
        )
    if not drafts:
        raise BadInputError(
            "表格中没有找到任何学生（姓名列为空，或内容都不像人名）。请检查文件内容。",
            file=path.name,
            sheet=next(p.name for p in previews if p.kind == "students"),
        )
    classes = _group(drafts, teachers, class_name, path, warnings)
    return RosterReadResult(
        file_name=path.name,
        classes=classes,
        warnings=warnings,
        sheets=previews,
        has_guardians=has_guardians,
        has_teachers=bool(teachers),
        encoding=next((s.encoding for s in sheets if s.encoding), None),
    )


def _read_students(
    sheet: RawSheet, preview: SheetPreview, warnings: list[RosterWarning]
) -> tuple[list[_Draft], list[tuple[str | None, Teacher, str, int]]]:
    mapping = preview.mapping
    name_col = next(c for c, f in mapping.items() if f == "name")
    spec = guardian_spec(mapping)
    long_layout = any(slot == "" for _, slot, _ in spec)
    phone_cols = [c for c, _, attr in spec if attr == "phone"]
    header_row = preview.header_row or 0
    header_cell = sheet.rows[header_row - 1][name_col] if header_row else ""
    header_text, header_name = cell_text(header_cell), normalise_header(header_cell)
    drafts: list[_Draft] = []
    by_key: dict[tuple[str | None, str | None, str], _Draft] = {}
    by_name: dict[tuple[str | None, str], _Draft] = {}
    head_teachers: list[tuple[str | None, Teacher, str, int]] = []
    last: _Draft | None = None
    seen_student = False
    sheet_class = preview.class_name
    footer_at: int | None = None
    other_table_at: int | None = None
    other_header: list[Any] = []
    trailing = 0
    continued: list[tuple[int, str]] = []  # (row, student) of guardian-only rows merged upward
    numbered_only: list[int] = []
    for index in range(header_row, len(sheet.rows)):
        row = sheet.rows[index]
        excel_row = index + 1
        if is_blank(row):
            last = None
            continue
        if footer_at is not None or other_table_at is not None:
            trailing += 1
            continue
        if excel_row == sheet.cut_row:
            row, note = cut_row(sheet, row)
            warnings.append(RosterWarning(sheet.name, excel_row, note))
        values = row_fields(row, mapping)
        raw_name = values.get("name")
        first = first_value(row)
        if (type(first) is str and _FOOTER.match(cell_text(first))) or (
            type(raw_name) is str and _FOOTER.match(cell_text(raw_name))
        ):
            footer_at = excel_row
            last = None
            continue
        if raw_name is not None and cell_text(raw_name) == header_text:
            continue  # header repeated on every printed page
        if any(type(c) is str and "例" in c and _EXAMPLE.search(cell_text(c)) for c in row):
            warnings.append(RosterWarning(sheet.name, excel_row, "示例行，已跳过。"))
            continue
        joined = "".join(cell_text(c) for c in row) if not seen_student else ""
        if raw_name is None or (index, name_col) in sheet.uncached:
            if not seen_student and _INSTRUCTION.search(joined):
                continue  # the 说明：*为必填项 line under the header, in any column
            above = (last.student_no, last.gender) if last is not None else (None, None)
            verdict = nameless_row_verdict(sheet, index, values, mapping, above)
            if verdict is not None:
                warnings.append(RosterWarning(sheet.name, excel_row, verdict))
                last = None  # rows after it belong to this unnamed student, not the one above
                continue
            guardians = guardians_of(row, spec)
            if "student_no" in values and not guardians:
                numbered_only.append(excel_row)  # an empty line of a pre-numbered template
            elif guardians and last is not None:
                for g in guardians:
                    last.add_guardian(g)  # continuation row of the student above (long layout)
                continued.append((excel_row, last.name))
            elif set(values) - {"student_no", "class", "grade"}:
                warnings.append(RosterWarning(sheet.name, excel_row, "没有学生姓名，已跳过该行。"))
            continue
        name = clean_name(raw_name)
        if not looks_like_person_name(name):
            last = None
            if header_name and normalise_header(raw_name) == header_name:
                continue  # the header repeated, with or without its * marker
            if looks_like_header_row(row, name_col):
                other_table_at, other_header = excel_row, row
                continue
            if not seen_student and _INSTRUCTION.search(joined):
                continue  # the 说明：*为必填项 line under the header
            shown = cell_text(raw_name)
            shown = shown if len(shown) <= 20 else shown[:20] + "…"
            warnings.append(
                RosterWarning(sheet.name, excel_row, f"“{shown}”不像学生姓名，未作为学生导入。")
            )
            continue
        status = " ".join(cell_text(v) for v in (raw_name, values.get("status")) if v)
        if gone := _GONE.search(status):
            warnings.append(
                RosterWarning(
                    sheet.name, excel_row, f"{name}标注为“{gone.group(0)}”，未作为在读学生导入。"
                )
            )
            continue
        klass = _class_of(values, sheet_class)
        student_no = clean_student_no(values["student_no"]) if "student_no" in values else None
        gender = clean_gender(values["gender"]) if "gender" in values else None
        if "gender" in values and gender is None:
            warnings.append(
                RosterWarning(
                    sheet.name, excel_row, f"性别“{cell_text(values['gender'])}”无法识别，已留空。"
                )
            )
        draft = _find_draft(by_key, by_name, klass, student_no, name)
        if draft is not None and not long_layout and student_no is None:
            # one row per student: a repeated name is a second student of the same name
            warnings.append(
                RosterWarning(
                    sheet.name,
                    excel_row,
                    f"与第 {draft.row} 行同名（{name}），又没有学号区分，"
                    "已作为另一名学生导入，请核对。",
                )
            )
            draft = None
        if draft is None:
            draft = _Draft(klass, name, student_no, gender, excel_row, sheet.name)
            drafts.append(draft)
            by_key[(klass and class_key(klass), student_no, name)] = draft
            by_name[(klass and class_key(klass), name)] = draft
        elif gender and not draft.gender:
            draft.gender = gender
        sci = [
            row[c]
            for c in phone_cols
            if c < len(row) and type(row[c]) is str and _SCI.match(row[c])
        ]
        if sci:
            warnings.append(
                RosterWarning(
                    sheet.name,
                    excel_row,
                    f"电话显示为科学计数法（{'、'.join(sci)}），后几位可能已丢失。"
                    "请在 Excel 中把电话列设为“文本”格式、核对号码后重新导入。",
                )
            )
        for g in guardians_of(row, spec):
            if g.phone and not sci and not is_valid_phone(g.phone):
                warnings.append(
                    RosterWarning(
                        sheet.name,
                        excel_row,
                        f"电话“{g.phone}”不是有效的手机号或固定电话，已按原样保存，请核对。",
                    )
                )
            draft.add_guardian(g)
        if "head_teacher" in values:
            head = clean_name(values["head_teacher"])
            if looks_like_person_name(head):
                head_teachers.append(
                    (klass, Teacher(head, None, TeacherRole.HEAD), sheet.name, excel_row)
                )
        last = draft
        seen_student = True
    if footer_at is not None and trailing:
        warnings.append(
            RosterWarning(
                sheet.name,
                footer_at,
                f"合计行之后还有 {trailing} 行内容（备注或说明），未作为学生导入。",
            )
        )
    if other_table_at is not None:
        words = "、".join(cell_text(c) for c in other_header if cell_text(c))[:60]
        warnings.append(
            RosterWarning(
                sheet.name,
                other_table_at,
                f"这一行是另一张表的表头（{words}），它和下面 {trailing} 行都不是学生，未导入。",
            )
        )
    warnings.extend(
        RosterWarning(sheet.name, r, note) for r, note in row_notes(continued, numbered_only)
    )
    return drafts, head_teachers


def _class_of(values: dict[str, Any], sheet_class: str | None) -> str | None:
    if "class" in values:
        return _class_cell(values["class"], values.get("grade")) or sheet_class
    return sheet_class


@lru_cache(maxsize=1024)
def _class_cell(raw_class: Any, raw_grade: Any) -> str | None:
    """Class name from the 班级 (and 年级) cells; cached: a school sheet repeats them per row."""
    klass = clean_class_name(raw_class)
    if not klass:
        return None
    grade = clean_class_name(raw_grade) if raw_grade is not None else None
    return combine_grade_class(grade, klass)


def _merge_across_sheets(drafts: list[_Draft], warnings: list[RosterWarning]) -> list[_Draft]:
    """One student per class even when a workbook lists them on two sheets (a 男生 and a 女生
    sheet that overlap, a copy of the class sheet): same 学号 and name, or the same name where
    a 学号 is missing, is one student; their guardians are pooled, with a warning."""
    if len({d.sheet for d in drafts}) < 2:
        return drafts
    keys: dict[str | None, str | None] = {}
    kept: list[_Draft] = []
    by_no: dict[tuple[str | None, str], _Draft] = {}
    by_name: dict[tuple[str | None, str], list[_Draft]] = {}
    for d in drafts:
        if d.class_name not in keys:
            keys[d.class_name] = d.class_name and class_key(d.class_name)
        ck = keys[d.class_name]
        same = by_no.get((ck, d.student_no)) if d.student_no else None
        if same is not None and (same.sheet == d.sheet or same.name != d.name):
            same = None  # one sheet's own rows were matched already; another name is another child
        if same is None:
            same = next(
                (
                    o
                    for o in by_name.get((ck, d.name), ())
                    if o.sheet != d.sheet and (o.student_no is None or d.student_no is None)
                ),
                None,
            )
        if same is None:
            kept.append(d)
            if d.student_no:
                by_no.setdefault((ck, d.student_no), d)
            by_name.setdefault((ck, d.name), []).append(d)
            continue
        for g in d.guardians:
            same.add_guardian(g)
        same.gender = same.gender or d.gender
        if same.student_no is None and d.student_no:
            same.student_no = d.student_no
            by_no.setdefault((ck, d.student_no), same)
        number = f"（学号 {same.student_no}）" if same.student_no else ""
        warnings.append(
            RosterWarning(
                d.sheet,
                d.row,
                f"{d.name}{number}在工作表“{same.sheet}”第 {same.row} 行已经出现过，"
                "已合并为同一名学生。如果是两名同名学生，请给他们填上不同的学号。",
            )
        )
    return kept


def _find_draft(
    by_key: dict[tuple[str | None, str | None, str], _Draft],
    by_name: dict[tuple[str | None, str], _Draft],
    klass: str | None,
    student_no: str | None,
    name: str,
) -> _Draft | None:
    """The student a row belongs to: same class + 学号 + name, or (no 学号 on this row) the
    latest student of that name in the class — the long layout repeats the student per guardian.
    """
    ck = klass and class_key(klass)
    found = by_key.get((ck, student_no, name))
    if found is not None:
        return found
    if student_no is None:
        return by_name.get((ck, name))
    previous = by_name.get((ck, name))
    if previous is not None and previous.student_no is None:
        previous.student_no = student_no  # number given only on a later row
        by_key[(ck, student_no, name)] = previous
        return previous
    return None


def _read_teachers(
    sheet: RawSheet, preview: SheetPreview, warnings: list[RosterWarning]
) -> list[tuple[str | None, Teacher, str, int]]:
    found = []
    for index in range(preview.header_row or 0, len(sheet.rows)):
        row = sheet.rows[index]
        if is_blank(row):
            continue
        values = row_fields(row, preview.mapping)
        if "teacher.name" not in values:
            continue
        name = clean_name(values["teacher.name"])
        if not looks_like_person_name(name):
            if not _INSTRUCTION.search("".join(cell_text(c) for c in row)) and not _FOOTER.match(
                name
            ):
                warnings.append(
                    RosterWarning(
                        sheet.name,
                        index + 1,
                        f"“{cell_text(values['teacher.name'])}”不像教师姓名，已跳过。",
                    )
                )
            continue
        subject = clean_optional(values.get("teacher.subject"))
        role_text = cell_text(values.get("teacher.role")) + (subject or "")
        is_head = "班主任" in role_text and "副班主任" not in role_text
        if subject and "班主任" in subject:
            subject = re.sub(r"[（(]?\s*(副)?班主任\s*[)）]?[、/,，]?", "", subject) or None
        teacher = Teacher(name, subject, TeacherRole.HEAD if is_head else TeacherRole.SUBJECT)
        # a subject teacher often teaches several classes: 任教班级 “三(1)班、三(2)班”
        cell = cell_text(values.get("class"))
        parts = [p for p in _CLASS_LIST_SPLIT.split(cell) if p] if cell else []
        for part in parts if len(parts) > 1 else [None]:
            klass = _class_of({"class": part} if part else values, preview.class_name)
            found.append((klass, teacher, sheet.name, index + 1))
    return found


def _group(
    drafts: list[_Draft],
    teachers: list[tuple[str | None, Teacher, str, int]],
    class_name: str | None,
    path: Path,
    warnings: list[RosterWarning],
) -> list[ParsedClass]:
    wanted = clean_class_name(class_name) if class_name else None
    named = {class_key(d.class_name): d.class_name for d in drafts if d.class_name}
    if wanted:
        if class_key(wanted) in named:
            drafts = [
                d for d in drafts if d.class_name and class_key(d.class_name) == class_key(wanted)
            ]
            teachers = [t for t in teachers if t[0] is None or class_key(t[0]) == class_key(wanted)]
        elif len(named) > 1:
            raise BadInputError(
                f"文件里有 {len(named)} 个班级（{'、'.join(list(named.values())[:6])}…），"
                f"其中没有“{wanted}”。请检查班级名称，或不指定班级以导入全部班级。",
                file=path.name,
            )
        for d in drafts:
            d.class_name = wanted
        teachers = [(wanted, t, s, r) for _, t, s, r in teachers]
    drafts = _merge_across_sheets(drafts, warnings)
    classes: dict[str | None, ParsedClass] = {}
    for d in drafts:
        key = d.class_name and class_key(d.class_name)
        pc = classes.get(key)
        if pc is None:
            pc = classes[key] = ParsedClass(class_name=d.class_name)
        pc.students.append(Student(d.name, d.student_no, d.gender, tuple(d.guardians), active=True))
    only = next(iter(classes)) if len(classes) == 1 else None
    for klass, teacher, sheet, row in teachers:
        key = klass and class_key(klass)
        if key is None or key not in classes:
            if key is None and len(classes) == 1:
                key = only
            elif key is not None:
                classes[key] = ParsedClass(class_name=klass)
            else:
                warnings.append(
                    RosterWarning(
                        sheet,
                        row,
                        f"无法确定教师“{teacher.name}”所属的班级（教师表没有班级列），已跳过。",
                    )
                )
                continue
        pc = classes[key]
        if all(t.name != teacher.name for t in pc.teachers):
            pc.teachers.append(teacher)
        elif teacher.role is TeacherRole.HEAD:
            pc.teachers = [
                Teacher(t.name, t.subject or teacher.subject, TeacherRole.HEAD)
                if t.name == teacher.name
                else t
                for t in pc.teachers
            ]
    return list(classes.values())
