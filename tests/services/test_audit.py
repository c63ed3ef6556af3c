"""Audits: saving checks, history, diffs between audits, identity confirmations, class policy."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from classgroup_desktop.core.errors import BadInputError, NotFoundError, UserError
from classgroup_desktop.core.naming import MemberInput, NamingPolicy
from classgroup_desktop.services import audit
from classgroup_desktop.services.settings import NAMING_POLICY, TEACHER_NAME, set_setting
from classgroup_desktop.store.models import (
    AuditMemberRow,
    AuditRow,
    ClassGroupRow,
    IdentityConfirmationRow,
    StudentRow,
    TeacherRoleRow,
    TeacherRow,
)

CLASS = "三年级(2)班"
STUDENTS = ["张三", "李四", "王小明", "吴堃", "宋雨桐"]
T0 = datetime(2026, 3, 2, 20, 0)


def make_class(db, name: str = CLASS, students=STUDENTS, head: str = "李建国") -> None:
    with db.session() as s:
        cls = ClassGroupRow(name=name, created_at=T0, archived=False)
        s.add(cls)
        s.flush()
        for i, n in enumerate(students, start=1):
            s.add(StudentRow(class_id=cls.id, name=n, student_no=f"{i:02d}", active=True,
                             created_at=T0))
        teacher = TeacherRow(name=head, subject="语文")
        s.add(teacher)
        s.flush()
        s.add(TeacherRoleRow(class_id=cls.id, teacher_id=teacher.id, role="head", subject="语文"))


def members(*names: str) -> list[MemberInput]:
    return [MemberInput(n) for n in names]


@pytest.fixture
def cdb(db):
    make_class(db)
    return db


def test_unsaved_check_writes_nothing(cdb):
    outcome = audit.run_check(cdb, CLASS, members("张三妈妈", "花开富贵"), source="粘贴")
    assert outcome.audit_id is None
    assert outcome.result.counts == {"ok": 1, "rename": 0, "unknown": 1}
    with cdb.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditRow)) == 0


def test_saved_audit_keeps_the_snapshot_and_findings(cdb):
    outcome = audit.run_check(cdb, CLASS, members("张三妈妈", "李四麻麻", "Lily"),
                              source="名单.txt", save=True, now=T0)
    detail = audit.get_audit(cdb, outcome.audit_id)
    assert (detail.summary.total, detail.summary.ok, detail.summary.rename,
            detail.summary.unknown) == (3, 1, 1, 1)
    assert detail.summary.source == "名单.txt" and detail.summary.taken_at == T0
    assert [m["nickname"] for m in detail.members] == ["张三妈妈", "李四麻麻", "Lily"]
    assert detail.members[1]["suggestion"] == "李四妈妈"
    assert detail.members[0]["identity"]["students"] == ["张三"]
    assert set(detail.findings["students_without_guardian"]) == {"王小明", "吴堃", "宋雨桐"}
    assert audit.list_audits(cdb, CLASS)[0].id == outcome.audit_id


def test_empty_member_list_is_refused(cdb):
    with pytest.raises(BadInputError):
        audit.run_check(cdb, CLASS, [], source="x", save=True)


def test_unknown_class_is_refused(cdb):
    with pytest.raises(NotFoundError):
        audit.run_check(cdb, "不存在的班", members("张三妈妈"), source="x")


def test_get_audit_unknown_id(cdb):
    with pytest.raises(NotFoundError):
        audit.get_audit(cdb, 999)


def test_audits_are_listed_oldest_first(cdb):
    for days in (10, 0, 5):
        audit.run_check(cdb, CLASS, members("张三妈妈"), source="x", save=True,
                        now=T0 + timedelta(days=days))
    taken = [a.taken_at for a in audit.list_audits(cdb, CLASS)]
    assert taken == sorted(taken)


def _two_audits(cdb, before, after):
    a = audit.run_check(cdb, CLASS, members(*before), source="a", save=True, now=T0).audit_id
    b = audit.run_check(cdb, CLASS, members(*after), source="b", save=True,
                        now=T0 + timedelta(days=14)).audit_id
    return a, b


def test_diff_finds_joined_left_renamed_and_still_noncompliant(cdb):
    a, b = _two_audits(
        cdb,
        ["张三麻麻", "李四爸爸", "花开富贵", "吴堃的妈妈", "🌸宋雨桐妈妈"],
        ["张三妈妈", "李四 爸爸", "吴堃的妈妈", "宋雨桐妈妈", "王小明爸爸", "微信用户"],
    )
    diff = audit.diff_audits(cdb, CLASS)
    assert (diff.from_audit.id, diff.to_audit.id) == (a, b)
    assert [m["nickname"] for m in diff.joined] == ["王小明爸爸", "微信用户"]
    assert [m["nickname"] for m in diff.left] == ["花开富贵"]
    assert [(m["old_nickname"], m["new_nickname"]) for m in diff.renamed] == [
        ("张三麻麻", "张三妈妈")]
    # 李四 爸爸 and 🌸宋雨桐妈妈 only changed cosmetically: the same member, not renamed.
    assert [m["nickname"] for m in diff.still_noncompliant] == ["吴堃的妈妈"]
    assert diff.still_noncompliant[0]["suggestion"] == "吴堃妈妈"


def test_diff_with_explicit_ids_and_bad_ids(cdb):
    a, b = _two_audits(cdb, ["张三妈妈"], ["张三妈妈", "李四爸爸"])
    diff = audit.diff_audits(cdb, CLASS, from_id=a, to_id=b)
    assert [m["nickname"] for m in diff.joined] == ["李四爸爸"]
    reverse = audit.diff_audits(cdb, CLASS, from_id=b, to_id=a)
    assert [m["nickname"] for m in reverse.left] == ["李四爸爸"]
    with pytest.raises(NotFoundError):
        audit.diff_audits(cdb, CLASS, from_id=a, to_id=999)
    with pytest.raises(UserError):
        audit.diff_audits(cdb, CLASS, from_id=a, to_id=a)


def test_diff_needs_two_audits(cdb):
    audit.run_check(cdb, CLASS, members("张三妈妈"), source="x", save=True, now=T0)
    with pytest.raises(NotFoundError):
        audit.diff_audits(cdb, CLASS)


def test_diff_does_not_mix_classes(cdb):
    make_class(cdb, "四年级(1)班", ["赵六"], head="陈静")
    other = audit.run_check(cdb, "四年级(1)班", members("赵六妈妈"), source="x", save=True).audit_id
    audit.run_check(cdb, CLASS, members("张三妈妈"), source="x", save=True)
    with pytest.raises(NotFoundError):
        audit.diff_audits(cdb, CLASS, from_id=other)


def test_confirmation_applies_to_later_checks_until_revoked(cdb):
    set_setting(cdb, TEACHER_NAME, "李建国")
    audit.confirm_identity(cdb, CLASS, "小明奶奶🌸", "王小明奶奶（家委会）", "已电话核实")
    verdict = audit.run_check(cdb, CLASS, members("小明奶奶"), source="x").result.verdicts[0]
    assert (verdict.status, verdict.flags) == ("ok", ("confirmed",))
    assert verdict.identity.students == ("王小明",)
    info = audit.list_confirmations(cdb, CLASS)[0]
    assert (info.confirmed_as, info.reason, info.confirmed_by) == (
        "王小明奶奶（家委会）", "已电话核实", "李建国")
    audit.revoke_confirmation(cdb, CLASS, "小明奶奶")
    verdict = audit.run_check(cdb, CLASS, members("小明奶奶"), source="x").result.verdicts[0]
    assert verdict.status == "rename" and "confirmed" not in verdict.flags
    assert audit.list_confirmations(cdb, CLASS) == []
    history = audit.list_confirmations(cdb, CLASS, include_revoked=True)
    assert len(history) == 1 and history[0].revoked_at is not None


def test_reconfirming_replaces_and_keeps_history(cdb):
    audit.confirm_identity(cdb, CLASS, "Lily", "学校心理老师", "学校安排", by="张校长")
    audit.confirm_identity(cdb, CLASS, "lily", "学校心理老师（兼职）", "学校安排", by="张校长")
    current = audit.list_confirmations(cdb, CLASS)
    assert [c.confirmed_as for c in current] == ["学校心理老师（兼职）"]
    with cdb.read() as s:
        assert s.scalar(select(func.count()).select_from(IdentityConfirmationRow)) == 2


def test_confirmation_needs_label_and_reason(cdb):
    with pytest.raises(UserError):
        audit.confirm_identity(cdb, CLASS, "Lily", "", "原因")
    with pytest.raises(UserError):
        audit.confirm_identity(cdb, CLASS, "Lily", "身份", "  ")
    with pytest.raises(NotFoundError):
        audit.revoke_confirmation(cdb, CLASS, "从未确认过")


def test_confirmation_is_per_class(cdb):
    make_class(cdb, "四年级(1)班", ["赵六"], head="陈静")
    audit.confirm_identity(cdb, "四年级(1)班", "Lily", "外聘老师", "学校安排")
    verdict = audit.run_check(cdb, CLASS, members("Lily"), source="x").result.verdicts[0]
    assert verdict.status == "unknown"


def test_class_policy_defaults_to_school_then_own(cdb):
    assert audit.class_policy(cdb, CLASS) == NamingPolicy()
    set_setting(cdb, NAMING_POLICY, {"relations": ["爸爸", "妈妈", "奶奶"]})
    assert audit.class_policy(cdb, CLASS).relations == ("爸爸", "妈妈", "奶奶")
    check = audit.run_check(cdb, CLASS, members("王小明奶奶"), source="x")
    assert check.result.verdicts[0].status == "ok"
    own = NamingPolicy(relations=("爸爸", "妈妈"), teacher_affix_allowed=True)
    audit.set_class_policy(cdb, CLASS, own)
    assert audit.class_policy(cdb, CLASS) == own
    assert audit.run_check(cdb, CLASS, members("李建国老师"), source="x").result.counts["ok"] == 1
    audit.set_class_policy(cdb, CLASS, None)
    assert audit.class_policy(cdb, CLASS).relations == ("爸爸", "妈妈", "奶奶")
    with pytest.raises(UserError):
        audit.set_class_policy(cdb, CLASS, NamingPolicy(relations=()))


def test_failed_save_leaves_nothing_half_written(cdb, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(AuditMemberRow, "__init__", broken)
    with pytest.raises(RuntimeError):
        audit.run_check(cdb, CLASS, members("张三妈妈"), source="x", save=True)
    with cdb.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditRow)) == 0


def test_demo_seed_saves_audits_for_each_demo_class(db):
    from classgroup_desktop.services.demo import DEMO_MEMBER_LISTS, ensure_demo_data

    ensure_demo_data(db)
    for class_name in DEMO_MEMBER_LISTS:
        audits = audit.list_audits(db, class_name)
        assert len(audits) >= 2
        assert audits[-1].taken_at <= datetime.now()
        diff = audit.diff_audits(db, class_name)
        assert diff.renamed and diff.joined and diff.left


def test_diff_pairs_a_family_that_followed_the_suggestion_as_renamed(cdb):
    # The notice's literal policy asks 王小明爷爷 and 张三外公 to use the student's name alone:
    # the relation changes with the nickname, the family (and the member) stays.
    audit.set_class_policy(cdb, CLASS, NamingPolicy(relations=("爸爸", "妈妈")))
    _two_audits(
        cdb,
        ["王小明爷爷", "王小明妈妈", "张三外公", "李四爸爸", "宋雨桐奶奶"],
        ["王小明妈妈", "王小明", "李四爸爸", "张三", "宋雨桐", "宋雨桐爸爸"],
    )
    diff = audit.diff_audits(cdb, CLASS)
    assert [(m["old_nickname"], m["new_nickname"]) for m in diff.renamed] == [
        ("王小明爷爷", "王小明"), ("张三外公", "张三"), ("宋雨桐奶奶", "宋雨桐")]
    # One family member more than before: the second newcomer of 宋雨桐 joined.
    assert [m["nickname"] for m in diff.joined] == ["宋雨桐爸爸"]
    assert diff.left == ()


def test_diff_pairs_an_aunt_who_followed_the_default_suggestion_of_家长_as_renamed(cdb):
    _two_audits(cdb, ["张三小姨", "李四爸爸"], ["张三家长", "李四爸爸"])
    diff = audit.diff_audits(cdb, CLASS)
    assert [(m["old_nickname"], m["new_nickname"]) for m in diff.renamed] == [
        ("张三小姨", "张三家长")]
    assert diff.joined == () and diff.left == ()


def test_a_policy_saved_before_the_new_default_is_kept(cdb):
    # Databases that saved the notice's 爸爸/妈妈 explicitly keep it; only the built-in changed.
    set_setting(cdb, NAMING_POLICY, {"relations": ["爸爸", "妈妈"],
                                     "teacher_affix_allowed": False,
                                     "max_members_per_student": 4})
    outcome = audit.run_check(cdb, CLASS, [MemberInput("张三奶奶")], source="t")
    assert outcome.result.verdicts[0].status == "rename"
    assert outcome.result.verdicts[0].suggestion == "张三"


def test_without_a_saved_policy_a_grandmother_with_the_name_is_compliant(cdb):
    outcome = audit.run_check(cdb, CLASS, [MemberInput("张三外婆")], source="t")
    assert outcome.result.verdicts[0].status == "ok"


@pytest.mark.parametrize(("before", "after", "renamed", "joined", "left"), [
    pytest.param(["吴堃妈妈"], ["吴堃爸爸"], [], ["吴堃爸爸"], ["吴堃妈妈"],
                 id="mother-left-father-joined"),
    pytest.param(["吴堃麻麻"], ["吴堃爸爸"], [], ["吴堃爸爸"], ["吴堃麻麻"],
                 id="suggested-mother-but-father-joined"),
    pytest.param(["吴堃爸爸"], ["吴堃"], [], ["吴堃"], ["吴堃爸爸"],
                 id="allowed-relation-then-name-alone"),
    pytest.param(["宋雨桐奶奶"], ["宋雨桐爸爸", "宋雨桐"], [("宋雨桐奶奶", "宋雨桐")],
                 ["宋雨桐爸爸"], [], id="grandma-followed-fix-father-joined-first"),
    pytest.param(["吴堃家长"], ["吴堃"], [("吴堃家长", "吴堃")], [], [],
                 id="disallowed-relation-to-name-alone"),
    pytest.param(["张三姥姥"], ["张三奶奶"], [], ["张三奶奶"], ["张三姥姥"],
                 id="grandparent-to-other-grandparent"),
])
def test_diff_pairs_across_relations_only_for_the_suggested_fix(cdb, before, after, renamed,
                                                                 joined, left):
    # A different relation is a different person unless the new nickname is the fix the
    # earlier audit asked for: reporting 吴堃妈妈 → 吴堃爸爸 as renamed would be a guess.
    # Under the notice's literal 爸爸/妈妈, so that 奶奶 and 家长 are asked to change.
    audit.set_class_policy(cdb, CLASS, NamingPolicy(relations=("爸爸", "妈妈")))
    _two_audits(cdb, before, after)
    diff = audit.diff_audits(cdb, CLASS)
    assert [(m["old_nickname"], m["new_nickname"]) for m in diff.renamed] == renamed
    assert [m["nickname"] for m in diff.joined] == joined
    assert [m["nickname"] for m in diff.left] == left


def test_diff_name_alone_follows_the_older_audits_policy(cdb):
    # 奶奶 was not allowed when the first audit was taken: 宋雨桐 is the rule's fix even
    # though the class has since allowed 奶奶 (and the stored suggestion was cleared).
    audit.set_class_policy(cdb, CLASS, NamingPolicy(relations=("爸爸", "妈妈")))
    a, _ = _two_audits(cdb, ["宋雨桐奶奶"], ["宋雨桐"])
    with cdb.session() as s:
        for row in s.scalars(select(AuditMemberRow).where(AuditMemberRow.audit_id == a)):
            row.suggestion = None
    audit.set_class_policy(cdb, CLASS, NamingPolicy(relations=("爸爸", "妈妈", "奶奶")))
    diff = audit.diff_audits(cdb, CLASS)
    assert [(m["old_nickname"], m["new_nickname"]) for m in diff.renamed] == [
        ("宋雨桐奶奶", "宋雨桐")]


def test_diff_prefers_the_same_relation_when_a_family_has_several_members(cdb):
    _two_audits(cdb, ["张三麻麻", "张三老爸"], ["张三爸爸", "张三妈妈"])
    diff = audit.diff_audits(cdb, CLASS)
    assert sorted((m["old_nickname"], m["new_nickname"]) for m in diff.renamed) == [
        ("张三老爸", "张三爸爸"), ("张三麻麻", "张三妈妈")]
    assert diff.joined == () and diff.left == ()
