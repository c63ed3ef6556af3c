"""Benchmark: cold start of the desktop app — window shown, and first view filled with the
roster of the last class — against bare PySide6 windows on the same machine, in the same run.

Builds a 50-class database (45 students with two guardians each, a head teacher per class)
once, then starts each variant ``--runs`` times in a fresh Python process, interleaved, and
measures the wall time from launching the process to two moments (interpreter start, imports,
QApplication, window build, and for the app the database reads):

  (a) minimal: ``QApplication`` + an empty ``QMainWindow`` (window shown only);
  (b) minimal table: a ``QMainWindow`` whose central widget is a ``QTableView``; "filled" is
      the first event-loop turn after a 45×5 ``QStandardItemModel`` is set on it;
  (c) app: the steps of ``classgroup_desktop.app.main`` — fonts, crash handler, ``MainWindow``
      shown, then ``app.open_in_background``: the first view's rows read without SQLAlchemy
      and shown ("first view filled", the ``first_view_filled`` signal), then the full
      database open on a worker and attached ("database attached").

Prints median/min/max of each and the ratios to (b). Targets: first view filled <= 3x the
minimal table's; window shown <= 1.5x the minimal window's. Heavy modules (openpyxl, OCR,
report rendering, pypinyin/opencc) must not be imported at start, nor SQLAlchemy's ORM before
the first view is filled; the script lists any that were. Run:
``python bench/bench_startup.py [--runs 5]``.
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

MINIMAL_TABLE = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv)
window = QMainWindow()
table = QTableView()
window.setCentralWidget(table)
window.resize(1280, 800)
window.show()
def filled():
    print("READY", table.model().rowCount(), flush=True)
    app.quit()
def shown():
    print("SHOWN", flush=True)
    model = QStandardItemModel(0, 5, table)
    for n in range(45):
        model.appendRow([QStandardItem(f"{n + 1}"), QStandardItem(f"学生{n}"),
                         QStandardItem("男"), QStandardItem("爸爸 138****0000"),
                         QStandardItem("在读")])
    table.setModel(model)
    QTimer.singleShot(0, filled)
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
    orm = "sqlalchemy.orm" in sys.modules
    print("READY", rows, "orm" if orm else "-", ",".join(heavy) or "-", flush=True)
window.first_view_filled.connect(lambda: QTimer.singleShot(0, ready))
def attached():
    print("ATTACHED", flush=True)
    app.quit()
def attach(db):
    window.attach_database(db)
    QTimer.singleShot(0, attached)
def failed(exc):
    print("FAILED", exc, flush=True)
    app.quit()
QTimer.singleShot(0, lambda: app_module.open_in_background(window, args, on_done=attach,
                                                           on_error=failed))
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


def time_child(code: str, env: dict[str, str]) -> dict[str, tuple[float, str]]:
    """Seconds from launch to each line the child prints (SHOWN, READY, ATTACHED), with the
    rest of the line."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    marks: dict[str, tuple[float, str]] = {}
    for line in proc.stdout:
        label, _, rest = line.strip().partition(" ")
        marks.setdefault(label, (time.perf_counter() - start, rest))
    proc.wait(timeout=60)
    if "SHOWN" not in marks or "FAILED" in marks:
        raise SystemExit(f"child failed: {marks} {proc.stderr.read() if proc.stderr else ''}")
    return marks


def row(name: str, values: list[float]) -> str:
    return (f"{name:<34}{statistics.median(values):>10.3f}{min(values):>9.3f}"
            f"{max(values):>9.3f}")


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
        variants = {"minimal": MINIMAL, "table": MINIMAL_TABLE, "app": app_code}
        # One warm-up of each: the OS file cache in the same state for all, and the
        # bytecode cache written.
        for code in variants.values():
            time_child(code, env)
        times: dict[str, list[float]] = {}
        extra = ""
        for _ in range(args.runs):  # interleaved: drift in machine load hits all alike
            for key, code in variants.items():
                marks = time_child(code, env)
                for label, (seconds, rest) in marks.items():
                    times.setdefault(f"{key} {label}", []).append(seconds)
                    if key == "app" and label == "READY":
                        extra = rest
    rows, orm, heavy = (extra.split(" ") + ["?", "?", "?"])[:3]
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, {platform.system()} "
          f"{platform.release()}, Python {platform.python_version()}, "
          f"Qt platform {env['QT_QPA_PLATFORM']}, bytecode cache on")
    print(f"database: {CLASSES} classes x {PER_CLASS} students (built in {build:.2f} s)")
    print(f"{'variant':<34}{'median s':>10}{'min s':>9}{'max s':>9}")
    print(row("minimal QMainWindow: shown", times["minimal SHOWN"]))
    print(row("minimal + QTableView: shown", times["table SHOWN"]))
    print(row("minimal + QTableView: filled", times["table READY"]))
    print(row("app: window shown", times["app SHOWN"]))
    print(row("app: first view filled", times["app READY"])
          + f"   ({rows} students in the last class)")
    print(row("app: database attached", times["app ATTACHED"]))
    med = {key: statistics.median(values) for key, values in times.items()}
    shown_ratio = med["app SHOWN"] / med["minimal SHOWN"]
    filled_ratio = med["app READY"] / med["table READY"]
    print(f"ratio window shown / minimal window shown: {shown_ratio:.2f}  "
          f"(target <= 1.5: {'ok' if shown_ratio <= 1.5 else 'MISSED'})")
    print(f"ratio window shown / minimal table shown: {med['app SHOWN'] / med['table SHOWN']:.2f}")
    print(f"ratio first view filled / minimal table filled: {filled_ratio:.2f}  "
          f"(target <= 3: {'ok' if filled_ratio <= 3 else 'MISSED'})")
    print(f"SQLAlchemy ORM imported before the first view was filled: "
          f"{'yes' if orm == 'orm' else 'no'}")
    print(f"heavy modules imported at start: {'none' if heavy == '-' else heavy}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
