"""Use case: screenshots of the WeChat member page → the member list for the check.

Reads the files offline (OCR), merges overlapping screenshots, keeps per name its confidence and
source (file, row, column), and compares the count with the page title. A cell with an avatar
whose name OCR cannot read (an emoji-only name) is kept as a member to look at in WeChat. Given
the class, names are corrected against the roster (按花名册校正, ``core.roster_correction``):
a rare character the OCR model cannot produce becomes the roster's. Nothing is stored: the
teacher corrects the list (GUI preview) and then runs the check like any typed list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from classgroup_desktop.core.naming import MemberInput, NamingPolicy
from classgroup_desktop.core.roster import ClassRoster
from classgroup_desktop.core.roster_correction import compliant_forms, correct_to_roster
from classgroup_desktop.core.screen_verdicts import UNREADABLE_NICKNAME

if TYPE_CHECKING:
    from classgroup_desktop.store.db import Database

# Names read with less confidence than this are highlighted for the teacher to look at.
LOW_CONFIDENCE = 0.8


@dataclass(frozen=True)
class ScreenSource:
    """Where a name was read: file name, row and column (1-based, counted within that file)."""

    file: str
    row: int
    col: int

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row, "col": self.col}


@dataclass(frozen=True)
class ScreenMember:
    """One member read from the screenshots.

    ``read_as``: what OCR read, when the nickname was corrected against the roster (else
    ``None``); ``unreadable``: an avatar whose name OCR could not read (the nickname is then the
    placeholder （无法识别的昵称）)."""

    nickname: str
    truncated: bool
    confidence: float
    source: ScreenSource
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in the source image's pixels
    read_as: str | None = None
    unreadable: bool = False

    @property
    def low_confidence(self) -> bool:
        return self.confidence < LOW_CONFIDENCE

    @property
    def corrected(self) -> bool:
        return self.read_as is not None

    @property
    def doubtful(self) -> bool:
        """The teacher should look at this one: read with low confidence, corrected against the
        roster, or not readable at all."""
        return self.low_confidence or self.corrected or self.unreadable

    def to_dict(self) -> dict[str, Any]:
        return {
            "nickname": self.nickname,
            "truncated": self.truncated,
            "confidence": round(self.confidence, 3),
            "source": self.source.to_dict(),
            "read_as": self.read_as,
            "unreadable": self.unreadable,
        }

    def to_input(self) -> MemberInput:
        """As the check takes it: like a typed list, a cut name keeps WeChat's "…" verbatim."""
        if self.unreadable:
            return MemberInput(UNREADABLE_NICKNAME, unreadable=True)
        return MemberInput(self.nickname + "…" if self.truncated else self.nickname, self.truncated)


@dataclass(frozen=True)
class ScreenCell:
    """A name as seen in one file; ``counted`` is False for a repeat of a member already taken
    from another screenshot (the overlap), so the preview can show it as such."""

    file: str
    box: tuple[int, int, int, int]
    nickname: str
    counted: bool


@dataclass(frozen=True)
class ScreensResult:
    """The merged member list (display order), the title's member count and plain warnings."""

    members: tuple[ScreenMember, ...]
    title_count: int | None
    warnings: tuple[str, ...] = ()
    files: tuple[str, ...] = field(default=())
    kinds: tuple[str, ...] = field(default=())  # "grid" | "list" per file
    cells: tuple[ScreenCell, ...] = field(default=())  # every name in every file

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``members-from-screens --json``."""
        return {
            "members": [m.to_dict() for m in self.members],
            "title_count": self.title_count,
            "warnings": list(self.warnings),
        }

    def member_inputs(self) -> list[MemberInput]:
        """The list to hand to the check engine."""
        return [m.to_input() for m in self.members]


def read_screens(
    paths: Sequence[str | Path],
    progress: Callable[[int, int], None] | None = None,
    *,
    roster: ClassRoster | None = None,
    policy: NamingPolicy | None = None,
) -> ScreensResult:
    """Read member-page screenshots (given in scrolling order) into one member list.

    Promises: members in display order, each once across overlapping screenshots; truncated names
    marked; an avatar whose name cannot be read kept as an unreadable member; a warning when the
    merged count differs from the title's count. With ``roster`` (and its ``policy``), names are
    corrected against the roster where OCR cannot have read them right (``read_as`` keeps what
    was read). Raises ``BadInputError`` (Chinese message naming the file) for a file that is not
    an image, is blank or tiny, or shows no member list; nothing is saved either way.
    """
    from classgroup_desktop.io.screens import ocr_charset, read_screenshots

    read = read_screenshots(list(paths), progress)
    members = []
    for m in read.merged:
        shot = read.shots[m.shot]
        c = m.cell
        members.append(
            ScreenMember(
                nickname=UNREADABLE_NICKNAME if c.unreadable else c.nickname,
                truncated=c.truncated,
                confidence=c.confidence,
                source=ScreenSource(shot.file, c.row + 1, c.col + 1),
                box=c.box,
                unreadable=c.unreadable,
            )
        )
    if roster is not None:
        members = correct_members(members, roster, policy or NamingPolicy(), ocr_charset())
    taken = {(m.shot, m.cell.row, m.cell.col) for m in read.merged}
    cells = tuple(
        ScreenCell(shot.file, c.box, c.nickname, (si, c.row, c.col) in taken)
        for si, shot in enumerate(read.shots)
        for c in shot.layout.cells
    )
    return ScreensResult(
        cells=cells,
        members=tuple(members),
        title_count=read.title_count,
        warnings=read.warnings,
        files=tuple(s.file for s in read.shots),
        kinds=tuple(s.layout.kind for s in read.shots),
    )


def correct_members(
    members: Sequence[ScreenMember],
    roster: ClassRoster,
    policy: NamingPolicy,
    known_chars: frozenset[str] | None,
) -> list[ScreenMember]:
    """The members with names OCR cannot have read right corrected to the roster's form (see
    ``core.roster_correction``); a corrected member keeps what was read in ``read_as``. Cut and
    unreadable names are left alone."""
    forms = compliant_forms(roster, policy)
    texts = ["" if m.unreadable or m.truncated else m.nickname for m in members]
    fixes = correct_to_roster(texts, forms, known_chars)
    out = []
    for m, fix in zip(members, fixes, strict=True):
        out.append(m if fix is None else replace(m, nickname=fix.corrected, read_as=m.nickname))
    return out


def read_class_screens(
    db: Database,
    class_name: str,
    paths: Sequence[str | Path],
    progress: Callable[[int, int], None] | None = None,
) -> ScreensResult:
    """``read_screens`` for one class: names are corrected against its roster and policy."""
    from classgroup_desktop.services.audit import class_policy
    from classgroup_desktop.services.classes import find_class, roster_of

    with db.read() as s:
        roster = roster_of(s, find_class(s, class_name))
    return read_screens(paths, progress, roster=roster, policy=class_policy(db, class_name))


def screens_to_members(
    paths: Sequence[str | Path], db: Database | None = None, class_name: str | None = None
) -> tuple[list[MemberInput], ScreensResult]:
    """Convenience for ``check --screens``: the member inputs and the full reading (corrected
    against the class's roster when ``db`` and ``class_name`` are given)."""
    if db is not None and class_name:
        result = read_class_screens(db, class_name, paths)
    else:
        result = read_screens(paths)
    return result.member_inputs(), result
