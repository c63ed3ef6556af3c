"""群聊巡查 view: paste → review → flagged rows highlighted and filterable; the selected
message's rule text; 复制提醒 to the clipboard; 记录到事件记录 with the message as evidence;
save; the view sits between 成员检查 and 事件记录."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from classgroup_desktop.io.resources import read_resource_text
from classgroup_desktop.services.chat_review import list_reviews
from classgroup_desktop.services.log import attachment_content, list_entries
from classgroup_desktop.ui.chat.models import FILTER_FLAGGED, FLAGGED_BRUSH
from classgroup_desktop.ui.chat.view import ChatView

CLASS = "三年级(2)班"


def _view(qtbot, db) -> ChatView:
    view = ChatView(db)
    qtbot.addWidget(view)
    view.set_class(CLASS)
    view.resize(1100, 700)
    view.show()
    return view


def _review(qtbot, view: ChatView, text: str) -> None:
    view.paste_edit.setPlainText(text)
    with qtbot.waitSignal(view.review_finished, timeout=15000):
        view.run_review()


def _row_of(view: ChatView, position: int) -> int:
    for r in range(view.proxy.rowCount()):
        if view.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole).message.position == position:
            return r
    raise AssertionError(position)


def test_review_highlights_flagged_rows_and_filters_by_rule(qtbot, demo_db):
    view = _view(qtbot, demo_db)
    _review(qtbot, view, read_resource_text("samples/demo_chat.txt"))
    assert view.proxy.rowCount() == 16
    bg = view.proxy.index(_row_of(view, 6), 0).data(Qt.ItemDataRole.BackgroundRole)
    assert bg == FLAGGED_BRUSH
    assert view.proxy.index(_row_of(view, 2), 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "标出 7 条" in view.summary.text()
    view.set_filter(FILTER_FLAGGED)
    assert view.proxy.rowCount() == 7
    view.set_filter("家长-3")
    rows = [view.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in
            range(view.proxy.rowCount())]
    assert [rm.message.sender for rm in rows] == ["宝宝辅导班招生"]


def test_selected_message_shows_rule_text_and_triggering_words(qtbot, demo_db):
    view = _view(qtbot, demo_db)
    _review(qtbot, view, read_resource_text("samples/demo_chat.txt"))
    view.table.selectRow(_row_of(view, 6))
    html = view.detail.toPlainText()
    assert "不在群内发布广告、推销商品" in html and "加微信" in html
    assert "13812345678" not in html, "phone numbers masked"
    assert view.current_rule() == "家长-3", "the message's own rule comes before 入群-1"
    assert view.copy_button.isEnabled() and view.log_button.isEnabled()
    view.table.selectRow(_row_of(view, 2))
    assert not view.copy_button.isEnabled()


def test_copy_reminder_for_a_complaint_asks_to_contact_directly(qtbot, demo_db):
    view = _view(qtbot, demo_db)
    _review(qtbot, view, read_resource_text("samples/demo_chat.txt"))
    view.table.selectRow(_row_of(view, 10))
    view.rule_combo.setCurrentIndex(view.rule_combo.findData("家长-1"))
    text = view.copy_reminder()
    assert QGuiApplication.clipboard().text() == text
    assert text.startswith("@刘梓涵爸爸") and "直接" in text


def test_log_button_records_the_message_as_evidence(qtbot, demo_db):
    view = _view(qtbot, demo_db)
    _review(qtbot, view, read_resource_text("samples/demo_chat.txt"))
    before = len(list_entries(demo_db, CLASS))
    view.table.selectRow(_row_of(view, 8))
    entry = view.log_message()
    assert len(list_entries(demo_db, CLASS)) == before + 1
    assert (entry.member, entry.rule, entry.kind) == ("汤轩然爸爸", "宗旨-2", "reminder")
    evidence = attachment_content(demo_db, entry.attachments[0].sha256).decode()
    assert "帮忙投票" in evidence
    assert "此前已有 1 条记录" in view.outlook_label.text()


def test_save_stores_the_review(qtbot, demo_db):
    view = _view(qtbot, demo_db)
    _review(qtbot, view, read_resource_text("samples/demo_chat.txt"))
    with qtbot.waitSignal(view.review_finished, timeout=15000):
        view.save_review()
    (saved,) = list_reviews(demo_db, CLASS)
    assert (saved.messages, saved.flagged) == (16, 7)
    assert not view.save_button.isEnabled()


def test_empty_paste_shows_an_error_not_a_crash(qtbot, demo_db, monkeypatch):
    shown = []
    monkeypatch.setattr("classgroup_desktop.ui.chat.view.show_error",
                        lambda parent, exc: shown.append(str(exc)))
    view = _view(qtbot, demo_db)
    view.paste_edit.setPlainText("   ")
    view.run_review(background=False)
    assert shown and "没有读到任何聊天消息" in shown[0]


def test_chat_view_sits_between_check_and_log_in_the_navigation(window):
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles.index("群聊巡查") == titles.index("成员检查") + 1
    assert titles.index("事件记录") == titles.index("群聊巡查") + 1
    assert isinstance(window.show_view("chat"), ChatView)


def test_words_dialog_adds_a_word_and_allows_one_for_the_class(qtbot, demo_db):
    view = _view(qtbot, demo_db)
    _review(qtbot, view, "何梓豪妈妈:\n新开的奶茶店欢迎光临\n谭诗涵爸爸:\n班级二手书交换，九成新\n")
    assert [m.rules for m in view.result.messages] == [(), ("宗旨-2",)]
    dialog = view.edit_words()
    dialog.rule_combo.setCurrentIndex(dialog.rule_combo.findData("ads"))
    dialog.added_edit.setPlainText("奶茶店")
    dialog.allowed_edit.setPlainText("二手书\n九成新")
    with qtbot.waitSignal(view.review_finished, timeout=15000):
        dialog.save()
    assert [m.rules for m in view.result.messages] == [("家长-3",), ()]


def test_screenshot_preview_lets_the_teacher_correct_text_before_review(qtbot, demo_db):
    from classgroup_desktop.services.chat_input import ScreenRow
    from classgroup_desktop.ui.chat.preview_dialog import ChatPreviewDialog

    calls = []

    def reader(paths, progress=None):
        calls.append(list(paths))
        if progress:
            progress(1, 1)
        return ([ScreenRow("right", None, "明天开家长会", None, 0.99, "a.png"),
                 ScreenRow("left", "何梓豪妈妈", "加微言", None, 0.6, "a.png"),
                 ScreenRow("center", None, "“何梓豪妈妈”邀请“小王”加入了群聊", None, 0.9,
                           "a.png")], [])

    view = _view(qtbot, demo_db)
    dialog = ChatPreviewDialog(["a.png"], view, reader=reader)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.running, timeout=5000)
    assert "1 条识别把握较低" in dialog.info.text()
    dialog.table.item(1, 2).setText("加微信")  # the teacher fixes the OCR's misreading
    view._preview_closed(dialog, 1)
    qtbot.waitUntil(lambda: view.result is not None, timeout=15000)
    got = [(m.message.sender, m.identity["kind"], m.rules) for m in view.result.messages]
    assert got == [(None, "teacher-self", ()), ("何梓豪妈妈", "parent", ("家长-3",)),
                   (None, None, ("家长-4",))]
    assert [p.name for p in calls[0]] == ["a.png"]


def test_ctrl_v_on_the_chat_view_reviews_the_copied_chat(qtbot, window):
    view = window.show_view("chat")
    QGuiApplication.clipboard().setText("何梓豪妈妈:\n加微信领优惠\n")
    with qtbot.waitSignal(view.review_finished, timeout=15000):
        window.act_paste.trigger()
    assert window.current_key() == "chat"
    assert view.result.messages[0].rules == ("家长-3",)


def test_settings_open_the_chat_word_lists(qtbot, window):
    from classgroup_desktop.ui.chat.words_dialog import ChatWordsDialog

    settings = window.show_view("settings")
    assert settings.chat_words_button.isEnabled()
    dialog = settings.edit_chat_words()
    assert isinstance(dialog, ChatWordsDialog) and dialog.class_name == window.current_class
    dialog.reject()
