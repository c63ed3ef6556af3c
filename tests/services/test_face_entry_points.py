"""The services the GUI and the CLI use instead of ``io``/``store`` (see tests/test_layers.py):
member lists, the import wizard's preview, the default templates and ladder, the data folder."""

from __future__ import annotations

import pytest

from classgroup_desktop.core.errors import UserError
from classgroup_desktop.core.roster import SheetOverride
from classgroup_desktop.services import roster_preview, template_catalog
from classgroup_desktop.services.data_folder import app_data_dir
from classgroup_desktop.services.log import default_ladder
from classgroup_desktop.services.members import members_from_file, members_from_text
from classgroup_desktop.services.roster import import_roster


def test_member_lists_from_pasted_text_and_from_a_file(tmp_path):
    text = "#接龙\n例 张三妈妈\n1. 王小明妈妈\n2. 李华爸爸…\n"
    assert [(m.nickname, m.truncated) for m in members_from_text(text)] == [
        ("王小明妈妈", False), ("李华爸爸…", True)]
    path = tmp_path / "成员.txt"
    path.write_text(text, encoding="gb18030")
    assert [m.nickname for m in members_from_file(path)] == ["王小明妈妈", "李华爸爸…"]
    (tmp_path / "空.txt").write_text("\n\n", encoding="utf-8")
    with pytest.raises(UserError, match="空.txt"):
        members_from_file(tmp_path / "空.txt")


def test_the_wizard_offers_teacher_fields_only_on_a_teacher_sheet():
    students = roster_preview.field_keys("students")
    teachers = roster_preview.field_keys("teachers")
    assert students[0] == teachers[0] == "ignore"
    assert "name" in students and not any(k.startswith("teacher.") for k in students)
    assert teachers[1:] and all(k.startswith("teacher.") for k in teachers[1:])
    assert roster_preview.field_label("name") == "学生姓名"


def test_preview_then_import_with_the_wizards_override(tmp_path, db):
    # A sheet whose header the detector cannot read: the user names the columns in the wizard.
    path = tmp_path / "名单.csv"
    path.write_text("甲,乙,丙\n王小明,王大山,13800000001\n李华,李强,13800000002\n",
                    encoding="utf-8")
    [sheet] = roster_preview.preview_roster(path)
    assert sheet.rows[1] == ("王小明", "王大山", "13800000001")
    columns = roster_preview.detect_mapping(["姓名", "家长姓名", "联系电话"], teacher_sheet=False)
    override = SheetOverride(header_row=1, columns=columns, kind="students")
    report = import_roster(db, path, class_name="三(2)班", mapping_overrides={sheet.name: override})
    assert [c.students for c in report.classes] == [2]


def test_default_templates_names_and_placeholders_agree():
    defaults = template_catalog.default_templates()
    assert "rename_reminder" in defaults
    assert list(template_catalog.template_names()) == list(defaults)
    assert template_catalog.template_names()["rename_reminder"].startswith("改名提醒")
    assert "群昵称" in template_catalog.template_placeholders()
    defaults["rename_reminder"] = "changed"  # a fresh copy each time
    assert template_catalog.default_templates()["rename_reminder"] != "changed"


def test_default_ladder_is_a_fresh_copy():
    ladder = default_ladder()
    assert ladder
    ladder.clear()
    assert default_ladder()


def test_the_data_folder_follows_classgroup_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CLASSGROUP_HOME", str(tmp_path / "home"))
    assert app_data_dir() == tmp_path / "home" and app_data_dir().is_dir()
