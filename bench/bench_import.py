"""Benchmark: importing a 3,000-row school-wide roster, against merely reading the file.

Generates a roster of 60 classes x 50 students as .xlsx in a temp folder: 班级 column, a title
row, wide layout (父亲姓名/父亲电话/母亲姓名/母亲电话) so 3,000 rows give 3,000 students and 6,000
guardians; ``--long`` writes one row per guardian instead (6,000 rows). Then times in the same
run:

  (a) openpyxl load_workbook(read_only=True) + iterating every row (the yardstick),
  (b) python-calamine reading every row,
  (c) the whole ``import_roster`` into a fresh SQLite database (sniffing, parsing, matching,
      writes and commit included; opening/migrating the empty database is not).

Then hostile files, each set in its own process: tiny workbooks with one cell at XFD1048576 and
the like (refused before any cell is allocated), and 100 copies of the roster truncated or with
a flipped bit.

Target: (c) / (a) <= 1.0 and (c) < 0.5 s. Run: ``python bench/bench_import.py [--long]``
Best of ``--repeat`` runs is reported (a fresh database for every import run).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CLASSES = 60
PER_CLASS = 50


def write_roster(path: Path, *, wide: bool) -> int:
    """The school-wide roster; returns the number of data rows."""
    from openpyxl import Workbook

    rng = random.Random(3000)
    surnames = (
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    )
    given = "浩宇轩然子涵博文俊杰晨阳思远泽楷皓轩明哲一鸣梓豪欣怡诗涵雨桐可馨子萱思彤佳怡一诺语嫣"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("全校学生")
    ws.append(["示例实验小学（虚构）2025学年学生名单"])
    ws.append([])
    if wide:
        ws.append(["班级", "学号", "姓名*", "性别", "父亲姓名", "父亲电话", "母亲姓名", "母亲电话"])
    else:
        ws.append(["班级", "学号", "姓名*", "性别", "家长姓名", "与学生关系", "联系电话"])
    rows = 0
    phone = 13800000000
    for c in range(CLASSES):
        class_name = f"{'一二三四五六'[c // 10]}年级({c % 10 + 1})班"
        for no in range(1, PER_CLASS + 1):
            surname = rng.choice(surnames)
            name = surname + rng.choice(given) + rng.choice(given)
            gender = rng.choice((1, 2))
            father, mother = surname + "建华", rng.choice(surnames) + "丽娟"
            phone += 2
            if wide:
                ws.append([class_name, no, name, gender, father, phone, mother, phone + 1])
                rows += 1
            else:
                ws.append([class_name, no, name, gender, father, "爸爸", phone])
                ws.append([class_name, no, name, gender, mother, "妈妈", phone + 1])
                rows += 2
    wb.save(path)
    return rows


def time_openpyxl(path: Path) -> float:
    from openpyxl import load_workbook

    start = time.perf_counter()
    wb = load_workbook(path, read_only=True, data_only=True)
    n = 0
    for ws in wb.worksheets:
        for _row in ws.iter_rows(values_only=True):
            n += 1
    wb.close()
    return time.perf_counter() - start


def time_calamine(path: Path) -> float:
    import python_calamine as pc

    start = time.perf_counter()
    wb = pc.CalamineWorkbook.from_path(str(path))
    n = 0
    for name in wb.sheet_names:
        for _row in wb.get_sheet_by_name(name).iter_rows():
            n += 1
    wb.close()
    return time.perf_counter() - start


def time_import(path: Path, folder: Path, run: int) -> tuple[float, float, int, int]:
    """Seconds for the first import into a fresh database and for re-importing the same file."""
    from classgroup_desktop.services.roster import import_roster
    from classgroup_desktop.store.db import open_database

    db = open_database(folder / f"bench-{run}.sqlite3")
    try:
        start = time.perf_counter()
        report = import_roster(db, path)
        first = time.perf_counter() - start
        start = time.perf_counter()
        again = import_roster(db, path)
        second = time.perf_counter() - start
    finally:
        db.dispose()
    assert not any(c.added or c.updated or c.left for c in again.classes)
    students = sum(c.students for c in report.classes)
    guardians = sum(c.guardians for c in report.classes)
    return first, second, students, guardians


def time_hostile(folder: Path) -> list[tuple[str, float, int]]:
    """Seconds and peak RSS (KB, whole process) to refuse or read hostile files.

    Each runs in its own process so one file's peak does not hide another's.
    """
    import subprocess

    script = r"""
