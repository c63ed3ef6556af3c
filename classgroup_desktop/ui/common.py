"""Small pieces every view shares: the Chinese error dialog and running work off the GUI thread.

The main window imports this module while it is built, before it is shown, so nothing here
touches the ``Qt`` namespace at import: PySide6 creates its ~90 Python enum classes (≈25 ms)
on first use. Functions that need it import it when called; the table model base class that
needs it at class definition lives in ``table_model``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from classgroup_desktop.bundled import RESOURCES_DIR
from classgroup_desktop.core.errors import UserError, os_error_text

if TYPE_CHECKING:  # imported where used: each PySide class loads its enums on first touch
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

ERROR_DIALOG_NAME = "errorDialog"
PROGRESS_DELAY_MS = 300
ICON_DIR = RESOURCES_DIR / "icons"
ICON_STROKE = "#2f5d8a"  # the line colour of every resources/icons SVG


def _tr(text: str) -> str:
    return QCoreApplication.translate("common", text)


@cache
def icon(name: str) -> QIcon:
    """The toolbar/menu icon ``name`` (resources/icons/<name>.svg), or a style icon."""
    path = ICON_DIR / f"{name}.svg"
    if path.exists():
        return QIcon(str(path))
    # A trimmed install without the SVGs: the platform style's generic icons.
    from PySide6.QtWidgets import QStyle

    fallback = {"open": QStyle.StandardPixmap.SP_DialogOpenButton,
                "save": QStyle.StandardPixmap.SP_DialogSaveButton,
                "help": QStyle.StandardPixmap.SP_DialogHelpButton}
    return QApplication.style().standardIcon(
        fallback.get(name, QStyle.StandardPixmap.SP_FileIcon))


def nav_icon(name: str, sizes: tuple[int, ...] = (22, 44)) -> QIcon:
    """``icon(name)`` plus a white drawing for the selected mode: the icons' dark-blue
    strokes were unreadable on the side navigation's highlight."""
    base = icon(name)
    path = ICON_DIR / f"{name}.svg"
    if not path.exists():
        return base
    svg = path.read_text(encoding="utf-8").replace(ICON_STROKE, "#ffffff")
    for size in sizes:
        # The SVG's own width/height set the rendered size; the viewBox keeps it crisp.
        sized = svg.replace('width="24" height="24"', f'width="{size}" height="{size}"', 1)
        pixmap = QPixmap()
        if pixmap.loadFromData(sized.encode("utf-8"), "SVG"):
            base.addPixmap(pixmap, QIcon.Mode.Selected)
    return base


