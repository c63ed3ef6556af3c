"""The roster commands of the CLI: import-roster, classes, roster, class-create/-rename/-archive."""

from __future__ import annotations

import json
import sqlite3

import pytest
from helpers.roster_files import (
    SIMPLE_HEADER,
    simple_rows,
    write_csv,
    write_encrypted_xlsx,
    write_xlsx,
)

from classgroup_desktop.cli.main import main

TABLES = ("class_group", "student", "guardian", "teacher", "teacher_role")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def row_counts(db_path) -> dict[str, int]:
    with sqlite3.connect(db_path) as conn:
        return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}


@pytest.fixture
def dbfile(tmp_path):
    return str(tmp_path / "x.sqlite3")


@pytest.fixture
def roster(tmp_path):
    return write_xlsx(
        tmp_path / "三年级2班.xlsx",
        {
            "三年级(2)班": [["三年级（2）班花名册"], SIMPLE_HEADER, *simple_rows(3)],
            "教师": [["教师姓名", "任教学科", "职务"], ["李建国", "语文", "班主任"]],
        },
    )


def test_import_roster_json_shape(capsys, dbfile, roster):
    code, out, err = run(capsys, "--db", dbfile, "import-roster", str(roster), "--json")
    assert code == 0, err
    assert json.loads(out) == {
        "classes": [
            {
                "class": "三年级(2)班",
                "students": 3,
                "guardians": 3,
                "teachers": 1,
                "added": 3,
                "updated": 0,
                "left": 0,
                "created": True,
                "left_needs_confirmation": False,
            }
        ],
        "warnings": [],
        "changes": [
            {"class": "三年级(2)班", "student": name, "field": "状态", "old": None,
             "new": "新增", "loss": False}
            for name in ("王小明", "李小红", "赵大勇")
        ] + [
            {"class": "三年级(2)班", "student": "教师 李建国", "field": "任教", "old": None,
             "new": "语文 班主任", "loss": False},
        ],
    }


def test_import_roster_human_summary_in_chinese(capsys, dbfile, roster):
    code, out, _ = run(capsys, "--db", dbfile, "import-roster", str(roster))
    assert code == 0
    assert "三年级(2)班（新建班级）：在读学生 3 人" in out and "新增：王小明、李小红、赵大勇" in out


def test_dry_run_writes_nothing(capsys, dbfile, roster):
    run(capsys, "--db", dbfile, "classes")  # creates the empty database
    before = row_counts(dbfile)
    code, out, _ = run(capsys, "--db", dbfile, "import-roster", str(roster), "--dry-run")
    assert code == 0 and "数据库未做任何修改" in out
    assert row_counts(dbfile) == before


def test_class_option_required_without_class_information(capsys, dbfile, tmp_path):
    path = write_csv(tmp_path / "名单.csv", [SIMPLE_HEADER, *simple_rows(2)], encoding="gbk")
    code, _, err = run(capsys, "--db", dbfile, "import-roster", str(path))
    assert code == 2 and "--class" in err and "Traceback" not in err
    code, out, _ = run(
        capsys, "--db", dbfile, "import-roster", str(path), "--class", "一(1)班", "--json"
    )
    assert code == 0 and json.loads(out)["classes"][0]["class"] == "一(1)班"


