"""jieba's dictionary (``jieba/dict.txt``: word, frequency, part of speech; 349,046 words and
idioms) as the word lookup the member check uses to tell a name from a phrase (高山流水).

Only the file is read; jieba itself is never imported (its import builds a prefix dictionary
and an HMM we do not need). The file is read on the first lookup, as raw lines sorted once in
memory (the file is nearly sorted already, so the sort is a few milliseconds); a lookup is a
binary search, a few microseconds. Measured on the development machine: ≈20 ms and ≈20 MB on
the first lookup, nothing before it. Without jieba installed every lookup answers None, and the
check simply doubts no phrase.
"""

from __future__ import annotations

import sys
import threading
from bisect import bisect_left
from importlib.util import find_spec
from pathlib import Path

_lock = threading.Lock()
_lines: list[bytes] | None = None


def dictionary_path() -> Path | None:
    """Where jieba's dict.txt is, found without importing jieba (in a PyInstaller bundle: the
    copy the spec puts in ``jieba/``); None when it is nowhere."""
    try:
        spec = find_spec("jieba")
    except (ImportError, ValueError):
        spec = None
    folders = list(spec.submodule_search_locations or []) if spec else []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        folders.append(str(Path(bundle) / "jieba"))
    for folder in folders:
        path = Path(folder) / "dict.txt"
        if path.is_file():
            return path
    return None


def _load() -> list[bytes]:
    global _lines
    with _lock:
        if _lines is None:
            path = dictionary_path()
            try:
                raw = path.read_bytes() if path is not None else b""
            except OSError:
                raw = b""
            lines = raw.split(b"\n")
            lines.sort()  # bytes order is code point order: the order of the lookups below
            _lines = lines
        return _lines


def word_frequency(word: str) -> int | None:
    """How often ``word`` occurs in jieba's corpus counts, or None when it is not a word there."""
    if not word:
        return None
    lines = _lines if _lines is not None else _load()
    key = word.encode("utf-8") + b" "
    i = bisect_left(lines, key)
    if i < len(lines) and lines[i].startswith(key):
        try:
            return int(lines[i][len(key):].split(b" ", 1)[0])
        except ValueError:
            return None
    return None


def is_loaded() -> bool:
    """Whether the dictionary has been read (for benchmarks)."""
    return _lines is not None


def unload() -> None:
    """Forget the dictionary (benchmarks measure the first lookup with it)."""
    global _lines
    with _lock:
        _lines = None
