"""事件记录: the class's append-only log — filter, add, void with a reason, open evidence — with
the ladder's suggestions, the loop's pending items and the chain's status beside it."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from classgroup_desktop.core.errors import UserError
from classgroup_desktop.core.logchain import KIND_LABELS, LogEntry
from classgroup_desktop.store.db import Database
from classgroup_desktop.ui.common import icon, run_in_background, show_error
from classgroup_desktop.ui.log.entry_dialog import AddEntryDialog
from classgroup_desktop.ui.log.selfcheck_dialog import SelfCheckDialog
from classgroup_desktop.ui.responsive import ResponsiveSplitter

ALL = "__all__"
_ROOT = QModelIndex()


def _log():
    from classgroup_desktop.services import log

    return log


def _log_chain():
    from classgroup_desktop.services import log_chain

    return log_chain


def _pending():
    from classgroup_desktop.services import pending

    return pending


class LogTableModel(QAbstractTableModel):
    """The entries of one class, newest first; voided entries greyed and struck through."""

    COLUMNS = ("编号", "发生日期", "类型", "群成员", "规则", "情况说明", "证据", "记录人", "状态")
    SORT_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._entries: list[LogEntry] = []
        self._rules: dict[str, Any] = {}

    def set_entries(self, entries: list[LogEntry]) -> None:
        self.beginResetModel()
        self._entries = sorted(entries, key=lambda e: (e.occurred_at, e.id), reverse=True)
        self._rules = {r.code: r for r in _log().rules().rules}
        self.endResetModel()

    def entry_at(self, row: int) -> LogEntry:
        return self._entries[row]

    def entries(self) -> list[LogEntry]:
        return list(self._entries)

    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None

    def _status(self, e: LogEntry) -> str:
        if e.voided_by:
            return self.tr("已作废（#{n}）").format(n=e.voided_by)
        if e.voids_entry_id:
            return self.tr("作废 #{n}").format(n=e.voids_entry_id)
        return ""

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        e = self._entries[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, self.SORT_ROLE):
            values = (
                e.id,
                e.occurred_at.strftime("%Y-%m-%d"),
                e.kind_label,
                e.member or "",
                e.rule or "",
                e.description.replace("\n", " "),
                len(e.attachments) or "",
                e.recorded_by or "",
                self._status(e),
            )
            if role == self.SORT_ROLE and col == 1:
                return e.occurred_at.isoformat()
            return values[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 4 and e.rule in self._rules:
                rule = self._rules[e.rule]
                return f"{rule.code} {rule.title}\n{rule.text}"
            if col == 5 and e.description:
                return e.description
            if col == 6 and e.attachments:
                return "\n".join(a.file_name for a in e.attachments)
            if col == 1:
                return self.tr("发生：{a}\n记录：{b}").format(
                    a=e.occurred_at.strftime("%Y-%m-%d %H:%M"),
                    b=e.recorded_at.strftime("%Y-%m-%d %H:%M"),
                )
        if role == Qt.ItemDataRole.ForegroundRole and (e.voided_by or e.kind == "void"):
            return QBrush(QColor(130, 130, 130))
        if role == Qt.ItemDataRole.FontRole and e.voided_by:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 6):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class LogFilter(QSortFilterProxyModel):
    """Month (YYYY-MM), kind, rule and member text; each ALL/"" means no filter."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.month = ALL
        self.kind = ALL
        self.rule = ALL
        self.member = ""
        self.setSortRole(LogTableModel.SORT_ROLE)

    def set_filter(self, **values: str) -> None:
        self.beginFilterChange()
        for key, value in values.items():
            setattr(self, key, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802
        e: LogEntry = self.sourceModel().entry_at(source_row)  # type: ignore[attr-defined]
        if self.month != ALL and e.occurred_at.strftime("%Y-%m") != self.month:
            return False
        if self.kind != ALL and e.kind != self.kind:
            return False
        if self.rule != ALL and e.rule != self.rule:
            return False
        text = self.member.strip().casefold()
        return not text or text in (e.member or "").casefold() or text in e.description.casefold()


class VoidDialog(QDialog):
    """作废记录: the reason is required; the original entry stays, marked as voided."""

    def __init__(self, entry: LogEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("voidDialog")
        self.setWindowTitle(self.tr("作废记录"))
        form = QFormLayout(self)
        form.addRow(
            QLabel(
                self.tr("作废{caption}？\n原记录会保留并标记为已作废，不会删除。").format(
                    caption=entry.summary()
                )
            )
        )
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("voidReason")
        self.reason_edit.setPlaceholderText(self.tr("例如：记错了成员"))
        form.addRow(self.tr("作废原因*："), self.reason_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("作废"))
        self.ok_button.setEnabled(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.reason_edit.textChanged.connect(lambda t: self.ok_button.setEnabled(bool(t.strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def reason(self) -> str:
        return self.reason_edit.text().strip()


class LogView(QWidget):
    """The 事件记录 view of the selected class."""

    status_message = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.class_name: str | None = None
        self.chain_ok: bool | None = None
        self._evidence_dir: Path | None = None

        self.model = LogTableModel(self)
        self.proxy = LogFilter(self)
        self.proxy.setSourceModel(self.model)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        top = QHBoxLayout()
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        top.addWidget(self.title)
        top.addStretch(1)
        self.chain_label = QLabel()
        self.chain_label.setObjectName("chainStatus")
        top.addWidget(self.chain_label)
        self.verify_button = QPushButton(icon("check"), self.tr("验证记录链"))
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.setToolTip(
            self.tr("重新计算每条记录和证据的哈希，检查记录是否被改动或删除")
        )
        self.verify_button.clicked.connect(self.verify)
        top.addWidget(self.verify_button)
        layout.addLayout(top)

        filters = QHBoxLayout()
        self.month_combo = QComboBox()
        self.month_combo.setObjectName("monthFilter")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindFilter")
        self.kind_combo.addItem(self.tr("全部类型"), ALL)
        for key, label in KIND_LABELS.items():
            self.kind_combo.addItem(self.tr(label), key)
        self.rule_combo = QComboBox()
        self.rule_combo.setObjectName("ruleFilter")
        self.rule_combo.setMaximumWidth(280)
        self.rule_combo.addItem(self.tr("全部规则"), ALL)
        for r in _log().rules().rules:
            self.rule_combo.addItem(r.label, r.code)
            self.rule_combo.setItemData(
                self.rule_combo.count() - 1, r.text, Qt.ItemDataRole.ToolTipRole
            )
        self.member_edit = QLineEdit()
        self.member_edit.setObjectName("memberFilter")
        self.member_edit.setPlaceholderText(self.tr("查找群成员或说明"))
        self.member_edit.setClearButtonEnabled(True)
        self.member_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        for label, widget in (
            (self.tr("月份："), self.month_combo),
            (self.tr("类型："), self.kind_combo),
            (self.tr("规则："), self.rule_combo),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.member_edit, 1)
        layout.addLayout(filters)
        self.month_combo.currentIndexChanged.connect(self._apply_filters)
        self.kind_combo.currentIndexChanged.connect(self._apply_filters)
        self.rule_combo.currentIndexChanged.connect(self._apply_filters)
        self.member_edit.textChanged.connect(self._apply_filters)

        actions = QHBoxLayout()
        self.add_button = QPushButton(icon("add"), self.tr("新增记录…"))
        self.add_button.setObjectName("addEntryButton")
        self.add_button.clicked.connect(lambda: self.add_entry())
        self.void_button = QPushButton(self.tr("作废…"))
        self.void_button.setObjectName("voidButton")
        self.void_button.setToolTip(self.tr("记录不能修改或删除；写错了就作废，并写明原因"))
        self.void_button.clicked.connect(self.void_selected)
        self.evidence_button = QPushButton(icon("image"), self.tr("查看证据"))
        self.evidence_button.setObjectName("evidenceButton")
        self.evidence_button.clicked.connect(self.open_evidence)
        self.selfcheck_button = QPushButton(icon("check"), self.tr("发布前检查…"))
        self.selfcheck_button.setObjectName("selfcheckButton")
        self.selfcheck_button.setToolTip(
            self.tr("发消息前检查是否公布排名、点名负面信息（教师-4、教师-5）")
        )
        self.selfcheck_button.clicked.connect(lambda: self.open_selfcheck())
        self.fraud_button = QPushButton(self.tr("防诈骗检查…"))
        self.fraud_button.setObjectName("fraudcheckButton")
        self.fraud_button.setToolTip(self.tr("检查群里的消息是否要求付款、转账、扫码（家长-5）"))
        self.fraud_button.clicked.connect(lambda: self.open_selfcheck(fraud=True))
        for b in (self.add_button, self.void_button, self.evidence_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.selfcheck_button)
        actions.addWidget(self.fraud_button)
        layout.addLayout(actions)

        # Narrow window: 升级建议 and 待办 go under the table, side by side.
        splitter = ResponsiveSplitter([760, 300], [420, 180],
                                      on_orientation=self._side_orientation)
        self.table = QTableView()
        self.table.setObjectName("logTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.open_evidence())
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        splitter.addWidget(self.table)

        side = QWidget()
        side_layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, side)
        self.side_layout = side_layout
        side_layout.setContentsMargins(0, 0, 0, 0)
        sugg_box = QGroupBox(self.tr("升级建议"))
        sugg_layout = QVBoxLayout(sugg_box)
        self.suggestions = QListWidget()
        self.suggestions.setObjectName("suggestionList")
        self.suggestions.setWordWrap(True)
        self.suggestions.setSpacing(4)
        self.suggestions.setToolTip(self.tr("双击：按建议新增记录（建议不会自动执行）"))
        self.suggestions.itemDoubleClicked.connect(self._act_on_suggestion)
        sugg_layout.addWidget(self.suggestions)
        pend_box = QGroupBox(self.tr("待办事项"))
        pend_layout = QVBoxLayout(pend_box)
        self.pending = QListWidget()
        self.pending.setObjectName("pendingList")
        self.pending.setWordWrap(True)
        self.pending.setSpacing(4)
        self.pending.setAlternatingRowColors(True)
        pend_layout.addWidget(self.pending)
        side_layout.addWidget(sugg_box)
        side_layout.addWidget(pend_box)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([760, 300])
        layout.addWidget(splitter, 1)
        self.splitter = splitter

        self.empty_label = QLabel()
        self.empty_label.setObjectName("logEmpty")
        self.empty_label.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.empty_label)
        self.set_class(None)

    # --- loading ----------------------------------------------------------------------------

    def set_class(self, class_name: str | None) -> None:
        """Show the log of ``class_name`` (None: nothing to show)."""
        self.class_name = class_name
        self.title.setText(
            self.tr("事件记录 — {cls}").format(cls=class_name)
            if class_name
            else self.tr("事件记录")
        )
        for w in (self.add_button, self.selfcheck_button, self.fraud_button):
            w.setEnabled(bool(class_name))
        self.reload()

    def reload(self) -> None:
        """Re-read entries, suggestions and pending items of the class (fast: small queries)."""
        entries: list[LogEntry] = []
        suggestions: list[Any] = []
        pending: list[Any] = []
        if self.class_name:
            try:
                entries = _log().list_entries(self.db, self.class_name)
                suggestions = _log().ladder_suggestions(self.db, self.class_name)
                pending = _pending().pending_items(self.db, self.class_name)
            except UserError as exc:
                show_error(self, exc)
        self.model.set_entries(entries)
        self._fill_months(entries)
        self._fill_side(suggestions, pending)
        self.empty_label.setText(
            ""
            if entries
            else (
                self.tr("还没有记录。提醒、清退、上报都记在这里，只能新增、作废，不能修改。")
                if self.class_name
                else self.tr("请先选择班级。")
            )
        )
        self._update_actions()

    def _fill_months(self, entries: list[LogEntry]) -> None:
        current = self.month_combo.currentData() or ALL
        months = sorted({e.occurred_at.strftime("%Y-%m") for e in entries}, reverse=True)
        self.month_combo.blockSignals(True)
        self.month_combo.clear()
        self.month_combo.addItem(self.tr("全部月份"), ALL)
        for m in months:
            self.month_combo.addItem(m, m)
        self.month_combo.setCurrentIndex(max(self.month_combo.findData(current), 0))
        self.month_combo.blockSignals(False)
        self._apply_filters()

    def _fill_side(self, suggestions: list[Any], pending: list[Any]) -> None:
        self.suggestions.clear()
        for s in suggestions:
            item = QListWidgetItem(
                icon("clearout") if s.suggest_kind == "clear-out" else icon("log"), s.text
            )
            item.setData(Qt.ItemDataRole.UserRole, s)
            item.setToolTip(
                self.tr("依据记录：{ids}\n双击按建议新增记录").format(
                    ids="、".join(f"#{i}" for i in s.trigger_ids)
                )
            )
            self.suggestions.addItem(item)
        if not suggestions:
            self.suggestions.addItem(self.tr("暂无建议"))
        self.pending.clear()
        for p in pending:
            item = QListWidgetItem(f"【{p.kind}】{p.nickname}\n{p.detail}")
            item.setData(Qt.ItemDataRole.UserRole, p)
            self.pending.addItem(item)
        if not pending:
            self.pending.addItem(self.tr("暂无待办"))

    def _apply_filters(self, *_args: Any) -> None:
        self.proxy.set_filter(
            month=self.month_combo.currentData() or ALL,
            kind=self.kind_combo.currentData() or ALL,
            rule=self.rule_combo.currentData() or ALL,
            member=self.member_edit.text(),
        )

    # --- selection --------------------------------------------------------------------------

    def selected_entry(self) -> LogEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.entry_at(self.proxy.mapToSource(rows[0]).row())

    def select_entry(self, entry_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data() == entry_id:
                self.table.selectRow(row)
                return

    def _update_actions(self, *_args: Any) -> None:
        e = self.selected_entry()
        self.void_button.setEnabled(e is not None and e.kind != "void" and not e.voided_by)
        self.evidence_button.setEnabled(e is not None and bool(e.attachments))

    # --- actions ----------------------------------------------------------------------------

    def add_entry(
        self, nickname: str | None = None, kind: str = "reminder", rule: str | None = None
    ) -> AddEntryDialog | None:
        if not self.class_name:
            return None
        dialog = AddEntryDialog(
            self.db, self.class_name, nickname=nickname, kind=kind, rule=rule, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.entry_added.connect(self._on_added)
        dialog.open()
        return dialog

    def _on_added(self, entry: LogEntry) -> None:
        self.reload()
        self.select_entry(entry.id)
        self.chain_ok = None
        self.chain_label.setText("")
        self.status_message.emit(self.tr("已记录：{caption}").format(caption=entry.summary()))

    def _act_on_suggestion(self, item: QListWidgetItem) -> None:
        s = item.data(Qt.ItemDataRole.UserRole)
        if s is not None:
            self.add_entry(nickname=s.member, kind=s.suggest_kind, rule=s.rule)

    def void_selected(self) -> VoidDialog | None:
        entry = self.selected_entry()
        if entry is None:
            return None
        dialog = VoidDialog(entry, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def done(result: int) -> None:
            if result != QDialog.DialogCode.Accepted:
                return
            try:
                void = _log().void_entry(self.db, entry.id, dialog.reason())
            except UserError as exc:
                show_error(self, exc)
                return
            self.reload()
            self.status_message.emit(
                self.tr("已作废第 {n} 条记录（作废记录 #{v}）").format(n=entry.id, v=void.id)
            )

        dialog.finished.connect(done)
        dialog.open()
        return dialog

    def evidence_files(self, entry: LogEntry) -> list[Path]:
        """Write the entry's evidence to a private temp folder (the stored copy stays as is)."""
        if self._evidence_dir is None:
            self._evidence_dir = Path(tempfile.mkdtemp(prefix="classgroup-evidence-"))
        out = []
        for a in entry.attachments:
            folder = self._evidence_dir / a.sha256[:12]
            folder.mkdir(exist_ok=True)
            path = folder / Path(a.file_name).name
            if not path.exists():
                path.write_bytes(_log().attachment_content(self.db, a.sha256))
            out.append(path)
        return out

    def open_evidence(self) -> list[Path]:
        entry = self.selected_entry()
        if entry is None or not entry.attachments:
            return []
        try:
            paths = self.evidence_files(entry)
        except (UserError, OSError) as exc:
            show_error(self, exc)
            return []
        for path in paths:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return paths

    def open_selfcheck(self, fraud: bool = False) -> SelfCheckDialog:
        dialog = SelfCheckDialog(self.db, self.class_name, self, fraud=fraud)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def verify(self) -> None:
        """验证记录链 off the GUI thread (hashing every entry and evidence file)."""
        self.verify_button.setEnabled(False)
        self.chain_label.setText(self.tr("正在验证…"))

        def done(report: Any) -> None:
            self.verify_button.setEnabled(True)
            self.show_chain(report)

        def failed(exc: BaseException) -> None:
            self.verify_button.setEnabled(True)
            self.chain_label.setText("")
            show_error(self, exc)

        run_in_background(
            self,
            _log_chain().verify_chain,
            self.db,
            on_done=done,
            on_error=failed,
            label=self.tr("正在验证记录链…"),
        )

    def _side_orientation(self, orientation: Qt.Orientation) -> None:
        self.side_layout.setDirection(
            QBoxLayout.Direction.LeftToRight if orientation == Qt.Orientation.Vertical
            else QBoxLayout.Direction.TopToBottom)

    def show_chain(self, report: Any) -> None:
        self.chain_ok = report.ok
        if report.ok:
            last = report.last_recorded_at
            # "未发现改动", not "未被改动": a cut tail cannot be seen from inside the file.
            self.chain_label.setText(
                self.tr("未发现改动 ✓（共 {n} 条，最后一条 {m}月{d}日）").format(
                    n=report.checked, m=last.month, d=last.day) if last is not None
                else self.tr("未发现改动 ✓（还没有记录）"))
            self.chain_label.setStyleSheet("color: #1b6e2d; font-weight: bold;")
            # What it cannot prove, then the hash for the report's signature page: in the
            # details, not the sentence.
            self.chain_label.setToolTip(
                report.message + "\n"
                + self.tr("详细信息：校验码（链头）{h}").format(h=report.head))
        else:
            self.chain_label.setText(self.tr("记录被改动过 ✘"))
            self.chain_label.setStyleSheet("color: #b3261e; font-weight: bold;")
            self.chain_label.setToolTip(report.message)
            show_error(self, report.message, title=self.tr("记录被改动"))
        self.status_message.emit(report.message)
