"""The app's per-machine preferences (window geometry, last class …) in one typed wrapper.

School data lives in the database; these are only how *this* window was left. Stored as an INI
file in the data folder (not the registry) so a demo or test run never touches the real profile.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

GEOMETRY = "window/geometry"
WINDOW_STATE = "window/state"
LAST_CLASS = "session/last_class"
LAST_VIEW = "session/last_view"
LAST_FOLDER = "folders/{purpose}"  # the last folder a file dialog used, per purpose
TEACHER_ASKED = "session/teacher_name_asked"
FILE_NAME = "window.ini"


def default_path() -> Path:
    """``window.ini`` in the app's data folder — the folder ``store.location.data_dir()`` uses
    (``$CLASSGROUP_HOME`` or the per-user data folder; a test keeps the two in step).

    Resolved here without importing the store, so the window can be built and shown before
    SQLAlchemy and Alembic are loaded.
    """
    override = os.environ.get("CLASSGROUP_HOME")
    if override:
        return Path(override) / FILE_NAME
    from platformdirs import user_data_dir

    return Path(user_data_dir("ClassGroupDesktop", appauthor=False)) / FILE_NAME


class AppSettings:
    """Typed accessors over ``QSettings``; keys are the module constants above."""

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            path = default_path()
        self._qs = QSettings(str(path), QSettings.Format.IniFormat)

    def _str(self, key: str) -> str | None:
        value = self._qs.value(key)
        return str(value) if value not in (None, "") else None

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes(GEOMETRY)

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._qs.setValue(GEOMETRY, value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes(WINDOW_STATE)

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._qs.setValue(WINDOW_STATE, value)

    @property
    def last_class(self) -> str | None:
        return self._str(LAST_CLASS)

    @last_class.setter
    def last_class(self, value: str | None) -> None:
        self._qs.setValue(LAST_CLASS, value or "")

    @property
    def last_view(self) -> str | None:
        return self._str(LAST_VIEW)

    @last_view.setter
    def last_view(self, value: str | None) -> None:
        self._qs.setValue(LAST_VIEW, value or "")

    def last_folder(self, purpose: str) -> str | None:
        """The folder the file dialog for ``purpose`` (roster, members …) last used."""
        return self._str(LAST_FOLDER.format(purpose=purpose))

    def set_last_folder(self, purpose: str, folder: str) -> None:
        self._qs.setValue(LAST_FOLDER.format(purpose=purpose), folder)

    @property
    def teacher_name_asked(self) -> bool:
        """Whether the first-start question for the head teacher's name was asked."""
        return self._str(TEACHER_ASKED) == "1"

    @teacher_name_asked.setter
    def teacher_name_asked(self, value: bool) -> None:
        self._qs.setValue(TEACHER_ASKED, "1" if value else "")

    def sync(self) -> None:
        self._qs.sync()
