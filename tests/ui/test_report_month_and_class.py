"""月报 opens on the month the work is in, and its class is the window's one current class."""

from __future__ import annotations

from datetime import datetime

from classgroup_desktop.core.naming import MemberInput
from classgroup_desktop.services.audit import run_check
from classgroup_desktop.services.classes import create_class
from classgroup_desktop.services.report import latest_active_month
from classgroup_desktop.ui.main_window import MainWindow


def _window(qtbot, db, app_settings):
    win = MainWindow(db, app_settings, demo=True)  # demo: no first-start question
    qtbot.addWidget(win)
    win.show()
    return win


def test_report_opens_on_the_latest_month_with_a_check(qtbot, db, app_settings):
    create_class(db, "一年级(1)班")
    create_class(db, "一年级(2)班")
    # Work done in a month that is neither this calendar month nor the one before it.
    run_check(db, "一年级(1)班", [MemberInput("王小明妈妈")], source="粘贴", save=True,
              now=datetime(2025, 3, 14, 9, 0))
    assert latest_active_month(db, "一年级(1)班") == "2025-03"
    assert latest_active_month(db, "一年级(2)班") is None
    win = _window(qtbot, db, app_settings)
    win.select_class("一年级(1)班")
    view = win.show_view("reports")
    qtbot.waitUntil(lambda: view.report is not None, timeout=15000)
    assert view.month == "2025-03"


def test_report_class_and_toolbar_class_are_one(qtbot, db, app_settings):
    for name in ("一年级(1)班", "一年级(2)班"):
        create_class(db, name)
    win = _window(qtbot, db, app_settings)
    win.select_class("一年级(1)班")
    view = win.show_view("reports")
    assert view.scope == "一年级(1)班"
    # Picked in the report: the toolbar follows.
    view.scope_combo.setCurrentIndex(view.scope_combo.findData("一年级(2)班"))
    assert win.current_class == "一年级(2)班"
    assert win.class_combo.currentData() == "一年级(2)班"
    # Picked in the toolbar: the report follows.
    win.select_class("一年级(1)班")
    assert view.scope == "一年级(1)班"
