"""Kill a process at a random moment while it creates or upgrades a database, then check the
file still opens with every row (shared by tests/store/test_kill_safety.py and
bench/bench_kill.py)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]

# Imports first, then "ready", then the work: the parent times its kill from "ready", so the
# kill lands in the database work, not in the interpreter's start-up.
CHILD = r"""
import sys
from classgroup_desktop.store.db import open_database
import alembic.command, alembic.script, sqlalchemy.orm  # loaded before the clock starts
print("ready", flush=True)
open_database(sys.argv[1]).dispose()
print("done", flush=True)
"""


def build_first_revision(path: Path, classes: int, students: int) -> None:
    """A database at revision 0001 holding ``classes`` classes and ``students`` students (each
    with a guardian)."""
    from classgroup_desktop.store.db import upgrade

    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine, "0001")
    now = datetime(2026, 9, 1, 8, 0)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO class_group (id, name, archived, created_at)"
                          " VALUES (:id, :name, 0, :now)"),
                     [{"id": c, "name": f"{c}班", "now": now} for c in range(1, classes + 1)])
        conn.execute(text("INSERT INTO student (id, class_id, name, active, created_at)"
                          " VALUES (:id, :cls, :name, 1, :now)"),
                     [{"id": i, "cls": i % classes + 1, "name": f"学生{i}", "now": now}
                      for i in range(1, students + 1)])
        conn.execute(text("INSERT INTO guardian (student_id, name, relation, phone)"
                          " VALUES (:id, :name, '妈妈', '13800138000')"),
                     [{"id": i, "name": f"家长{i}"} for i in range(1, students + 1)])
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()


@dataclass
class Outcome:
    killed: bool  # the kill landed before the work finished
    opened: bool  # the file opened afterwards (at the newest revision)
    rows_ok: bool  # every class, student and guardian still there
    error: str = ""


def _child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def time_work(path: Path, template: Path | None) -> float:
    """Seconds from "ready" to "done" of one unkilled run (for choosing kill moments)."""
    _fresh(path, template)
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE,
                            text=True, env=_child_env(), cwd=ROOT)
    assert proc.stdout is not None
    proc.stdout.readline()
    start = time.perf_counter()
    proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=60)
    return elapsed


def _fresh(path: Path, template: Path | None) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        p.unlink(missing_ok=True)
    shutil.rmtree(path.parent / "backups", ignore_errors=True)
    if template is not None:
        shutil.copyfile(template, path)


def kill_trial(path: Path, template: Path | None, delay: float,
               rows: tuple[int, int] | None) -> Outcome:
    """Run the child on a fresh copy, SIGKILL it ``delay`` seconds after "ready", then open
    the file in this process and count its rows (``rows`` = classes, students expected)."""
    from classgroup_desktop.store.db import SCHEMA_HEAD, current_revision, open_database

    _fresh(path, template)
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE,
                            text=True, env=_child_env(), cwd=ROOT)
    assert proc.stdout is not None
    proc.stdout.readline()
    time.sleep(delay)
    killed = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    try:
        db = open_database(path)
    except Exception as exc:  # noqa: BLE001 - a bricked file is what this counts
        return Outcome(killed, False, False, f"{type(exc).__name__}: {exc}")
    try:
        opened = current_revision(db.engine) == SCHEMA_HEAD
        rows_ok = True
        if rows is not None:
            with db.engine.connect() as conn:
                got = tuple(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                            for t in ("class_group", "student", "guardian"))
            rows_ok = got == (rows[0], rows[1], rows[1])
    finally:
        db.dispose()
    return Outcome(killed, opened, rows_ok)


def run_trials(folder: Path, *, trials: int, upgrade: bool, classes: int = 100,
               students: int = 5000, seed: int = 13) -> list[Outcome]:
    """``trials`` kills at random moments spread over the work's measured duration."""
    rng = random.Random(seed)
    template = None
    if upgrade:
        template = folder / "template-0001.sqlite3"
        if not template.exists():
            build_first_revision(template, classes, students)
    path = folder / ("upgrade.sqlite3" if upgrade else "create.sqlite3")
    span = time_work(path, template) * 1.1
    return [kill_trial(path, template, rng.uniform(0, span),
                       (classes, students) if upgrade else None) for _ in range(trials)]
