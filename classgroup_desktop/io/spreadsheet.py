"""Low-level spreadsheet reading: recognise the file by its content, refuse what is unsafe, and
return every sheet as a grid of plain Python values.

Roster files arrive from school offices with the wrong extension (a CSV saved as ``.xlsx``), as
legacy ``.xls``, as GBK CSV, sometimes password-protected. The format is therefore sniffed from
the first bytes, never trusted from the name. Cells are read with python-calamine for both
``.xlsx`` and ``.xls`` (several times faster than openpyxl, and it reports merged ranges too).

Before calamine allocates a sheet, ``sheet_extent`` measures how far its cells reach: a stray
cell at XFD1048576 would otherwise make calamine ask for billions of cells and abort the process.
CSV files are read by ``csv_sheet`` (encoding from ``text_encoding``: UTF-8, UTF-16, GB18030,
Big5).

The cell normalisers at the bottom (``cell_text``, ``number_text``, ``phone_text``) never raise:
a spreadsheet cell can hold anything.
"""

from __future__ import annotations

import math
import re
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from classgroup_desktop.core.errors import BadInputError, os_error_text
from classgroup_desktop.io.csv_sheet import read_csv
from classgroup_desktop.io.raw_sheet import RawSheet
from classgroup_desktop.io.regular_file import require_regular_file
from classgroup_desktop.io.sheet_extent import (
    SheetExtent,
    check_extents,
    ods_extents,
    xls_extents,
    xlsx_extents,
)

MAX_FILE_BYTES = 50 * 1024 * 1024  # no class or school roster comes anywhere near this
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024  # a 3,000-row roster unzips to ~2 MB
MAX_ZIP_RATIO = 200  # real .xlsx parts compress 5-30x; a zip bomb compresses 1000x+

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Other common files a teacher may pick by mistake, so the message can say what it is.
_OTHER_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF 文档"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
    (b"{\\rtf", "RTF 文档"),
)

_WHAT_TO_DO = "请在 Excel/WPS 中打开该文件，另存为 .xlsx（或 CSV）后再导入。"


def _bad(path: Path, message: str) -> BadInputError:
    return BadInputError(message, file=path.name)


def detect_format(path: Path, what: str = "表格文件") -> str:
    """``"xlsx"``, ``"ods"``, ``"xls"`` or ``"csv"``, judged by content; BadInputError otherwise.

    Also refuses what is not a regular file (a FIFO, a device, a folder: ``what`` names the
    expected kind in the message), files that are too large, encrypted, corrupt zips and zip
    bombs, before any parser touches them.
    """
    require_regular_file(path, what)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _bad(path, "文件不存在。请检查路径是否正确。") from None
    except OSError as exc:
        raise _bad(
            path, f"无法读取该文件（{os_error_text(exc)}）。请确认文件没有被其他程序占用。"
        ) from None
    if size == 0:
        raise _bad(path, "文件是空的（0 字节）。请确认文件已正确保存或下载完整。")
    if size > MAX_FILE_BYTES:
        raise _bad(
            path,
            f"文件太大（{size / 1024 / 1024:.0f} MB，上限 {MAX_FILE_BYTES // 1024 // 1024} MB），"
            "不像是花名册。请确认选择的文件正确，或只保留学生名单后另存再导入。",
        )
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(ZIP_MAGIC):
        return _check_zip(path)
    if head.startswith(OLE2_MAGIC):
        _check_ole2(path)
        return "xls"
    for magic, what in _OTHER_MAGIC:
        if head.startswith(magic):
            raise _bad(path, f"这是{what}，不是表格文件。请选择 Excel（.xlsx/.xls）或 CSV 花名册。")
    return "csv"


def _check_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > MAX_UNZIPPED_BYTES or (
                total > 20 * 1024 * 1024 and total / packed > MAX_ZIP_RATIO
            ):
                raise _bad(
                    path,
                    "文件解压后异常巨大（疑似“压缩炸弹”或损坏），为安全起见不予读取。"
                    "请向发送者重新索取花名册。",
                )
            if any(i.flag_bits & 0x1 for i in infos):
                raise _bad(path, "文件设置了密码（已加密），无法读取。" + _UNLOCK_HINT)
            mimetype = b""
            if "mimetype" in names:
                with zf.open("mimetype") as fh:
                    mimetype = fh.read(100)
    except zipfile.BadZipFile:
        raise _bad(
            path,
            "文件已损坏或不完整（可能下载或拷贝时中断）。"
            "请重新下载/拷贝，或在 Excel 中打开后另存再导入。",
        ) from None
    except OSError as exc:
        raise _bad(path, f"无法读取该文件（{os_error_text(exc)}）。请重新拷贝后再试。") from None
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        if "xl/workbook.bin" in names:
            raise _bad(path, "这是 .xlsb（二进制工作簿），暂不支持。" + _WHAT_TO_DO)
        return "xlsx"
    if b"opendocument.spreadsheet" in mimetype:
        return "ods"
    if "word/document.xml" in names:
        raise _bad(
            path,
            "这是 Word 文档，不是表格文件。"
            "如果名单在 Word 表格里，请复制到 Excel 后保存为 .xlsx 再导入。",
        )
    raise _bad(path, "这是一个压缩包，不是 Excel 表格。请解压后选择其中的花名册表格。")


