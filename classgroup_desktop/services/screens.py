"""Use case: screenshots of the WeChat member page → the member list for the check.

Reads the files offline (OCR), merges overlapping screenshots, keeps per name its confidence and
source (file, row, column), and compares the count with the page title. Nothing is stored: the
teacher corrects the list (GUI preview) and then runs the check like any typed list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from classgroup_desktop.core.naming import MemberInput

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
    """One member read from the screenshots."""

    nickname: str
    truncated: bool
    confidence: float
    source: ScreenSource
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in the source image's pixels

    @property
    def low_confidence(self) -> bool:
        return self.confidence < LOW_CONFIDENCE

    def to_dict(self) -> dict[str, Any]:
        return {
            "nickname": self.nickname,
            "truncated": self.truncated,
            "confidence": round(self.confidence, 3),
            "source": self.source.to_dict(),
        }

    def to_input(self) -> MemberInput:
        """As the check takes it: like a typed list, a cut name keeps WeChat's "…" verbatim."""
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
    paths: Sequence[str | Path], progress: Callable[[int, int], None] | None = None
) -> ScreensResult:
    """Read member-page screenshots (given in scrolling order) into one member list.

    Promises: members in display order, each once across overlapping screenshots; truncated names
    marked; a warning when the merged count differs from the title's count. Raises
    ``BadInputError`` (Chinese message naming the file) for a file that is not an image, is
    blank or tiny, or shows no member list; nothing is saved either way.
    """
    from classgroup_desktop.io.screens import read_screenshots

    read = read_screenshots(list(paths), progress)
    members = []
    for m in read.merged:
        shot = read.shots[m.shot]
        c = m.cell
        members.append(
            ScreenMember(
                nickname=c.nickname,
                truncated=c.truncated,
                confidence=c.confidence,
                source=ScreenSource(shot.file, c.row + 1, c.col + 1),
                box=c.box,
            )
        )
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


def screens_to_members(paths: Sequence[str | Path]) -> tuple[list[MemberInput], ScreensResult]:
    """Convenience for ``check --screens``: the member inputs and the full reading."""
    result = read_screens(paths)
    return result.member_inputs(), result
