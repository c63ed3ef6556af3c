"""Evidence files are read bounded: regular files only, 20 MB each, hashed while streaming."""

from __future__ import annotations

import hashlib
import os
import threading

import pytest

from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.io import evidence
from classgroup_desktop.io.evidence import MAX_EVIDENCE_BYTES, check_evidence, read_evidence


def test_a_screenshot_is_read_with_its_sha256(tmp_path):
    shot = tmp_path / "截图.png"
    content = os.urandom(3 * 1024 * 1024 + 17)  # several chunks, and a partial one
    shot.write_bytes(content)
    f = read_evidence(shot)
    assert f.name == "截图.png" and f.content == content
    assert f.sha256 == hashlib.sha256(content).hexdigest()


def test_a_file_of_exactly_the_limit_is_accepted(tmp_path):
    shot = tmp_path / "big.png"
    with shot.open("wb") as out:
        out.truncate(MAX_EVIDENCE_BYTES)  # sparse: no disk space used
    assert len(read_evidence(shot).content) == MAX_EVIDENCE_BYTES


def test_a_file_over_20_mb_is_refused_before_reading_with_advice(tmp_path, monkeypatch):
    photo = tmp_path / "原图.jpg"
    with photo.open("wb") as out:
        out.truncate(MAX_EVIDENCE_BYTES + 1)
    monkeypatch.setattr(evidence.os, "open", _forbidden)
    with pytest.raises(BadInputError) as err:
        read_evidence(photo)
    message = err.value.full_message
    assert "原图.jpg" in message and "最多 20 MB" in message and "较小的截图" in message


def _forbidden(*_a, **_k):
    raise AssertionError("the file must not be opened")


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path, monkeypatch):
    # The size check saw a small file; the bytes that stream in are counted too.
    grown = tmp_path / "grown.png"
    grown.write_bytes(b"x" * 5000)
    monkeypatch.setattr(evidence, "check_evidence", lambda p: grown)
    monkeypatch.setattr(evidence, "MAX_EVIDENCE_BYTES", 4096)
    with pytest.raises(BadInputError, match="太大"):
        read_evidence(grown)


def test_the_bytes_are_read_in_chunks_not_at_once(tmp_path, monkeypatch):
    shot = tmp_path / "s.png"
    shot.write_bytes(os.urandom(3 * 1024 * 1024))
    sizes: list[int] = []
    real_fdopen = os.fdopen

    def spying_fdopen(fd, *args, **kwargs):
        f = real_fdopen(fd, *args, **kwargs)
        read = f.read

        class Spy:
            def __enter__(self):
                f.__enter__()
                return self

            def __exit__(self, *exc):
                return f.__exit__(*exc)

            def fileno(self):
                return f.fileno()

            def read(self, n=-1):
                sizes.append(n)
                return read(n)

        return Spy()

    monkeypatch.setattr(evidence.os, "fdopen", spying_fdopen)
    read_evidence(shot)
    assert sizes and all(0 < n <= 1024 * 1024 for n in sizes)


def _finishes(fn, *args, timeout: float = 10.0) -> BaseException | None:
    """Run ``fn`` in a thread; the exception it raised (None if none). Fails if it hangs."""
    outcome: list[BaseException | None] = []

    def target():
        try:
            fn(*args)
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            outcome.append(exc)

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(timeout)
    assert outcome, f"{fn.__name__} did not return within {timeout} s"
    return outcome[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    try:
        exc = _finishes(read_evidence, fifo)
    finally:
        # unblock a reader stuck in open() (only if the refusal failed)
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
    assert isinstance(exc, BadInputError) and "命名管道" in exc.full_message


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_without_reading(device):
    exc = _finishes(check_evidence, device)
    assert isinstance(exc, BadInputError) and "设备" in exc.full_message
