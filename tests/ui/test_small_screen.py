"""Every view and dialog fits a 1024×700 screen (school PCs, projectors): no push button is
cut off — each lies inside its visible parent, and inside the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QPushButton, QWidget

from classgroup_desktop import app as app_module

SMALL = (1024, 700)


def clipped_buttons(top: QWidget) -> list[str]:
    """Visible buttons not wholly inside each visible ancestor up to ``top`` (or squeezed
    below the width their text needs)."""
    out = []
    for button in top.findChildren(QAbstractButton):
        if not button.isVisibleTo(top) or not isinstance(button, QPushButton):
            continue
        rect = QRect(button.mapTo(top, QPoint(0, 0)), button.size())
        widget: QWidget | None = button.parentWidget()
        inside = True
        while widget is not None:
            area = QRect(widget.mapTo(top, QPoint(0, 0)) if widget is not top else QPoint(0, 0),
                         widget.size())
            if not area.contains(rect):
                inside = False
                break
            if widget is top:
                break
            widget = widget.parentWidget()
        squeezed = button.width() < button.minimumSizeHint().width()
        if not inside or squeezed:
            out.append(f"{button.text() or button.objectName()} {rect.getRect()}")
    return out


@pytest.fixture
def small_window(qtbot, window):
    window.resize(*SMALL)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == SMALL)
    return window


@pytest.mark.parametrize("key", ["roster", "check", "chat", "log", "reports", "settings"])
def test_every_view_fits_1024x700(qtbot, small_window, demo_db, key):
    small_window.show_view(key)
    if key == "check":
        app_module.demo_check(small_window, demo_db)
    if key == "chat":
        app_module.demo_chat(small_window)
    if key == "reports":
        view = small_window.hosts[key].view
        qtbot.waitUntil(lambda: view.report is not None, timeout=15000)
    qtbot.wait(20)
    assert (small_window.width(), small_window.height()) == SMALL
    assert clipped_buttons(small_window) == []


def _open_dialogs(window) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets()
            if w.isVisible() and w is not window and w.objectName()]


@pytest.mark.parametrize("opener", [
    "import_roster", "show_guide", "show_about", "check_diff", "check_confirm", "log_entry",
    "print_report", "chat_words",
])
def test_every_dialog_fits_1024x700(qtbot, small_window, demo_db, opener, monkeypatch):
    screen = small_window.screen()
    monkeypatch.setattr(type(screen), "availableGeometry", lambda _self: QRect(0, 0, *SMALL))
    if opener == "check_diff":
        app_module.demo_check(small_window, demo_db)
        small_window.view("check").compare_with_previous()
    elif opener == "check_confirm":
        app_module.demo_check(small_window, demo_db)
        small_window.view("check").actions.confirm_identity()
    elif opener == "log_entry":
        small_window.show_view("log").add_entry()
    elif opener == "chat_words":
        small_window.show_view("chat").edit_words()
    elif opener == "print_report":
        view = small_window.show_view("reports")
        qtbot.waitUntil(lambda: view.report is not None, timeout=15000)
        view.print_report()
    else:
        getattr(small_window, opener)()
    qtbot.waitUntil(lambda: bool(_open_dialogs(small_window)))
    for dialog in _open_dialogs(small_window):
        qtbot.wait(20)
        assert dialog.width() <= SMALL[0] and dialog.height() <= SMALL[1], dialog.objectName()
        assert clipped_buttons(dialog) == [], dialog.objectName()
        dialog.close()


@pytest.mark.parametrize("key, column", [("roster", 3), ("log", 5)])
def test_narrow_window_keeps_table_text_readable(qtbot, small_window, key, column):
    """花名册's phones and 事件记录's 情况说明 were cut to “…” at 1024×700: the side panel
    goes under the table and the column shows a typical row in full."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableView

    from classgroup_desktop.ui.responsive import ResponsiveSplitter

    view = small_window.show_view(key)
    qtbot.wait(20)
    splitter = view.findChild(ResponsiveSplitter)
    assert splitter.orientation() == Qt.Orientation.Vertical
    table = next(t for t in view.findChildren(QTableView) if t.isVisible()
                 and t.model().columnCount() > column)
    model = table.model()
    texts = sorted((str(model.index(r, column).data() or "") for r in range(model.rowCount())),
                   key=len)
    typical = texts[len(texts) // 2]
    assert table.fontMetrics().horizontalAdvance(typical) < table.columnWidth(column)
    small_window.resize(1280, 800)
    qtbot.waitUntil(lambda: splitter.orientation() == Qt.Orientation.Horizontal)


def test_check_table_needs_no_horizontal_scrolling_at_1024x700(qtbot, small_window, demo_db):
    """The demo check (same-name suggestions, flag badges) used to push 说明 off the right edge:
    the content-sized columns now give up width so 说明 keeps a readable share."""
    small_window.show_view("check")
    app_module.demo_check(small_window, demo_db)
    view = small_window.hosts["check"].view
    qtbot.wait(50)
    table = view.table
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width() + 1
    assert not table.horizontalScrollBar().isVisible()
    assert table.columnWidth(view.model.COL_REASON) >= 60  # a few characters, full text below
