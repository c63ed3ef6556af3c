"""Reading a roster file the system refuses: the reason is said in Chinese."""

from __future__ import annotations

import errno

import pytest


def test_a_roster_zip_that_cannot_be_read_says_why_in_chinese(tmp_path, monkeypatch):
    from classgroup_desktop.core.errors import BadInputError
    from classgroup_desktop.io import spreadsheet

    path = tmp_path / "花名册.xlsx"
    path.write_bytes(spreadsheet.ZIP_MAGIC + b"\0" * 100)

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(spreadsheet.zipfile, "ZipFile", refuse)
    with pytest.raises(BadInputError) as info:
        spreadsheet.detect_format(path)
    assert "没有访问权限" in info.value.message and "Permission denied" not in info.value.message
