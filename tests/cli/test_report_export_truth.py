"""Exports that tell the truth: ``report --pdf/--xlsx`` says 已保存 only when the whole file is
on disk. A full disk, no permission, a vanished folder are exit 2 with the reason, leave no
partial file and keep an existing file as it was; a device or pipe is never replaced."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import uuid

import pytest
from helpers.report_data import CLASS, MONTH, build_sample

from classgroup_desktop.cli.main import EXIT_BAD_INPUT, main
from classgroup_desktop.io import output_path

FORMATS = ["--pdf", "--xlsx"]


@pytest.fixture
def dbfile(db):
    build_sample(db, students=12)
    return db.location


def report(dbfile, option, target) -> list[str]:
    return ["--db", dbfile, "report", "--class", CLASS, "--month", MONTH, option, str(target)]


def _leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".part" in p.name)


def _only_in_output_path(replacement):
    """``os.<name>`` replaced only for calls made by io/output_path (the export's own writes);
    ``os`` is one module, and openpyxl or Qt must keep working."""
    def patched(real):
        def call(*args, **kwargs):
            if sys._getframe(1).f_globals.get("__name__") == output_path.__name__:
                return replacement(real, *args, **kwargs)
            return real(*args, **kwargs)

        return call

    return patched


def _patch(monkeypatch, name, replacement) -> None:
    real = getattr(os, name)
    monkeypatch.setattr(os, name, _only_in_output_path(replacement)(real))


def _enospc(_real, *_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("option", FORMATS)
def test_a_full_disk_is_exit_2_saying_so_and_keeps_the_old_file(
    dbfile, tmp_path, capsys, monkeypatch, option
):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "月报"
    target.write_bytes(b"last month's file")
    _patch(monkeypatch, "write", _enospc)
    assert main(report(dbfile, option, target)) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "磁盘空间已满" in err and str(target) in err and "已保存" not in err
    assert target.read_bytes() == b"last month's file"
    assert _leftovers(out) == []


@pytest.mark.parametrize("option", FORMATS)
def test_no_permission_is_exit_2_saying_so(dbfile, tmp_path, capsys, monkeypatch, option):
    def refuse_new_files(real_open, path, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    _patch(monkeypatch, "open", refuse_new_files)
    assert main(report(dbfile, option, tmp_path / "月报")) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "没有访问权限" in err and "已保存" not in err


@pytest.mark.parametrize("option", FORMATS)
def test_a_write_that_silently_loses_bytes_is_caught_before_the_rename(
    dbfile, tmp_path, capsys, monkeypatch, option
):
    # What happened on main: the writer reported nothing, the file was 0 bytes, "已保存".
    _patch(monkeypatch, "write", lambda _real, fd, data: len(data))
    target = tmp_path / "月报"
    assert main(report(dbfile, option, target)) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "不完整" in err and "已保存" not in err
    assert not target.exists() and _leftovers(tmp_path) == []


def test_a_pdf_without_its_end_marker_is_not_saved(tmp_path):
    from classgroup_desktop.core.errors import UserError

    with pytest.raises(UserError, match="不完整"):
        output_path.write_output(tmp_path / "x.pdf", b"%PDF-1.4 cut off", tail=b"%%EOF")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("option", FORMATS)
def test_the_saved_file_is_whole(dbfile, tmp_path, capsys, option):
    target = tmp_path / "月报"
    assert main(report(dbfile, option, target)) == 0
    data = target.read_bytes()
    if option == "--pdf":
        assert data.startswith(b"%PDF") and b"%%EOF" in data[-32:]
    else:
        assert data.startswith(b"PK")
    assert _leftovers(tmp_path) == []
    assert stat.S_IMODE(target.stat().st_mode) & 0o044  # usual permissions, not 0600


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("option", FORMATS)
def test_a_pipe_at_the_target_is_refused_not_replaced(dbfile, tmp_path, capsys, option):
    fifo = tmp_path / "月报"
    os.mkfifo(fifo)
    assert main(report(dbfile, option, fifo)) == EXIT_BAD_INPUT
    assert "不是普通文件" in capsys.readouterr().err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.skipif(not hasattr(os, "mknod") or os.geteuid() != 0, reason="needs root (mknod)")
@pytest.mark.parametrize("option", FORMATS)
def test_a_device_at_the_target_is_refused_not_replaced(dbfile, tmp_path, capsys, option):
    # A private copy of /dev/full's node: the real one must not be at risk in a test.
    device = tmp_path / "full"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except OSError:
        pytest.skip("cannot create a device node here")
    assert main(report(dbfile, option, device)) == EXIT_BAD_INPUT
    assert "设备或特殊文件" in capsys.readouterr().err
    assert stat.S_ISCHR(os.stat(device).st_mode)


# --- a real full disk: a 64 KB tmpfs (root only) ------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 KB tmpfs mounted on a fresh folder, nearly filled; skipped where mounting is not
    allowed. Unmounted afterwards."""
    if not sys.platform.startswith("linux") or shutil.which("mount") is None:
        pytest.skip("needs Linux mount")
    folder = tmp_path / f"tiny-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root, or no permission)")
    try:
        filler = folder / "filler.bin"
        with filler.open("wb") as f:  # leave about 4 KB: less than any report needs
            f.write(b"\0" * (60 * 1024))
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.mark.parametrize("option", FORMATS)
def test_a_real_full_disk_is_exit_2_without_stray_output(dbfile, tiny_disk, tmp_path, option):
    target = tiny_disk / "月报"
    env = {**os.environ, "CLASSGROUP_HOME": str(tmp_path / "home"), "PYTHONWARNINGS": "default"}
    proc = subprocess.run(
        [sys.executable, "-m", "classgroup_desktop", *report(dbfile, option, target)],
        capture_output=True, text=True, encoding="utf-8", timeout=120, env=env,
    )
    assert proc.returncode == EXIT_BAD_INPUT, proc.stderr
    assert "磁盘空间已满" in proc.stderr and "已保存" not in proc.stderr
    assert "Exception ignored" not in proc.stderr and "Traceback" not in proc.stderr
    assert not target.exists() and _leftovers(tiny_disk) == []
