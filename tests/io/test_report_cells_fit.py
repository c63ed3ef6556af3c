"""No cell of any report table clips its text: every wrapped line fits the cell's width and
all lines fit its height. Also how cells wrap: a masked phone stays whole, 命名 stays whole."""

from __future__ import annotations

from datetime import datetime

import pytest
from helpers.report_data import CLASS, MONTH, add_log, build_sample
from PySide6.QtGui import QFontMetricsF, QPdfWriter

from classgroup_desktop.io.report_fonts import ensure_gui_app
from classgroup_desktop.io.report_layout import wrap_cell
from classgroup_desktop.io.report_pdf import configure_a4, layout_report
from classgroup_desktop.services.report import build_class_report, build_school_summary

TRICKY_MEMBERS = ["13912345678", "🌸王小明妈妈🌸", "Li Zhe Baba（李喆爸爸）",
                  "超长的群昵称超长的群昵称超长的群昵称超长的群昵称"]


def _tricky_log(db) -> None:
    for i, member in enumerate(TRICKY_MEMBERS):
        add_log(db, CLASS, "reminder", datetime(2026, 3, 10 + i, 8, 0), member=member,
                rule="入群-2", note="请按“学生姓名+关系”改名，如“王小明妈妈”。" * (i + 1),
                evidence=[(f"IMG_20260310_0{i}_very_long_file_name.jpg", b"x" * (i + 1))])
    add_log(db, CLASS, "escalation", datetime(2026, 3, 20, 8, 0), member="13812345678",
            rule="监管-3", note="冒充老师收款，已上报学校。")


def _cells(report) -> list[tuple]:
    ensure_gui_app()
    writer = QPdfWriter("/dev/null")
    configure_a4(writer)
    writer.setResolution(600)
    _ctx, pages = layout_report(report, writer)
    out = []
    for page in pages:
        for item, _y in page:
            for width, height, text, font in item.cells:
                out.append((width, height, text, QFontMetricsF(font, writer)))
    return out


@pytest.mark.parametrize("scope", ["class", "school"])
def test_every_table_cell_text_fits_its_rectangle(db, scope):
    build_sample(db)
    _tricky_log(db)
    report = (build_class_report(db, CLASS, MONTH) if scope == "class"
              else build_school_summary(db, MONTH))
    cells = _cells(report)
    assert len(cells) > 50
    clipped = []
    for width, height, text, fm in cells:
        lines = text.split("\n")
        too_wide = [line for line in lines if fm.horizontalAdvance(line) > width + 0.5]
        if too_wide or len(lines) * fm.lineSpacing() > height + 0.5:
            clipped.append((text, too_wide))
    assert clipped == []
    texts = "\n".join(cell[2] for cell in cells)
    if scope == "class":
        assert "139****5678" in texts  # masked, and on one line


@pytest.fixture
def fm():
    ensure_gui_app()
    from PySide6.QtGui import QFont

    font = QFont()
    font.setPointSizeF(9)
    return QFontMetricsF(font)


def test_a_masked_phone_moves_whole_to_the_next_line(fm):
    width = fm.horizontalAdvance("139****5678") + 2
    lines = wrap_cell("家长139****5678", fm, width)
    assert lines == ["家长", "139****5678"]


def test_a_lone_last_character_takes_its_neighbour_along(fm):
    text = "群成员实名制命名"
    width = fm.horizontalAdvance(text[:7]) + 1  # room for seven characters
    assert wrap_cell(text, fm, width) == ["群成员实名制", "命名"]


def test_closing_punctuation_never_starts_a_line(fm):
    width = fm.horizontalAdvance("已提醒改名") + 1
    lines = wrap_cell("已提醒改名。", fm, width)
    assert not any(line.startswith("。") for line in lines)
    assert all(fm.horizontalAdvance(line) <= width for line in lines)


def test_a_run_wider_than_the_cell_is_cut_by_character(fm):
    width = fm.horizontalAdvance("abcd") + 1
    lines = wrap_cell("abcdefghij", fm, width)
    assert "".join(lines) == "abcdefghij"
    assert all(fm.horizontalAdvance(line) <= width for line in lines)
