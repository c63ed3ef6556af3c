"""The 月报 view's outputs: print (Qt's print preview of the PDF's pages), PDF, Excel, 定稿.

A mixin of ``ReportsView`` (it uses the view's ``db``, ``report``, ``scope``, ``month``,
``refresh`` and ``status_message``): one idea — what is done with the report on show — kept
apart from choosing and previewing it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from classgroup_desktop.core.report import SchoolSummary, month_label
from classgroup_desktop.ui import file_dialogs
from classgroup_desktop.ui.common import fit_to_screen, run_in_background, show_error, show_info

SCHOOL = "__school__"  # scope data for the school summary (ReportsView re-exports it)


class ReportOutputs:
    """Print, save as PDF / Excel, finalise — for ``ReportsView``."""

    report: Any
    db: Any
    status_message: Any

    def _default_name(self, suffix: str) -> str:
        r = self.report
        if isinstance(r, SchoolSummary):
            return f"班级群管理学校汇总_{r.month}{suffix}"
        return f"{r.header.class_name}_班级群管理月报_{r.header.month}{suffix}"

    def _ask_path(self, title: str, suffix: str, filter_text: str) -> str | None:
        path = file_dialogs.save_file(self, file_dialogs.EXPORT, title,
                                      self._default_name(suffix), filter_text)
        if not path:
            return None
        return path if path.lower().endswith(suffix) else path + suffix

    def export_pdf(self, path: str | Path | None = None) -> None:
        """Save the report as PDF (asks where when ``path`` is None); written off the GUI
        thread with the same renderer as the preview."""
        if self.report is None:
            return
        path = path or self._ask_path(self.tr("导出 PDF"), ".pdf", self.tr("PDF 文件 (*.pdf)"))
        if not path:
            return
        from classgroup_desktop.services.report_files import save_pdf

        run_in_background(
            self,
            save_pdf,
            self.report,
            path,
            on_done=lambda pages: self._saved(path, pages),
            label=self.tr("正在保存 PDF…"),
        )

    def export_xlsx(self, path: str | Path | None = None) -> None:
        if self.report is None:
            return
        path = path or self._ask_path(
            self.tr("导出 Excel"), ".xlsx", self.tr("Excel 工作簿 (*.xlsx)")
        )
        if not path:
            return
        from classgroup_desktop.services.report_files import save_xlsx

        run_in_background(
            self,
            save_xlsx,
            self.report,
            path,
            on_done=lambda _r: self._saved(path, None),
            label=self.tr("正在保存 Excel…"),
        )

    def _saved(self, path: str | Path, pages: int | None) -> None:
        text = self.tr("已保存：{path}").format(path=path)
        if pages:
            text += self.tr("（{n} 页）").format(n=pages)
        self.status_message.emit(text)

    def print_report(self) -> None:
        """Ctrl+P / 打印…: Qt's print preview of exactly the PDF's pages, then print."""
        if self.report is None:
            return
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        from classgroup_desktop.services.report_files import prepare_printer, print_to

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer)
        printer.setFullPage(True)
        printer.setDocName(self._default_name(""))
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setObjectName("printPreviewDialog")
        dialog.setWindowTitle(self.tr("打印预览"))
        report = self.report
        dialog.paintRequested.connect(lambda p: print_to(report, p))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog._printer = printer  # keep the printer alive as long as the dialog
        fit_to_screen(dialog, 900, 1000)
        dialog.open()
        self.print_dialog = dialog

    def finalise(self, ask: bool = True) -> None:
        """定稿: store this month's report data and hash (once per month and scope)."""
        if self.report is None or self.report.finalisation is not None:
            return
        scope, month = self.scope, self.month
        class_name = None if scope == SCHOOL else scope
        what = self.tr("全校汇总") if class_name is None else class_name
        if ask:
            answer = QMessageBox.question(
                self,
                self.tr("定稿"),
                self.tr(
                    "将 {what} {month} 的报告定稿？\n定稿后报告内容固定，以后重印与现在相同；"
                    "之后对本月数据的改动会在报告上注明“定稿后有 N 项更新”。此操作不能撤销。"
                ).format(what=what, month=month_label(month)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        from classgroup_desktop.services.report import finalise_report

        try:
            fin = finalise_report(self.db, class_name, month)
        except Exception as exc:  # noqa: BLE001 - shown in Chinese (UserError) or logged
            show_error(self, exc)
            return
        show_info(self, self.tr("已定稿。校验码：{h}").format(h=fin.content_hash), self.tr("定稿"))
        self.refresh()

