"""The import wizard's preview of a re-import: every change field by field with losses in red,
a second question before many students are marked left, and the class box defaulting to the
class shown in the main window (issue 12)."""

from __future__ import annotations

import pytest
from helpers.roster_files import SIMPLE_HEADER, simple_rows, write_xlsx
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard

from classgroup_desktop.services.classes import list_classes
from classgroup_desktop.services.roster import import_roster
from classgroup_desktop.services.roster_edit import list_students
from classgroup_desktop.ui.roster.import_models import LOSS_COLOR

from .conftest import dialogs, wait_dialog

CLASS = "三(2)班"


@pytest.fixture
def win(qtbot, db, app_settings):
    from classgroup_desktop.ui.main_window import MainWindow

    window = MainWindow(db, app_settings)
    qtbot.addWidget(window)
    return window


def _seed(db, tmp_path, rows):
    import_roster(db, write_xlsx(tmp_path / "v1.xlsx", {CLASS: [SIMPLE_HEADER, *rows]}))


def _open(qtbot, window, path):
    window.reload_classes(select=CLASS)
    window.import_roster(path)
    wizard = wait_dialog(qtbot, "importWizard")
    qtbot.waitUntil(lambda: bool(wizard.previews) and not wizard.busy)
    return wizard


def _preview(qtbot, wizard):
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.dry_report is not None and not wizard.busy)


def _colour(model, row):
    brush = model.data(model.index(row, 1), Qt.ItemDataRole.ForegroundRole)
    return brush.color().name() if brush is not None else None


def test_preview_lists_every_change_with_losses_in_red(qtbot, win, db, tmp_path):
    first = simple_rows(5)
    first.insert(1, [1, "王小明", "男", "刘梅", "妈妈", 13900000001])
    _seed(db, tmp_path, first)
    second = [list(r) for r in simple_rows(4)]  # 孙悟空 is no longer in the file
    second[0][3:] = ["赵大海", "爸爸", 13700000001]  # 王小明's 爸爸 is someone else
    second[1][1] = "李晓红"  # a corrected spelling under the same 学号
    # The file names the class 三年级(2)班: the same class as the stored 三(2)班.
    path = write_xlsx(tmp_path / "v2.xlsx", {"三年级(2)班": [SIMPLE_HEADER, *second]})
    wizard = _open(qtbot, win, path)
    assert wizard.file_page.class_combo.currentText() == CLASS  # the main window's class
    assert "“三年级(2)班”就是班级“三(2)班”" in wizard.file_page.status.text()
    _preview(qtbot, wizard)

    model = wizard.changes_model
    rows = {model.row_values(r)[1:]: _colour(model, r) for r in range(model.rowCount())}
    assert rows == {
        ("孙悟空", "状态", "在读", "离班"): LOSS_COLOR,
        ("王小明", "家长", "爸爸 王爸爸 138****0001", "（删除）"): LOSS_COLOR,
        ("王小明", "家长", "—", "爸爸 赵大海 137****0001"): None,
        ("李晓红", "姓名", "李小红", "李晓红"): None,
    }
    assert not wizard.summary_page.changes_view.isColumnHidden(1)
    assert "红色" in wizard.summary_page.status.text()
    assert not wizard.summary_page.danger.isVisibleTo(wizard)  # one of five leaving is normal

    with qtbot.waitSignal(wizard.imported, timeout=10000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert not dialogs("confirmLeftDialog")
    assert [(c.name, c.students) for c in list_classes(db)] == [(CLASS, 4)]
    mum = [g for g in list_students(db, CLASS)[0].guardians if g.relation == "妈妈"]
    assert [g.name for g in mum] == ["刘梅"]  # the file did not name the mother: kept


def test_mass_leave_is_red_and_import_asks_once_more(qtbot, win, db, tmp_path):
    _seed(db, tmp_path, simple_rows(10))
    path = write_xlsx(tmp_path / "cut.xlsx", {CLASS: [SIMPLE_HEADER, *simple_rows(4)]})
    wizard = _open(qtbot, win, path)
    _preview(qtbot, wizard)
    assert wizard.summary_page.danger.isVisibleTo(wizard)
    assert "6 人被标记为离班" in wizard.summary_page.danger.text()
    model = wizard.changes_model
    left = [r for r in range(model.rowCount()) if model.row_values(r)[4] == "离班"]
    assert len(left) == 6 and all(_colour(model, r) == LOSS_COLOR for r in left)
    assert wizard.summary_model.loss_rows == {0}

    finish = wizard.button(QWizard.WizardButton.FinishButton)
    finish.click()
    box = wait_dialog(qtbot, "confirmLeftDialog")
    assert sorted(b.text() for b in box.buttons()) == sorted(["仍然导入", "取消"])
    assert "6 人" in box.text()
    cancel = next(b for b in box.buttons() if b.text() == "取消")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialogs("confirmLeftDialog"))
    assert len(list_students(db, CLASS)) == 10  # nothing written

    finish.click()
    box = wait_dialog(qtbot, "confirmLeftDialog")
    yes = next(b for b in box.buttons() if b.text() == "仍然导入")
    assert box.buttonRole(yes) == QMessageBox.ButtonRole.DestructiveRole
    with qtbot.waitSignal(wizard.imported, timeout=10000):
        qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    assert len(list_students(db, CLASS)) == 4


def test_class_box_leaves_the_main_window_class_for_a_file_of_another_class(qtbot, win, db,
                                                                            tmp_path):
    _seed(db, tmp_path, simple_rows(3))
    path = write_xlsx(tmp_path / "四1.xlsx", {"四(1)班": [SIMPLE_HEADER, *simple_rows(3)]})
    wizard = _open(qtbot, win, path)
    assert wizard.file_page.class_combo.currentText() == ""
    assert "四(1)班" in wizard.file_page.status.text()
