"""Screenshot mode (``main.py --demo --screenshot OUT.png --view NAME``): a PNG of the real
window with demo data, exit code 0; the check view shows a real check result."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from classgroup_desktop import app as app_module
from classgroup_desktop.services.demo import DEMO_MEMBER_LISTS

ROOT = Path(__file__).resolve().parents[2]


def _run_main(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CLASSGROUP_HOME": str(tmp_path)}
    env.pop("CLASSGROUP_DB", None)
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_screenshot_mode_writes_a_png_of_the_requested_size_and_exits_0(tmp_path):
    out = tmp_path / "shots" / "check.png"
    done = _run_main(tmp_path, "--demo", "--screenshot", str(out), "--view", "check",
                     "--size", "1024x700")
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1024, 700)
    assert "Traceback" not in done.stderr


def test_screenshot_with_an_unusable_database_path_fails_cleanly(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    done = _run_main(tmp_path, "--db", str(blocker / "db.sqlite3"), "--screenshot",
                     str(tmp_path / "x.png"))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "错误" in done.stderr


def test_demo_check_fills_the_check_view_with_a_real_result(window, demo_db):
    app_module.demo_check(window, demo_db)
    check = window.view("check")
    class_name = window.current_class
    lines = [line for line in DEMO_MEMBER_LISTS[class_name].splitlines() if line.strip()]
    assert check.outcome is not None
    assert check.model.rowCount() == len(lines)
    assert check.filter_count("rename") > 0 and check.filter_count("unknown") > 0


@pytest.mark.parametrize("text, expected", [(None, (1280, 800)), ("1920x1080", (1920, 1080)),
                                            ("100x100", (640, 480))])
def test_size_argument(text, expected):
    assert app_module.parse_size(text) == expected
