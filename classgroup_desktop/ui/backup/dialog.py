"""文件 → 备份与恢复…: the automatic backups with what each holds, 立即备份, 恢复到此备份 and
打开备份文件夹. The logic is ``services.backup``; this dialog lists and asks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from classgroup_desktop.core.db_errors import NotSqliteError, short_time
from classgroup_desktop.services.backup import (
    BackupInfo,
    backup_folder,
    backup_now,
    list_backups,
    restore,
)
from classgroup_desktop.store.db import Database
from classgroup_desktop.ui.common import icon, run_in_background, show_error, show_info
from classgroup_desktop.ui.table_model import Index, RowsTableModel


def size_text(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


class BackupsModel(RowsTableModel):
    """One row per backup, newest first."""

    HEADERS = ("时间", "大小", "班级", "事件记录", "备份原因")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        b: BackupInfo = self.row_at(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{b.taken_at:%Y-%m-%d %H:%M}"
            if column == 1:
                return size_text(b.size)
            if column == 2:
                return str(b.classes) if b.readable else self.tr("无法读取")
            if column == 3:
                return str(b.log_entries or 0) if b.readable else ""
            return self.tr(b.reason_label)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return b.path
        return None


class BackupDialog(QDialog):
    """The backups of ``db`` (a SQLite file); ``restored`` fires after a restore."""

    restored = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("backupDialog")
        self.setWindowTitle(self.tr("备份与恢复"))
        self.resize(760, 440)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.model = BackupsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(80)
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())
        layout.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.backup_button = QPushButton(icon("save"), self.tr("立即备份"))
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton(self.tr("恢复到此备份…"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button = QPushButton(icon("open"), self.tr("打开备份文件夹"))
        self.folder_button.clicked.connect(self.open_folder)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        for button in (self.backup_button, self.restore_button, self.folder_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._sync_buttons())
        self.reload()

    # --- state ------------------------------------------------------------------------------

    def reload(self) -> None:
        try:
            folder = backup_folder(self.db)
        except NotSqliteError as exc:
            self.intro.setText(exc.message)
            for button in (self.backup_button, self.restore_button, self.folder_button):
                button.setEnabled(False)
            self.model.set_rows([])
            return
        self.intro.setText(self.tr(
            "班级群管家会自动备份：每天第一次修改前、导入花名册前、软件升级前、有修改时退出时。"
            "保留最近 10 份，另外 8 周内每周保留一份。\n备份文件夹：{folder}"
        ).format(folder=folder))
        self.model.set_rows(list_backups(self.db))
        if self.model.rowCount():
            self.table.selectRow(0)
        self._sync_buttons()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _sync_buttons(self) -> None:
        chosen = self.selected()
        self.restore_button.setEnabled(chosen is not None and chosen.readable
                                       and not self.db.read_only)
        self.backup_button.setEnabled(not self.db.read_only)

    # --- actions ----------------------------------------------------------------------------

    def backup_now(self) -> None:
        def done(info: BackupInfo) -> None:
            self.reload()
            self.table.selectRow(0)
            self.backup_button.setEnabled(True)

        def failed(exc: BaseException) -> None:
            self.backup_button.setEnabled(True)
            show_error(self, exc)

        self.backup_button.setEnabled(False)
        run_in_background(self, backup_now, self.db, on_done=done, on_error=failed,
                          label=self.tr("正在备份…"))

    def question_for(self, backup: BackupInfo) -> str:
        return self.tr("要把数据库恢复到 {when} 的备份吗？\n\n恢复前会先把当前的数据另存一份备份，"
                       "之后仍可以从这里找回。").format(when=short_time(backup.taken_at))

    def restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is None or not self.restore_button.isEnabled():
            return
        box = QMessageBox(self)
        box.setObjectName("restoreQuestion")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("恢复到此备份"))
        box.setText(self.question_for(chosen))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("恢复"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("取消"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda answer: self._restore(chosen) if answer
                             == QMessageBox.StandardButton.Yes else None)
        box.open()

    def _restore(self, chosen: BackupInfo) -> None:
        def done(_before: BackupInfo | None) -> None:
            self.reload()
            self.restored.emit()
            show_info(self, self.tr("已恢复到 {when} 的备份。恢复前的数据已另存为一份备份。")
                      .format(when=short_time(chosen.taken_at)))

        run_in_background(self, restore, self.db, chosen.path, on_done=done,
                          label=self.tr("正在恢复…"))

    def open_folder(self) -> None:
        folder = backup_folder(self.db)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


