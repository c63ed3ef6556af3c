"""The last line of defence: unexpected exceptions are logged with their traceback and shown
politely, never as a raw traceback.

``UserError`` subclasses never reach here in normal flows (views catch them and call
``show_error``); if one does, it is shown as the plain message it carries.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from classgroup_desktop.core.errors import UserError

LOGGER_NAME = "classgroup_desktop.crash"
LOG_FILE_NAME = "classgroup.log"
MAX_BYTES = 512 * 1024
BACKUP_COUNT = 5


def _tr(text: str) -> str:
    return QCoreApplication.translate("CrashHandler", text)


def log_dir() -> Path:
    from classgroup_desktop.services.data_folder import app_data_dir

    path = app_data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


class CrashHandler:
    """A ``sys.excepthook`` that writes the traceback to a rotating log and shows a dialog."""

    def __init__(self, directory: Path | None = None, *, show_dialog: bool = True) -> None:
        # The log file is opened on the first error only: installing the hook costs nothing
        # at start-up, and a read-only data folder cannot stop the app from starting.
        self._directory = directory
        self.show_dialog = show_dialog
        self._previous = sys.excepthook
        self._showing = False

    @property
    def log_path(self) -> Path:
        return (self._directory or log_dir()) / LOG_FILE_NAME

    def _logger(self):
        import logging
        import logging.handlers

        logger = logging.getLogger(LOGGER_NAME)
        logger.setLevel(logging.INFO)
        logger.propagate = False
        path = str(self.log_path)
        if not any(getattr(h, "baseFilename", None) == path for h in logger.handlers):
            handler = logging.handlers.RotatingFileHandler(
                path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
            logger.addHandler(handler)
        return logger

    def install(self) -> None:
        sys.excepthook = self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous

    def __call__(self, exc_type: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous(exc_type, exc, tb)
            return
        if isinstance(exc, UserError):
            self._show(exc.full_message, detail=None)
            return
        import traceback

        text = "".join(traceback.format_exception(exc_type, exc, tb))
        try:
            self._logger().error("Unexpected error\n%s", text)
        except OSError:
            pass  # the disk may be full; the dialog below still tells the user something
        self._show(
            _tr("程序遇到了一个意外问题，刚才的操作可能没有完成。\n"
                "您的数据已保存，不会因此丢失；可以继续使用，或关闭后重新打开本软件。"),
            detail=_tr("问题的详细记录已写入：\n{path}\n如需帮助，请把这个文件发给技术支持人员。")
            .format(path=self.log_path),
        )

    def _show(self, message: str, detail: str | None) -> None:
        if not self.show_dialog or QApplication.instance() is None or self._showing:
            return
        # Imported here: the handler is installed at start-up, the dialog is rarely needed.
        from PySide6.QtWidgets import QMessageBox

        # One dialog at a time: an error inside a paint event would otherwise stack dialogs.
        self._showing = True
        try:
            box = QMessageBox(QApplication.activeWindow())
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(_tr("班级群管家"))
            box.setText(message)
            if detail:
                box.setInformativeText(detail)
            box.exec()
        finally:
            self._showing = False
