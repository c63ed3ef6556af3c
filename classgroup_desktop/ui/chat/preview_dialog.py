"""聊天截图识别预览: OCR of chat screenshots off the GUI thread, then an editable table.

The teacher corrects what the OCR read (names and text; who sent it: someone, the teacher
herself on the right, or a grey system line) before the review runs. Rows read with low
confidence are highlighted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from classgroup_desktop.services.chat_input import ScreenRow, read_chat_screens

LOW_CONFIDENCE = 0.8
SIDES = (("left", "群成员"), ("right", "我（班主任）"), ("center", "系统消息/时间"))
Reader = Callable[..., tuple[list[ScreenRow], list[str]]]


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, reader: Reader, paths: list[Path], signals: _Signals) -> None:
        super().__init__()
        self.reader, self.paths, self.signals = reader, paths, signals

    def run(self) -> None:
        try:
            result = self.reader(self.paths, progress=self.signals.progress.emit)
        except BaseException as exc:  # noqa: BLE001 - shown on the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class ChatPreviewDialog(QDialog):
    """Reads ``paths`` in the background; ``rows()`` gives the corrected rows after OK."""

    def __init__(self, paths: Sequence[str | Path], parent: QWidget | None = None, *,
                 reader: Reader = read_chat_screens) -> None:
        super().__init__(parent)
        self.setObjectName("chatPreviewDialog")
        self.setWindowTitle(self.tr("聊天截图识别预览"))
        self.resize(820, 560)
        self.error: BaseException | None = None
        self.warnings: list[str] = []
        self._rows: list[ScreenRow] = []
        layout = QVBoxLayout(self)
        self.info = QLabel(self.tr("正在识别截图（离线）…"))
        self.info.setWordWrap(True)
        layout.addWidget(self.info)
        self.progress = QProgressBar()
        self.progress.setRange(0, max(1, len(paths)))
        layout.addWidget(self.progress)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("chatPreviewTable")
        self.table.setHorizontalHeaderLabels([self.tr("谁发的"), self.tr("发送人"),
                                              self.tr("内容（可直接修改）")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 150)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        layout.addWidget(self.table, 1)
        self.remove_button = QPushButton(self.tr("删除选中的行"))
        self.remove_button.clicked.connect(self._remove_selected)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("巡查这些消息"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        layout.addWidget(self.buttons)
        self._signals = _Signals(self)
        self._signals.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._signals.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self.running = True
        QThreadPool.globalInstance().start(_Job(reader, [Path(p) for p in paths], self._signals))

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)
        self.info.setText(self.tr("正在识别第 {done}/{total} 张截图（离线）…").format(
            done=min(done + 1, total), total=total))

    def _on_failed(self, exc: BaseException) -> None:
        self.running = False
        self.error = exc
        self.reject()

    def _on_done(self, result: tuple[list[ScreenRow], list[str]]) -> None:
        self.running = False
        rows, warnings = result
        self._rows = list(rows)
        self.warnings = list(warnings)
        self.progress.setVisible(False)
        low = sum(1 for r in rows if r.confidence < LOW_CONFIDENCE)
        text = self.tr("识别出 {n} 条消息。请核对后点“巡查这些消息”。").format(n=len(rows))
        if low:
            text += self.tr("黄色的 {n} 条识别把握较低，请重点核对。").format(n=low)
        for w in warnings:
            text += "\n" + self.tr("注意：") + w
        self.info.setText(text)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            combo = QComboBox()
            for key, label in SIDES:
                combo.addItem(self.tr(label), key)
            combo.setCurrentIndex([k for k, _ in SIDES].index(r.side))
            self.table.setCellWidget(i, 0, combo)
            self.table.setItem(i, 1, QTableWidgetItem(r.sender or ""))
            self.table.setItem(i, 2, QTableWidgetItem(r.text))
            if r.confidence < LOW_CONFIDENCE:
                for c in (1, 2):
                    self.table.item(i, c).setBackground(QBrush(QColor("#fff3cd")))
        self.table.resizeRowsToContents()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(rows))

    def _remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
            del self._rows[row]

    def rows(self) -> list[ScreenRow]:
        """The rows as corrected in the table, in order."""
        out = []
        for i, original in enumerate(self._rows):
            combo: Any = self.table.cellWidget(i, 0)
            side = combo.currentData() if combo is not None else original.side
            sender_item = self.table.item(i, 1)
            text_item = self.table.item(i, 2)
            sender = sender_item.text().strip() if sender_item else ""
            out.append(replace(original, side=side, sender=(sender or None) if side == "left"
                               else None, text=text_item.text() if text_item else original.text))
        return out
