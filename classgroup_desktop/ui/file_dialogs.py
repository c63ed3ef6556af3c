"""Open/save file dialogs that remember the last folder per purpose (the roster file, the
member list, the screenshots, the exports each live in their own folder), in Chinese.

The folder is kept in the window's ``AppSettings`` (found by walking up from the asking
widget: the main window holds it). On Linux Qt's own dialog is used, its labels set in
Chinese here; Windows and macOS show their native dialog in the system's language.
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


LABELS = {  # Qt's own file dialog: the labels its Chinese catalogue misses on some builds
    "LookIn": "查找范围：",
    "FileName": "文件名：",
    "FileType": "文件类型：",
}


def make_dialog(parent: QWidget | None, title: str, folder: str, filters: str, *,
                save: bool = False, many: bool = False) -> QFileDialog:
    """Qt's file dialog with every label in Chinese (``Look in:`` and ``Files of type:`` stay
    English even with qtbase_zh_CN loaded), starting in ``folder``."""
    dialog = QFileDialog(parent, title, folder, filters)
    dialog.setObjectName("fileDialog")
    # Qt's own dialog on Linux too (a GTK/portal dialog follows the desktop's language, not
    # the app's); Windows and macOS get their native, system-language dialogs.
    if _prefer_qt_dialog():
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles if many
                           else QFileDialog.FileMode.ExistingFile)
    for name, text in LABELS.items():
        dialog.setLabelText(getattr(QFileDialog.DialogLabel, name), dialog.tr(text))
    dialog.setLabelText(QFileDialog.DialogLabel.Accept,
                        dialog.tr("保存") if save else dialog.tr("打开"))
    dialog.setLabelText(QFileDialog.DialogLabel.Reject, dialog.tr("取消"))
    return dialog


def _prefer_qt_dialog() -> bool:
    import sys

    return not sys.platform.startswith(("win", "darwin"))


def _run(dialog: QFileDialog) -> list[str]:
    return list(dialog.selectedFiles()) if dialog.exec() else []


def open_file(parent: QWidget | None, purpose: str, title: str, filters: str,
              start: str | Path | None = None) -> str:
    """One file to open, or "" if cancelled; its folder is remembered for ``purpose``."""
    names = _run(make_dialog(parent, title, str(start or last_folder(parent, purpose)), filters))
    if names:
        remember(parent, purpose, names[0])
    return names[0] if names else ""


def open_files(parent: QWidget | None, purpose: str, title: str, filters: str) -> list[str]:
    names = _run(make_dialog(parent, title, last_folder(parent, purpose), filters, many=True))
    if names:
        remember(parent, purpose, names[0])
    return names


def save_file(parent: QWidget | None, purpose: str, title: str, file_name: str,
              filters: str) -> str:
    """Where to save ``file_name`` (in the folder last used for ``purpose``), or ""."""
    folder = last_folder(parent, purpose)
    dialog = make_dialog(parent, title, folder, filters, save=True)
    dialog.selectFile(str(Path(folder) / file_name) if folder else file_name)
    names = _run(dialog)
    if names:
        remember(parent, purpose, names[0])
    return names[0] if names else ""
