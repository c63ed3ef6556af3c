"""A second copy on the same database brings the first window forward instead of opening."""

from __future__ import annotations

from classgroup_desktop.ui.single_instance import SingleInstance, server_name


def test_second_copy_on_same_database_reaches_the_first(qtbot, tmp_path):
    first = SingleInstance(str(tmp_path / "a.sqlite3"))
    assert first.listen()
    second = SingleInstance(str(tmp_path / "a.sqlite3"))
    with qtbot.waitSignal(first.activated, timeout=3000):
        assert second.notify_running()
    first.server.close()


def test_other_database_is_not_blocked(qtbot, tmp_path):
    first = SingleInstance(str(tmp_path / "a.sqlite3"))
    assert first.listen()
    assert not SingleInstance(str(tmp_path / "b.sqlite3")).notify_running()
    assert server_name("a") != server_name("b")
    first.server.close()


def test_app_start_on_a_database_already_open_hands_over_and_stops(qtbot, tmp_path):
    from classgroup_desktop.app import parse_args, single_instance

    args = parse_args(["--db", str(tmp_path / "school.sqlite3")])
    first = single_instance(args)
    assert first is not None
    with qtbot.waitSignal(first.activated, timeout=3000):
        assert single_instance(args) is None  # main() returns 0 without building a window
    first.server.close()
