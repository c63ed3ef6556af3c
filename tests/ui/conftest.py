"""Fixtures for the GUI tests: a demo database per test (copied from one seeded template),
a main window on it, and helpers to find the (non-blocking) dialogs the app opens."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from classgroup_desktop.store.db import open_database


@pytest.fixture(scope="session", autouse=True)
def _app_wide_fixes(qapp):
    """What ``app.create_application`` installs on the real application."""
    from classgroup_desktop.ui.keyboard import install_keyboard_fixes
    from classgroup_desktop.ui.qt_translations import install_qt_translations

    install_qt_translations(qapp)
    install_keyboard_fixes(qapp)


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory) -> Path:
    from classgroup_desktop.services.demo import ensure_demo_data

    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite3"
    db = open_database(path)
    ensure_demo_data(db)
    db.dispose()
    return path


@pytest.fixture
def demo_db(_demo_template, tmp_path):
    target = tmp_path / "demo.sqlite3"
    shutil.copy(_demo_template, target)
    db = open_database(target)
    yield db
    db.dispose()


@pytest.fixture
def app_settings(tmp_path):
    from classgroup_desktop.ui.app_settings import AppSettings

    return AppSettings(tmp_path / "window.ini")


@pytest.fixture
def window(qtbot, demo_db, app_settings):
    from classgroup_desktop.ui.main_window import MainWindow

    win = MainWindow(demo_db, app_settings, demo=True)
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    return win


def dialogs(name: str) -> list[QWidget]:
    """Visible top-level dialogs with objectName ``name``."""
    return [w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()]


def wait_dialog(qtbot, name: str, timeout: int = 5000) -> QWidget:
    qtbot.waitUntil(lambda: bool(dialogs(name)), timeout=timeout)
    return dialogs(name)[-1]


@pytest.fixture(autouse=True)
def _close_dialogs():
    yield
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and widget.objectName() in {
            "errorDialog", "archiveDialog", "markLeftDialog", "logReminderDialog",
            "clearOutDialog", "confirmIdentityDialog", "diffDialog", "addStudentDialog",
            "textDialog", "importWizard", "screensDialog", "addEntryDialog",
            "guardiansDialog", "teacherDialog", "revokeDialog", "teacherNameDialog",
            "guideDialog", "aboutDialog", "unsavedSettingsDialog",
        }:
            widget.close()
