"""Checks of a text: 发布前检查 of the teacher's draft and 防诈骗检查 of a group message, with
the sender's nickname judged against the class's group (impersonation)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from classgroup_desktop.core.fraudcheck import fraudcheck
from classgroup_desktop.core.naming import nickname_key
from classgroup_desktop.core.selfcheck import CheckWarning, selfcheck
from classgroup_desktop.io.text_file import read_text_file
from classgroup_desktop.services.classes import find_class, load_roster
from classgroup_desktop.store.db import Database
from classgroup_desktop.store.models import AuditMemberRow, AuditRow

__all__ = ["read_text", "selfcheck_draft", "fraudcheck_message", "sender_verdict"]


def read_text(path: str | Path) -> str:
    """The text of a draft or message file (UTF-8 or GBK); BadInputError naming the file if it
    is not a regular text file (a pipe or device is refused at once, never waited on)."""
    return read_text_file(path, "文本文件")


def selfcheck_draft(
    db: Database | None, text: str, class_name: str | None = None
) -> list[CheckWarning]:
    """发布前检查 of a draft, recognising the class's students by the roster's names."""
    names: list[str] = []
    if db is not None and class_name:
        names = [st.name for st in load_roster(db, class_name).students]
    return selfcheck(text, names)


def sender_verdict(db: Database, class_name: str, sender: str) -> dict[str, Any] | None:
    """What the check engine says of ``sender`` *in the group*: the verdict dict of a member.

    The sender is judged together with the members of the class's latest saved audit
    (``check_members(roster, members + [sender])`` under the class's policy and confirmations),
    because impersonation is a property of the group, not of a nickname: 李建国老师 is fine
    alone but an impostor when 李建国 (the head teacher) is already a member; 班主任 likewise;
    黄老师 is flagged when no teacher is called 黄. A sender whose nickname is exactly that of
    existing members takes their verdict as is (if several members show it and one of them is
    flagged, the sender is flagged too: the parent cannot tell them apart). Exact means verbatim
    (outer spaces aside), not the cosmetic key: an impostor's 李建国老师. must not pass as the
    teacher. Without a saved audit the sender is checked against the roster alone.

    Besides the verdict's fields, the dict has ``impersonates`` (the teacher's name claimed),
    ``genuine`` (that teacher's nickname in the group), ``genuine_ok`` and ``same_nickname``
    (members showing exactly the sender's nickname) for the fraud check's explanation.
    A nickname identical to the real teacher's cannot be told apart by any nickname check;
    the money warning's advice (phone the teacher) still applies then.
    """
    from classgroup_desktop.core.name_index import build_index
    from classgroup_desktop.core.naming import check_members
    from classgroup_desktop.core.nickname_reader import read_compliant, read_nickname
    from classgroup_desktop.io.word_dictionary import word_frequency
    from classgroup_desktop.services.audit import class_policy, list_confirmations
    from classgroup_desktop.services.classes import roster_of

    wanted = (sender or "").strip()
    if not wanted:
        return None
    with db.read() as s:
        cls = find_class(s, class_name)
        roster = roster_of(s, cls)
        latest = s.scalars(
            select(AuditRow)
            .where(AuditRow.class_id == cls.id)
            .order_by(AuditRow.taken_at.desc(), AuditRow.id.desc())
            .limit(1)
        ).first()
        members: list[dict[str, Any]] = []
        if latest is not None:
            members = [
                {
                    "nickname": m.nickname,
                    "status": m.status,
                    "identity": dict(m.identity or {}),
                    "suggestion": m.suggestion,
                    "flags": list(m.flags or []),
                    "reason": m.reason or "",
                }
                for m in s.scalars(
                    select(AuditMemberRow)
                    .where(AuditMemberRow.audit_id == latest.id)
                    .order_by(AuditMemberRow.position)
                )
            ]
    policy = class_policy(db, class_name)
    twins = [m for m in members if m["nickname"].strip() == wanted]
    if twins:
        flagged = [m for m in twins if "impersonation" in m["flags"]]
        verdict = dict(flagged[0] if flagged else twins[0])
        if flagged:
            verdict["flags"] = list(dict.fromkeys(verdict["flags"]))
    else:
        confirmations = {c.nickname_key: c.confirmed_as for c in list_confirmations(db, class_name)}
        inputs = [m["nickname"] for m in members] + [wanted]
        result = check_members(roster, inputs, policy, confirmations, words=word_frequency)
        verdict = result.verdicts[-1].to_dict()
    verdict["same_nickname"] = len(twins)
    if "impersonation" in verdict["flags"]:
        # Whom does the sender claim to be, and what is that teacher's own nickname here?
        index = build_index(roster)
        reading = read_compliant(nickname_key(wanted), index, policy) or read_nickname(
            wanted, index, policy
        )
        if reading.claim is not None:
            verdict["impersonates"] = reading.claim.name
            genuine = next(
                (
                    m
                    for m in members
                    if (m["identity"] or {}).get("kind") == "teacher"
                    and m["identity"].get("teacher") == reading.claim.label
                    and "impersonation" not in m["flags"]
                ),
                None,
            )
            if genuine is not None:
                verdict["genuine"] = genuine["nickname"]
                verdict["genuine_ok"] = genuine["status"] == "ok"
    return verdict


def fraudcheck_message(
    db: Database | None, text: str, *, sender: str | None = None, class_name: str | None = None
) -> list[CheckWarning]:
    """防诈骗检查 of a group message; with ``sender`` and ``class_name``, the sender's nickname
    is checked too and an impersonation flag is reported first."""
    verdict = None
    if db is not None and sender and class_name:
        verdict = sender_verdict(db, class_name, sender)
    return fraudcheck(text, sender_verdict=verdict)
