"""截图识别预览: the screenshots with the recognised names outlined, beside an editable list.

Opened by the check view when screenshots are dropped, pasted or chosen. OCR runs on the thread
pool (the engine is imported there, on first use); the teacher corrects what is highlighted
(names read with low confidence, names corrected against the roster, avatars whose name could not
be read, names WeChat cut with “…”), may add a screenshot that was missed, then ``members()``
gives the list for the check.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QRectF,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from classgroup_desktop.core.naming import MemberInput
from classgroup_desktop.services.screens import (
    LOW_CONFIDENCE,
    ScreenCell,
    ScreenMember,
    ScreensResult,
    read_screens,
)
from classgroup_desktop.ui.check.screens_model import ScreenMembersModel
from classgroup_desktop.ui.common import show_error

Reader = Callable[..., ScreensResult]

BOX_OK = QColor(46, 125, 50, 200)
BOX_LOW = QColor(230, 120, 0, 230)
BOX_SELECTED = QColor(21, 101, 192, 255)
BOX_REPEAT = QColor(160, 160, 160, 220)
IMAGE_GAP = 24


class _OcrSignals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


class _OcrJob(QRunnable):
    """Reads the screenshots on the thread pool; reports back through queued signals."""

    def __init__(self, reader: Reader, paths: list[Path], signals: _OcrSignals) -> None:
        super().__init__()
        self.reader, self.paths, self.signals = reader, paths, signals

    def run(self) -> None:
        try:
            result = self.reader(self.paths, progress=self.signals.progress.emit)
        except BaseException as exc:  # noqa: BLE001 - shown to the user on the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class ScreenshotView(QGraphicsView):
    """The screenshots one under another, each recognised name outlined."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screenshotView")
        self.setScene(QGraphicsScene(self))
        self.setBackgroundBrush(QColor("#3a3a3a"))
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self._offsets: dict[str, float] = {}
        self._rects: list[QGraphicsRectItem | None] = []
        self._repeat_rects: list[QGraphicsRectItem] = []
        self._selected: int | None = None

    def show_images(self, paths: Sequence[Path]) -> None:
        scene = self.scene()
        scene.clear()  # deletes the outlines too
        self._rects, self._repeat_rects, self._selected = [], [], None
        self._offsets.clear()
        y = 0.0
        for path in paths:
            image = QImage(str(path))
            if image.isNull():
                continue
            item = scene.addPixmap(QPixmap.fromImage(image))
            item.setPos(0, y)
            self._offsets[Path(path).name] = y
            y += image.height() + IMAGE_GAP
        scene.setSceneRect(scene.itemsBoundingRect())
        self._fit()

    def outline(self, members: Sequence[ScreenMember], repeats: Sequence[ScreenCell] = ()) -> None:
        """Outline each member (orange when doubtful); names repeated in the overlap of two
        screenshots, already taken from the other one, get a thin dashed grey frame."""
        for item in self._rects + self._repeat_rects:
            if item is not None:
                self.scene().removeItem(item)
        self._rects = []
        self._repeat_rects = []
        dashed = QPen(BOX_REPEAT, 3, Qt.PenStyle.DashLine)
        for cell in repeats:
            top = self._offsets.get(cell.file)
            if top is not None:
                rect = self._rect(cell.box, top)
                self._repeat_rects.append(self.scene().addRect(rect, dashed))
        for m in members:
            top = self._offsets.get(m.source.file)
            if top is None:
                self._rects.append(None)
                continue
            item = self.scene().addRect(self._rect(m.box, top), self._pen(m.doubtful, False))
            self._rects.append(item)
        self._selected = None

    def select(self, row: int | None, members: Sequence[ScreenMember]) -> None:
        if self._selected is not None and self._selected < len(self._rects):
            old = self._rects[self._selected]
            if old is not None:
                old.setPen(
                    self._pen(members[self._selected].doubtful, False)
                    if self._selected < len(members)
                    else self._pen(False, False)
                )
        self._selected = row
        if row is None or row >= len(self._rects) or self._rects[row] is None:
            return
        item = self._rects[row]
        assert item is not None
        item.setPen(self._pen(False, True))
        self.ensureVisible(item, 40, 80)

    @staticmethod
    def _rect(box: tuple[int, int, int, int], top: float) -> QRectF:
        x0, y0, x1, y1 = box
        pad = max(2.0, (y1 - y0) * 0.15)
        return QRectF(x0 - pad, top + y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad)

    def repeat_count(self) -> int:
        return len(self._repeat_rects)

    def rect_count(self) -> int:
        return sum(1 for r in self._rects if r is not None)

    @staticmethod
    def _pen(low: bool, selected: bool) -> QPen:
        color = BOX_SELECTED if selected else BOX_LOW if low else BOX_OK
        pen = QPen(color, 6 if selected else 4)
        pen.setCosmetic(False)
        return pen

    def _fit(self) -> None:
        rect = self.sceneRect()
        if rect.width() <= 0:
            return
        self.resetTransform()
        scale = max(0.05, (self.viewport().width() - 4) / rect.width())
        self.scale(scale, scale)

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - Qt override
        super().resizeEvent(event)
        self._fit()


