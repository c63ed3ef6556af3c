"""月报: pick a month and a class (or the whole school), preview the printed pages inside the
window, print (with Qt's print preview), save as PDF or Excel, and finalise (定稿) the month.
A class's finalised month is handed to the school as a report package (导出给学校); on the
全校汇总 the supervisor imports packages (button, or drop the files on the view) and handles
escalations (上报处理). Those actions live in ``package_actions`` and ``escalations_dialog``.

The preview pages are drawn by the same renderer as the PDF and the printer
(``services.report_files``), on the thread pool: building the report reads the database and drawing
the pages takes a moment for a large school.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from classgroup_desktop.core.report import SchoolSummary, month_label
from classgroup_desktop.store.db import Database
from classgroup_desktop.ui.common import run_in_background, show_error
from classgroup_desktop.ui.reports.outputs import SCHOOL, ReportOutputs
from classgroup_desktop.ui.reports.package_actions import PackageActions, package_paths

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


class ReportsView(ReportOutputs, QWidget):
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
        self.package_button = QPushButton(self.tr("导出给学校…"))
        self.package_button.setToolTip(
            self.tr("把定稿的本月月报保存为月报包（.cgpkg），交给学校专人导入学校汇总。")
        )
        self.import_button = QPushButton(self.tr("导入月报包…"))
        self.import_button.setToolTip(
            self.tr("导入各班交来的月报包（也可以把文件直接拖到这里）；被改动过的包会被拒绝。")
        )
        self.escalations_button = QPushButton(self.tr("上报处理…"))
        for name, button in (
            ("printButton", self.print_button),
            ("pdfButton", self.pdf_button),
            ("xlsxButton", self.xlsx_button),
            ("finaliseButton", self.finalise_button),
            ("packageButton", self.package_button),
        ):
            button.setObjectName(name)
            button.setEnabled(False)
        self.import_button.setObjectName("importPackagesButton")
        self.escalations_button.setObjectName("escalationsButton")
        self.packages = PackageActions(self, db)
        self.packages.imported.connect(self._after_import)
        self.packages.exported.connect(lambda path: self._saved(path, None))
        self.package_button.clicked.connect(lambda: self.export_package())
        self.import_button.clicked.connect(self.packages.choose_and_import)
        self.escalations_button.clicked.connect(lambda: self.open_escalations())
        self.setAcceptDrops(True)
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

        # The report-package actions sit beside the state line: the top bar is full at 1024 px.
        state_row = QHBoxLayout()
        state_row.addWidget(self.state_label, 1)
        for button in (self.package_button, self.import_button, self.escalations_button):
            state_row.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(state_row)
        layout.addWidget(self.scroll, 1)

        self.reload_scopes()
        self._show_scope_buttons()
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
        self._show_scope_buttons()
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
        self.package_button.setEnabled(ready and not isinstance(self.report, SchoolSummary))

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
        handin = r.handin if isinstance(r, SchoolSummary) else None
        if handin is not None:
            text += self.tr("已交月报包 {p} 个班").format(
                p=sum(1 for h in handin.classes if h.source == "package"))
            if handin.not_handed_in:
                text += self.tr("，未交：{names}").format(names="、".join(handin.not_handed_in))
            text += self.tr("；上报待处置 {k} 件。").format(k=handin.open_escalations)
            if handin.not_handed_in or handin.open_escalations:
                style = "color: #a01010; font-weight: bold;"
        self.state_label.setStyleSheet(style)
        # Shown once, in the view itself: echoing it in the status bar just repeated it.
        self.state_label.setText(text)

    # --- report packages (导出给学校 / 导入月报包 / 上报处理) ------------------------------------

    def _show_scope_buttons(self) -> None:
        school = self.scope == SCHOOL
        self.package_button.setVisible(not school)
        self.import_button.setVisible(school)
        self.escalations_button.setVisible(school)

    def export_package(self, path: str | Path | None = None, *, ask: bool = True,
                       with_evidence: bool | None = None) -> None:
        """导出给学校: the class's finalised month as a report package (asks to finalise
        first when it is not); ``path``/``ask`` for tests and scripted use."""
        if self.report is None or isinstance(self.report, SchoolSummary):
            return
        was_final = self.report.finalisation is not None
        self.packages.export(self.report, self.month, path=path, ask=ask,
                             with_evidence=with_evidence,
                             on_done=None if was_final else (lambda _r: self.refresh()))

    def import_packages(self, files: list[str], *, show: bool = True) -> None:
        """Import packages (dropped or chosen), then show the 全校汇总."""
        self.packages.import_files(files, show=show)

    def _after_import(self, outcomes: list[Any]) -> None:
        """Show the 全校汇总 of the month the packages were for (the newest, if several)."""
        months = [o.month for o in outcomes if o.month]
        self.month_combo.blockSignals(True)
        if months:
            self.set_month(max(months))
        self.month_combo.blockSignals(False)
        if self.scope != SCHOOL:
            self.set_scope(SCHOOL)  # -> refresh
        else:
            self.refresh()

    def open_escalations(self) -> Any:
        from classgroup_desktop.ui.reports.escalations_dialog import EscalationsDialog

        dialog = EscalationsDialog(self.db, self)
        dialog.changed.connect(self.refresh)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.escalations_dialog = dialog
        return dialog

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if package_paths(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        files = package_paths(event.mimeData().urls())
        if files:
            event.acceptProposedAction()
            self.import_packages(files)
