"""The main window's classes: the class switcher's contents and the 班级 menu's commands
(new, rename, archive). A mixin of ``MainWindow``; each command calls one service."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from classgroup_desktop.core.errors import UserError
from classgroup_desktop.ui.common import show_error

if TYPE_CHECKING:
    from PySide6.QtWidgets import QInputDialog


class WindowClasses:
    """The one current class of ``MainWindow`` and the commands that change the class list."""

    # --- classes ----------------------------------------------------------------------------

    def reload_classes(self, select: str | None = None) -> None:
        """Refill the class switcher from the database and select ``select`` if present."""
        from classgroup_desktop.services.classes import list_classes

        classes = list_classes(self.db, include_archived=self.act_show_archived.isChecked())
        self._set_class(self._fill_class_combo(classes, select))

    def _fill_class_combo(self, classes, select: str | None) -> str | None:
        """The switcher lists ``classes`` (each with ``name`` and ``archived``); returns the
        class it selected: ``select`` if listed, else the first."""
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
            action.setEnabled(bool(names) and self.db is not None)
        return target

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
