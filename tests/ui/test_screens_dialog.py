"""截图识别预览 dialog: outlines, highlighted low-confidence names, corrections, errors."""

from __future__ import annotations

import os
import threading

import pytest
from helpers.screens_gen import GROUP_58, ensure_app, render_pc_list, render_phone, save
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox

from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.core.naming import MemberInput
from classgroup_desktop.services.screens import (
    ScreenCell,
    ScreenMember,
    ScreenSource,
    ScreensResult,
)
from classgroup_desktop.ui.check.screens_dialog import ScreensDialog
from classgroup_desktop.ui.check.screens_model import LOW_BG, ScreenMembersModel

pytestmark = pytest.mark.gui


@pytest.fixture
def phone_png(qapp, tmp_path):
    ensure_app()
    shot = render_phone(GROUP_58[:10], height=1200, tiles=False)
    return save(shot.image, tmp_path / "屏1.png")


def fake_result(file: str) -> ScreensResult:
    def member(name, cut, conf, row, col, box):
        return ScreenMember(name, cut, conf, ScreenSource(file, row, col), box)

    return ScreensResult(
        members=(
            member("李建国", False, 0.99, 1, 1, (83, 594, 197, 639)),
            member("王小明妈吗", False, 0.61, 1, 2, (250, 598, 433, 638)),
            member("欧阳娜娜", True, 0.9, 1, 3, (467, 598, 614, 638)),
        ),
        title_count=4,
        warnings=("识别到 3 人，群成员显示 4 人：可能漏截了一屏，请补充截图",),
        files=(file,),
        kinds=("grid",),
        cells=(
            ScreenCell(file, (83, 594, 197, 639), "李建国", True),
            ScreenCell(file, (83, 850, 197, 890), "李建国", False),  # a repeat in the overlap
        ),
    )


def open_dialog(qtbot, paths, reader):
    dialog = ScreensDialog(paths, None, reader=reader)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished_reading, timeout=30_000):
        dialog.show()
    return dialog


