"""Benchmark: cold start of the desktop app to its main window shown, against a bare PySide6
QMainWindow on the same machine, in the same run.

Builds a 50-class database (45 students with two guardians each, a head teacher per class)
once, then starts each variant ``--runs`` times in a fresh Python process and measures the
wall time from launching the process to the first event-loop turn after the window is shown
(interpreter start, imports, QApplication, database open and migration check, window build):

  (a) minimal: ``QApplication`` + an empty ``QMainWindow``;
  (b) app: the steps of ``classgroup_desktop.app.main`` — fonts, crash handler, ``MainWindow``
      shown; then the database opens on a worker thread (SQLAlchemy, migration check) and the
      roster view of the first class is filled. Both moments are reported: "window shown"
      and "roster filled".

Prints the median (and min/max) of each and the ratio to (a). Target: window shown <= 1.5x.
Heavy modules (openpyxl, OCR, report rendering, pypinyin/opencc) must not be imported at start;
the script lists any that were. Run: ``python bench/bench_startup.py [--runs 5]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CLASSES = 50
PER_CLASS = 45
HEAVY = ("openpyxl", "rapidocr_onnxruntime", "onnxruntime", "cv2", "pypinyin", "opencc",
         "python_calamine", "PySide6.QtPrintSupport", "PySide6.QtPdf")

MINIMAL = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
window.show()
def shown():
    print("SHOWN", flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""

APP = r"""
import sys
sys.path.insert(0, {root!r})
from PySide6.QtCore import QTimer
from classgroup_desktop import app as app_module
args = app_module.parse_args(["--db", {db!r}])
app = app_module.create_application([])
from classgroup_desktop.ui.app_settings import AppSettings
from classgroup_desktop.ui.crash import CrashHandler
from classgroup_desktop.ui.main_window import MainWindow
CrashHandler(show_dialog=False).install()
# The same steps as app.main() in interactive mode.
window = MainWindow(None, AppSettings(), open_demo=app_module.open_demo_db)
window.resize(1280, 800)
window.show()
def shown():
    print("SHOWN", flush=True)
QTimer.singleShot(0, shown)
def ready():
    rows = window.view("roster").students.rowCount()
    heavy = [m for m in {heavy!r} if m in sys.modules]
    print("READY", rows, ",".join(heavy), flush=True)
    app.quit()
def attach(db):
    window.attach_database(db)
    QTimer.singleShot(0, ready)
from classgroup_desktop.ui.common import run_in_background
QTimer.singleShot(0, lambda: run_in_background(window, app_module.open_db, args,
                                               on_done=attach, progress=False))
app.exec()
"""


def build_database(path: Path) -> None:
    """A 50-class school written through the roster import (a CSV with a 班级 column)."""
    import csv

    from classgroup_desktop.services.roster import import_roster
    from classgroup_desktop.store.db import open_database

    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    given = "浩宇轩然子涵博文俊杰晨阳思远泽楷皓明哲一鸣梓豪欣怡诗涵雨桐可馨思彤佳怡一诺语嫣"
    csv_path = path.with_suffix(".csv")
    with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["班级", "学号", "姓名", "性别", "家长姓名", "关系", "手机"])
        phone = 13800000000
        for c in range(CLASSES):
            klass = f"{c // 10 + 1}年级({c % 10 + 1})班"
            for n in range(PER_CLASS):
                name = (surnames[(c * 7 + n) % len(surnames)]
                        + given[n % len(given)] + given[(n * 3 + c) % len(given)])
                for relation in ("爸爸", "妈妈"):
                    phone += 1
                    out.writerow([klass, n + 1, name, "男" if n % 2 else "女",
                                  name[0] + "建华" if relation == "爸爸" else "陈丽娟",
                                  relation, phone])
    db = open_database(path)
    import_roster(db, csv_path)
    db.dispose()


def time_child(code: str, env: dict[str, str]) -> tuple[float, float | None, str]:
    """Seconds from launch to SHOWN (window on screen) and to READY (data in it, if any)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    shown = time.perf_counter() - start
    if not line.startswith("SHOWN"):
        raise SystemExit(f"child failed: {line}{proc.stderr.read() if proc.stderr else ''}")
    ready, extra = None, ""
    line = proc.stdout.readline()
    if line.startswith("READY"):
        ready = time.perf_counter() - start
        extra = line.strip().removeprefix("READY").strip()
    proc.wait(timeout=60)
    return shown, ready, extra


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db_path = folder / "school.sqlite3"
        env = {**os.environ, "CLASSGROUP_HOME": str(folder / "home")}
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        env.pop("CLASSGROUP_DB", None)
        # An installed app runs from compiled bytecode (pip writes the .pyc files); measure
        # that, not a compile of every module on each start (PYTHONDONTWRITEBYTECODE=1 in
        # some shells). The warm-up run writes the project's __pycache__ (git-ignored).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("PYTHONPYCACHEPREFIX", None)
        os.environ.update({"CLASSGROUP_HOME": env["CLASSGROUP_HOME"]})
        t0 = time.perf_counter()
        build_database(db_path)
        build = time.perf_counter() - t0
        app_code = APP.format(root=str(ROOT), db=str(db_path), heavy=HEAVY)
        # One warm-up of each: the OS file cache in the same state for both, and the
        # bytecode cache written.
        time_child(MINIMAL, env)
        time_child(app_code, env)
        minimal, full, ready, extra = [], [], [], ""
        for _ in range(args.runs):  # interleaved: drift in machine load hits both alike
            minimal.append(time_child(MINIMAL, env)[0])
            shown, filled, extra = time_child(app_code, env)
            full.append(shown)
            ready.append(filled or 0.0)
    med_min, med_app = statistics.median(minimal), statistics.median(full)
    rows, _, heavy = extra.partition(" ")
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, {platform.system()} "
          f"{platform.release()}, Python {platform.python_version()}, "
          f"Qt platform {env['QT_QPA_PLATFORM']}, bytecode cache on")
    print(f"database: {CLASSES} classes x {PER_CLASS} students (built in {build:.2f} s)")
    print(f"{'variant':<28}{'median s':>10}{'min s':>9}{'max s':>9}")
    print(f"{'minimal QMainWindow':<28}{med_min:>10.3f}{min(minimal):>9.3f}{max(minimal):>9.3f}")
    print(f"{'app: window shown':<28}{med_app:>10.3f}{min(full):>9.3f}{max(full):>9.3f}")
    med_ready = statistics.median(ready)
    print(f"{'app: roster filled':<28}{med_ready:>10.3f}{min(ready):>9.3f}{max(ready):>9.3f}"
          f"   ({rows} students in the first class)")
    ratio = med_app / med_min
    print(f"ratio window shown / minimal: {ratio:.2f}  "
          f"(target <= 1.5: {'ok' if ratio <= 1.5 else 'MISSED'})")
    print(f"ratio roster filled / minimal: {med_ready / med_min:.2f}")
    print(f"heavy modules imported at start: {heavy or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
