"""Where the app's bundled data (``resources/``: rules, templates, ladder, icons) lives.

In a source tree or an editable install (the README's way) it is the top-level ``resources/``
next to the package; a wheel installs it under ``<prefix>/share/classgroup-desktop/``
(``[tool.setuptools.data-files]`` in pyproject.toml).
"""

from __future__ import annotations

import sys
from pathlib import Path


def _find() -> Path:
    candidates = (
        Path(__file__).resolve().parents[1] / "resources",
        Path(sys.prefix) / "share" / "classgroup-desktop",
    )
    for candidate in candidates:
        if (candidate / "rules.json").is_file():
            return candidate
    return candidates[0]  # loaders then name the missing file in their message


RESOURCES_DIR = _find()
