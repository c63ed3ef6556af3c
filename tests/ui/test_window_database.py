"""The way back from the demo (文件 → 打开示例 / 回到我的数据), a title and status bar that say
which database is open, the first-start question for the teacher's name, 帮助's guide and 关于."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage

import classgroup_desktop
from classgroup_desktop.services.classes import create_class
from classgroup_desktop.services.settings import TEACHER_NAME, get_setting, set_setting
from classgroup_desktop.ui.help_dialogs import GUIDE_FILE, HELP_DIR
from classgroup_desktop.ui.main_window import MainWindow

from .conftest import dialogs, wait_dialog


def _own_window(qtbot, db, demo_db, app_settings):
    create_class(db, "一年级(1)班")
    set_setting(db, TEACHER_NAME, "王老师")
    win = MainWindow(db, app_settings, open_demo=lambda: demo_db)
    qtbot.addWidget(win)
    win.show()
    return win


def test_open_demo_from_the_menu_and_come_back_to_my_data(qtbot, db, demo_db, app_settings):
    win = _own_window(qtbot, db, demo_db, app_settings)
    assert win.windowTitle() == "一年级(1)班 — 我的数据"
    assert win.status_label.text() == "我的数据"
    assert db.location in win.status_label.toolTip()
    assert win.act_open_demo.isEnabled() and not win.act_back_to_own.isEnabled()

    win.act_open_demo.trigger()
    qtbot.waitUntil(lambda: win.db is demo_db)
    assert win.demo and win.status_label.text() == "示例数据"
    assert demo_db.location in win.status_label.toolTip()
    assert win.windowTitle().endswith("— 示例数据")
    # Qt appends the app's name itself: the title must not carry it a second time.
    assert "班级群管家" not in win.windowTitle()
    assert win.act_back_to_own.isEnabled() and not win.act_open_demo.isEnabled()

    win.act_back_to_own.trigger()
    qtbot.waitUntil(lambda: win.db is db)
    assert not win.demo
    assert win.class_names() == ["一年级(1)班"]
    assert win.windowTitle() == "一年级(1)班 — 我的数据"


def test_demo_started_with_demo_flag_can_open_my_data(qtbot, db, demo_db, app_settings):
    create_class(db, "一年级(1)班")
    win = MainWindow(demo_db, app_settings, demo=True, open_own=lambda: db)
    qtbot.addWidget(win)
    win.show()
    assert win.act_back_to_own.isEnabled()
    win.back_to_own_data()
    qtbot.waitUntil(lambda: win.db is db)
    assert win.status_label.text() == "我的数据"


def test_teacher_name_is_asked_once_at_first_start(qtbot, db, app_settings):
    create_class(db, "一年级(1)班")
    win = MainWindow(db, app_settings)
    qtbot.addWidget(win)
    win.show()
    dialog = wait_dialog(qtbot, "teacherNameDialog")
    dialog.setTextValue("李老师")
    dialog.accept()
    qtbot.waitUntil(lambda: get_setting(db, TEACHER_NAME) == "李老师")
    win.close()
    again = MainWindow(db, app_settings)
    qtbot.addWidget(again)
    again.show()
    qtbot.wait(50)
    assert not dialogs("teacherNameDialog")


def test_demo_never_asks_the_teacher_name(qtbot, window):
    qtbot.wait(50)
    assert not dialogs("teacherNameDialog")


def test_about_shows_version_data_folder_and_licences(qtbot, window):
    window.act_about.trigger()
    dialog = wait_dialog(qtbot, "aboutDialog")
    text = dialog.text.text()
    assert classgroup_desktop.__version__ in text
    assert "数据文件夹" in text and window.db.location in text
    assert "LGPL-3.0" in text and "RapidOCR" in text and "Apache-2.0" in text


def test_guide_is_offline_and_shows_the_screenshots(qtbot, window):
    window.act_guide.trigger()
    dialog = wait_dialog(qtbot, "guideDialog")
    browser = dialog.browser
    assert "成员检查" in browser.toPlainText() and "回到我的数据" in browser.toPlainText()
    names = re.findall(r'<img src="([^"]+)"', (HELP_DIR / GUIDE_FILE).read_text("utf-8"))
    assert len(names) >= 4
    for name in names:
        url = browser.source().resolved(QUrl(name))
        assert url.isLocalFile() and Path(url.toLocalFile()).is_file(), name
        image = QImage(url.toLocalFile())
        assert not image.isNull() and image.width() > 600, name
    screen = window.screen().availableGeometry()
    assert dialog.height() <= screen.height() and dialog.width() <= screen.width()


def test_leaving_settings_with_unsaved_edits_warns(qtbot, window, demo_db):
    from PySide6.QtWidgets import QMessageBox

    view = window.show_view("settings")
    assert not view.has_unsaved_changes()
    # Switching the policy's scope shows other data: not an edit.
    view.scope_combo.setCurrentIndex(view.scope_combo.count() - 1)
    assert not view.has_unsaved_changes()
    window.show_view("log")  # nothing edited: leaves at once
    assert window.current_key() == "log"
    window.show_view("settings")
    view.school_edit.setText("新的学校名称")
    window.show_view("log")
    box = wait_dialog(qtbot, "unsavedSettingsDialog")
    assert window.current_key() == "settings"  # stays until answered
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: not dialogs("unsavedSettingsDialog"))
    assert window.current_key() == "settings"
    window.show_view("roster")
    box = wait_dialog(qtbot, "unsavedSettingsDialog")
    box.button(QMessageBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: window.current_key() == "roster")
    assert get_setting(demo_db, "school_name") == "新的学校名称"
