"""The chat rule book: words and patterns per rule (``resources/chat_rules.json``), matched. Pure.

How a message is matched (``RuleBook.match``):
1. The text is normalised as the nickname check does, keeping for each character where it came
   from: NFKC (full-width → half-width), case-folded, traditional → simplified (OpenCC), and —
   for words and ``patterns`` — spaces, punctuation and symbols dropped, so 加 微 信, 加.微.信
   and 加ＶＸ all read 加微信 / 加vx. ``raw_patterns`` (phone numbers, shop links) see the text
   with its punctuation.
2. All words of all rules are found in one pass by a compiled alternation (longest word first at
   each position); patterns are compiled once.
3. A hit is dropped when a negator stands before it in the same clause (请勿发广告), when the
   class allows a word covering it (设置 → 允许的词), or when its trigger needs a companion word
   (``with``: 课程 only with 报名/优惠/价格…) that the message lacks.
Each flag keeps the list word or pattern text it matched and the span in the original text, so
every flag is traced to its words. No model, no scores.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.core.text import to_simplified

_CLAUSE_END = re.compile(r"[，,。！？!?\n；;：:]")
# Words that undo a negator (不要忘记 … is a request, not a prohibition).
_UNDO = ("忘", "记得", "错过")
SENDER_CLASSES = ("any", "parent", "teacher")


@dataclass(frozen=True, slots=True)
class Normalised:
    """``text`` folded (NFKC, case-folded, simplified) and squeezed (only letters and digits),
    each with the index in the original text of every character."""

    original: str
    folded: str
    folded_src: tuple[int, ...]
    squeezed: str
    squeezed_src: tuple[int, ...]


def _fold_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).casefold()


# Letters and digits (what ``cosmetic_key`` keeps): runs of them survive squeezing; spaces,
# punctuation, symbols, emoji, joiners and marks between them are dropped.
_KEEP_RUN = re.compile(r"[^\W_]+")


def normalise(text: str) -> Normalised:
    """The two matching forms of ``text`` with their source indices (see the module docstring)."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        folded = text.casefold()
        same = len(folded) == len(text)
    else:
        same = False
    if same:
        folded_src: tuple[int, ...] = tuple(range(len(text)))
    else:
        parts = [_fold_char(ch) for ch in text]
        folded_src = tuple(i for i, p in enumerate(parts) for _ in p)
        folded = "".join(parts)
    simplified = to_simplified(folded) if not folded.isascii() else folded
    if len(simplified) != len(folded):  # a phrase conversion changed the length: go char by char
        simplified = "".join(to_simplified(c) if len(to_simplified(c)) == 1 else c for c in folded)
    kept: list[str] = []
    kept_src: list[int] = []
    for m in _KEEP_RUN.finditer(simplified):
        kept.append(m.group())
        kept_src.extend(folded_src[m.start() : m.end()])
    return Normalised(text, simplified, folded_src, "".join(kept), tuple(kept_src))


def squeeze(word: str) -> str:
    """A list word in the form it is matched in (``normalise(word).squeezed``)."""
    return normalise(word).squeezed


@dataclass(frozen=True, slots=True)
class Trigger:
    words: tuple[str, ...] = ()  # squeezed
    patterns: tuple[re.Pattern[str], ...] = ()  # on the squeezed text
    raw_patterns: tuple[re.Pattern[str], ...] = ()  # on the folded text
    with_words: tuple[str, ...] = ()  # squeezed; at least one must be in the message


