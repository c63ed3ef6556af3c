"""上报处理: the supervisor's list of escalations from the classes' packages, and 记录处置.

A disposition is appended to this database's hash-chained log by ``services.school.dispose``;
it cannot be edited afterwards (a later disposition is added beside it).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from classgroup_desktop.core.report import EscalationState
from classgroup_desktop.store.db import Database
from classgroup_desktop.ui.common import fit_to_screen, ok_cancel_buttons, show_error
from classgroup_desktop.ui.table_model import Index, RowsTableModel

OPEN_BRUSH = QBrush(QColor("#fde2e1"))


class EscalationsModel(RowsTableModel):
    HEADERS = ("状态", "班级", "时间", "成员", "规则", "说明", "证据", "处置")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        e: EscalationState = self.row_at(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                self.tr("已处置") if e.handled else self.tr("待处置"),
                e.class_name, e.occurred_at, e.member or "—", e.rule_code or "—",
                e.description, self._evidence(e), e.disposition,
            )[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and not e.handled:
            return OPEN_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [self.tr("上报编号：{key}").format(key=e.key)]
            lines += [f"{ref.file_name}  SHA-256 {ref.sha256}" for ref in e.evidence]
            return "\n".join(lines)
        return None

    def _evidence(self, e: EscalationState) -> str:
        if not e.evidence:
            return self.tr("无")
        if e.evidence_stored == len(e.evidence):
            return self.tr("{n} 个（已附）").format(n=len(e.evidence))
        return self.tr("{n} 个（仅校验码）").format(n=len(e.evidence))


class DispositionDialog(QDialog):
    """记录处置: what was done, by whom, when, whether reported upward."""

    def __init__(self, escalation: EscalationState, handled_by: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dispositionDialog")
        self.setWindowTitle(self.tr("记录处置"))
        self.escalation = escalation
        about = QLabel(self.tr("{c} {t} {m}：{d}").format(
            c=escalation.class_name, t=escalation.occurred_at, m=escalation.member or "",
            d=escalation.description))
        about.setWordWrap(True)
        self.action_edit = QPlainTextEdit()
        self.action_edit.setObjectName("actionEdit")
        self.action_edit.setPlaceholderText(self.tr("做了什么，例如：约谈发布者家长，已删除不实信息"))
        self.by_edit = QLineEdit(handled_by)
        self.by_edit.setObjectName("byEdit")
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setObjectName("dateEdit")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.upward_check = QCheckBox(self.tr("已上报上级主管部门"))
        self.upward_check.setObjectName("upwardCheck")
        form = QFormLayout()
        form.addRow(self.tr("处置情况："), self.action_edit)
        form.addRow(self.tr("处置人："), self.by_edit)
        form.addRow(self.tr("处置日期："), self.date_edit)
        form.addRow("", self.upward_check)
        note = QLabel(self.tr("处置写入本机事件记录，保存后不能修改；“验证记录链”可核对。"))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(ok_cancel_buttons(self, self.tr("保存处置")))

    def values(self) -> dict[str, Any]:
        return {
            "action": self.action_edit.toPlainText().strip(),
            "handled_by": self.by_edit.text().strip(),
            "handled_at": date.fromisoformat(self.date_edit.date().toString("yyyy-MM-dd")),
            "reported_upward": self.upward_check.isChecked(),
        }


class EscalationsDialog(QDialog):
    """The 上报处理 list (all months), open ones first."""

    changed = Signal()  # a disposition was recorded

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("escalationsDialog")
        self.setWindowTitle(self.tr("上报处理"))
        self.db = db
        self.model = EscalationsModel(self)
        self.table = QTableView()
        self.table.setObjectName("escalationsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (5, 7):  # 说明 and 处置 share what the short columns leave
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.summary.setObjectName("escalationsSummary")
        self.dispose_button = QPushButton(self.tr("记录处置…"))
        self.dispose_button.setObjectName("disposeButton")
        self.dispose_button.clicked.connect(lambda: self.record_disposition())
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.dispose_button)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        fit_to_screen(self, 1000, 560)
        self.reload()

    def reload(self) -> None:
        from classgroup_desktop.services.school import list_escalations

        rows = list_escalations(self.db)
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()
        open_count = sum(1 for e in rows if not e.handled)
        self.summary.setText(self.tr("共 {n} 件上报，待处置 {k} 件。").format(
            n=len(rows), k=open_count))
        if rows:
            self.table.selectRow(0)
        self.dispose_button.setEnabled(bool(rows))

    def selected(self) -> EscalationState | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def record_disposition(self, values: dict[str, Any] | None = None) -> bool:
        """Ask (or take ``values``) and record a 处置 for the selected escalation."""
        from classgroup_desktop.services.school import dispose
        from classgroup_desktop.services.settings import TEACHER_NAME, get_setting

        escalation = self.selected()
        if escalation is None:
            return False
        if values is None:
            dialog = DispositionDialog(escalation, str(get_setting(self.db, TEACHER_NAME) or ""),
                                       self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            values = dialog.values()
        try:
            dispose(self.db, escalation.key, **values)
        except Exception as exc:  # noqa: BLE001 - shown in Chinese (UserError) or logged
            show_error(self, exc)
            return False
        self.reload()
        self.changed.emit()
        return True
