"""Concurrent appends keep the hash chain whole (issue 17): two writers on one class and two
writers on two classes, 200 appends each, on SQLite and (in CI) on a real PostgreSQL server."""

from __future__ import annotations

import threading

import pytest

from classgroup_desktop.services import log, log_chain
from classgroup_desktop.services.classes import create_class
from classgroup_desktop.store.db import open_database

APPENDS = 200


def _second_handle(db):
    if db.url.startswith("sqlite"):
        return open_database(db.location, migrate=False)
    return open_database(db_url=db.url, migrate=False)


def _write(db, class_name: str, tag: str, errors: list[BaseException]) -> None:
    handle = _second_handle(db)
    try:
        for i in range(APPENDS):
            log.add_entry(handle, class_name, "note", note=f"{tag}-{i}")
    except BaseException as exc:  # noqa: BLE001 - reported by the test
        errors.append(exc)
    finally:
        handle.dispose()


@pytest.mark.parametrize(
    "classes",
    [pytest.param(("三年级(2)班", "三年级(2)班"), id="two writers on one class"),
     pytest.param(("三年级(2)班", "四年级(1)班"), id="two writers on two classes")],
)
def test_concurrent_appends_keep_every_chain_verifiable(db, classes):
    for name in set(classes):
        create_class(db, name)
    errors: list[BaseException] = []
    threads = [threading.Thread(target=_write, args=(db, name, f"w{n}", errors))
               for n, name in enumerate(classes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    for name in set(classes):
        assert len(log.list_entries(db, name)) == APPENDS * classes.count(name)
    report = log_chain.verify_chain(db)
    assert report.ok, report.message
