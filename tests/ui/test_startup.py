"""Start-up path: what the window needs before it is first shown, and what it must not load.

PySide6 creates a class's Python enums the first time the class is touched; the ``Qt``
namespace alone is ~90 enum classes (≈25 ms, a fifth of a cold start). The window is built
without it (see ``pages.centered`` and ``MainWindow._action``); these tests keep it that way
and check that the by-name settings really took effect.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence

ROOT = Path(__file__).resolve().parents[2]

# app.main() in interactive mode, observed at the moment the window is shown; it quits once
# the database (opened on a worker) is attached.
START = r"""
import json, sys
import PySide6.QtCore as QtCore
from classgroup_desktop import app as app_module
from classgroup_desktop.ui import main_window

seen = {}

class Probe(main_window.MainWindow):
    def show(self):
        seen["qt_namespace"] = "Qt" in vars(QtCore)
        seen["metadata"] = "importlib.metadata" in sys.modules
        seen["modules"] = sorted(
            m for m in sys.modules
            if m.split(".")[0] in ("sqlalchemy", "alembic", "openpyxl", "dataclasses")
            or m.startswith("classgroup_desktop.ui.") and m.count(".") > 2)
        super().show()

    def attach_database(self, db, **kwargs):
        super().attach_database(db, **kwargs)
        seen["classes"] = self.class_names()
        QtCore.QTimer.singleShot(0, QtCore.QCoreApplication.quit)

main_window.MainWindow = Probe
seen["code"] = app_module.main(["--db", sys.argv[1]])
print(json.dumps(seen))
"""


@pytest.fixture(scope="module")
def started(tmp_path_factory) -> dict:
    home = tmp_path_factory.mktemp("startup-home")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CLASSGROUP_HOME": str(home)}
    out = subprocess.run([sys.executable, "-c", START, str(home / "school.sqlite3")], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=60, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


# The same on a school database: what the window holds when the first view is filled (before
# SQLAlchemy loads) and when the full database is attached.
PROBE = "class Probe(main_window.MainWindow):"
ATTACHED = '        seen["classes"] = self.class_names()'
FILLED = START.replace(PROBE, PROBE + """
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.first_view_filled.connect(lambda: seen.update(filled=self.state()))

    def state(self):
        roster = self.view("roster")
        return {
            "orm": "sqlalchemy.orm" in sys.modules,
            "sqlalchemy": "sqlalchemy" in sys.modules,
            "db": self.db is not None,
            "class": self.current_class,
            "rows": roster.students.rowCount(),
            "editable": bool(roster.students.flags(roster.students.index(0, 1))
                             & QtCore.Qt.ItemFlag.ItemIsEditable),
            "add_enabled": roster.add_button.isEnabled(),
            "shown": self.stack.currentWidget() is self.hosts["roster"],
        }
