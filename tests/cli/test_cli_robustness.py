"""The CLI's rough edges: usage errors in Chinese (also for the desktop app's own arguments),
output piped into ``head`` that closes early, and OS errors in Chinese."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from classgroup_desktop.cli import main as cli_main
from classgroup_desktop.cli.argparse_zh import translate
from classgroup_desktop.cli.main import main


@pytest.mark.parametrize(
    "english, chinese",
    [
        pytest.param(
            "unrecognized arguments: --foo bar", "无法识别的参数：--foo bar", id="unknown"
        ),
        pytest.param(
            "the following arguments are required: --class, 文件",
            "缺少必需的参数：--class, 文件",
            id="required",
        ),
        pytest.param(
            "argument 命令: invalid choice: 'x' (choose from 'a', 'b')",
            "参数 命令 的值 'x' 无效，可选：'a', 'b'",
            id="choice 3.11",
        ),
        pytest.param(
            "argument --view: invalid choice: 'x' (choose from roster, check)",
            "参数 --view 的值 'x' 无效，可选：roster, check",
            id="choice 3.12+",
        ),
        pytest.param(
            "argument --class: expected one argument", "参数 --class 后面需要跟一个值", id="value"
        ),
        pytest.param(
            "argument --id: invalid int value: 'abc'",
            "参数 --id 的值 'abc' 格式不对（应为整数）",
            id="int",
        ),
        pytest.param(
            "argument --pdf: not allowed with argument --xlsx",
            "参数 --pdf 不能与 --xlsx 同时使用",
            id="exclusive",
        ),
        pytest.param("something argparse adds later", "something argparse adds later", id="other"),
    ],
)
def test_argparse_messages_are_translated(english, chinese):
    assert translate(english) == chinese


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["bogus"], id="unknown command"),
        pytest.param(["rules", "extra"], id="extra argument"),
        pytest.param(["audits"], id="missing --class"),
        pytest.param(["audits", "--class"], id="--class without value"),
        pytest.param(["audits", "--class", "x", "--id", "abc"], id="--id not a number"),
    ],
)
def test_usage_errors_are_all_chinese(capsys, argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "命令用法有误：" in err and "用法：" in err
    for english in ("usage:", "unrecognized", "required", "invalid", "expected", "argument"):
        assert english not in err


def test_the_desktop_apps_usage_errors_are_chinese(capsys):
    from classgroup_desktop.app import parse_args

    with pytest.raises(SystemExit) as info:
        parse_args(["--view", "bogus"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "参数 --view 的值 'bogus' 无效" in err and "invalid choice" not in err
    assert parse_args(["--view", "log", "-platform", "offscreen"]).view == "log"  # Qt's pass


def test_a_closed_pipe_ends_quietly_in_process(monkeypatch, capsys):
    from classgroup_desktop.cli import log_cmd

    def handler(args, ctx):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(log_cmd, "_rules", handler)
    assert main(["rules"]) == cli_main.EXIT_PIPE_CLOSED
    assert capsys.readouterr().err == ""


def test_output_piped_into_a_reader_that_stops_gives_no_traceback(tmp_path):
    env = {**os.environ, "CLASSGROUP_HOME": str(tmp_path)}
    env.pop("CLASSGROUP_DB", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "classgroup_desktop", "rules"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    proc.stdout.close()  # like `| head -0`: the reader is gone before anything is written
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    assert proc.wait(timeout=60) == cli_main.EXIT_PIPE_CLOSED
    assert err == ""


def test_reading_a_folder_says_why_in_chinese(tmp_path, capsys):
    folder = tmp_path / "草稿"
    folder.mkdir()
    assert main(["--db", str(tmp_path / "x.sqlite3"), "selfcheck", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "这是一个文件夹，不是" in err or "没有访问权限" in err  # Windows: EACCES
    assert "Is a directory" not in err
