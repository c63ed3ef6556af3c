"""What the window shows first — the class list and the roster of the last class (or nothing,
for the welcome page) — read before the database is open the full way.

The desktop app opens its database on a worker after the window is shown; the full open
(SQLAlchemy, the schema checks, the daily backup hook) takes ~0.25 s. This reads the same rows
through ``store.first_view`` (the standard library's ``sqlite3``, read-only) so the first view
is filled at once; the full path takes over when it is ready. No SQLAlchemy is imported here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from classgroup_desktop.core.errors import UserError
from classgroup_desktop.core.roster import TeacherRole, class_sort_key
from classgroup_desktop.store.first_view import ClassLine, StudentLine, read_first_view
from classgroup_desktop.store.location import resolve_url, sqlite_path

if TYPE_CHECKING:
    from classgroup_desktop.store.db import Database


@dataclass(frozen=True, slots=True)
class StartTeacher:
    """A teacher of the class, as ``services.roster_edit.TeacherInfo`` has it."""

    id: int
    name: str
    subject: str | None
    role: TeacherRole


@dataclass(frozen=True, slots=True)
class StartView:
    """The classes (school order) and the shown class's students and teachers (head first)."""

    classes: tuple[ClassLine, ...]
    class_name: str | None
    students: tuple[StudentLine, ...]
    teachers: tuple[StartTeacher, ...]


def read_start_view(db_path: str | os.PathLike[str] | None = None, db_url: str | None = None,
                    *, demo: bool = False, last_class: str | None = None,
                    include_archived: bool = False) -> StartView | None:
    """The first view's data, or None when only the full open can tell (a new, damaged,
    older or server database; a demo not yet made): the caller then waits for it.

    The class shown is ``last_class`` if it is in the list, else the first class in school
    order, as the window's class switcher picks it.
    """
    try:
        url = resolve_url(db_path, db_url, demo=demo, create_folder=False)
    except UserError:
        return None  # the full open says what is wrong
    path = sqlite_path(url)
    if path is None:
        return None

    def choose(names: list[str]) -> str | None:
        if last_class in names:
            return last_class
        return min(names, key=class_sort_key) if names else None

    view = read_first_view(path, choose, include_archived=include_archived)
    if view is None:
        return None
    try:
        teachers = tuple(StartTeacher(t.id, t.name, t.subject, TeacherRole(t.role))
                         for t in view.teachers)
    except ValueError:
        return None  # a role this version does not know: leave it to the full path
    return StartView(
        classes=tuple(sorted(view.classes, key=lambda c: class_sort_key(c.name))),
        class_name=view.class_name,
        students=view.students,
        teachers=tuple(sorted(teachers, key=lambda t: t.role is not TeacherRole.HEAD)),
    )


def warm_up(db: Database, class_name: str | None) -> None:
    """Run, on the worker that opened ``db``, the reads the window makes when the database
    takes over (the class list, the class's roster): SQLAlchemy configures its mappers and
    compiles those statements here, not on the GUI thread just after the first paint."""
    from classgroup_desktop.services.classes import list_classes
    from classgroup_desktop.services.roster_edit import list_students, list_teachers

    try:
        names = [c.name for c in list_classes(db, include_archived=False)]
        if names:
            chosen = class_name if class_name in names else names[0]
            list_students(db, chosen, include_left=True)
            list_teachers(db, chosen)
    except UserError:
        pass  # the window's own reads report it
