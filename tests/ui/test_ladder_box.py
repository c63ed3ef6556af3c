"""升级建议 table in the settings: no empty band, and a step without a time window says so."""

from __future__ import annotations

from classgroup_desktop.ui.settings.ladder_box import NO_WINDOW, LadderBox

LADDER = {
    "steps": [
        {"when_kind": "reminder", "exclude_rules": ["入群-2"], "min_count": 2,
         "window_days": 30, "suggest_kind": "removal"},
        {"when_kind": "removal", "rules": ["宗旨-3"], "min_count": 1,
         "window_days": None, "suggest_kind": "report"},
    ],
    "rename_grace_days": 3,
}


def test_no_window_shows_a_dash_with_its_reason_and_round_trips(qtbot):
    box = LadderBox()
    qtbot.addWidget(box)
    box.load(LADDER)
    cell = box.model.item(1, 2)
    assert cell.text() == NO_WINDOW
    assert "无时间窗口" in cell.toolTip()
    assert box.model.item(0, 2).toolTip() == ""
    assert [s["window_days"] for s in box.value()["steps"]] == [30, None]


def test_table_is_exactly_as_tall_as_its_rows(qtbot):
    box = LadderBox()
    qtbot.addWidget(box)
    box.load(LADDER)
    table = box.table
    rows = sum(table.rowHeight(r) for r in range(box.model.rowCount()))
    assert table.height() - rows < table.horizontalHeader().sizeHint().height() + 8
    assert table.maximumHeight() == table.minimumHeight()
