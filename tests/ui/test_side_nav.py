"""Side navigation: the selected item's icon is drawn white (readable on the highlight) and
the list draws no focus rectangle (it looked like a rename editor)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon

from classgroup_desktop.ui.common import nav_icon


def _stroke_colours(icon: QIcon, mode: QIcon.Mode) -> set[str]:
    image = icon.pixmap(22, 22, mode).toImage()
    colours = set()
    for y in range(image.height()):
        for x in range(image.width()):
            c = QColor(image.pixelColor(x, y))
            if c.alpha() == 255:
                colours.add(c.name())
    return colours


def test_selected_nav_icon_is_white_and_normal_stays_blue(qapp):
    icon = nav_icon("roster")
    assert _stroke_colours(icon, QIcon.Mode.Selected) == {"#ffffff"}
    assert _stroke_colours(icon, QIcon.Mode.Normal) == {"#2f5d8a"}


def test_nav_has_no_focus_outline(window):
    assert "outline: 0" in window.nav.styleSheet()
