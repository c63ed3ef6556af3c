"""The main window's actions, menus and toolbar (one place to add a command).

A mixin of ``MainWindow``: the slots it connects (``import_roster``, ``show_view`` …) live on
the window; this module only says which command sits in which menu, with which key.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QToolBar

from classgroup_desktop.ui.common import icon


class WindowMenus:
    """Builds ``MainWindow``'s actions (``act_*``), its menu bar and its toolbar."""

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
        self.act_backup = self._action("备份与恢复…", self.show_backups,
                                       tip="查看自动备份，立即备份，或恢复到某一份备份")
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
        self.act_open_demo = self._action("打开示例", self.open_demo, icon_name="demo",
                                          tip="打开一个虚构的示例学校看看效果（不影响我的数据）")
        self.act_back_to_own = self._action("回到我的数据", self.back_to_own_data,
                                            tip="离开示例，回到自己的数据")
        self.act_guide = self._action("使用说明", self.show_guide, icon_name="help",
                                      shortcut=QKeySequence.StandardKey.HelpContents)
        self.act_open_logs = self._action("打开日志文件夹", self.open_log_folder)
        self.act_about = self._action("关于班级群管家", self.show_about)
        self.view_actions: list[QAction] = []
        for index, spec in enumerate(self.VIEWS):
            action = self._action(spec.title, lambda key=spec.key: self.show_view(key),
                                  icon_name=spec.icon, shortcut=f"Ctrl+{index + 1}")
            self.view_actions.append(action)
            self.addAction(action)

    # --- 帮助 ---------------------------------------------------------------------------------

    def show_guide(self) -> None:
        from PySide6.QtCore import Qt

        from classgroup_desktop.ui.help_dialogs import GuideDialog

        dialog = GuideDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_about(self) -> None:
        from PySide6.QtCore import Qt

        import classgroup_desktop
        from classgroup_desktop.ui.app_settings import default_path
        from classgroup_desktop.ui.help_dialogs import AboutDialog

        database = self.db.location if self.db is not None else ""
        dialog = AboutDialog(classgroup_desktop.__version__, str(default_path().parent),
                             f"{self.database_name()}（{database}）", self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("文件(&F)"))
        file_menu.addActions([self.act_import, self.act_load_members])
        file_menu.addSeparator()
        file_menu.addAction(self.act_print)
        file_menu.addSeparator()
        file_menu.addActions([self.act_open_demo, self.act_back_to_own])
        file_menu.addSeparator()
        file_menu.addAction(self.act_backup)
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
        help_menu.addActions([self.act_guide, self.act_open_logs, self.act_about])

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
