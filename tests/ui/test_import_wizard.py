"""The import wizard end to end: file → preview (detected header row) → mapping change →
dry-run summary → commit → the roster shows the rows; re-import preview; a bad file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from classgroup_desktop.services.classes import list_classes
from classgroup_desktop.services.roster_edit import list_students
from classgroup_desktop.ui.roster.import_wizard import ImportWizard
from tests.helpers.roster_files import write_xlsx

from .conftest import wait_dialog

NEW_CLASS = "一年级(9)班"


def _roster_rows(students):
    return [
        ["一年级(9)班学生名单", None, None, None],  # merged-looking title row above the header
        [None, None, None, None],
        ["姓名", "编码", "性别", "妈妈电话"],  # 编码 is not a header word the reader knows
        *students,
    ]


STUDENTS = [["张小凡", 1, "男", 13800000001], ["陆雪琪", 2, "女", 13800000002],
            ["林惊羽", 3, "男", 13800000003]]


def _wizard_on(qtbot, window, path) -> ImportWizard:
    window.import_roster(path)
    wizard = wait_dialog(qtbot, "importWizard")
    qtbot.waitUntil(lambda: bool(wizard.previews) and not wizard.busy)
    return wizard


def _finish(qtbot, wizard: ImportWizard) -> None:
    with qtbot.waitSignal(wizard.imported, timeout=10000):
        wizard.button(QWizard.WizardButton.FinishButton).click()


def test_import_end_to_end_with_a_mapping_change(qtbot, window, demo_db, tmp_path):
    path = write_xlsx(tmp_path / "新班.xlsx", {"Sheet1": _roster_rows(STUDENTS)})
    wizard = _wizard_on(qtbot, window, path)
    wizard.file_page.class_combo.setCurrentText(NEW_CLASS)
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    # The detected header row is highlighted in the preview (Excel row 3).
    state = wizard.sheet_state("Sheet1")
    assert state["header_row"] == 3
    assert wizard.preview_model.highlight_row == 2
    assert 1 not in wizard.mapping_model.mapping()  # 编码 not recognised
    wizard.set_column_field(1, "student_no")
    assert wizard.mapping_model.mapping()[1] == "student_no"
    wizard.next()
    assert wizard.currentPage() is wizard.summary_page
    qtbot.waitUntil(lambda: wizard.dry_report is not None)
    summary = wizard.summary_model.row_values(0)
    assert summary[0].startswith(NEW_CLASS) and summary[2] == "3"  # 新增 3
    assert NEW_CLASS not in [c.name for c in list_classes(demo_db)]  # nothing written yet
    _finish(qtbot, wizard)
    stored = {s.name: s.student_no for s in list_students(demo_db, NEW_CLASS)}
    assert stored == {"张小凡": "1", "陆雪琪": "2", "林惊羽": "3"}
    assert window.current_class == NEW_CLASS
    roster = window.hosts["roster"].view
    assert {line.name for line in roster.students.rows()} == set(stored)
    assert {line.student_no for line in roster.students.rows()} == {"1", "2", "3"}


def test_reimport_preview_shows_added_updated_and_left_before_writing(qtbot, window, demo_db,
                                                                      tmp_path):
    first = write_xlsx(tmp_path / "v1.xlsx", {"Sheet1": _roster_rows(STUDENTS)})
    wizard = _wizard_on(qtbot, window, first)
    wizard.file_page.class_combo.setCurrentText(NEW_CLASS)
    wizard.next()
    wizard.set_column_field(1, "student_no")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.dry_report is not None)
    _finish(qtbot, wizard)

    changed = [["张小凡", 1, "男", 13900000001], ["陆雪琪", 2, "女", 13800000002],
               ["碧瑶", 4, "女", 13800000004]]
    second = write_xlsx(tmp_path / "v2.xlsx", {"Sheet1": _roster_rows(changed)})
    wizard = _wizard_on(qtbot, window, second)
    wizard.file_page.class_combo.setCurrentText(NEW_CLASS)
    wizard.next()
    wizard.set_column_field(1, "student_no")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.dry_report is not None)
    report = wizard.dry_report.classes[0]
    assert [n for n in report.added if "碧瑶" in n]
    assert [n for n in report.left if "林惊羽" in n]
    changes = {wizard.changes_model.row_values(r)[1:]
               for r in range(wizard.changes_model.rowCount())}
    assert ("林惊羽", "状态", "在读", "离班") in changes
    assert ("碧瑶", "状态", "—", "新增") in changes
    assert ("张小凡", "家长 妈妈的电话", "138****0001", "139****0001") in changes
    assert not wizard.summary_page.danger.isVisible()  # one of three leaving is normal
    # Dry run: the database still has the first version.
    assert {s.name for s in list_students(demo_db, NEW_CLASS)} == {"张小凡", "陆雪琪", "林惊羽"}
    _finish(qtbot, wizard)
    active = {s.name for s in list_students(demo_db, NEW_CLASS)}
    assert active == {"张小凡", "陆雪琪", "碧瑶"}
    left = {s.name for s in list_students(demo_db, NEW_CLASS, include_left=True)} - active
    assert left == {"林惊羽"}  # history kept


def test_warnings_name_the_sheet_and_row(qtbot, window, tmp_path):
    rows = _roster_rows([*STUDENTS, ["合计:3人", None, None, None], ["???", 9, "男", "abc"]])
    path = write_xlsx(tmp_path / "带提示.xlsx", {"一班": rows})
    wizard = _wizard_on(qtbot, window, path)
    wizard.file_page.class_combo.setCurrentText(NEW_CLASS)
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.dry_report is not None)
    assert wizard.warnings_model.rowCount() >= 1
    sheet, row, _message = wizard.warnings_model.row_values(0)
    assert sheet == "一班" and row.isdigit()


def test_a_long_hint_wraps_onto_several_lines(qtbot, window, tmp_path):
    path = write_xlsx(tmp_path / "长提示.xlsx", {"一班": _roster_rows(STUDENTS)})
    wizard = _wizard_on(qtbot, window, path)
    wizard.file_page.class_combo.setCurrentText(NEW_CLASS)
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.dry_report is not None and not wizard.busy)
    view = wizard.summary_page.warnings_view
    long_hint = "同名学生“张伟”无法按学号区分，已按顺序对应；请核对：" + "第 1 个；" * 30
    wizard.warnings_model.set_rows([("一班", "", "短提示"), ("一班", "", long_hint)])
    assert view.rowHeight(1) >= 2 * view.rowHeight(0)  # wrapped, not cut off
    assert wizard.warnings_model.data(wizard.warnings_model.index(1, 2),
                                      Qt.ItemDataRole.ToolTipRole) == long_hint


def test_bad_file_shows_a_chinese_error_and_changes_nothing(qtbot, window, demo_db, tmp_path):
    before = [(c.name, c.students) for c in list_classes(demo_db)]
    path = tmp_path / "坏文件.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")
    window.import_roster(path)
    box = wait_dialog(qtbot, "errorDialog")
    assert "坏文件.xlsx" in box.text()
    assert "Traceback" not in box.text()
    wizard = wait_dialog(qtbot, "importWizard")
    assert not wizard.file_page.isComplete()
    assert [(c.name, c.students) for c in list_classes(demo_db)] == before


def test_a_file_without_class_information_needs_a_class_name(qtbot, db, app_settings,
                                                            tmp_path):
    from classgroup_desktop.ui.main_window import MainWindow

    win = MainWindow(db, app_settings)  # empty database: no current class to default to
    qtbot.addWidget(win)
    path = write_xlsx(tmp_path / "无班级.xlsx",
                      {"Sheet1": [["姓名", "学号"], ["张小凡", 1], ["陆雪琪", 2]]})
    wizard = _wizard_on(qtbot, win, path)
    assert not wizard.file_page.isComplete()
    assert "班级" in wizard.file_page.status.text()
    wizard.file_page.class_combo.setCurrentText("一年级(1)班")
    assert wizard.file_page.isComplete()
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.dry_report is not None)
    _finish(qtbot, wizard)
    assert win.class_names() == ["一年级(1)班"]
    assert win.stack.currentWidget() is win.hosts["roster"]  # first-run screen left behind


def test_a_partial_list_that_would_empty_the_class_is_flagged(qtbot, window, tmp_path):
    window.select_class("三年级(2)班")
    path = write_xlsx(tmp_path / "部分名单.xlsx",
                      {"Sheet1": [["姓名", "学号"], ["张小凡", 1], ["陆雪琪", 2]]})
    wizard = _wizard_on(qtbot, window, path)
    wizard.file_page.class_combo.setCurrentText("三年级(2)班")
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.dry_report is not None)
    assert wizard.summary_page.danger.isVisibleTo(wizard)
    assert "标记为离班" in wizard.summary_page.danger.text()
