"""Composition root of the desktop app: arguments, QApplication, fonts, crash handler,
database, main window — built here and passed down, no globals.

``python main.py [--demo] [--db PATH | --db-url URL] [--screenshot OUT.png --view NAME
[--size WxH]]``. Screenshot mode renders the main window offscreen to a PNG and exits 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

VIEWS = ("roster", "check", "chat", "log", "reports", "settings")
DEFAULT_SIZE = (1280, 800)


def parse_args(argv: list[str]) -> argparse.Namespace:
    # The CLI's parser class: usage errors (--view bogus) in Chinese, exit code 2.
    from classgroup_desktop.cli.argparse_zh import ChineseArgumentParser

    parser = ChineseArgumentParser(prog="classgroup-desktop",
                                   description="班级群管家：班主任管理班级微信群的桌面工具")
    parser.add_version_argument()
    parser.add_argument("--demo", action="store_true", help="打开独立的示例数据库（虚构的学校）")
    parser.add_argument("--db", dest="db_path", metavar="PATH", help="SQLite 数据库文件路径")
    parser.add_argument("--db-url", metavar="URL", help="SQLAlchemy 数据库地址（如 PostgreSQL）")
    parser.add_argument("--screenshot", metavar="OUT.png", help="把主窗口渲染为图片后退出")
    parser.add_argument("--view", choices=VIEWS, help="启动时显示的页面")
    parser.add_argument("--size", default=None, metavar="WxH", help="窗口大小，默认 1280x800")
    parser.add_argument("--self-test", action="store_true",
                        help="在临时文件夹里走一遍导入、检查、截图识别、月报和记录验证后退出")
    # Qt's own options (-platform, -style …) pass through untouched.
    args, _qt_args = parser.parse_known_args(argv)
    return args


def parse_size(text: str | None) -> tuple[int, int]:
    if not text:
        return DEFAULT_SIZE
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise SystemExit(f"--size 的格式应为 宽x高，例如 1280x800（收到“{text}”）") from None
    return max(width, 640), max(height, 480)


def create_application(argv: list[str]):
    """The QApplication with high-DPI defaults and the Chinese UI font.

    Fractional scaling (125 %, 150 % on school laptops) without rounding blur is Qt 6's own
    default (``HighDpiScaleFactorRoundingPolicy.PassThrough``; a test checks it): not set here,
    so start-up does not load the ``Qt`` namespace's enums before the window is shown.
    """
    from PySide6.QtWidgets import QApplication

    from classgroup_desktop.ui.fonts import apply_ui_font
    from classgroup_desktop.ui.keyboard import install_keyboard_fixes
    from classgroup_desktop.ui.qt_translations import install_qt_translations

    app = QApplication.instance()
    if app is None:
        app = QApplication(["classgroup-desktop", *argv])
    app.setApplicationName("班级群管家")
    app.setOrganizationName("ClassGroupDesktop")
    app.setApplicationDisplayName("班级群管家")
    install_qt_translations(app)
    install_keyboard_fixes(app)
    apply_ui_font(app)
    return app


def warn_if_no_chinese_font(*, interactive: bool) -> bool:
    """Say once, at start, that Chinese will show as boxes and how to fix it; True if warned."""
    from classgroup_desktop.ui.fonts import has_chinese_font

    if has_chinese_font():
        return False
    from classgroup_desktop.core.fonts import missing_chinese_font_message

    message = missing_chinese_font_message(sys.platform)
    if interactive:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(None, "班级群管家", message)
    else:
        sys.stderr.write(f"警告：{message}\n")
    return True


def open_db(args: argparse.Namespace):
    from classgroup_desktop.services.database import open_app_database

    db = open_app_database(args.db_path, args.db_url, demo=args.demo)
    if args.demo:
        from classgroup_desktop.services.demo import ensure_demo_data

        ensure_demo_data(db)
    return db


def read_start_view(args: argparse.Namespace, last_class: str | None):
    """The first view's rows, read without SQLAlchemy (None: wait for the full open)."""
    from classgroup_desktop.services.first_view import read_start_view as read

    return read(args.db_path, args.db_url, demo=args.demo, last_class=last_class)


def open_db_warm(args: argparse.Namespace, last_class: str | None):
    """``open_db``, then the window's first reads run once on this (worker) thread."""
    from classgroup_desktop.services.first_view import warm_up

    db = open_db(args)
    warm_up(db, last_class)
    return db


