"""The report as a workbook: same data, read back with openpyxl; formulas never evaluated."""

from __future__ import annotations

from datetime import datetime

import pytest
from helpers.report_data import CLASS, MONTH, add_log, build_sample
from openpyxl import load_workbook

from classgroup_desktop.io.report_xlsx import write_xlsx
from classgroup_desktop.services.report import build_class_report, build_school_summary

NOW = datetime(2026, 4, 2, 9, 0)


def rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_class_workbook_has_every_section_with_the_report_data(db, tmp_path):
    sample = build_sample(db)
    report = build_class_report(db, CLASS, MONTH, NOW)
    path = tmp_path / "月报.xlsx"
    write_xlsx(report, path)
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "概况",
        "未入群家庭",
        "本月检查",
        "需改名",
        "身份不明",
        "事件记录",
        "待办",
        "合规率变化",
    ]
    overview = {k: v for k, v in rows(wb["概况"])[1:]}
    assert overview["班级"] == CLASS
    assert overview["群成员总数"] == sample["members"]
    assert overview["报告内容校验码（SHA-256）"] == report.content_hash
    assert [r[0] for r in rows(wb["未入群家庭"])[1:]] == sample["not_reached"]
    assert all("****" in r[2] for r in rows(wb["未入群家庭"])[1:])
    assert [r[1] for r in rows(wb["需改名"])[1:]] == [f"{n}妈妈" for n in sample["renamed"]]
    log = rows(wb["事件记录"])[1:]
    assert [r[2] for r in log] == ["提醒", "清退", "上报", "备注", "作废"]
    assert log[1][7] == "截图0307.png" and len(log[1][8]) == 64


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","点我")', "+86 138", "-1+1", "@SUM(A1:A2)"],
    ids=["equals", "plus", "minus", "at"],
)
def test_text_that_looks_like_a_formula_stays_text(db, tmp_path, text):
    build_sample(db)
    add_log(db, CLASS, "reminder", datetime(2026, 3, 20), member=text, rule="入群-2", note=text)
    path = tmp_path / "f.xlsx"
    write_xlsx(build_class_report(db, CLASS, MONTH, NOW), path)
    ws = load_workbook(path)["事件记录"]
    hits = [c for row in ws.iter_rows() for c in row if c.value == text]
    assert len(hits) == 2  # member and description
    for cell in hits:
        assert cell.data_type == "s"  # a string cell, not a formula
        assert cell.quotePrefix  # Excel/WPS show it as typed text
    raw = load_workbook(path, data_only=False)["事件记录"]
    assert not any(c.data_type == "f" for row in raw.iter_rows() for c in row)


def test_school_workbook(db, tmp_path):
    build_sample(db)
    path = tmp_path / "汇总.xlsx"
    write_xlsx(build_school_summary(db, MONTH, NOW), path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["各班情况", "交报情况", "上报事项", "较上月变化", "校验信息"]
    table = rows(wb["各班情况"])
    assert table[0][:4] == ["班级", "班主任", "成员数", "合规率"]
    assert table[1][0] == CLASS and table[-1][0] == "合计"
    escalation = rows(wb["上报事项"])[1]
    assert escalation[3] == "监管-3" and escalation[5] == "待处置"
    assert rows(wb["交报情况"])[1][:2] == [CLASS, "本机"]


def test_unwritable_path_is_a_user_error(db, tmp_path):
    from classgroup_desktop.core.errors import UserError

    build_sample(db)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(UserError, match="无法写入"):
        write_xlsx(build_class_report(db, CLASS, MONTH, NOW), blocker / "r.xlsx")
