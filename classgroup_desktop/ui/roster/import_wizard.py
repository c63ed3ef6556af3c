"""The roster import wizard: pick a file → preview with the detected header row and column
mapping (adjustable) → what the import will change (dry run), field by field, and the warnings
→ commit.

Reading and importing run off the GUI thread; nothing is written before the last step, and the
last step is one transaction (services.roster.import_roster). Losses (a guardian removed, a
student marked left) show in red; an import that would mark many students as left asks once
more before it is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard

from classgroup_desktop.store.db import Database
from classgroup_desktop.ui.common import run_in_background, show_error
from classgroup_desktop.ui.roster.import_models import MappingModel, RowsModel
from classgroup_desktop.ui.roster.import_pages import FilePage, MappingPage, SummaryPage, fields


def _sniff(path: Path) -> list[Any]:
    from classgroup_desktop.services.roster_preview import preview_roster

    return preview_roster(path)


def _import(db: Database, path: Path, class_name: str | None, overrides: dict | None,
            dry_run: bool, confirm_left: bool = False) -> Any:
    from classgroup_desktop.services.roster import import_roster

    return import_roster(db, path, class_name=class_name, dry_run=dry_run,
                         confirm_left=confirm_left, mapping_overrides=overrides or None)


def _file_classes(previews: list[Any]) -> list[str]:
    """The class names a file shows in its preview: sheet names / titles, and the 班级 column of
    the first rows (a hint for the class box, not what the import reads)."""
    names: list[str] = []
    for p in previews:
        if p.kind != "students":
            continue
        if p.class_name:
            names.append(p.class_name)
        column = next((c for c, f in p.mapping.items() if f == "class"), None)
        if column is None or not p.header_row:
            continue
        for row in p.rows[p.header_row - p.first_row + 1:]:
            if column < len(row) and row[column].strip():
                names.append(row[column].strip())
    return list(dict.fromkeys(names))


class ImportWizard(QWizard):
    """Import (or update) a roster; ``imported`` carries the names of the classes written."""

    imported = Signal(list)

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 class_name: str | None = None, start_dir: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.db = db
        self.default_class = class_name
        self.start_dir = start_dir
        self.path: Path | None = None
        self.previews: list[Any] = []
        self.states: dict[str, dict[str, Any]] = {}
        self.current_sheet: str | None = None
        self.dry_report: Any = None
        self.report: Any = None
        self.busy = False
        self.has_class_info = False  # the file names its class(es): 班级 column, sheet, title
        self._committed = False
        self._task = None

        self.setWindowTitle(self.tr("导入花名册"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步 >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< 上一步"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))
        self.resize(980, 640)

        self.preview_model = RowsModel(parent=self)
        self.mapping_model = MappingModel(lambda key: fields().field_label(key), self)
        self.mapping_model.mapping_changed.connect(self._mapping_edited)
        self.summary_model = RowsModel(
            [self.tr("班级"), self.tr("导入后在读"), self.tr("新增"), self.tr("更新"),
             self.tr("标记离班"), self.tr("家长"), self.tr("教师")], self)
        self.changes_model = RowsModel(
            [self.tr("班级"), self.tr("学生"), self.tr("项目"), self.tr("原来"),
             self.tr("导入后")], self)
        self.warnings_model = RowsModel([self.tr("工作表"), self.tr("行"), self.tr("提示")], self)

        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.summary_page = SummaryPage(self)
        for page in (self.file_page, self.mapping_page, self.summary_page):
            self.addPage(page)
        self._fill_classes()

    # --- step 1 -----------------------------------------------------------------------------

    def _fill_classes(self) -> None:
        from classgroup_desktop.services.classes import list_classes

        combo = self.file_page.class_combo
        combo.clear()
        combo.addItem("")
        for summary in list_classes(self.db, include_archived=False):
            combo.addItem(summary.name)
        if self.default_class:
            combo.setCurrentText(self.default_class)  # the class shown in the main window

    def load_file(self, path: Path) -> None:
        """Read the file's sheets (off the GUI thread) for the preview."""
        self.path = Path(path)
        self.start_dir = str(self.path.parent)
        self.previews = []
        self.states = {}
        self.dry_report = None
        self.busy = True
        self.file_page.path_edit.setText(str(self.path))
        self.file_page.status.setText(self.tr("正在读取…"))
        self.file_page.completeChanged.emit()
        self._task = run_in_background(self, _sniff, self.path, on_done=self._sniffed,
                                       on_error=self._sniff_failed,
                                       label=self.tr("正在读取花名册…"))

    def _sniffed(self, previews: list[Any]) -> None:
        self.busy = False
        self.previews = list(previews)
        for p in self.previews:
            self.states[p.name] = {"kind": p.kind, "header_row": p.header_row,
                                   "columns": dict(p.mapping), "changed": False}
        useful = [p for p in self.previews if p.kind != "ignored"]
        self.file_page.status.setText(self.tr("共 {n} 个工作表，其中 {k} 个可导入：{names}").format(
            n=len(self.previews), k=len(useful), names="、".join(p.name for p in useful) or "—"))
        self.has_class_info = any(
            p.class_name or "class" in p.mapping.values() for p in useful)
        combo = self.file_page.class_combo
        if not self.has_class_info:
            if self.default_class and not combo.currentText():
                combo.setCurrentText(self.default_class)
            self.file_page.status.setText(self.file_page.status.text() + self.tr(
                "\n表格里没有班级信息：请在下面选择或输入班级名称。"))
        elif self.default_class and combo.currentText() == self.default_class:
            # The box defaults to the main window's class; a file naming other classes is
            # imported into its own classes instead (a same class spelled otherwise still
            # matches: 三年级(2)班 is 三(2)班).
            from classgroup_desktop.core.roster import class_key

            named = _file_classes(useful)
            status = self.file_page.status
            if any(class_key(n) != class_key(self.default_class) for n in named):
                combo.setCurrentText("")
                status.setText(status.text() + self.tr(
                    "\n表格中的班级：{names}，将按表格中的班级导入。").format(
                    names="、".join(named[:6]) + ("…" if len(named) > 6 else "")))
            elif respelled := [n for n in named if n != self.default_class]:
                status.setText(status.text() + self.tr(
                    "\n表格中的“{file}”就是班级“{cls}”（写法不同），将导入该班。").format(
                    file=respelled[0], cls=self.default_class))
        self.file_page.completeChanged.emit()

    def _sniff_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.previews = []
        self.file_page.status.setText(self.tr("无法读取这个文件，请换一个文件。"))
        self.file_page.completeChanged.emit()
        show_error(self, exc)

    def class_name(self) -> str | None:
        return self.file_page.class_combo.currentText().strip() or None

    # --- step 2 -----------------------------------------------------------------------------

    def preview_of(self, name: str) -> Any:
        return next(p for p in self.previews if p.name == name)

    def sheet_state(self, name: str) -> dict[str, Any]:
        return self.states[name]

    def current_kind(self) -> str:
        return self.states[self.current_sheet]["kind"] if self.current_sheet else "students"

    def refresh_tables(self) -> None:
        if self.current_sheet is None:
            return
        preview = self.preview_of(self.current_sheet)
        state = self.states[self.current_sheet]
        width = max((len(r) for r in preview.rows), default=0)
        header_row = state["header_row"]
        self.preview_model.highlight_row = (header_row - preview.first_row
                                            if header_row else None)
        self.preview_model.dim_rows_before = self.preview_model.highlight_row or 0
        self.preview_model.first_row = preview.first_row
        self.preview_model.set_rows(preview.rows,
                                    [MappingModel.letter(i) for i in range(width)])
        header_cells: list[str] = []
        if header_row and 0 <= header_row - preview.first_row < len(preview.rows):
            header_cells = list(preview.rows[header_row - preview.first_row])
        header_cells += [""] * (width - len(header_cells))
        self.mapping_model.set_columns(header_cells, state["columns"])

    def set_sheet_kind(self, kind: str) -> None:
        state = self.states[self.current_sheet]
        state["kind"] = kind
        state["changed"] = True
        if kind != "ignored":
            self._redetect(state)
        self.refresh_tables()

    def set_header_row(self, row: int) -> None:
        state = self.states[self.current_sheet]
        state["header_row"] = row
        state["changed"] = True
        self._redetect(state)
        self.refresh_tables()

    def _redetect(self, state: dict[str, Any]) -> None:
        preview = self.preview_of(self.current_sheet)
        index = (state["header_row"] or 1) - preview.first_row
        header = list(preview.rows[index]) if 0 <= index < len(preview.rows) else []
        state["columns"] = fields().detect_mapping(
            header, teacher_sheet=state["kind"] == "teachers")

    def set_column_field(self, column: int, field: str) -> None:
        """Map spreadsheet column ``column`` (0-based) of the current sheet to ``field``."""
        self.mapping_model.setData(self.mapping_model.index(column, MappingModel.COL_FIELD),
                                   field)

    def _mapping_edited(self) -> None:
        if self.current_sheet is None:
            return
        state = self.states[self.current_sheet]
        state["columns"] = self.mapping_model.mapping()
        state["changed"] = True

    def overrides(self) -> dict[str, Any]:
        """The user's corrections, for ``import_roster(mapping_overrides=...)``."""
        from classgroup_desktop.core.roster import SheetOverride

        return {
            name: SheetOverride(header_row=s["header_row"], columns=dict(s["columns"]),
                                kind=s["kind"])
            for name, s in self.states.items() if s["changed"]
        }

    # --- step 3 and commit --------------------------------------------------------------------

    def run_dry_run(self) -> None:
        self.dry_report = None
        self.busy = True
        self.summary_page.status.setText(self.tr("正在计算导入后的变化…"))
        for model in (self.summary_model, self.changes_model, self.warnings_model):
            model.set_rows([])
        self.summary_page.completeChanged.emit()
        self._task = run_in_background(
            self, _import, self.db, self.path, self.class_name(), self.overrides(), True,
            on_done=self._dry_done, on_error=self._dry_failed,
            label=self.tr("正在预览导入结果…"))

    def _dry_done(self, report: Any) -> None:
        self.busy = False
        self.dry_report = report
        self.show_report(report)
        self.summary_page.completeChanged.emit()

    def _dry_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.summary_page.status.setText(self.tr("无法导入：请返回上一步修改后重试。"))
        self.summary_page.completeChanged.emit()
        show_error(self, exc)

    def show_report(self, report: Any) -> None:
        rows, changes, losses, risky_rows = [], [], set(), set()
        for c in report.classes:
            name = c.class_name + (self.tr("（新建班级）") if c.created else "")
            if c.left_needs_confirmation:
                risky_rows.add(len(rows))
            rows.append((name, c.students, len(c.added), len(c.updated), len(c.left),
                         c.guardians, c.teachers))
            # Students about to be marked as left come first: the change a teacher must check.
            for ch in c.changes:
                if ch.loss:
                    losses.add(len(changes))
                changes.append((c.class_name, ch.student, ch.field,
                                ch.old or "—", ch.new or self.tr("（删除）")))
        self.summary_model.set_rows(rows, loss_rows=risky_rows)
        self.changes_model.set_rows(changes, loss_rows=losses)
        self.warnings_model.set_rows([(w.sheet, "" if w.row is None else w.row, w.message)
                                      for w in report.warnings])
        view = self.summary_page.classes_view
        view.setFixedHeight(min(170, view.horizontalHeader().height() + 4
                                + view.verticalHeader().defaultSectionSize() * max(1, len(rows))))
        changes_view = self.summary_page.changes_view
        changes_view.setColumnHidden(0, len(report.classes) < 2)
        changes_view.resizeColumnsToContents()
        self.summary_page.warnings_view.resizeColumnToContents(0)
        self.summary_page.warnings_view.resizeColumnToContents(1)
        totals = [sum(len(getattr(c, k)) for c in report.classes)
                  for k in ("added", "updated", "left")]
        self.summary_page.status.setText(self.tr(
            "将导入 {n} 个班级：新增 {a} 名学生，更新 {u} 名，"
            "标记离班 {l} 名；{w} 条提示。").format(
            n=len(report.classes), a=totals[0], u=totals[1], l=totals[2],
            w=len(report.warnings))
            + (self.tr("红色为将删除或标记离班的内容，请核对。") if losses else "")
            + "".join(self.tr(
                "\n表格中的“{file}”即已有的班级“{cls}”，将更新该班。").format(
                file=c.file_class_name, cls=c.class_name)
                for c in report.classes if c.file_class_name and not c.created))
        # A partial list (one page of the class, a cut file, a different class's file) would
        # mark much of the class as left: say so loudly; 导入 asks once more (confirm_mass_leave).
        warning = "".join(self.tr(
            "注意：{cls} 现有在读学生 {m} 人，将有 {n} 人被标记为离班（红色）。如果这份表格"
            "不完整（被截断、只有部分学生）或选错了班级，请不要导入。").format(
            cls=c.class_name, m=c.active_before, n=len(c.left)) for c in self.risky_classes())
        self.summary_page.danger.setText(warning)
        self.summary_page.danger.setVisible(bool(warning))

    def risky_classes(self) -> list[Any]:
        """Classes of the previewed import that would lose many students: 导入 asks first."""
        if self.dry_report is None:
            return []
        return [c for c in self.dry_report.classes if c.left_needs_confirmation]

    def validateCurrentPage(self) -> bool:  # noqa: N802
        if self.currentPage() is self.summary_page and not self._committed:
            self.commit()
            return False  # the wizard moves on when the background import succeeds
        return super().validateCurrentPage()

    def commit(self) -> None:
        """Write the import (one transaction, off the GUI thread); asks first when it would
        mark many students as left."""
        if self.busy or self.dry_report is None:
            return
        if self.risky_classes():
            self.confirm_mass_leave()
            return
        self._start_commit(confirm_left=False)

    def confirm_mass_leave(self) -> QMessageBox:
        """The once-more question before marking many students as left (non-blocking)."""
        lines = [self.tr("{cls}：在读 {m} 人中的 {n} 人（{names}）").format(
            cls=c.class_name, m=c.active_before, n=len(c.left),
            names="、".join(c.left[:8]) + ("…" if len(c.left) > 8 else ""))
            for c in self.risky_classes()]
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("确认标记离班"),
                          self.tr("这次导入会把以下学生标记为离班：\n{lines}\n\n"
                                  "这通常说明文件不完整（被截断）或选错了文件、班级。"
                                  "确认这些学生确已离班吗？").format(lines="\n".join(lines)),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("confirmLeftDialog")
        go = box.addButton(self.tr("仍然导入"), QMessageBox.ButtonRole.DestructiveRole)
        go.setObjectName("confirmLeftYes")
        cancel = box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: self._start_commit(confirm_left=True) if button is go else None)
        box.open()
        return box

    def _start_commit(self, *, confirm_left: bool) -> None:
        if self.busy:
            return
        self.busy = True
        self.summary_page.completeChanged.emit()
        self._task = run_in_background(
            self, _import, self.db, self.path, self.class_name(), self.overrides(), False,
            confirm_left, on_done=self._committed_ok, on_error=self._commit_failed,
            label=self.tr("正在导入花名册…"))

    def _committed_ok(self, report: Any) -> None:
        self.busy = False
        self._committed = True
        self.report = report
        self.imported.emit([c.class_name for c in report.classes])
        self.accept()

    def _commit_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.summary_page.completeChanged.emit()
        show_error(self, exc)
