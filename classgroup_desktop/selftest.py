"""``classgroup-desktop --self-test``: prove an installed (or bundled) app works end to end.

Run by CI on the PyInstaller bundle and useful on a teacher's PC when something seems wrong. It uses
a fresh temporary data folder, so it never touches the teacher's own data, and walks the day's
workflow: open the demo school, check a member list, read the bundled sample screenshot with the
offline OCR, write a report PDF and verify the log. Each step prints one line; the first failure
names its step and exits 1.

This is a composition root like ``app.py``: it wires services and their file formats together.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

# The sample screenshot shows 28 members of the demo class; OCR must find nearly all of them.
SAMPLE_SCREENSHOT = "samples/members_phone.jpg"
SAMPLE_MIN_MEMBERS = 26


class SelfTestFailure(Exception):
    """A step found something wrong (its message is shown to the user)."""


def _step_database(state: dict) -> str:
    from classgroup_desktop.services.classes import list_classes
    from classgroup_desktop.services.demo import ensure_demo_data
    from classgroup_desktop.store.db import open_database

    db = open_database(state["folder"] / "selftest.db")
    ensure_demo_data(db)
    state["db"] = db
    classes = list_classes(db)
    if not classes:
        raise SelfTestFailure("示例学校没有班级")
    state["class"] = classes[0].name
    return f"示例学校 {len(classes)} 个班级"


def _step_check(state: dict) -> str:
    from classgroup_desktop.io.members_reader import parse_member_text
    from classgroup_desktop.services.audit import run_check
    from classgroup_desktop.services.demo import DEMO_MEMBER_LISTS

    members = parse_member_text(DEMO_MEMBER_LISTS[state["class"]])
    verdicts = run_check(state["db"], state["class"], members, source="自检").result.verdicts
    statuses = {v.status for v in verdicts}
    if len(verdicts) != len(members) or not {"ok", "rename"} <= statuses:
        raise SelfTestFailure(f"检查结果不对：{len(verdicts)} 个结论，状态 {statuses}")
    from classgroup_desktop.io.word_dictionary import word_frequency

    if word_frequency("高山流水") is None:  # the bundle must carry jieba's dict.txt
        raise SelfTestFailure("找不到 jieba 词典（dict.txt），无法判断昵称里的姓名是不是词语")
    return f"{len(members)} 名成员已检查"


def _step_screenshot(state: dict) -> str:
    from classgroup_desktop.bundled import RESOURCES_DIR
    from classgroup_desktop.services.screens import read_screens

    path = RESOURCES_DIR / SAMPLE_SCREENSHOT
    if not path.is_file():
        raise SelfTestFailure(f"找不到示例截图 {path}")
    result = read_screens([path])
    if len(result.members) < SAMPLE_MIN_MEMBERS:
        raise SelfTestFailure(f"示例截图只识别出 {len(result.members)} 人")
    return f"示例截图识别出 {len(result.members)} 人"


def _step_report(state: dict) -> str:
    from classgroup_desktop.services.report import build_class_report
    from classgroup_desktop.services.report_files import save_pdf

    month = time.strftime("%Y-%m")
    report = build_class_report(state["db"], state["class"], month)
    out = state["folder"] / "report.pdf"
    pages = save_pdf(report, out)
    data = out.read_bytes()
    if pages < 1 or not data.startswith(b"%PDF") or b"%%EOF" not in data[-64:]:
        raise SelfTestFailure("月报 PDF 不完整")
    return f"月报 PDF {pages} 页，{len(data) // 1024} KB"


def _step_log(state: dict) -> str:
    from classgroup_desktop.services.log import list_entries
    from classgroup_desktop.services.log_chain import verify_chain

    report = verify_chain(state["db"])
    if not report.ok:
        raise SelfTestFailure(f"事件记录校验失败：{report.message}")
    return f"事件记录 {len(list_entries(state['db']))} 条，未被改动"


STEPS: tuple[tuple[str, Callable[[dict], str]], ...] = (
    ("打开数据库", _step_database),
    ("成员检查", _step_check),
    ("截图识别", _step_screenshot),
    ("生成月报", _step_report),
    ("验证记录", _step_log),
)


def run_self_test(out=None) -> int:
    """Run every step; 0 when all pass, 1 at the first failure (its step named)."""
    out = out or sys.stdout
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="classgroup-selftest-") as folder:
        state: dict = {"folder": Path(folder)}
        try:
            for name, step in STEPS:
                t0 = time.monotonic()
                try:
                    detail = step(state)
                except SelfTestFailure as exc:
                    out.write(f"自检失败：{name}：{exc}\n")
                    return 1
                except Exception:  # noqa: BLE001 - the self-test reports any fault by step
                    out.write(f"自检失败：{name}：\n{traceback.format_exc()}")
                    return 1
                out.write(f"✓ {name}：{detail}（{time.monotonic() - t0:.1f} 秒）\n")
        finally:
            db = state.get("db")
            if db is not None:
                db.dispose()
    out.write(f"自检通过（共 {time.monotonic() - started:.1f} 秒）\n")
    return 0
