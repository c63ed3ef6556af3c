"""Without a Chinese font the app says so once, with the install step (issue 18)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from classgroup_desktop.core.fonts import missing_chinese_font_message
from classgroup_desktop.ui.fonts import has_chinese_font

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("installed", "expected"),
    [
        pytest.param(["DejaVu Sans", "Noto Color Emoji"], False, id="only an emoji font"),
        pytest.param(["DejaVu Sans", "WenQuanYi Micro Hei"], True, id="a Chinese font"),
        pytest.param([], False, id="no fonts at all"),
    ],
)
def test_only_a_chinese_family_counts_as_a_chinese_font(installed, expected):
    assert has_chinese_font(installed, platform="linux") is expected


@pytest.mark.parametrize("platform", ["linux", "win32", "darwin"])
def test_the_message_names_the_fix_for_the_platform(platform):
    message = missing_chinese_font_message(platform)
    assert message.startswith("没有找到中文字体")
    assert ("fonts-noto-cjk" in message) is (platform == "linux")


def _no_fonts_env(tmp_path) -> dict[str, str]:
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(conf), "QT_QPA_PLATFORM": "offscreen",
            "CLASSGROUP_HOME": str(tmp_path / "home")}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig 只在 Linux 上")
def test_report_pdf_without_chinese_font_warns_on_stderr(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "classgroup_desktop", "--demo", "report", "--class", "三年级(2)班",
         "--month", "2026-12", "--pdf", str(tmp_path / "r.pdf")],
        cwd=ROOT, env=_no_fonts_env(tmp_path), capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "警告：没有找到中文字体" in done.stderr
    assert done.stderr.count("没有找到中文字体") == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig 只在 Linux 上")
def test_gui_start_without_chinese_font_warns(tmp_path):
    done = subprocess.run(
        [sys.executable, "main.py", "--demo", "--screenshot", str(tmp_path / "x.png"),
         "--view", "roster"],
        cwd=ROOT, env=_no_fonts_env(tmp_path), capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "没有找到中文字体" in done.stderr