""").replace(ATTACHED, ATTACHED + """
        seen["attached"] = self.state()""")


@pytest.fixture(scope="module")
def started_on_a_school(tmp_path_factory) -> dict:
    from classgroup_desktop.services.demo import ensure_demo_data
    from classgroup_desktop.store.db import open_database

    home = tmp_path_factory.mktemp("startup-school")
    path = home / "school.sqlite3"
    db = open_database(path)
    ensure_demo_data(db)
    db.dispose()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CLASSGROUP_HOME": str(home)}
    out = subprocess.run([sys.executable, "-c", FILLED, str(path)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_first_view_is_filled_with_the_roster_before_sqlalchemy_loads(started_on_a_school):
    filled = started_on_a_school["filled"]
    assert filled["sqlalchemy"] is False and filled["orm"] is False
    assert filled["db"] is False and filled["shown"] is True
    assert filled["class"] == started_on_a_school["classes"][0]
    assert filled["rows"] > 0


def test_start_rows_are_read_only_until_the_database_is_attached(started_on_a_school):
    filled, attached = started_on_a_school["filled"], started_on_a_school["attached"]
    assert filled["editable"] is False and filled["add_enabled"] is False
    assert attached["editable"] is True and attached["add_enabled"] is True
    assert (attached["class"], attached["rows"]) == (filled["class"], filled["rows"])


def test_app_starts_and_attaches_the_database(started):
    assert started["code"] == 0 and started["classes"] == []


def test_window_is_shown_without_loading_the_qt_namespace(started):
    assert started["qt_namespace"] is False


def test_window_is_shown_without_reading_the_version_metadata(started):
    # --version looks the version up only when given (importlib.metadata: ~20 ms).
    assert started["metadata"] is False


def test_window_is_shown_without_the_store_views_or_dataclasses(started):
    # SQLAlchemy opens on a worker after the window shows; views are built on first use.
    assert started["modules"] == []


def test_settings_made_by_name_took_effect(qtbot, app_settings):
    from classgroup_desktop.ui.main_window import MainWindow

    win = MainWindow(None, app_settings)
    qtbot.addWidget(win)
    assert win.toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    assert win.loading.label.alignment() == Qt.AlignmentFlag.AlignCenter
    assert win.stack.currentWidget() is win.loading


@pytest.mark.parametrize("name, key", [
    ("act_import", QKeySequence.StandardKey.Open),
    ("act_print", QKeySequence.StandardKey.Print),
    ("act_paste", QKeySequence.StandardKey.Paste),
    ("act_find", QKeySequence.StandardKey.Find),
    ("act_undo", QKeySequence.StandardKey.Undo),
    ("act_redo", QKeySequence.StandardKey.Redo),
], ids=["open", "print", "paste", "find", "undo", "redo"])
def test_standard_actions_get_every_platform_binding(qtbot, app_settings, name, key):
    from classgroup_desktop.ui.main_window import MainWindow

    win = MainWindow(None, app_settings)
    qtbot.addWidget(win)
    assert getattr(win, name).shortcuts() == QKeySequence.keyBindings(key)


def test_view_shortcuts_are_ctrl_and_the_view_number(qtbot, app_settings):
    from classgroup_desktop.ui.main_window import MainWindow

    win = MainWindow(None, app_settings)
    qtbot.addWidget(win)
    assert [a.shortcut().toString() for a in win.view_actions] == [
        f"Ctrl+{n}" for n in range(1, len(win.VIEWS) + 1)]


def test_fractional_scaling_is_qt6_default_pass_through(qapp):
    # app.create_application relies on this default instead of setting it.
    assert (QGuiApplication.highDpiScaleFactorRoundingPolicy()
            == Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)


def test_the_database_taking_over_keeps_the_start_rows_and_the_selection(qtbot, demo_db,
                                                                          app_settings):
    from classgroup_desktop.services.first_view import read_start_view
    from classgroup_desktop.ui.main_window import MainWindow

    win = MainWindow(None, app_settings, demo=True)
    qtbot.addWidget(win)
    assert win.show_start_view(read_start_view(demo_db.path)) is True
    roster = win.view("roster")
    resets: list[int] = []
    roster.students.modelReset.connect(lambda: resets.append(1))
    roster.table.selectRow(2)
    changed: list[str] = []
    win.class_changed.connect(changed.append)
    win.attach_database(demo_db, demo=True)
    assert roster.db is demo_db and resets == []
    assert changed == [win.current_class]  # the class becomes current with the database
    assert [i.row() for i in roster.table.selectionModel().selectedRows()] == [2]
    assert win.stack.currentWidget() is win.hosts["roster"]


def test_a_database_without_classes_shows_the_welcome_page_at_once(qtbot, db, app_settings):
    from classgroup_desktop.services.first_view import read_start_view
    from classgroup_desktop.ui.main_window import MainWindow

    win = MainWindow(None, app_settings)
    qtbot.addWidget(win)
    filled: list[int] = []
    win.first_view_filled.connect(lambda: filled.append(1))
    assert win.show_start_view(read_start_view(db.path)) is True
    assert win.stack.currentWidget() is win.first_run and filled == [1]
    assert not win.first_run.isEnabled()  # its buttons need the database
    win.attach_database(db)
    assert win.stack.currentWidget() is win.first_run and win.first_run.isEnabled()
    assert filled == [1]  # once


def test_a_window_that_opens_on_another_view_waits_for_the_database(qtbot, demo_db,
                                                                    app_settings):
    from classgroup_desktop.services.first_view import read_start_view
    from classgroup_desktop.ui.main_window import MainWindow

    app_settings.last_view = "log"
    win = MainWindow(None, app_settings, demo=True)
    qtbot.addWidget(win)
    assert win.show_start_view(read_start_view(demo_db.path)) is False
    assert win.stack.currentWidget() is win.loading


def test_first_run_screen_is_built_only_for_a_database_without_classes(qtbot, window, db,
                                                                       app_settings):
    from classgroup_desktop.ui.main_window import MainWindow
    from classgroup_desktop.ui.pages import FirstRunPage

    assert window.findChildren(FirstRunPage) == []  # the demo has classes
    empty = MainWindow(db, app_settings)
    qtbot.addWidget(empty)
    assert empty.stack.currentWidget() is empty.first_run
    assert len(empty.findChildren(FirstRunPage)) == 1
