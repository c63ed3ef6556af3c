"""What a member check says: the shapes ``core.naming.check_members`` returns.

Plain frozen dataclasses with ``to_dict`` (the JSON of ``check --json`` and of stored audits).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MemberInput:
    """One member as read from a list: the nickname verbatim, whether it was cut with “…”, and
    whether it is a screenshot cell whose name OCR could not read (the nickname is then only a
    placeholder)."""

    nickname: str
    truncated: bool = False
    unreadable: bool = False


@dataclass(frozen=True)
class Identity:
    """Who a member is: a teacher, the family of one or more students, or nobody known."""

    kind: str | None = None  # "teacher" | "parent" | None
    teacher: str | None = None
    students: tuple[str, ...] = ()
    relation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "teacher": self.teacher, "students": list(self.students),
                "relation": self.relation}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> Identity:
        if not d:
            return cls()
        return cls(kind=d.get("kind"), teacher=d.get("teacher"),
                   students=tuple(d.get("students") or ()), relation=d.get("relation"))


@dataclass(frozen=True)
class Verdict:
    position: int
    nickname: str  # verbatim
    normalized: str  # nickname_key(nickname)
    status: str  # "ok" | "rename" | "unknown"
    identity: Identity
    suggestion: str | None
    # any of "duplicate", "ambiguous", "impersonation", "confirmed", "truncated", "guardian"
    # (read from a guardian's own name in the roster), "phrase" (the name may only be a word)
    flags: tuple[str, ...]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"position": self.position, "nickname": self.nickname,
                "normalized": self.normalized, "status": self.status,
                "identity": self.identity.to_dict(), "suggestion": self.suggestion,
                "flags": list(self.flags), "reason": self.reason}


@dataclass(frozen=True)
class CheckResult:
    class_name: str
    verdicts: tuple[Verdict, ...]
    counts: dict[str, int]
    students_without_guardian: tuple[str, ...]
    over_limit: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``check --json``."""
        return {"class": self.class_name, "counts": dict(self.counts),
                "members": [v.to_dict() for v in self.verdicts],
                "students_without_guardian": list(self.students_without_guardian),
                "over_limit": list(self.over_limit)}
