"""The layer rule of DESIGN.md, read from the source with ``ast``.

``ui/`` and ``cli/`` are faces over ``services`` and ``core``: they may hold the
``store.db.Database`` handle (and call ``open_database``) but import neither ``io`` nor any other
``store`` module. ``core`` is pure domain: no Qt, no SQLAlchemy, no file-format libraries, and
nothing of the project outside ``core``. Every import counts, wherever it is written: at the top,
inside a function, under ``TYPE_CHECKING``, relative (``from ..io import x``), or as a string
given to ``importlib.import_module`` / ``__import__``.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import classgroup_desktop

PACKAGE_DIR = Path(classgroup_desktop.__file__).resolve().parent
PROJECT = "classgroup_desktop"

# What ui/ and cli/ may take from the store: the handle the composition root gives them.
STORE_HANDLE_MODULE = f"{PROJECT}.store.db"
STORE_HANDLE_NAMES = frozenset({"Database", "open_database"})

# Third-party packages core must not import: Qt, the ORM and its drivers, file formats and OCR.
CORE_FORBIDDEN_PACKAGES = frozenset({
    "PySide6", "shiboken6", "PyQt5", "PyQt6",
    "sqlalchemy", "alembic", "psycopg", "psycopg2",
    "openpyxl", "python_calamine", "xlrd", "msoffcrypto", "PIL", "cv2",
    "rapidocr", "rapidocr_onnxruntime", "onnxruntime", "jieba",
})


def module_name(path: Path) -> str:
    """``classgroup_desktop/ui/check/view.py`` → ``classgroup_desktop.ui.check.view``."""
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    """The absolute module an ``ImportFrom`` names (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _dynamic_target(call: ast.Call) -> str | None:
    """The module named by ``importlib.import_module("…")`` / ``__import__("…")``: the string
    literal, or an f-string's literal start (``f"classgroup_desktop.io.{name}"``)."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name not in {"import_module", "__import__"} or not call.args:
        return None
    arg = call.args[0]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    if isinstance(arg, ast.JoinedStr) and arg.values:
        first = arg.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
    return None


def imports_of(source: str, module: str, *, is_package: bool = False
               ) -> Iterator[tuple[int, str, str | None]]:
    """Every import in the source: (line, absolute module, imported name or None)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, None
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(module, node, is_package)
            for alias in node.names:
                yield node.lineno, target, alias.name
        elif isinstance(node, ast.Call):
            target = _dynamic_target(node)
            if target is not None:
                yield node.lineno, target, None


def _within(target: str, package: str) -> bool:
    return target == package or target.startswith(package + ".")


def face_violation(target: str, name: str | None) -> str | None:
    """Why ui/ or cli/ may not import ``name`` from ``target`` (None when it may)."""
    if target == PROJECT and name is not None:  # from classgroup_desktop import io
        target, name = f"{PROJECT}.{name}", None
    what = f"{target}.{name}" if name else target
    if _within(target, f"{PROJECT}.io"):
        return f"imports {what} (file formats go through services/)"
    if _within(target, f"{PROJECT}.store"):
        if target == STORE_HANDLE_MODULE and name in STORE_HANDLE_NAMES:
            return None
        return (f"imports {what} (only {STORE_HANDLE_MODULE}'s "
                f"{'/'.join(sorted(STORE_HANDLE_NAMES))} handle is allowed; go through services/)")
    return None


def core_violation(target: str, name: str | None) -> str | None:
    """Why core/ may not import ``name`` from ``target`` (None when it may)."""
    if target == PROJECT and name is not None:
        target = f"{PROJECT}.{name}"
    if _within(target, PROJECT):
        if _within(target, f"{PROJECT}.core"):
            return None
        return f"imports {target} (core imports nothing of the project outside core)"
    top = target.split(".")[0]
    if top in CORE_FORBIDDEN_PACKAGES:
        return f"imports {target} (core has no Qt, no SQLAlchemy, no file formats)"
    return None


def violations(path: Path, rule: Callable[[str, str | None], str | None]) -> list[str]:
    module = module_name(path)
    found = []
    for line, target, name in imports_of(path.read_text(encoding="utf-8"), module,
                                         is_package=path.name == "__init__.py"):
        why = rule(target, name)
        if why:
            found.append(f"{module} ({path.relative_to(PACKAGE_DIR.parent)}:{line}) {why}")
    return found


def modules_under(*layers: str) -> list[Path]:
    return sorted(p for layer in layers for p in (PACKAGE_DIR / layer).rglob("*.py"))


# --- the rule on the real package -----------------------------------------------------------


def test_the_walk_sees_the_whole_gui_cli_and_core():
    # A wrong folder would make every rule below pass on nothing.
    faces = {module_name(p) for p in modules_under("ui", "cli")}
    assert {f"{PROJECT}.ui.check.view", f"{PROJECT}.ui.main_window",
            f"{PROJECT}.cli.check_cmd", f"{PROJECT}.cli.main"} <= faces
    assert len(faces) > 40
    assert f"{PROJECT}.core.roster" in {module_name(p) for p in modules_under("core")}


def test_ui_and_cli_import_neither_io_nor_store_beyond_the_database_handle():
    found = [v for p in modules_under("ui", "cli") for v in violations(p, face_violation)]
    assert not found, "ui/ and cli/ break the layer rule:\n" + "\n".join(found)


def test_core_imports_no_qt_no_sqlalchemy_and_no_other_layer():
    found = [v for p in modules_under("core") for v in violations(p, core_violation)]
    assert not found, "core/ breaks the layer rule:\n" + "\n".join(found)


# --- the checker itself: each way of importing is seen ----------------------------------------

FACE = f"{PROJECT}.ui.check.view"


@pytest.mark.parametrize("source", [
    "from classgroup_desktop.io.members_reader import read_members_file",
    "import classgroup_desktop.io.resources",
    "from classgroup_desktop.io import roster_fields",
    "from classgroup_desktop import io",
    "from classgroup_desktop import store",
    "from classgroup_desktop.store import models",
    "from classgroup_desktop.store.models import StudentRow",
    "from classgroup_desktop.store.location import data_dir",
    "from classgroup_desktop.store.db import session_scope",
    "import classgroup_desktop.store.db",
    "from ...io.members_reader import parse_member_text",
    "from ... import io",
    "from ...store import location",
    "def later():\n    from classgroup_desktop.io.members_reader import parse_member_text\n",
    "class V:\n    def m(self):\n        import classgroup_desktop.store.bulk\n",
    "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
    "    from classgroup_desktop.io.roster_reader import SheetOverride\n",
    "import importlib\nimportlib.import_module('classgroup_desktop.io.report_pdf')",
    "from importlib import import_module\nimport_module('classgroup_desktop.store.models')",
    "import importlib\nimportlib.import_module(f'classgroup_desktop.io.{name}')",
    "__import__('classgroup_desktop.io.resources')",
])
def test_each_way_of_importing_io_or_store_is_caught(source):
    found = [rule for _line, target, name in imports_of(source, FACE)
             if (rule := face_violation(target, name))]
    assert found, source


@pytest.mark.parametrize("source", [
    "from classgroup_desktop.store.db import Database",
    "from classgroup_desktop.store.db import Database, open_database",
    "from classgroup_desktop.services.members import members_from_text",
    "from classgroup_desktop.core.roster import SheetOverride",
    "from ..common import icon",
    "from .. import common",
    "import importlib\nimportlib.import_module(f'classgroup_desktop.ui.{name}')",
    "import json\nfrom pathlib import Path",
])
def test_services_core_and_the_database_handle_are_allowed(source):
    found = [rule for _line, target, name in imports_of(source, FACE)
             if (rule := face_violation(target, name))]
    assert not found


def test_a_violation_names_the_module_and_the_line(tmp_path, monkeypatch):
    package = tmp_path / PROJECT
    view = package / "ui" / "check" / "view.py"
    view.parent.mkdir(parents=True)
    view.write_text("import json\n\n\ndef read():\n"
                    "    from ...io.members_reader import read_members_file\n", encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.PACKAGE_DIR", package)
    [found] = violations(view, face_violation)
    assert found.startswith(f"{PROJECT}.ui.check.view ({PROJECT}/ui/check/view.py:5) "
                            f"imports {PROJECT}.io.members_reader")


@pytest.mark.parametrize("source", [
    "from PySide6.QtCore import QObject",
    "import sqlalchemy",
    "from sqlalchemy.orm import Session",
    "import openpyxl",
    "def f():\n    from PIL import Image\n",
    "from classgroup_desktop.io.resources import rule_catalogue",
    "from classgroup_desktop.services.log import get_rule",
    "from classgroup_desktop.store.db import Database",
    "from classgroup_desktop import ui",
    "from ..io import resources",
    "import importlib\nimportlib.import_module('classgroup_desktop.ui.common')",
])
def test_core_importing_qt_orm_files_or_other_layers_is_caught(source):
    found = [rule for _line, target, name in imports_of(source, f"{PROJECT}.core.naming")
             if (rule := core_violation(target, name))]
    assert found, source


@pytest.mark.parametrize("source", [
    "from classgroup_desktop.core.errors import UserError",
    "from .text import to_simplified",
    "from . import text",
    "import re\nfrom dataclasses import dataclass",
    "def f():\n    from pypinyin import lazy_pinyin\n",
])
def test_core_may_import_core_and_plain_libraries(source):
    found = [rule for _line, target, name in imports_of(source, f"{PROJECT}.core.naming")
             if (rule := core_violation(target, name))]
    assert not found
