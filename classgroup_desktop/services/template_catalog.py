"""Which message templates exist, what they are called and say by default, without opening the
database.

Kept apart from ``services/messages.py`` (which renders templates with the teacher's edits and so
imports the store): the CLI lists the templates in ``message --help`` on every start.
"""

from __future__ import annotations

from classgroup_desktop.io import resources


def template_names() -> dict[str, str]:
    """Template key -> its Chinese name (改名提醒 …), in ``resources/templates.json`` order."""
    return resources.template_descriptions()


def default_templates() -> dict[str, str]:
    """Template key -> its default text (before the teacher's edits), a fresh copy."""
    return resources.default_templates()


def template_placeholders() -> dict[str, str]:
    """Placeholder name -> what it stands for (shown next to the template editor)."""
    return resources.template_placeholders()
