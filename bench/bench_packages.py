"""Benchmark: report packages for a school without a server.

Each of N classes (one teacher database each, the standard March sample with ``--students``
students) exports its finalised month as a package; the supervisor imports them all, builds the
school summary and writes its PDF. Prints one table of timings and the package sizes.

Run: ``python bench/bench_packages.py [--classes 30] [--students 45]``
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from helpers.report_data import MONTH, build_sample, set_school  # noqa: E402

from classgroup_desktop.services.report import build_school_summary  # noqa: E402
from classgroup_desktop.services.report_files import save_pdf  # noqa: E402
from classgroup_desktop.services.report_package import (  # noqa: E402
    export_package,
    import_packages,
)
from classgroup_desktop.store.db import open_database  # noqa: E402

GRADES = "一二三四五六"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--classes", type=int, default=30)
    ap.add_argument("--students", type=int, default=45)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-packages-"))
    exports, sizes, paths = [], [], []
    for i in range(args.classes):
        name = f"{GRADES[i // 5 % 6]}年级{i % 5 + 1}班" + (f"-{i // 30}" if i >= 30 else "")
        db = open_database(work / f"t{i}.sqlite3")
        build_sample(db, students=args.students, name=name)
        path = work / f"{i}.cgpkg"
        t = time.perf_counter()
        export_package(db, name, MONTH, path, finalise=True, now=datetime(2026, 4, 2, 9, 0))
        exports.append(time.perf_counter() - t)
        db.dispose()
        sizes.append(path.stat().st_size)
        paths.append(path)
    school = open_database(work / "school.sqlite3")
    set_school(school)
    t = time.perf_counter()
    outcomes = import_packages(school, paths)
    t_import = time.perf_counter() - t
    assert all(o.status == "accepted" for o in outcomes), outcomes
    t = time.perf_counter()
    again = import_packages(school, paths)
    t_again = time.perf_counter() - t
    assert all(o.status == "unchanged" for o in again)
    t = time.perf_counter()
    summary = build_school_summary(school, MONTH)
    t_summary = time.perf_counter() - t
    t = time.perf_counter()
    pages = save_pdf(summary, work / "summary.pdf")
    t_pdf = time.perf_counter() - t
    print(f"report packages — {args.classes} classes × {args.students} students; "
          f"{platform.python_version()} on {platform.machine()}, load {os.getloadavg()[0]:.1f}")
    print(f"{'step':<44}{'time':>10}")
    print(f"{'export one package (median; build+PDF+zip)':<44}{statistics.median(exports):>9.2f}s")
    print(f"{'package size (median)':<44}{statistics.median(sizes) / 1024:>8.0f}KB")
    print(f"{f'import {args.classes} packages (verify + store)':<44}{t_import:>9.2f}s")
    print(f"{f're-import {args.classes} (unchanged)':<44}{t_again:>9.2f}s")
    print(f"{'school summary from packages':<44}{t_summary:>9.2f}s")
    print(f"{f'summary PDF ({pages} pages)':<44}{t_pdf:>9.2f}s")


if __name__ == "__main__":
    main()
