"""Saving a report: the folder must exist already (a mistyped folder is not created silently)."""

from __future__ import annotations

import pytest

from classgroup_desktop.cli.main import main
from classgroup_desktop.core.errors import UserError
from classgroup_desktop.io.output_path import check_output_path


@pytest.mark.parametrize(
    "relative, message",
    [
        pytest.param("月报.pdf", None, id="file in an existing folder"),
        pytest.param("existing.pdf", None, id="an existing file is replaced"),
        pytest.param("没有的文件夹/月报.pdf", "保存位置的文件夹", id="missing folder"),
        pytest.param("a/b/c/月报.xlsx", "不存在", id="missing nested folders"),
        pytest.param("folder", "这是一个文件夹，不是文件", id="a folder, no file name"),
        pytest.param("existing.pdf/月报.pdf", "是一个文件，不是文件夹", id="a file as folder"),
    ],
)
def test_check_output_path(tmp_path, relative, message):
    (tmp_path / "existing.pdf").write_bytes(b"old")
    (tmp_path / "folder").mkdir()
    target = tmp_path / relative
    if message is None:
        assert check_output_path(target) == target
    else:
        with pytest.raises(UserError, match=message):
            check_output_path(target)
    assert not (tmp_path / "没有的文件夹").exists() and not (tmp_path / "a").exists()


@pytest.mark.parametrize("option", ["--pdf", "--xlsx"])
@pytest.mark.parametrize("finalise", [False, True], ids=["report", "report --finalise"])
def test_report_into_a_missing_folder_is_refused(tmp_path, capsys, option, finalise):
    missing = tmp_path / "nonexistdir"
    argv = ["--db", str(tmp_path / "x.sqlite3"), "report", "--school", "--month", "2026-03"]
    argv += [option, str(missing / "x.out")] + (["--finalise"] if finalise else [])
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"保存位置的文件夹“{missing}”不存在" in err
    assert not missing.exists()
    assert not (tmp_path / "x.sqlite3").exists()  # refused before the database was even opened


def test_a_folder_name_too_long_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="太长"):
        check_output_path(tmp_path / ("很长的文件夹名" * 40) / "月报.pdf")


def test_a_device_target_is_refused():
    if not __import__("os").path.exists("/dev/null"):
        pytest.skip("no /dev/null")
    with pytest.raises(UserError, match="设备或特殊文件"):
        check_output_path("/dev/null")
