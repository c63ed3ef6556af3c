"""Message templates: the ready-to-paste texts (rename reminder, conduct reminder, clear-out
notice, group rules), from the defaults in resources overlaid with the teacher's edits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from classgroup_desktop.core import templates as core_templates
from classgroup_desktop.io import resources
from classgroup_desktop.services.log import get_rule
from classgroup_desktop.services.settings import MESSAGE_TEMPLATES, TEACHER_NAME, get_setting
from classgroup_desktop.store.db import Database

__all__ = ["message_templates", "render_template", "rename_reminder_message", "rename_reminders"]


def message_templates(db: Database | None = None) -> dict[str, str]:
    """Default templates overlaid with the teacher's edits (settings MESSAGE_TEMPLATES)."""
    out = resources.default_templates()
    if db is not None:
        custom = get_setting(db, MESSAGE_TEMPLATES) or {}
        out.update({k: v for k, v in custom.items() if isinstance(v, str) and v.strip()})
    return out


def _teacher(db: Database | None) -> str | None:
    return get_setting(db, TEACHER_NAME) if db is not None else None


def render_template(key: str, db: Database | None = None, **values: Any) -> str:
    """A message from template ``key`` (rename_reminder, conduct_reminder, clear_out_notice,
    group_rules …); ``teacher`` defaults to the name in settings; ``rule_code`` fills in
    ``rule_title``/``rule_text`` from the catalogue. Values may be given under the English or
    the Chinese placeholder name (``nickname`` or ``群昵称`` …); the template may use either."""
    values = core_templates.canonical_values(values)
    if values.get("rule_code") and not values.get("rule_title"):
        rule = get_rule(values["rule_code"])
        values.setdefault("rule_title", rule.title)
        values.setdefault("rule_text", rule.text)
    values.setdefault("teacher", _teacher(db))
    return core_templates.render_template(key, message_templates(db), **values)


def rename_reminders(verdicts: Iterable[Any],
                     db: Database | None = None) -> core_templates.RenameReminders:
    """The rename reminders for the verdicts needing a rename: the group message (parents only,
    citing 入群-2) and a private message for each teacher who must rename."""
    return core_templates.rename_reminders(verdicts, message_templates(db), teacher=_teacher(db))


def rename_reminder_message(verdicts: Iterable[Any], db: Database | None = None) -> str:
    """The ready-to-paste group part of the rename reminders (@nickname + suggested name, citing
    入群-2) for every parent needing a rename; "" if none does. Teachers are never in it."""
    return core_templates.rename_reminder_message(
        verdicts, message_templates(db), teacher=_teacher(db)
    )
