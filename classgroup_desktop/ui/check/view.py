"""成员检查: paste (or load, or screenshot) the group's member list, check it against the roster,
show the verdicts (filters, badges, students not in the group, open loops), save the check as
an audit and compare it with the previous one. Acting on members is in ``actions.py``."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, QStringListModel, Qt, Signal
from PySide6.QtGui import QClipboard, QGuiApplication, QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from classgroup_desktop.core.errors import UserError
from classgroup_desktop.store.db import Database
from classgroup_desktop.ui import file_dialogs
from classgroup_desktop.ui.check.actions import MemberActions
from classgroup_desktop.ui.check.dialogs import DiffDialog
from classgroup_desktop.ui.check.history import CURRENT, HistoryBar
from classgroup_desktop.ui.check.models import (
    FILTER_LABELS,
    FILTERS,
    CheckFilterProxy,
    CheckResultModel,
    FlagBadgeDelegate,
    filter_counts,
)
from classgroup_desktop.ui.common import icon, run_in_background, show_error
from classgroup_desktop.ui.flow_layout import FlowLayout


def _audit():
    from classgroup_desktop.services import audit

    return audit


def check_text(db: Database, class_name: str, text: str | None, members: list | None,
               source: str, save: bool = False):
    """Parse (if needed) and check: runs on the worker thread."""
    if members is None:
        from classgroup_desktop.services.members import members_from_text

        members = members_from_text(text or "")
    if not members:
        raise UserError("名单是空的：请粘贴群成员昵称（每行一个），或从文件载入。")
    outcome = _audit().run_check(db, class_name, list(members), source=source, save=save)
    return members, outcome, open_loops(db, class_name)


def open_loops(db: Database, class_name: str) -> list:
    """清退未执行 / 提醒未见效 items of the class (from saved checks and the log)."""
    try:
        from classgroup_desktop.services.pending import pending_items
    except ImportError:
        return []
    return pending_items(db, class_name)


class CheckView(QWidget):
    """Member check of the selected class."""

    status_message = Signal(str)
    check_finished = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.class_name: str | None = None
        self.outcome: Any = None  # services.audit.AuditOutcome of the shown result
        self.current_outcome: Any = None  # the working check (what a paste last produced)
        self.read_only = False  # the shown result is a saved check reopened from the history
        self.source = ""
        self._members: list | None = None  # members loaded from a file/screenshot (not text)
        self.pending: list = []  # services.pending items of the class
        self._task = None

        self.actions = MemberActions(self)
        self.model = CheckResultModel(self)
        self.proxy = CheckFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_input_side())
        splitter.addWidget(self._build_result_side())
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 960])
        layout.addWidget(splitter)
        self._show_result(None)

    # --- construction -----------------------------------------------------------------------

    def _build_input_side(self) -> QWidget:
        side = QWidget()
        side.setMinimumWidth(220)
        side.setMaximumWidth(380)
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 6, 0)
        title = QLabel(self.tr("群成员名单"))
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        self.paste_edit = QPlainTextEdit()
        self.paste_edit.setObjectName("memberPaste")
        self.paste_edit.setPlaceholderText(self.tr(
            "把群成员昵称粘贴到这里，每行一个。\n\n可以直接粘贴微信接龙：\n"
            "#接龙\n1. 王小明妈妈\n2. 李四 爸爸\n…\n\n也可以把 .txt/.csv 文件或群成员截图拖进来。"))
        self.paste_edit.textChanged.connect(self._on_text_edited)
        layout.addWidget(self.paste_edit, 3)
        buttons = QHBoxLayout()
        self.check_button = QPushButton(icon("run"), self.tr("检查"))
        self.check_button.setObjectName("checkButton")
        self.check_button.setDefault(True)
        self.check_button.setToolTip(self.tr("按入群-2命名规则检查（Ctrl+Enter）"))
        self.check_button.setShortcut("Ctrl+Return")
        self.check_button.clicked.connect(lambda: self.run_check())
        buttons.addWidget(self.check_button, 1)
        self.load_button = QPushButton(icon("open"), self.tr("从文件载入…"))
        self.load_button.clicked.connect(lambda: self.load_members_file())
        buttons.addWidget(self.load_button, 1)
        layout.addLayout(buttons)
        self.screens_button = QPushButton(icon("image"), self.tr("识别群成员截图…"))
        self.screens_button.clicked.connect(lambda: self.open_screenshots())
        layout.addWidget(self.screens_button)

        self.missing_box = QGroupBox(self.tr("未入群学生"))
        self.missing_box.setObjectName("missingBox")
        missing_layout = QVBoxLayout(self.missing_box)
        self.missing_hint = QLabel(self.tr("这些学生的家长都不在群里："))
        self.missing_hint.setWordWrap(True)
        missing_layout.addWidget(self.missing_hint)
        self.missing_model = QStringListModel(self)
        self.missing_list = QListView()
        self.missing_list.setObjectName("missingList")
        self.missing_list.setModel(self.missing_model)
        self.missing_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        missing_layout.addWidget(self.missing_list)
        self.copy_missing_button = QPushButton(icon("copy"), self.tr("复制名单"))
        self.copy_missing_button.setToolTip(self.tr("复制这些学生的名单，便于逐一联系家长入群"))
        self.copy_missing_button.clicked.connect(lambda: self.copy_missing())
        missing_layout.addWidget(self.copy_missing_button)
        layout.addWidget(self.missing_box, 2)
        return side

    def _build_result_side(self) -> QWidget:
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(6, 0, 0, 0)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("checkSummary")
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        top.addWidget(self.summary, 1)
        self.search = QLineEdit()
        self.search.setObjectName("checkSearch")
        self.search.setPlaceholderText(self.tr("查找昵称或姓名（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        top.addWidget(self.search)
        layout.addLayout(top)
        self.history = HistoryBar()
        self.history.setObjectName("historyBar")
        self.history.chosen.connect(self.show_history_entry)
        layout.addWidget(self.history)
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pendingLabel")
        self.pending_label.setWordWrap(True)
        self.pending_label.setStyleSheet(
            "QLabel { background: #fff3dc; color: #6b4500; border: 1px solid #f0c36d;"
            " border-radius: 4px; padding: 4px 8px; }")
        self.pending_label.setVisible(False)
        layout.addWidget(self.pending_label)

        filters = QHBoxLayout()
        filters.setSpacing(6)
        self.filter_group = QButtonGroup(self)
        self.filter_group.setExclusive(True)
        self.filter_buttons: dict[str, QToolButton] = {}
        for mode in FILTERS:
            button = QToolButton()
            button.setObjectName(f"filter_{mode}")
            button.setCheckable(True)
            button.setMinimumWidth(88)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setStyleSheet(
                "QToolButton { padding: 4px 10px; border: 1px solid palette(mid);"
                " border-radius: 4px; background: palette(button); }"
                "QToolButton:checked { background: palette(highlight);"
                " color: palette(highlighted-text); border-color: palette(highlight); }")
            button.clicked.connect(lambda _c=False, m=mode: self.set_filter(m))
            self.filter_group.addButton(button)
            self.filter_buttons[mode] = button
            filters.addWidget(button)
        self.filter_buttons["all"].setChecked(True)
        self.filter_buttons["risk"].setToolTip(self.tr("疑似冒充、重复或同名歧义的成员"))
        filters.addStretch(1)
        layout.addLayout(filters)

        self.result_stack = QStackedWidget()
        self.empty_label = QLabel(self.tr(
            "还没有检查结果。\n\n在左侧粘贴群成员名单（Ctrl+V），然后点“检查”。"))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setEnabled(False)
        self.result_stack.addWidget(self.empty_label)
        self.table = QTableView()
        self.table.setObjectName("checkTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CheckResultModel.COL_POS, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setItemDelegateForColumn(CheckResultModel.COL_FLAGS, FlagBadgeDelegate(self))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(CheckResultModel.COL_REASON, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 52), (1, 140), (2, 66), (3, 120), (4, 130), (5, 128)):
            header.resizeSection(col, width)
        # The suggestion is what the teacher copies: it must be readable in full, so it (and
        # the nickname/identity/flags) fit their contents; 说明 takes what is left, the full text in
        # its tooltip and in the detail line below.
        self.table.installEventFilter(self)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.result_stack.addWidget(self.table)
        layout.addWidget(self.result_stack, 1)
        self.detail_label = QLabel()
        self.detail_label.setObjectName("checkDetail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.detail_label)

        bar = FlowLayout()  # wraps onto a second line on a small screen instead of cutting
        self.copy_button = self._action_button("copy", "复制改名提醒",
                                               "把所选（或全部）需改名成员的改名提醒复制到剪贴板",
                                               self.actions.copy_rename_reminder, "Ctrl+Shift+C")
        self.clear_out_button = self._action_button("clearout", "标记清退",
                                                    "在事件记录中记下对所选成员的清退（入群-1）",
                                                    self.actions.mark_clear_out, "Ctrl+Shift+D")
        self.confirm_button = self._action_button("confirm", "确认身份…",
                                                  "人工确认所选成员的身份（如爷爷奶奶、家委会）",
                                                  self.actions.confirm_identity, "Ctrl+Shift+I")
        self.save_button = self._action_button("save", "保存为一次检查",
                                               "保存本次检查，供月报和以后比较",
                                               self.save_audit, "Ctrl+S")
        self.compare_button = self._action_button("compare", "与上次检查比较",
                                                  "新入群、已退群、改了昵称、仍未合规",
                                                  self.compare_with_previous, "Ctrl+Shift+M")
        self.entry_button = self._action_button("log", "添加记录…",
                                                "为所选成员新增一条事件记录（提醒、清退、上报…）",
                                                self.actions.add_log_entry, "Ctrl+Shift+L")
        for button in (self.copy_button, self.clear_out_button, self.confirm_button,
                       self.entry_button, self.save_button, self.compare_button):
            bar.addWidget(button)
        layout.addLayout(bar)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("checkWarning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #a12a1c;")
        layout.addWidget(self.warning_label)
        return side

    def _action_button(self, icon_name: str, text: str, tip: str, slot,
                       shortcut: str | None = None) -> QPushButton:
        button = QPushButton(icon(icon_name), self.tr(text))
        tip = self.tr(tip)
        if shortcut:
            # Keyboard-only use: every bulk action has a key (shown in its tooltip).
            button.setShortcut(shortcut)
            tip += f"（{shortcut}）"
        button.setToolTip(tip)
        button.setIconSize(QSize(18, 18))
        button.clicked.connect(lambda _c=False: slot())
        return button

    # --- class and input --------------------------------------------------------------------

    def set_class(self, class_name: str | None) -> None:
        if class_name == self.class_name:
            return
        self.class_name = class_name
        self.outcome = None
        self.current_outcome = None
        self.read_only = False
        self._show_result(None)
        self.show_pending([])
        self.load_history(open_latest=True)

    # --- history ------------------------------------------------------------------------------

    def load_history(self, *, open_latest: bool = False) -> None:
        """List the class's saved checks; with no working check, ``open_latest`` shows the
        newest one (after a restart the page is not empty)."""
        audits = list(reversed(_audit().list_audits(self.db, self.class_name))) \
            if self.class_name else []
        if open_latest and self.current_outcome is None and audits:
            self.history.set_audits(audits, has_current=False, shown=audits[0].id)
            self.show_history_entry(audits[0].id)
            return
        shown = (self.outcome.audit_id if self.read_only and self.outcome is not None
                 else CURRENT)
        self.history.set_audits(audits, has_current=self.current_outcome is not None,
                                shown=shown)

    def show_history_entry(self, audit_id: int) -> None:
        """A saved check, read-only (or, for CURRENT, the working check again)."""
        if audit_id == CURRENT:
            self.read_only = False
            self._show_result(self.current_outcome)
            return
        try:
            outcome = _audit().saved_outcome(self.db, audit_id)
        except UserError as exc:
            show_error(self, exc)
            return
        self.read_only = True
        self._show_result(outcome)

    def reload(self) -> None:
        """The roster changed (import): re-run the shown check against it."""
        if self.outcome is not None:
            self.run_check()

    def set_member_text(self, text: str, members: list | None = None, source: str = "") -> None:
        """Fill the paste area; ``members`` keeps parsed members (file, screenshots) as read."""
        self.paste_edit.blockSignals(True)
        self.paste_edit.setPlainText(text)
        self.paste_edit.blockSignals(False)
        self._members = members
        self.source = source

    def _on_text_edited(self) -> None:
        self._members = None  # the teacher typed: the text is the truth again
        self.source = ""

    def paste_from_clipboard(self, clipboard: QClipboard | None = None) -> None:
        """Ctrl+V from anywhere: text → paste area + check; an image → screenshot flow."""
        clipboard = clipboard or QGuiApplication.clipboard()
        mime = clipboard.mimeData()
        if mime is not None and mime.hasImage() and not mime.hasText():
            image = clipboard.image()
            if isinstance(image, QImage) and not image.isNull():
                path = Path(tempfile.mkdtemp(prefix="classgroup-paste-")) / "粘贴的截图.png"
                image.save(str(path))
                self.open_screenshots([path])
                return
        if mime is not None and mime.hasUrls():
            paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
            if paths:
                images = [p for p in paths if p.suffix.lower() in {".png", ".jpg", ".jpeg"}]
                if images:
                    self.open_screenshots(images)
                else:
                    self.load_members_file(paths[0])
                return
        text = clipboard.text()
        if not text.strip():
            show_error(self, self.tr("剪贴板里没有群成员名单。"
                                     "请先在微信里复制名单（或接龙），再按 Ctrl+V。"))
            return
        self.set_member_text(text, source=self.tr("粘贴"))
        self.run_check()

    def load_members_file(self, path: Path | None = None) -> None:
        """从文件载入…: a .txt/.csv/.xlsx member list, read off the GUI thread."""
        if path is None:
            name = file_dialogs.open_file(
                self, file_dialogs.MEMBERS, self.tr("载入群成员名单"),
                self.tr("成员名单 (*.txt *.csv *.xlsx);;所有文件 (*)"))
            if not name:
                return
            path = Path(name)

        def read(p: Path) -> list:
            from classgroup_desktop.services.members import members_from_file

            return members_from_file(p)

        def loaded(members: list) -> None:
            text = "\n".join(m.nickname for m in members)
            self.set_member_text(text, members, source=path.name)
            self.run_check()

        self._task = run_in_background(self, read, path, on_done=loaded,
                                       on_error=lambda exc: show_error(self, exc),
                                       label=self.tr("正在读取成员名单…"))

    def open_screenshots(self, paths: list[Path] | None = None) -> None:
        """Screenshots of the member page → OCR preview dialog → members → check."""
        try:
            from classgroup_desktop.ui.check.screens_dialog import ScreensDialog
        except ImportError:
            show_error(self, self.tr("本版本未安装截图识别功能。"
                                     "请把成员名单粘贴进来，或从文件载入。"))
            return
        if not paths:
            names = file_dialogs.open_files(
                self, file_dialogs.SCREENSHOTS, self.tr("选择群成员页面截图"),
                self.tr("图片 (*.png *.jpg *.jpeg *.bmp *.webp)"))
            if not names:
                return
            paths = [Path(n) for n in names]
        dialog = ScreensDialog(list(paths), self, reader=self._screens_reader())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            members = list(dialog.members())
            if not members:
                return
            text = "\n".join(m.nickname for m in members)
            self.set_member_text(text, members, source=self.tr("截图 {n} 张").format(n=len(paths)))
            self.run_check()

        dialog.accepted.connect(accepted)
        dialog.open()
        self.screens_dialog = dialog

    def _screens_reader(self) -> Callable[..., Any]:
        """Screenshots read for the current class are corrected against its roster."""
        from classgroup_desktop.services.screens import read_class_screens, read_screens

        if not self.class_name:
            return read_screens
        return partial(read_class_screens, self.db, self.class_name)

    # --- the check --------------------------------------------------------------------------

    def run_check(self, *, background: bool = True, save: bool = False) -> None:
        """Check the paste area (or the loaded members) against the class roster."""
        if not self.class_name:
            show_error(self, self.tr("还没有选择班级。"))
            return
        text = self.paste_edit.toPlainText()
        source = self.source or self.tr("粘贴")
        args = (self.db, self.class_name, text, self._members, source, save)
        if not background:
            try:
                members, outcome, pending = check_text(*args)
            except UserError as exc:
                show_error(self, exc)
                return
            self._checked(members, outcome, save, pending)
            return
        self.check_button.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self.check_button.setEnabled(True)
            show_error(self, exc)

        self._task = run_in_background(
            self, check_text, *args,
            on_done=lambda result: self._checked(*result[:2], save, result[2]),
            on_error=failed, label=self.tr("正在检查群成员…"))

    def _checked(self, members: list, outcome: Any, saved: bool,
                 pending: list | None = None) -> None:
        self.check_button.setEnabled(True)
        self.show_pending(pending or [])
        self._members = members if self._members is not None else None
        self.current_outcome = outcome
        self.read_only = False
        self._show_result(outcome)
        self.load_history()
        if saved and getattr(outcome, "audit_id", None):
            self.status_message.emit(self.tr("已保存本次检查（{n} 人）").format(
                n=len(outcome.result.verdicts)))
        self.check_finished.emit()

    def _show_result(self, outcome: Any) -> None:
        self.outcome = outcome
        result = getattr(outcome, "result", None)
        verdicts = list(result.verdicts) if result is not None else []
        self.model.set_verdicts(verdicts)
        self.model.set_cleared(self._cleared_keys() if result is not None else set())
        self.result_stack.setCurrentIndex(1 if result is not None else 0)
        self._fit_columns()
        counts = filter_counts(verdicts)
        for mode, button in self.filter_buttons.items():
            button.setText(self.tr("{label} {n}").format(label=self.tr(FILTER_LABELS[mode]),
                                                        n=counts[mode]))
        missing = list(result.students_without_guardian) if result is not None else []
        self.missing_model.setStringList(missing)
        self.missing_box.setTitle(self.tr("未入群学生（{n}）").format(n=len(missing))
                                  if result is not None else self.tr("未入群学生"))
        self.missing_hint.setText(
            self.tr("这些学生的家长都不在群里：") if missing else
            (self.tr("每个学生都至少有一位家长在群里。") if result is not None else
             self.tr("检查后，这里列出家长都不在群里的学生。")))
        if result is None:
            self.summary.setText(self.tr("成员检查") + (f" — {self.class_name}"
                                                     if self.class_name else ""))
            self.warning_label.setText("")
        else:
            self.summary.setText(self.tr(
                "{cls}：共 {total} 人，合规 {ok}，需改名 {rename}，身份不明 {unknown}").format(
                cls=self.class_name, total=len(verdicts), ok=counts["ok"],
                rename=counts["rename"], unknown=counts["unknown"])
                + (self.tr("（已保存的检查，只读）") if self.read_only else ""))
            over = list(getattr(result, "over_limit", ()) or ())
            self.warning_label.setText(
                self.tr("以下学生在群里的成员超过上限：{names}").format(names="、".join(over))
                if over else "")
        self._update_actions()

    def _cleared_keys(self) -> set[str]:
        if not self.class_name:
            return set()
        from classgroup_desktop.services.pending import cleared_out_keys

        return cleared_out_keys(self.db, self.class_name)

    def refresh_clear_outs(self) -> None:
        """After 标记清退: the marked members show 待清退 until a check no longer finds them."""
        self.model.set_cleared(self._cleared_keys())

    def show_pending(self, items: list) -> None:
        """The open loops (清退未执行, 提醒未见效) as a banner above the result."""
        self.pending = list(items)
        if not items:
            self.pending_label.setVisible(False)
            return
        groups: dict[str, list[str]] = {}
        for item in items:
            groups.setdefault(item.kind, []).append(item.nickname)
        parts = [self.tr("{kind} {n} 人（{names}）").format(
            kind=kind, n=len(names), names="、".join(names[:5]) + ("…" if len(names) > 5 else ""))
            for kind, names in groups.items()]
        self.pending_label.setText(self.tr("待办：") + "；".join(parts)
                                   + self.tr("。详见“事件记录”。"))
        self.pending_label.setToolTip("\n".join(item.detail for item in items))
        self.pending_label.setVisible(True)

    # Content-sized columns, each capped at this share of the table's width.
    # Small enough together that 说明 keeps room without a horizontal scrollbar at 1024×700.
    FIT_CAPS = ((CheckResultModel.COL_NICK, 0.18), (CheckResultModel.COL_IDENTITY, 0.16),
                (CheckResultModel.COL_SUGGESTION, 0.26), (CheckResultModel.COL_FLAGS, 0.12))
    FIT_MIN = {CheckResultModel.COL_NICK: 80, CheckResultModel.COL_IDENTITY: 80,
               CheckResultModel.COL_SUGGESTION: 90, CheckResultModel.COL_FLAGS: 60}

    REASON_MIN = 90  # 说明 keeps at least this much, so no horizontal scrollbar appears

    def _fit_columns(self) -> None:
        """Size nickname, identity, suggestion and flags to their contents, capped; when the
        table is too narrow for all of them and 说明, they give up width in proportion."""
        header = self.table.horizontalHeader()
        available = self.table.viewport().width()
        widths: dict[int, int] = {}
        for col, share in self.FIT_CAPS:
            wanted = max(self.table.sizeHintForColumn(col), header.sectionSizeHint(col),
                         self.FIT_MIN[col])
            widths[col] = min(wanted + 4, max(self.FIT_MIN[col], int(available * share)))
        fixed = sum(header.sectionSize(c) for c in range(header.count())
                    if c not in widths and c != CheckResultModel.COL_REASON
                    and not header.isSectionHidden(c))
        room = available - fixed - self.REASON_MIN
        total = sum(widths.values())
        if total > room > 0:
            spare = sum(w - self.FIT_MIN[c] for c, w in widths.items())
            cut = total - room
            for col, width in widths.items():
                share = (width - self.FIT_MIN[col]) / spare if spare else 0
                widths[col] = max(self.FIT_MIN[col], width - int(round(cut * share)) - 1)
        for col, width in widths.items():
            header.resizeSection(col, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def set_filter(self, mode: str) -> None:
        self.filter_buttons[mode].setChecked(True)
        self.proxy.set_mode(mode)

    def filter_count(self, mode: str) -> int:
        return filter_counts(self.model.verdicts())[mode]

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- selection and bulk actions ---------------------------------------------------------

    def selected_verdicts(self) -> list[Any]:
        rows = sorted({self.proxy.mapToSource(i).row()
                       for i in self.table.selectionModel().selectedRows()})
        return [self.model.verdict_at(r) for r in rows]

    def visible_verdicts(self) -> list[Any]:
        return [self.model.verdict_at(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
                for r in range(self.proxy.rowCount())]

    def _update_actions(self, *_args: Any) -> None:
        has_result = self.outcome is not None
        selected = self.selected_verdicts() if has_result else []
        if self.read_only:  # a reopened saved check: look, do not act
            has_result, selected = False, []
        self.copy_button.setEnabled(has_result and any(v.status == "rename"
                                                       for v in (selected or
                                                                 self.model.verdicts())))
        self.clear_out_button.setEnabled(bool(selected))
        self.confirm_button.setEnabled(len(selected) == 1)
        revoke = len(selected) == 1 and "confirmed" in selected[0].flags
        self.confirm_button.setText(self.tr("撤销确认") if revoke else self.tr("确认身份…"))
        self.copy_missing_button.setEnabled(self.missing_model.rowCount() > 0)
        self.entry_button.setEnabled(len(selected) == 1)
        if len(selected) == 1:
            verdict = selected[0]
            text = f"{verdict.nickname}：{verdict.reason}"
            if verdict.suggestion:
                text += self.tr("  建议改为：{s}").format(s=verdict.suggestion)
            self.detail_label.setText(text)
        elif selected:
            self.detail_label.setText(self.tr("已选 {n} 人").format(n=len(selected)))
        else:
            self.detail_label.setText(self.tr("选中一行查看完整说明；"
                                              "可按住 Ctrl 或 Shift 多选后批量操作。")
                                      if has_result else "")
        self.save_button.setEnabled(has_result and not getattr(self.outcome, "audit_id", None))
        self.compare_button.setEnabled(has_result and bool(self.history.audits))

    def copy_missing(self) -> str:
        """复制名单: the students whose families are not in the group, to contact them."""
        names = self.missing_model.stringList()
        if not names:
            return ""
        text = self.tr("{cls} 未入群学生（{n} 人）：{names}").format(
            cls=self.class_name, n=len(names), names="、".join(names))
        QGuiApplication.clipboard().setText(text)
        self.status_message.emit(self.tr("已复制未入群学生名单"))
        return text

    def save_audit(self) -> None:
        """保存为一次检查: the shown check is stored as an audit (re-run with save=True)."""
        if self.outcome is None:
            return
        self.run_check(save=True)

    def compare_with_previous(self) -> DiffDialog | None:
        """与上次检查比较: the working check (saved or not) against the last saved one. Nothing
        is saved here; the dialog offers to save the working check if it is not yet."""
        outcome = self.current_outcome
        if outcome is None:
            return None
        try:
            diff = _audit().diff_with_last(self.db, self.class_name, outcome,
                                           source=self.source or self.tr("粘贴"))
        except UserError as exc:
            show_error(self, exc)
            return None
        dialog = DiffDialog(diff, self, cleared=self._cleared_keys(),
                            can_save=not getattr(outcome, "audit_id", None))
        dialog.save_requested.connect(self.save_audit)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
