"""导出给学校 and 导入月报包: the 月报 view's report-package actions, over
``services.report_package`` (one service builds, renders and packages, as ``report --package``).

The teacher exports a finalised month (the view asks to finalise first); the supervisor imports
packages with a button or by dropping files on the 全校汇总 view. Both run off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget

from classgroup_desktop.core.report import ClassMonthReport, month_label
from classgroup_desktop.store.db import Database
from classgroup_desktop.ui import file_dialogs
from classgroup_desktop.ui.common import run_in_background, show_error

PACKAGE_SUFFIX = ".cgpkg"


def package_paths(urls: Sequence[Any]) -> list[str]:
    """The report packages (``.cgpkg``) among dropped URLs (``QUrl``s); other files are left to
    the main window (a roster dropped here is still a roster)."""
    return [u.toLocalFile() for u in urls
            if u.isLocalFile() and u.toLocalFile().lower().endswith(PACKAGE_SUFFIX)]


class PackageActions(QObject):
    """What the 月报 view does with report packages; ``imported`` after an import ran."""

    exported = Signal(str)  # the path written
    imported = Signal(list)  # [ImportOutcome]

    def __init__(self, view: QWidget, db: Database) -> None:
        super().__init__(view)
        self.view = view
        self.db = db
        self.last_message: QMessageBox | None = None

    # --- export ------------------------------------------------------------------------------

    def export(self, report: ClassMonthReport, month: str, *, path: str | Path | None = None,
               ask: bool = True, with_evidence: bool | None = None,
               on_done: Callable[[Any], None] | None = None) -> None:
        """导出给学校: asks to finalise an unfinalised month first, whether to include the
        escalations' evidence files (when there are any), and where to save."""
        view = self.view
        class_name = report.header.class_name
        finalise = report.finalisation is None
        if finalise and ask:
            answer = QMessageBox.question(
                view, self.tr("导出给学校"),
                self.tr("{c} {m} 的月报尚未定稿。交给学校的必须是定稿的月报：定稿后内容固定，"
                         "不能撤销。现在定稿并导出？").format(c=class_name, m=month_label(month)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        has_evidence = any(line.evidence for line in report.log if line.kind == "escalation")
        if with_evidence is None:
            with_evidence = False
            if has_evidence and ask:
                box = QMessageBox(QMessageBox.Icon.Question, self.tr("导出给学校"),
                                  self.tr("本月的上报附有证据文件。月报包中总会附上证据的"
                                           "校验码；证据图片本身只在勾选时附上。"),
                                  QMessageBox.StandardButton.Ok
                                  | QMessageBox.StandardButton.Cancel, view)
                box.setObjectName("evidenceChoiceDialog")
                check = QCheckBox(self.tr("附上证据文件（图片）"))
                check.setObjectName("withEvidenceCheck")
                box.setCheckBox(check)
                if box.exec() != QMessageBox.StandardButton.Ok:
                    return
                with_evidence = check.isChecked()
        if path is None:
            chosen = file_dialogs.save_file(
                view, file_dialogs.EXPORT, self.tr("导出给学校"),
                f"{class_name}_月报包_{month}{PACKAGE_SUFFIX}",
                self.tr("月报包 (*.cgpkg)"))
            if not chosen:
                return
            path = chosen if chosen.lower().endswith(PACKAGE_SUFFIX) else chosen + PACKAGE_SUFFIX
        from classgroup_desktop.services.report_package import export_package

        target = str(path)

        def done(result: Any) -> None:
            self.exported.emit(result.path)
            if on_done is not None:
                on_done(result)

        run_in_background(
            view, export_package, self.db, class_name, month, target,
            finalise=finalise, with_evidence=with_evidence,
            on_done=done, on_error=lambda exc: show_error(view, exc),
            label=self.tr("正在生成月报包…"),
        )

    # --- import ------------------------------------------------------------------------------

    def choose_and_import(self) -> None:
        files = file_dialogs.open_files(self.view, file_dialogs.EXPORT, self.tr("导入月报包"),
                                        self.tr("月报包 (*.cgpkg);;所有文件 (*)"))
        if files:
            self.import_files(files)

    def import_files(self, files: Sequence[str], *, show: bool = True) -> None:
        """Verify and import packages (dropped or chosen); a summary of the outcomes after."""
        from classgroup_desktop.services.report_package import import_packages

        def done(outcomes: list[Any]) -> None:
            if show:
                self._show_outcomes(outcomes)
            self.imported.emit(outcomes)

        run_in_background(self.view, import_packages, self.db, list(files), on_done=done,
                          on_error=lambda exc: show_error(self.view, exc),
                          label=self.tr("正在校验并导入月报包…"))

    def _show_outcomes(self, outcomes: list[Any]) -> None:
        from classgroup_desktop.services.report_package import REFUSED, UNREADABLE

        bad = [o for o in outcomes if o.status in (REFUSED, UNREADABLE)]
        lines = [("✗ " if o in bad else "✓ ") + o.message for o in outcomes]
        box = QMessageBox(QMessageBox.Icon.Warning if bad else QMessageBox.Icon.Information,
                          self.tr("导入月报包"),
                          self.tr("导入 {n} 个文件，{k} 个未通过：").format(
                              n=len(outcomes), k=len(bad)) if bad
                          else self.tr("导入 {n} 个文件：").format(n=len(outcomes)),
                          QMessageBox.StandardButton.Ok, self.view)
        box.setObjectName("packageImportResult")
        box.setInformativeText("\n".join(lines))
        box.open()
        self.last_message = box
