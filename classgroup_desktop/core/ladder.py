"""The escalation ladder: from the log's history, which next step to suggest for which member. Pure.

The ladder is policy data (``resources/ladder.json``, overridable in settings): a list of steps
such as "≥2 conduct reminders for one member within 30 days → suggest 清退" or "a 清退 citing
宗旨-3 or 监管-3 → suggest 上报". Suggestions are only shown; the teacher decides. A suggestion
counts as acted on once an entry of the suggested kind exists for that member at or after the
latest entry that triggered it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.core.logchain import KINDS, LogEntry, kind_label

DEFAULT_RENAME_GRACE_DAYS = 3


@dataclass(frozen=True, slots=True)
class LadderStep:
    """If ≥ ``min_count`` live entries of ``when_kind`` (citing ``rules`` if given, none of
    ``exclude_rules``) for one member fall within ``window_days`` (None = any time), suggest
    ``suggest_kind`` citing ``suggest_rule`` ("same" = the rule of the latest trigger)."""

    id: str
    when_kind: str
    suggest_kind: str
    rules: tuple[str, ...] = ()
    exclude_rules: tuple[str, ...] = ()
    min_count: int = 1
    window_days: int | None = None
    suggest_rule: str | None = "same"
    reason: str = ""

    def matches(self, entry: LogEntry) -> bool:
        if entry.kind != self.when_kind:
            return False
        if self.rules and entry.rule not in self.rules:
            return False
        return entry.rule not in self.exclude_rules


@dataclass(frozen=True, slots=True)
class LadderPolicy:
    steps: tuple[LadderStep, ...]
    rename_grace_days: int = DEFAULT_RENAME_GRACE_DAYS

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LadderPolicy:
        """The policy from its JSON shape; BadInputError naming the broken step otherwise."""
        steps = []
        for i, raw in enumerate(data.get("steps") or [], start=1):
            try:
                step = LadderStep(
                    id=str(raw.get("id") or f"step-{i}"),
                    when_kind=str(raw["when_kind"]),
                    suggest_kind=str(raw["suggest_kind"]),
                    rules=tuple(raw.get("rules") or ()),
                    exclude_rules=tuple(raw.get("exclude_rules") or ()),
                    min_count=int(raw.get("min_count", 1)),
                    window_days=None if raw.get("window_days") is None else int(raw["window_days"]),
                    suggest_rule=raw.get("suggest_rule", "same"),
                    reason=str(raw.get("reason", "")),
                )
            except (KeyError, TypeError, ValueError, AttributeError):
                raise BadInputError(
                    f"升级规则第 {i} 步格式不对：需要 when_kind、suggest_kind，次数和天数为整数。"
                ) from None
            for kind in (step.when_kind, step.suggest_kind):
                if kind not in KINDS:
                    raise BadInputError(f"升级规则第 {i} 步的记录类型“{kind}”无效。")
            if step.min_count < 1:
                raise BadInputError(f"升级规则第 {i} 步的次数至少为 1。")
            steps.append(step)
        grace = data.get("rename_grace_days", DEFAULT_RENAME_GRACE_DAYS)
        try:
            grace = int(grace)
        except (TypeError, ValueError):
            raise BadInputError("改名宽限天数应为整数。") from None
        return cls(tuple(steps), grace)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "steps": [
                {
                    "id": s.id,
                    "when_kind": s.when_kind,
                    "rules": list(s.rules),
                    "exclude_rules": list(s.exclude_rules),
                    "min_count": s.min_count,
                    "window_days": s.window_days,
                    "suggest_kind": s.suggest_kind,
                    "suggest_rule": s.suggest_rule,
                    "reason": s.reason,
                }
                for s in self.steps
            ],
            "rename_grace_days": self.rename_grace_days,
        }


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A suggested next step for one member, with the entries that led to it."""

    step_id: str
    member: str
    suggest_kind: str
    rule: str | None
    reason: str
    trigger_ids: tuple[int, ...]
    since: datetime  # occurred_at of the latest triggering entry
    acted_on: bool = False

    @property
    def suggest_label(self) -> str:
        return kind_label(self.suggest_kind)

    @property
    def text(self) -> str:
        """「建议清退 张三妈妈（宗旨-2）：30 天内…」"""
        rule = f"（{self.rule}）" if self.rule else ""
        return f"建议{self.suggest_label} {self.member}{rule}：{self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step_id,
            "member": self.member,
            "suggest_kind": self.suggest_kind,
            "suggest_label": self.suggest_label,
            "rule": self.rule,
            "reason": self.reason,
            "trigger_ids": list(self.trigger_ids),
            "since": self.since.isoformat(timespec="seconds"),
            "acted_on": self.acted_on,
            "text": self.text,
        }


def live_entries(entries: Iterable[LogEntry]) -> list[LogEntry]:
    """Entries that count: neither voided nor void entries themselves."""
    return [e for e in entries if e.kind != "void" and e.voided_by is None]


def evaluate(
    entries: Sequence[LogEntry],
    policy: LadderPolicy,
    *,
    member_key: Callable[[str], str] = lambda s: s,
    at: datetime | None = None,
    include_acted: bool = False,
) -> list[Suggestion]:
    """Suggestions from ``entries`` (one class's log) as of ``at`` (default: all entries).

    Members are grouped by ``member_key`` (the cosmetic nickname key), so 张三妈妈 and
    「张三妈妈 」 are one person. Within a window, the latest qualifying run is used.
    """
    live = [e for e in live_entries(entries) if e.member and (at is None or e.occurred_at <= at)]
    by_member: dict[str, list[LogEntry]] = defaultdict(list)
    for e in sorted(live, key=lambda e: (e.occurred_at, e.id)):
        by_member[member_key(e.member or "")].append(e)

    out: list[Suggestion] = []
    for history in by_member.values():
        for step in policy.steps:
            triggers = [e for e in history if step.matches(e)]
            if len(triggers) < step.min_count:
                continue
            latest = triggers[-1]
            if step.window_days is not None:
                start = latest.occurred_at - timedelta(days=step.window_days)
                in_window = [e for e in triggers if e.occurred_at >= start]
            else:
                in_window = triggers
            if len(in_window) < step.min_count:
                continue
            acted = any(
                e.kind == step.suggest_kind
                and (e.occurred_at, e.id) >= (latest.occurred_at, latest.id)
                and e.id != latest.id
                for e in history
            )
            if acted and not include_acted:
                continue
            rule = latest.rule if step.suggest_rule == "same" else step.suggest_rule
            rules_cited = "、".join(dict.fromkeys(e.rule for e in in_window if e.rule))
            reason = step.reason.format_map(
                _Missing(count=len(in_window), rules=rules_cited, days=step.window_days or "")
            )
            out.append(
                Suggestion(
                    step_id=step.id,
                    member=latest.member or "",
                    suggest_kind=step.suggest_kind,
                    rule=rule,
                    reason=reason,
                    trigger_ids=tuple(e.id for e in in_window),
                    since=latest.occurred_at,
                    acted_on=acted,
                )
            )
    out.sort(key=lambda s: (s.since, s.member), reverse=True)
    return out


class _Missing(dict):
    """format_map helper: an unknown placeholder stays as written instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
