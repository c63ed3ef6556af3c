"""School-wide settings stored in the database (so a shared PostgreSQL serves the whole school).

Keys are constants here; each feature owns the meaning and default of its keys.
"""

from __future__ import annotations

from typing import Any

from classgroup_desktop.store.db import Database
from classgroup_desktop.store.models import SettingRow

SCHOOL_NAME = "school_name"  # str
TEACHER_NAME = "teacher_name"  # str: who records log entries (recorded_by)
NAMING_POLICY = "naming_policy"  # dict: the school's default naming policy
MESSAGE_TEMPLATES = "message_templates"  # dict: template key -> text
ESCALATION_LADDER = "escalation_ladder"  # dict: ladder policy
CHAT_WORDS = "chat_words"  # dict: {"add": {rule id or code: [words]}, "allow": {class: [words]}}


def get_setting(db: Database, key: str, default: Any = None) -> Any:
    with db.read() as s:
        row = s.get(SettingRow, key)
        return default if row is None or row.value is None else row.value


def set_setting(db: Database, key: str, value: Any) -> None:
    set_settings(db, {key: value})


def set_settings(db: Database, values: dict[str, Any]) -> None:
    """Set several settings in one transaction (the settings form saves all or nothing)."""
    with db.session() as s:
        for key, value in values.items():
            row = s.get(SettingRow, key)
            if row is None:
                s.add(SettingRow(key=key, value=value))
            else:
                row.value = value
