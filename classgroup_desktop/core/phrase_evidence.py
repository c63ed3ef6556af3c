"""A student's name inside an everyday phrase is weak evidence of that student's family.

高山流水, 王者荣耀, 夏天的风 and 岁月安然 contain the names 高山, 王者, 夏天 and 安然, but they are
phrases people choose as nicknames, not a parent naming the child. The verdict stays what the
reading gave (rename, with its reason), but such a member does not count the family as reached,
and the reason asks the teacher to look.

A name counts as written inside a phrase when the nickname has no relation word at all (高山妈妈,
高山的爸爸 and 高山宝贝的妈妈 always count: a relation word says "a parent" whatever else is
written), it has other Han text, and either
1. a dictionary word runs across the name's edge or contains it (高山流水, 安然无恙, 黄金华丽 for
   金华): the reader of the nickname sees that word, not the name; or
2. the name is itself an everyday word (夏天, 高山, 安然 — not 张伟) and the other text is words
   too (岁月, 荣耀) or a 的 phrase (夏天的风). Class furniture (三年级, 二班) is not such text.

The dictionary is given by the caller as a lookup (word -> frequency, None when absent): jieba's
dictionary in the app (``io.word_dictionary``), a small table in tests. Without one, nothing is
doubted. Two-character words must be common to count across a name (山王 is in the dictionary
as a rare name); idioms and longer words count whatever their frequency.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from classgroup_desktop.core.name_index import Token
from classgroup_desktop.core.text import is_han

WordLookup = Callable[[str], "int | None"]

NAME_WORD_MIN = 20  # a name this frequent in the dictionary is also an everyday word
SHORT_WORD_MIN = 50  # a two-character word counts from this frequency on
LONGEST_WORD = 4  # idioms are four characters; longer dictionary entries add nothing here
# Class and school words around a name make no phrase with it (三年级高山, 高山二班).
_SCHOOL = re.compile(r"[一二三四五六七八九十\d]*(?:年级|班级|班)|小学|中学|初中|幼儿园|学校|学号")


def _common(word: str, words: WordLookup, minimum: int) -> bool:
    freq = words(word)
    return freq is not None and freq >= minimum


def phrase_word(text: str, start: int, end: int, leftovers: Sequence[tuple[int, int]],
                words: WordLookup) -> str | None:
    """The word or phrase that makes ``text[start:end]`` (a student's name) read as part of an
    everyday phrase, else None.

    ``leftovers`` are the spans of the nickname's other Han text (not relation, teacher or
    number words).
    """
    han = [is_han(c) for c in text]
    # 1. A word across the name's edge or around it.
    for i in range(max(0, start - LONGEST_WORD + 1), end):
        if not han[i]:
            continue
        for j in range(max(i + 2, start + 1), min(len(text), i + LONGEST_WORD) + 1):
            if not all(han[i:j]):
                break
            if i >= start and j <= end:
                continue  # the name itself or a part of it
            word = text[i:j]
            freq = words(word)
            if freq is not None and (len(word) >= 3 or freq >= SHORT_WORD_MIN):
                return word
    # 2. The name is an everyday word, and the rest reads as words too.
    if not _common(text[start:end], words, NAME_WORD_MIN):
        return None
    if text[end:end + 1] == "的" and any(a == end + 1 for a, _ in leftovers):
        stop = next(b for a, b in leftovers if a == end + 1)
        return text[start:stop]  # 夏天的风
    for a, b in leftovers:
        for piece in _SCHOOL.split(text[a:b]):
            for k in range(len(piece) - 1):
                for n in range(min(LONGEST_WORD, len(piece) - k), 1, -1):
                    word = piece[k:k + n]
                    if all(is_han(c) for c in word) and _common(word, words, SHORT_WORD_MIN):
                        return word
    return None


def doubtful_names(tokens: Sequence[Token], text: str, words: WordLookup) -> list[Token]:
    """The student-name tokens of a reading that may only be words of a phrase (see module)."""
    leftovers = [(t.start, t.end) for t in tokens
                 if t.kind == "extra" and any(is_han(c) for c in t.text)]
    if not leftovers or any(t.kind == "rel" for t in tokens):
        return []
    out = []
    for t in tokens:
        if (t.kind != "name" or t.via not in ("exact", "homophone")
                or not any(p.kind == "student" for p in t.persons)):
            continue
        if phrase_word(text, t.start, t.end, leftovers, words):
            out.append(t)
    return out