_UNLOCK_HINT = (
    "请在 Excel/WPS 中输入密码打开，通过“文件 → 信息 → 保护工作簿”取消密码，另存后再导入。"
)


def _check_ole2(path: Path) -> None:
    """Legacy .xls and encrypted .xlsx are both OLE2 containers; tell them apart."""
    try:
        import msoffcrypto
        import olefile

        with path.open("rb") as fh:
            ole = olefile.OleFileIO(fh)
            try:
                streams = {"/".join(entry) for entry in ole.listdir()}
            finally:
                ole.close()
        if "EncryptionInfo" in streams or "EncryptedPackage" in streams:
            raise _bad(path, "文件设置了打开密码（已加密），无法读取。" + _UNLOCK_HINT)
        if "Workbook" not in streams and "Book" not in streams:
            if "WordDocument" in streams:
                raise _bad(
                    path,
                    "这是旧版 Word 文档（.doc），不是表格文件。"
                    "请把名单复制到 Excel 后保存为 .xlsx。",
                )
            raise _bad(path, "这不是 Excel 表格文件。" + _WHAT_TO_DO)
        with path.open("rb") as fh:
            if msoffcrypto.OfficeFile(fh).is_encrypted():
                raise _bad(path, "文件设置了打开密码（已加密），无法读取。" + _UNLOCK_HINT)
    except BadInputError:
        raise
    except Exception:  # noqa: BLE001 - any parser failure here means a broken container
        raise _bad(path, "文件已损坏，无法识别为 Excel 表格。" + _WHAT_TO_DO) from None


def read_sheets(path: Path, fmt: str | None = None) -> list[RawSheet]:
    """Every sheet of the file as a ``RawSheet`` (CSV: one sheet named after the file).

    Bounded: a sheet reaching past ``MAX_ROWS`` × ``MAX_COLUMNS`` is refused (BadInputError
    naming the sheet and cell) before any cell is allocated, so no file can exhaust memory.
    """
    fmt = fmt or detect_format(path)
    if fmt == "csv":
        return [read_csv(path)]
    extents = _measure(path, fmt)
    check_extents(path.name, extents)
    uncached = {e.name: frozenset(e.uncached_formulas) for e in extents if e.uncached_formulas}
    return _read_workbook(path, uncached)


def _measure(path: Path, fmt: str) -> list[SheetExtent]:
    scan = {"xlsx": xlsx_extents, "xls": xls_extents, "ods": ods_extents}[fmt]
    try:
        return scan(path)
    except BadInputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken container is the file's fault
        raise _bad(path, f"文件已损坏，无法读取（{type(exc).__name__}）。" + _WHAT_TO_DO) from None


# A damaged file can make calamine's Rust code panic; pyo3 turns the panic into a
# ``PanicException``, which derives from BaseException, not Exception. Everything but these is
# the file's fault.
_NOT_OURS = (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError)


def _read_workbook(path: Path, uncached: dict[str, frozenset[tuple[int, int]]]) -> list[RawSheet]:
    import python_calamine as pc

    try:
        # from a file object calamine sniffs the format from the content, not the extension
        with path.open("rb") as fh:
            wb = pc.CalamineWorkbook.from_filelike(fh)
    except pc.PasswordError:
        raise _bad(path, "文件设置了打开密码（已加密），无法读取。" + _UNLOCK_HINT) from None
    except _NOT_OURS:
        raise
    except BaseException as exc:  # noqa: BLE001 - calamine errors, and Rust panics (see below)
        raise _bad(path, f"文件已损坏，无法读取（{type(exc).__name__}）。" + _WHAT_TO_DO) from None
    sheets: list[RawSheet] = []
    try:
        for meta in wb.sheets_metadata:
            if "WorkSheet" not in str(meta.typ):
                continue  # chart sheets, macro sheets
            hidden = not str(meta.visible).endswith(".Visible")
            try:
                sheet = wb.get_sheet_by_name(meta.name)
                rows = sheet.to_python(skip_empty_area=False)
                merged = sheet.merged_cell_ranges or []
            except _NOT_OURS:
                raise
            except BaseException as exc:  # noqa: BLE001 - as above
                raise BadInputError(
                    f"工作表无法读取（{type(exc).__name__}），文件可能已损坏。" + _WHAT_TO_DO,
                    file=path.name,
                    sheet=meta.name,
                ) from None
            _fill_vertical_merges(rows, merged)
            sheets.append(
                RawSheet(
                    name=meta.name,
                    rows=rows,
                    hidden=hidden,
                    uncached=uncached.get(meta.name, frozenset()),
                )
            )
    finally:
        wb.close()
    return sheets


