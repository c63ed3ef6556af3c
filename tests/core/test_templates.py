"""Message templates: Chinese placeholders are the primary form, the English ones of earlier
versions keep working, unknown placeholders stay visible, defaults leave no braces behind."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classgroup_desktop.core.errors import NotFoundError
from classgroup_desktop.core.templates import (
    CHINESE_NAMES,
    canonical_values,
    placeholders,
    rename_reminder_message,
    render,
    render_template,
)
from classgroup_desktop.io.resources import default_templates, template_placeholders

VALUES = {
    "nickname": "小明妈",
    "suggestion": "王小明妈妈",
    "lines": "@a 请改为“A妈妈”",
    "teacher": "李建国",
    "class_name": "三年级(2)班",
    "rule_code": "家长-3",
    "rule_title": "不发广告",
    "rule_text": "不得发布广告。",
    "detail": "多次提醒",
}


def _to_english(text: str) -> str:
    english = {zh: en for en, zh in CHINESE_NAMES.items()}
    return re.sub(r"\{(\w+)\}", lambda m: "{" + english.get(m.group(1), m.group(1)) + "}", text)


@pytest.mark.parametrize("key", list(default_templates()))
def test_default_uses_only_chinese_placeholders_and_renders_without_braces(key):
    text = default_templates()[key]
    assert placeholders(text) and set(placeholders(text)) <= set(CHINESE_NAMES.values())
    out = render_template(key, default_templates(), **VALUES)
    assert "{" not in out and "}" not in out


@pytest.mark.parametrize("key", list(default_templates()))
def test_chinese_and_english_placeholders_render_the_same(key):
    chinese = default_templates()[key]
    english = _to_english(chinese)
    assert english != chinese
    assert render(english, **VALUES) == render(chinese, **VALUES)


@pytest.mark.parametrize(
    "given_as",
    [
        pytest.param(VALUES, id="values-in-english"),
        pytest.param({CHINESE_NAMES[k]: v for k, v in VALUES.items()}, id="values-in-chinese"),
    ],
)
@pytest.mark.parametrize(
    "text",
    [
        pytest.param("@{群昵称} 请改为“{建议昵称}”——{班主任}", id="chinese-template"),
        pytest.param("@{nickname} 请改为“{suggestion}”——{teacher}", id="english-template"),
        pytest.param("@{群昵称} 请改为“{suggestion}”——{班主任}", id="mixed-template"),
        pytest.param("@｛群昵称｝ 请改为“｛建议昵称｝”——｛班主任｝", id="full-width-braces"),
    ],
)
def test_either_name_fills_either_placeholder(text, given_as):
    assert render(text, **given_as) == "@小明妈 请改为“王小明妈妈”——李建国"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("你好 {家长姓名}", "你好 {家长姓名}", id="unknown-chinese"),
        pytest.param("你好 {parent}", "你好 {parent}", id="unknown-english"),
        pytest.param("你好 ｛家长姓名｝", "你好 ｛家长姓名｝", id="unknown-full-width"),
        pytest.param("{群昵称} {", "小明妈 {", id="stray-brace"),
        pytest.param("{群昵称} {0}", "小明妈 {0}", id="positional-field"),
    ],
)
def test_unknown_placeholder_stays_as_written(text, expected):
    assert render(text, **VALUES) == expected


def test_signature_defaults_to_banzhuren_under_either_name():
    templates = {"t": "——{班主任}", "old": "——{teacher}"}
    assert render_template("t", templates) == "——班主任"
    assert render_template("old", templates, teacher="") == "——班主任"
    assert render_template("t", templates, 班主任="周老师") == "——周老师"
    with pytest.raises(NotFoundError):
        render_template("nope", templates)


def test_english_key_wins_over_its_chinese_twin():
    assert canonical_values({"群昵称": "甲", "nickname": "乙", "other": 1}) == {
        "nickname": "乙", "other": 1}


def test_rename_reminder_with_english_templates_saved_earlier():
    old = {k: _to_english(v) for k, v in default_templates().items()}
    verdicts = [{"nickname": "小明妈", "status": "rename", "suggestion": "王小明妈妈"}]
    assert rename_reminder_message(verdicts, old, teacher="李建国") == rename_reminder_message(
        verdicts, default_templates(), teacher="李建国")
    both = verdicts + [{"nickname": "b", "status": "rename", "suggestion": "B爸爸"}]
    multi = rename_reminder_message(both, old)
    assert multi == rename_reminder_message(both, default_templates())
    assert "@b 请改为“B爸爸”" in multi and "{" not in multi


def test_every_chinese_placeholder_is_explained_in_the_resources():
    assert set(template_placeholders()) == set(CHINESE_NAMES.values())
    assert all(template_placeholders().values())


@given(st.fixed_dictionaries({k: st.text(max_size=8) for k in CHINESE_NAMES}))
def test_property_chinese_and_english_forms_agree(values):
    chinese = "".join("{" + CHINESE_NAMES[k] + "}|" for k in sorted(CHINESE_NAMES))
    out = render(chinese, **values)
    assert out == render(_to_english(chinese), **values)
    assert out == "".join(values[k] + "|" for k in sorted(CHINESE_NAMES))
