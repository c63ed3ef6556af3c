"""Text plumbing for nickname matching: cosmetic normalisation, simplified Chinese, pinyin keys.

Cosmetic differences are the ones the naming rule does not care about: spaces (also U+3000),
separators and punctuation, brackets of any width, emoji and decorative symbols, variation
selectors and joiners, letter case. ``cosmetic_key`` removes exactly those, so two nicknames with
the same key are the same nickname for the rule. Anything else (的, traditional characters,
pinyin, extra words) survives and is judged by the matcher.

OpenCC and pypinyin are pure libraries; they are loaded once, on first use.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import product
from typing import Any

# Unicode categories that never carry meaning in a nickname: punctuation (P*), symbols
# (S*: emoji, ♥, ☆, |, ~, ¥), separators (Z*), control/format/private/unassigned (C*: ZWJ,
# variation selectors are Mn/Cf), combining marks (Mn/Me: emoji presentation selectors).
_DROP_PREFIXES = ("P", "S", "Z", "C")
_DROP_CATEGORIES = {"Mn", "Me"}

_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_LATIN_RE = re.compile(r"[a-z]")


@lru_cache(maxsize=4096)
def cosmetic_key(text: str) -> str:
    """``text`` without cosmetic differences: NFKC, only letters and digits kept, case-folded.

    Full-width forms become ASCII (NFKC), so ``Ｅｍｉｌｙ`` and ``emily`` share a key.
    """
    normalized = unicodedata.normalize("NFKC", text)
    kept = []
    for ch in normalized:
        cat = unicodedata.category(ch)
        if cat[0] in _DROP_PREFIXES or cat in _DROP_CATEGORIES:
            continue
        kept.append(ch)
    # casefold can expand (ß -> ss); NFKC again keeps the key stable under re-normalisation.
    return unicodedata.normalize("NFKC", "".join(kept).casefold())


def cosmetic_sources(text: str) -> tuple[int, ...] | None:
    """For each character of ``cosmetic_key(text)``, the index of the character of ``text`` it
    comes from — so messages can quote the nickname as written (“A”, not the key's “a”).

    None when the key cannot be traced character by character (NFKC composed characters
    across the original ones); callers then quote the key.
    """
    sources: list[int] = []
    for i, ch in enumerate(text):
        sources.extend([i] * len(cosmetic_key(ch)))
    if len(sources) != len(cosmetic_key(text)):
        return None
    if "".join(cosmetic_key(ch) for ch in text) != cosmetic_key(text):
        return None
    return tuple(sources)


_converter = None


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (OpenCC t2s); other text unchanged."""
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    return _converter.convert(text) if text else text


def is_han(ch: str) -> bool:
    return bool(_HAN_RE.match(ch))


def is_latin(ch: str) -> bool:
    return bool(_LATIN_RE.match(ch))


# Surnames read differently from their everyday reading, and common compound surnames.
# pypinyin reads characters by their common reading (单 dan, 曾 ceng); families write their
# child's name the way it is pronounced.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "曾": ("zeng",), "单": ("shan",), "解": ("xie",), "仇": ("qiu",), "朴": ("piao",),
    "区": ("ou",), "查": ("zha",), "盖": ("ge",), "乐": ("yue", "le"), "覃": ("qin", "tan"),
    "缪": ("miao",), "翟": ("zhai",), "召": ("shao",), "员": ("yun",), "种": ("chong",),
    "繁": ("po",), "燕": ("yan",), "任": ("ren",), "沈": ("shen",), "葛": ("ge",),
    "纪": ("ji",), "柏": ("bai",), "相": ("xiang",), "宁": ("ning",), "长": ("zhang",),
    "秘": ("bi",), "尉": ("yu", "wei"), "隗": ("wei",), "冼": ("xian",), "薄": ("bo",),
    "万俟": ("moqi",), "尉迟": ("yuchi",), "长孙": ("zhangsun",), "单于": ("chanyu",),
}
COMPOUND_SURNAMES = frozenset({
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
    "司徒", "夏侯", "轩辕", "令狐", "钟离", "端木", "南宫", "万俟", "独孤", "百里", "西门",
    "澹台", "公冶", "宗政", "濮阳", "太叔", "申屠", "闻人", "东郭", "呼延", "单于", "司空",
})


def split_surname(name: str) -> tuple[str, str]:
    """(surname, given name) of a Chinese name; compound surnames recognised."""
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def _each_char(chars: str) -> Any:
    # pypinyin's ``errors`` hook: characters it has no reading for stay, one item each, so the
    # readings stay aligned with the characters (its type hint says str; a list is accepted).
    return list(chars)


@lru_cache(maxsize=8192)
def char_readings(text: str) -> tuple[str, ...]:
    """One toneless pinyin syllable per character of ``text`` (non-Han characters kept as is)."""
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(text, errors=_each_char))


def batch_char_readings(names: list[str]) -> dict[str, tuple[str, ...]]:
    """``char_readings`` of many all-Han names in one pypinyin call (its per-call overhead
    dominates for short names); phrase segmentation stops at the separators."""
    from pypinyin import lazy_pinyin

    han = [n for n in dict.fromkeys(names) if n and all(is_han(c) for c in n)]
    if not han:
        return {}
    flat = lazy_pinyin("|".join(han), errors=_each_char)
    out: dict[str, tuple[str, ...]] = {}
    i = 0
    for name in han:
        out[name] = tuple(flat[i:i + len(name)])
        i += len(name) + 1  # the "|" separator is one item
    return out


@lru_cache(maxsize=1024)
def _surname_heteronyms(ch: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    readings = pinyin(ch, style=Style.NORMAL, heteronym=True)
    return tuple(readings[0]) if readings else ()


@lru_cache(maxsize=4096)
def name_readings(name: str, whole: tuple[str, ...] | None = None) -> frozenset[tuple[str, ...]]:
    """Ways to read a Chinese name aloud, one toneless syllable per character.

    The surname may take several readings (its everyday one, its surname reading and pypinyin's
    heteronyms: 曾 zeng/ceng, 单 shan/dan); the given name takes its everyday (phrase-aware)
    reading. ``whole`` is the name's ``char_readings`` when already known.
    """
    if not name or not all(is_han(c) for c in name):
        return frozenset()
    surname, _ = split_surname(name)
    if whole is None or len(whole) != len(name):
        whole = char_readings(name)
    given = whole[len(surname):]
    options: set[tuple[str, ...]] = {whole[: len(surname)]}
    if len(surname) == 1:
        options.update((h,) for h in _surname_heteronyms(surname))
        options.update((r,) for r in SURNAME_READINGS.get(surname, ()))
    else:
        per_char = [SURNAME_READINGS.get(c, ()) + (char_readings(c)[0],) for c in surname]
        options.update(product(*per_char))
    return frozenset(o + given for o in options)


@lru_cache(maxsize=4096)
def name_pinyin_keys(name: str, whole: tuple[str, ...] | None = None) -> frozenset[str]:
    """Toneless pinyin spellings of a Chinese name, e.g. 曾小明 → {zengxiaoming, cengxiaoming}."""
    return frozenset("".join(r) for r in name_readings(name, whole))
