"""Open/save file dialogs that remember the last folder per purpose (the roster file, the
member list, the screenshots, the exports each live in their own folder), in Chinese.

The folder is kept in the window's ``AppSettings`` (found by walking up from the asking
widget: the main window holds it). Qt's own dialog is used, with its texts translated
(``qt_translations``), so every label reads in Chinese on every platform.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from classgroup_desktop.ui.app_settings import AppSettings

ROSTER = "roster"
MEMBERS = "members"
SCREENSHOTS = "screenshots"
EXPORT = "export"
PURPOSES = (ROSTER, MEMBERS, SCREENSHOTS, EXPORT)


def settings_of(widget: QWidget | None) -> AppSettings | None:
    """The ``AppSettings`` of the window ``widget`` is in (None outside a main window)."""
    while widget is not None:
        settings = getattr(widget, "settings", None)
        if isinstance(settings, AppSettings):
            return settings
        widget = widget.parentWidget()
    return None


def last_folder(widget: QWidget | None, purpose: str) -> str:
    settings = settings_of(widget)
    folder = settings.last_folder(purpose) if settings is not None else None
    return folder if folder and Path(folder).is_dir() else ""


def remember(widget: QWidget | None, purpose: str, chosen: str | Path) -> None:
    """Keep the folder of ``chosen`` (a file) as the next start folder for ``purpose``."""
    settings = settings_of(widget)
    if settings is not None and str(chosen):
        settings.set_last_folder(purpose, str(Path(chosen).parent))


def _options() -> QFileDialog.Option:
    # Qt's own dialog: translated by qtbase_zh_CN (a native GTK/portal dialog on a school
    # Linux box may follow the desktop's language instead of the app's).
    return QFileDialog.Option.DontUseNativeDialog if _prefer_qt_dialog() else \
        QFileDialog.Option(0)


def _prefer_qt_dialog() -> bool:
    import sys

    # Windows and macOS: their native dialogs are in the system's (Chinese) language.
    return not sys.platform.startswith(("win", "darwin"))


def open_file(parent: QWidget | None, purpose: str, title: str, filters: str,
              start: str | Path | None = None) -> str:
    """One file to open, or "" if cancelled; its folder is remembered for ``purpose``."""
    name, _ = QFileDialog.getOpenFileName(parent, title, str(start or last_folder(parent, purpose)),
                                          filters, "", _options())
    if name:
        remember(parent, purpose, name)
    return name


def open_files(parent: QWidget | None, purpose: str, title: str, filters: str) -> list[str]:
    names, _ = QFileDialog.getOpenFileNames(parent, title, last_folder(parent, purpose), filters,
                                            "", _options())
    if names:
        remember(parent, purpose, names[0])
    return list(names)


def save_file(parent: QWidget | None, purpose: str, title: str, file_name: str,
              filters: str) -> str:
    """Where to save ``file_name`` (in the folder last used for ``purpose``), or ""."""
    folder = last_folder(parent, purpose)
    start = str(Path(folder) / file_name) if folder else file_name
    name, _ = QFileDialog.getSaveFileName(parent, title, start, filters, "", _options())
    if name:
        remember(parent, purpose, name)
    return name
