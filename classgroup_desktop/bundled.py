"""Where the app's bundled data (``resources/``: rules, templates, ladder, icons, samples) lives.

Every way the app is installed puts it somewhere else, so each is asked in turn:

- a source tree or an editable install (the README's way): the top-level ``resources/`` next to
  the package;
- a PyInstaller bundle: ``resources/`` inside the bundle (``sys._MEIPASS``);
- a wheel, however installed (venv, ``--user``, ``--prefix``, system): the
  ``share/classgroup-desktop/`` data files of ``[tool.setuptools.data-files]``, found through the
  installed distribution's own file list, which knows its scheme (``~/.local`` for ``--user``)
  where ``sys.prefix`` does not;
- ``<sys.prefix>/share/classgroup-desktop`` as a last resort.
"""

from __future__ import annotations

import sys
from pathlib import Path

DIST_NAME = "classgroup-desktop"
MARKER = "rules.json"


def _from_distribution() -> Path | None:
    try:
        from importlib.metadata import PackageNotFoundError, distribution
    except ImportError:  # pragma: no cover - always present on Python 3.11
        return None
    try:
        dist = distribution(DIST_NAME)
    except PackageNotFoundError:
        return None
    for file in dist.files or ():
        if file.name == MARKER and "classgroup-desktop" in file.parts:
            return Path(str(dist.locate_file(file))).resolve().parent
    return None


def _find() -> Path:
    source = Path(__file__).resolve().parents[1] / "resources"
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = [source]
    if frozen:
        candidates.insert(0, Path(frozen) / "resources")
    if not (source / MARKER).is_file() and not frozen:
        installed = _from_distribution()
        if installed is not None:
            candidates.append(installed)
    candidates.append(Path(sys.prefix) / "share" / "classgroup-desktop")
    for candidate in candidates:
        if (candidate / MARKER).is_file():
            return candidate
    return candidates[0]  # loaders then name the missing file in their message


RESOURCES_DIR = _find()