def test_preview_outlines_names_highlights_doubtful_ones_and_returns_corrections(
    qtbot, phone_png, tmp_path
):
    seen_thread = []

    def reader(paths, progress=None):
        seen_thread.append(threading.current_thread() is threading.main_thread())
        progress(1, 1)
        return fake_result(paths[0].name)

    dialog = open_dialog(qtbot, [phone_png], reader)
    assert seen_thread == [False]  # OCR ran off the GUI thread
    model = dialog.model
    assert model.rowCount() == 3
    assert dialog.view.rect_count() == 3
    assert dialog.view.repeat_count() == 1
    low = model.index(1, ScreenMembersModel.NICKNAME)
    assert model.data(low, Qt.ItemDataRole.BackgroundRole).color() == LOW_BG
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is None
    cut = model.index(2, ScreenMembersModel.TRUNCATED)
    assert model.data(cut, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    # a cut name is marked by the tick and italics, not by colour: yellow means low confidence only
    cut_name = model.index(2, ScreenMembersModel.NICKNAME)
    assert model.data(cut_name, Qt.ItemDataRole.FontRole).italic()
    assert model.data(cut_name, Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(cut_name, Qt.ItemDataRole.BackgroundRole) is None  # 90 %: sure enough
    assert "可能漏截了一屏" in dialog.warnings.text()
    assert "1 个名字需要核对" in dialog.summary.text()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()

    dialog.table.setCurrentIndex(low)  # selecting a row outlines its cell in blue
    dialog.grab().save(str(tmp_path / "screens_dialog.png"))

    # the teacher fixes the misread name (no longer highlighted) and adds one WeChat cut off
    assert model.setData(low, "王小明妈妈")
    assert model.data(low, Qt.ItemDataRole.BackgroundRole) is None
    row = model.add_blank()
    assert model.setData(model.index(row, 0), "宋雨桐妈妈")
    ok.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.members() == [
        MemberInput("李建国"),
        MemberInput("王小明妈妈"),
        MemberInput("欧阳娜娜…", truncated=True),
        MemberInput("宋雨桐妈妈"),
    ]


def test_typing_the_full_name_of_a_cut_name_removes_the_cut_mark(qtbot, phone_png):
    dialog = open_dialog(qtbot, [phone_png], lambda paths, progress=None: fake_result("屏1.png"))
    model = dialog.model
    model.setData(model.index(2, 0), "欧阳娜娜妈妈")
    assert dialog.members()[2] == MemberInput("欧阳娜娜妈妈", truncated=False)
    dialog.table.selectRow(0)
    dialog._remove_selected()
    assert [m.nickname for m in dialog.members()] == ["王小明妈吗", "欧阳娜娜妈妈"]


def test_a_screenshot_that_is_no_member_page_shows_a_chinese_error(qtbot, phone_png):
    def reader(paths, progress=None):
        raise BadInputError("没有在图片中找到群成员名单。", file=paths[0].name)

    dialog = open_dialog(qtbot, [phone_png], reader)
    assert dialog.result() == QDialog.DialogCode.Rejected
    boxes = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    assert any("没有在图片中找到群成员名单" in b.text() for b in boxes)
    for b in boxes:
        b.close()


@pytest.mark.ocr
def test_real_ocr_of_a_pc_member_list(qtbot, qapp, tmp_path):
    ensure_app()
    image, shown = render_pc_list(GROUP_58[:6])
    path = save(image, tmp_path / "电脑版.png")
    dialog = ScreensDialog([path], None)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished_reading, timeout=60_000):
        dialog.show()
    assert [m.nickname.replace(" ", "") for m in dialog.members()] == [
        s.text.replace(" ", "") for s in shown
    ]
    assert dialog.view.rect_count() == 6


@pytest.mark.ocr
def test_screenshot_dropped_on_the_check_view_gives_the_typed_lists_verdicts(
    qtbot, demo_db, tmp_path
):
    """The issue's "done when", small: screenshot → preview → 用这份名单检查 → same verdicts."""
    from classgroup_desktop.services.roster_edit import list_students
    from classgroup_desktop.ui.check.view import CheckView

    cls = "三年级(2)班"
    names = [s.name for s in list_students(demo_db, cls)]
    plain = [
        n
        for n in names
        if names.count(n) == 1
        and not any(o != n and (o.startswith(n) or n.startswith(o)) for o in names)
    ]
    nicknames = [f"{n}妈妈" for n in plain[:6]] + ["花开富贵", f"{plain[6]}爸爸"]
    ensure_app()
    shot = render_phone(nicknames, height=1200, tiles=False, title="群成员")
    path = save(shot.image, tmp_path / "成员.png")

    view = CheckView(demo_db)
    qtbot.addWidget(view)
    view.set_class(cls)
    view.show()
    view.open_screenshots([path])
    dialog = view.screens_dialog
    qtbot.waitUntil(lambda: not dialog.reading, timeout=60_000)
    with qtbot.waitSignal(view.check_finished, timeout=20_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    from_screens = [(v.nickname, v.status, v.identity) for v in view.model.verdicts()]

    view.paste_edit.setPlainText("\n".join(nicknames))
    with qtbot.waitSignal(view.check_finished, timeout=20_000):
        view.run_check()
    typed = [(v.nickname, v.status, v.identity) for v in view.model.verdicts()]
    assert from_screens == typed
    assert len(typed) == 8


REMARK_NOTE = (
    "截图里显示的是你给对方设的备注（如有），不是对方的群昵称；有备注的成员请在微信里点开核对"
)


def test_the_remark_note_stands_once_beside_the_add_screenshots_button(qtbot, phone_png):
    dialog = open_dialog(qtbot, [phone_png], lambda paths, progress=None: fake_result("屏1.png"))
    from PySide6.QtWidgets import QLabel, QPushButton

    labels = [w for w in dialog.findChildren(QLabel) if REMARK_NOTE in w.text()]
    assert len(labels) == 1 and labels[0].isVisible()
    more = dialog.findChild(QPushButton, "addScreenshots")
    assert more.isEnabled()
    # beside the button: on the same line, to its right
    note_pos = labels[0].mapTo(dialog, labels[0].rect().topLeft())
    button_pos = more.mapTo(dialog, more.rect().topLeft())
    assert note_pos.x() > button_pos.x() and abs(note_pos.y() - button_pos.y()) < more.height()


def test_an_added_screenshot_is_read_with_the_others_and_edits_are_kept(
    qtbot, phone_png, tmp_path
):
    second = tmp_path / "屏2.png"
    second.write_bytes(phone_png.read_bytes())
    calls = []

    def reader(paths, progress=None):
        calls.append([p.name for p in paths])
        result = fake_result(paths[0].name)
        if len(paths) == 1:
            return result
        extra = ScreenMember("宋雨桐妈妈", False, 0.99, ScreenSource(paths[1].name, 1, 1),
                             (0, 0, 1, 1))
        return ScreensResult(members=result.members + (extra,), title_count=4,
                             files=tuple(p.name for p in paths))

    dialog = open_dialog(qtbot, [phone_png], reader)
    model = dialog.model
    model.setData(model.index(1, 0), "王小明妈妈")  # the teacher's correction
    with qtbot.waitSignal(dialog.finished_reading, timeout=30_000):
        dialog.add_screenshots([second])
    assert calls == [["屏1.png"], ["屏1.png", "屏2.png"]]
    assert [m.nickname for m in dialog.members()] == [
        "李建国", "王小明妈妈", "欧阳娜娜…", "宋雨桐妈妈"]
    assert dialog.warnings.isHidden()  # 4 of 4: the missing-screen warning is gone


@pytest.mark.ocr
def test_a_corrected_and_an_unreadable_name_are_shown_for_a_look_and_can_be_undone(
    qtbot, qapp, tmp_path
):
    from functools import partial

    from helpers.screens_gen import rare_and_emoji_png

    from classgroup_desktop.core.roster import ClassRoster, Student
    from classgroup_desktop.core.screen_verdicts import UNREADABLE_NICKNAME
    from classgroup_desktop.services.screens import read_screens

    ensure_app()
    roster = ClassRoster("x", students=(Student("赵䶮", "01"),))
    dialog = ScreensDialog(
        [rare_and_emoji_png()], None, reader=partial(read_screens, roster=roster)
    )
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished_reading, timeout=60_000):
        dialog.show()
    model = dialog.model
    nick, note = ScreenMembersModel.NICKNAME, ScreenMembersModel.NOTE
    rare = model.index(3, nick)
    assert model.data(rare) == "赵䶮妈妈"
    assert model.data(model.index(3, note)) == "按花名册校正（截图识别为“赵龚妈妈”）"
    assert model.data(rare, Qt.ItemDataRole.BackgroundRole).color() == LOW_BG
    emoji = model.index(6, nick)
    assert model.data(emoji) == UNREADABLE_NICKNAME
    assert model.data(model.index(6, note)) == "请在微信中查看此成员"
    assert model.data(emoji, Qt.ItemDataRole.BackgroundRole).color() == LOW_BG
    assert dialog.warnings.isHidden()  # every cell counted: no "可能漏截了一屏"
    assert "识别到 12 人" in dialog.summary.text()
    assert "3 个名字需要核对" in dialog.summary.text()

    grabs = os.environ.get("CLASSGROUP_GRAB_DIR") or str(tmp_path)  # for a person to look at
    dialog.resize(1024, 700)
    dialog.grab().save(os.path.join(grabs, "screens_dialog_1024.png"))
    dialog.table.setCurrentIndex(rare)
    assert dialog.undo_button.isEnabled()
    dialog.resize(1280, 800)
    dialog.grab().save(os.path.join(grabs, "screens_dialog.png"))

    dialog.undo_button.click()  # the teacher knows better: back to what was read
    assert model.data(rare) == "赵龚妈妈" and model.data(model.index(3, note)) == ""
    assert model.data(rare, Qt.ItemDataRole.BackgroundRole) is None
    assert not dialog.undo_button.isEnabled()
    members = dialog.members()
    assert members[3] == MemberInput("赵龚妈妈")
    assert members[6] == MemberInput(UNREADABLE_NICKNAME, unreadable=True)
    model.setData(emoji, "王芳妈妈")  # looked it up in WeChat
    assert dialog.members()[6] == MemberInput("王芳妈妈")
