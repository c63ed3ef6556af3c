"""Setting up a school's shared PostgreSQL server: roles, logins and which classes each sees.

``store/server.py`` holds the SQL (row-level security, the chain head); this module is the use
case the CLI's ``school-server`` commands call: it creates a teacher's classes through the usual
class service (so names are checked and another spelling of an existing class is matched) before
granting them.
"""

from __future__ import annotations

from collections.abc import Sequence

from classgroup_desktop.core.errors import NotFoundError
from classgroup_desktop.services.classes import create_class, find_class
from classgroup_desktop.store import server
from classgroup_desktop.store.db import Database


def setup(db: Database) -> list[str]:
    """Roles, access table, chain head and policies on the (migrated) server database."""
    return server.setup_server(db.engine)


def add_teacher(db: Database, login: str, name: str, classes: Sequence[str], *,
                password: str | None = None) -> list[str]:
    """Grant ``login`` (created if new) its classes; returns the class names as stored.

    A class that does not exist yet is created, so the teacher's first roster import (which
    matches another spelling such as 三年级(2)班 for 三(2)班) lands in the class granted."""
    wanted = [c.strip() for c in classes if c.strip()]
    if not wanted:
        from classgroup_desktop.core.errors import BadInputError

        raise BadInputError(
            "请用 --classes 给出这位老师负责的班级，如 --classes \"三年级(2)班,三年级(3)班\"。"
        )
    stored: list[str] = []
    for class_name in wanted:
        try:
            with db.read() as s:
                stored.append(find_class(s, class_name).name)
        except NotFoundError:
            stored.append(create_class(db, class_name).name)
    server.add_teacher(db.engine, login, name, stored, password=password)
    return stored


def add_supervisor(db: Database, login: str, *, password: str | None = None) -> None:
    server.add_supervisor(db.engine, login, password=password)
