"""Reading an evidence file (a screenshot, a photo of a note) to attach to a log entry.

Bounded: only a regular file, at most ``MAX_EVIDENCE_BYTES``, read in chunks and hashed while it
streams in. A FIFO or a device (``/dev/zero`` never ends) is refused before it is opened for
reading, and a file that grows past the limit while being read is refused as soon as it does,
so no input can fill the memory or the database.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from classgroup_desktop.core.errors import BadInputError, os_error_text
from classgroup_desktop.io.regular_file import require_regular_file

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
_CHUNK = 1024 * 1024
_WHAT = "证据文件"


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """An evidence file as read: its name, the SHA-256 of its content, the content."""

    name: str
    sha256: str
    content: bytes


def _too_big(path: Path, size: int) -> BadInputError:
    return BadInputError(
        f"证据文件太大（{size / 1024 / 1024:.1f} MB），每个附件最多 "
        f"{MAX_EVIDENCE_BYTES // 1024 // 1024} MB。请换一张较小的截图：在手机上截屏而不是"
        "发送原图，或用“画图”把图片另存为 JPG 后再附上。",
        file=str(path),
    )


def check_evidence(path: str | Path) -> Path:
    """``path`` when it can be attached (a regular file within the size limit), without
    reading it; ``BadInputError`` naming the file otherwise."""
    p = require_regular_file(path, _WHAT)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise BadInputError(f"无法读取证据文件：{os_error_text(exc)}。", file=str(p)) from exc
    if size > MAX_EVIDENCE_BYTES:
        raise _too_big(p, size)
    return p


def read_evidence(path: str | Path) -> EvidenceFile:
    """The file's name, SHA-256 and content, read in chunks and hashed while streaming.

    Refused with ``BadInputError`` naming the file: a folder, FIFO, device or other special
    file (at once, nothing is read), a missing or unreadable file, a file over
    ``MAX_EVIDENCE_BYTES`` (before reading, or as soon as a growing file passes it).
    """
    p = check_evidence(path)
    try:
        # O_NONBLOCK: if the path was swapped for a FIFO since the check, opening it must not
        # wait for a writer; fstat below then refuses it.
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise BadInputError(f"无法读取证据文件：{os_error_text(exc)}。", file=str(p)) from exc
    with os.fdopen(fd, "rb", buffering=0) as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise BadInputError("这不是普通文件，不能作为证据文件读取。", file=str(p))
        digest = hashlib.sha256()
        chunks: list[bytes] = []
        total = 0
        try:
            while chunk := f.read(_CHUNK):
                total += len(chunk)
                if total > MAX_EVIDENCE_BYTES:
                    raise _too_big(p, total)
                digest.update(chunk)
                chunks.append(chunk)
        except OSError as exc:
            raise BadInputError(
                f"无法读取证据文件：{os_error_text(exc)}。", file=str(p)
            ) from exc
    return EvidenceFile(p.name, digest.hexdigest(), b"".join(chunks))
