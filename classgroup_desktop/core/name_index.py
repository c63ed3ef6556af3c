"""The roster as the nickname reader sees it, and the tokenizer that reads a nickname against it.

Built once per roster: roster names by their simplified, cosmetic key (longest match wins, so
李明轩 beats 李明), names in pinyin (曾 read zeng, 单 read shan), fuzzy pinyin for homophones
(模糊音 zh/z, ch/c, sh/s, -ng/-n), given names, name prefixes for truncated nicknames, and
the parts of teachers' names a title may come with (Smith老师, Ms Emily, zhou老师). A Han
surname followed by the given name in pinyin (王yan) is read as one name.
Each position of a nickname tries only the name lengths present in the roster, so reading a
nickname costs O(len × distinct name lengths), never a comparison with every roster name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product

from classgroup_desktop.core.policy import (
    HEAD_TEACHER_WORDS,
    NUMBER_WORDS,
    RELATION_VARIANTS,
    SUBJECTS,
    TEACHER_WORDS,
)
from classgroup_desktop.core.roster import ClassRoster, TeacherRole
from classgroup_desktop.core.text import (
    COMPOUND_SURNAMES,
    SURNAME_READINGS,
    batch_char_readings,
    char_readings,
    cosmetic_key,
    cosmetic_sources,
    is_han,
    is_latin,
    name_pinyin_keys,
    name_readings,
    split_surname,
    to_simplified,
)


@dataclass(frozen=True, eq=False)
class Person:
    kind: str  # "student" | "teacher"
    name: str  # roster spelling
    label: str  # what identities show: the name, or 张伟（05） for same-name students
    student_no: str | None = None
    subject: str | None = None
    head: bool = False


@dataclass(eq=False)  # hashed by identity: one index per roster, memoised
class NameIndex:
    people: list[Person]
    students: list[Person]
    teachers: list[Person]
    names: dict[str, list[Person]]  # t2s cosmetic key (non-Latin) -> people
    name_lengths: list[int]
    latin_names: dict[str, list[Person]]  # Latin names (Emily Smith) and pinyin keys
    latin_pinyin: set[str]  # which latin_names keys are pinyin spellings of Han names
    latin_lengths: list[int]
    fuzzy: dict[str, list[Person]]  # fuzzy pinyin of Han names (homophones)
    given: dict[str, list[Person]]  # given names (without surname), students only
    prefixes: dict[str, set[int]]  # proper prefixes of name keys -> ids in people
    latin_prefixes: dict[str, set[int]]
    # Parts of teachers' names in Latin letters: Emily / Smith of Emily Smith, and the surname of
    # a Han name in pinyin (zhou of 周文华). Read only next to a title (Ms Smith, Smith老师).
    teacher_parts: dict[str, list[Person]]
    # Guardians' own names from the roster (刘芳 for 张三's mother), by name key.
    guardians: dict[str, list[GuardianOf]] = field(default_factory=dict)
    # Compound surnames (上官) -> the students who bear them: 上官爸爸 names the only 上官.
    compound_surnames: dict[str, list[Person]] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class GuardianOf:
    """One guardian line of the roster: whose guardian, the relation (canonical when the word is
    known: 父亲 -> 爸爸), and the phone's digits (to tell one person from two of the same name)."""

    student: Person
    relation: str | None
    phone: str


def _fuzzy_syllable(s: str) -> str:
    # The confusions Chinese pinyin IMEs call 模糊音: zh/z, ch/c, sh/s, -ng/-n.
    for a, b in (("zh", "z"), ("ch", "c"), ("sh", "s")):
        if s.startswith(a):
            s = b + s[2:]
            break
    if s.endswith("ng") and len(s) > 2:
        s = s[:-1]
    return s


def _fuzzy_key(readings: Sequence[str]) -> str:
    return "|".join(_fuzzy_syllable(r) for r in readings)


_DOTS = re.compile(r"[·•・.．\u2027\u2219\u22c5]")


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """A roster name as the tokenizer matches it: cosmetic key, simplified characters."""
    return to_simplified(cosmetic_key(name))


