"""The CLI and the desktop app's arguments speak Chinese in --help too, and say their version."""

from __future__ import annotations

import re

import pytest

import classgroup_desktop
from classgroup_desktop import app
from classgroup_desktop.cli.main import main

ENGLISH = ("usage:", "options:", "positional arguments:", "show this help message and exit",
           "optional arguments:")


@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"], ["log", "--help"],
                                  ["log", "add", "--help"]],
                         ids=["top level", "a command", "a command group", "a sub-command"])
def test_cli_help_has_no_english_argparse_words(capsys, argv):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：")
    assert "选项:" in out
    for word in ENGLISH:
        assert word not in out, word


def test_desktop_app_help_is_chinese(capsys):
    with pytest.raises(SystemExit):
        app.parse_args(["--help"])
    out = capsys.readouterr().out
    assert "显示本帮助并退出" in out
    for word in ENGLISH:
        assert word not in out, word


def test_version_comes_from_the_project_metadata(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out.strip()
    assert out == f"classgroup-cli {classgroup_desktop.__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", classgroup_desktop.__version__)
    assert classgroup_desktop.__version__ == classgroup_desktop.version_from_pyproject()


def test_version_falls_back_to_pyproject_when_not_installed(monkeypatch):
    import importlib.metadata as metadata

    def missing(_name):
        raise metadata.PackageNotFoundError(_name)

    monkeypatch.setattr(metadata, "version", missing)
    assert classgroup_desktop.read_version() == classgroup_desktop.version_from_pyproject()
