"""The main window: the views behind the side navigation, the open database (my data or the
demo), drag-and-drop, the first-run screen and the window's remembered state.

Its menus and toolbar are in ``window_menus``, the class switcher and the 班级 commands in
``window_classes``, which database is open (mine or the demo) in ``window_database``,
the navigation list in ``side_nav``.

Views are built lazily (the first time they are shown) so start-up only pays for the roster;
the log and reports views come from their own packages and are imported on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QGuiApplication, QUndoGroup
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from classgroup_desktop.ui import file_dialogs
from classgroup_desktop.ui.app_settings import AppSettings
from classgroup_desktop.ui.common import available_size, show_error
from classgroup_desktop.ui.dropped_files import KNOWN_SUFFIXES, route
from classgroup_desktop.ui.pages import FirstRunPage, LoadingPage, ViewHost, ViewSpec, centered
from classgroup_desktop.ui.side_nav import SideNav
from classgroup_desktop.ui.window_classes import WindowClasses
from classgroup_desktop.ui.window_database import WindowDatabase
from classgroup_desktop.ui.window_menus import WindowMenus

if TYPE_CHECKING:
    # The store (SQLAlchemy) loads after the window is shown; the dialogs and event types
    # are imported where used (a PySide class builds its Python enums when first touched,
    # which start-up need not pay for).
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent

    from classgroup_desktop.store.db import Database

class MainWindow(WindowMenus, WindowClasses, WindowDatabase, QMainWindow):
    """The application window; ``db`` is the one database, ``settings`` the window prefs.

    ``db`` may be None: the window then shows at once with a loading page, and
    ``attach_database`` fills it when the database is open (start-up does not wait for
    SQLAlchemy and the migration check before the window appears).
    """

    class_changed = Signal(object)  # str | None
    # Once, when the first view has its data: the start-up rows (show_start_view) or, without
    # them, the database attached. The start-up benchmark and test time this moment.
    first_view_filled = Signal()

    VIEWS: tuple[ViewSpec, ...] = (
        ViewSpec("roster", "花名册", "roster", "roster.view", "RosterView"),
        ViewSpec("check", "成员检查", "check", "check.view", "CheckView"),
        ViewSpec("chat", "群聊巡查", "chat", "chat.view", "ChatView"),
        ViewSpec("log", "事件记录", "log", "log.view", "LogView"),
        ViewSpec("reports", "月报", "reports", "reports.view", "ReportsView"),
        ViewSpec("settings", "设置", "settings", "settings.view", "SettingsView",
                 needs_class=False),
    )

    def __init__(self, db: Database | None, settings: AppSettings | None = None, *,
                 demo: bool = False,
                 open_demo: Callable[[], Database] | None = None,
                 open_own: Callable[[], Database] | None = None) -> None:
        super().__init__()
        self.db: Database | None = None
        self.settings = settings or AppSettings()
        self.demo = demo
        self._open_demo = open_demo
        self._open_own = open_own
        self._databases: dict[bool, Database] = {}  # demo? -> its open database
        self.current_class: str | None = None
        self._first_view_done = False
        self.undo_group = QUndoGroup(self)
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.setMinimumSize(960, 600)
        self._update_title()

        self._build_central()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)
        self._restore_geometry()
        if db is not None:
            self.attach_database(db, demo=demo)
        else:
            self._set_database_actions(False)
            self.stack.setCurrentWidget(self.loading)

    def attach_database(self, db: Database, *, demo: bool | None = None) -> None:
        """Show ``db``: fill the class switcher and open the remembered class and view."""
        if self.db is not None:
            self.switch_database(db, demo=self.demo if demo is None else demo)
            return
        self.db = db
        if demo is not None:
            self.demo = demo
        self._databases[self.demo] = db
        for host in self.hosts.values():  # built on the start-up rows: now on the database
            if host.view is not None and hasattr(host.view, "attach_database"):
                host.view.attach_database(db)
        if self._first_run is not None:
            self._first_run.setEnabled(True)
        self._show_demo_button()
        self._set_database_actions(True)
        self._update_db_label()
        self._update_title()
        # The class the start-up rows showed (if any) becomes current the full way now
        # (class_changed is emitted once the database is there).
        shown, self.current_class = self.current_class, None
        self.reload_classes(select=shown or self.settings.last_class)
        self.show_view(self.start_view_key())
        self._announce_first_view()
        self.ask_teacher_name_once()

    def start_view_key(self) -> str:
        """The view the window opens on: the one shown when it was last closed, else 花名册."""
        last_view = self.settings.last_view
        return last_view if last_view in self.view_keys() else "roster"

    def show_start_view(self, start) -> bool:
        """Fill the window with the rows read before the database is open
        (``services.first_view.StartView``): the class switcher, and the roster of the last
        class or the welcome page, read-only until ``attach_database``. False (nothing shown)
        once the database is attached, or when the window opens on another view."""
        if self.db is not None or start is None or self.start_view_key() != "roster":
            return False
        self.current_class = self._fill_class_combo(start.classes, start.class_name)
        self._update_title()
        if self.current_class is None:
            page = self.first_run
            page.setEnabled(False)  # its buttons need the database
            self.stack.setCurrentWidget(page)
        else:
            view = self.view("roster")
            view.show_rows(start.class_name, start.students, start.teachers)
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self.view_keys().index("roster"))
            self.nav.blockSignals(False)
            self.stack.setCurrentWidget(self.hosts["roster"])
        self._announce_first_view()
        return True

    def _announce_first_view(self) -> None:
        if not self._first_view_done:
            self._first_view_done = True
            self.first_view_filled.emit()

    def _set_database_actions(self, enabled: bool) -> None:
        for action in (self.act_import, self.act_load_members, self.act_print, self.act_paste,
                       self.act_backup,
                       self.act_new_class, self.act_rename_class, self.act_archive_class,
                       self.act_show_archived, *self.view_actions):
            action.setEnabled(enabled)
        self.nav.setEnabled(enabled)
        self.class_combo.setEnabled(enabled)

    # --- construction -----------------------------------------------------------------------

    def _build_central(self) -> None:
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav = SideNav([(self.tr(spec.title), spec.icon) for spec in self.VIEWS])
        self.stack = QStackedWidget()
        self.hosts: dict[str, ViewHost] = {}
        for spec in self.VIEWS:
            host = ViewHost(spec)
            self.hosts[spec.key] = host
            self.stack.addWidget(host)
        self._first_run: FirstRunPage | None = None  # built when first needed
        self.loading = LoadingPage()
        self.stack.addWidget(self.loading)
        self.nav.currentRowChanged.connect(self._on_nav_row)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    @property
    def first_run(self) -> FirstRunPage:
        """The first-run screen (no class yet), built the first time it is needed: most
        starts open a database that has classes and never show it."""
        if self._first_run is None:
            page = FirstRunPage(demo_available=not self.demo)
            page.import_requested.connect(self.import_roster)
            page.demo_requested.connect(self.open_demo)
            page.new_class_requested.connect(self.new_class)
            self.stack.addWidget(page)
            self._first_run = page
        return self._first_run

    def _show_demo_button(self) -> None:
        """打开示例 is offered unless the demo is what is open."""
        if self._first_run is not None:
            self._first_run.demo_button.setVisible(not self.demo)

    # --- views ------------------------------------------------------------------------------

    def view_keys(self) -> list[str]:
        return [spec.key for spec in self.VIEWS]

    def current_key(self) -> str:
        row = self.nav.currentRow()
        return self.VIEWS[row].key if row >= 0 else "roster"

    def show_view(self, key: str) -> QWidget | None:
        """Switch to view ``key`` (building it if needed) and return it."""
        if self.db is None:
            return None
        row = self.view_keys().index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # -> _on_nav_row
        else:
            self._sync_stack()
        return self.hosts[key].view

    def view(self, key: str) -> QWidget:
        """The view ``key``, built now if it was not yet."""
        host = self.hosts[key]
        if host.view is None:
            host.view = self._create_view(host.spec)
            host.layout().addWidget(host.view)
        return host.view

    def _create_view(self, spec: ViewSpec) -> QWidget:
        try:
            module = importlib.import_module(f"classgroup_desktop.ui.{spec.module}")
            cls = getattr(module, spec.cls)
        except (ImportError, AttributeError):
            # A feature package not installed in this build: say so instead of failing.
            return centered(QLabel(self.tr("“{title}”功能尚未安装。").format(
                title=self.tr(spec.title))))
        view = cls(self.db, self)
        signal = getattr(view, "status_message", None)
        if signal is not None:
            signal.connect(lambda text: self.statusBar().showMessage(text, 8000))
        stack = getattr(view, "undo_stack", None)
        if stack is not None:
            self.undo_group.addStack(stack)
        class_chosen = getattr(view, "class_chosen", None)
        if class_chosen is not None:
            class_chosen.connect(self.select_class)  # one current class in the window
        import_requested = getattr(view, "import_requested", None)
        if import_requested is not None:
            import_requested.connect(lambda: self.import_roster())
        if hasattr(view, "set_class"):
            view.set_class(self.current_class)
        return view

    def _on_nav_row(self, row: int) -> None:
        if row >= 0 and self._unsaved_settings_kept(row):
            return
        if row >= 0:
            self.settings.last_view = self.VIEWS[row].key
        self._sync_stack()

    def _unsaved_settings_kept(self, row: int) -> bool:
        """Leaving 设置 with unsaved edits: stay there and ask 保存 / 放弃修改 / 取消."""
        view = self.hosts["settings"].view
        if (self.stack.currentWidget() is not self.hosts["settings"] or view is None
                or not view.has_unsaved_changes()):
            return False
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        settings_row = self.view_keys().index("settings")
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(settings_row)
        self.nav.blockSignals(False)
        buttons = QMessageBox.StandardButton
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("设置尚未保存"),
                          self.tr("设置有修改还没有保存。要保存吗？"),
                          buttons.Save | buttons.Discard | buttons.Cancel, self)
        box.button(buttons.Save).setText(self.tr("保存"))
        box.button(buttons.Discard).setText(self.tr("放弃修改"))
        box.button(buttons.Cancel).setText(self.tr("取消"))
        box.setObjectName("unsavedSettingsDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: int) -> None:
            if button == buttons.Save and not view.save():
                return
            if button == buttons.Discard:
                view.load()
            if button in (buttons.Save, buttons.Discard):
                self.nav.setCurrentRow(row)  # -> _on_nav_row, now without edits

        box.finished.connect(answered)
        box.open()
        return True

    def _sync_stack(self) -> None:
        if self.db is None:
            return
        key = self.current_key()
        host = self.hosts[key]
        if host.spec.needs_class and not self.class_names() \
                and not (key == "reports" and self._school_mode()):
            self.stack.setCurrentWidget(self.first_run)
            return
        fresh = host.view is None
        view = self.view(key)
        if key == "log" and not fresh and hasattr(view, "reload"):
            view.reload()  # entries may have been added from the check view meanwhile
        self.stack.setCurrentWidget(host)
        stack = getattr(view, "undo_stack", None)
        self.undo_group.setActiveStack(stack)

    # --- commands ---------------------------------------------------------------------------

    def import_roster(self, path: str | Path | None = None) -> None:
        """Open the import wizard (on ``path`` if given, else it asks for a file)."""
        from PySide6.QtCore import Qt

        from classgroup_desktop.ui.roster.import_wizard import ImportWizard

        wizard = ImportWizard(self.db, self, class_name=self.current_class,
                              start_dir=file_dialogs.last_folder(self, file_dialogs.ROSTER))
        wizard.imported.connect(self._after_import)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if path is not None:
            wizard.load_file(Path(path))
        wizard.open()
        self.import_wizard = wizard

    def _after_import(self, class_names: list[str]) -> None:
        self.reload_classes(select=class_names[0] if class_names else self.current_class)
        for key in ("roster", "check"):
            view = self.hosts[key].view
            if view is not None and hasattr(view, "reload"):
                view.reload()
        self.show_view("roster")

    def paste_members(self) -> None:
        """Ctrl+V: put the clipboard's member list (or screenshot) into the check view."""
        if not self.current_class:
            show_error(self, self.tr("还没有班级。请先导入花名册，再检查群成员。"))
            return
        # 群聊巡查 takes its own paste: the copied chat (or a chat screenshot).
        key = "chat" if self.current_key() == "chat" else "check"
        view = self.show_view(key) or self.view(key)
        if hasattr(view, "paste_from_clipboard"):
            view.paste_from_clipboard(QGuiApplication.clipboard())

    def load_member_file(self, path: str | Path | None = None) -> None:
        if not self.current_class:
            show_error(self, self.tr("还没有班级。请先导入花名册，再检查群成员。"))
            return
        view = self.show_view("check") or self.view("check")
        if hasattr(view, "load_members_file"):
            view.load_members_file(Path(path) if path else None)

    def focus_search(self) -> None:
        view = self.hosts[self.current_key()].view
        if view is None:
            return
        if hasattr(view, "focus_search"):
            view.focus_search()
            return
        # A view without its own hook: its first search box (a line edit that says 查找).
        from PySide6.QtWidgets import QLineEdit

        box = next((e for e in view.findChildren(QLineEdit)
                    if "查找" in e.placeholderText() and e.isVisible()), None)
        if box is not None:
            box.setFocus()
            box.selectAll()

    def print_report(self) -> None:
        """Ctrl+P: forwarded to the reports view (its print preview)."""
        if self.db is None:
            return
        view = self.show_view("reports") or self.view("reports")
        method = getattr(view, "print_report", None)
        if not callable(method):
            return
        ready = getattr(view, "preview_ready", None)
        if ready is not None and getattr(view, "report", True) is None:
            # The report is still being built (first visit): print as soon as it is ready.
            def once() -> None:
                ready.disconnect(once)
                method()

            ready.connect(once)
            self.statusBar().showMessage(self.tr("正在生成月报，完成后打开打印预览…"), 5000)
            return
        method()

    def open_log_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from classgroup_desktop.ui.crash import log_dir

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir())))

    # --- the school summary (学校汇总) -----------------------------------------------------------

    def _school_mode(self) -> bool:
        """The supervisor's database: report packages received, maybe no class of its own."""
        from classgroup_desktop.services.school import has_received_packages

        return has_received_packages(self.db)

    def import_packages(self, files: list[str]) -> None:
        """Report packages dropped anywhere: imported on the 月报 view, shown as 全校汇总."""
        from PySide6.QtCore import Qt

        view = self.view("reports")
        if hasattr(view, "import_packages"):
            view.packages.imported.connect(lambda _o: self.show_view("reports"),
                                           Qt.ConnectionType.SingleShotConnection)
            view.import_packages(files)

    # --- drag and drop ----------------------------------------------------------------------

    def _dropped_paths(self, event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        paths = self._dropped_paths(event)
        if (paths and all(p.suffix.lower() in KNOWN_SUFFIXES for p in paths)) \
                or event.mimeData().hasImage():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = self._dropped_paths(event)
        event.acceptProposedAction()
        # Deferred: a modal dialog opened inside a drop handler would block the drag source.
        QTimer.singleShot(0, lambda: self.open_files(paths))

    def open_files(self, paths: list[Path]) -> None:
        """What a drop does (see ``dropped_files.route``)."""
        kind, chosen = route(paths, on_check_view=self.current_key() == "check")
        if kind == "packages":
            self.import_packages([str(p) for p in chosen])
        elif kind == "screenshots":
            if not self.current_class:
                show_error(self, self.tr("还没有班级。请先导入花名册，再检查群成员截图。"))
                return
            view = self.show_view("check") or self.view("check")
            if hasattr(view, "open_screenshots"):
                view.open_screenshots(chosen)
        elif kind == "members":
            self.load_member_file(chosen[0])
        elif kind == "roster":
            self.import_roster(chosen[0])
        elif chosen:
            show_error(self, self.tr("无法打开“{name}”：只支持花名册（.xlsx/.xls/.csv）、"
                                     "成员名单（.txt）和截图（.png/.jpg）。")
                       .format(name=chosen[0].name))

    # --- window state -----------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.settings.geometry
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            # No larger than the screen (1024×768 school PCs): the status bar stays visible.
            width, height = available_size(self)
            self.resize(min(1280, width), min(800, height))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.settings.geometry = self.saveGeometry()
        if self.db is not None:
            self.settings.last_view = self.current_key()
        if self.current_class:
            self.settings.last_class = self.current_class
        self.settings.sync()
        super().closeEvent(event)
