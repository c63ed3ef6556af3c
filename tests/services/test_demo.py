"""The fictional demo school."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from classgroup_desktop.core.roster import TeacherRole
from classgroup_desktop.services.classes import list_classes, load_roster
from classgroup_desktop.services.demo import DEMO_MEMBER_LISTS, DEMO_SCHOOL, ensure_demo_data
from classgroup_desktop.services.roster_edit import list_students
from classgroup_desktop.services.settings import SCHOOL_NAME, get_setting


def test_demo_school_is_fictional_and_messy(db):
    ensure_demo_data(db)
    assert get_setting(db, SCHOOL_NAME) == DEMO_SCHOOL and "虚构" in DEMO_SCHOOL
    classes = {c.name: c for c in list_classes(db)}
    assert classes["三年级(2)班"].students == 45
    assert classes["三年级(2)班"].head_teacher == "李建国"
    students = list_students(db, "三年级(2)班")
    names = [s.name for s in students]
    for name in ("欧阳娜娜", "司马云飞", "吴堃", "王䶮", "李喆", "王一一", "王二二"):
        assert name in names
    zhang_wei = [s.student_no for s in students if s.name == "张伟"]
    assert len(zhang_wei) == 2 and len(set(zhang_wei)) == 2
    relations = {g.relation for s in students for g in s.guardians}
    assert {"奶奶", "外婆", "爷爷", "外公"} & relations
    teachers = load_roster(db, "三年级(2)班").teachers
    assert ("Emily Smith", TeacherRole.SUBJECT) in [(t.name, t.role) for t in teachers]


def test_demo_is_created_once(db):
    ensure_demo_data(db)
    ensure_demo_data(db)
    assert len(list_classes(db)) == 3
    assert len(list_students(db, "三年级(2)班")) == 45


def test_demo_member_lists_cover_every_class_with_the_usual_mess():
    assert set(DEMO_MEMBER_LISTS) == {"三年级(2)班", "四年级(1)班", "五年级(3)班"}
    text = DEMO_MEMBER_LISTS["三年级(2)班"]
    lines = text.splitlines()
    assert 45 <= len(lines) <= 55
    for messy in (
        "李四 爸爸",
        "🌸周杰妈妈🌸",
        "吴堃的妈妈",
        "麻麻",
        "高梓萱媽媽",
        "花开富贵",
        "微信用户",
        "李老师",
    ):
        assert messy in text
    assert lines.count("吴堃的妈妈") == 2  # a parent who joined twice


def _imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_production_services_do_not_know_the_demo_exists():
    """Demo seeding lives in services/demo.py alone; no other service imports it (the old
    audit <-> demo import cycle)."""
    import classgroup_desktop.services as services

    folder = Path(services.__file__).parent
    offenders = [
        p.name
        for p in sorted(folder.glob("*.py"))
        if p.name != "demo.py" and "classgroup_desktop.services.demo" in _imported_modules(p)
    ]
    assert offenders == []
    assert not any("demo" in name for name in dir(importlib.import_module(
        "classgroup_desktop.services.audit")))
