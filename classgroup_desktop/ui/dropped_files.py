"""Where a file dropped on (or pasted into) the window goes, decided by its type."""

from __future__ import annotations

from pathlib import Path

ROSTER_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".csv", ".ods"})
MEMBER_SUFFIXES = frozenset({".txt", ".csv", ".xlsx"})
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".webp"})
PACKAGE_SUFFIXES = frozenset({".cgpkg"})  # report packages (月报包) for the school summary
KNOWN_SUFFIXES = ROSTER_SUFFIXES | MEMBER_SUFFIXES | IMAGE_SUFFIXES | PACKAGE_SUFFIXES


def route(paths: list[Path], *, on_check_view: bool) -> tuple[str, list[Path]]:
    """``(kind, paths)``: ``packages`` (every report package dropped, for the school summary),
    ``screenshots`` (every image dropped), ``members`` (a .txt list — or a
    .csv/.xlsx dropped on the check view), ``roster`` (a spreadsheet anywhere else), or
    ``unknown``; ``("none", [])`` for no files.

    A .csv or .xlsx can be either a roster or a member list: the view it is dropped on says
    which the teacher means.
    """
    if not paths:
        return "none", []
    packages = [p for p in paths if p.suffix.lower() in PACKAGE_SUFFIXES]
    if packages:
        return "packages", packages
    images = [p for p in paths if p.suffix.lower() in IMAGE_SUFFIXES]
    if images:
        return "screenshots", images
    path = paths[0]
    suffix = path.suffix.lower()
    if suffix == ".txt" or (on_check_view and suffix in MEMBER_SUFFIXES):
        return "members", [path]
    if suffix in ROSTER_SUFFIXES:
        return "roster", [path]
    return "unknown", [path]
