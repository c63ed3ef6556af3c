"""Editing the roster by hand (the GUI's roster tab)."""

from __future__ import annotations

import pytest

from classgroup_desktop.core.errors import BadInputError, NotFoundError
from classgroup_desktop.core.roster import TeacherRole
from classgroup_desktop.services.classes import create_class, load_roster
from classgroup_desktop.services.roster_edit import (
    add_guardian,
    add_student,
    list_students,
    list_teachers,
    mark_student_left,
    remove_guardian,
    remove_teacher_role,
    set_teacher,
    update_guardian,
    update_student,
)


@pytest.fixture
def klass(db):
    create_class(db, "三年级(2)班")
    return "三年级(2)班"


def test_add_student_and_guardian_then_list(db, klass):
    st = add_student(db, klass, "张　三", student_no="7", gender="1")
    g = add_guardian(db, st.id, name="张大山", relation="爸爸", phone="138 0013 8000")
    students = list_students(db, klass)
    assert [(s.name, s.student_no, s.gender) for s in students] == [("张三", "7", "男")]
    assert students[0].guardians == (g,)
    assert g.phone == "13800138000"


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"name": ""}, "不能为空"),
        ({"name": "合计"}, "不像学生姓名"),
        ({"name": "12345"}, "不像学生姓名"),
        ({"gender": "未知"}, "性别"),
    ],
    ids=["empty-name", "roster-word", "digits", "gender"],
)
def test_update_student_rejects_bad_values_in_chinese(db, klass, fields, message):
    st = add_student(db, klass, "王小明")
    with pytest.raises(BadInputError, match=message):
        update_student(db, st.id, **fields)
    assert list_students(db, klass)[0].name == "王小明"


def test_update_student_changes_fields(db, klass):
    st = add_student(db, klass, "王小明")
    info = update_student(db, st.id, name="王晓明", student_no="12", gender="女")
    assert (info.name, info.student_no, info.gender) == ("王晓明", "12", "女")


@pytest.mark.parametrize("phone", ["12345", "2380013800", "138001380001", "abc"], ids=str)
def test_guardian_phone_must_be_mobile_or_landline(db, klass, phone):
    st = add_student(db, klass, "王小明")
    with pytest.raises(BadInputError, match="手机号应为 1 开头的 11 位数字"):
        add_guardian(db, st.id, name="王大明", phone=phone)


@pytest.mark.parametrize(
    "phone, stored",
    [
        ("0571-88886666", "0571-88886666"),
        ("01088886666", "010-88886666"),
        ("+86 139 0000 0000", "13900000000"),
    ],
    ids=str,
)
def test_guardian_phone_accepts_landlines_and_prefixes(db, klass, phone, stored):
    st = add_student(db, klass, "王小明")
    assert add_guardian(db, st.id, relation="妈妈", phone=phone).phone == stored


def test_update_and_remove_guardian(db, klass):
    st = add_student(db, klass, "王小明")
    g = add_guardian(db, st.id, name="王大明", relation="爸爸", phone="13800000001")
    assert update_guardian(db, g.id, relation="父亲", phone="13900000001").relation == "父亲"
    with pytest.raises(BadInputError):
        update_guardian(db, g.id, name="", phone="")
    remove_guardian(db, g.id)
    assert list_students(db, klass)[0].guardians == ()
    with pytest.raises(NotFoundError):
        remove_guardian(db, g.id)


def test_mark_student_left_keeps_the_student(db, klass):
    st = add_student(db, klass, "王小明")
    left = mark_student_left(db, st.id)
    assert left.active is False and left.left_at is not None
    assert list_students(db, klass) == []
    assert [s.name for s in list_students(db, klass, include_left=True)] == ["王小明"]
    assert mark_student_left(db, st.id, left=False).active is True


def test_set_teacher_new_head_demotes_the_old_one(db, klass):
    set_teacher(db, klass, "李建国", "语文", TeacherRole.HEAD)
    set_teacher(db, klass, "Emily Smith", "英语", "subject")
    set_teacher(db, klass, "王芳", "数学", "head")
    teachers = list_teachers(db, klass)
    assert [(t.name, t.role) for t in teachers] == [
        ("王芳", TeacherRole.HEAD),
        ("李建国", TeacherRole.SUBJECT),
        ("Emily Smith", TeacherRole.SUBJECT),
    ]
    assert load_roster(db, klass).head_teacher.name == "王芳"
    remove_teacher_role(db, klass, "Emily Smith")
    assert [t.name for t in list_teachers(db, klass)] == ["王芳", "李建国"]
    with pytest.raises(NotFoundError):
        remove_teacher_role(db, klass, "Emily Smith")


def test_unknown_student_or_class(db, klass):
    with pytest.raises(NotFoundError):
        update_student(db, 999, name="王小明")
    with pytest.raises(NotFoundError):
        list_students(db, "不存在的班")
