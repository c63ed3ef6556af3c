"""Message templates with ``{placeholder}`` fields, rendered in the teacher's voice. Pure.

Templates are data (``resources/templates.json``, each overridable in settings); this module only
fills them in. An unknown or missing placeholder is left visible as ``{name}`` rather than raising,
so a teacher's typo in an edited template shows up in the message instead of crashing the copy.

Placeholders speak Chinese (``{群昵称}``, ``{班主任}`` …) because the head teacher edits them;
the English names (``{nickname}``, ``{teacher}`` …) of earlier versions stay accepted so texts
saved in settings before keep working. Callers pass values under either name.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
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


def _identity(verdict: Any) -> Mapping[str, Any]:
    ident = _field(verdict, "identity")
    if ident is None:
        return {}
    return ident if isinstance(ident, Mapping) else ident.to_dict()


@dataclass(frozen=True)
class TeacherReminder:
    """A private message to one teacher who must rename (never posted in the group)."""

    teacher: str
    nickname: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"teacher": self.teacher, "nickname": self.nickname, "text": self.text}


@dataclass(frozen=True)
class RenameReminders:
    """What 复制改名提醒 hands the teacher: the message for the group (parents only) and one
    private message per teacher who must rename."""

    group: str
    teachers: tuple[TeacherReminder, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group, "teachers": [t.to_dict() for t in self.teachers]}

    @property
    def text(self) -> str:
        """Both parts for reading (the CLI): the group message, then the private ones under a
        heading that says they are not for the group."""
        parts = [self.group] if self.group else []
        if self.teachers:
            parts.append(PRIVATE_HEADING + "\n" + "\n\n".join(t.text for t in self.teachers))
        return "\n\n".join(parts)


PRIVATE_HEADING = "【私聊发给老师，不要发到群里】"
# What an ambiguous guardian (two 陈红 in the roster) is asked to write.
GENERIC_PARENT_NICKNAME = "学生姓名+称谓"


def _number_matches(written: str, student_no: str) -> bool:
    # As the check reads a 学号 (nickname_reader._no_matches): 05 is 5, 2023005 ends in 05.
    if written.lstrip("0") == student_no.lstrip("0") != "":
        return True
    return len(written) >= 2 and student_no.endswith(written)


def _example_with_number(suggestion: str) -> str:
    """张伟05妈妈 from “张伟5妈妈 或 张伟18妈妈”: the first option with a 学号 that is none of the
    candidates', so a parent who copies the example is not read as another child's."""
    options = suggestion.split(" 或 ")
    numbers = [m.group() for o in options for m in [re.search(r"\d+", o)] if m]
    first = re.search(r"\d+", options[0])
    if first is None:
        return options[0]
    width = max(2, len(first.group()))
    for n in [*range(5, 100), *range(1, 5)]:
        candidate = str(n).zfill(width)
        if not any(_number_matches(candidate, no) for no in numbers):
            return options[0][:first.start()] + candidate + options[0][first.end():]
    return options[0]


def _parent_line(verdict: Any, templates: Mapping[str, str], teacher: str | None) -> str:
    nickname = str(_field(verdict, "nickname"))
    suggestion = str(_field(verdict, "suggestion"))
    flags = set(_field(verdict, "flags") or ())
    if "ambiguous" in flags and "guardian" in flags:
        suggestion = GENERIC_PARENT_NICKNAME
    elif "ambiguous" in flags and re.search(r"\d", suggestion):
        # Same-name students: one example, not every candidate's 学号 (that would expose them
        # and ask the parent to pick one).
        return render_template("rename_reminder_number_line", templates, nickname=nickname,
                               suggestion=_example_with_number(suggestion), teacher=teacher)
    return render_template("rename_reminder_line", templates, nickname=nickname,
                           suggestion=suggestion, teacher=teacher)


def rename_reminders(
    verdicts: Iterable[Any], templates: Mapping[str, str], *, teacher: str | None = None
) -> RenameReminders:
    """The rename reminders for every verdict that needs a rename and has a suggestion.

    Accepts ``Verdict`` objects or their dicts. Parents go into the group message (one member →
    the single-member template; several, or a same-name 学号 request → one line per member
    inside the multi-member template); one line per member even when it is selected twice.
    Teachers never appear there: each gets a private message.
    """
    parents: dict[str, Any] = {}
    teachers: dict[str, TeacherReminder] = {}
    for v in verdicts:
        if _field(v, "status") != "rename" or not _field(v, "suggestion"):
            continue
        nickname = str(_field(v, "nickname"))
        ident = _identity(v)
        if ident.get("kind") == "teacher":
            name = str(ident.get("teacher") or _field(v, "suggestion"))
            if name in teachers or (teacher and name == teacher):
                continue  # the head teacher does not remind themself
            text = render_template("rename_reminder_teacher", templates, nickname=nickname,
                                   suggestion=str(_field(v, "suggestion")), teacher=teacher)
            teachers[name] = TeacherReminder(name, nickname, text)
            continue
        parents.setdefault(nickname.strip(), v)
    todo = list(parents.values())
    if not todo:
        group = ""
    elif len(todo) == 1 and "ambiguous" not in (_field(todo[0], "flags") or ()):
        group = render_template("rename_reminder", templates,
                                nickname=str(_field(todo[0], "nickname")),
                                suggestion=str(_field(todo[0], "suggestion")), teacher=teacher)
    else:
        lines = "\n".join(_parent_line(v, templates, teacher) for v in todo)
        group = render_template("rename_reminder_multi", templates, lines=lines, teacher=teacher)
    return RenameReminders(group, tuple(teachers.values()))


def rename_reminder_message(
    verdicts: Iterable[Any], templates: Mapping[str, str], *, teacher: str | None = None
) -> str:
    """The group part of ``rename_reminders``: parents only; "" when no parent needs a rename."""
    return rename_reminders(verdicts, templates, teacher=teacher).group
