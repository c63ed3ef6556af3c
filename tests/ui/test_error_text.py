"""The dialogs' error texts: OS errors give their reason in Chinese, not the system's English."""

from __future__ import annotations

import errno

import pytest

from classgroup_desktop.core.errors import UserError
from classgroup_desktop.ui.common import error_text


@pytest.mark.parametrize(
    "exc, expected",
    [
        pytest.param(
            IsADirectoryError(errno.EISDIR, "Is a directory", "/tmp/月报"),
            "读写文件“/tmp/月报”时出错（这是一个文件夹，不是文件）。请检查文件和磁盘后重试。",
            id="a folder",
        ),
        pytest.param(
            OSError(errno.ENOSPC, "No space left on device", "D:/月报.pdf"),
            "读写文件“D:/月报.pdf”时出错（磁盘空间已满）。请检查文件和磁盘后重试。",
            id="disk full",
        ),
        pytest.param(
            OSError(errno.EROFS, "Read-only file system", "/media/u/x.xlsx"),
            "读写文件“/media/u/x.xlsx”时出错（磁盘是只读的，不能写入）。请检查文件和磁盘后重试。",
            id="read-only",
        ),
        pytest.param(UserError("班级不存在。"), "班级不存在。", id="user error as is"),
    ],
)
def test_error_text(qapp, exc, expected):
    assert error_text(exc) == expected
