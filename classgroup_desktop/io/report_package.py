"""The report package's zip: written whole or not at all, read with bounded sizes.

A package comes from another PC by USB, e-mail or WeChat, so reading trusts nothing in it: the
file must be a regular file of at most ``MAX_PACKAGE_BYTES``; the zip may hold at most
``MAX_PARTS`` parts with names of the package's own layout (nothing is ever extracted to disk);
each part is read through a limit of ``MAX_PART_BYTES`` whatever its header claims, and all parts
together at most ``MAX_TOTAL_BYTES`` (a zip bomb stops at the limit, not at the end of memory).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from classgroup_desktop.core.errors import BadInputError, os_error_text
from classgroup_desktop.io.output_path import check_output_path, write_output
from classgroup_desktop.io.regular_file import require_regular_file

MAX_PACKAGE_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 60 * 1024 * 1024
MAX_TOTAL_BYTES = 300 * 1024 * 1024
MAX_PARTS = 500
WHAT = "月报包"


def write_package(path: str | Path, parts: dict[str, bytes]) -> Path:
    """Save the parts as a zip at ``path`` (temp file, fsync, rename); the path written."""
    target = check_output_path(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, body in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, body)
    return write_output(target, buffer.getvalue(), what=WHAT)


def _read_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    with zf.open(info) as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise ValueError(info.filename)
    return data


def read_package(path: str | Path) -> dict[str, bytes]:
    """The parts of the package at ``path`` (name → bytes); ``BadInputError`` naming the file
    when it cannot be read, is not a zip, or is larger than a package can be."""
    p = require_regular_file(path, WHAT)
    try:
        size = p.stat().st_size
        if size > MAX_PACKAGE_BYTES:
            raise BadInputError(
                f"文件有 {size // (1024 * 1024)} MB，超过月报包的上限 "
                f"{MAX_PACKAGE_BYTES // (1024 * 1024)} MB，不是本软件导出的月报包。",
                file=str(p),
            )
        raw = p.read_bytes()
    except OSError as exc:
        raise BadInputError(f"无法读取月报包：{os_error_text(exc)}。", file=str(p)) from exc
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise BadInputError(
            "这不是月报包（不是 zip 文件，或文件已损坏）。请让老师重新导出“导出给学校”的文件。",
            file=str(p),
        ) from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_PARTS:
            raise BadInputError(f"月报包中的文件过多（{len(infos)} 个），已拒绝读取。",
                                file=str(p))
        parts: dict[str, bytes] = {}
        total = 0
        try:
            for info in infos:
                if info.filename in parts:
                    raise BadInputError(f"月报包中有重名的文件“{info.filename}”，已拒绝读取。",
                                        file=str(p))
                body = _read_bounded(zf, info, min(MAX_PART_BYTES, MAX_TOTAL_BYTES - total))
                total += len(body)
                parts[info.filename] = body
        except ValueError as exc:
            raise BadInputError(
                f"月报包中的“{exc}”解压后过大，已停止读取（可能是恶意构造的压缩包）。",
                file=str(p),
            ) from None
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError,
                RuntimeError, zlib.error) as exc:  # CRC errors, encrypted or unsupported parts
            raise BadInputError(f"月报包已损坏，无法解压（{exc}）。", file=str(p)) from None
    return parts
