"""Every phone number in a report — PDF, Excel and ``report --json`` — is masked the way
``roster`` masks it: mobiles 138****8001, landlines 021-******66 (a landline guardian, a
landline in a log note)."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime

import pytest
from helpers.report_data import CLASS, MONTH, add_log, build_sample
from openpyxl import load_workbook
from sqlalchemy import select

from classgroup_desktop.cli.main import main
from classgroup_desktop.store.models import GuardianRow, StudentRow

LANDLINE = "021-12345666"
MASKED = "021-******66"
NOTE_LANDLINE = "0571-88886677"


@pytest.fixture
def dbfile(db):
    sample = build_sample(db)
    student = sample["not_reached"][0]  # listed with contacts under 家长未入群
    with db.session() as s:
        st = s.scalar(select(StudentRow).where(StudentRow.name == student))
        s.add(GuardianRow(student_id=st.id, name=None, relation="爷爷", phone=LANDLINE))
    add_log(db, CLASS, "note", datetime(2026, 3, 20, 9, 0), note=f"已打座机 {NOTE_LANDLINE} 联系")
    return db.location


def _unmasked(text: str) -> list[str]:
    return [n for n in (LANDLINE, "12345666", NOTE_LANDLINE, "88886677") if n in text]


def test_roster_masks_the_landline_the_same_way(dbfile, capsys):
    assert main(["--db", dbfile, "roster", "--class", CLASS]) == 0
    out = capsys.readouterr().out
    assert MASKED in out and not _unmasked(out)


def test_report_json_masks_landlines(dbfile, capsys):
    assert main(["--db", dbfile, "report", "--class", CLASS, "--month", MONTH, "--json"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    contacts = [c for f in data["membership"]["families_not_reached"] for c in f["contacts"]]
    assert f"爷爷 {MASKED}" in contacts
    assert "0571-******77" in out
    assert not _unmasked(out)


def test_report_xlsx_masks_landlines(dbfile, tmp_path, capsys):
    xlsx = tmp_path / "月报.xlsx"
    assert main(["--db", dbfile, "report", "--class", CLASS, "--month", MONTH,
                 "--xlsx", str(xlsx)]) == 0
    cells = [
        str(c)
        for ws in load_workbook(xlsx).worksheets
        for row in ws.iter_rows(values_only=True)
        for c in row
        if c is not None
    ]
    text = "\n".join(cells)
    assert MASKED in text and "0571-******77" in text
    assert not _unmasked(text)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_report_pdf_masks_landlines(dbfile, tmp_path, capsys):
    pdf = tmp_path / "月报.pdf"
    assert main(["--db", dbfile, "report", "--class", CLASS, "--month", MONTH,
                 "--pdf", str(pdf)]) == 0
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())
    assert MASKED in flat and not _unmasked(flat)