class ScreensDialog(QDialog):
    """Preview of screenshots read by OCR; ``members()`` after ``accepted``."""

    finished_reading = Signal()  # OCR done (result or error) — for tests and the caller

    def __init__(
        self,
        paths: Sequence[Path | str],
        parent: QWidget | None = None,
        *,
        reader: Reader = read_screens,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("screensDialog")
        self.setWindowTitle(self.tr("识别群成员截图"))
        self.resize(1100, 760)
        self.paths = [Path(p) for p in paths]
        self.read_result: ScreensResult | None = None
        self._repeats: list[ScreenCell] = []
        self.error: BaseException | None = None
        self.reading = True
        self._keep_edits = False
        self.model = ScreenMembersModel(self)

        self.view = ScreenshotView(self)
        self.table = QTableView(self)
        self.table.setObjectName("screenMembers")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.table.horizontalHeader()
        # the note (按花名册校正…) takes the room left: at 1024 px the names must stay readable;
        # the full note is in the row's tooltip
        header.setSectionResizeMode(ScreenMembersModel.NOTE, QHeaderView.ResizeMode.Stretch)
        for col in (
            ScreenMembersModel.NICKNAME,
            ScreenMembersModel.TRUNCATED,
            ScreenMembersModel.CONFIDENCE,
            ScreenMembersModel.SOURCE,
        ):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        # The scroll bar is always there, so the columns sized to contents (来源 last) are not
        # pushed past the right edge when it appears after reading.
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.table.selectionModel().currentRowChanged.connect(self._row_selected)

        self.summary = QLabel(self)
        self.summary.setObjectName("screensSummary")
        self.summary.setWordWrap(True)
        self.warnings = QLabel(self)
        self.warnings.setObjectName("screensWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #a12a1c; font-weight: bold;")
        hint = QLabel(
            self.tr(
                "黄色底色：识别把握低于 {p:.0%}、按花名册校正过或无法识别，请对照左边的截图核对；"
                "双击名字可以修改。"
                "“截断”打勾（名字为斜体）：微信把名字截短了，检查时只按前几个字匹配，"
                "与识别把握无关。灰色虚线框的名字在另一张截图里已经算过，不会重复。"
            ).format(p=LOW_CONFIDENCE),
            self,
        )
        hint.setWordWrap(True)

        add = QPushButton(self.tr("添加一行"), self)
        add.clicked.connect(self._add_row)
        remove = QPushButton(self.tr("删除所选"), self)
        remove.setObjectName("removeRows")
        remove.clicked.connect(self._remove_selected)
        self.undo_button = QPushButton(self.tr("撤销校正"), self)
        self.undo_button.setObjectName("undoCorrection")
        self.undo_button.setToolTip(self.tr("把所选的名字改回截图里识别出的样子"))
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self._undo_correction)
        self.more_button = QPushButton(self.tr("补充截图…"), self)
        self.more_button.setObjectName("addScreenshots")
        self.more_button.setEnabled(False)
        self.more_button.clicked.connect(lambda: self.add_screenshots())
        # WeChat shows the teacher's own 备注 for a contact in place of the group nickname
        self.remark_note = QLabel(
            self.tr(
                "截图里显示的是你给对方设的备注（如有），不是对方的群昵称；"
                "有备注的成员请在微信里点开核对"
            ),
            self,
        )
        self.remark_note.setObjectName("remarkNote")
        self.remark_note.setWordWrap(True)
        self.remark_note.setStyleSheet("color: #5f4b00;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("用这份名单检查"))
        ok.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        load_row = QHBoxLayout()
        load_row.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignTop)
        load_row.addWidget(self.remark_note, 1)
        rl.addLayout(load_row)
        rl.addWidget(self.summary)
        rl.addWidget(self.warnings)
        rl.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addWidget(self.undo_button)
        row.addStretch(1)
        rl.addLayout(row)
        rl.addWidget(hint)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.view)
        split.addWidget(right)
        split.setSizes([520, 580])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)

        self.model.dataChanged.connect(self._refresh_summary)
        self.model.rowsInserted.connect(self._refresh_summary)
        self.model.rowsRemoved.connect(self._refresh_summary)

        self._reader = reader
        self._signals = _OcrSignals()
        self._signals.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._signals.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self._start_reading()

    def _start_reading(self) -> None:
        self.reading = True
        self.more_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.view.show_images(self.paths)
        self.summary.setText(self.tr("正在识别截图…"))
        self._progress = QProgressDialog(
            self.tr("正在识别截图（离线识别，不上传）…"), "", 0, len(self.paths), self
        )
        self._progress.setObjectName("ocrProgress")
        self._progress.setWindowTitle(self.tr("请稍候"))
        self._progress.setCancelButton(None)
        self._progress.setWindowModality(Qt.WindowModality.WindowModal)
        self._progress.setMinimumDuration(300)
        self._progress.setValue(0)
        QThreadPool.globalInstance().start(_OcrJob(self._reader, list(self.paths), self._signals))

    def add_screenshots(self, paths: Sequence[Path | str] | None = None) -> None:
        """Add screenshots (a screen that was missed) and read them all again; the teacher's
        edits are kept (files already read are not recognised twice)."""
        if self.reading:
            return
        if paths is None:
            names, _ = QFileDialog.getOpenFileNames(
                self,
                self.tr("选择要补充的群成员页面截图"),
                str(self.paths[-1].parent) if self.paths else "",
                self.tr("图片 (*.png *.jpg *.jpeg *.bmp *.webp)"),
            )
            paths = names
        new = [Path(p) for p in paths if Path(p) not in self.paths]
        if not new:
            return
        self.paths.extend(new)
        self._keep_edits = True
        self._start_reading()

    # --- results
    def members(self) -> list[MemberInput]:
        """The (corrected) member list, in display order, for the check."""
        return self.model.members()

    def _on_progress(self, done: int, total: int) -> None:
        self._progress.setMaximum(total)
        self._progress.setValue(done)
        self._progress.setLabelText(
            self.tr("正在识别第 {n}/{total} 张截图…").format(n=min(done + 1, total), total=total)
        )

    def _finish(self) -> None:
        self.reading = False
        self.more_button.setEnabled(True)
        self._progress.reset()
        self._progress.close()
        self.finished_reading.emit()

    def _on_done(self, result: ScreensResult) -> None:
        self.read_result = result
        self.reading = False
        self.model.set_members(result.members, keep_edits=self._keep_edits)
        self._repeats = [c for c in result.cells if not c.counted]
        self.view.outline(result.members, self._repeats)
        self.warnings.setText("\n".join(result.warnings))
        self.warnings.setVisible(bool(result.warnings))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(result.members))
        self._refresh_summary()
        self._finish()

    def _on_failed(self, exc: BaseException) -> None:
        self.error = exc
        self._finish()
        if self._keep_edits:  # an added screenshot could not be read: keep what was read
            bad = getattr(exc, "file", None)
            self.paths = [p for p in self.paths if p.name != bad] if bad else self.paths[:-1]
            self.view.show_images(self.paths)
            self.view.outline(self._all_members(), self._repeats)
            show_error(self, exc, self.tr("无法识别截图"))
            return
        self.summary.setText(self.tr("没有识别出名单。"))
        show_error(self.parentWidget() or self, exc, self.tr("无法识别截图"))
        self.reject()

    def _refresh_summary(self, *args: Any) -> None:
        n = len(self.model.members())
        parts = [self.tr("识别到 {n} 人").format(n=n)]
        if self.read_result is not None and self.read_result.title_count is not None:
            parts.append(self.tr("群成员页面显示 {n} 人").format(n=self.read_result.title_count))
        low = self.model.needs_look_count()
        if low:
            parts.append(self.tr("{n} 个名字需要核对").format(n=low))
        self.summary.setText("，".join(parts) + "。")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            not self.reading and n > 0
        )

    # --- editing
    def _all_members(self) -> list[ScreenMember]:
        return [self.model.member_at(r) for r in range(self.model.rowCount())]

    def _row_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        members = self._all_members()
        row = current.row() if current.isValid() else None
        self.view.select(row, members)
        self.undo_button.setEnabled(row is not None and members[row].read_as is not None)

    def _undo_correction(self) -> None:
        row = self.table.currentIndex().row()
        if self.model.undo_correction(row):
            self.undo_button.setEnabled(False)
            self.view.outline(self._all_members(), self._repeats)

    def _add_row(self) -> None:
        row = self.model.add_blank()
        index = self.model.index(row, ScreenMembersModel.NICKNAME)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def _remove_selected(self) -> None:
        rows = [i.row() for i in self.table.selectionModel().selectedRows()]
        self.model.remove_rows(rows)
        self.view.outline(self._all_members(), self._repeats)