def open_in_background(window, args: argparse.Namespace, *, on_done, on_error) -> None:
    """Open the database off the GUI thread, in two steps: first the rows the first view
    shows (``services.first_view``: the standard library's sqlite3, ~10 ms), shown read-only
    at once; then, after that paint, the full open (SQLAlchemy, schema checks, backups),
    whose ``on_done(db)`` attaches it. Without start-up rows (a new, damaged or server
    database, another view to open on) only the full open runs."""
    from PySide6.QtCore import QTimer

    from classgroup_desktop.ui.common import run_in_background

    last_class = window.settings.last_class

    def open_full(*_ignored: object) -> None:
        run_in_background(window, open_db_warm, args, last_class, on_done=on_done,
                          on_error=on_error, progress=False)

    def show(start) -> None:
        window.show_start_view(start)
        # The full open's imports hold the interpreter in long stretches: let the filled
        # view paint first.
        QTimer.singleShot(0, open_full)

    if window.start_view_key() != "roster":
        open_full()
        return
    run_in_background(window, read_start_view, args, last_class,
                      on_done=show, on_error=open_full, progress=False)


def open_demo_db():
    """The separate demo database (first-run 打开示例), filled on first use."""
    from classgroup_desktop.services.database import open_app_database
    from classgroup_desktop.services.demo import ensure_demo_data

    db = open_app_database(demo=True)
    ensure_demo_data(db)
    return db


def own_db_opener(args: argparse.Namespace):
    """What 回到我的数据 opens: the database the arguments name, never the demo."""
    def open_own():
        from classgroup_desktop.store.db import open_database

        return open_database(args.db_path, args.db_url)

    return open_own


def demo_check(window, db) -> None:
    """Fill the check view with a real check of the demo class's member list."""
    from classgroup_desktop.services import demo

    lists = getattr(demo, "DEMO_MEMBER_LISTS", None) or {}
    if not lists:
        return
    class_name = next((name for name in lists if name in window.class_names()), None)
    if class_name is None:
        return
    window.select_class(class_name)
    view = window.view("check")
    members = lists[class_name]
    text = members if isinstance(members, str) else "\n".join(
        getattr(m, "nickname", m) for m in members)
    view.set_member_text(text)
    view.run_check(background=False)
    # Show the detail line and the enabled bulk actions as a teacher would see them.
    row = next((r for r in range(view.proxy.rowCount())
                if view.model.verdict_at(view.proxy.mapToSource(view.proxy.index(r, 0)).row())
                .status == "rename"), None)
    if row is not None:
        view.table.selectRow(row)


def restore_and_open(args: argparse.Namespace, location: str, backup: str):
    """The damaged database replaced by its newest good backup, then opened."""
    from classgroup_desktop.services.backup import restore

    restore(location, backup)
    return open_db(args)


def corrupt_question(exc) -> str:
    """The question asked at start when the database file is damaged."""
    from classgroup_desktop.core.db_errors import short_time

    return f"数据库文件已损坏，最近的完好备份是 {short_time(exc.backup_time)}，要恢复吗？"


def backup_on_exit(db) -> None:
    """On close after changes: one more backup (a failure is written to stderr, not shown)."""
    from classgroup_desktop.core.errors import UserError
    from classgroup_desktop.services.backup import backup_on_exit as take

    try:
        take(db)
    except UserError as exc:
        sys.stderr.write(f"退出时的备份没有完成：{exc.full_message}\n")


def single_instance(args: argparse.Namespace):
    """The single-instance guard for this database, or None when another copy runs on it
    (that copy has been asked to come to the front)."""
    from classgroup_desktop.core.errors import UserError
    from classgroup_desktop.store.location import resolve_url
    from classgroup_desktop.ui.single_instance import SingleInstance

    try:
        location = resolve_url(args.db_path, args.db_url, demo=args.demo, create_folder=False)
    except UserError:
        location = f"{args.db_path}|{args.db_url}|{args.demo}"
    guard = SingleInstance(location)
    if guard.notify_running():
        return None
    guard.listen()
    return guard


SETTLE_TIMEOUT_S = 20.0


def demo_chat(window) -> None:
    """Fill the chat review view with the demo chat (resources/samples/demo_chat.txt), reviewed."""
    from classgroup_desktop.io.resources import read_resource_text

    view = window.view("chat")
    view.set_chat_text(read_resource_text("samples/demo_chat.txt"))
    view.run_review(background=False)


