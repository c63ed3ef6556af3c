"""The app finds its bundled data however it is installed (issue 18: ``pip install --user .``).

A wheel puts ``resources/`` under ``<scheme>/share/classgroup-desktop``; for ``--user`` the scheme
is ``~/.local``, not ``sys.prefix``. ``--prefix`` reproduces that layout without touching the
user's home, and the wheel install is tested in the same go.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel_prefix(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert build.returncode == 0, f"pip could not build the wheel: {build.stderr[-500:]}"
    (wheel,) = out.glob("*.whl")
    prefix = out / "prefix"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--ignore-installed",
         "--prefix", str(prefix),
         str(wheel)],
        check=True, capture_output=True, timeout=300,
    )
    return prefix


def _run_installed(prefix: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    (site,) = prefix.glob("lib/python*/site-packages")
    env = {**os.environ, "PYTHONPATH": str(site), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=120)


def test_wheel_installed_outside_sys_prefix_finds_its_resources(wheel_prefix, tmp_path):
    done = _run_installed(
        wheel_prefix, "-c",
        "import classgroup_desktop.bundled as b; print(b.__file__); print(b.RESOURCES_DIR)",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    module_file, resources = done.stdout.splitlines()
    assert module_file.startswith(str(wheel_prefix)), "imported the source tree, not the wheel"
    assert Path(resources) == wheel_prefix / "share" / "classgroup-desktop"
    assert (Path(resources) / "samples" / "members_phone.jpg").is_file()


def test_wheel_installed_cli_reads_the_rules_and_creates_a_database(wheel_prefix, tmp_path):
    rules = _run_installed(wheel_prefix, "-m", "classgroup_desktop", "rules", cwd=tmp_path)
    assert rules.returncode == 0, rules.stderr
    assert "入群-2" in rules.stdout
    classes = _run_installed(wheel_prefix, "-m", "classgroup_desktop", "--db",
                             str(tmp_path / "x.db"), "classes", cwd=tmp_path)
    assert classes.returncode == 0, classes.stderr
    assert "还没有班级" in classes.stdout