# Words that are no part of a guardian's own name (a roster may put the relation in that column).
_NOT_IN_A_NAME = tuple(w for w in (*RELATION_VARIANTS, *TEACHER_WORDS, *HEAD_TEACHER_WORDS)
                       if len(w) >= 2 and not w.isascii())


def build_index(roster: ClassRoster) -> NameIndex:
    """The roster's index, memoised per roster (a re-check of the same class reuses it)."""
    try:
        return _cached_index(roster)
    except TypeError:  # a roster built with lists somewhere is not hashable: no memo
        return _build_index(roster)


@lru_cache(maxsize=16)
def _cached_index(roster: ClassRoster) -> NameIndex:
    return _build_index(roster)


def _build_index(roster: ClassRoster) -> NameIndex:
    students = [s for s in roster.students if s.active and s.name.strip()]
    by_name: dict[str, list] = defaultdict(list)
    for s in students:
        by_name[name_key(s.name)].append(s)
    people: list[Person] = []
    for s in students:
        same = by_name[name_key(s.name)]
        label = s.name
        if len(same) > 1:
            tag = s.student_no or str(same.index(s) + 1)
            label = f"{s.name}（{tag}）"
        people.append(Person("student", s.name.strip(), label, s.student_no))
    for t in roster.teachers:
        if t.name.strip():
            people.append(Person("teacher", t.name.strip(), t.name.strip(), subject=t.subject,
                                  head=t.role is TeacherRole.HEAD))
    names: dict[str, list[Person]] = defaultdict(list)
    latin: dict[str, list[Person]] = defaultdict(list)
    latin_pinyin: set[str] = set()
    fuzzy: dict[str, list[Person]] = defaultdict(list)
    given: dict[str, list[Person]] = defaultdict(list)
    prefixes: dict[str, set[int]] = defaultdict(set)
    latin_prefixes: dict[str, set[int]] = defaultdict(set)
    teacher_parts: dict[str, list[Person]] = defaultdict(list)
    readings = batch_char_readings([name_key(p.name) for p in people])
    for i, p in enumerate(people):
        key = name_key(p.name)
        if not key:
            continue
        if all(is_latin(c) or c.isdigit() for c in key):
            latin[key].append(p)
            for n in range(3, len(key)):
                latin_prefixes[key[:n]].add(i)
            if p.kind == "teacher":
                parts = [cosmetic_key(w) for w in re.split(r"[\s.·]+", p.name)]
                for part in dict.fromkeys(w for w in parts if len(w) >= 2 and w != key):
                    teacher_parts[part].append(p)
            continue
        if len(key) < 2:
            continue  # a one-character "name" (a roster typo) would match inside any nickname
        names[key].append(p)
        for n in range(1, len(key)):
            prefixes[key[:n]].add(i)
        if all(is_han(c) for c in key):
            whole = readings.get(key)
            for pk in name_pinyin_keys(key, whole):
                latin[pk].append(p)
                latin_pinyin.add(pk)
                for n in range(3, len(pk)):
                    latin_prefixes[pk[:n]].add(i)
            for fuzzy_key in {_fuzzy_key(r) for r in name_readings(key, whole)}:
                fuzzy[fuzzy_key].append(p)
            if p.kind == "teacher":
                surname, _ = split_surname(key)
                for r in {"".join(r[:len(surname)]) for r in name_readings(key, whole)}:
                    teacher_parts[r].append(p)
            if p.kind == "student":
                _, given_name = split_surname(key)
                if len(given_name) >= 2:
                    given[given_name].append(p)
        if p.kind == "student":
            # 阿依古丽·买买提: families write the personal name before the dot (阿依古丽爸爸).
            parts = _DOTS.split(p.name)
            first = name_key(parts[0]) if len(parts) > 1 else ""
            if len(first) >= 2:
                given[first].append(p)
    guardians: dict[str, list[GuardianOf]] = defaultdict(list)
    compound: dict[str, list[Person]] = defaultdict(list)
    for s, p in zip(students, people, strict=False):  # people begin with the students, in order
        surname = name_key(p.name)[:2]
        if surname in COMPOUND_SURNAMES and len(name_key(p.name)) > 2:
            compound[surname].append(p)
        for g in s.guardians:
            key = name_key(g.name or "")
            if len(key) < 2 or not all(is_han(c) for c in key) or any(
                    w in key for w in _NOT_IN_A_NAME):
                # A one-character or Latin "name" is no evidence of a person, nor is a
                # relation word in the name column (妈妈, 张三家长).
                continue
            # A word the check does not know (其他, 亲属) says no more than 家长.
            relation = RELATION_VARIANTS.get(cosmetic_key(g.relation or ""))
            phone = "".join(c for c in (g.phone or "") if c.isdigit())
            guardians[key].append(GuardianOf(p, relation, phone))
    return NameIndex(
        people=people,
        students=[p for p in people if p.kind == "student"],
        teachers=[p for p in people if p.kind == "teacher"],
        names=dict(names), name_lengths=sorted({len(k) for k in names}, reverse=True),
        latin_names=dict(latin), latin_pinyin=latin_pinyin,
        latin_lengths=sorted({len(k) for k in latin}, reverse=True),
        fuzzy=dict(fuzzy), given=dict(given), prefixes=dict(prefixes),
        latin_prefixes=dict(latin_prefixes), teacher_parts=dict(teacher_parts),
        guardians=dict(guardians), compound_surnames=dict(compound),
    )


