"""Correcting names read by OCR against the roster (按花名册校正).

OCR models have a fixed character dictionary: a rare character of a child's name (䶮 of 赵䶮) is not
in it, so the recogniser reads a look-alike (龚) with high confidence, and the member looks like a
stranger. The roster knows better. The rule, step by step:

1. The class's compliant nicknames are listed (``compliant_forms``): every active student's name
   alone and with each relation word the policy allows, and every teacher's name.
2. A text that already contains one of them verbatim is left alone.
3. Otherwise every place where a compliant nickname fits the text with exactly one character
   different is a candidate — but only when the character the roster writes is one the model
   cannot produce (not in its dictionary) or one it often confuses with the character read
   (``CONFUSABLE``). Anything else is a real difference (王芳 is not 王方's family).
4. The text is corrected only when the candidates give exactly one corrected text, and no other
   member's text already is that name: a correction never makes two members out of one.

Pure: the dictionary of the model is passed in by the caller (``io.screens.ocr_charset``).
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass

from classgroup_desktop.core.policy import NamingPolicy
from classgroup_desktop.core.roster import ClassRoster

# Pairs of characters that look alike and that Chinese OCR models are known to swap even though
# both are in their dictionaries. Kept short on purpose: each pair must be a real look-alike, since
# a correction through it overrides what the model read.
_LOOKALIKE_GROUPS = ("己已巳", "戊戌戍", "祎袆", "晞睎")
CONFUSABLE: frozenset[tuple[str, str]] = frozenset(
    (a, b) for group in _LOOKALIKE_GROUPS for a in group for b in group if a != b
)


@dataclass(frozen=True)
class Correction:
    """A text read by OCR and the roster's form it was corrected to."""

    read: str
    corrected: str
    form: str  # the compliant nickname that decided it
    position: int  # index of the corrected character in ``read``


def compliant_forms(roster: ClassRoster, policy: NamingPolicy) -> tuple[str, ...]:
    """Every compliant nickname of the class under ``policy`` (students' names alone and with the
    allowed relation words, teachers' names), each once, in roster order."""
    forms: list[str] = []
    for student in roster.students:
        if not student.active or not student.name.strip():
            continue
        name = student.name.strip()
        forms.append(name)
        forms.extend(name + relation for relation in policy.relations)
    forms.extend(t.name.strip() for t in roster.teachers if t.name.strip())
    return tuple(dict.fromkeys(forms))


def _fits(read: str, roster: str, known: Container[str] | None) -> bool:
    """The model may have read ``roster`` as ``read``: it cannot produce ``roster``, or the two
    look alike."""
    if (read, roster) in CONFUSABLE:
        return True
    return known is not None and roster not in known and not roster.isascii()


def _candidates(
    text: str, forms: Sequence[str], fits: Callable[[str, str], bool]
) -> dict[str, str]:
    """Corrected texts → the (longest) compliant nickname that gives each."""
    out: dict[str, str] = {}
    for form in forms:
        n = len(form)
        for start in range(len(text) - n + 1):
            window = text[start : start + n]
            diffs = [i for i in range(n) if window[i] != form[i]]
            if len(diffs) == 1 and fits(window[diffs[0]], form[diffs[0]]):
                at = start + diffs[0]
                fixed = text[:at] + form[diffs[0]] + text[at + 1 :]
                if len(form) > len(out.get(fixed, "")):
                    out[fixed] = form
    return out


def correct_to_roster(
    texts: Sequence[str],
    forms: Sequence[str],
    known_chars: Container[str] | None = None,
) -> list[Correction | None]:
    """For each text (one per member, in list order) its correction, or ``None`` to keep it.

    ``forms``: the class's compliant nicknames (``compliant_forms``); ``known_chars``: the OCR
    model's character dictionary (``None`` when unknown: only look-alike pairs then count).
    """
    forms = [f for f in dict.fromkeys(forms) if len(f) >= 2]
    taken = {t.strip() for t in texts}

    def fits(read: str, roster: str) -> bool:
        return _fits(read, roster, known_chars)

    out: list[Correction | None] = []
    for text in texts:
        stripped = text.strip()
        if not stripped or any(f in stripped for f in forms):
            out.append(None)
            continue
        found = _candidates(stripped, forms, fits)
        if len(found) != 1:
            out.append(None)
            continue
        ((corrected, form),) = found.items()
        if corrected in taken:
            out.append(None)
            continue
        at = next(i for i, (a, b) in enumerate(zip(stripped, corrected, strict=True)) if a != b)
        out.append(Correction(stripped, corrected, form, at))
    return out
