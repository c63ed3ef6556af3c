"""截图识别预览 dialog: outlines, highlighted low-confidence names, corrections, errors."""

from __future__ import annotations

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
