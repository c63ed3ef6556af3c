"""Keyboard: Tab leaves every table (arrows move inside it); the side navigation is reachable
by Tab and shows a focus ring."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from classgroup_desktop.ui.side_nav import STYLE


@pytest.mark.parametrize("key", ["roster", "check", "log", "reports", "settings"])
def test_no_table_of_a_view_traps_tab(qtbot, window, key):
    view = window.show_view(key)
    qtbot.wait(10)  # polished on show
    tables = [v for v in view.findChildren(QAbstractItemView) if v.isVisible()]
    assert tables or key in ("reports", "check")
    for table in tables:
        assert not table.tabKeyNavigation(), table.objectName()


def test_tab_walks_out_of_the_roster_table(qtbot, window):
    view = window.show_view("roster")
    table = view.table
    assert table.model().rowCount() > 5
    window.activateWindow()
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 1  # arrows still move inside the table
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not table


def test_side_nav_takes_tab_focus_and_draws_a_focus_ring(qtbot, window):
    nav = window.nav
    assert nav.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert "#sideNav:focus" in STYLE and "palette(highlight)" in STYLE.split("#sideNav:focus")[1]
    window.activateWindow()
    nav.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: nav.hasFocus())
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    assert window.current_key() == window.view_keys()[min(nav.currentRow(), 4)]