def _fill_vertical_merges(rows: list[list[Any]], merged: list) -> None:
    """Copy a vertically merged cell's value down (a student's name merged over guardian rows).

    Horizontal merges are left alone: they are titles, and copying a title across would make it
    look like several header cells.
    """
    for (r0, c0), (r1, c1) in merged:
        if r1 <= r0 or r0 >= len(rows):
            continue
        for c in range(c0, min(c1, len(rows[r0]) - 1) + 1):
            value = rows[r0][c]
            for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
                row = rows[r]
                if c < len(row) and row[c] in ("", None):
                    row[c] = value


# --- cell normalisers (never raise) ------------------------------------------------------------

_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\u200c\u200d\u2060\ufeff]+")


_DROP_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def cell_text(value: Any) -> str:
    """A cell as trimmed text with inner whitespace runs (incl. full-width spaces) collapsed and
    zero-width characters dropped; '' for empty cells."""
    if type(value) is str:  # the common case, kept fast: thousands of cells per import
        return " ".join(value.translate(_DROP_INVISIBLE).split())
    if value is None:
        return ""
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (datetime, date, time, timedelta)):
        return str(value)
    try:
        text = str(value)
    except Exception:  # noqa: BLE001 - objects with broken __str__
        return ""
    return _SPACES.sub(" ", text).strip()


def number_text(value: Any) -> str:
    """An identifier-like cell as text: ``1.0`` → ``"1"``, ``"007"`` stays ``"007"``."""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        if value.is_integer() and abs(value) < 1e18:
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    text = cell_text(value)
    # "12.0" typed as text by a CSV round trip through Excel
    if re.fullmatch(r"\d{1,17}\.0+", text):
        return text.split(".", 1)[0]
    return text


_PHONE_SPLIT = re.compile(r"[;；,，/、|]|\s{2,}")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(-\d{1,5})?")
_SCI = re.compile(r"\d(\.\d+)?[eE]\+?\d+")


def phone_text(value: Any) -> str | None:
    """A phone cell as text: numbers and ``+86``/spaces/dashes handled; None for an empty cell.

    Mobile numbers come out as 11 digits; landlines keep one dash after the area code; anything
    else is returned trimmed as written (the caller may warn about it). Of several numbers in one
    cell the first is kept.
    """
    if value is None or value == "":
        return None
    if type(value) is float and value.is_integer() and 1e10 <= value < 2e10:
        return str(int(value))  # fast path: a mobile number stored as a number
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = number_text(value)
    else:
        text = cell_text(value)
        if _SCI.fullmatch(text):
            try:
                text = number_text(float(text))
            except (ValueError, OverflowError):
                pass
    if not text:
        return None
    first = next((p for p in _PHONE_SPLIT.split(text) if p.strip()), text).strip()
    digits = re.sub(r"[\s\-()（）.]", "", first)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if _MOBILE.fullmatch(digits):
        return digits
    squeezed = re.sub(r"[\s()（）]", "", first).replace("—", "-").replace("－", "-")
    if _LANDLINE.fullmatch(squeezed):
        if "-" not in squeezed:
            area = 3 if squeezed[:3] in {"010"} or squeezed[1] == "2" else 4
            squeezed = squeezed[:area] + "-" + squeezed[area:]
        return squeezed
    if re.fullmatch(r"\d{7,8}", digits):
        return digits  # local landline without area code
    return first


def is_valid_phone(phone: str) -> bool:
    """An 11-digit mobile starting with 1, or a landline like 0571-88886666 / 88886666."""
    return bool(
        _MOBILE.fullmatch(phone) or _LANDLINE.fullmatch(phone) or re.fullmatch(r"\d{7,8}", phone)
    )


def column_letter(index: int) -> str:
    """Excel column letters for a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
