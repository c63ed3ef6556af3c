"""成员检查 view: paste → check → rows and filter counts; Ctrl+V; 复制改名提醒 to the clipboard
(and logging it); 确认身份 that survives the next check; 标记清退; save and compare; errors."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from classgroup_desktop.services.audit import list_audits
from classgroup_desktop.services.log import list_entries
from classgroup_desktop.services.roster_edit import list_students
from classgroup_desktop.ui.check.models import RISK_FLAGS
from classgroup_desktop.ui.check.view import CheckView

from .conftest import dialogs, wait_dialog

CLASS = "三年级(2)班"


def _names(db) -> list[str]:
    # Students whose name is unique in the class and not a prefix of another (plain cases).
    names = [s.name for s in list_students(db, CLASS)]
    return [n for n in names if names.count(n) == 1
            and not any(o != n and (o.startswith(n) or n.startswith(o)) for o in names)]


def _view(qtbot, db) -> CheckView:
    view = CheckView(db)
    qtbot.addWidget(view)
    view.set_class(CLASS)
    view.show()
    return view


def _check(qtbot, view: CheckView, text: str) -> None:
    view.paste_edit.setPlainText(text)
    with qtbot.waitSignal(view.check_finished, timeout=10000):
        view.run_check()


def _select(view: CheckView, nicknames: set[str]) -> None:
    view.table.clearSelection()
    for row in range(view.proxy.rowCount()):
        verdict = view.model.verdict_at(view.proxy.mapToSource(view.proxy.index(row, 0)).row())
        if verdict.nickname in nicknames:
            view.table.selectionModel().select(
                view.proxy.index(row, 0),
                view.table.selectionModel().SelectionFlag.Select
                | view.table.selectionModel().SelectionFlag.Rows)


def _verdict(view: CheckView, nickname: str):
    return next(v for v in view.model.verdicts() if v.nickname == nickname)


def test_paste_and_check_fills_the_table_and_the_filter_counts(qtbot, demo_db):
    a, b, c = _names(demo_db)[:3]
    text = f"#接龙\n1. {a}妈妈\n2. {b}的爸爸\n3. 花开富贵\n4. {c}爸爸\n5. 黄老师\n"
    view = _view(qtbot, demo_db)
    _check(qtbot, view, text)
    verdicts = view.model.verdicts()
    assert [v.nickname for v in verdicts] == [f"{a}妈妈", f"{b}的爸爸", "花开富贵", f"{c}爸爸",
                                              "黄老师"]
    counts = view.outcome.result.counts
    assert view.filter_count("ok") == counts["ok"] == 2
    assert view.filter_count("rename") == counts["rename"]
    assert view.filter_count("unknown") == counts["unknown"]
    assert view.filter_count("all") == 5
    assert view.filter_count("risk") == sum(1 for v in verdicts if RISK_FLAGS & set(v.flags))
    assert view.filter_count("risk") >= 1  # 黄老师: no teacher 黄 — impersonation
    for mode in ("ok", "rename", "unknown", "risk", "all"):
        view.set_filter(mode)
        assert view.proxy.rowCount() == view.filter_count(mode)
        assert str(view.filter_count(mode)) in view.filter_buttons[mode].text()
    missing = view.outcome.result.students_without_guardian
    assert view.missing_model.rowCount() == len(missing)
    copied = view.copy_missing()
    assert QGuiApplication.clipboard().text() == copied
    assert all(name in copied for name in missing)


def test_ctrl_v_in_the_window_pastes_the_clipboard_and_checks(qtbot, window, demo_db):
    a = _names(demo_db)[0]
    QGuiApplication.clipboard().setText(f"{a}妈妈\n{a}爸爸\n")
    window.select_class(CLASS)
    check = window.view("check")
    with qtbot.waitSignal(check.check_finished, timeout=10000):
        window.act_paste.trigger()
    assert window.current_key() == "check"
    assert [v.nickname for v in check.model.verdicts()] == [f"{a}妈妈", f"{a}爸爸"]


def test_copy_rename_reminder_puts_every_selected_suggestion_on_the_clipboard(qtbot, demo_db):
    a, b, c = _names(demo_db)[:3]
    view = _view(qtbot, demo_db)
    _check(qtbot, view, f"{a}的妈妈\n{b}麻麻\n{c}妈妈\n花开富贵\n")
    renames = [v for v in view.model.verdicts() if v.status == "rename"]
    assert len(renames) == 2
    _select(view, {v.nickname for v in renames} | {f"{c}妈妈"})
    text = view.actions.copy_rename_reminder()
    clip = QGuiApplication.clipboard().text()
    assert clip == text
    for verdict in renames:
        assert f"@{verdict.nickname}" in clip
        assert verdict.suggestion in clip
    assert f"@{c}妈妈" not in clip  # compliant: nothing to ask
    box = wait_dialog(qtbot, "logReminderDialog")
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: len(list_entries(demo_db, CLASS)) > 0)
    logged = [e for e in list_entries(demo_db, CLASS) if e.kind == "reminder"
              and e.member in {v.nickname for v in renames}]
    assert len(logged) == 2 and all(e.rule == "入群-2" for e in logged)


def test_teachers_who_must_rename_are_reminded_privately_not_in_the_group_message(qtbot,
                                                                                  demo_db):
    a = _names(demo_db)[0]
    view = _view(qtbot, demo_db)
    _check(qtbot, view, f"{a}麻麻\n王芳老师\n")
    view.table.clearSelection()
    group = view.actions.copy_rename_reminder()
    assert QGuiApplication.clipboard().text() == group
    assert f"@{a}麻麻" in group and "王芳" not in group
    dialog = wait_dialog(qtbot, "teacherRemindersDialog")
    assert dialog.windowTitle() == "私聊发给老师"
    dialog.copy_buttons[0].click()
    private = QGuiApplication.clipboard().text()
    assert private.startswith("王芳老师您好") and "“王芳老师”" in private and "@" not in private
    dialog.reject()
    wait_dialog(qtbot, "logReminderDialog").reject()  # the log offer comes after it


def test_confirm_identity_survives_a_second_check(qtbot, demo_db):
    a = _names(demo_db)[0]
    view = _view(qtbot, demo_db)
    text = f"{a}妈妈\n平安是福\n"
    _check(qtbot, view, text)
    assert _verdict(view, "平安是福").status == "unknown"
    _select(view, {"平安是福"})
    dialog = view.actions.confirm_identity()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    dialog.as_edit.setText(f"{a}奶奶（家委会）")
    dialog.reason_edit.setText("已电话核实")
    with qtbot.waitSignal(view.check_finished, timeout=10000):
        dialog.accept()
    confirmed = _verdict(view, "平安是福")
    assert confirmed.status == "ok" and "confirmed" in confirmed.flags
    # A new check (new paste) still knows the confirmation.
    _check(qtbot, view, text + f"{a}爸爸\n")
    again = _verdict(view, "平安是福")
    assert again.status == "ok" and "confirmed" in again.flags
    # Revoking: the same button, now 撤销确认; the next check reads the nickname again.
    _select(view, {"平安是福"})
    assert view.confirm_button.text() == "撤销确认"
    assert view.actions.confirm_identity() is None
    box = wait_dialog(qtbot, "revokeDialog")
    with qtbot.waitSignal(view.check_finished, timeout=10000):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert _verdict(view, "平安是福").status == "unknown"


def test_mark_clear_out_logs_rule_ru_qun_1(qtbot, demo_db):
    view = _view(qtbot, demo_db)
    _check(qtbot, view, "路过的风\n微信用户\n")
    _select(view, {"路过的风"})
    box = view.actions.mark_clear_out()
    box.button(QMessageBox.StandardButton.Yes).click()
    entries = [e for e in list_entries(demo_db, CLASS) if e.member == "路过的风"]
    assert [(e.kind, e.rule) for e in entries] == [("clear-out", "入群-1")]


def test_compare_does_not_save_and_offers_to_save(qtbot, demo_db):
    a, b, c = _names(demo_db)[:3]
    view = _view(qtbot, demo_db)
    before = len(list_audits(demo_db, CLASS))
    _check(qtbot, view, f"{a}妈妈\n{b}的爸爸\n花开富贵\n")
    with qtbot.waitSignal(view.check_finished, timeout=10000):
        view.save_audit()
    assert len(list_audits(demo_db, CLASS)) == before + 1
    assert not view.save_button.isEnabled()
    _check(qtbot, view, f"{a}妈妈\n{b}爸爸\n{c}妈妈\n")
    dialog = view.compare_with_previous()
    assert dialog is not None
    # Compared as it stands: nothing written until the teacher chooses to save.
    assert len(list_audits(demo_db, CLASS)) == before + 1
    joined = dialog.lists["joined"].stringList()
    left = dialog.lists["left"].stringList()
    renamed = dialog.lists["renamed"].stringList()
    assert any(f"{c}妈妈" in s for s in joined)
    assert any("花开富贵" in s for s in left)
    assert any(f"{b}的爸爸" in s and f"{b}爸爸" in s for s in renamed)
    # 张三的爸爸 was 需改名 and is now 张三爸爸 (合规): listed as 已改好.
    assert any(f"{b}爸爸" in s for s in dialog.lists["now_compliant"].stringList())
    assert dialog.save_button is not None
    with qtbot.waitSignal(view.check_finished, timeout=10000):
        dialog.save_button.click()
    assert len(list_audits(demo_db, CLASS)) == before + 2


def test_empty_paste_shows_a_chinese_error(qtbot, demo_db):
    view = _view(qtbot, demo_db)
    view.paste_edit.setPlainText("   \n")
    view.run_check()
    box = wait_dialog(qtbot, "errorDialog")
    assert "名单" in box.text()
    assert view.current_outcome is None and view.check_button.isEnabled()


def test_unreadable_member_file_shows_an_error_dialog(qtbot, demo_db, tmp_path):
    path = tmp_path / "成员.xlsx"
    path.write_bytes(b"\x00\x01 not a workbook")
    view = _view(qtbot, demo_db)
    view.load_members_file(path)
    box = wait_dialog(qtbot, "errorDialog")
    assert "成员.xlsx" in box.text() or "文件" in box.text()
    assert view.current_outcome is None


def test_member_file_is_loaded_and_checked(qtbot, demo_db, tmp_path):
    a = _names(demo_db)[0]
    path = tmp_path / "成员.txt"
    path.write_text(f"{a}妈妈\n花开富贵\n", encoding="utf-8")
    view = _view(qtbot, demo_db)
    with qtbot.waitSignal(view.check_finished, timeout=10000):
        view.load_members_file(path)
    assert [v.nickname for v in view.model.verdicts()] == [f"{a}妈妈", "花开富贵"]
    assert not dialogs("errorDialog")


def test_dropped_screenshots_go_through_the_preview_dialog_to_a_check(qtbot, window, demo_db,
                                                                      tmp_path, monkeypatch):
    from PySide6.QtGui import QImage

    from classgroup_desktop.services.screens import ScreenMember, ScreenSource, ScreensResult
    from classgroup_desktop.ui.check import screens_dialog

    a = _names(demo_db)[0]
    shot = tmp_path / "members.png"
    image = QImage(720, 1280, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFF)
    image.save(str(shot))

    def fake_reader(paths, progress=None):
        src = ScreenSource(paths[0].name, 1, 1)
        return ScreensResult(members=(
            ScreenMember(f"{a}妈妈", False, 0.99, src, (0, 0, 10, 10)),
            ScreenMember("花开富贵", False, 0.98, ScreenSource(paths[0].name, 1, 2),
                         (20, 0, 30, 10))), title_count=2)

    given = []

    class FakeOcrDialog(screens_dialog.ScreensDialog):
        def __init__(self, paths, parent=None, *, reader=None):
            given.append(reader)
            super().__init__(paths, parent, reader=fake_reader)

    monkeypatch.setattr(screens_dialog, "ScreensDialog", FakeOcrDialog)
    window.select_class(CLASS)
    window.open_files([shot])
    check = window.view("check")
    dialog = wait_dialog(qtbot, "screensDialog")
    qtbot.waitUntil(lambda: not dialog.reading, timeout=10000)
    with qtbot.waitSignal(check.check_finished, timeout=10000):
        dialog.accept()
    assert [v.nickname for v in check.model.verdicts()] == [f"{a}妈妈", "花开富贵"]
    assert "截图" in check.source
    # the screenshots are read for the selected class: names are corrected against its roster
    assert given[0].func.__name__ == "read_class_screens" and given[0].args[1] == CLASS


def test_keyboard_only_check_reminder_and_clear_out(qtbot, window, demo_db):
    """Ctrl+V → check; arrow keys select; Ctrl+Shift+C copies the reminder; Enter answers;
    Ctrl+Shift+D marks the clear-out — no mouse needed."""
    from PySide6.QtCore import Qt

    a, b = _names(demo_db)[:2]
    window.select_class(CLASS)
    with qtbot.waitActive(window):
        window.activateWindow()
    QGuiApplication.clipboard().setText(f"{a}的妈妈\n{b}妈妈\n无关路人\n")
    check = window.view("check")
    window.show_view("check")
    check.table.setFocus()
    with qtbot.waitSignal(check.check_finished, timeout=10000):
        qtbot.keyClick(check.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    check.table.setFocus()
    qtbot.keyClick(check.table, Qt.Key.Key_Down)
    qtbot.keyClick(check.table, Qt.Key.Key_Up)  # first row
    assert check.selected_verdicts()[0].nickname == f"{a}的妈妈"
    qtbot.keyClick(check.table, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    # A button's shortcut "animates" the click (it fires a moment later).
    qtbot.waitUntil(lambda: f"@{a}的妈妈" in QGuiApplication.clipboard().text())
    box = wait_dialog(qtbot, "logReminderDialog")
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # 暂不记录
    qtbot.waitUntil(lambda: not box.isVisible())
    with qtbot.waitActive(window):  # offscreen does not hand activation back by itself
        window.activateWindow()
    check.table.setFocus()
    qtbot.keyClick(check.table, Qt.Key.Key_PageDown)  # last row
    assert [v.nickname for v in check.selected_verdicts()] == ["无关路人"]
    qtbot.keyClick(check.table, Qt.Key.Key_D,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    confirm = wait_dialog(qtbot, "clearOutDialog")
    qtbot.keyClick(confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: any(e.member == "无关路人" and e.kind == "clear-out"
                                for e in list_entries(demo_db, CLASS)))
    # Leave no modifier "held": later tests' selectRow() reads the keyboard state.
    qtbot.keyClick(check.table, Qt.Key.Key_Escape)


def test_suggestion_column_fits_its_text_and_the_reason_is_in_the_tooltip(qtbot, demo_db):
    # 张伟 is in the demo class twice: the suggestion lists both (张伟29爸爸 或 张伟37爸爸),
    # the longest a suggestion gets; it must be readable in full, the reason in its tooltip.
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QApplication

    from classgroup_desktop.ui.check.models import CheckResultModel as M

    a = _names(demo_db)[0]
    view = _view(qtbot, demo_db)
    view.resize(1600, 900)
    _check(qtbot, view, f"张伟爸爸\n{a}的妈妈\n花开富贵\n")
    header = view.table.horizontalHeader()
    verdict = _verdict(view, "张伟爸爸")
    assert " 或 " in verdict.suggestion
    bold = QApplication.font()
    bold.setBold(True)
    assert header.sectionSize(M.COL_SUGGESTION) > QFontMetrics(bold).horizontalAdvance(
        verdict.suggestion)
    row = next(r for r in range(view.proxy.rowCount())
               if view.proxy.index(r, M.COL_NICK).data() == "张伟爸爸")
    assert view.proxy.index(row, M.COL_REASON).data(Qt.ItemDataRole.ToolTipRole) \
        == verdict.reason
    assert verdict.suggestion in view.proxy.index(row, M.COL_SUGGESTION).data(
        Qt.ItemDataRole.ToolTipRole)
    # Narrow window: the suggestion gives way (≤ 40 %), 说明 still stretches to the edge.
    view.resize(700, 600)
    qtbot.waitUntil(lambda: header.sectionSize(M.COL_SUGGESTION)
                    <= 0.4 * view.table.viewport().width() + 1)
    assert header.sectionResizeMode(M.COL_REASON) == header.ResizeMode.Stretch
