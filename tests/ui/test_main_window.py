"""The main window: class switcher, lazy views, first-run screen, class menu, remembered
state, drag-and-drop routing, shortcuts, the crash handler."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QInputDialog, QLabel, QMessageBox

from classgroup_desktop.services.classes import list_classes
from classgroup_desktop.ui.app_settings import AppSettings
from classgroup_desktop.ui.main_window import MainWindow

from .conftest import wait_dialog


def test_demo_window_lists_the_classes_and_opens_on_the_roster(window, demo_db):
    names = [c.name for c in list_classes(demo_db, include_archived=False)]
    assert window.class_names() == names
    assert window.current_key() == "roster"
    roster = window.hosts["roster"].view
    assert roster is not None and roster.class_name == window.current_class
    # Views are built on first use only (start-up pays for the roster alone).
    assert window.hosts["reports"].view is None


def test_switching_class_reaches_every_built_view(window):
    window.show_view("settings")
    target = window.class_names()[-1]
    window.select_class(target)
    assert window.current_class == target
    assert window.hosts["roster"].view.class_name == target
    assert target in window.windowTitle()


@pytest.mark.parametrize("key", ["roster", "check", "log", "reports", "settings"])
def test_every_view_can_be_shown(window, key):
    view = window.show_view(key)
    assert view is not None
    assert window.stack.currentWidget() is window.hosts[key]


def test_empty_database_shows_the_first_run_screen_and_new_class_leaves_it(qtbot, db,
                                                                          app_settings):
    win = MainWindow(db, app_settings)
    qtbot.addWidget(win)
    win.show()
    assert win.stack.currentWidget() is win.first_run
    assert win.first_run.import_button.isVisible() and win.first_run.demo_button.isVisible()
    win.first_run.new_button.click()
    dialog = wait_dialog(qtbot, "textDialog")
    assert isinstance(dialog, QInputDialog)
    dialog.setTextValue("一年级(1)班")
    dialog.accept()
    qtbot.waitUntil(lambda: win.class_names() == ["一年级(1)班"])
    assert win.stack.currentWidget() is win.hosts["roster"]


def test_first_run_open_demo_switches_to_the_demo_database(qtbot, db, demo_db, app_settings):
    win = MainWindow(db, app_settings, open_demo=lambda: demo_db)
    qtbot.addWidget(win)
    win.show()
    win.first_run.demo_button.click()
    qtbot.waitUntil(lambda: win.db is demo_db)
    assert win.demo
    assert len(win.class_names()) >= 1
    assert "示例" in win.windowTitle()


def test_rename_and_archive_a_class_from_the_class_menu(qtbot, window, demo_db):
    old = window.current_class
    window.rename_class()
    dialog = wait_dialog(qtbot, "textDialog")
    dialog.setTextValue("改名后的班级")
    dialog.accept()
    qtbot.waitUntil(lambda: window.current_class == "改名后的班级")
    assert old not in [c.name for c in list_classes(demo_db)]
    window.archive_class()
    box = wait_dialog(qtbot, "archiveDialog")
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: "改名后的班级" not in window.class_names())
    archived = {c.name: c.archived for c in list_classes(demo_db)}
    assert archived["改名后的班级"] is True
    window.act_show_archived.setChecked(True)
    assert "改名后的班级" in window.class_names()


def test_duplicate_class_name_shows_an_error_not_a_traceback(qtbot, window):
    existing = window.class_names()[0]
    window.new_class()
    dialog = wait_dialog(qtbot, "textDialog")
    dialog.setTextValue(existing)
    dialog.accept()
    box = wait_dialog(qtbot, "errorDialog")
    assert existing in box.text()


def test_last_class_view_and_geometry_are_remembered(qtbot, demo_db, tmp_path):
    settings = AppSettings(tmp_path / "w.ini")
    first = MainWindow(demo_db, settings, demo=True)
    qtbot.addWidget(first)
    first.show()
    target = first.class_names()[-1]
    first.select_class(target)
    first.show_view("settings")
    first.resize(1111, 777)
    first.close()
    second = MainWindow(demo_db, AppSettings(tmp_path / "w.ini"), demo=True)
    qtbot.addWidget(second)
    assert second.current_class == target
    assert second.current_key() == "settings"
    # The offscreen screen is smaller than the window, so restoreGeometry clamps the size;
    # what matters here is that the geometry was stored and is read back.
    assert AppSettings(tmp_path / "w.ini").geometry is not None


def test_dropped_spreadsheet_opens_the_import_wizard(qtbot, window, tmp_path):
    from tests.helpers.roster_files import write_xlsx

    path = write_xlsx(tmp_path / "花名册.xlsx", {"Sheet1": [["姓名", "学号"], ["张三", 1]]})
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    wizard = wait_dialog(qtbot, "importWizard")
    qtbot.waitUntil(lambda: bool(wizard.previews))
    assert wizard.path == path


def test_dropped_text_file_goes_to_the_check_view(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "members.txt"
    path.write_text("张三妈妈\n", encoding="utf-8")
    loaded: list[Path] = []
    check = window.view("check")
    monkeypatch.setattr(check, "load_members_file", lambda p=None: loaded.append(p))
    window.open_files([path])
    assert loaded == [path]
    assert window.current_key() == "check"


def test_shortcuts_are_the_standard_ones(window):
    assert window.act_paste.shortcut() == QKeySequence(QKeySequence.StandardKey.Paste)
    assert window.act_find.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert window.act_print.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert window.act_import.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)


def test_find_shortcut_focuses_the_search_box_of_the_current_view(qtbot, window):
    window.activateWindow()
    window.act_find.trigger()
    roster = window.hosts["roster"].view
    qtbot.waitUntil(lambda: roster.search.hasFocus() or
                    QGuiApplication.focusObject() is roster.search, timeout=2000)


def test_crash_handler_logs_the_traceback_and_shows_no_traceback(tmp_path):
    from classgroup_desktop.ui.crash import CrashHandler

    handler = CrashHandler(tmp_path, show_dialog=False)
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        handler(*sys.exc_info())
    text = (tmp_path / "classgroup.log").read_text(encoding="utf-8")
    assert "Traceback" in text and "boom in a slot" in text


def test_placeholder_is_not_used_for_installed_views(window):
    for key in ("roster", "check", "settings"):
        assert not isinstance(window.view(key), QLabel)


def test_window_shows_before_the_database_and_fills_when_attached(qtbot, demo_db,
                                                                   app_settings):
    win = MainWindow(None, app_settings, demo=True)
    qtbot.addWidget(win)
    win.show()
    assert win.stack.currentWidget() is win.loading
    assert not win.act_import.isEnabled() and not win.nav.isEnabled()
    assert win.show_view("check") is None  # nothing to show yet, and no crash
    win.attach_database(demo_db, demo=True)
    assert win.act_import.isEnabled() and win.nav.isEnabled()
    assert win.class_names() and win.stack.currentWidget() is win.hosts["roster"]


def test_window_settings_live_in_the_data_folder():
    from classgroup_desktop.store.location import data_dir
    from classgroup_desktop.ui.app_settings import default_path

    assert default_path().parent == data_dir()


# --- settings view (hosted by the main window) --------------------------------------------


def _settings_view(window):
    view = window.show_view("settings")
    view.load()
    return view


def _check_relation(view, word: str, checked: bool = True) -> None:
    item = view.relations_model.findItems(word)[0]
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


def test_settings_save_school_teacher_policy_and_templates(window, demo_db):
    from classgroup_desktop.core.policy import NamingPolicy
    from classgroup_desktop.services import settings as svc

    view = _settings_view(window)
    view.school_edit.setText("浦东新区测试小学")
    view.teacher_edit.setText("周老师")
    _check_relation(view, "奶奶")
    view.affix_check.setChecked(True)
    view.limit_spin.setValue(3)
    view.templates_box.select("rename_reminder")
    view.templates_box.edit.setPlainText("@{nickname} 请改为 {suggestion}（{teacher}）")
    assert view.templates_box.preview_label.text() == "@王小明的妈妈 请改为 王小明妈妈（周老师）"
    assert "{群昵称} 成员的群昵称" in view.templates_box.placeholder_label.text()
    view.templates_box.edit.setPlainText("@{群昵称} 请改为 {建议昵称}（{班主任}）")
    assert view.templates_box.preview_label.text() == "@王小明的妈妈 请改为 王小明妈妈（周老师）"
    assert view.save()
    assert svc.get_setting(demo_db, svc.SCHOOL_NAME) == "浦东新区测试小学"
    assert svc.get_setting(demo_db, svc.TEACHER_NAME) == "周老师"
    policy = NamingPolicy.from_dict(svc.get_setting(demo_db, svc.NAMING_POLICY))
    assert "奶奶" in policy.relations and policy.teacher_affix_allowed
    assert policy.max_members_per_student == 3
    stored = svc.get_setting(demo_db, svc.MESSAGE_TEMPLATES)
    assert list(stored) == ["rename_reminder"]  # only what differs from the default
    view.templates_box.reset()
    assert view.save()
    assert svc.get_setting(demo_db, svc.MESSAGE_TEMPLATES) == {}


def test_saving_settings_without_choosing_a_policy_keeps_the_built_in_default(window, demo_db):
    from classgroup_desktop.services import settings as svc

    view = _settings_view(window)
    view.teacher_edit.setText("李建国")
    assert view.save()
    assert svc.get_setting(demo_db, svc.NAMING_POLICY) is None  # not pinned by saving a name
    _check_relation(view, "姥姥", checked=False)
    assert view.save()
    assert "姥姥" not in svc.get_setting(demo_db, svc.NAMING_POLICY)["relations"]


def test_class_policy_overrides_the_school_default_only_for_that_class(window, demo_db):
    from classgroup_desktop.services.audit import class_policy

    view = _settings_view(window)
    cls = window.current_class
    view.scope_combo.setCurrentIndex(view.scope_combo.findData("class"))
    assert view.class_override.isVisible() and not view.class_override.isChecked()
    view.class_override.setChecked(True)
    _check_relation(view, "小姨")
    assert view.save()
    assert "小姨" in class_policy(demo_db, cls).relations
    other = next(c for c in window.class_names() if c != cls)
    assert "小姨" not in class_policy(demo_db, other).relations
    view.class_override.setChecked(False)  # back to the school default
    assert view.save()
    assert "小姨" not in class_policy(demo_db, cls).relations


def test_settings_reject_a_bad_ladder_value_and_write_nothing(qtbot, window, demo_db):
    from classgroup_desktop.services import settings as svc

    view = _settings_view(window)
    before = svc.get_setting(demo_db, svc.SCHOOL_NAME)
    view.school_edit.setText("不应保存")
    view.ladder_box.model.item(0, 1).setText("零")
    assert not view.save()
    box = wait_dialog(qtbot, "errorDialog")
    assert "次数" in box.text()
    assert svc.get_setting(demo_db, svc.SCHOOL_NAME) == before


def test_settings_refuse_a_policy_without_any_relation(qtbot, window):
    view = _settings_view(window)
    for row in range(view.relations_model.rowCount()):
        view.relations_model.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert not view.save()
    wait_dialog(qtbot, "errorDialog")


def test_find_reaches_the_search_box_of_the_log_view(qtbot, window):
    from PySide6.QtWidgets import QLineEdit

    with qtbot.waitActive(window):
        window.activateWindow()
    log = window.show_view("log")
    window.act_find.trigger()
    focused = window.focusWidget()
    assert isinstance(focused, QLineEdit) and "查找" in focused.placeholderText()
    assert log.isAncestorOf(focused)


def test_background_work_outliving_its_widget_is_dropped_quietly(qtbot):
    import time

    from PySide6.QtWidgets import QWidget

    from classgroup_desktop.ui.common import busy, run_in_background

    widget = QWidget()
    called: list[object] = []
    run_in_background(widget, time.sleep, 0.2, on_done=called.append)
    widget.deleteLater()
    qtbot.waitUntil(lambda: not busy(), timeout=5000)
    qtbot.wait(50)
    assert called == []  # and no "Signal source has been deleted" in the event loop


def test_background_work_reports_result_and_error_on_the_gui_thread(qtbot):
    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QWidget

    from classgroup_desktop.core.errors import BadInputError
    from classgroup_desktop.ui.common import run_in_background

    widget = QWidget()
    qtbot.addWidget(widget)
    seen: list[object] = []
    gui = QThread.currentThread()

    def fail() -> None:
        raise BadInputError("坏输入")

    task = run_in_background(widget, lambda x: x * 2, 21,
                             on_done=lambda r: seen.append((r, QThread.currentThread() is gui)))
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(42, True)] and task.result == 42
    errors: list[BaseException] = []
    run_in_background(widget, fail, on_done=seen.append, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], BadInputError) and len(seen) == 1


def test_ctrl_p_prints_the_report_once_it_is_ready(qtbot, window, monkeypatch):
    from classgroup_desktop.ui.reports.view import ReportsView

    printed: list[str] = []
    monkeypatch.setattr(ReportsView, "print_report", lambda self: printed.append(self.month))
    window.act_print.trigger()  # first visit: the report is still being built
    reports = window.hosts["reports"].view
    qtbot.waitUntil(lambda: bool(printed), timeout=20000)
    assert window.current_key() == "reports" and reports.report is not None
    window.act_print.trigger()  # ready now: straight to printing
    assert len(printed) == 2


@pytest.mark.parametrize("names, on_check, expected", [
    (["花名册.xlsx"], False, ("roster", ["花名册.xlsx"])),
    (["花名册.xls"], True, ("roster", ["花名册.xls"])),
    (["名单.csv"], False, ("roster", ["名单.csv"])),
    (["名单.csv"], True, ("members", ["名单.csv"])),
    (["接龙.txt"], False, ("members", ["接龙.txt"])),
    (["成员.xlsx"], True, ("members", ["成员.xlsx"])),
    (["a.txt", "屏1.png", "屏2.JPG"], False, ("screenshots", ["屏1.png", "屏2.JPG"])),
    (["说明.docx"], False, ("unknown", ["说明.docx"])),
    (["一班.cgpkg", "屏.png", "二班.CGPKG"], True, ("packages", ["一班.cgpkg", "二班.CGPKG"])),
    ([], True, ("none", [])),
], ids=["xlsx is a roster", "xls is a roster even on the check page",
        "csv elsewhere is a roster", "csv on the check page is a member list",
        "txt is a member list", "xlsx on the check page is a member list",
        "images win and all are kept", "other files are refused",
        "report packages go to the school summary, all of them", "nothing dropped"])
def test_dropped_files_are_routed_by_type_and_page(names, on_check, expected):
    from classgroup_desktop.ui.dropped_files import route

    kind, paths = route([Path(n) for n in names], on_check_view=on_check)
    assert (kind, [p.name for p in paths]) == expected