# --- tokens -----------------------------------------------------------------------------

# Han words the tokenizer knows, by kind; relation variants map to their canonical word.
_HAN_WORDS: dict[str, tuple[str, str]] = {}
_LATIN_WORDS: dict[str, tuple[str, str]] = {}
for _w, _c in RELATION_VARIANTS.items():
    (_LATIN_WORDS if _w.isascii() else _HAN_WORDS)[_w] = ("rel", _c)
for _w in TEACHER_WORDS:
    (_LATIN_WORDS if _w.isascii() else _HAN_WORDS)[_w] = ("teacher", _w)
for _w in HEAD_TEACHER_WORDS:
    _HAN_WORDS[_w] = ("head", _w)
for _w in SUBJECTS:
    _HAN_WORDS.setdefault(_w, ("subject", _w))
for _w in NUMBER_WORDS:
    _HAN_WORDS[_w] = ("numword", _w)
_HAN_WORDS["的"] = ("de", "的")
_HAN_LENGTHS = sorted({len(w) for w in _HAN_WORDS}, reverse=True)
_LATIN_LENGTHS = sorted({len(w) for w in _LATIN_WORDS}, reverse=True)


def known_words() -> tuple[str, ...]:
    """Every word the tokenizer knows besides names: relation, teacher, subject words."""
    return (*_HAN_WORDS, *_LATIN_WORDS)


@dataclass
class Token:
    # name | tpart | rel | teacher | head | subject | numword | de | num | extra | maybe (a word
    # that could be the name of several students: 诗涵 for 张诗涵 and 李诗涵)
    kind: str
    text: str
    start: int
    end: int
    persons: tuple[Person, ...] = ()
    via: str = "exact"  # for names: exact | pinyin | homophone | given | surname
    canonical: str = ""
    shown: str = ""  # the text as the member wrote it (case, full-width), for messages
    written: _Written | None = None  # where ``shown`` comes from, traced when first quoted

    @property
    def quoted(self) -> str:
        """The token as the member wrote it (“A”, “Mom”), else as the key has it."""
        if not self.shown and self.written is not None:
            self.shown = self.written.slice(self.start, self.end)
        return self.shown or self.text


class _Written:
    """A nickname as written, traced to its key only when a message quotes a part of it (most
    tokens are never quoted, and the tracing costs as much as reading the nickname)."""

    __slots__ = ("nickname", "_sources")

    def __init__(self, nickname: str) -> None:
        self.nickname = nickname
        self._sources: tuple[int, ...] | None | bool = False

    def slice(self, start: int, end: int) -> str:
        if self._sources is False:
            self._sources = cosmetic_sources(self.nickname)
        sources = self._sources
        if not isinstance(sources, tuple):
            return ""
        return "".join(self.nickname[j] for j in dict.fromkeys(sources[start:end]))


