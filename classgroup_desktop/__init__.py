"""班级群管家 — keeps a class WeChat group's roster, checks nicknames, logs and reports.

``__version__`` has one source, ``pyproject.toml``: read from the installed distribution's
metadata, or from the file itself in a checkout run without installing. Resolved on first
use, so the desktop app's start-up does not pay for ``importlib.metadata``.
"""

from __future__ import annotations

DIST_NAME = "classgroup-desktop"


def read_version() -> str:
    """The installed distribution's version, else what ``pyproject.toml`` beside the package
    declares (a checkout run without installing), else ``0+unknown``."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DIST_NAME)
    except PackageNotFoundError:
        pass
    return version_from_pyproject() or "0+unknown"


def version_from_pyproject() -> str | None:
    import tomllib
    from pathlib import Path

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    try:
        with pyproject.open("rb") as handle:
            project = tomllib.load(handle).get("project", {})
    except (OSError, tomllib.TOMLDecodeError):
        return None
    if project.get("name") == DIST_NAME and project.get("version"):
        return str(project["version"])
    return None


def __getattr__(name: str) -> str:
    if name == "__version__":
        value = read_version()
        globals()["__version__"] = value
        return value
    raise AttributeError(name)
