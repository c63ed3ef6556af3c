"""Plain roster shapes shared by the importer, the store and the check engine.

These are the domain's view of a class: no ORM, no Qt. The check engine takes a ``ClassRoster``;
the importer produces ``ParsedClass`` objects; services convert between them and the database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache


class TeacherRole(StrEnum):
    HEAD = "head"  # 班主任
    SUBJECT = "subject"  # 任课老师

    @property
    def label(self) -> str:
        return "班主任" if self is TeacherRole.HEAD else "任课老师"


@dataclass(frozen=True, slots=True)
class Guardian:
    name: str | None
    relation: str | None  # as written in the roster: 爸爸 / 妈妈 / 父亲 / 奶奶 …
    phone: str | None


@dataclass(frozen=True, slots=True)
class Student:
    name: str
    student_no: str | None = None  # 学号
    gender: str | None = None  # 男 / 女
    guardians: tuple[Guardian, ...] = ()
    active: bool = True


@dataclass(frozen=True, slots=True)
class Teacher:
    name: str
    subject: str | None = None
    role: TeacherRole = TeacherRole.SUBJECT


@dataclass(frozen=True, slots=True)
class ClassRoster:
    """One class group's people, as the check engine sees them (active students only)."""

    class_name: str
    students: tuple[Student, ...] = ()
    teachers: tuple[Teacher, ...] = ()

    @property
    def head_teacher(self) -> Teacher | None:
        return next((t for t in self.teachers if t.role is TeacherRole.HEAD), None)


@dataclass(slots=True)
class ParsedClass:
    """A class as read from a roster file, before it touches the database."""

    class_name: str | None
    students: list[Student] = field(default_factory=list)
    teachers: list[Teacher] = field(default_factory=list)


_NUM = r"\d{1,3}|[一二三四五六七八九十]{1,3}"
# grade + class in the ways a school writes one class: 三(2)班, 三年级(2)班, 三年级2班, 3年级(2)班,
# 三年级二班, 三年2班, 初一(2)班, 高二3班. A bare number before the class number is taken as the
# grade only when it is a Chinese numeral (三2班) or the class number is in brackets (3(2)班):
# 32班 is class 32.
_GRADE_CLASS = re.compile(
    rf"(?P<stage>初中?|高中?)?(?P<grade>{_NUM})(?P<suffix>年级|年)?"
    rf"(?:\((?P<bracketed>{_NUM})\)|(?P<bare>{_NUM}))班"
)
_CHINESE_NUMERAL = re.compile(r"[一二三四五六七八九]|[二三四五六七八九]?十[一二三四五六七八九]?")
_STAGE = {"初": "初", "初中": "初", "高": "高", "高中": "高"}


@lru_cache(maxsize=4096)  # a school-wide file repeats its class names row by row
def class_key(name: str) -> str:
    """Key under which two spellings of one class name are the same class.

    Spaces, full-width brackets and case never matter (``三年级（2）班 `` = ``三年级(2)班``).
    A name that is exactly grade + class number is keyed by the two numbers, so ``三(2)班``,
    ``三年级(2)班``, ``三年级2班``, ``3年级(2)班``, ``三年级二班`` and ``三年级02班`` are one
    class. Only forms that certainly name the same class collapse: the school stage stays part
    of the key (``初一(2)班`` is not ``一年级(2)班``, and not ``七年级(2)班`` either — 初一 is
    grade 6 in a 五四制 school), and so does anything else in the name (``2023级3班``,
    ``三年级(2)班（实验班）`` keep their own keys).
    """
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).lower()
    m = _GRADE_CLASS.fullmatch(text)
    if m is None:
        return text
    stage = _STAGE.get(m["stage"] or "", "")
    grade_token, class_token = m["grade"], m["bracketed"] or m["bare"]
    if not (m["suffix"] or m["bracketed"]) and grade_token.isdigit():
        return text  # 32班, 高12班: one number, not grade + class
    if not all(t.isdigit() or _CHINESE_NUMERAL.fullmatch(t) for t in (grade_token, class_token)):
        return text  # 二二年级 is not a number
    if m["bare"] and not m["suffix"] and not grade_token.isdigit() and not class_token.isdigit():
        return text  # 三二班 could be read two ways
    grade, number = _number(grade_token), _number(class_token)
    if not (1 <= grade <= (3 if stage else 12)) or not 1 <= number <= 99:
        return text
    return f"{stage}{grade}年级({number})班"


_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMBER = re.compile(r"\d+|[一二三四五六七八九十]+")


def _number(token: str) -> int:
    """``12`` → 12, ``三`` → 3, ``十一`` → 11, ``二十`` → 20."""
    if token.isdigit():
        return int(token)
    tens, _, units = token.rpartition("十")
    if "十" not in token:
        return _DIGITS.get(token[-1], 0)
    return (_DIGITS.get(tens, 1) if tens else 1) * 10 + _DIGITS.get(units, 0)


def class_sort_key(name: str) -> tuple[tuple[int, ...], str]:
    """Order classes as a school lists them: by the numbers in the name (grade, then class —
    三年级(2)班 < 四年级(1)班 < 五年级(3)班), then by name; plain code-point order would put
    五 before 四."""
    text = unicodedata.normalize("NFKC", name)
    return tuple(_number(t) for t in _NUMBER.findall(text)), text


# --- the import wizard's view of a file (io.roster_layout finds it; the GUI shows and corrects it)


@dataclass(frozen=True, slots=True)
class SheetOverride:
    """The user's corrections for one sheet in the import wizard.

    ``header_row`` is the Excel row number of the header; ``columns`` replaces the detected
    mapping (column index → field key, ``"ignore"`` to drop); ``kind`` forces ``"students"``,
    ``"teachers"`` or ``"ignored"``.
    """

    header_row: int | None = None
    columns: Mapping[int, str] | None = None
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class SheetPreview:
    """What the import wizard shows for one sheet before importing."""

    name: str
    kind: str  # "students" | "teachers" | "ignored"
    header_row: int | None  # Excel row number (1-based)
    mapping: Mapping[int, str]  # column index → field key (io.roster_fields.FIELD_LABELS)
    rows: tuple[tuple[str, ...], ...]  # the first rows of the sheet as text
    first_row: int = 1  # Excel row number of rows[0]
    class_name: str | None = None  # from the sheet name or a title row, if any
