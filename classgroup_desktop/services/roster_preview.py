"""The roster import wizard's preview of a file, before anything is imported: each sheet's
detected layout, the fields a column can be mapped to, and the mapping detected again when the
user moves the header row or changes a sheet's kind.

The GUI imports this module when the wizard first needs it; the shapes it returns
(``SheetPreview``, and the ``SheetOverride`` the wizard sends back to ``services.roster``) are
plain ``core.roster`` dataclasses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from classgroup_desktop.core.roster import SheetOverride, SheetPreview
from classgroup_desktop.io import roster_fields
from classgroup_desktop.io.roster_layout import sniff

__all__ = ["SheetOverride", "SheetPreview", "detect_mapping", "field_keys", "field_label",
           "preview_roster"]


def preview_roster(path: str | Path) -> list[SheetPreview]:
    """Every sheet of the file: its kind, header row, column mapping and first rows."""
    return sniff(path)


def field_keys(kind: str) -> list[str]:
    """The field keys a column of a ``kind`` sheet ("students" / "teachers") can be mapped to,
    ``"ignore"`` first."""
    labels = roster_fields.FIELD_LABELS
    if kind == "teachers":
        keys = [k for k in labels if k.startswith("teacher.")]
    else:
        keys = [k for k in labels if not k.startswith("teacher.") and k != "ignore"]
    return ["ignore", *keys]


def field_label(key: str) -> str:
    """The Chinese label of a field key (学生姓名, 家长1电话 …)."""
    return roster_fields.field_label(key)


def detect_mapping(header: list[Any], *, teacher_sheet: bool | None = None) -> dict[int, str]:
    """Column index → field key for one header row, as the importer would detect it."""
    return roster_fields.detect_mapping(header, teacher_sheet=teacher_sheet)
