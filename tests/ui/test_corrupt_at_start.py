"""A damaged database at start: the window asks once to restore the newest good backup
("数据库文件已损坏，最近的完好备份是 12月3日 16:20，要恢复吗？") and opens the restored data."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from classgroup_desktop.services.backup import backup_now
from classgroup_desktop.services.classes import create_class
from classgroup_desktop.store.db import open_database

ROOT = Path(__file__).resolve().parents[2]

START = r"""
import json, sys
import PySide6.QtCore as QtCore
from PySide6.QtWidgets import QMessageBox
from classgroup_desktop import app as app_module
from classgroup_desktop.ui import main_window

seen = {"asked": []}

def question(parent, title, text, *args, **kwargs):
    seen["asked"].append(text)
    return QMessageBox.StandardButton.Yes

QMessageBox.question = staticmethod(question)

class Probe(main_window.MainWindow):
    def attach_database(self, db, **kwargs):
        super().attach_database(db, **kwargs)
        seen["classes"] = self.class_names()
        QtCore.QTimer.singleShot(0, QtCore.QCoreApplication.quit)

main_window.MainWindow = Probe
seen["code"] = app_module.main(["--db", sys.argv[1]])
print(json.dumps(seen, ensure_ascii=False))
"""


def test_damaged_database_at_start_offers_and_restores_the_newest_backup(tmp_path):
    path = tmp_path / "school.sqlite3"
    db = open_database(path)
    create_class(db, "一班")
    good = backup_now(db)
    db.dispose()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='class_group'").fetchone()
    conn.close()
    with open(path, "r+b") as fh:
        fh.seek((root[0] - 1) * 4096)
        fh.write(b"\xff" * 100)

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CLASSGROUP_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", START, str(path)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=90, check=True).stdout
    seen = json.loads(out.strip().splitlines()[-1])
    when = f"{good.taken_at.month}月{good.taken_at.day}日 {good.taken_at:%H:%M}"
    assert seen["asked"] == [f"数据库文件已损坏，最近的完好备份是 {when}，要恢复吗？"]
    assert seen["classes"] == ["一班"]
    assert seen["code"] == 0
