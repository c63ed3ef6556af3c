"""School-wide settings stored in the database (so a shared PostgreSQL serves the whole school).

Keys are constants here; each feature owns the meaning and default of its keys.
"""

from __future__ import annotations

from typing import Any

from classgroup_desktop.services.text_limits import check_text
from classgroup_desktop.store.db import Database
from classgroup_desktop.store.models import LogEntryRow, SettingRow

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


def _check_value(key: str, value: Any) -> None:
    """A setting copied into a column later must fit it now: the teacher's name is stored as
    who recorded each log entry, confirmed an identity or finalised a report."""
    if key == TEACHER_NAME and isinstance(value, str):
        check_text(value.strip(), LogEntryRow.recorded_by, "教师姓名")


def set_settings(db: Database, values: dict[str, Any]) -> None:
    """Set several settings in one transaction (the settings form saves all or nothing);
    BadInputError, nothing saved, when a value is too long for where it is used."""
    for key, value in values.items():
        _check_value(key, value)
    with db.session() as s:
        for key, value in values.items():
            row = s.get(SettingRow, key)
            if row is None:
                s.add(SettingRow(key=key, value=value))
            else:
                row.value = value
