"""Which encoding a text file (CSV, member list) was saved in.

School PCs save text as UTF-8 (with or without a BOM), as Excel's "Unicode text" (UTF-16 with a
BOM), as GBK/GB18030 (mainland Windows' ANSI code page) or, for files from Hong Kong, Macau and
Taiwan, as Big5 (code page 950). A BOM settles it; otherwise UTF-8 is tried strictly (real GBK
text almost never passes), then GB18030 and Big5 are both tried strictly. Big5 text usually
decodes as GBK too — into nonsense — so when both succeed the one whose characters are the
common ones of its own standard wins:

- in GB text, the characters of GB2312 (the 6,763 characters of everyday Simplified Chinese);
- in Big5 text, Big5's level-1 block (A440–C67E, the 5,401 frequent Traditional characters).

Big5 bytes read as GBK land mostly outside GB2312 (in kana, Greek, the private-use area and the
GBK extension rows), and GBK bytes read as Big5 land half in Big5's rare level-2 block, so the
scores are far apart on any real roster. A file whose best reading is still mostly rare or
private-use characters is in none of these encodings and is refused, naming what was tried.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from classgroup_desktop.core.errors import BadInputError

TRIED = "UTF-8、UTF-16、GB18030/GBK、Big5"
_SAMPLE = 64 * 1024
_MIN_SCORE = 0.6  # share of non-ASCII characters that must be common ones


def _bad(path: Path, message: str) -> BadInputError:
    return BadInputError(message, file=path.name)


def _unknown(path: Path) -> BadInputError:
    return _bad(
        path,
        f"无法识别文件编码（已尝试 {TRIED}）。请在 Excel/WPS 中打开该文件，"
        "另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后再导入。",
    )


@lru_cache(maxsize=16384)
def _gb_common(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=16384)
def _big5_common(ch: str) -> bool:
    try:
        code = ch.encode("cp950")
    except UnicodeEncodeError:
        return False
    if len(code) != 2:
        return True
    value = int.from_bytes(code, "big")
    return 0xA140 <= value <= 0xA3BF or 0xA440 <= value <= 0xC67E  # symbols, level 1


def _score(text: str, common: Callable[[str], bool]) -> float:
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return 1.0
    return sum(1 for ch in wide if common(ch)) / len(wide)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM shows as a NUL in every other byte of ASCII text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for codec, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= len(zeros) * 0.3 and other.count(0) * 4 < zeros.count(0):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            return (text, codec) if _plausible(text[:2048]) else None
    return None


def _plausible(text: str) -> bool:
    """Mostly printable text: binary read as UTF-16 is full of control characters."""
    bad = sum(1 for ch in text if (ch < " " and ch not in "\t\r\n") or "\ue000" <= ch <= "\uf8ff")
    return bad * 50 <= len(text)


def decode_text(path: Path, data: bytes) -> str:
    """The text of a file, its encoding detected (see the module docstring).

    BadInputError naming the encodings tried when none fits, or saying the file is binary.
    """
    return detect_text(path, data)[0]


def detect_text(path: Path, data: bytes) -> tuple[str, str]:
    """``(text, encoding)``: as ``decode_text``, also naming the encoding found (``"utf-8"``,
    ``"utf-16-le"``, ``"gb18030"``, ``"cp950"`` …) — a GBK file cannot hold 䶮, and the import
    can say so when a stored name with such a character comes back changed."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            raise _unknown(path) from None
    for bom, codec in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), codec
            except UnicodeDecodeError:
                continue
    if b"\x00" in data[:4096]:
        found = _utf16_without_bom(data)
        if found is not None:
            return found
        raise _bad(
            path,
            "这不是表格或文本文件（含有二进制内容）。请选择 Excel（.xlsx/.xls）或 CSV 文件。",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[tuple[float, int, str, str]] = []
    for rank, (codec, common) in enumerate((("gb18030", _gb_common), ("cp950", _big5_common))):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_score(text[:_SAMPLE], common), -rank, text, codec))
    if not candidates:
        raise _unknown(path)
    score, _, text, codec = max(candidates)
    if score < _MIN_SCORE:
        raise _unknown(path)
    return text, codec
