"""文件 → 备份与恢复…: the list, 立即备份, and 恢复到此备份 asking once with the date."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from classgroup_desktop.core.db_errors import short_time
from classgroup_desktop.services.backup import backup_now, list_backups
from classgroup_desktop.services.classes import create_class, list_classes
from classgroup_desktop.ui.backup.dialog import BackupDialog
from classgroup_desktop.ui.main_window import MainWindow


def test_menu_opens_dialog_listing_backups_with_what_they_hold(qtbot, db, tmp_path):
    create_class(db, "一班")
    backup_now(db)
    window = MainWindow(db, None)
    qtbot.addWidget(window)
    file_menu = window.menuBar().actions()[0].menu()
    assert "备份与恢复…" in [a.text() for a in file_menu.actions()]
    dialog = window.show_backups()
    assert isinstance(dialog, BackupDialog)
    model = dialog.model
    assert model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[2:] == ["1", "0", "手动"]


def test_backup_now_adds_a_row(qtbot, db):
    create_class(db, "一班")
    dialog = BackupDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0
    dialog.backup_button.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)


def test_restore_asks_once_with_the_date_then_restores(qtbot, db):
    create_class(db, "一班")
    first = backup_now(db)
    create_class(db, "二班")
    dialog = BackupDialog(db)
    qtbot.addWidget(dialog)
    restored = []
    dialog.restored.connect(lambda: restored.append(True))
    dialog.table.selectRow(0)
    dialog.restore_selected()
    box = dialog.findChild(QMessageBox, "restoreQuestion")
    assert short_time(first.taken_at) in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: restored == [True], timeout=5000)
    assert [c.name for c in list_classes(db)] == ["一班"]
    assert {b.reason for b in list_backups(db)} == {"manual", "restore"}


def test_damage_found_while_working_names_the_backup_and_the_menu(db):
    from classgroup_desktop.core.db_errors import CorruptDatabaseError
    from classgroup_desktop.ui.common import error_text

    create_class(db, "一班")
    good = backup_now(db)
    text = error_text(CorruptDatabaseError(str(db.path)))
    assert short_time(good.taken_at) in text and "文件 → 备份与恢复" in text
