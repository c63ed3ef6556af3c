"""The rule catalogue: every rule of the notice, verbatim, found by code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from classgroup_desktop.core.errors import BadInputError, NotFoundError
from classgroup_desktop.core.rules import load_rules, parse_rules
from classgroup_desktop.io.resources import RESOURCES_DIR, rule_catalogue

NOTICE = Path("/work/shared/notice.md")


def _notice_rules() -> dict[str, str]:
    if not NOTICE.exists():
        pytest.skip("notice.md not available on this machine")
    text = NOTICE.read_text(encoding="utf-8")
    return dict(re.findall(r"^- \[(\S+?)\] (.+)$", text, re.M))


def test_catalogue_has_every_rule_of_the_notice_verbatim():
    notice = _notice_rules()
    catalogue = rule_catalogue()
    assert list(catalogue) == list(notice)
    for code, text in notice.items():
        assert catalogue[code].text == text.strip()


def test_catalogue_has_nineteen_rules_in_five_sections_with_titles():
    catalogue = rule_catalogue()
    assert len(catalogue) == 19
    assert len({r.section for r in catalogue.rules}) == 5
    assert all(r.title and len(r.title) <= 16 for r in catalogue.rules)


@pytest.mark.parametrize("typed", ["入群-2", "入群2", "入群－2", " 入群 - 2 "], ids=repr)
def test_rule_found_however_the_dash_is_typed(typed):
    assert rule_catalogue().get_rule(typed).code == "入群-2"


def test_unknown_code_lists_the_valid_codes():
    with pytest.raises(NotFoundError) as info:
        rule_catalogue().get_rule("入群-9")
    assert "入群-9" in info.value.message and "教师-4" in info.value.message


def test_label_is_code_and_short_title():
    assert rule_catalogue()["教师-4"].label.startswith("教师-4 ")


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"rules": []}',
        '{"rules": [{"code": "a-1"}]}',
        json.dumps({"rules": [{"code": "a-1", "title": "t", "text": "x"}] * 2}),
    ],
    ids=["not-json", "a-list", "empty", "missing-fields", "duplicate-code"],
)
def test_broken_catalogue_is_bad_input(text):
    with pytest.raises(BadInputError):
        load_rules(text)


def test_resources_folder_is_next_to_the_package():
    assert (RESOURCES_DIR / "rules.json").is_file()
    data = json.loads((RESOURCES_DIR / "rules.json").read_text(encoding="utf-8"))
    assert len(parse_rules(data)) == 19
