"""成员检查 after a restart shows the saved checks; clear-outs read 待清退 → 已清退."""

from __future__ import annotations

from datetime import datetime

from classgroup_desktop.core.naming import MemberInput
from classgroup_desktop.services.audit import list_audits, run_check
from classgroup_desktop.services.classes import create_class
from classgroup_desktop.services.log import add_entry
from classgroup_desktop.services.pending import NOT_CLEARED, pending_items
from classgroup_desktop.services.roster_edit import add_student
from classgroup_desktop.ui.check.history import CURRENT
from classgroup_desktop.ui.check.models import CheckResultModel
from classgroup_desktop.ui.check.view import CheckView

CLASS = "一年级(1)班"


def _class_with_checks(db) -> None:
    create_class(db, CLASS)
    add_student(db, CLASS, "王小明")
    run_check(db, CLASS, [MemberInput("王小明妈妈"), MemberInput("路人甲")], source="粘贴",
              save=True, now=datetime(2026, 11, 2, 9, 0))
    run_check(db, CLASS, [MemberInput("王小明妈妈")], source="接龙", save=True,
              now=datetime(2026, 11, 20, 9, 0))


def _view(qtbot, db) -> CheckView:
    view = CheckView(db)
    qtbot.addWidget(view)
    view.set_class(CLASS)
    view.show()
    return view


def test_saved_checks_are_listed_and_the_latest_opens_read_only_after_a_restart(qtbot, db):
    _class_with_checks(db)
    view = _view(qtbot, db)  # a fresh view: the app was restarted
    labels = [view.history.combo.itemText(i) for i in range(view.history.combo.count())]
    assert labels[0].startswith("11月20日 09:00 · 接龙 · 1 人")
    assert labels[1].startswith("11月2日 09:00 · 粘贴 · 2 人（合规 1")
    assert view.outcome.audit_id == list_audits(db, CLASS)[-1].id
    assert view.read_only and view.model.rowCount() == 1
    assert not view.clear_out_button.isEnabled() and not view.save_button.isEnabled()
    # Open the older one: its verdicts, still read-only.
    view.history.combo.setCurrentIndex(1)
    assert view.outcome.audit_id == list_audits(db, CLASS)[0].id
    assert view.model.rowCount() == 2 and view.read_only


def test_a_new_check_is_the_current_one_and_saved_ones_stay_reachable(qtbot, db):
    _class_with_checks(db)
    view = _view(qtbot, db)
    view.paste_edit.setPlainText("王小明妈妈\n陌生人")
    with qtbot.waitSignal(view.check_finished, timeout=10000):
        view.run_check()
    assert not view.read_only
    assert view.history.combo.itemData(0) == CURRENT
    assert view.history.combo.count() == 3
    assert view.compare_button.isEnabled()


def test_demo_check_page_opens_on_its_latest_saved_check(qtbot, window, demo_db):
    view = window.show_view("check")
    cls = window.current_class
    audits = list_audits(demo_db, cls)
    assert audits, "the demo has saved checks"
    assert view.outcome is not None and view.outcome.audit_id == audits[-1].id


def _status_of(view: CheckView, nickname: str) -> str:
    for row in range(view.model.rowCount()):
        if view.model.verdict_at(row).nickname == nickname:
            return view.model.index(row, CheckResultModel.COL_STATUS).data()
    raise AssertionError(nickname)


def test_clear_out_reads_pending_then_cleared(qtbot, db):
    create_class(db, CLASS)
    add_student(db, CLASS, "王小明")
    run_check(db, CLASS, [MemberInput("王小明妈妈"), MemberInput("路人甲")], source="粘贴",
              save=True, now=datetime(2026, 11, 2, 9, 0))
    view = _view(qtbot, db)
    view.paste_edit.setPlainText("王小明妈妈\n路人甲")
    with qtbot.waitSignal(view.check_finished, timeout=10000):
        view.run_check()
    add_entry(db, CLASS, "clear-out", member="路人甲", rule="入群-1",
              occurred_at=datetime(2026, 11, 2, 9, 5))
    view.refresh_clear_outs()
    assert _status_of(view, "路人甲") == "待清退"
    assert _status_of(view, "王小明妈妈") == "合规"
    # Saved minutes after marking (the list was copied before acting): no 清退未执行 yet.
    run_check(db, CLASS, [MemberInput("王小明妈妈"), MemberInput("路人甲")], source="粘贴",
              save=True, now=datetime(2026, 11, 2, 9, 10))
    assert [p for p in pending_items(db, CLASS, at=datetime(2026, 11, 2, 10, 0))
            if p.kind == NOT_CLEARED] == []
    # Next check without them: the comparison says 已清退, no open item.
    view.paste_edit.setPlainText("王小明妈妈")
    with qtbot.waitSignal(view.check_finished, timeout=10000):
        view.run_check()
    dialog = view.compare_with_previous()
    assert dialog.lists["left"].stringList() == ["路人甲（已清退）"]
    run_check(db, CLASS, [MemberInput("王小明妈妈")], source="粘贴", save=True,
              now=datetime(2026, 11, 5, 9, 0))
    assert pending_items(db, CLASS, at=datetime(2026, 11, 5, 10, 0)) == []
    dialog.close()


def test_a_later_check_that_still_finds_them_opens_the_item(db):
    create_class(db, CLASS)
    add_entry(db, CLASS, "clear-out", member="路人甲", rule="入群-1",
              occurred_at=datetime(2026, 11, 2, 9, 5))
    run_check(db, CLASS, [MemberInput("路人甲")], source="粘贴", save=True,
              now=datetime(2026, 11, 3, 8, 0))
    kinds = [p.kind for p in pending_items(db, CLASS, at=datetime(2026, 11, 3, 9, 0))]
    assert kinds == [NOT_CLEARED]
