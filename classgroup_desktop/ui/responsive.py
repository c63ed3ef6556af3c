"""A splitter that puts its side panel under the main table when the window is narrow
(1024×768 school PCs, projectors), so the table keeps the width its columns need."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QWidget

NARROW = 1000  # below this width (px) the side panel goes under the table


class ResponsiveSplitter(QSplitter):
    """Side by side when wide, stacked when narrower than ``breakpoint``; ``wide_sizes`` and
    ``narrow_sizes`` are the shares set at each switch. ``on_orientation`` lets the side
    panel rearrange itself (its boxes side by side when it sits underneath)."""

    def __init__(self, wide_sizes: list[int], narrow_sizes: list[int], *,
                 breakpoint: int = NARROW,
                 on_orientation: Callable[[Qt.Orientation], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.wide_sizes = wide_sizes
        self.narrow_sizes = narrow_sizes
        self.breakpoint = breakpoint
        self.on_orientation = on_orientation
        self.setChildrenCollapsible(False)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        wanted = (Qt.Orientation.Vertical if event.size().width() < self.breakpoint
                  else Qt.Orientation.Horizontal)
        if wanted != self.orientation():
            self.setOrientation(wanted)
            if self.on_orientation is not None:
                self.on_orientation(wanted)
            super().resizeEvent(event)
            self.setSizes(self.narrow_sizes if wanted == Qt.Orientation.Vertical
                          else self.wide_sizes)
            return
        super().resizeEvent(event)