import resource, sys, time
from pathlib import Path
from classgroup_desktop.core.errors import UserError
from classgroup_desktop.io.roster_reader import read_roster
start = time.perf_counter()
paths = sorted(Path(sys.argv[1]).glob(sys.argv[2]))
for p in paths:
    try:
        read_roster(p, class_name="三(2)班")
    except UserError:
        pass
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from helpers.far_cells import far_ods, far_xls, far_xlsx

    cases = {
        "far cell XFD1048576 (.xlsx, 2 KB)": far_xlsx(folder / "far1.xlsx", "XFD1048576"),
        "far cell ZZ1048576 (.xlsx)": far_xlsx(folder / "far2.xlsx", "ZZ1048576"),
        "far cell IV65536 (.xls)": far_xls(folder / "far3.xls"),
        "far cell after repeated rows (.ods)": far_ods(folder / "far4.ods"),
    }
    rng = random.Random(12)
    seed = (folder / "school.xlsx").read_bytes()
    damaged = folder / "damaged"
    damaged.mkdir()
    for i in range(100):
        data = bytearray(seed)
        at = rng.randrange(len(data))
        if i % 2:
            del data[at:]
        else:
            data[at] ^= 1 << rng.randrange(8)
        (damaged / f"d{i:03}.xlsx").write_bytes(bytes(data))
    results = []
    root = str(Path(__file__).resolve().parents[1])
    for label, path in [*cases.items(), ("100 damaged copies of the roster", damaged / "*")]:
        folder_, pattern = (str(path.parent), path.name)
        out = subprocess.run(
            [sys.executable, "-c", script, folder_, pattern],
            capture_output=True,
            text=True,
            cwd=root,
            check=True,
        ).stdout.split()
        results.append((label, float(out[0]), int(out[1])))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", action="store_true", help="one row per guardian (6,000 rows)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (best kept)")
    args = parser.parse_args()
    # warm the imports so the first timed run does not pay for module loading
    import openpyxl  # noqa: F401
    import python_calamine  # noqa: F401

    import classgroup_desktop.services.roster  # noqa: F401

    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp)
        path = folder / "school.xlsx"
        rows = write_roster(path, wide=not args.long)
        t_openpyxl = min(time_openpyxl(path) for _ in range(args.repeat))
        t_calamine = min(time_calamine(path) for _ in range(args.repeat))
        runs = [time_import(path, folder, i) for i in range(args.repeat)]
        t_import = min(r[0] for r in runs)
        t_reimport = min(r[1] for r in runs)
        students, guardians = runs[0][2], runs[0][3]
        size_kb = path.stat().st_size / 1024
        hostile = time_hostile(folder)

    layout = "long (one row per guardian)" if args.long else "wide (父亲/母亲 columns)"
    print(
        f"Roster: {CLASSES} classes x {PER_CLASS} students, {layout}: {rows} data rows, "
        f"{size_kb:.0f} KB; {students} students, {guardians} guardians imported"
    )
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {platform.system()}; best of {args.repeat}"
    )
    print()
    print(f"{'measurement':<48}{'seconds':>10}{'vs openpyxl':>13}")
    print("-" * 71)
    for label, t in (
        ("(a) openpyxl read_only, iterate all rows", t_openpyxl),
        ("(b) python-calamine, iterate all rows", t_calamine),
        ("(c) import_roster into fresh SQLite (all in)", t_import),
        ("(d) re-import the same file (match, no change)", t_reimport),
    ):
        print(f"{label:<48}{t:>10.3f}{t / t_openpyxl:>12.2f}x")
    print()
    ok = t_import / t_openpyxl <= 1.0 and t_import < 0.5
    print(f"Target: import/openpyxl <= 1.0 and import < 0.5 s -> {'met' if ok else 'NOT met'}")
    print()
    print(f"{'hostile file (read_roster, own process)':<48}{'seconds':>10}{'peak RSS MB':>13}")
    print("-" * 71)
    for label, t, kb in hostile:
        print(f"{label:<48}{t:>10.3f}{kb / 1024:>13.1f}")
    print("Target: each file refused or read in < 10 s and < 500 MB")


if __name__ == "__main__":
    main()