def _latin_words(run: str, offset: int) -> list[Token] | None:
    """``run`` split entirely into known Latin words (mama, dad, laoshi …), else None."""
    out: list[Token] = []
    i = 0
    while i < len(run):
        for n in _LATIN_LENGTHS:
            word = run[i:i + n]
            if len(word) == n and word in _LATIN_WORDS:
                kind, canonical = _LATIN_WORDS[word]
                out.append(Token(kind, word, offset + i, offset + i + n, canonical=canonical))
                i += n
                break
        else:
            return None
    return out


def _tokenize_latin(run: str, offset: int, index: NameIndex) -> list[Token]:
    # A Latin run is read as a whole: a roster name (Emily Smith) or a name in pinyin, with only
    # known words (mama, dad, miss, laoshi) around it, or known words alone; otherwise it is extra
    # text. Requiring the whole run to be explained keeps "Lilian" from reading as 李丽 + "an".
    for k in range(len(run)):
        before = _latin_words(run[:k], offset) if k else []
        if before is None:
            continue
        for n in index.latin_lengths:
            head = run[k:k + n]
            if len(head) == n and head in index.latin_names:
                rest = _latin_words(run[k + n:], offset + k + n)
                if rest is not None:
                    via = "pinyin" if head in index.latin_pinyin else "exact"
                    name = Token("name", head, offset + k, offset + k + n,
                                 tuple(index.latin_names[head]), via=via)
                    return [*before, name, *rest]
    words = _latin_words(run, offset)
    if words is not None:
        return words
    # A part of a teacher's name (Smith, Emily, zhou) with known words around it: only a title
    # next to it (Ms Smith, Smith老师) makes it a claim; the reader decides.
    for k in range(len(run)):
        before = _latin_words(run[:k], offset) if k else []
        if before is None:
            continue
        for part, persons in index.teacher_parts.items():
            if run.startswith(part, k):
                rest = _latin_words(run[k + len(part):], offset + k + len(part))
                if rest is not None:
                    tok = Token("tpart", part, offset + k, offset + k + len(part),
                                tuple(persons))
                    return [*before, tok, *rest]
    return [Token("extra", run, offset, offset + len(run))]


@lru_cache(maxsize=1024)
def _han_spellings(han: str) -> tuple[str, ...]:
    """Pinyin spellings of one or two Han characters written before a pinyin given name: the
    everyday reading, the surname reading and pypinyin's heteronyms (曾 zeng/ceng)."""
    per_char = []
    for c in han:
        per_char.append({char_readings(c)[0], *SURNAME_READINGS.get(c, ())})
    spellings = {"".join(p) for p in product(*per_char)}
    spellings |= {"".join(r[:len(han)]) for r in name_readings(han + "一")}
    return tuple(sorted(spellings))


def _mixed_name(tokens: list[Token], run: str, offset: int, index: NameIndex) -> list[Token]:
    """王yan爸爸: a Han surname followed by the given name in pinyin, read as one name.

    Tried only when the Latin run is not read as a name by itself and Han leftover text stands
    right before it; the surname (one or two characters) is taken from the end of that text.
    """
    last = tokens[-1] if tokens else None
    if last is None or last.kind != "extra" or last.end != offset or not is_han(last.text[-1]):
        return []
    for k in (2, 1):
        han = last.text[-k:]
        if len(han) != k or not all(is_han(c) for c in han):
            continue
        for spelling in _han_spellings(han):
            for m in range(len(run), 0, -1):
                key = spelling + run[:m]
                if key not in index.latin_pinyin:
                    continue
                rest = _latin_words(run[m:], offset + m)
                if rest is None:
                    continue
                name = Token("name", han + run[:m], offset - k, offset + m,
                             tuple(index.latin_names[key]), via="pinyin")
                if len(last.text) == k:
                    tokens.pop()
                else:
                    last.text, last.end = last.text[:-k], last.end - k
                return [name, *rest]
    return []


