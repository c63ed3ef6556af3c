"""Benchmark: a 60-class school — the school summary plus every class's monthly report to PDF.

Builds a fresh SQLite database (60 classes × 50 students, 2 audits and a few log entries each
in the month), then times: building the school summary, writing its PDF, and building +
writing each class report. Targets (issue 7): one class report < 0.3 s; the whole school < 10 s.

Run: ``python bench/bench_reports.py [--classes 60] [--students 50] [--out DIR]``
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

from helpers.report_data import (  # noqa: E402
    add_audit,
    add_log,
    make_class,
    parent,
    set_school,
    teacher,
    unknown,
)

from classgroup_desktop.io.report_pdf import ensure_gui_app, write_pdf  # noqa: E402
from classgroup_desktop.services.report import (  # noqa: E402
    build_class_report,
    build_school_summary,
)
from classgroup_desktop.store.db import open_database  # noqa: E402

MONTH = "2026-03"


def build_school(db, classes: int, students: int) -> list[str]:
    set_school(db)
    names = []
    for c in range(classes):
        name = f"{c // 10 + 1}年级{c % 10 + 1}班"
        names.append(name)
        kids = make_class(db, name, students, offset=c * students)
        for day, missing in ((5, 3), (24, 1)):
            members = [teacher("李建国"), teacher("周敏")]
            for i, kid in enumerate(kids[: students - missing]):
                if i % 9 == 1:
                    members.append(
                        parent(
                            kid, nickname=f"{kid}的妈妈", status="rename", suggestion=f"{kid}妈妈"
                        )
                    )
                else:
                    members.append(parent(kid))
            members.append(unknown(f"路人{c}"))
            add_audit(db, name, datetime(2026, 3, day, 20, 0), members)
        add_log(
            db,
            name,
            "reminder",
            datetime(2026, 3, 6, 8),
            member=f"{kids[1]}的妈妈",
            rule="入群-2",
            note="请按实名规则改名",
        )
        add_log(
            db,
            name,
            "clear-out",
            datetime(2026, 3, 7, 9),
            member=f"路人{c}",
            rule="入群-1",
            note="非本班家长",
            evidence=[(f"截图{c}.png", f"png{c}".encode())],
        )
        if c % 6 == 0:
            add_log(
                db,
                name,
                "escalation",
                datetime(2026, 3, 8, 10),
                member=f"路人{c}",
                rule="监管-3",
                note="发布收款二维码，已上报学校",
            )
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--classes", type=int, default=60)
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--out", type=Path, default=None, help="keep the PDFs here")
    args = parser.parse_args()
    ensure_gui_app()
    tmp = Path(tempfile.mkdtemp(prefix="bench_reports_"))
    out = args.out or tmp
    out.mkdir(parents=True, exist_ok=True)
    db = open_database(tmp / "school.sqlite3")

    t0 = time.perf_counter()
    names = build_school(db, args.classes, args.students)
    setup = time.perf_counter() - t0

    t_start = time.perf_counter()
    t0 = time.perf_counter()
    summary = build_school_summary(db, MONTH)
    t_summary_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    summary_pages = write_pdf(summary, out / "school.pdf")
    t_summary_pdf = time.perf_counter() - t0

    builds, renders, totals, pages = [], [], [], []
    for name in names:
        t0 = time.perf_counter()
        report = build_class_report(db, name, MONTH)
        t1 = time.perf_counter()
        pages.append(write_pdf(report, out / f"{name}.pdf"))
        t2 = time.perf_counter()
        builds.append(t1 - t0)
        renders.append(t2 - t1)
        totals.append(t2 - t0)
    whole = time.perf_counter() - t_start

    def ms(v: float) -> str:
        return f"{v * 1000:8.1f} ms"

    print(
        f"bench_reports — {datetime.now():%Y-%m-%d %H:%M} — {platform.platform()} — "
        f"{platform.processor() or platform.machine()} — {os.cpu_count()} CPUs — "
        f"Python {platform.python_version()}"
    )
    print(
        f"school: {args.classes} classes × {args.students} students "
        f"(setup {setup:.1f} s, not timed)\n"
    )
    print(f"{'step':<38}{'time':>12}")
    print("-" * 50)
    print(f"{'school summary: build data':<38}{ms(t_summary_build):>12}")
    print(f"{f'school summary: PDF ({summary_pages} pages)':<38}{ms(t_summary_pdf):>12}")
    print(f"{'class report: build data (median)':<38}{ms(statistics.median(builds)):>12}")
    print(f"{'class report: PDF (median)':<38}{ms(statistics.median(renders)):>12}")
    print(f"{'class report: total (median)':<38}{ms(statistics.median(totals)):>12}")
    print(f"{'class report: total (max)':<38}{ms(max(totals)):>12}")
    slowest = sorted(range(len(totals)), key=totals.__getitem__, reverse=True)[:3]
    print(
        f"{'slowest (report #: ms)':<38}"
        f"{', '.join(f'#{i + 1}: {totals[i] * 1000:.0f}' for i in slowest):>12}"
    )
    print(f"{'pages per class report':<38}{f'{min(pages)}–{max(pages)}':>12}")
    print("-" * 50)
    print(f"{'whole school (summary + all classes)':<38}{whole:>10.2f} s")
    ok_one = max(totals) < 0.3
    ok_all = whole < 10
    print(
        f"\ntarget one class report < 0.3 s: {'met' if ok_one else 'NOT met'}; "
        f"whole school < 10 s: {'met' if ok_all else 'NOT met'}"
    )
    db.dispose()


if __name__ == "__main__":
    main()
