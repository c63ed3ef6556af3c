"""``members-from-screens FILE... [--json]`` from the command line."""

from __future__ import annotations

import json

import pytest
from helpers.screens_gen import GROUP_58, phone_series, save

from classgroup_desktop.cli.main import main


@pytest.fixture(scope="module")
def first_screen(tmp_path_factory):
    shots = phone_series(GROUP_58, (0.0,))
    path = save(shots[0].image, tmp_path_factory.mktemp("cli") / "第一屏.png")
    return shots[0], path


@pytest.mark.ocr
def test_json_lists_members_with_source_title_count_and_a_missing_screen_warning(
    first_screen, capsys
):
    shot, path = first_screen
    assert main(["members-from-screens", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"members", "title_count", "warnings"}
    assert len(data["members"]) == len(shot.shown) == 35
    first = data["members"][0]
    assert first["nickname"] == "李建国" and first["truncated"] is False
    assert first["source"] == {"file": "第一屏.png", "row": 1, "col": 1}
    assert 0.8 <= first["confidence"] <= 1.0
    cut = [m["nickname"] for m in data["members"] if m["truncated"]]
    assert "欧阳娜娜" in cut
    assert data["title_count"] == 58
    assert data["warnings"] == ["识别到 35 人，群成员显示 58 人：可能漏截了一屏，请补充截图"]

    assert main(["members-from-screens", str(path)]) == 0
    text = capsys.readouterr().out
    assert "  1. 李建国\n" in text
    assert "欧阳娜娜…  （名字被截断）" in text
    assert "共识别 35 人，标题显示 58 人。" in text
    assert "注意：识别到 35 人" in text


def test_a_file_that_is_not_an_image_exits_2_with_a_chinese_message(tmp_path, capsys):
    bad = tmp_path / "名单.jpg"
    bad.write_text("李建国", encoding="utf-8")
    assert main(["members-from-screens", str(bad), "--json"]) == 2
    err = capsys.readouterr()
    assert err.out == ""
    assert "文件“名单.jpg”：这不是可以识别的图片" in err.err
    assert "Traceback" not in err.err


def test_no_file_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["members-from-screens"])
    assert info.value.code == 2
    assert "命令用法有误" in capsys.readouterr().err


CLASS = "三年级(2)班"


@pytest.fixture
def dbfile(tmp_path):
    from datetime import datetime

    from classgroup_desktop.store.db import open_database
    from classgroup_desktop.store.models import (
        ClassGroupRow,
        StudentRow,
        TeacherRoleRow,
        TeacherRow,
    )

    path = tmp_path / "x.sqlite3"
    db = open_database(path)
    now = datetime(2026, 3, 1)
    students = [
        "王小明",
        "张三",
        "李四",
        "周杰",
        "吴堃",
        "宋雨桐",
        "欧阳娜娜",
        "陈晓",
        "陈晓明",
        "李明轩",
        "刘洋",
        "赵磊",
    ]
    with db.session() as s:
        cls = ClassGroupRow(name=CLASS, created_at=now, archived=False)
        s.add(cls)
        s.flush()
        for i, n in enumerate(students, start=1):
            s.add(
                StudentRow(
                    class_id=cls.id, name=n, student_no=f"{i:02d}", active=True, created_at=now
                )
            )
        t = TeacherRow(name="李建国", subject="语文")
        s.add(t)
        s.flush()
        s.add(TeacherRoleRow(class_id=cls.id, teacher_id=t.id, role="head", subject="语文"))
    db.dispose()
    return str(path)


@pytest.mark.ocr
def test_check_from_screens_gives_the_same_verdicts_as_the_typed_list(
    first_screen, dbfile, tmp_path, capsys
):
    shot, path = first_screen
    typed = tmp_path / "名单.txt"
    typed.write_text(
        "\n".join(m.text + ("…" if m.truncated else "") for m in shot.shown), encoding="utf-8"
    )
    assert main(["--db", dbfile, "check", "--class", CLASS, str(typed), "--json"]) == 0
    from_text = json.loads(capsys.readouterr().out)

    assert main(["--db", dbfile, "check", "--class", CLASS, "--screens", str(path), "--json"]) == 0
    out, err = capsys.readouterr()
    from_screens = json.loads(out)
    assert "注意：识别到 35 人，群成员显示 58 人" in err

    def verdicts(data):
        return [(m["status"], m["identity"], m["flags"]) for m in data["members"]]

    assert verdicts(from_screens) == verdicts(from_text)
    assert from_screens["counts"] == from_text["counts"]
    cut = next(m for m in from_screens["members"] if m["nickname"].startswith("欧阳娜娜"))
    assert cut["nickname"] == "欧阳娜娜…"
    assert "truncated" in cut["flags"]
    assert cut["identity"]["students"] == ["欧阳娜娜"]


def test_check_takes_either_a_file_or_screens_not_both(dbfile, tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["--db", dbfile, "check", "--class", CLASS, "a.txt", "--screens", "b.png"])
    assert info.value.code == 2


@pytest.mark.ocr
def test_screens_for_a_class_are_corrected_against_its_roster_and_keep_unreadable_names(
    dbfile, capsys
):
    from helpers.screens_gen import RARE_AND_EMOJI, rare_and_emoji_png

    from classgroup_desktop.services.roster_edit import add_student
    from classgroup_desktop.store.db import open_database

    db = open_database(dbfile)
    add_student(db, CLASS, "赵䶮", student_no="99")
    db.dispose()
    path = str(rare_and_emoji_png())
    argv = ["--db", dbfile, "members-from-screens", "--class", CLASS, path, "--json"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    members = data["members"]
    assert len(members) == len(RARE_AND_EMOJI) and data["warnings"] == []
    assert (members[3]["nickname"], members[3]["read_as"]) == ("赵䶮妈妈", "赵龚妈妈")
    assert [m["unreadable"] for m in members].count(True) == 2

    assert main(["--db", dbfile, "check", "--class", CLASS, "--screens", path, "--json"]) == 0
    checked = json.loads(capsys.readouterr().out)["members"]
    assert checked[3]["status"] == "ok" and checked[3]["identity"]["students"] == ["赵䶮"]
    assert checked[6]["nickname"] == "（无法识别的昵称）"
    assert checked[6]["status"] == "unknown" and "请在微信中查看此成员" in checked[6]["reason"]
