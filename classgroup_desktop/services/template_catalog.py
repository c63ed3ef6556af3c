"""Which message templates exist and what they are called, without opening the database.

Kept apart from ``services/messages.py`` (which renders templates with the teacher's edits and so
imports the store): the CLI lists the templates in ``message --help`` on every start.
"""

from __future__ import annotations

from classgroup_desktop.io import resources


def template_names() -> dict[str, str]:
    """Template key -> its Chinese name (改名提醒 …), in ``resources/templates.json`` order."""
    return resources.template_descriptions()
