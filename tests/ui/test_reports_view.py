"""月报 view: preview pages inside the window, month/scope choice, PDF/Excel export,
print preview, finalise and the 定稿后更新 note."""

from __future__ import annotations

import os
import stat
from datetime import date, datetime

import pytest
from helpers.report_data import CLASS, MONTH, add_log, build_sample
from openpyxl import load_workbook

from classgroup_desktop.ui.reports.view import SCHOOL, ReportsView, recent_months


@pytest.fixture
def view(qtbot, db):
    build_sample(db)
    v = ReportsView(db)
    qtbot.addWidget(v)
    v.resize(1000, 800)
    v.show()
    v.set_month(MONTH)
    with qtbot.waitSignal(v.preview_ready, timeout=15000):
        v.set_class(CLASS)
    return v


def wait_refresh(qtbot, v, action):
    with qtbot.waitSignal(v.preview_ready, timeout=15000):
        action()


def test_recent_months_newest_first_across_the_year():
    assert recent_months(date(2026, 2, 10), 3) == ["2026-02", "2026-01", "2025-12"]


def test_preview_shows_the_pages_of_the_class_report(view):
    assert view.report.header.class_name == CLASS
    assert len(view.page_images) >= 2
    pages = [view.pages_layout.itemAt(i).widget() for i in range(view.pages_layout.count())]
    assert len(pages) == len(view.page_images)
    assert not pages[0].pixmap().isNull()
    assert "共" in view.state_label.text()
    assert view.pdf_button.isEnabled() and view.finalise_button.isEnabled()


def test_choosing_the_school_summary(qtbot, view):
    wait_refresh(qtbot, view, lambda: view.set_scope(SCHOOL))
    assert view.report.rows[0].class_name == CLASS
    assert "全校汇总" in view.state_label.text()


def test_export_pdf_and_excel_in_the_background(qtbot, view, tmp_path):
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    with qtbot.waitSignal(view.status_message, timeout=15000) as blocker:
        view.export_pdf(pdf)
    assert "已保存" in blocker.args[0]
    assert pdf.read_bytes().startswith(b"%PDF")
    with qtbot.waitSignal(view.status_message, timeout=15000):
        view.export_xlsx(xlsx)
    assert "概况" in load_workbook(xlsx).sheetnames


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_export_onto_a_pipe_is_refused_with_a_dialog_and_no_saved_message(qtbot, view, tmp_path):
    from .conftest import wait_dialog

    fifo = tmp_path / "月报.pdf"
    os.mkfifo(fifo)
    messages: list[str] = []
    view.status_message.connect(messages.append)
    view.export_pdf(fifo)
    box = wait_dialog(qtbot, "errorDialog", timeout=15000)
    assert "不是普通文件" in box.text()
    box.close()
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert not any("已保存" in m for m in messages)


def test_print_opens_qt_print_preview(qtbot, view):
    view.print_report()
    dialog = view.print_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert dialog.objectName() == "printPreviewDialog"
    dialog.close()


def test_finalise_then_later_change_shows_the_update_note(qtbot, view, db):
    wait_refresh(qtbot, view, lambda: view.finalise(ask=False))
    assert view.report.finalisation is not None
    assert not view.finalise_button.isEnabled()
    add_log(db, CLASS, "reminder", datetime(2026, 3, 30), member="Lily", rule="入群-2")
    wait_refresh(qtbot, view, view.refresh)
    assert "定稿后有" in view.state_label.text()
    assert view.report.finalisation.updates_since >= 1
