"""The one masking of phone numbers (roster listing, member check, report PDF/XLSX/JSON)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classgroup_desktop.core.phone import mask_phone, mask_phones_in


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13800138001", "138****8001"),
        ("138-0013-8001", "138****8001"),
        ("+86 138 0013 8001", "138****8001"),
        ("021-12345666", "021-******66"),
        ("0571-88886666", "0571-******66"),
        ("(021)1234567", "(021)*****67"),
        ("075512345601", "0755******01"),
        ("02112345666", "021******66"),
        ("88886666", "******66"),
        ("12345", "*****"),
        ("12", "**"),
        ("", ""),
        (None, ""),
    ],
    ids=[
        "mobile keeps 3 and 4",
        "dashed mobile",
        "mobile with country code",
        "landline keeps area code and last 2",
        "four-digit area code",
        "area code in brackets",
        "landline without separator: 4-digit area code",
        "landline without separator: 02x area code",
        "local number keeps last 2",
        "short value fully hidden",
        "tiny value fully hidden",
        "empty",
        "none",
    ],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("妈妈 13912345678", "妈妈 139****5678"),
        ("王子涵妈妈13912345678", "王子涵妈妈139****5678"),
        ("两个号码 13800138001、15900001111", "两个号码 138****8001、159****1111"),
        ("座机 021-12345666 已联系", "座机 021-******66 已联系"),
        ("学号 20260301", "学号 20260301"),
        ("2026-03-05 已提醒", "2026-03-05 已提醒"),
        ("", ""),
        (None, ""),
    ],
    ids=[
        "mobile in text",
        "mobile glued to a nickname",
        "two numbers",
        "landline in text",
        "student number kept",
        "date kept",
        "empty",
        "none",
    ],
)
def test_mask_phones_in_text(text, masked):
    assert mask_phones_in(text) == masked


@given(
    prefix=st.text(alphabet="张王妈爸 ，。abc", max_size=6),
    number=st.from_regex(r"1[3-9]\d{9}", fullmatch=True),
    suffix=st.text(alphabet="张王妈爸 ，。abc", max_size=6),
)
def test_no_mobile_number_survives_in_text(prefix, number, suffix):
    masked = mask_phones_in(prefix + number + suffix)
    assert number not in masked
    assert masked == prefix + f"{number[:3]}****{number[-4:]}" + suffix


@given(
    area=st.from_regex(r"0\d{2,3}", fullmatch=True),
    number=st.from_regex(r"[2-9]\d{6,7}", fullmatch=True),
)
def test_a_landline_field_shows_only_area_code_and_last_two(area, number):
    masked = mask_phone(f"{area}-{number}")
    assert masked == f"{area}-" + "*" * (len(number) - 2) + number[-2:]
    assert mask_phones_in(f"座机{area}-{number}。") == f"座机{masked}。"
