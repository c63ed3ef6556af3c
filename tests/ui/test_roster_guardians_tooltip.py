"""花名册 家长 cell: its tooltip lists every guardian, one per line (the cell is cut at 3)."""

from __future__ import annotations

from classgroup_desktop.ui.roster.models import GuardianLine, StudentLine


def test_tooltip_has_every_guardian_on_its_own_line():
    line = StudentLine(id=1, name="王二二", student_no="10", gender="女", active=True, guardians=(
        GuardianLine("王建华", "爸爸", "13800000001"),
        GuardianLine("赵丽娟", "妈妈", "13800000002"),
        GuardianLine("王德福", "爷爷", None),
    ))
    assert line.guardians_tooltip().split("\n") == [
        "爸爸 王建华 13800000001", "妈妈 赵丽娟 13800000002", "爷爷 王德福"]
