"""导出给学校 in 月报, and the supervisor's 全校汇总: packages dropped or imported, 上报处理."""

from __future__ import annotations

import zipfile
from datetime import datetime

import pytest
from helpers.report_data import CLASS, MONTH, build_sample, set_school
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from classgroup_desktop.services.report_package import export_package
from classgroup_desktop.services.school import list_escalations
from classgroup_desktop.store.db import open_database
from classgroup_desktop.ui.main_window import MainWindow
from classgroup_desktop.ui.reports.view import SCHOOL, ReportsView


@pytest.fixture
def package(tmp_path):
    tdb = open_database(tmp_path / "teacher.sqlite3")
    build_sample(tdb, students=12)
    path = tmp_path / "三年级二班.cgpkg"
    export_package(tdb, CLASS, MONTH, path, finalise=True, now=datetime(2026, 4, 2, 9, 0))
    tdb.dispose()
    return path


def make_view(qtbot, db, scope: str | None = None) -> ReportsView:
    v = ReportsView(db)
    qtbot.addWidget(v)
    v.resize(1000, 700)
    v.show()
    v.set_month(MONTH)
    with qtbot.waitSignal(v.preview_ready, timeout=15000):
        if scope == SCHOOL:
            v.set_scope(SCHOOL)
            v.refresh()
        else:
            v.set_class(CLASS)
    return v


def test_export_to_school_asks_to_finalise_first_then_writes_the_package(
    qtbot, db, tmp_path, monkeypatch
):
    build_sample(db, students=12)
    view = make_view(qtbot, db)
    assert view.package_button.isVisible() and view.package_button.isEnabled()
    assert not view.import_button.isVisible()
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.No)
    target = tmp_path / "out.cgpkg"
    view.export_package(target, with_evidence=False)
    assert asked and not target.exists()  # declined: nothing finalised, nothing written
    assert view.report.finalisation is None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(view.packages.exported, timeout=15000):
        view.export_package(target, with_evidence=False)
    with zipfile.ZipFile(target) as zf:
        assert "report.pdf" in zf.namelist()
    qtbot.waitUntil(lambda: view.report.finalisation is not None, timeout=15000)


def test_dropping_packages_on_the_school_summary_imports_and_shows_them(
    qtbot, tmp_path, package
):
    db = open_database(tmp_path / "school.sqlite3")
    set_school(db, teacher="张主任")
    view = make_view(qtbot, db, SCHOOL)
    assert view.import_button.isVisible() and not view.package_button.isVisible()
    assert view.report.rows == ()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(package))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(view.preview_ready, timeout=15000):
        view.dropEvent(event)
    assert [r.class_name for r in view.report.rows] == [CLASS]
    assert "已交月报包 1 个班" in view.state_label.text()
    assert "上报待处置 1 件" in view.state_label.text()
    box = view.packages.last_message
    assert box is not None and "已导入" in box.informativeText()
    box.close()
    db.dispose()


def test_an_altered_package_is_refused_in_the_window_naming_the_file(qtbot, tmp_path, package):
    db = open_database(tmp_path / "school.sqlite3")
    view = make_view(qtbot, db, SCHOOL)
    edited = tmp_path / "改过.cgpkg"
    with zipfile.ZipFile(package) as zin, zipfile.ZipFile(edited, "w") as zout:
        for name in zin.namelist():
            body = zin.read(name)
            zout.writestr(name, body + b" " if name == "report.json" else body)
    with qtbot.waitSignal(view.packages.imported, timeout=15000):
        view.import_packages([str(edited)])
    box = view.packages.last_message
    assert box.icon() == QMessageBox.Icon.Warning
    assert "改过.cgpkg" in box.informativeText() and "report.json" in box.informativeText()
    box.close()
    db.dispose()


def test_escalations_dialog_records_a_disposition_and_the_summary_follows(
    qtbot, tmp_path, package
):
    db = open_database(tmp_path / "school.sqlite3")
    view = make_view(qtbot, db, SCHOOL)
    with qtbot.waitSignal(view.preview_ready, timeout=15000):
        view.import_packages([str(package)], show=False)
    dialog = view.open_escalations()
    assert dialog.model.rowCount() == 1 and "待处置 1 件" in dialog.summary.text()
    with qtbot.waitSignal(view.preview_ready, timeout=15000):
        assert dialog.record_disposition({
            "action": "约谈家长", "handled_by": "张主任", "handled_at": "2026-04-03",
            "reported_upward": False})
    assert "待处置 0 件" in dialog.summary.text()
    assert view.report.handin.open_escalations == 0
    [esc] = list_escalations(db)
    assert esc.handled and "未上报上级" in esc.disposition
    dialog.close()
    db.dispose()


def test_a_database_with_only_packages_opens_the_school_summary_not_the_first_run(
    qtbot, tmp_path, package, app_settings
):
    db = open_database(tmp_path / "school.sqlite3")
    win = MainWindow(db, app_settings)
    qtbot.addWidget(win)
    win.show()
    assert win.stack.currentWidget() is win.first_run
    win.open_files([package])
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.hosts["reports"], timeout=15000)
    view = win.hosts["reports"].view
    qtbot.waitUntil(lambda: view.report is not None and len(view.report.rows) == 1,
                    timeout=15000)
    assert view.scope == SCHOOL
    view.packages.last_message.close()
    db.dispose()


def test_export_asks_whether_to_include_the_evidence_images(qtbot, db, tmp_path):
    from helpers.report_data import add_log
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QCheckBox

    build_sample(db, students=8)
    add_log(db, CLASS, "escalation", datetime(2026, 3, 28, 9, 0), rule="监管-3",
            note="转发不实信息", evidence=[("截图.png", b"\x89PNG fake evidence")])
    view = make_view(qtbot, db)
    from classgroup_desktop.services.report import finalise_report

    finalise_report(db, CLASS, MONTH)
    with qtbot.waitSignal(view.preview_ready, timeout=15000):
        view.refresh()
    seen = []

    def tick() -> None:
        box = next(w for w in QApplication.topLevelWidgets()
                   if w.objectName() == "evidenceChoiceDialog" and w.isVisible())
        seen.append(box.text())
        box.findChild(QCheckBox, "withEvidenceCheck").setChecked(True)
        box.button(QMessageBox.StandardButton.Ok).click()

    QTimer.singleShot(100, tick)
    target = tmp_path / "with.cgpkg"
    with qtbot.waitSignal(view.packages.exported, timeout=15000):
        view.export_package(target)
    assert seen and "证据" in seen[0]
    with zipfile.ZipFile(target) as zf:
        assert [n for n in zf.namelist() if n.startswith("evidence/")]
