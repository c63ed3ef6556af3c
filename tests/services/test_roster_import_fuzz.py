"""Damaged roster files (truncated, bytes flipped, pieces cut out or doubled) never crash an
import: it either goes ahead or is refused with a user error, and a refused import leaves every
table of the database exactly as it was.

Seeds are real-looking rosters as .csv (GBK, long layout with continuation rows), .xlsx (title
row, wide layout, a second sheet) and .xls; hypothesis mutates them. Deterministic
(``derandomize``) so CI sees the same ~200 files every run.
"""

from __future__ import annotations

import os
import random

import pytest
from helpers.roster_files import write_xls, write_xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from classgroup_desktop.core.errors import UserError
from classgroup_desktop.services.roster import import_roster
from classgroup_desktop.store.db import open_database
from classgroup_desktop.store.models import Base

CLASS = "三年级(2)班"


def _students(n: int = 24) -> list[list[object]]:
    rng = random.Random(12)
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    given = "浩宇轩然子涵博文俊杰晨阳思远泽楷欣怡诗涵雨桐可馨"
    rows = []
    for i in range(1, n + 1):
        surname = rng.choice(surnames)
        name = surname + rng.choice(given) + rng.choice(given)
        rows.append([i, name, rng.choice("男女"), surname + "建国", 13800000000 + 2 * i])
    return rows


def _seed_csv(path):
    lines = ["学号,姓名,性别,家长姓名,与学生关系,联系电话"]
    for no, name, gender, father, phone in _students():
        lines.append(f"{no},{name},{gender},{father},父亲,{phone}")
        lines.append(f',,,"{name[0]}丽娟",母亲,{phone + 1}')
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    return path


def _seed_xlsx(path):
    header = ["学号", "姓名*", "性别", "父亲姓名", "父亲电话", "母亲姓名", "母亲电话"]
    rows = [[no, n, g, f, p, n[0] + "丽娟", p + 1] for no, n, g, f, p in _students()]
    return write_xlsx(
        path,
        {
            CLASS: [[f"{CLASS}学生名单"], header, *rows],
            "说明": [["填表说明：带*为必填项"]],
        },
        merges={CLASS: ["A1:G1"]},
    )


def _seed_xls(path):
    header = ["学号", "姓名", "性别", "家长姓名", "联系电话"]
    return write_xls(path, {CLASS: [header, *[[no, n, g, f, p] for no, n, g, f, p in _students()]]})


SEEDS = {"csv": _seed_csv, "xlsx": _seed_xlsx, "xls": _seed_xls}


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seeds")
    return {ext: make(folder / f"seed.{ext}").read_bytes() for ext, make in SEEDS.items()}


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory, seeds):
    folder = tmp_path_factory.mktemp("fuzzdb")
    database = open_database(folder / "fuzz.sqlite3")
    seed = folder / "seed.xlsx"
    seed.write_bytes(seeds["xlsx"])
    import_roster(database, seed)
    yield database, folder
    database.dispose()


def dump(db) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    out = {}
    with db.read() as s:
        for table in Base.metadata.sorted_tables:
            rows = s.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(r) for r in rows]
    return out


@st.composite
def damaged(draw, seeds):
    ext = draw(st.sampled_from(sorted(seeds)))
    data = bytearray(seeds[ext])
    for _ in range(draw(st.integers(1, 3))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["truncate", "flip", "cut", "double", "zero"]))
        if op == "truncate":
            del data[at:]
        elif op == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "zero":
            span = draw(st.integers(1, 64))
            data[at : at + span] = bytes(len(data[at : at + span]))
        else:
            span = draw(st.integers(1, 200))
            piece = data[at : at + span]
            if op == "cut":
                del data[at : at + span]
            else:
                data[at:at] = piece
    return ext, bytes(data)


def _check_one(db, folder, ext, data, dry_run):
    path = folder / f"damaged.{ext}"
    path.write_bytes(data)
    before = dump(db)
    try:
        import_roster(db, path, class_name=CLASS, dry_run=dry_run)
    except UserError:
        assert dump(db) == before, "a refused import changed the database"
    if dry_run:
        assert dump(db) == before, "a dry run changed the database"


@pytest.mark.parametrize("ext", sorted(SEEDS))
def test_the_undamaged_seeds_import(fuzz_db, seeds, ext):
    db, folder = fuzz_db
    path = folder / f"clean.{ext}"
    path.write_bytes(seeds[ext])
    report = import_roster(db, path, class_name=CLASS, dry_run=True)
    assert report.classes[0].students == 24


def test_damaged_rosters_are_imported_or_refused_with_a_user_error_never_a_crash(
    fuzz_db, seeds
):
    db, folder = fuzz_db

    @given(damaged(seeds), st.booleans())
    @settings(
        max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")),
        deadline=None,
        derandomize="FUZZ_EXAMPLES" not in os.environ,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    def run(case, dry_run):
        ext, data = case
        _check_one(db, folder, ext, data, dry_run)

    run()


@pytest.mark.parametrize("ext", sorted(SEEDS))
def test_every_truncation_point_of_a_roster_is_handled(fuzz_db, seeds, ext):
    """Deterministic sweep: the file cut at 40 evenly spaced points (a download cut short)."""
    db, folder = fuzz_db
    data = seeds[ext]
    for i in range(1, 41):
        _check_one(db, folder, ext, data[: len(data) * i // 41], dry_run=i % 2 == 0)