def take_screenshot(app, window, out: Path, view: str | None, db) -> int:
    import time

    from PySide6.QtCore import QTimer

    from classgroup_desktop.ui.common import busy

    result = {"code": 1}
    started = time.monotonic()

    def shoot() -> None:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            ok = window.grab().save(str(out))
            result["code"] = 0 if ok else 1
            if not ok:
                sys.stderr.write(f"无法保存截图到“{out}”。\n")
        finally:
            app.quit()

    def when_idle() -> None:
        # Views render off the GUI thread (reports, checks): wait for that work, then let
        # the layouts settle before grabbing.
        if busy() and time.monotonic() - started < SETTLE_TIMEOUT_S:
            QTimer.singleShot(50, when_idle)
        else:
            QTimer.singleShot(200, shoot)

    def prepare() -> None:
        if view == "check":
            demo_check(window, db)
        elif view == "chat":
            demo_chat(window)
        QTimer.singleShot(50, when_idle)

    QTimer.singleShot(0, prepare)
    app.exec()
    return result["code"]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--self-test" in argv:
        from classgroup_desktop.selftest import run_self_test

        return run_self_test()
    args = parse_args(argv)
    size = parse_size(args.size)
    screenshot = Path(args.screenshot) if args.screenshot else None

    if screenshot is not None:
        # Rendering to a file needs no screen: works the same on a headless server or CI.
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    app = create_application(argv)

    from classgroup_desktop.core.errors import UserError
    from classgroup_desktop.ui.app_settings import AppSettings
    from classgroup_desktop.ui.crash import CrashHandler
    from classgroup_desktop.ui.main_window import MainWindow

    crash = CrashHandler(show_dialog=screenshot is None)
    crash.install()
    warn_if_no_chinese_font(interactive=screenshot is None)

    if screenshot is not None:
        # Synchronous and reproducible: a throwaway settings file (never moves the user's
        # remembered window or class), the database opened before the window is built.
        import tempfile

        from PySide6.QtCore import Qt

        try:
            db = open_db(args)
        except UserError as exc:
            sys.stderr.write(f"错误：{exc.full_message}\n")
            return 2
        settings = AppSettings(Path(tempfile.mkdtemp(prefix="classgroup-shot-")) / "window.ini")
        window = MainWindow(db, settings, demo=args.demo, open_demo=open_demo_db,
                            open_own=own_db_opener(args))
        if args.view:
            window.show_view(args.view)
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        window.resize(*size)
        window.show()
        code = take_screenshot(app, window, screenshot, args.view, db)
        window.close()
        window.close_databases()
        return code

    # A second copy on the same database brings the first window forward and quits.
    guard = single_instance(args)
    if guard is None:
        return 0

    # Interactive: the window appears at once; the database (SQLAlchemy, the migration
    # check, the demo seed) opens on a worker thread and then fills the window.
    window = MainWindow(None, AppSettings(), demo=args.demo, open_demo=open_demo_db,
                        open_own=own_db_opener(args))
    from classgroup_desktop.ui.single_instance import bring_to_front

    guard.activated.connect(lambda: bring_to_front(window))
    if args.size:
        window.resize(*size)
    window.show()
    def attach(db) -> None:
        window.attach_database(db, demo=args.demo)
        if args.view:
            window.show_view(args.view)

    def failed(exc: BaseException) -> None:
        from PySide6.QtWidgets import QMessageBox

        from classgroup_desktop.core.db_errors import CorruptDatabaseError

        if isinstance(exc, CorruptDatabaseError) and exc.backup and exc.backup_time:
            answer = QMessageBox.question(window, "班级群管家", corrupt_question(exc))
            if answer == QMessageBox.StandardButton.Yes:
                run_in_background(window, restore_and_open, args, exc.location, exc.backup,
                                  on_done=attach, on_error=failed,
                                  label="正在从备份恢复…")
                return
        if isinstance(exc, UserError):
            QMessageBox.critical(window, "班级群管家", exc.full_message)
            app.exit(2)
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)
            app.exit(1)

    from PySide6.QtCore import QTimer

    from classgroup_desktop.ui.common import run_in_background

    # Started from the event loop, after the window's first paint has been queued: the
    # worker's imports would otherwise compete with that paint for the interpreter.
    QTimer.singleShot(0, lambda: open_in_background(window, args, on_done=attach,
                                                    on_error=failed))
    code = app.exec()
    for db in window.databases():  # the one opened at start and any switched to (demo, mine)
        backup_on_exit(db)
    window.close_databases()
    return code
