"""Message templates with ``{placeholder}`` fields, rendered in the teacher's voice. Pure.

Templates are data (``resources/templates.json``, each overridable in settings); this module only
fills them in. An unknown or missing placeholder is left visible as ``{name}`` rather than raising,
so a teacher's typo in an edited template shows up in the message instead of crashing the copy.

Placeholders speak Chinese (``{群昵称}``, ``{班主任}`` …) because the head teacher edits them;
the English names (``{nickname}``, ``{teacher}`` …) of earlier versions stay accepted so texts
saved in settings before keep working. Callers pass values under either name.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from typing import Any

from classgroup_desktop.core.errors import NotFoundError

DEFAULT_SIGNATURE = "班主任"

#: English placeholder name (code and older saved templates) -> the Chinese name teachers type.
CHINESE_NAMES: dict[str, str] = {
    "nickname": "群昵称",
    "suggestion": "建议昵称",
    "lines": "成员列表",
    "teacher": "班主任",
    "class_name": "班级",
    "rule_code": "规则编号",
    "rule_title": "规则名称",
    "rule_text": "规则原文",
    "detail": "补充说明",
}
_ENGLISH_NAMES = {zh: en for en, zh in CHINESE_NAMES.items()}


class _KeepMissing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def placeholders(text: str) -> list[str]:
    """The placeholder names used in ``text``, in order, without repeats."""
    names = [f for _, f, _, _ in string.Formatter().parse(text) if f]
    return list(dict.fromkeys(names))


def canonical_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` with Chinese placeholder names turned into their English ones (code's names);
    an English key wins over its Chinese twin when both are given."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        english = _ENGLISH_NAMES.get(key)
        if english is None:
            out[key] = value
        else:
            out.setdefault(english, value)
    return out


def _both_names(values: Mapping[str, Any]) -> dict[str, Any]:
    # Each known value under its English and its Chinese name, so old and new texts both fill.
    out = canonical_values(values)
    for english, chinese in CHINESE_NAMES.items():
        if english in out:
            out.setdefault(chinese, out[english])
    return out


def render(text: str, **values: Any) -> str:
    """``text`` with each ``{name}`` replaced by ``values[name]`` (missing ones left as is).

    ``name`` may be the Chinese or the English placeholder name (see ``CHINESE_NAMES``),
    whichever of the two the value was given under.
    """
    clean = {k: "" if v is None else v for k, v in _both_names(values).items()}
    # Chinese input methods type full-width braces; accept them around known names only so
    # that anything else the teacher wrote stays exactly as written.
    for key in clean:
        text = text.replace("\uff5b" + key + "\uff5d", "{" + key + "}")
    try:
        return text.format_map(_KeepMissing(clean))
    except (ValueError, IndexError, AttributeError, KeyError):
        # A stray brace or {0}/{a.b} in an edited template: substitute plainly instead.
        out = text
        for key, value in clean.items():
            out = out.replace("{" + key + "}", str(value))
        return out


def render_template(key: str, templates: Mapping[str, str], **values: Any) -> str:
    """Render the template called ``key`` from ``templates``; NotFoundError if there is none."""
    try:
        text = templates[key]
    except KeyError:
        raise NotFoundError(
            f"没有名为“{key}”的消息模板。可用的模板：{'、'.join(templates)}。"
        ) from None
    values = canonical_values(values)
    if not values.get("teacher"):
        values["teacher"] = DEFAULT_SIGNATURE
    return render(text, **values)


def _field(verdict: Any, name: str) -> Any:
    if isinstance(verdict, Mapping):
        return verdict.get(name)
    return getattr(verdict, name, None)


def rename_reminder_message(
    verdicts: Iterable[Any], templates: Mapping[str, str], *, teacher: str | None = None
) -> str:
    """A ready-to-paste rename reminder for every verdict that needs a rename and has a suggestion.

    Accepts ``Verdict`` objects or their dicts. One member → the single-member template;
    several → one @-line per member inside the multi-member template; none → "".
    """
    todo = [
        (str(_field(v, "nickname")), str(_field(v, "suggestion")))
        for v in verdicts
        if _field(v, "status") == "rename" and _field(v, "suggestion")
    ]
    if not todo:
        return ""
    if len(todo) == 1:
        nickname, suggestion = todo[0]
        return render_template(
            "rename_reminder", templates, nickname=nickname, suggestion=suggestion, teacher=teacher
        )
    lines = "\n".join(
        render_template(
            "rename_reminder_line", templates, nickname=n, suggestion=s, teacher=teacher
        )
        for n, s in todo
    )
    return render_template("rename_reminder_multi", templates, lines=lines, teacher=teacher)
