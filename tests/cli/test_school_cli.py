"""`report --package` and `school import / escalations / dispose`: the done-when of issue 17's
first part, through the command line (two teachers' databases, one supervisor's)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from helpers.report_data import MONTH, build_sample, set_school

from classgroup_desktop.cli.main import main
from classgroup_desktop.store.db import open_database

A, B = "三年级二班", "四年级一班"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def teacher(tmp_path: Path, name: str, students: int) -> Path:
    path = tmp_path / f"{name}.sqlite3"
    db = open_database(path)
    build_sample(db, students=students, name=name)
    db.dispose()
    return path


@pytest.fixture
def exported(tmp_path, capsys):
    out = {}
    for name, n in ((A, 12), (B, 20)):
        db = teacher(tmp_path, name, n)
        pkg = tmp_path / f"{name}.cgpkg"
        code, data, err = run(capsys, "--db", db, "report", "--class", name, "--month", MONTH,
                              "--package", pkg, "--finalise", "--json")
        assert code == 0, err
        out[name] = (pkg, json.loads(data))
    return out


@pytest.fixture
def school(tmp_path):
    path = tmp_path / "school.sqlite3"
    db = open_database(path)
    set_school(db, teacher="张主任")
    db.dispose()
    return path


def test_exporting_an_unfinalised_month_exits_2_and_writes_nothing(tmp_path, capsys):
    db = teacher(tmp_path, A, 8)
    pkg = tmp_path / "x.cgpkg"
    code, _out, err = run(capsys, "--db", db, "report", "--class", A, "--month", MONTH,
                          "--package", pkg)
    assert code == 2 and "尚未定稿" in err and "--finalise" in err
    assert not pkg.exists()


def test_two_teachers_export_and_the_supervisor_summary_lists_both(exported, school, capsys,
                                                                    tmp_path):
    code, out, err = run(capsys, "--db", school, "school", "import",
                         exported[A][0], exported[B][0], "--json")
    assert code == 0, err
    assert [o["status"] for o in json.loads(out)] == ["accepted", "accepted"]
    code, out, err = run(capsys, "--db", school, "report", "--school", "--month", MONTH,
                         "--json", "--pdf", tmp_path / "汇总.pdf")
    assert code == 0, err
    assert "上报待处置 2 件" in err and "未交月报" not in err
    data = json.loads(out)
    assert [r["class_name"] for r in data["rows"]] == [A, B]
    hashes = {c["class_name"]: c["content_hash"] for c in data["handin"]["classes"]}
    assert hashes == {A: exported[A][1]["content_hash"], B: exported[B][1]["content_hash"]}
    # importing again changes nothing and still exits 0
    code, out, _ = run(capsys, "--db", school, "school", "import", exported[A][0], "--json")
    assert code == 0 and json.loads(out)[0]["status"] == "unchanged"


def test_a_package_edited_after_export_is_refused_with_exit_3(exported, school, capsys,
                                                              tmp_path):
    src = exported[A][0]
    edited = tmp_path / "edited.cgpkg"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(edited, "w") as zout:
        for name in zin.namelist():
            body = zin.read(name)
            if name == "report.pdf":
                body = body.replace(b"/Producer", b"/Producex")
            zout.writestr(name, body)
    code, out, err = run(capsys, "--db", school, "school", "import", exported[B][0], edited)
    assert code == 3
    assert "edited.cgpkg" in err and "报告 PDF（report.pdf）" in err
    code, out, _ = run(capsys, "--db", school, "school", "packages", "--json")
    assert [p["class_name"] for p in json.loads(out)] == [B]


def test_the_next_month_names_the_classes_that_have_not_handed_in(exported, school, capsys):
    run(capsys, "--db", school, "school", "import", exported[A][0], exported[B][0])
    code, _out, err = run(capsys, "--db", school, "report", "--school", "--month", "2026-04",
                          "--json")
    assert code == 0 and f"本月未交月报：{A}、{B}" in err


def test_a_file_that_is_not_a_package_exits_2(school, capsys, tmp_path):
    junk = tmp_path / "junk.cgpkg"
    junk.write_bytes(b"PK not really")
    code, _out, err = run(capsys, "--db", school, "school", "import", junk)
    assert code == 2 and "junk.cgpkg" in err


def test_an_escalation_is_disposed_and_log_verify_covers_it(exported, school, capsys):
    run(capsys, "--db", school, "school", "import", exported[A][0])
    code, out, _ = run(capsys, "--db", school, "school", "escalations", "--json")
    [esc] = json.loads(out)
    assert esc["handled"] is False and esc["class_name"] == A
    code, out, err = run(capsys, "--db", school, "school", "dispose", esc["key"],
                         "--action", "约谈家长，已删除不实信息", "--by", "张主任",
                         "--reported-upward", "--date", "2026-04-03", "--json")
    assert code == 0, err
    assert json.loads(out)["reported_upward"] is True
    code, out, _ = run(capsys, "--db", school, "school", "escalations", "--open")
    assert "没有上报" in out
    code, out, err = run(capsys, "--db", school, "log", "verify", "--json")
    assert code == 0, err
    assert json.loads(out)["ok"] is True and json.loads(out)["checked"] == 1


def test_disposing_an_unknown_escalation_exits_2(school, capsys):
    code, _out, err = run(capsys, "--db", school, "school", "dispose", "没有#1@x",
                          "--action", "x", "--by", "张主任")
    assert code == 2 and "school escalations" in err
