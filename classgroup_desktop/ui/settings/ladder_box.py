"""升级建议与跟进 in the settings: the escalation ladder's counts and time windows, and how
many days a rename reminder may go unanswered (settings ESCALATION_LADDER)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QSpinBox, QTableView, QVBoxLayout

from classgroup_desktop.core.errors import UserError

# Shown in 在几天内 for a step with no time window (blank or this mean "no limit").
NO_WINDOW = "—"


class LadderBox(QGroupBox):
    """Edits the numbers of each ladder step; the steps themselves stay as defined."""

    def __init__(self, parent=None) -> None:
        super().__init__(self.tr("升级建议与跟进"), parent)
        self._ladder: dict[str, Any] = {}
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("满足条件时，事件记录中会给出建议（不会自动执行）："))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.model = QStandardItemModel(self)
        self.table = QTableView()
        self.table.setObjectName("ladderTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        grace = QHBoxLayout()
        grace.addWidget(QLabel(self.tr("提醒改名后超过")))
        self.grace_spin = QSpinBox()
        self.grace_spin.setObjectName("renameGrace")
        self.grace_spin.setRange(1, 60)
        self.grace_spin.setSuffix(self.tr(" 天"))
        grace.addWidget(self.grace_spin)
        grace.addWidget(QLabel(self.tr("仍未改名，列为“提醒未见效”")))
        grace.addStretch(1)
        layout.addLayout(grace)

    def load(self, ladder: dict[str, Any]) -> None:
        from classgroup_desktop.core.logchain import kind_label

        self._ladder = dict(ladder)
        self.model.clear()
        self.model.setHorizontalHeaderLabels([self.tr("当记录"), self.tr("至少几次"),
                                              self.tr("在几天内"), self.tr("建议")])
        for step in self._ladder.get("steps", []):
            what = kind_label(step.get("when_kind", ""))
            if step.get("rules"):
                what += self.tr("（依据 {r}）").format(r="、".join(step["rules"]))
            elif step.get("exclude_rules"):
                what += self.tr("（{r} 以外）").format(r="、".join(step["exclude_rules"]))
            window = step.get("window_days")
            window_cell = QStandardItem(NO_WINDOW if window is None else str(window))
            if window is None:
                # A blank cell looked like missing data; say why there is no window.
                count = int(step.get("min_count", 1))
                kind, suggest = (kind_label(step.get("when_kind", "")),
                                 kind_label(step.get("suggest_kind", "")))
                window_cell.setToolTip(
                    self.tr("一次{kind}即建议{suggest}，无时间窗口").format(
                        kind=kind, suggest=suggest)
                    if count == 1 else
                    self.tr("累计 {n} 次{kind}即建议{suggest}，不限时间").format(
                        n=count, kind=kind, suggest=suggest))
            cells = [QStandardItem(what), QStandardItem(str(step.get("min_count", 1))),
                     window_cell, QStandardItem(kind_label(step.get("suggest_kind", "")))]
            for col, cell in enumerate(cells):
                cell.setEditable(col in (1, 2))
            self.model.appendRow(cells)
        self.table.resizeColumnsToContents()
        self._fit_height()
        self.grace_spin.setValue(int(self._ladder.get("rename_grace_days", 3)))

    def _fit_height(self) -> None:
        # Exactly the header and the rows: a taller table showed an empty row-like band.
        table = self.table
        height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(r) for r in range(self.model.rowCount()))
        table.setFixedHeight(height)

    def value(self) -> dict[str, Any]:
        """The ladder as the form shows it; UserError naming the row for a bad number."""
        data = dict(self._ladder)
        steps = []
        for row, step in enumerate(self._ladder.get("steps", [])):
            step = dict(step)
            count = self.model.item(row, 1).text().strip()
            days = self.model.item(row, 2).text().strip().replace(NO_WINDOW, "")
            if not count.isdigit() or int(count) < 1:
                raise UserError(self.tr("升级建议第 {n} 行的次数应为正整数。").format(n=row + 1))
            if days and not days.isdigit():
                raise UserError(self.tr("升级建议第 {n} 行的天数应为整数，或留空（—）表示不限。")
                                .format(n=row + 1))
            step["min_count"] = int(count)
            step["window_days"] = int(days) if days else None
            steps.append(step)
        data["steps"] = steps
        data["rename_grace_days"] = self.grace_spin.value()
        return data