@dataclass(frozen=True, slots=True)
class ChatRule:
    """One rule of the book: its id, the notice's rule code, who it applies to, why."""

    id: str
    rule: str
    senders: str  # "any" | "parent" | "teacher"
    reason: str
    triggers: tuple[Trigger, ...]


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule matched in a message: the list words / pattern texts, and their original spans."""

    rule_id: str
    rule: str
    reason: str
    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class RuleBook:
    """The compiled rule book. Build with :func:`load_rule_book`."""

    rules: tuple[ChatRule, ...]
    negators: tuple[str, ...]
    allowed: tuple[str, ...] = ()  # squeezed words the class allows
    sections: Mapping[str, Any] = field(default_factory=dict)  # teacher_answer, fraud, …
    _words: re.Pattern[str] | None = field(default=None, repr=False)
    _word_owners: Mapping[str, tuple[tuple[int, int], ...]] = field(
        default_factory=dict, repr=False
    )
    _allowed_re: re.Pattern[str] | None = field(default=None, repr=False)

    def rule(self, rule_id: str) -> ChatRule:
        return next(r for r in self.rules if r.id == rule_id)

    def match(self, text: str, sender_class: str = "parent") -> list[Hit]:
        """The rules ``text`` triggers for a sender of ``sender_class`` ("parent"/"teacher"),
        in rule-book order; one hit per rule with every word that triggered it."""
        n = normalise(text)
        return self.match_normalised(n, sender_class)

    def match_normalised(self, n: Normalised, sender_class: str) -> list[Hit]:
        applies = [r.senders in ("any", sender_class) for r in self.rules]
        if not any(applies):
            return []
        found: dict[int, list[tuple[str, int, int]]] = {}  # rule index -> (word, start, end)
        allowed = self._allowed_spans(n.squeezed)
        sq = n.squeezed
        if self._words is not None and sq:
            for m in self._words.finditer(sq):
                word = m.group(1)
                start, end = m.start(1), m.start(1) + len(word)
                if _covered(allowed, start, end):
                    continue
                for ri, ti in self._word_owners.get(word, ()):
                    if not applies[ri]:
                        continue
                    trigger = self.rules[ri].triggers[ti]
                    if trigger.with_words and not any(w in sq for w in trigger.with_words):
                        continue
                    o_start, o_end = n.squeezed_src[start], n.squeezed_src[end - 1] + 1
                    if self._negated(n.original, o_start):
                        continue
                    found.setdefault(ri, []).append((word, o_start, o_end))
        for ri, rule in enumerate(self.rules):
            if not applies[ri]:
                continue
            for trigger in rule.triggers:
                if trigger.with_words and not any(w in sq for w in trigger.with_words):
                    continue
                for pattern in trigger.patterns:
                    for m in pattern.finditer(sq):
                        if m.end() <= m.start() or _covered(allowed, m.start(), m.end()):
                            continue
                        o_start = n.squeezed_src[m.start()]
                        o_end = n.squeezed_src[m.end() - 1] + 1
                        if not self._negated(n.original, o_start):
                            found.setdefault(ri, []).append((m.group(), o_start, o_end))
                for pattern in trigger.raw_patterns:
                    for m in pattern.finditer(n.folded):
                        if m.end() <= m.start():
                            continue
                        o_start = n.folded_src[m.start()]
                        o_end = n.folded_src[m.end() - 1] + 1
                        if not self._negated(n.original, o_start):
                            found.setdefault(ri, []).append((m.group(), o_start, o_end))
        hits = []
        for ri in sorted(found):
            rule = self.rules[ri]
            items = sorted(found[ri], key=lambda x: x[1])
            hits.append(
                Hit(
                    rule.id,
                    rule.rule,
                    rule.reason,
                    tuple(dict.fromkeys(w for w, _, _ in items)),
                    tuple(dict.fromkeys((s, e) for _, s, e in items)),
                )
            )
        return hits

    def _allowed_spans(self, squeezed: str) -> list[tuple[int, int]]:
        if self._allowed_re is None or not squeezed:
            return []
        found = self._allowed_re.finditer(squeezed)
        return [(m.start(1), m.start(1) + len(m.group(1))) for m in found]

    def _negated(self, original: str, pos: int) -> bool:
        before = _CLAUSE_END.split(original[max(0, pos - 8) : pos])[-1]
        for neg in self.negators:
            i = before.rfind(neg)
            if i >= 0:
                return not any(u in before[i + len(neg) :] for u in _UNDO)
        return False


def _covered(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _alternation(words: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    if not ordered:
        return None
    # A lookahead finds every start position (overlapping hits of different rules are kept).
    return re.compile("(?=(" + "|".join(re.escape(w) for w in ordered) + "))")


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise BadInputError(f"群聊巡查词表中{where}的模式“{pattern}”写得不对：{exc}。") from None


def _str_list(value: Any) -> list[str]:
    if isinstance(value, str):
        value = re.split(r"[,，、\n]", value)
    if not isinstance(value, (list, tuple)):
        return []
    return [str(v).strip() for v in value if str(v).strip()]


def load_rule_book(
    data: Mapping[str, Any],
    *,
    extra_words: Mapping[str, Iterable[str]] | None = None,
    allowed: Iterable[str] = (),
) -> RuleBook:
    """The rule book from its JSON shape (``resources/chat_rules.json``), plus the teacher's
    ``extra_words`` (rule id or rule code → words added in 设置) and the class's ``allowed``
    words (never flagged for this class). BadInputError names a broken rule or pattern."""
    rules: list[ChatRule] = []
    extra = {k: _str_list(v) for k, v in (extra_words or {}).items()}
    for i, raw in enumerate(data.get("rules") or [], start=1):
        if not isinstance(raw, Mapping) or not raw.get("rule"):
            raise BadInputError(f"群聊巡查词表第 {i} 条规则缺少规则编号（rule）。")
        rid = str(raw.get("id") or f"rule-{i}")
        senders = str(raw.get("senders") or "any")
        if senders not in SENDER_CLASSES:
            raise BadInputError(f"群聊巡查词表规则“{rid}”的 senders 应为 any、parent 或 teacher。")
        triggers = []
        for t in raw.get("triggers") or []:
            triggers.append(
                Trigger(
                    words=tuple(squeeze(w) for w in _str_list(t.get("words"))),
                    patterns=tuple(_compile(p, rid) for p in _str_list(t.get("patterns"))),
                    raw_patterns=tuple(_compile(p, rid) for p in _str_list(t.get("raw_patterns"))),
                    with_words=tuple(squeeze(w) for w in _str_list(t.get("with"))),
                )
            )
        added = extra.get(rid, []) + extra.get(str(raw["rule"]), [])
        if added:
            triggers.append(Trigger(words=tuple(squeeze(w) for w in added)))
        rules.append(
            ChatRule(rid, str(raw["rule"]), senders, str(raw.get("reason") or ""), tuple(triggers))
        )
    owners: dict[str, list[tuple[int, int]]] = {}
    for ri, rule in enumerate(rules):
        for ti, trigger in enumerate(rule.triggers):
            for w in trigger.words:
                if w and (ri, ti) not in owners.setdefault(w, []):
                    owners[w].append((ri, ti))
    allowed_sq = tuple(dict.fromkeys(w for w in (squeeze(a) for a in allowed) if w))
    sections = {k: v for k, v in data.items() if k not in ("rules", "negators", "about")}
    return RuleBook(
        rules=tuple(rules),
        negators=tuple(_str_list(data.get("negators"))),
        allowed=allowed_sq,
        sections=sections,
        _words=_alternation(owners),
        _word_owners={w: tuple(v) for w, v in owners.items()},
        _allowed_re=_alternation(allowed_sq),
    )
