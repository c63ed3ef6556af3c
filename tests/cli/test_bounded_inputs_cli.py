"""Inputs that could hang or exhaust the CLI: a FIFO or a device given as evidence, member list
or draft, an evidence file over 20 MB, a path too long for the system — each refused at once with
exit 2 and a Chinese message naming the file, nothing written. Run in a subprocess with a
timeout and a memory cap, so a regression fails instead of hanging the suite."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from classgroup_desktop.cli.main import EXIT_BAD_INPUT, main
from classgroup_desktop.services.classes import create_class
from classgroup_desktop.store.db import open_database

CLASS = "三年级2班"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
needs_dev = pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")


@pytest.fixture
def dbfile(tmp_path):
    path = tmp_path / "cli.sqlite3"
    db = open_database(path)
    create_class(db, CLASS)
    db.dispose()
    return str(path)


def _limit_memory() -> None:
    import resource

    cap = 2 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def cli(tmp_path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLASSGROUP_HOME": str(tmp_path / "home")}
    env.pop("CLASSGROUP_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "classgroup_desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        env=env,
        preexec_fn=_limit_memory if sys.platform != "win32" else None,
        stdin=subprocess.DEVNULL,
    )


def _entries(dbfile: str) -> int:
    with sqlite3.connect(dbfile) as c:
        n = c.execute("SELECT count(*) FROM log_entry").fetchone()[0]
    c.close()
    return n


def _add_note(dbfile: str, evidence: str, tmp_path) -> subprocess.CompletedProcess[str]:
    return cli(tmp_path, "--db", dbfile, "log", "add", "--class", CLASS, "--kind", "note",
               "--note", "证据", "--evidence", evidence)


@needs_dev
def test_dev_zero_as_evidence_is_refused_at_once(dbfile, tmp_path):
    proc = _add_note(dbfile, "/dev/zero", tmp_path)
    assert proc.returncode == EXIT_BAD_INPUT, proc.stderr[-500:]
    assert "设备" in proc.stderr and "/dev/zero" in proc.stderr
    assert "Traceback" not in proc.stderr and _entries(dbfile) == 0


@needs_fifo
def test_a_fifo_as_evidence_is_refused_at_once(dbfile, tmp_path):
    fifo = tmp_path / "截图.png"
    os.mkfifo(fifo)
    proc = _add_note(dbfile, str(fifo), tmp_path)
    assert proc.returncode == EXIT_BAD_INPUT and "命名管道" in proc.stderr
    assert _entries(dbfile) == 0


def test_evidence_over_20_mb_is_refused_suggesting_a_smaller_screenshot(dbfile, tmp_path, capsys):
    photo = tmp_path / "原图.jpg"
    with photo.open("wb") as out:
        out.truncate(20 * 1024 * 1024 + 1)
    code = main(["--db", dbfile, "log", "add", "--class", CLASS, "--kind", "note",
                 "--evidence", str(photo)])
    err = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT
    assert "原图.jpg" in err and "最多 20 MB" in err and "较小的截图" in err
    assert _entries(dbfile) == 0


def test_a_1_gb_evidence_file_is_refused_not_crashed_on(dbfile, tmp_path):
    video = tmp_path / "录屏.mp4"
    with video.open("wb") as out:
        out.truncate(1024**3)  # sparse: no disk space used
    proc = _add_note(dbfile, str(video), tmp_path)
    assert proc.returncode == EXIT_BAD_INPUT, proc.stderr[-500:]
    assert "1024.0 MB" in proc.stderr and "最多 20 MB" in proc.stderr
    assert "Traceback" not in proc.stderr and _entries(dbfile) == 0


@needs_fifo
@pytest.mark.parametrize(
    "command",
    [["check", "--class", CLASS], ["check", "--class", CLASS, "--screens"],
     ["members-from-screens"], ["selfcheck"], ["fraudcheck"]],
    ids=["check", "check --screens", "members-from-screens", "selfcheck", "fraudcheck"],
)
def test_a_fifo_given_as_input_file_is_refused_at_once(dbfile, tmp_path, command):
    fifo = tmp_path / "名单.txt"
    os.mkfifo(fifo)
    proc = cli(tmp_path, "--db", dbfile, *command, str(fifo))
    assert proc.returncode == EXIT_BAD_INPUT and "命名管道" in proc.stderr
    assert "Traceback" not in proc.stderr


@needs_dev
@pytest.mark.parametrize("command", [["check", "--class", CLASS], ["selfcheck"]])
def test_a_device_given_as_input_file_is_refused_at_once(dbfile, tmp_path, command):
    proc = cli(tmp_path, "--db", dbfile, *command, "/dev/zero")
    assert proc.returncode == EXIT_BAD_INPUT and "设备" in proc.stderr


@pytest.mark.parametrize("command", [["check", "--class", CLASS], ["selfcheck"]])
def test_standard_input_still_works(dbfile, tmp_path, command):
    env = {**os.environ, "CLASSGROUP_HOME": str(tmp_path / "home")}
    proc = subprocess.run(
        [sys.executable, "-m", "classgroup_desktop", "--db", dbfile, *command, "-"],
        input="张三妈妈\n", capture_output=True, text=True, encoding="utf-8", timeout=60,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize(
    "command",
    [["check", "--class", CLASS], ["selfcheck"], ["import-roster"]],
    ids=["check", "selfcheck", "import-roster"],
)
def test_a_folder_name_too_long_is_a_chinese_message(dbfile, tmp_path, capsys, command):
    path = tmp_path / ("很长的文件夹名" * 40) / "名单.txt"
    code = main(["--db", dbfile, *command, str(path)])
    err = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT
    assert "太长" in err and "Traceback" not in err
