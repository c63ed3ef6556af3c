"""`report` command: PDF/XLSX/JSON for a class or the school, finalise, bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime

import pytest
from helpers.report_data import CLASS, MONTH, add_log, build_sample
from openpyxl import load_workbook

from classgroup_desktop.cli.main import main


@pytest.fixture
def dbfile(db):
    build_sample(db)
    return db.location


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_class_report_to_pdf_xlsx_and_json(dbfile, tmp_path, capsys):
    pdf, xlsx = tmp_path / "月报.pdf", tmp_path / "月报.xlsx"
    code, out, err = run(
        capsys,
        "--db",
        dbfile,
        "report",
        "--class",
        CLASS,
        "--month",
        MONTH,
        "--pdf",
        str(pdf),
        "--xlsx",
        str(xlsx),
        "--json",
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["header"]["class_name"] == CLASS
    assert data["membership"]["total"] == 40
    assert len(data["content_hash"]) == 64 and data["pages"] >= 2
    assert pdf.read_bytes().startswith(b"%PDF")
    assert load_workbook(xlsx).sheetnames[0] == "概况"
    assert "已保存 PDF" in err


def test_school_summary_to_pdf(dbfile, tmp_path, capsys):
    pdf = tmp_path / "汇总.pdf"
    code, out, err = run(
        capsys, "--db", dbfile, "report", "--school", "--month", MONTH, "--pdf", str(pdf), "--json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert [r["class_name"] for r in data["rows"]] == [CLASS]
    assert data["totals"]["escalations"] == 1
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "学校汇总" in text


def test_finalise_then_reprint_notes_later_updates(dbfile, db, tmp_path, capsys):
    code, _, err = run(
        capsys,
        "--db",
        dbfile,
        "report",
        "--class",
        CLASS,
        "--month",
        MONTH,
        "--finalise",
        "--by",
        "李建国",
    )
    assert code == 0 and "已定稿" in err
    add_log(db, CLASS, "reminder", datetime(2026, 3, 31), member="Lily", rule="入群-2")
    code, out, err = run(
        capsys, "--db", dbfile, "report", "--class", CLASS, "--month", MONTH, "--json"
    )
    data = json.loads(out)
    assert data["finalisation"]["finalised_by"] == "李建国"
    assert data["finalisation"]["updates_since"] >= 1
    assert "定稿后有" in err
    code, _, err = run(
        capsys, "--db", dbfile, "report", "--class", CLASS, "--month", MONTH, "--finalise"
    )
    assert code == 2 and "已于" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["report", "--class", CLASS, "--month", "2026-13", "--json"], "YYYY-MM"),
        (["report", "--class", "没有这个班", "--month", MONTH, "--json"], "找不到班级"),
        (["report", "--class", CLASS, "--month", MONTH], "请至少指定一种输出"),
        (["report", "--month", MONTH, "--json"], "命令用法有误"),
    ],
    ids=["bad-month", "unknown-class", "no-output", "neither-class-nor-school"],
)
def test_bad_input_exits_2_with_a_chinese_message(dbfile, capsys, argv, message):
    try:
        code, _, err = run(capsys, "--db", dbfile, *argv)
    except SystemExit as exc:  # argparse usage errors
        code, err = exc.code, capsys.readouterr().err
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_cli_process_without_display_renders_offscreen(dbfile, tmp_path):
    import os
    import sys

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"}
    }
    pdf = tmp_path / "子进程.pdf"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "classgroup_desktop",
            "--db",
            dbfile,
            "report",
            "--class",
            CLASS,
            "--month",
            MONTH,
            "--pdf",
            str(pdf),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert pdf.stat().st_size > 1000
