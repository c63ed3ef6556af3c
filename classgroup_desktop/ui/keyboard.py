"""Keyboard use without a mouse: Tab moves between controls, arrows move inside a table.

Qt's item views take Tab for themselves (``tabKeyNavigation``): Tab into the roster walked its
42×5 cells and never left. One application-wide filter turns that off for every table, list
and tree as it is polished — the views of every page and dialog, present and future — instead
of each view remembering to.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView


class TabLeavesItemViews(QObject):
    """Event filter: each item view, when first polished, gives Tab back to the window."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Polish and isinstance(watched, QAbstractItemView):
            watched.setTabKeyNavigation(False)
        return False


def install_keyboard_fixes(app: QCoreApplication) -> TabLeavesItemViews:
    """Install the filter on ``app`` (kept alive as its child); returns it."""
    existing = app.findChild(TabLeavesItemViews)
    if existing is not None:
        return existing
    fix = TabLeavesItemViews(app)
    app.installEventFilter(fix)
    return fix