def _truncated(tmp_path):
    full = write_xlsx(tmp_path / "full.xlsx", {"S": [SIMPLE_HEADER, *simple_rows(3)]}).read_bytes()
    path = tmp_path / "坏文件.xlsx"
    path.write_bytes(full[: len(full) // 2])
    return path


BAD = {
    "not-a-spreadsheet": lambda p: (
        p.joinpath("照片.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 50),
        p / "照片.xlsx",
    )[1],
    "truncated-zip": _truncated,
    "encrypted": lambda p: write_encrypted_xlsx(
        p / "加密.xlsx", {"S": [SIMPLE_HEADER, *simple_rows(1)]}
    ),
    "no-name-column": lambda p: write_xlsx(p / "无姓名.xlsx", {"S": [["学号", "电话"], [1, 2]]}),
    "empty-workbook": lambda p: write_xlsx(p / "空.xlsx", {"Sheet1": []}),
    "missing-file": lambda p: p / "不存在.xlsx",
}


@pytest.mark.parametrize("make", list(BAD.values()), ids=list(BAD))
def test_bad_input_exits_2_with_chinese_message_and_database_unchanged(
    capsys, dbfile, roster, tmp_path, make
):
    assert run(capsys, "--db", dbfile, "import-roster", str(roster))[0] == 0
    before = row_counts(dbfile)
    path = make(tmp_path)
    code, out, err = run(
        capsys, "--db", dbfile, "import-roster", str(path), "--class", "三年级(2)班"
    )
    assert code == 2
    assert err.startswith("错误：") and path.name in err and "Traceback" not in err
    assert out == ""
    assert row_counts(dbfile) == before


def test_classes_and_roster_listing_mask_phones(capsys, dbfile, roster):
    run(capsys, "--db", dbfile, "import-roster", str(roster))
    code, out, _ = run(capsys, "--db", dbfile, "classes", "--json")
    assert code == 0
    assert (
        json.loads(out)[0]["class"] == "三年级(2)班"
        and json.loads(out)[0]["head_teacher"] == "李建国"
    )
    code, out, _ = run(capsys, "--db", dbfile, "roster", "--class", "三年级（2）班", "--json")
    data = json.loads(out)
    assert code == 0
    assert [s["student_no"] for s in data["students"]] == ["1", "2", "3"]
    assert data["students"][0]["guardians"][0]["phone"] == "138****0001"
    assert data["teachers"] == [
        {"name": "李建国", "subject": "语文", "role": "head", "role_label": "班主任"}
    ]
    code, out, _ = run(capsys, "--db", dbfile, "roster", "--class", "三年级(2)班")
    assert "138****0001" in out and "13800000001" not in out and "班主任" in out


def test_roster_of_unknown_class_exits_2(capsys, dbfile):
    code, _, err = run(capsys, "--db", dbfile, "roster", "--class", "九年级(9)班")
    assert code == 2 and "找不到班级" in err


def test_class_create_rename_archive(capsys, dbfile):
    assert run(capsys, "--db", dbfile, "class-create", "一(1)班", "--grade", "一年级")[0] == 0
    assert run(capsys, "--db", dbfile, "class-create", "一(1)班")[0] == 2
    assert run(capsys, "--db", dbfile, "class-rename", "一(1)班", "一年级(1)班")[0] == 0
    assert run(capsys, "--db", dbfile, "class-archive", "一年级(1)班")[0] == 0
    _, out, _ = run(capsys, "--db", dbfile, "classes")
    assert "一年级(1)班（已归档）" in out
    run(capsys, "--db", dbfile, "class-archive", "一年级(1)班", "--undo")
    _, out, _ = run(capsys, "--db", dbfile, "classes", "--json")
    assert json.loads(out)[0]["archived"] is False


def test_demo_database_has_the_fictional_school(capsys, tmp_path):
    demo = str(tmp_path / "demo.sqlite3")
    code, out, _ = run(capsys, "--demo", "--db", demo, "classes", "--json")
    assert code == 0
    assert [c["class"] for c in json.loads(out)] == ["三年级(2)班", "四年级(1)班", "五年级(3)班"]


def _class_file(tmp_path, name, klass, rows):
    return write_xlsx(tmp_path / name, {klass: [SIMPLE_HEADER, *rows]})


def test_dry_run_json_lists_field_changes_with_masked_phones(capsys, dbfile, tmp_path):
    first = _class_file(tmp_path, "v1.xlsx", "三年级(2)班", simple_rows(3))
    assert run(capsys, "--db", dbfile, "import-roster", str(first))[0] == 0
    rows = simple_rows(3)
    rows[0][5] = 13700000001  # 王小明's father has a new phone
    rows[1][1] = "李晓红"  # a corrected spelling under the same 学号
    second = _class_file(tmp_path, "v2.xlsx", "三年级(2)班", rows)
    code, out, err = run(capsys, "--db", dbfile, "import-roster", str(second), "--dry-run",
                         "--json")
    assert code == 0, err
    data = json.loads(out)
    assert {"classes", "warnings"} <= data.keys()  # the existing keys stay
    assert [{k: c[k] for k in ("student", "field", "old", "new")} for c in data["changes"]] == [
        {"student": "王小明", "field": "家长 王爸爸的电话", "old": "138****0001",
         "new": "137****0001"},
        {"student": "李晓红", "field": "姓名", "old": "李小红", "new": "李晓红"},
    ]
    assert "13700000001" not in out and "13800000001" not in out
    code, out, _ = run(capsys, "--db", dbfile, "import-roster", str(second), "--dry-run")
    assert "家长 王爸爸的电话 138****0001 → 137****0001" in out
    assert "李晓红：姓名 李小红 → 李晓红" in out


def test_mass_leave_exits_2_in_chinese_and_goes_ahead_with_confirm_left(capsys, dbfile,
                                                                      tmp_path):
    full = _class_file(tmp_path, "full.xlsx", "三年级(2)班", simple_rows(10))
    assert run(capsys, "--db", dbfile, "import-roster", str(full))[0] == 0
    cut = _class_file(tmp_path, "cut.xlsx", "三年级(2)班", simple_rows(5))
    before = row_counts(dbfile)
    code, out, err = run(capsys, "--db", dbfile, "import-roster", str(cut), "--json")
    assert code == 2 and out == ""
    assert "5 人" in err and "离班" in err and "--confirm-left" in err
    assert "Traceback" not in err
    assert row_counts(dbfile) == before
    code, out, err = run(capsys, "--db", dbfile, "import-roster", str(cut), "--confirm-left",
                         "--json")
    assert code == 0, err
    assert json.loads(out)["classes"][0]["left"] == 5


def test_import_into_a_class_spelled_differently_keeps_one_class(capsys, dbfile, tmp_path):
    v1 = _class_file(tmp_path, "v1.xlsx", "三(2)班", simple_rows(3))
    assert run(capsys, "--db", dbfile, "import-roster", str(v1))[0] == 0
    v2 = _class_file(tmp_path, "v2.xlsx", "三年级(2)班", simple_rows(4))
    code, out, err = run(capsys, "--db", dbfile, "import-roster", str(v2))
    assert code == 0, err
    assert "三(2)班（更新，文件中写作“三年级(2)班”）" in out and "新建班级" not in out
    code, out, _ = run(capsys, "--db", dbfile, "classes", "--json")
    assert [(c["class"], c["students"]) for c in json.loads(out)] == [("三(2)班", 4)]
    v3 = _class_file(tmp_path, "v3.xlsx", "三年级(3)班", simple_rows(2))
    code, out, _ = run(capsys, "--db", dbfile, "import-roster", str(v3))
    assert "三年级(3)班（新建班级）" in out