def tokenize(s: str, index: NameIndex) -> list[Token]:
    tokens: list[Token] = []

    def add_extra(ch: str, pos: int) -> None:
        if tokens and tokens[-1].kind == "extra" and tokens[-1].end == pos and not is_latin(ch):
            last = tokens[-1]
            if not is_latin(last.text[-1]):
                last.text += ch
                last.end = pos + 1
                return
        tokens.append(Token("extra", ch, pos, pos + 1))

    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if is_latin(ch):
            j = i
            while j < n and is_latin(s[j]):
                j += 1
            latin = _tokenize_latin(s[i:j], i, index)
            if not any(t.kind == "name" for t in latin):
                latin = _mixed_name(tokens, s[i:j], i, index) or latin
            tokens.extend(latin)
            i = j
            continue
        if "0" <= ch <= "9":
            j = i
            while j < n and "0" <= s[j] <= "9":
                j += 1
            tokens.append(Token("num", s[i:j], i, j))
            i = j
            continue
        for length in index.name_lengths:
            sub = s[i:i + length]
            if len(sub) == length and sub in index.names:
                tokens.append(Token("name", sub, i, i + length, tuple(index.names[sub])))
                i += length
                break
        else:
            for length in _HAN_LENGTHS:
                sub = s[i:i + length]
                if len(sub) == length and sub in _HAN_WORDS:
                    kind, canonical = _HAN_WORDS[sub]
                    tokens.append(Token(kind, sub, i, i + length, canonical=canonical))
                    i += length
                    break
            else:
                add_extra(ch, i)
                i += 1
    return tokens


def mark_shown(tokens: list[Token], nickname: str, key: str, s: str) -> None:
    """Let each token quote the nickname's own characters (``Token.quoted``)."""
    if len(s) != len(key) or nickname == key:
        return
    written = _Written(nickname)
    for t in tokens:
        t.written = written


def fallback_name(tokens: list[Token], index: NameIndex) -> None:
    """Read a leftover Han word as a homophone or a given name of a roster person.

    Only when the rest of the nickname is explained (relation words, 的, teacher words): that
    keeps 花开富贵 or 微信用户 from being read as somebody's name. A word that fits exactly one
    person becomes that name; a homophone of same-name students (张威 for the two 张伟) becomes
    their name, left for the reader to ask for the 学号; a word that fits several different
    students (诗涵 for 张诗涵 and 李诗涵) becomes a ``maybe`` token naming them.
    """
    extras = [t for t in tokens if t.kind == "extra"]
    if len(extras) != 1 or any(t.kind in ("name", "num") for t in tokens):
        return
    tok = extras[0]
    text = tok.text
    if len(text) < 2 or not all(is_han(c) for c in text):
        return
    if text in index.compound_surnames and any(t.kind == "rel" for t in tokens):
        # 上官爸爸: a compound surname is rare enough to name the class's only 上官.
        bearers = index.compound_surnames[text]
        if len(bearers) == 1:
            tok.kind, tok.persons, tok.via = "name", tuple(bearers), "surname"
        elif not any(t.kind in ("teacher", "head") for t in tokens):
            tok.kind, tok.persons, tok.via = "maybe", tuple(bearers), "surname"
        return
    given = index.given.get(text, [])
    found, via = given, "given"
    if len(found) != 1:
        candidates = [p for p in index.fuzzy.get(_fuzzy_key(char_readings(text)), [])
                      if len(p.name) == len(text)]
        exact = [p for p in candidates
                 if "".join(char_readings(text)) in name_pinyin_keys(name_key(p.name))
                 or any(a == b for a, b in zip(p.name, text, strict=False))]
        found, via = exact, "homophone"
    if len(found) == 1 or (found and len({name_key(p.name) for p in found}) == 1):
        tok.kind, tok.persons, tok.via = "name", tuple(found), via
        return
    several = [p for p in (given if len(given) > 1 else found) if p.kind == "student"]
    if len(several) > 1 and not any(t.kind in ("teacher", "head") for t in tokens):
        tok.kind, tok.persons = "maybe", tuple(several)
        tok.via = "given" if len(given) > 1 else "homophone"


