"""Masking phone numbers: the one way every printed or exported number is hidden. Pure.

Minors' families' numbers never leave the app in full (the roster listing, the member check
output, the monthly report in PDF, Excel and JSON). Everything that prints a number masks it
here, so a landline cannot slip through one output while another hides it:

- a mobile number keeps its first 3 and last 4 digits: ``13800138001`` → ``138****8001``;
- a landline keeps its area code and its last 2 digits: ``021-12345666`` → ``021-******66``,
  ``075512345601`` → ``0755******01`` (010 and 02x are 3-digit area codes, the rest 4-digit);
- any other number keeps its last 2 characters; a short one (6 or fewer) is hidden entirely.

``mask_phone`` masks a value that *is* a phone number (a roster's phone column);
``mask_phones_in`` masks the numbers found inside free text (a nickname such as
``王子涵妈妈13912345678``, a log entry's description), leaving other numbers (a 学号) alone.
"""

from __future__ import annotations

import re

# A mobile number inside text: 11 digits starting 13–19, spaces or dashes allowed between the
# 3-4-4 groups, not part of a longer number.
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)")
# A landline inside text needs its area code and a separator (021-12345678, 0571 88886666,
# (021)12345678): 8 digits alone are as likely a 学号 as a phone.
_LANDLINE_IN_TEXT = re.compile(r"(?<!\d)(?:0\d{2,3}[\s-]|[(（]0\d{2,3}[)）]\s?)\d{7,8}(?!\d)")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"([(（]?0\d{2,3}[)）]?[\s-]?)(\d{7,8})")


def mask_phone(phone: str | None) -> str:
    """A phone number as it may be printed: ``138****8001``, ``021-******66``; "" for none."""
    if not phone:
        return ""
    text = phone.strip()
    digits = re.sub(r"\D", "", text)
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if _MOBILE.fullmatch(digits):
        return f"{digits[:3]}****{digits[-4:]}"
    landline = _LANDLINE.fullmatch(text)
    if landline and re.search(r"[\s\-()（）]", landline.group(1)):
        area, number = landline.groups()
        return f"{area}{'*' * (len(number) - 2)}{number[-2:]}"
    if re.fullmatch(r"0\d{9,11}", text):
        area = text[:3] if text[1] in "12" else text[:4]
        return f"{area}{'*' * (len(text) - len(area) - 2)}{text[-2:]}"
    if len(text) <= 6:
        return "*" * len(text)
    return "*" * (len(text) - 2) + text[-2:]


def mask_phones_in(text: str | None) -> str:
    """``text`` with every mobile and landline number in it masked as :func:`mask_phone` does;
    other digits (a 学号, a date) are kept."""
    if not text:
        return ""
    text = _MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group()), text)
    return _LANDLINE_IN_TEXT.sub(lambda m: mask_phone(m.group()), text)
