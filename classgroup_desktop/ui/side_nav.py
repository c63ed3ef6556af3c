"""The side navigation: one item per view, reachable by Tab like any other control.

The list keeps keyboard focus visible with its own ring (a frame around the list when it has
focus) instead of Qt's dotted item rectangle, which looked like a rename editor."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from classgroup_desktop.ui.common import nav_icon

STYLE = (
    # outline: 0 drops the item focus rectangle; the list's own border shows focus instead.
    "#sideNav { border: 2px solid transparent; border-right: 1px solid palette(mid);"
    " outline: 0; background: palette(alternate-base); padding-top: 8px; }"
    "#sideNav:focus { border: 2px solid palette(highlight); border-radius: 4px; }"
    "#sideNav::item { padding: 10px 8px; }"
    "#sideNav::item:selected { background: palette(highlight);"
    " color: palette(highlighted-text); border-radius: 4px; }"
)


class SideNav(QListWidget):
    """Items for ``(title, icon name)`` pairs; the row is the view's index."""

    def __init__(self, items: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sideNav")
        self.setIconSize(QSize(22, 22))
        self.setFixedWidth(150)
        self.setSpacing(2)
        # By name: the Qt namespace's enums load after the window is shown (see pages.centered).
        self.setProperty("focusPolicy", "StrongFocus")
        self.setTabKeyNavigation(False)
        self.setStyleSheet(STYLE)
        for index, (title, icon_name) in enumerate(items):
            item = QListWidgetItem(nav_icon(icon_name), title)
            item.setToolTip(self.tr("{title}（Ctrl+{n}）").format(title=title, n=index + 1))
            self.addItem(item)
