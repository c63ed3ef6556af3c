"""群聊巡查: paste the copied chat, load a file or drop chat screenshots; see every message with
the flagged ones highlighted, filter by rule, and act on a flagged message (copy the reminder,
log it with the message as evidence, see the escalation ladder for a repeat sender)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from classgroup_desktop.core.chat_review import ChatReviewResult, ReviewedMessage
from classgroup_desktop.core.phone import mask_phones_in
from classgroup_desktop.store.db import Database
from classgroup_desktop.ui.chat.detail import ChatDetailPanel
from classgroup_desktop.ui.chat.models import (
    FILTER_ALL,
    FILTER_EVENTS,
    FILTER_FLAGGED,
    ChatFilterProxy,
    ChatMessagesModel,
)
from classgroup_desktop.ui.common import icon, run_in_background, show_error, show_info

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".webp"}
FILE_SUFFIXES = {".txt", ".csv", ".xlsx", ".xls", ".text", ".log"}


def review_text(db: Database, class_name: str, text: str | None, file: str | None,
                messages: list | None, save: bool = False) -> ChatReviewResult:
    """Read (if needed) and review: runs on the worker thread."""
    from classgroup_desktop.services.chat_input import read_chat
    from classgroup_desktop.services.chat_review import review_chat

    source = "截图" if messages is not None else ("粘贴" if file is None else Path(file).name)
    if messages is None:
        chat = read_chat(db, class_name, text=text, file=file)
        messages, source = list(chat.messages), chat.source
    return review_chat(db, class_name, messages, save=save, source=source)


class ChatView(QWidget):
    """群聊巡查 of the selected class."""

    status_message = Signal(str)
    review_finished = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.class_name: str | None = None
        self.result: ChatReviewResult | None = None
        self._messages: list | None = None  # messages from screenshots (not the text box)
        self._file: str | None = None
        self.setAcceptDrops(True)
        self.model = ChatMessagesModel(self)
        self.proxy = ChatFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_input_side())
        # Messages above, the selected message's rules and actions below: the table keeps
        # its width on a 1024-pixel school screen.
        right = QSplitter(Qt.Orientation.Vertical)
        right.setChildrenCollapsible(False)
        right.addWidget(self._build_messages_side())
        self.panel = ChatDetailPanel()
        self.panel.rule_changed.connect(self._refresh_outlook)
        self.panel.copy_requested.connect(lambda: self.copy_reminder())
        self.panel.log_requested.connect(lambda: self.log_message())
        # The panel's widgets, for tests and the main window's lookups.
        self.detail, self.rule_combo = self.panel.detail, self.panel.rule_combo
        self.copy_button, self.log_button = self.panel.copy_button, self.panel.log_button
        self.outlook_label = self.panel.outlook_label
        right.addWidget(self.panel)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 960])
        layout.addWidget(splitter)
        self._show_result(None)

    # --- construction -----------------------------------------------------------------------

    def _build_input_side(self) -> QWidget:
        side = QWidget()
        side.setMinimumWidth(180)
        side.setMaximumWidth(300)
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 6, 0)
        title = QLabel(self.tr("聊天记录"))
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        self.paste_edit = QPlainTextEdit()
        self.paste_edit.setObjectName("chatPaste")
        self.paste_edit.setPlaceholderText(self.tr(
            "在微信里多选消息 → 复制，粘贴到这里（Ctrl+V）。\n\n电脑版：\n张三妈妈:\n收到\n\n"
            "Mac 版：\n张三妈妈 2026/11/3 08:12\n收到\n\n"
            "也可以把 .txt/.csv/.xlsx 文件或聊天截图拖进来。\n\n"
            "只在本机检查，不联网；保存时只保存被标出的消息。"))
        self.paste_edit.textChanged.connect(self._on_text_edited)
        layout.addWidget(self.paste_edit, 1)
        buttons = QHBoxLayout()
        self.review_button = QPushButton(icon("run"), self.tr("巡查"))
        self.review_button.setObjectName("reviewButton")
        self.review_button.setToolTip(self.tr("按《班级微信群管理》检查这些消息（Ctrl+Enter）"))
        self.review_button.setShortcut("Ctrl+Return")
        self.review_button.clicked.connect(lambda: self.run_review())
        buttons.addWidget(self.review_button, 1)
        self.load_button = QPushButton(icon("open"), self.tr("载入文件…"))
        self.load_button.clicked.connect(lambda: self.choose_file())
        buttons.addWidget(self.load_button, 1)
        layout.addLayout(buttons)
        self.screens_button = QPushButton(icon("image"), self.tr("识别聊天截图…"))
        self.screens_button.clicked.connect(lambda: self.choose_screenshots())
        layout.addWidget(self.screens_button)
        self.save_button = QPushButton(icon("save"), self.tr("保存这次巡查"))
        self.save_button.setObjectName("saveReviewButton")
        self.save_button.setToolTip(self.tr("保存统计和被标出的消息（其他聊天内容不保存），计入月报"))
        self.save_button.clicked.connect(lambda: self.save_review())
        layout.addWidget(self.save_button)
        self.words_button = QPushButton(icon("settings"), self.tr("词表…"))
        self.words_button.setObjectName("chatWordsButton")
        self.words_button.setToolTip(self.tr("为规则添加词语，或允许某些词在本班不被标出"))
        self.words_button.clicked.connect(lambda: self.edit_words())
        layout.addWidget(self.words_button)
        return side

    def _build_messages_side(self) -> QWidget:
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(6, 0, 6, 0)
        self.summary = QLabel()
        self.summary.setObjectName("chatSummary")
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        layout.addWidget(self.summary)
        self.joined_label = QLabel()
        self.joined_label.setObjectName("chatJoined")
        self.joined_label.setWordWrap(True)
        self.joined_label.setStyleSheet(
            "QLabel { background: #fff3dc; color: #6b4500; border: 1px solid #f0c36d;"
            " border-radius: 4px; padding: 4px 8px; }")
        layout.addWidget(self.joined_label)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("显示：")))
        self.filter_combo = QComboBox()
        self.filter_combo.setObjectName("chatFilter")
        self.filter_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_mode(self.filter_combo.currentData() or FILTER_ALL))
        row.addWidget(self.filter_combo)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("查找发送人或内容"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        row.addWidget(self.search, 1)
        layout.addLayout(row)
        self.table = QTableView()
        self.table.setObjectName("chatTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(36)
        for col in range(self.model.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        # The sender may be a long shop name: capped, the full name is in the detail panel.
        header.setSectionResizeMode(ChatMessagesModel.COL_SENDER,
                                    QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(ChatMessagesModel.COL_SENDER, 110)
        header.setSectionResizeMode(ChatMessagesModel.COL_TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        layout.addWidget(self.table, 1)
        return side

    # --- class and input --------------------------------------------------------------------

    def set_class(self, class_name: str | None) -> None:
        if class_name == self.class_name:
            return
        self.class_name = class_name
        self._show_result(None)

    def set_chat_text(self, text: str) -> None:
        self.paste_edit.setPlainText(text)

    def _on_text_edited(self) -> None:
        self._messages = None
        self._file = None

    def paste_from_clipboard(self, clipboard: Any = None) -> None:
        """Ctrl+V outside the text box: the clipboard's chat text into the box and review it,
        or a copied chat screenshot into the preview."""
        clipboard = clipboard or QGuiApplication.clipboard()
        image = clipboard.image()
        if not image.isNull() and not clipboard.text().strip():
            import tempfile

            path = Path(tempfile.mkdtemp(prefix="chat-paste-")) / "截图.png"
            if image.save(str(path)):
                self.open_screenshots([str(path)])
            return
        text = clipboard.text()
        if text.strip():
            self.paste_edit.setPlainText(text)
            self.run_review()

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("载入聊天记录"), "",
            self.tr("聊天记录 (*.txt *.csv *.xlsx *.xls);;所有文件 (*)"))
        if path:
            self.load_file(path)

    def load_file(self, path: str) -> None:
        self.paste_edit.blockSignals(True)
        self.paste_edit.setPlainText(self.tr("（文件：{name}）").format(name=Path(path).name))
        self.paste_edit.blockSignals(False)
        self._file, self._messages = path, None
        self.run_review()

    def choose_screenshots(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("选择聊天截图（按从上到下的顺序）"), "",
            self.tr("图片 (*.png *.jpg *.jpeg *.bmp *.webp)"))
        if paths:
            self.open_screenshots(paths)

    def open_screenshots(self, paths: list[str]) -> Any:
        """OCR off the GUI thread with progress, the preview for corrections, then review."""
        from classgroup_desktop.ui.chat.preview_dialog import ChatPreviewDialog

        dialog = ChatPreviewDialog(paths, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda code: self._preview_closed(dialog, code))
        dialog.open()
        return dialog

    def _preview_closed(self, dialog: Any, code: int) -> None:
        if dialog.error is not None:
            show_error(self, dialog.error)
            return
        if not code:
            return
        from classgroup_desktop.services.chat_input import messages_from_screen_rows

        self._messages = messages_from_screen_rows(dialog.rows())
        self.paste_edit.blockSignals(True)
        self.paste_edit.setPlainText(self.tr("（聊天截图，{n} 条消息）").format(
            n=len(self._messages)))
        self.paste_edit.blockSignals(False)
        self.run_review()

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        images = [p for p in paths if Path(p).suffix.lower() in IMAGE_SUFFIXES]
        files = [p for p in paths if Path(p).suffix.lower() in FILE_SUFFIXES]
        if images:
            self.open_screenshots(images)
        elif files:
            self.load_file(files[0])
        event.acceptProposedAction()

    def edit_words(self) -> Any:
        """The word list dialog; the review is run again with the new words after saving."""
        if not self.class_name:
            return None
        from classgroup_desktop.ui.chat.words_dialog import ChatWordsDialog

        dialog = ChatWordsDialog(self.db, self.class_name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.result is not None and self.run_review())
        dialog.open()
        return dialog

    # --- review -----------------------------------------------------------------------------

    def run_review(self, *, background: bool = True, save: bool = False) -> None:
        if not self.class_name:
            return
        text = None if (self._file or self._messages is not None) else \
            self.paste_edit.toPlainText()
        args = (self.db, self.class_name, text, self._file, self._messages, save)
        if not background:
            try:
                self._show_result(review_text(*args))
            except Exception as exc:  # noqa: BLE001 - user errors shown, bugs re-raised
                self._on_error(exc)
            return
        run_in_background(self, review_text, *args, on_done=self._show_result,
                          on_error=self._on_error, label=self.tr("正在巡查聊天记录…"))

    def save_review(self) -> None:
        if self.result is None:
            show_info(self, self.tr("请先粘贴聊天记录并点“巡查”。"))
            return
        self.run_review(save=True)

    def _on_error(self, exc: BaseException) -> None:
        from classgroup_desktop.core.errors import UserError

        if not isinstance(exc, UserError):
            raise exc
        show_error(self, exc)

    def _show_result(self, result: ChatReviewResult | None) -> None:
        self.result = result
        self.model.set_rows(result.messages if result else [])
        self.save_button.setEnabled(result is not None and result.review_id is None)
        self._fill_filters()
        if result is None:
            self.summary.setText(self.tr("粘贴聊天记录后点“巡查”。"))
            self.joined_label.setVisible(False)
        else:
            counts = result.counts()
            rules = "，".join(f"{r} {n}" for r, n in counts["by_rule"].items())
            text = self.tr("共 {n} 条消息，标出 {f} 条").format(
                n=counts["messages"], f=counts["flagged"])
            if rules:
                text += f"（{rules}）"
            if result.review_id is not None:
                text += self.tr("；已保存为巡查记录 #{id}").format(id=result.review_id)
                self.status_message.emit(self.tr("已保存这次巡查（只保存了被标出的消息）。"))
            self.summary.setText(text)
            notes = []
            if result.joined:
                who = "、".join(
                    mask_phones_in(n) + (f"（{mask_phones_in(result.invited_by[n])} 邀请）"
                                     if result.invited_by.get(n) else "")
                    for n in result.joined)
                notes.append(self.tr("新入群，请在下次成员检查时核对：") + who)
            for p in result.pending_closed:
                notes.append(self.tr(
                    "看到“{n}”已移出群聊：第 {id} 条清退记录已执行{saved}。").format(
                    n=mask_phones_in(p["nickname"]), id=p["entry_id"],
                    saved="" if result.review_id else self.tr("（保存后生效）")))
            self.joined_label.setText("\n".join(notes))
            self.joined_label.setVisible(bool(notes))
            first = next((i for i, m in enumerate(result.messages) if m.flags), None)
            if first is not None:
                self.select_position(result.messages[first].message.position)
        if result is None or not result.flagged:
            self._show_detail(None)
        self.review_finished.emit()

    def _fill_filters(self) -> None:
        current = self.filter_combo.currentData()
        self.filter_combo.blockSignals(True)
        self.filter_combo.clear()
        self.filter_combo.addItem(self.tr("全部消息"), FILTER_ALL)
        if self.result is not None:
            counts = self.result.counts()
            self.filter_combo.addItem(self.tr("标出的（{n}）").format(n=counts["flagged"]),
                                      FILTER_FLAGGED)
            events = sum(1 for m in self.result.messages if m.message.kind == "system")
            self.filter_combo.addItem(self.tr("系统消息（{n}）").format(n=events), FILTER_EVENTS)
            for rule, n in counts["by_rule"].items():
                self.filter_combo.addItem(f"{rule}（{n}）", rule)
        index = max(0, self.filter_combo.findData(current))
        self.filter_combo.setCurrentIndex(index)
        self.filter_combo.blockSignals(False)
        self.proxy.set_mode(self.filter_combo.currentData() or FILTER_ALL)

    def set_filter(self, mode: str) -> None:
        self.filter_combo.setCurrentIndex(max(0, self.filter_combo.findData(mode)))

    def select_position(self, position: int) -> None:
        for r in range(self.proxy.rowCount()):
            rm = self.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole)
            if rm is not None and rm.message.position == position:
                self.table.selectRow(r)
                self.table.scrollTo(self.proxy.index(r, 0))
                return

    # --- detail and actions ---------------------------------------------------------------

    def selected(self) -> ReviewedMessage | None:
        index = self.table.currentIndex()
        return index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_detail(current.data(Qt.ItemDataRole.UserRole) if current.isValid() else None)

    def _show_detail(self, rm: ReviewedMessage | None) -> None:
        self.panel.show_message(rm)
        self._refresh_outlook()

    def current_rule(self) -> str | None:
        return self.panel.current_rule()

    def _refresh_outlook(self) -> None:
        rm, rule = self.selected(), self.current_rule()
        if rm is None or not rule or self.result is None or self.class_name is None:
            self.outlook_label.setText("")
            return
        from classgroup_desktop.services.chat_actions import flag_member, sender_outlook

        member = flag_member(self.result, rm, rule)
        if not member:
            self.outlook_label.setText("")
            return
        outlook = sender_outlook(self.db, self.class_name, member, rule)
        self.outlook_label.setText(mask_phones_in(f"{member}：{outlook.text()}"))

    def copy_reminder(self) -> str:
        rm, rule = self.selected(), self.current_rule()
        if rm is None or rule is None or self.result is None:
            return ""
        from classgroup_desktop.services.chat_actions import reminder_text

        text = reminder_text(self.db, self.result, rm.message.position, rule)
        QGuiApplication.clipboard().setText(text)
        self.status_message.emit(self.tr("提醒已复制，可以粘贴到微信。"))
        return text

    def log_message(self) -> Any:
        rm, rule = self.selected(), self.current_rule()
        if rm is None or rule is None or self.result is None:
            return None
        from classgroup_desktop.core.errors import UserError
        from classgroup_desktop.services.chat_actions import record_message

        try:
            entry = record_message(self.db, self.result, rm.message.position, rule)
        except UserError as exc:
            show_error(self, exc)
            return None
        self.status_message.emit(self.tr(
            "已记录到事件记录（第 {id} 条），消息原文作为证据附上。").format(id=entry.id))
        self._refresh_outlook()
        return entry
