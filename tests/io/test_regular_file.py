from __future__ import annotations

import os

import pytest

from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.io.regular_file import require_regular_file


def test_regular_file_is_accepted(tmp_path):
    f = tmp_path / "a.csv"
    f.write_text("x", encoding="utf-8")
    assert require_regular_file(f) == f


def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(BadInputError, match="命名管道"):
        require_regular_file(fifo, "花名册")


def test_device_is_refused():
    with pytest.raises(BadInputError, match="设备"):
        require_regular_file("/dev/zero", "证据文件")


def test_folder_is_refused(tmp_path):
    with pytest.raises(BadInputError, match="文件夹"):
        require_regular_file(tmp_path)


def test_missing_file_names_the_reason(tmp_path):
    with pytest.raises(BadInputError, match="不存在"):
        require_regular_file(tmp_path / "nope.csv")