def ok_cancel_buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """OK (labelled ``ok_text``) and 取消, wired to the dialog's accept/reject."""
    from PySide6.QtWidgets import QDialogButtonBox

    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_tr("取消"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def error_text(exc_or_message: BaseException | str) -> str:
    """The Chinese text to show for an error a user can act on."""
    if isinstance(exc_or_message, str):
        return exc_or_message
    if isinstance(exc_or_message, UserError):
        from classgroup_desktop.core.db_errors import CorruptDatabaseError

        if isinstance(exc_or_message, CorruptDatabaseError):
            # Found while working (not at start): name the newest good backup and where to
            # restore it from.
            from classgroup_desktop.services.backup import offer_backup

            offered = offer_backup(exc_or_message, command_hint=False)
            return offered.full_message + _tr("请用“文件 → 备份与恢复…”恢复。")
        return exc_or_message.full_message
    if isinstance(exc_or_message, PermissionError):
        return _tr("没有权限访问“{name}”。"
                   "请关闭正在使用它的程序（如 Excel），或换一个位置后重试。").format(
            name=exc_or_message.filename or "")
    if isinstance(exc_or_message, FileNotFoundError):
        return _tr("找不到文件“{name}”。它可能已被移动或删除，请重新选择。").format(
            name=exc_or_message.filename or "")
    if isinstance(exc_or_message, OSError):
        return _tr("读写文件“{name}”时出错（{why}）。请检查文件和磁盘后重试。").format(
            name=exc_or_message.filename or "", why=os_error_text(exc_or_message))
    return _tr("操作没有完成：出现了意外问题。请重试；如果问题反复出现，请联系技术支持。")


def show_error(parent: QWidget | None, exc_or_message: BaseException | str,
               title: str | None = None) -> QMessageBox:
    """Show a (window-modal, non-blocking) dialog in plain Chinese; returns the dialog.

    A ``UserError`` shows its own message; an unexpected exception is also handed to the crash
    handler (``sys.excepthook``) so its traceback lands in the log file — the user never sees it.
    """
    if isinstance(exc_or_message, BaseException) and not isinstance(
        exc_or_message, UserError | OSError
    ):
        sys.excepthook(type(exc_or_message), exc_or_message, exc_or_message.__traceback__)
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setObjectName(ERROR_DIALOG_NAME)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or _tr("无法完成操作"))
    box.setText(error_text(exc_or_message))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def show_info(parent: QWidget | None, message: str, title: str | None = None) -> QMessageBox:
    """A non-blocking information dialog."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title or _tr("班级群管家"))
    box.setText(message)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Worker(QRunnable):
    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...],
                 kwargs: dict[str, Any], signals: _Signals) -> None:
        super().__init__()
        self.fn, self.args, self.kwargs, self.signals = fn, args, kwargs, signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread as is
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class BackgroundTask(QObject):
    """One piece of work on the thread pool; ``finished`` fires on the GUI thread at the end."""

    finished = Signal()

    def __init__(self, parent: QWidget | None, label: str) -> None:
        super().__init__(parent)
        self.running = True
        self.result: Any = None
        self.error: BaseException | None = None
        self._label = label
        self._parent_widget = parent
        self._progress: QProgressDialog | None = None

    def _maybe_show_progress(self) -> None:
        if not self.running or not shiboken6.isValid(self):
            return
        from PySide6.QtCore import Qt

        dialog = QProgressDialog(self._label, "", 0, 0, self._parent_widget)
        dialog.setObjectName("progressDialog")
        dialog.setWindowTitle(_tr("请稍候"))
        dialog.setCancelButton(None)  # the work cannot be interrupted half-way (one transaction)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.show()
        self._progress = dialog

    def _close_progress(self) -> None:
        self.running = False
        if self._progress is not None:
            self._progress.reset()
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None


_tasks: set[BackgroundTask] = set()


def busy() -> bool:
    """Whether any ``run_in_background`` work is still running."""
    return bool(_tasks)


def run_in_background(parent: QWidget | None, fn: Callable[..., Any], *args: Any,
                      on_done: Callable[[Any], None] | None = None,
                      on_error: Callable[[BaseException], None] | None = None,
                      label: str | None = None, progress: bool = True,
                      **kwargs: Any) -> BackgroundTask:
    """Run ``fn(*args, **kwargs)`` on ``QThreadPool``; the GUI stays responsive.

    ``on_done(result)`` / ``on_error(exc)`` are called on the GUI thread. A progress dialog
    appears only if the work takes longer than 0.3 s. Without ``on_error`` the error is shown
    with ``show_error``. ``progress=False`` never shows the dialog (the caller shows its own
    waiting state).
    """
    from PySide6.QtCore import Qt

    task = BackgroundTask(parent, label or _tr("正在处理，请稍候…"))
    signals = _Signals()
    _tasks.add(task)

    def finish() -> bool:
        """Tidy up; False when the widget that asked is gone (its result is dropped)."""
        _tasks.discard(task)
        signals.deleteLater()
        if not shiboken6.isValid(task):
            return False  # the window closed while the work ran: nobody to tell
        task._close_progress()
        task.finished.emit()
        return True

    def done(result: Any) -> None:
        if not finish():
            return
        task.result = result
        if on_done is not None:
            on_done(result)

    def failed(exc: BaseException) -> None:
        if not finish():
            return
        task.error = exc
        if on_error is not None:
            on_error(exc)
        else:
            show_error(parent, exc)

    signals.done.connect(done, Qt.ConnectionType.QueuedConnection)
    signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
    if progress:
        QTimer.singleShot(PROGRESS_DELAY_MS, task._maybe_show_progress)
    QThreadPool.globalInstance().start(_Worker(fn, args, kwargs, signals))
    return task


SCREEN_MARGIN = 40  # room left for the window frame and the taskbar


def available_size(widget: QWidget | None = None) -> tuple[int, int]:
    """Width and height a window may take on the screen of ``widget`` (its parent window's
    screen, else the primary one), less a margin for the frame and the taskbar."""
    from PySide6.QtGui import QGuiApplication

    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window() if parent is not None else widget).screen()
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        return 1024, 700
    rect = screen.availableGeometry()
    return max(rect.width() - SCREEN_MARGIN, 320), max(rect.height() - SCREEN_MARGIN, 240)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` (a dialog) to ``width``×``height``, or less on a small screen
    (1024×768 school PCs, projectors): a dialog never opens larger than the screen."""
    max_w, max_h = available_size(widget)
    widget.resize(min(width, max_w), min(height, max_h))
    widget.setMaximumSize(max(max_w, widget.minimumWidth()), max(max_h, widget.minimumHeight()))
