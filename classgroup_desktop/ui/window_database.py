"""Which database the main window shows — the teacher's own (我的数据) or the demo school
(示例数据) — and the way between them (文件 → 打开示例 / 回到我的数据). Also the one-time
question for the head teacher's name, which the log needs for 记录人. A mixin of ``MainWindow``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from classgroup_desktop.ui.common import run_in_background, show_error

if TYPE_CHECKING:
    from classgroup_desktop.store.db import Database


class WindowDatabase:
    """Open, switch and name the main window's database."""

    def database_name(self) -> str:
        """我的数据 or 示例数据: what the title and the status bar call the open database."""
        return self.tr("示例数据") if self.demo else self.tr("我的数据")

    def open_demo(self) -> None:
        """打开示例: switch to the separate demo database (kept open for 回到我的数据)."""
        self._switch_to(True)

    def back_to_own_data(self) -> None:
        """回到我的数据: from the demo back to the teacher's own database."""
        self._switch_to(False)

    def _switch_to(self, demo: bool) -> None:
        if self.db is not None and self.demo == demo:
            return
        cached = self._databases.get(demo)
        if cached is not None:
            self.switch_database(cached, demo=demo)
            return
        opener = self._open_demo if demo else self._open_own
        if opener is None:
            return
        self._set_switch_enabled(False)

        def opened(db: Database) -> None:
            self._set_switch_enabled(True)
            self.switch_database(db, demo=demo)

        def failed(exc: BaseException) -> None:
            self._set_switch_enabled(True)
            show_error(self, exc)

        # Creating and filling the demo database takes a moment: off the GUI thread.
        run_in_background(self, opener, on_done=opened, on_error=failed,
                          label=self.tr("正在打开示例学校…") if demo else
                          self.tr("正在打开我的数据…"))

    def _set_switch_enabled(self, enabled: bool) -> None:
        if self._first_run is not None:
            self._first_run.demo_button.setEnabled(enabled)
        self.act_open_demo.setEnabled(enabled and not self.demo)
        self.act_back_to_own.setEnabled(enabled and self.demo)

    def switch_database(self, db: Database, *, demo: bool) -> None:
        """Show another database (the demo, or back to my data): views are rebuilt on it."""
        self.db = db
        self.demo = demo
        self._databases[demo] = db
        for host in self.hosts.values():
            if host.view is not None:
                stack = getattr(host.view, "undo_stack", None)
                if stack is not None:
                    self.undo_group.removeStack(stack)
                host.view.deleteLater()
                host.view = None
        self._show_demo_button()
        self._update_db_label()
        self.current_class = None
        self.reload_classes()
        self._update_title()
        self._sync_stack()
        self.statusBar().showMessage(self.tr("已切换到{name}").format(name=self.database_name()),
                                     5000)

    def show_backups(self):
        """文件 → 备份与恢复…; after a restore every view is rebuilt on the restored data."""
        if self.db is None:
            return None
        from classgroup_desktop.ui.backup.dialog import BackupDialog

        dialog = BackupDialog(self.db, self)
        dialog.restored.connect(lambda: self.switch_database(self.db, demo=self.demo))
        dialog.open()
        return dialog

    def databases(self) -> list[Database]:
        """Every database this window has shown (the one opened at start, the demo, mine)."""
        return list(self._databases.values())

    def close_databases(self) -> None:
        """Dispose every database this window opened besides the one it was given."""
        for db in self._databases.values():
            db.dispose()
        self._databases.clear()

    def _update_title(self) -> None:
        # Qt appends the application's display name (班级群管家) itself.
        parts = [self.current_class] if self.current_class else []
        if self.db is not None:
            parts.append(self.database_name())
        self.setWindowTitle(" — ".join(parts))

    def _update_db_label(self) -> None:
        if self.db is None:
            return
        self.status_label.setText(self.database_name())
        self.status_label.setToolTip(self.tr("数据库：{loc}").format(loc=self.db.location))
        self.act_open_demo.setEnabled(not self.demo and self._open_demo is not None)
        self.act_back_to_own.setEnabled(self.demo and (self._open_own is not None
                                                       or False in self._databases))

    def ask_teacher_name_once(self) -> None:
        """First start on my data: ask the head teacher's name (记录人 of every log entry,
        the signature of the messages) unless it is set or was asked before."""
        if self.demo or self.db is None or self.settings.teacher_name_asked:
            return
        from classgroup_desktop.services.settings import TEACHER_NAME, get_setting

        if str(get_setting(self.db, TEACHER_NAME) or "").strip():
            return
        self.settings.teacher_name_asked = True
        db = self.db

        def save(name: str) -> None:
            from classgroup_desktop.services.settings import set_setting

            set_setting(db, TEACHER_NAME, name.strip())
            self.statusBar().showMessage(self.tr("已保存班主任姓名，可在“设置”中修改"), 5000)

        dialog = self._ask_text(self.tr("班主任姓名"),
                                self.tr("请输入您的姓名（事件记录的“记录人”和提醒消息的落款）："),
                                "", save)
        dialog.setObjectName("teacherNameDialog")
