"""Telling database faults apart: driver exceptions become the matching ``DatabaseFaultError``.

SQLite and the PostgreSQL drivers report everything as ``OperationalError`` with an English
message; the teacher needs to know whether the disk is full, the file read-only, the file
damaged, or the server unreachable, because each has a different remedy.
"""

from __future__ import annotations

import errno
import sqlite3

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from classgroup_desktop.core.db_errors import (
    BadDatabaseUrlError,
    CorruptDatabaseError,
    DatabaseDiskFullError,
    DatabaseFaultError,
    DriverMissingError,
    ReadOnlyDatabaseError,
    ServerDatabaseMissingError,
    ServerLoginError,
    ServerUnreachableError,
)

# Driver module → what to pip install (the binary wheels need no compiler on a school PC).
DRIVER_PACKAGES = {
    "psycopg": "psycopg[binary]",
    "psycopg2": "psycopg2-binary",
    "pg8000": "pg8000",
    "asyncpg": "asyncpg",
    "pymysql": "PyMySQL",
    "MySQLdb": "mysqlclient",
    "mysql": "mysql-connector-python",
    "oracledb": "oracledb",
    "pyodbc": "pyodbc",
}


def _walk(exc: BaseException):
    seen = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)
        if isinstance(orig, BaseException) and id(orig) not in seen:
            yield orig
            seen.add(id(orig))
        current = current.__cause__ or current.__context__


def _host_and_name(location: str) -> tuple[str, str]:
    try:
        url = make_url(location)
    except ArgumentError:
        return location, ""
    host = url.host or "localhost"
    if url.port:
        host = f"{host}:{url.port}"
    return host, url.database or ""


def translate_db_error(exc: BaseException, location: str) -> DatabaseFaultError | None:
    """The ``DatabaseFaultError`` ``exc`` stands for, or None when it is not a database fault
    (a bug, or an error the caller raised on purpose)."""
    for err in _walk(exc):
        if isinstance(err, DatabaseFaultError):
            return None  # already told apart
        text = str(err).lower()
        if isinstance(err, sqlite3.Error):
            if "database or disk is full" in text:
                return DatabaseDiskFullError(location)
            if "readonly database" in text or "read-only" in text:
                return ReadOnlyDatabaseError(location)
            if "malformed" in text or "file is not a database" in text:
                return CorruptDatabaseError(location)
            code = getattr(err, "sqlite_errorcode", None)
            if code == 13:  # SQLITE_FULL
                return DatabaseDiskFullError(location)
        if isinstance(err, OSError) and err.errno == errno.ENOSPC:
            return DatabaseDiskFullError(location)
        module = type(err).__module__.split(".")[0]
        if module in ("psycopg", "psycopg2", "pg8000", "asyncpg"):
            host, name = _host_and_name(location)
            if "does not exist" in text and "database" in text:
                return ServerDatabaseMissingError(host, name)
            if ("password authentication failed" in text or "no password supplied" in text
                    or ("role \"" in text and "does not exist" in text)):
                return ServerLoginError(host)
            if ("could not translate host name" in text or "name or service not known" in text
                    or "nodename nor servname" in text or "failed to resolve" in text
                    or "no such host" in text):
                return ServerUnreachableError(host, unknown_host=True)
            if ("connection refused" in text or "could not connect" in text
                    or "timeout" in text or "timed out" in text or "connection failed" in text):
                return ServerUnreachableError(host)
    return None


def _shown(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def open_server_engine(url: str) -> Engine:
    """An engine for a server URL (or an in-memory SQLite one); a URL that cannot be parsed,
    names an unknown database kind, or needs a driver that is not installed is refused."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise BadDatabaseUrlError(url) from exc
    try:
        engine = create_engine(parsed)
    except NoSuchModuleError as exc:
        raise BadDatabaseUrlError(_shown(url)) from exc
    except ModuleNotFoundError as exc:
        top = (exc.name or "").split(".")[0]
        raise DriverMissingError(_shown(url), DRIVER_PACKAGES.get(top, top)) from exc
    except ArgumentError as exc:
        raise BadDatabaseUrlError(_shown(url)) from exc
    return engine
