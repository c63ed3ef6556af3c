"""A SQLite database on a network drive is refused before SQLite opens it (issue 17)."""

from __future__ import annotations

from pathlib import Path, PurePath

import pytest

from classgroup_desktop.core.errors import UserError
from classgroup_desktop.store import network_drive
from classgroup_desktop.store.location import resolve_url

MOUNTS = """\
/dev/vda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
server:/export/home /mnt/home nfs4 rw,relatime 0 0
//nas/教务处 /mnt/office cifs rw 0 0
/dev/vdb1 /mnt/office/local ext4 rw 0 0
tmpfs /tmp tmpfs rw 0 0
//nas/my\\040share /mnt/my\\040share smb3 rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "network"),
    [
        pytest.param("/home/teacher/classgroup.sqlite3", False, id="local disk"),
        pytest.param("/mnt/home/li/classgroup.sqlite3", True, id="NFS mount"),
        pytest.param("/mnt/office/三年级/classgroup.sqlite3", True, id="CIFS mount"),
        pytest.param("/mnt/office/local/x.sqlite3", False, id="local disk mounted inside a share"),
        pytest.param("/mnt/my share/x.sqlite3", True, id="mount point with an escaped space"),
        pytest.param("/mnt/homework/x.sqlite3", False, id="a prefix by characters is not a mount"),
    ],
)
def test_linux_mounts_decide_by_the_longest_mount_point(path, network):
    assert network_drive.is_network_path(PurePath(path), platform="linux",
                                         mounts_text=MOUNTS) is network


@pytest.mark.parametrize(
    ("path", "unc"),
    [
        pytest.param(r"\\server\share\班级群管家\data.sqlite3", True, id="UNC path"),
        pytest.param("//server/share/data.sqlite3", True, id="UNC path with slashes"),
        pytest.param(r"\\?\UNC\server\share\data.sqlite3", True, id="long UNC path"),
        pytest.param(r"\\?\C:\Users\li\data.sqlite3", False, id="long local path"),
        pytest.param(r"C:\Users\li\data.sqlite3", False, id="local drive"),
    ],
)
def test_unc_paths_are_network_paths(path, unc):
    assert network_drive.is_unc(path) is unc


def test_database_on_a_network_mount_is_refused_with_both_ways_out(monkeypatch, tmp_path):
    monkeypatch.setattr(network_drive, "is_network_path", lambda path, **_: True)
    target = tmp_path / "classgroup.sqlite3"
    with pytest.raises(UserError) as caught:
        resolve_url(target)
    message = caught.value.message
    assert "网络盘" in message and "--db-url" in message and "月报" in message
    assert not target.exists()


def test_local_database_is_accepted(tmp_path):
    assert resolve_url(tmp_path / "x.sqlite3") == f"sqlite:///{Path(tmp_path / 'x.sqlite3')}"
