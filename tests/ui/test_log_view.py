"""The 事件记录 view on the demo school: filters, add, void, evidence, chain status,
suggestions, and the 发布前检查 / 防诈骗检查 dialog — driven through the widgets."""

from __future__ import annotations

import re
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from classgroup_desktop.services import log, log_chain
from classgroup_desktop.ui.log.entry_dialog import AddEntryDialog
from classgroup_desktop.ui.log.view import LogView

from .conftest import dialogs, wait_dialog

CLASS = "三年级(2)班"
pytestmark = pytest.mark.gui


@pytest.fixture
def view(qtbot, demo_db):
    v = LogView(demo_db)
    qtbot.addWidget(v)
    v.set_class(CLASS)
    v.resize(1200, 700)
    v.show()
    return v


def shown_ids(v: LogView) -> list[int]:
    return [v.proxy.index(r, 0).data() for r in range(v.proxy.rowCount())]


def test_shows_the_class_log_newest_first_with_voided_entries_struck_through(view):
    entries = log.list_entries(view.db, CLASS)
    assert sorted(shown_ids(view)) == sorted(e.id for e in entries)
    voided = next(e for e in entries if e.voided_by)
    row = view.model._entries.index(next(e for e in view.model.entries() if e.id == voided.id))
    font = view.model.index(row, 3).data(Qt.ItemDataRole.FontRole)
    assert font.strikeOut()
    assert "已作废" in view.model.index(row, 8).data()


def test_rule_cell_tooltip_is_the_full_rule_text(view):
    row = next(i for i, e in enumerate(view.model.entries()) if e.rule == "家长-3")
    tip = view.model.index(row, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert "不在群内发布广告" in tip


def test_filters_by_kind_rule_member_and_month(view):
    total = view.proxy.rowCount()
    view.kind_combo.setCurrentIndex(view.kind_combo.findData("clear-out"))
    assert {
        view.model.entry_at(view.proxy.mapToSource(view.proxy.index(r, 0)).row()).kind
        for r in range(view.proxy.rowCount())
    } == {"clear-out"}
    view.kind_combo.setCurrentIndex(0)
    view.rule_combo.setCurrentIndex(view.rule_combo.findData("家长-3"))
    assert view.proxy.rowCount() == 2
    view.rule_combo.setCurrentIndex(0)
    view.member_edit.setText("花开")
    assert view.proxy.rowCount() == 2
    view.member_edit.clear()
    assert view.proxy.rowCount() == total
    assert view.month_combo.count() >= 2
    month = view.month_combo.itemData(1)
    view.month_combo.setCurrentIndex(1)
    assert all(
        view.model.entry_at(
            view.proxy.mapToSource(view.proxy.index(r, 0)).row()
        ).occurred_at.strftime("%Y-%m")
        == month
        for r in range(view.proxy.rowCount())
    )


def test_add_entry_through_the_dialog(qtbot, view, tmp_path):
    shot = tmp_path / "聊天截图.png"
    shot.write_bytes(b"fake png")
    before = view.proxy.rowCount()
    view.add_button.click()
    dialog: AddEntryDialog = wait_dialog(qtbot, "addEntryDialog")
    dialog.set_kind("reminder")
    dialog.member_edit.setText("张伟爸爸")
    dialog.set_rule("宗旨-2")
    assert dialog.rule_text.text().startswith("班级微信群仅用于")
    dialog.note_edit.setPlainText("深夜发闲聊消息")
    dialog.add_evidence([shot])
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: view.proxy.rowCount() == before + 1)
    added = view.selected_entry()
    assert added is not None and added.member == "张伟爸爸" and added.rule == "宗旨-2"
    assert added.attachments[0].file_name == "聊天截图.png"
    assert added.recorded_by  # the demo teacher from settings
    assert log_chain.verify_chain(view.db).ok


def test_add_entry_without_rule_shows_chinese_error_and_writes_nothing(qtbot, view):
    before = len(log.list_entries(view.db))
    dialog = view.add_entry(nickname="张伟爸爸", kind="clear-out")
    dialog.rule_combo.setCurrentIndex(0)  # （不引用规则）
    dialog.ok_button.click()
    box = wait_dialog(qtbot, "errorDialog")
    assert "规则编号" in box.text()
    box.close()
    assert dialog.isVisible()
    assert len(log.list_entries(view.db)) == before


def test_attaching_a_file_over_20_mb_is_refused_when_chosen(qtbot, view, tmp_path):
    photo = tmp_path / "原图.jpg"
    with photo.open("wb") as out:
        out.truncate(20 * 1024 * 1024 + 1)
    dialog = view.add_entry(nickname="张伟爸爸", kind="note")
    dialog.add_evidence([photo])
    box = wait_dialog(qtbot, "errorDialog")
    assert "最多 20 MB" in box.text() and "较小的截图" in box.text()
    box.close()
    assert dialog.evidence == [] and dialog.evidence_list.count() == 0
    dialog.close()


def test_copy_message_renders_the_conduct_reminder(qtbot, view):
    from PySide6.QtGui import QGuiApplication

    dialog = view.add_entry(nickname="花开富贵", kind="reminder", rule="家长-3")
    text = dialog.copy_message()
    assert text.startswith("@花开富贵") and "家长-3" in text
    assert QGuiApplication.clipboard().text() == text
    dialog.close()


