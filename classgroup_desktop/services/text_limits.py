"""How long a stored text may be: each column's limit, read from the ORM models.

PostgreSQL refuses a value longer than its ``VARCHAR(n)`` column (StringDataRightTruncation);
SQLite stores it silently. So every service checks what the teacher typed or imported against
the column's limit *before* writing, with a message naming the field and the limit, and both
backends behave the same. The limits are the models' ``String(n)``: one source of truth, so a
migration that widens a column widens the check with it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import InstrumentedAttribute

from classgroup_desktop.core.errors import BadInputError

__all__ = ["check_text", "fit_text", "limit_of"]


def limit_of(column: InstrumentedAttribute[Any]) -> int | None:
    """The most characters ``column`` holds (``String(n)`` → n); None when unbounded (Text)."""
    length = getattr(column.property.columns[0].type, "length", None)
    return int(length) if length else None


def check_text(
    value: str | None,
    column: InstrumentedAttribute[Any],
    field: str,
    *,
    where: str = "",
    file: str | None = None,
) -> str | None:
    """``value`` unchanged when it fits ``column``; BadInputError otherwise, naming ``field``
    (「班级名称」), the limit and the length, after ``where`` (「学生“张三”的」) if given."""
    limit = limit_of(column)
    if value is not None and limit is not None and len(value) > limit:
        shown = value if len(value) <= 20 else value[:20] + "…"
        raise BadInputError(
            f"{where}{field}太长：最多 {limit} 个字，现在有 {len(value)} 个字（“{shown}”）。"
            "请缩短后再试。",
            file=file,
        )
    return value


def fit_text(value: str, column: InstrumentedAttribute[Any]) -> str:
    """``value`` shortened with “…” to fit ``column``: only for text the app composes itself
    (a check's source label, a list of suggestions), never for what the teacher entered."""
    limit = limit_of(column)
    if limit is None or len(value) <= limit:
        return value
    return value[: limit - 1] + "…"
