"""The text 复制改名提醒 puts on the clipboard: nothing in it embarrasses the teacher.

Teachers are reminded privately, never in the message to 各位家长; same-name students' parents
are asked for the 学号 with one example, not shown every candidate's number; one line per member.
"""

from __future__ import annotations

import re

import pytest

from classgroup_desktop.core.naming import check_members
from classgroup_desktop.core.roster import ClassRoster, Student, Teacher, TeacherRole
from classgroup_desktop.core.templates import (
    PRIVATE_HEADING,
    rename_reminder_message,
    rename_reminders,
)
from classgroup_desktop.io.resources import default_templates

ROSTER = ClassRoster(
    "三年级2班",
    (Student("张三", "01"), Student("李四", "02"), Student("张伟", "12"), Student("张伟", "18"),
     Student("王小明", "07")),
    (Teacher("李建国", "数学", TeacherRole.HEAD), Teacher("周红", "语文"),
     Teacher("王芳", "体育")),
)
TEMPLATES = default_templates()


def reminders(nicknames, teacher="李建国", templates=None):
    verdicts = check_members(ROSTER, nicknames).verdicts
    return rename_reminders(verdicts, templates or TEMPLATES, teacher=teacher)


@pytest.mark.parametrize("nicknames", [
    pytest.param(["周老师", "张三麻麻"], id="a bare title 周老师 among parents"),
    pytest.param(["周红老师", "李四的妈妈", "张三麻麻"], id="a teacher with 老师 added"),
    pytest.param(["周老师"], id="only a teacher needs a rename"),
])
def test_teachers_are_never_in_the_message_to_the_parents(nicknames):
    out = reminders(nicknames)
    assert "周" not in out.group
    assert [t.teacher for t in out.teachers] == ["周红"]
    private = out.teachers[0].text
    assert private.startswith("周红老师您好") and "“周红”" in private and "@" not in private


def test_private_messages_come_one_per_teacher_and_under_their_own_heading():
    out = reminders(["周老师", "王芳老师", "张三麻麻"])
    assert [t.teacher for t in out.teachers] == ["周红", "王芳"]
    group, _, private = out.text.partition(PRIVATE_HEADING)
    assert "各位家长" not in group or "张三麻麻" in group
    assert "周红" in private and "王芳" in private and "张三麻麻" not in private


def test_the_head_teacher_is_not_reminded_by_their_own_message():
    out = reminders(["李建国老师", "张三麻麻"], teacher="李建国")
    assert out.teachers == ()


@pytest.mark.parametrize(("nicknames", "line"), [
    pytest.param(["张伟妈妈", "张三麻麻"],
                 "@张伟妈妈 班上有同名同学，请在孩子姓名后加上学号，如“张伟05妈妈”",
                 id="same-name mother is asked for the 学号 with one example"),
    pytest.param(["张伟爸爸"], "请在孩子姓名后加上学号，如“张伟05爸爸”",
                 id="a single same-name parent gets the same request"),
])
def test_same_name_parents_are_asked_for_the_number_without_a_list(nicknames, line):
    out = reminders(nicknames)
    assert line in out.group
    assert " 或 " not in out.group and "12" not in out.group and "18" not in out.group


def test_the_example_number_is_none_of_the_same_name_students_numbers():
    roster = ClassRoster("x", (Student("张伟", "05"), Student("张伟", "06")))
    verdicts = check_members(roster, ["张伟妈妈"]).verdicts
    assert verdicts[0].suggestion == "张伟05妈妈 或 张伟06妈妈"  # the verdict keeps both
    group = rename_reminders(verdicts, TEMPLATES).group
    example = re.search(r"如“张伟(\d+)妈妈”", group)
    assert example and example.group(1) not in {"05", "06", "5", "6"}
    # Written as in the example, the nickname is read as neither student.
    assert "ambiguous" in check_members(roster, [f"张伟{example.group(1)}妈妈"]).verdicts[0].flags


def test_a_name_two_guardians_share_is_asked_for_the_form_without_naming_either_child():
    from classgroup_desktop.core.roster import Guardian

    roster = ClassRoster("x", (
        Student("李娜", "01", guardians=(Guardian("陈红", "妈妈", "13700137001"),)),
        Student("李雷", "02", guardians=(Guardian("陈红", "奶奶", "13700137002"),)),
        Student("张三", "03", guardians=(Guardian("刘芳", "妈妈", None),))))
    verdicts = check_members(roster, ["陈红", "刘芳"]).verdicts
    group = rename_reminders(verdicts, TEMPLATES).group
    assert "@陈红 请改为“学生姓名+称谓”" in group and "李娜" not in group and "李雷" not in group
    assert "@刘芳 请改为“张三妈妈”" in group


def test_a_member_selected_twice_gets_one_line():
    verdicts = check_members(ROSTER, ["张三麻麻", "李四的妈妈"]).verdicts
    group = rename_reminders([*verdicts, verdicts[0]], TEMPLATES).group
    assert group.count("@张三麻麻") == 1 and group.count("@李四的妈妈") == 1


def test_one_member_with_several_problems_gets_one_line():
    group = reminders(["张三的麻麻13800138000", "李四的妈妈"]).group
    assert len([ln for ln in group.splitlines() if ln.startswith("@")]) == 2


def test_templates_saved_with_chinese_or_english_placeholders_keep_working():
    custom = dict(TEMPLATES)
    custom["rename_reminder_line"] = "@{nickname} → {suggestion}"
    custom["rename_reminder_teacher"] = (
        "{建议昵称}老师：请改名为{建议昵称}（现为{群昵称}）——{班主任}")
    custom["rename_reminder_number_line"] = "@{群昵称} 加学号，如{suggestion}"
    out = reminders(["周老师", "张三麻麻", "李四的妈妈", "张伟妈妈"], templates=custom)
    assert "@张三麻麻 → 张三妈妈" in out.group and "@张伟妈妈 加学号，如张伟05妈妈" in out.group
    assert out.teachers[0].text == "周红老师：请改名为周红（现为周老师）——李建国"
    assert "{" not in out.text


def test_the_group_part_alone_is_what_rename_reminder_message_returns():
    verdicts = check_members(ROSTER, ["周老师", "张三麻麻"]).verdicts
    assert rename_reminder_message(verdicts, TEMPLATES) == rename_reminders(
        verdicts, TEMPLATES).group
    assert rename_reminder_message(check_members(ROSTER, ["周老师"]).verdicts, TEMPLATES) == ""


def test_reminders_round_trip_through_stored_verdict_dicts():
    verdicts = check_members(ROSTER, ["周老师", "张伟妈妈", "张三麻麻"]).verdicts
    assert rename_reminders([v.to_dict() for v in verdicts], TEMPLATES) == rename_reminders(
        verdicts, TEMPLATES)