def test_void_with_reason(qtbot, view):
    target = next(e for e in view.model.entries() if e.kind == "reminder" and not e.voided_by)
    view.select_entry(target.id)
    assert view.void_button.isEnabled()
    view.void_button.click()
    dialog = wait_dialog(qtbot, "voidDialog")
    assert not dialog.ok_button.isEnabled()  # a reason is required
    dialog.reason_edit.setText("重复记录")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: log.get_entry(view.db, target.id).voided_by is not None)
    view.select_entry(target.id)
    assert not view.void_button.isEnabled()
    assert log_chain.verify_chain(view.db).ok


def test_open_evidence_writes_stored_bytes_and_opens_them(qtbot, view, monkeypatch):
    opened = []
    monkeypatch.setattr(
        "classgroup_desktop.ui.log.view.QDesktopServices.openUrl",
        lambda url: opened.append(url.toLocalFile()),
    )
    entry = next(e for e in view.model.entries() if e.attachments)
    view.select_entry(entry.id)
    assert view.evidence_button.isEnabled()
    paths = view.open_evidence()
    assert opened == [str(paths[0])]
    assert paths[0].read_bytes() == log.attachment_content(view.db, entry.attachments[0].sha256)
    assert paths[0].read_bytes().startswith(b"\x89PNG")


def test_verify_button_shows_intact_then_tampered(qtbot, view):
    view.verify_button.click()
    qtbot.waitUntil(lambda: view.chain_ok is not None, timeout=5000)
    assert view.chain_ok
    assert re.fullmatch(r"未发现改动 ✓（共 \d+ 条，最后一条 \d+月\d+日）",
                        view.chain_label.text())
    assert "链头" not in view.chain_label.text() and "链头" in view.chain_label.toolTip()
    # what an intact chain cannot prove is said where the teacher looks
    assert "需用打印件上的链头核对" in view.chain_label.toolTip()
    with sqlite3.connect(view.db.location) as c:
        c.execute("UPDATE log_entry SET description = '改过' WHERE id = 2")
    view.chain_ok = None
    view.verify_button.click()
    qtbot.waitUntil(lambda: view.chain_ok is not None, timeout=5000)
    assert view.chain_ok is False and "被改动" in view.chain_label.text()
    box = wait_dialog(qtbot, "errorDialog")
    assert "第 2 条记录" in box.text()
    box.close()


def test_ladder_suggestion_shown_and_double_click_prefills_entry(qtbot, view):
    texts = [view.suggestions.item(i).text() for i in range(view.suggestions.count())]
    assert any(t.startswith("建议清退 花开富贵（家长-3）") for t in texts)
    item = next(
        view.suggestions.item(i)
        for i in range(view.suggestions.count())
        if "花开富贵" in view.suggestions.item(i).text()
    )
    view.suggestions.itemDoubleClicked.emit(item)
    dialog = wait_dialog(qtbot, "addEntryDialog")
    assert dialog.kind() == "clear-out" and dialog.member_edit.text() == "花开富贵"
    assert dialog.rule() == "家长-3"
    dialog.close()


def test_no_class_disables_adding(view):
    view.set_class(None)
    assert not view.add_button.isEnabled() and view.proxy.rowCount() == 0


def test_selfcheck_and_fraudcheck_dialog(qtbot, view):
    view.selfcheck_button.click()
    dialog = wait_dialog(qtbot, "selfCheckDialog")
    dialog.draft.text.setPlainText("本次考试排名如下。明天复习第1单元。")
    warnings = dialog.run_selfcheck()
    assert [w.span for w in warnings] == ["排名"]
    assert dialog.draft.results.count() == 1 and "教师-4" in dialog.draft.results.item(0).text()
    assert len(dialog.draft.text.extraSelections()) == 1
    dialog.message.text.setPlainText("请各位家长扫码缴纳材料费100元")
    dialog.sender_edit.setText("李老师")
    warnings = dialog.run_fraudcheck()
    assert (
        warnings
        and "电话" in dialog.message.results.item(dialog.message.results.count() - 1).text()
    )
    # someone else's message: a fraud verdict, not the draft's "请修改后再发"
    verdict = dialog.message.verdict.text()
    assert "这条消息有" in verdict and "可疑" in verdict and "家长-5" in verdict
    assert "修改后再发" not in verdict
    # every word the warning names is highlighted (扫码、缴纳、材料费、100元), not just the first
    text = dialog.message.text.toPlainText()
    marked = {
        text[s.cursor.selectionStart() : s.cursor.selectionEnd()]
        for s in dialog.message.text.extraSelections()
    }
    assert {"扫码", "缴纳", "材料费", "100元"} <= marked
    dialog.message.text.setPlainText("明天带好作业本。")
    dialog.sender_edit.clear()
    assert dialog.run_fraudcheck() == []
    assert dialog.message.verdict.text() == "未发现索要钱款的内容。"
    dialog.close()


def test_blank_entry_dialog_preselects_no_rule(qtbot, demo_db):
    dialog = AddEntryDialog(demo_db, CLASS)
    qtbot.addWidget(dialog)
    assert dialog.rule() is None and dialog.rule_combo.currentIndex() == -1
    assert dialog.rule_combo.placeholderText() == "请选择规则"
    dialog.set_kind("clear-out")
    assert dialog.rule() is None and "必须引用规则" in dialog.rule_text.text()


def test_entry_dialog_from_check_view_keeps_identity(qtbot, demo_db):
    identity = {"kind": "parent", "teacher": None, "students": ["张伟"], "relation": "爸爸"}
    dialog = AddEntryDialog(
        demo_db, CLASS, nickname="张伟爸爸", identity=identity, kind="reminder", rule="入群-2"
    )
    qtbot.addWidget(dialog)
    got = []
    dialog.entry_added.connect(got.append)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert got and got[0].identity == identity and got[0].rule == "入群-2"
    assert not dialogs("errorDialog")
