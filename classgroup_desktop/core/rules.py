"""The rule catalogue: every rule of the bureau's notice, by its stable code (入群-2, 教师-4 …).

The catalogue is data (``resources/rules.json``); this module only parses and looks it up, so it
does no file access: ``io.resources`` reads the file and hands the text to :func:`load_rules`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from classgroup_desktop.core.errors import BadInputError, NotFoundError


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of the notice: its ``code`` (入群-2), section, a short title and the full text."""

    code: str
    section: str
    title: str
    text: str

    @property
    def label(self) -> str:
        """Code and short title, as combo boxes and reports show it: 入群-2 群成员实名制命名."""
        return f"{self.code} {self.title}"

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "section": self.section, "title": self.title, "text": self.text}


class RuleCatalogue(Mapping[str, Rule]):
    """Rules in the notice's order, looked up by code (spaces and dash variants ignored)."""

    def __init__(self, rules: tuple[Rule, ...], source: str = "") -> None:
        self._rules = rules
        self._by_code = {_code_key(r.code): r for r in rules}
        self.source = source

    def __getitem__(self, code: str) -> Rule:
        return self._by_code[_code_key(code)]

    def __iter__(self) -> Iterator[str]:
        return (r.code for r in self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and _code_key(code) in self._by_code

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self._rules

    def get_rule(self, code: str) -> Rule:
        """The rule with ``code``; NotFoundError listing the valid codes otherwise."""
        try:
            return self[code]
        except KeyError:
            raise NotFoundError(
                f"没有编号为“{code}”的规则。可用的规则编号：{'、'.join(self)}。"
            ) from None


def _code_key(code: str) -> str:
    # Teachers type 入群2, 入群－2 or 入群 - 2; all mean the same rule.
    squeezed = "".join(code.split()).replace("－", "-").replace("—", "-").replace("–", "-")
    if "-" not in squeezed:
        head = squeezed.rstrip("0123456789")
        if head != squeezed:
            squeezed = f"{head}-{squeezed[len(head) :]}"
    return squeezed


def parse_rules(data: Mapping[str, Any]) -> RuleCatalogue:
    """A catalogue from the decoded JSON ``{"source", "rules": [{code, section, title, text}]}``."""
    items = data.get("rules")
    if not isinstance(items, list) or not items:
        raise BadInputError("规则目录为空或格式不对：缺少 rules 列表。")
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, item in enumerate(items, start=1):
        try:
            rule = Rule(
                code=str(item["code"]).strip(),
                section=str(item.get("section", "")).strip(),
                title=str(item["title"]).strip(),
                text=str(item["text"]).strip(),
            )
        except (KeyError, TypeError, AttributeError):
            raise BadInputError(f"规则目录第 {i} 条缺少 code、title 或 text。") from None
        if _code_key(rule.code) in seen:
            raise BadInputError(f"规则目录中规则编号“{rule.code}”重复。")
        seen.add(_code_key(rule.code))
        rules.append(rule)
    return RuleCatalogue(tuple(rules), str(data.get("source", "")))


def load_rules(text: str) -> RuleCatalogue:
    """A catalogue from the JSON text of ``resources/rules.json``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInputError(f"规则目录不是有效的 JSON：第 {exc.lineno} 行 {exc.msg}。") from None
    if not isinstance(data, dict):
        raise BadInputError("规则目录格式不对：应为一个 JSON 对象。")
    return parse_rules(data)
