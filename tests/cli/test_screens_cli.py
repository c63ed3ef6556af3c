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
