"""The app's bundled data files in ``resources/``: rule catalogue, message templates, ladder policy.

``classgroup_desktop.bundled`` finds the folder (source tree, editable install or wheel). Each
loader is cached: the files never change while the app runs.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from classgroup_desktop.bundled import RESOURCES_DIR
from classgroup_desktop.core.errors import BadInputError, os_error_text
from classgroup_desktop.core.rules import RuleCatalogue, load_rules


def resource_path(name: str) -> Path:
    """The path of a bundled resource file (it may not exist: callers read it)."""
    return RESOURCES_DIR / name


def read_resource_text(name: str) -> str:
    path = resource_path(name)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BadInputError(
            f"找不到程序自带的数据文件“{path}”（{os_error_text(exc)}）。请重新安装本软件。"
        ) from None


def _read_json(name: str) -> Any:
    try:
        return json.loads(read_resource_text(name))
    except json.JSONDecodeError as exc:
        raise BadInputError(
            f"程序自带的数据文件“{name}”已损坏：第 {exc.lineno} 行 {exc.msg}。"
        ) from None


@cache
def rule_catalogue() -> RuleCatalogue:
    """Every rule of the notice (``resources/rules.json``)."""
    return load_rules(read_resource_text("rules.json"))


@cache
def _templates_doc() -> Any:
    return _read_json("templates.json")


def default_templates() -> dict[str, str]:
    """The default message templates (``resources/templates.json``), key -> text (a fresh copy)."""
    return {k: v["text"] for k, v in _templates_doc()["templates"].items()}


def template_descriptions() -> dict[str, str]:
    """Template key -> the Chinese name shown in settings."""
    return {k: v.get("name", k) for k, v in _templates_doc()["templates"].items()}


def template_placeholders() -> dict[str, str]:
    """Placeholder name -> what it stands for (shown next to the template editor)."""
    return dict(_templates_doc().get("placeholders", {}))


def default_ladder() -> dict[str, Any]:
    """The default escalation ladder policy (``resources/ladder.json``), a fresh copy."""
    return _read_json("ladder.json")


@cache
def _chat_rules_doc() -> Any:
    return _read_json("chat_rules.json")


def chat_rules() -> dict[str, Any]:
    """The 群聊巡查 word lists and patterns per rule (``resources/chat_rules.json``), a copy."""
    return json.loads(json.dumps(_chat_rules_doc()))
