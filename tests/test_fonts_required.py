"""Without CJK fonts the suite stops at the start with the fix, not with 19 bare failures."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not shutil.which("fc-list"), reason="fontconfig 的 fc-list 只在 Linux 上有")
def test_suite_stops_early_with_the_install_hint_when_no_chinese_font(tmp_path):
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_selftest.py::test_self_test_names_the_step_that_failed"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 4, done.stdout[-800:]
    assert "没有找到中文字体" in done.stdout + done.stderr
    assert "fonts-noto-cjk" in done.stdout + done.stderr
