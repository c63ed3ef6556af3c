"""Composition root of the desktop app: settings, database, QApplication, main window."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv if argv is None else ["classgroup", *argv])
    label = QLabel("班级群管家")
    label.show()
    return app.exec()
