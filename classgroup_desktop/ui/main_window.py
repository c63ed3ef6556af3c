"""The main window: class switcher, side navigation over the five views, menus, toolbar,
shortcuts, drag-and-drop, and the first-run screen.

Views are built lazily (the first time they are shown) so start-up only pays for the roster;
the log and reports views come from their own packages and are imported on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from classgroup_desktop.core.errors import UserError
from classgroup_desktop.ui.app_settings import AppSettings
from classgroup_desktop.ui.common import icon, nav_icon, show_error, show_info
from classgroup_desktop.ui.dropped_files import KNOWN_SUFFIXES, route
from classgroup_desktop.ui.pages import FirstRunPage, LoadingPage, ViewHost, ViewSpec, centered

if TYPE_CHECKING:
    # The store (SQLAlchemy) loads after the window is shown; the dialogs and event types
    # are imported where used (a PySide class builds its Python enums when first touched,
    # which start-up need not pay for).
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QInputDialog

    from classgroup_desktop.store.db import Database

class MainWindow(QMainWindow):
    """The application window; ``db`` is the one database, ``settings`` the window prefs.

    ``db`` may be None: the window then shows at once with a loading page, and
    ``attach_database`` fills it when the database is open (start-up does not wait for
    SQLAlchemy and the migration check before the window appears).
    """

    class_changed = Signal(object)  # str | None

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
                 open_demo: Callable[[], Database] | None = None) -> None:
        super().__init__()
        self.db: Database | None = None
        self.settings = settings or AppSettings()
        self.demo = demo
        self._open_demo = open_demo
        self.current_class: str | None = None
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
        self._show_demo_button()
        self._set_database_actions(True)
        self._update_db_label()
        self._update_title()
        self.reload_classes(select=self.settings.last_class)
        last_view = self.settings.last_view
        self.show_view(last_view if last_view in self.view_keys() else "roster")

    def _set_database_actions(self, enabled: bool) -> None:
        for action in (self.act_import, self.act_load_members, self.act_print, self.act_paste,
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
        self.nav = QListWidget()
        self.nav.setObjectName("sideNav")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(150)
        self.nav.setSpacing(2)
        self.nav.setStyleSheet(
            # outline: 0 drops the focus rectangle, which looked like a rename editor.
            "#sideNav { border: none; border-right: 1px solid palette(mid); outline: 0;"
            " background: palette(alternate-base); padding-top: 8px; }"
            "#sideNav::item { padding: 10px 8px; }"
            "#sideNav::item:selected { background: palette(highlight);"
            " color: palette(highlighted-text); border-radius: 4px; }"
        )
        self.stack = QStackedWidget()
        self.hosts: dict[str, ViewHost] = {}
        for index, spec in enumerate(self.VIEWS):
            item = QListWidgetItem(nav_icon(spec.icon), self.tr(spec.title))  # row = VIEWS index
            item.setToolTip(self.tr("{title}（Ctrl+{n}）").format(title=self.tr(spec.title),
                                                                 n=index + 1))
            self.nav.addItem(item)
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

    def _action(self, text: str, slot: Callable[[], object], *, icon_name: str | None = None,
                shortcut: QKeySequence.StandardKey | str | None = None,
                tip: str | None = None) -> QAction:
        action = QAction(self.tr(text), self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            # setShortcuts: a standard key gets all of the platform's bindings (Ctrl+V and
            # Shift+Ins …). Also the one overload that does not make PySide6 load the Qt
            # namespace's enums (≈25 ms) while the window is built, before it is shown.
            action.setShortcuts(shortcut if isinstance(shortcut, QKeySequence.StandardKey)
                                else [QKeySequence(shortcut)])
        if tip:
            action.setStatusTip(self.tr(tip))
            action.setToolTip(self.tr(tip))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        std = QKeySequence.StandardKey
        self.act_import = self._action("导入花名册…", self.import_roster, icon_name="import",
                                       shortcut=std.Open,
                                       tip="从 Excel/CSV 导入或更新本班花名册（Ctrl+O）")
        self.act_load_members = self._action("载入成员名单…", self.load_member_file,
                                             icon_name="open",
                                             tip="从 .txt/.csv/.xlsx 文件载入群成员名单")
        self.act_print = self._action("打印月报…", self.print_report, icon_name="print",
                                      shortcut=std.Print,
                                      tip="打印本月的班级月报（Ctrl+P）")
        self.act_quit = self._action("退出", self.close, shortcut=std.Quit)
        self.act_undo = self.undo_group.createUndoAction(self, self.tr("撤销"))
        self.act_undo.setShortcuts(std.Undo)
        self.act_redo = self.undo_group.createRedoAction(self, self.tr("重做"))
        self.act_redo.setShortcuts(std.Redo)
        self.act_paste = self._action("粘贴成员名单并检查", self.paste_members, icon_name="paste",
                                      shortcut=std.Paste,
                                      tip="把剪贴板里的群成员名单（或截图）放进成员检查（Ctrl+V）")
        self.act_find = self._action("查找", self.focus_search, icon_name="search",
                                     shortcut=std.Find,
                                     tip="在当前页面中查找（Ctrl+F）")
        self.act_new_class = self._action("新建班级…", self.new_class, icon_name="add")
        self.act_rename_class = self._action("重命名班级…", self.rename_class,
                                             icon_name="rename")
        self.act_archive_class = self._action("归档班级", self.archive_class,
                                              icon_name="archive",
                                              tip="归档后不再出现在班级列表中，数据保留")
        self.act_show_archived = QAction(self.tr("显示已归档的班级"), self)
        self.act_show_archived.setCheckable(True)
        self.act_show_archived.toggled.connect(lambda _on: self.reload_classes(
            select=self.current_class))
        self.act_open_logs = self._action("打开日志文件夹", self.open_log_folder)
        self.act_about = self._action("关于班级群管家", self.show_about, icon_name="help")
        self.view_actions: list[QAction] = []
        for index, spec in enumerate(self.VIEWS):
            action = self._action(spec.title, lambda key=spec.key: self.show_view(key),
                                  icon_name=spec.icon, shortcut=f"Ctrl+{index + 1}")
            self.view_actions.append(action)
            self.addAction(action)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("文件(&F)"))
        file_menu.addActions([self.act_import, self.act_load_members])
        file_menu.addSeparator()
        file_menu.addAction(self.act_print)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit_menu = bar.addMenu(self.tr("编辑(&E)"))
        edit_menu.addActions([self.act_undo, self.act_redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.act_paste, self.act_find])
        view_menu = bar.addMenu(self.tr("视图(&V)"))
        view_menu.addActions(self.view_actions)
        class_menu = bar.addMenu(self.tr("班级(&C)"))
        class_menu.addActions([self.act_new_class, self.act_rename_class, self.act_archive_class])
        class_menu.addSeparator()
        class_menu.addAction(self.act_show_archived)
        help_menu = bar.addMenu(self.tr("帮助(&H)"))
        help_menu.addActions([self.act_open_logs, self.act_about])

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("主工具栏"))
        bar.setObjectName("mainToolBar")
        bar.setMovable(False)
        bar.setIconSize(QSize(20, 20))
        # By name, like pages.centered: the Qt namespace's enums load after the window shows.
        bar.setProperty("toolButtonStyle", "ToolButtonTextBesideIcon")
        bar.addWidget(QLabel(self.tr(" 班级：")))
        self.class_combo = QComboBox()
        self.class_combo.setObjectName("classCombo")
        self.class_combo.setMinimumContentsLength(12)
        self.class_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.class_combo.setToolTip(self.tr("切换班级"))
        self.class_combo.currentIndexChanged.connect(self._on_class_index)
        bar.addWidget(self.class_combo)
        bar.addAction(self.act_new_class)
        bar.addSeparator()
        bar.addAction(self.act_import)
        bar.addAction(self.act_paste)
        bar.addAction(self.act_print)
        self.addToolBar(bar)
        self.toolbar = bar

    # --- classes ----------------------------------------------------------------------------

    def reload_classes(self, select: str | None = None) -> None:
        """Refill the class switcher from the database and select ``select`` if present."""
        from classgroup_desktop.services.classes import list_classes

        classes = list_classes(self.db, include_archived=self.act_show_archived.isChecked())
        self.class_combo.blockSignals(True)
        self.class_combo.clear()
        for summary in classes:
            label = summary.name
            if summary.archived:
                label = self.tr("{name}（已归档）").format(name=summary.name)
            self.class_combo.addItem(label, summary.name)
        names = [c.name for c in classes]
        target = select if select in names else (names[0] if names else None)
        if target is not None:
            self.class_combo.setCurrentIndex(names.index(target))
        self.class_combo.blockSignals(False)
        for action in (self.act_rename_class, self.act_archive_class):
            action.setEnabled(bool(names))
        self._set_class(target)

    def class_names(self) -> list[str]:
        return [self.class_combo.itemData(i) for i in range(self.class_combo.count())]

    def _on_class_index(self, index: int) -> None:
        self._set_class(self.class_combo.itemData(index) if index >= 0 else None)

    def select_class(self, name: str) -> None:
        names = self.class_names()
        if name in names:
            self.class_combo.setCurrentIndex(names.index(name))

    def _set_class(self, name: str | None) -> None:
        changed = name != self.current_class
        self.current_class = name
        if name:
            self.settings.last_class = name
        for host in self.hosts.values():
            if host.view is not None and hasattr(host.view, "set_class"):
                host.view.set_class(name)
        self._update_title()
        self._sync_stack()
        if changed:
            self.class_changed.emit(name)

    def new_class(self) -> None:
        def create(name: str) -> None:
            from classgroup_desktop.services.classes import create_class

            try:
                create_class(self.db, name)
            except UserError as exc:
                show_error(self, exc)
                return
            self.reload_classes(select=name.strip())
            self.show_view("roster")

        self._ask_text(self.tr("新建班级"), self.tr("班级名称（如 三年级2班）："), "", create)

    def rename_class(self) -> None:
        old = self.current_class
        if not old:
            return

        def rename(new: str) -> None:
            from classgroup_desktop.services.classes import update_class

            try:
                update_class(self.db, old, new_name=new)
            except UserError as exc:
                show_error(self, exc)
                return
            self.reload_classes(select=new.strip())

        self._ask_text(self.tr("重命名班级"), self.tr("新的班级名称："), old, rename)

    def archive_class(self) -> None:
        name = self.current_class
        if not name:
            return
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, self.tr("归档班级"),
                          self.tr("归档“{name}”？\n归档后它不再出现在班级列表中；"
                                  "花名册、检查和事件记录都会保留，"
                                  "可在“班级 → 显示已归档的班级”中找回。").format(name=name),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("archiveDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: int) -> None:
            if button != QMessageBox.StandardButton.Yes:
                return
            from classgroup_desktop.services.classes import update_class

            try:
                update_class(self.db, name, archived=True)
            except UserError as exc:
                show_error(self, exc)
                return
            self.reload_classes()

        box.finished.connect(answered)
        box.open()

    def _ask_text(self, title: str, label: str, text: str,
                  on_ok: Callable[[str], None]) -> QInputDialog:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QInputDialog

        dialog = QInputDialog(self)
        dialog.setObjectName("textDialog")
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(text)
        dialog.setOkButtonText(self.tr("确定"))
        dialog.setCancelButtonText(self.tr("取消"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(lambda value: value.strip() and on_ok(value))
        dialog.open()
        return dialog

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
        import_requested = getattr(view, "import_requested", None)
        if import_requested is not None:
            import_requested.connect(lambda: self.import_roster())
        if hasattr(view, "set_class"):
            view.set_class(self.current_class)
        return view

    def _on_nav_row(self, row: int) -> None:
        if row >= 0:
            self.settings.last_view = self.VIEWS[row].key
        self._sync_stack()

    def _sync_stack(self) -> None:
        if self.db is None:
            return
        key = self.current_key()
        host = self.hosts[key]
        if host.spec.needs_class and not self.class_names():
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
                              start_dir=self.settings.last_dir)
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

    def open_demo(self) -> None:
        """First-run 打开示例: switch this window to the separate demo database."""
        if self._open_demo is None:
            return
        from classgroup_desktop.ui.common import run_in_background

        # Creating and filling the demo database takes a moment: off the GUI thread.
        self.first_run.demo_button.setEnabled(False)

        def opened(db: Database) -> None:
            self.first_run.demo_button.setEnabled(True)
            self.switch_database(db, demo=True)

        def failed(exc: BaseException) -> None:
            self.first_run.demo_button.setEnabled(True)
            show_error(self, exc)

        run_in_background(self, self._open_demo, on_done=opened, on_error=failed,
                          label=self.tr("正在打开示例学校…"))

    def switch_database(self, db: Database, *, demo: bool) -> None:
        """Show another database (the demo): views are rebuilt on it."""
        self.db = db
        self.demo = demo
        for host in self.hosts.values():
            if host.view is not None:
                stack = getattr(host.view, "undo_stack", None)
                if stack is not None:
                    self.undo_group.removeStack(stack)
                host.view.deleteLater()
                host.view = None
        self._show_demo_button()
        self._update_db_label()
        self._update_title()
        self.current_class = None
        self.reload_classes()
        self._sync_stack()

    def open_log_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from classgroup_desktop.ui.crash import log_dir

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir())))

    def show_about(self) -> None:
        show_info(self, self.tr(
            "班级群管家\n\n帮助班主任按《班级微信群的管理》通知核对群成员实名、记录提醒与清退、"
            "打印月报。\n所有数据只保存在本机（或学校自己的数据库），不联网。\n\n数据库：{db}")
            .format(db=self.db.location), self.tr("关于"))

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
        if kind == "screenshots":
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

    def _update_title(self) -> None:
        title = self.tr("班级群管家")
        if self.current_class:
            title = f"{self.current_class} — {title}"
        if self.demo:
            title += self.tr("（示例数据）")
        self.setWindowTitle(title)

    def _update_db_label(self) -> None:
        if self.db is None:
            return
        text = self.tr("示例数据库") if self.demo else self.tr("数据库：{loc}").format(
            loc=self.db.location)
        self.status_label.setText(text)

    def _restore_geometry(self) -> None:
        geometry = self.settings.geometry
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.settings.geometry = self.saveGeometry()
        if self.db is not None:
            self.settings.last_view = self.current_key()
        if self.current_class:
            self.settings.last_class = self.current_class
        self.settings.sync()
        super().closeEvent(event)
