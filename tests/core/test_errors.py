"""Operating-system errors said in Chinese (their strerror is in the system's language)."""

from __future__ import annotations

import errno
import os

import pytest

from classgroup_desktop.core.errors import os_error_text


@pytest.mark.parametrize(
    "code, expected",
    [
        pytest.param(errno.ENOENT, "文件或文件夹不存在", id="ENOENT"),
        pytest.param(errno.EACCES, "没有访问权限，或文件正被其他程序占用", id="EACCES"),
        pytest.param(errno.EISDIR, "这是一个文件夹，不是文件", id="EISDIR"),
        pytest.param(errno.ENOSPC, "磁盘空间已满", id="ENOSPC"),
        pytest.param(errno.EROFS, "磁盘是只读的，不能写入", id="EROFS"),
    ],
)
def test_common_os_errors_are_said_in_chinese(code, expected):
    exc = OSError(code, os.strerror(code), "/tmp/x")
    assert os_error_text(exc) == expected


def test_a_real_error_from_the_system_is_translated(tmp_path):
    with pytest.raises(OSError) as info:
        open(tmp_path, "rb")  # noqa: SIM115 - a folder opened as a file
    # a folder is EISDIR on Linux and macOS, EACCES on Windows
    assert os_error_text(info.value) in {
        "这是一个文件夹，不是文件",
        "没有访问权限，或文件正被其他程序占用",
    }


def test_an_uncommon_error_keeps_the_system_text():
    assert os_error_text(OSError(errno.ELOOP, "Too many levels of symbolic links")) == (
        "Too many levels of symbolic links"
    )
    assert os_error_text(OSError("no errno at all")) == "no errno at all"
