"""Plain roster shapes shared by the importer, the store and the check engine.

These are the domain's view of a class: no ORM, no Qt. The check engine takes a ``ClassRoster``;
the importer produces ``ParsedClass`` objects; services convert between them and the database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum


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


def class_key(name: str) -> str:
    """Key that treats ``三年级(2)班`` and ``三年级（2）班 `` as the same class."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).lower()


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
