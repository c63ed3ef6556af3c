"""成员检查's history: the class's saved checks (date, source, counts) in a drop-down above the
result; picking one shows its verdicts read-only, 当前检查 goes back to the working check."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

CURRENT = -1  # combo data of the working (unsaved or just saved) check


def audit_label(summary: Any) -> str:
    """``12月5日 14:03 · 粘贴 · 50 人（合规 34，需改名 13，身份不明 3）``."""
    taken = summary.taken_at
    when = f"{taken.month}月{taken.day}日 {taken:%H:%M}"
    if taken.year != date.today().year:
        when = f"{taken.year}年" + when
    source = f" · {summary.source}" if summary.source else ""
    return (f"{when}{source} · {summary.total} 人（合规 {summary.ok}，需改名 {summary.rename}，"
            f"身份不明 {summary.unknown}）")


class HistoryBar(QWidget):
    """``chosen(audit_id)`` when a saved check is picked, ``chosen(CURRENT)`` for 当前检查."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("已保存的检查：")))
        self.combo = QComboBox()
        self.combo.setObjectName("historyCombo")
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(20)
        self.combo.setToolTip(self.tr("打开一次已保存的检查（只读）"))
        self.combo.currentIndexChanged.connect(self._picked)
        layout.addWidget(self.combo, 1)
        self.audits: list[Any] = []

    def set_audits(self, audits: list[Any], *, has_current: bool, shown: int) -> None:
        """Fill with ``audits`` (newest first) and select ``shown`` (an id or CURRENT)."""
        self.audits = list(audits)
        self.combo.blockSignals(True)
        self.combo.clear()
        if has_current:
            self.combo.addItem(self.tr("当前检查"), CURRENT)
        for summary in audits:
            self.combo.addItem(audit_label(summary), summary.id)
        if not self.combo.count():
            self.combo.addItem(self.tr("（还没有保存过检查）"), CURRENT)
        index = self.combo.findData(shown)
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.setEnabled(bool(audits))
        self.combo.blockSignals(False)

    def _picked(self, index: int) -> None:
        if index >= 0:
            self.chosen.emit(int(self.combo.itemData(index)))
