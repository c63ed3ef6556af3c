"""月报: pick a month and a class (or the whole school), preview the printed pages inside the
window, print (with Qt's print preview), save as PDF or Excel, and finalise (定稿) the month.

The preview pages are drawn by the same renderer as the PDF and the printer
(``services.report_files``), on the thread pool: building the report reads the database and drawing
the pages takes a moment for a large school.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from classgroup_desktop.core.report import SchoolSummary, month_label
from classgroup_desktop.store.db import Database
from classgroup_desktop.ui import file_dialogs
from classgroup_desktop.ui.common import fit_to_screen, run_in_background, show_error, show_info

SCHOOL = "__school__"  # scope combo data for the school summary
MONTHS_BACK = 24
PREVIEW_DPI = 96


def recent_months(today: date | None = None, count: int = MONTHS_BACK) -> list[str]:
    """``YYYY-MM`` of this month and the ``count - 1`` before it, newest first."""
    today = today or date.today()
    year, month = today.year, today.month
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out


def build_and_render(db: Database, scope: str, month: str) -> tuple[Any, list[QImage]]:
    """Worker thread: the report data and its pages as images."""
    from classgroup_desktop.services import report as service
    from classgroup_desktop.services.report_files import page_images

    if scope == SCHOOL:
        report = service.build_school_summary(db, month)
    else:
        report = service.build_class_report(db, scope, month)
    return report, page_images(report, dpi=PREVIEW_DPI)


class ReportsView(QWidget):
    """The 月报 tab."""

    status_message = Signal(str)
    preview_ready = Signal()
    class_chosen = Signal(str)  # the teacher picked a class here: the window follows

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsView")
        self.db = db
        self.report: Any = None
        self.page_images: list[QImage] = []
        self._pending_class: str | None = None
        self._loading = False
        self._generation = 0
        self._month_picked = False  # the teacher chose a month: no longer follow the data

        self.scope_combo = QComboBox()
        self.scope_combo.setObjectName("scopeCombo")
        self.scope_combo.setMinimumWidth(160)
        self.month_combo = QComboBox()
        self.month_combo.setObjectName("monthCombo")
        for m in recent_months():
            self.month_combo.addItem(month_label(m), m)
        self.month_combo.setCurrentIndex(1 if date.today().day < 20 else 0)

        self.print_button = QPushButton(self.tr("打印…"))
        self.pdf_button = QPushButton(self.tr("导出 PDF…"))
        self.xlsx_button = QPushButton(self.tr("导出 Excel…"))
        self.finalise_button = QPushButton(self.tr("定稿…"))
        self.finalise_button.setToolTip(
            self.tr(
                "定稿后保存本月报告的数据和校验码；以后重印内容不变，之后的改动会在报告上注明。"
            )
        )
        for name, button in (
            ("printButton", self.print_button),
            ("pdfButton", self.pdf_button),
            ("xlsxButton", self.xlsx_button),
            ("finaliseButton", self.finalise_button),
        ):
            button.setObjectName(name)
            button.setEnabled(False)
        self.print_button.clicked.connect(self.print_report)
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        self.xlsx_button.clicked.connect(lambda: self.export_xlsx())
        self.finalise_button.clicked.connect(lambda: self.finalise())

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("报告：")))
        bar.addWidget(self.scope_combo)
        bar.addWidget(QLabel(self.tr("月份：")))
        bar.addWidget(self.month_combo)
        bar.addStretch(1)
        for button in (self.print_button, self.pdf_button, self.xlsx_button, self.finalise_button):
            bar.addWidget(button)

        self.state_label = QLabel()
        self.state_label.setObjectName("stateLabel")
        self.state_label.setWordWrap(True)

        self.pages_box = QWidget()
        self.pages_box.setObjectName("previewPages")
        self.pages_layout = QVBoxLayout(self.pages_box)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.pages_layout.setSpacing(16)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("previewArea")
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.pages_box)
        self.scroll.setStyleSheet("QScrollArea { background: #8a8a8a; }")
        self.pages_box.setStyleSheet("#previewPages { background: #8a8a8a; }")

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.state_label)
        layout.addWidget(self.scroll, 1)

        self.reload_scopes()
        self.scope_combo.currentIndexChanged.connect(lambda _i: self._scope_picked())
        self.month_combo.currentIndexChanged.connect(lambda _i: self._month_changed())

    # --- choosing -----------------------------------------------------------------------------

    def reload_scopes(self) -> None:
        """Refill the class list (classes, then 全校汇总), keeping the current choice."""
        from classgroup_desktop.services.classes import list_classes

        current = self.scope_combo.currentData()
        self.scope_combo.blockSignals(True)
        self.scope_combo.clear()
        for c in list_classes(self.db, include_archived=False):
            self.scope_combo.addItem(c.name, c.name)
        self.scope_combo.addItem(self.tr("全校汇总"), SCHOOL)
        index = self.scope_combo.findData(current)
        self.scope_combo.setCurrentIndex(max(index, 0))
        self.scope_combo.blockSignals(False)

    def set_class(self, class_name: str | None) -> None:
        """Follow the main window's class (the school summary stays chosen if it was)."""
        if self.scope_combo.currentData() == SCHOOL and self.report is not None:
            return
        if class_name and self.scope_combo.findData(class_name) < 0:
            self.reload_scopes()
        index = self.scope_combo.findData(class_name) if class_name else -1
        if index >= 0 and index != self.scope_combo.currentIndex():
            self.scope_combo.blockSignals(True)
            self.scope_combo.setCurrentIndex(index)
            self.scope_combo.blockSignals(False)
        elif self.report is not None or self._loading:
            return  # already showing (or building) this class
        self._follow_data_month()
        self.refresh()

    def _scope_picked(self) -> None:
        """The teacher picked a class (or 全校汇总) here: one current class in the window."""
        scope = self.scope
        if scope and scope != SCHOOL:
            self.class_chosen.emit(scope)
        self._follow_data_month()
        self.refresh()

    def _month_changed(self) -> None:
        self._month_picked = True
        self.refresh()

    def _follow_data_month(self) -> None:
        """Until the teacher picks a month: the latest month with a check or a log entry
        (all the work may be in this month while the calendar says the report is last
        month's)."""
        if self._month_picked or not self.scope:
            return
        from classgroup_desktop.services.report import latest_active_month

        month = latest_active_month(self.db, None if self.scope == SCHOOL else self.scope)
        if month is None:
            return
        self.month_combo.blockSignals(True)
        index = self.month_combo.findData(month)
        if index < 0:
            self.month_combo.addItem(month_label(month), month)
            index = self.month_combo.count() - 1
        self.month_combo.setCurrentIndex(index)
        self.month_combo.blockSignals(False)

    def reload(self) -> None:
        self.reload_scopes()
        self.refresh()

    def set_month(self, month: str) -> None:
        index = self.month_combo.findData(month)
        if index < 0:
            self.month_combo.addItem(month_label(month), month)
            index = self.month_combo.count() - 1
        self.month_combo.setCurrentIndex(index)  # -> refresh (if it changed)

    def set_scope(self, scope: str) -> None:
        """A class name, or ``SCHOOL`` for the school summary."""
        index = self.scope_combo.findData(scope)
        if index >= 0:
            self.scope_combo.setCurrentIndex(index)

    @property
    def scope(self) -> str | None:
        return self.scope_combo.currentData()

    @property
    def month(self) -> str:
        return self.month_combo.currentData()

    # --- preview ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Rebuild the report and its preview pages (off the GUI thread)."""
        scope, month = self.scope, self.month
        if not scope or not month:
            return
        self._generation += 1
        generation = self._generation
        self._set_busy(True)
        self.state_label.setText(self.tr("正在生成报告预览…"))

        def done(result: tuple[Any, list[QImage]]) -> None:
            if generation != self._generation:
                return  # a newer refresh (other choice or new data) is on its way
            self.report, self.page_images = result
            self._show_pages()
            self._set_busy(False)
            self._show_state()
            self.preview_ready.emit()

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            self._set_busy(False)
            self.state_label.setText(self.tr("无法生成报告。"))
            show_error(self, exc)

        run_in_background(
            self,
            build_and_render,
            self.db,
            scope,
            month,
            on_done=done,
            on_error=failed,
            label=self.tr("正在生成报告…"),
        )

    def _set_busy(self, busy: bool) -> None:
        self._loading = busy
        ready = not busy and self.report is not None
        for button in (self.print_button, self.pdf_button, self.xlsx_button):
            button.setEnabled(ready)
        self.finalise_button.setEnabled(ready and self.report.finalisation is None)

    def _show_pages(self) -> None:
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for n, image in enumerate(self.page_images, 1):
            label = QLabel()
            label.setObjectName(f"previewPage{n}")
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("background: white; border: 1px solid #555;")
            label.setToolTip(self.tr("第 {n} 页 共 {m} 页").format(n=n, m=len(self.page_images)))
            self.pages_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)

    def _show_state(self) -> None:
        r = self.report
        pages = len(self.page_images)
        what = self.tr("全校汇总") if isinstance(r, SchoolSummary) else r.header.class_name
        text = self.tr("{what} {month}：共 {pages} 页。").format(
            what=what, month=month_label(self.month), pages=pages
        )
        fin = r.finalisation
        style = ""
        if fin is not None:
            text += self.tr("已于 {at} 定稿，显示定稿时的数据。").format(at=fin.finalised_at)
            if fin.updates_since:
                text += self.tr("本报告定稿后有 {n} 项更新。").format(n=fin.updates_since)
                style = "color: #a01010; font-weight: bold;"
        self.state_label.setStyleSheet(style)
        # Shown once, in the view itself: echoing it in the status bar just repeated it.
        self.state_label.setText(text)

    # --- outputs ------------------------------------------------------------------------------

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
