"""Builds report test data straight into the tables: a class with its roster, audits with
members and log entries (with hash-looking chain values), independent of the other services.

Used by the report tests (core, services, io, cli, ui) and by ``bench/bench_reports.py``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from classgroup_desktop.store.db import Database
from classgroup_desktop.store.models import (
    AttachmentRow,
    AuditMemberRow,
    AuditRow,
    ClassGroupRow,
    GuardianRow,
    LogAttachmentRow,
    LogEntryRow,
    SettingRow,
    StudentRow,
    TeacherRoleRow,
    TeacherRow,
)

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程"
GIVEN = [
    "子涵",
    "欣怡",
    "梓萱",
    "浩然",
    "宇轩",
    "雨桐",
    "思远",
    "一诺",
    "俊熙",
    "佳怡",
    "明轩",
    "语嫣",
    "晨曦",
    "嘉懿",
    "若溪",
    "天佑",
]


def student_names(n: int, offset: int = 0) -> list[str]:
    """``n`` distinct two- or three-character names, deterministic."""
    names = []
    i = offset
    while len(names) < n:
        names.append(SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)])
        i += 1
    return names


def phone(i: int) -> str:
    return f"138{i:08d}"


def set_school(db: Database, school: str = "浦东新区实验小学", teacher: str = "李建国") -> None:
    with db.session() as s:
        s.merge(SettingRow(key="school_name", value=school))
        s.merge(SettingRow(key="teacher_name", value=teacher))


def make_class(
    db: Database,
    name: str,
    students: int,
    *,
    head: str = "李建国",
    wechat: str | None = None,
    offset: int = 0,
) -> list[str]:
    """A class with ``students`` students (each with a mother and a phone) and two teachers."""
    names = student_names(students, offset)
    now = datetime(2026, 1, 1)
    with db.session() as s:
        cls = ClassGroupRow(
            name=name, created_at=now, archived=False, wechat_group_name=wechat or f"{name}家长群"
        )
        s.add(cls)
        s.flush()
        for i, n in enumerate(names):
            st = StudentRow(
                class_id=cls.id, name=n, student_no=f"{i + 1:02d}", active=True, created_at=now
            )
            st.guardians.append(GuardianRow(name=None, relation="妈妈", phone=phone(offset + i)))
            s.add(st)
        for tname, role, subject in ((head, "head", "语文"), ("周敏", "subject", "数学")):
            t = s.scalar(select(TeacherRow).where(TeacherRow.name == tname))
            if t is None:
                t = TeacherRow(name=tname, subject=subject)
                s.add(t)
                s.flush()
            s.add(TeacherRoleRow(class_id=cls.id, teacher_id=t.id, role=role, subject=subject))
    return names


@dataclass
class Member:
    nickname: str
    status: str = "ok"
    identity: dict | None = None
    suggestion: str | None = None
    flags: list[str] = field(default_factory=list)
    reason: str = ""


def teacher(name: str) -> Member:
    return Member(
        name,
        identity={"kind": "teacher", "teacher": name, "students": [], "relation": None},
        reason="教师实名",
    )


def parent(
    student: str,
    relation: str = "妈妈",
    nickname: str | None = None,
    status: str = "ok",
    suggestion: str | None = None,
) -> Member:
    return Member(
        nickname or f"{student}{relation}",
        status=status,
        identity={"kind": "parent", "teacher": None, "students": [student], "relation": relation},
        suggestion=suggestion,
        reason="家长昵称合规" if status == "ok" else "需改名",
    )


def unknown(nickname: str) -> Member:
    return Member(
        nickname,
        status="unknown",
        identity={"kind": None, "teacher": None, "students": [], "relation": None},
        reason="无法对应花名册中的任何人",
    )


def add_audit(
    db: Database,
    class_name: str,
    taken_at: datetime,
    members: list[Member],
    source: str = "粘贴文本",
    not_reached: list[str] | None = None,
) -> int:
    with db.session() as s:
        cls = s.scalar(select(ClassGroupRow).where(ClassGroupRow.name == class_name))
        counts = {k: sum(1 for m in members if m.status == k) for k in ("ok", "rename", "unknown")}
        findings = {} if not_reached is None else {"students_without_guardian": not_reached}
        audit = AuditRow(
            class_id=cls.id,
            taken_at=taken_at,
            source=source,
            total=len(members),
            findings=findings,
            **counts,
        )
        for pos, m in enumerate(members, start=1):
            audit.members.append(
                AuditMemberRow(
                    position=pos,
                    nickname=m.nickname,
                    normalized=m.nickname,
                    status=m.status,
                    identity=m.identity,
                    suggestion=m.suggestion,
                    flags=list(m.flags),
                    reason=m.reason,
                )
            )
        s.add(audit)
        s.flush()
        return audit.id


def add_log(
    db: Database,
    class_name: str,
    kind: str,
    occurred_at: datetime,
    *,
    member: str | None = None,
    rule: str | None = None,
    note: str = "",
    evidence: list[tuple[str, bytes]] = (),
    voids: int | None = None,
) -> int:
    with db.session() as s:
        cls = s.scalar(select(ClassGroupRow).where(ClassGroupRow.name == class_name))
        last = s.scalar(select(LogEntryRow).order_by(LogEntryRow.id.desc()).limit(1))
        prev = last.entry_hash if last else "0" * 64
        body = f"{prev}|{class_name}|{kind}|{member}|{rule}|{note}|{occurred_at.isoformat()}"
        entry = LogEntryRow(
            class_id=cls.id,
            kind=kind,
            member_nickname=member,
            rule_code=rule,
            description=note,
            occurred_at=occurred_at,
            recorded_at=occurred_at,
            recorded_by="李建国",
            voids_entry_id=voids,
            prev_hash=prev,
            entry_hash=hashlib.sha256(body.encode()).hexdigest(),
        )
        s.add(entry)
        s.flush()
        for file_name, content in evidence:
            digest = hashlib.sha256(content).hexdigest()
            if s.get(AttachmentRow, digest) is None:
                s.add(AttachmentRow(sha256=digest, size=len(content), content=content))
                s.flush()
            s.add(LogAttachmentRow(entry_id=entry.id, sha256=digest, file_name=file_name))
        return entry.id


CLASS = "三年级二班"
MONTH = "2026-03"


def build_sample(db: Database, students: int = 40, name: str = CLASS) -> dict:
    """The standard scenario for March 2026 (see the report tests for what it must show).

    - Feb 20 audit: head teacher, math teacher, mothers of students 0..n-7, 花开富贵.
    - Mar 5 and Mar 25 audits: students 0..n-5 reached (n-6 and n-5 joined); the mothers of
      students 1, 11, 21 … renamed to 「<student>的妈妈」(rename); 花开富贵 still there; Lily
      joined (unknown); the last four students' families are not in the group.
    - March log: rename reminder to student 1's mother (入群-2, with a phone in the text),
      clear-out of 花开富贵 (入群-1) with a screenshot, an escalation (监管-3), a note that
      starts with "=" and is then voided.
    """
    set_school(db)
    names = make_class(db, name, students, wechat="三（2）班家校群")
    reached = students - 4
    feb = [teacher("李建国"), teacher("周敏")] + [parent(n) for n in names[: reached - 2]]
    feb.append(unknown("花开富贵"))
    add_audit(db, name, datetime(2026, 2, 20, 19, 0), feb)
    renamed = [n for i, n in enumerate(names[:reached]) if i % 10 == 1]

    def march() -> list[Member]:
        ms = [teacher("李建国"), teacher("周敏")]
        for n in names[:reached]:
            if n in renamed:
                ms.append(parent(n, nickname=f"{n}的妈妈", status="rename", suggestion=f"{n}妈妈"))
            else:
                ms.append(parent(n))
        ms += [unknown("花开富贵"), unknown("Lily")]
        return ms

    add_audit(db, name, datetime(2026, 3, 5, 20, 0), march())
    add_audit(db, name, datetime(2026, 3, 25, 20, 30), march())
    add_log(
        db,
        name,
        "reminder",
        datetime(2026, 3, 6, 8, 0),
        member=f"{names[1]}的妈妈",
        rule="入群-2",
        note=f"请改为“{names[1]}妈妈”，联系电话 13912345678",
    )
    add_log(
        db,
        name,
        "clear-out",
        datetime(2026, 3, 7, 9, 0),
        member="花开富贵",
        rule="入群-1",
        note="非本班家长，已清退",
        evidence=[("截图0307.png", b"png-bytes-1")],
    )
    add_log(
        db,
        name,
        "escalation",
        datetime(2026, 3, 10, 10, 0),
        member="花开富贵",
        rule="监管-3",
        note="在群内发布收款二维码，已上报学校",
    )
    note_id = add_log(
        db, name, "note", datetime(2026, 3, 12, 10, 0), member=None, note='=HYPERLINK("x") 误记'
    )
    add_log(db, name, "void", datetime(2026, 3, 12, 11, 0), voids=note_id, note="记错了")
    return {
        "names": names,
        "not_reached": names[reached:],
        "renamed": renamed,
        "joined": [f"{n}妈妈" for n in names[reached - 2 : reached]] + ["Lily"],
        "members": 2 + reached + 2,
        "ok": 2 + reached - len(renamed),
    }
