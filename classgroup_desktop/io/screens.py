"""Screenshots of the WeChat member page → member nicknames, offline.

The OCR engine is RapidOCR: PaddleOCR's PP-OCR Chinese detection and recognition models converted
to ONNX and shipped inside the wheel, run by onnxruntime on the CPU. Nothing is downloaded at run
time. ``rapidocr-onnxruntime`` (1.x) is used where it installs (Python ≤ 3.12); on Python 3.13+
it declares itself unsupported, so there the successor package ``rapidocr`` (3.x, models also in
the wheel) is used with ``onnxruntime`` — :func:`get_engine` hides the API difference. The engine
(and OpenCV/numpy) is imported on first use, so the app starts fast; one engine is kept per process.

The geometry (cells, rows, chrome) lives in :mod:`screens_layout` and the merging of overlapping
screenshots in :mod:`screens_merge`; neither needs OCR.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from classgroup_desktop.core.errors import BadInputError, UserError
from classgroup_desktop.io.regular_file import require_regular_file
from classgroup_desktop.io.screens_boxes import Cell, Slot
from classgroup_desktop.io.screens_layout import (
    ShotLayout,
    TextBox,
    read_layout,
    spanning_boxes,
)
from classgroup_desktop.io.screens_merge import MergedCell, count_warning, merge_and_join

MIN_WIDTH = 200
# Engine options: screenshots are upright, so the angle classifier is skipped (≈ 5 % faster);
# a tighter unclip ratio keeps neighbouring names in a grid from being detected as one line.
# Recognition pads every line to at least ``rec_img_shape``'s width (320 px at 48 px high by
# default, ≈ 7 characters); a nickname is mostly 2–5, so 160 halves the work on the padding
# (recognition is ≈ 60 % of a phone shot) and reads the same names on the test sets.
ENGINE_OPTIONS: dict[str, Any] = {
    "use_cls": False,
    "det_unclip_ratio": 1.3,
    "rec_img_shape": [3, 48, 160],
}
# The detector's input, longest side, for a phone shot (at least ≈ 660 px wide).
# The engine gives it such a picture at up to 2000 px (its ``limit_side_len`` only ever
# enlarges a narrow picture); names are large text, found as well at 1440 px, in half the time.
# Lines are still cut for recognition from the larger picture. (1280 px or less starts to lose
# the "…" of cut names; 960 px runs names together.)
DET_MAX_SIDE: int | None = 1440  # None: the engine's own sizes
# The same options in rapidocr 3.x's spelling; its INFO log lines on stderr are not for users.
ENGINE_PARAMS_V3: dict[str, Any] = {
    "Global.use_cls": False,
    "Det.unclip_ratio": 1.3,
    "Global.log_level": "warning",
}

_engine: Any = None
_engine_lock = threading.Lock()
_run_lock = threading.Lock()


def get_engine() -> Any:
    """The process-wide OCR engine, created on first use (≈ 0.3–0.5 s)."""
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = _make_engine()
        return _engine


def _make_engine() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:  # Python 3.13+: only rapidocr 3.x installs there
        from rapidocr import RapidOCR as RapidOCRv3

        return _V3Engine(RapidOCRv3(params=ENGINE_PARAMS_V3))
    engine = RapidOCR(**ENGINE_OPTIONS)
    if DET_MAX_SIDE:
        _cap_detector(engine.text_det, DET_MAX_SIDE)
    return engine


def _cap_detector(detector: Any, max_side: int) -> None:
    """Make rapidocr-onnxruntime 1.x's detector shrink a large picture to ``max_side``.

    Its own ``limit_type: max`` ignores ``limit_side_len`` (it picks 960/1500/2000 by the
    picture's size), so the one method choosing the resize is replaced. A picture the engine
    would enlarge a lot (much narrower than its ``limit_side_len``, 736 px: the PC member panel
    with its small text) is left to the engine; a 720-px phone JPEG is read at 1440 px long
    instead of ≈ 1600. The detector maps its boxes back to the size it was given, so nothing
    else changes."""
    try:
        from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess
    except ImportError:  # pragma: no cover - another layout of the package: keep its default
        return
    if not hasattr(detector, "get_preprocess") or detector.limit_type != "min":  # pragma: no cover
        return
    least = int(detector.limit_side_len)

    class CappedPreProcess(DetPreProcess):  # type: ignore[misc]
        def resize(self, img: Any) -> Any:
            h, w = img.shape[:2]
            if min(h, w) >= 0.9 * least and max(h, w) > max_side:
                self.limit_side_len, self.limit_type = max_side, "max"
            else:
                self.limit_side_len, self.limit_type = least, "min"
            return super().resize(img)

    preprocess = CappedPreProcess(least, "min", detector.mean, detector.std)
    detector.get_preprocess = lambda _max_wh: preprocess


class _V3Engine:
    """rapidocr 3.x behind rapidocr-onnxruntime 1.x's call shape: ``engine(image)`` gives
    ``([[points, text, score], ...] or None, elapse)``; with ``use_det=False`` (recognition of
    one line) the rows are ``[text, score]``."""

    def __init__(self, engine: Any) -> None:
        self._engine = engine

    def __call__(
        self, image: Any, use_det: bool = True, use_cls: bool = False, use_rec: bool = True
    ) -> tuple[list[list[Any]] | None, Any]:
        # Always pass all three: rapidocr 3.x keeps a call's use_* values for the next calls.
        out = self._engine(image, use_det=use_det, use_cls=use_cls, use_rec=use_rec)
        txts, scores = getattr(out, "txts", None), getattr(out, "scores", None)
        elapse = getattr(out, "elapse", None)
        if not txts or scores is None:
            return None, elapse
        if not use_det:
            return [[str(t), float(s)] for t, s in zip(txts, scores, strict=False)], elapse
        boxes = getattr(out, "boxes", None)
        if boxes is None:
            return None, elapse
        found = [
            [[[float(x), float(y)] for x, y in box], str(text), float(score)]
            for box, text, score in zip(boxes, txts, scores, strict=True)
        ]
        return found or None, elapse


def engine_loaded() -> bool:
    return _engine is not None


def ocr_charset() -> frozenset[str] | None:
    """The characters the recognition model can produce (its dictionary, shipped inside the
    model file), or ``None`` when the engine does not expose it. A child's rare character (䶮)
    missing here is read as a look-alike; the roster then corrects it."""
    engine = get_engine()
    inner = getattr(engine, "_engine", engine)  # rapidocr 3.x sits behind _V3Engine
    for path in (("text_rec", "postprocess_op", "character"), ("text_rec", "character")):
        found: Any = inner
        for name in path:
            found = getattr(found, name, None)
        if found:
            return frozenset(str(c) for c in found if len(str(c)) == 1)
    return None


def _check_complete(data: bytes, name: str) -> None:
    """Refuse a cut-off or damaged picture before OpenCV sees it: its decoders (libpng,
    libjpeg) print their own English warnings on stderr (``libpng error: PNG input buffer is
    incomplete``), which Pillow does not. A file Pillow does not know is left to OpenCV."""
    from io import BytesIO

    from PIL import Image, UnidentifiedImageError

    try:
        picture = Image.open(BytesIO(data))
    except (UnidentifiedImageError, Image.DecompressionBombError, ValueError):
        return
    try:
        picture.load()  # a full decode: ≈ 20 ms for a phone screenshot, against ≈ 1 s of OCR
    except Image.DecompressionBombError:
        return
    except (OSError, SyntaxError, ValueError) as exc:
        raise BadInputError(
            "图片文件不完整或已损坏（可能没有下载或复制完），请重新保存截图后再选择。", file=name
        ) from exc
    finally:
        picture.close()


def load_image(path: str | Path) -> Any:
    """The picture as a BGR array; ``BadInputError`` when it is not a usable image."""
    import cv2
    import numpy as np

    # A FIFO would block the read and a device never end: refused before anything opens it.
    try:
        p = require_regular_file(path, "截图")
    except BadInputError as exc:
        raise BadInputError(exc.message, file=Path(path).name) from None
    try:
        data = np.fromfile(str(p), dtype=np.uint8)  # fromfile: non-ASCII paths work on Windows
    except OSError as exc:
        raise BadInputError(
            "无法打开这个文件，请确认文件存在且没有被其他程序占用。", file=p.name
        ) from exc
    _check_complete(data.tobytes(), p.name)
    img = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if img is None:
        raise BadInputError(
            "这不是可以识别的图片，请选择微信群成员页面的截图（PNG 或 JPG）。", file=p.name
        )
    h, w = img.shape[:2]
    if w < MIN_WIDTH or h < MIN_WIDTH:
        raise BadInputError(
            f"图片太小（{w}×{h} 像素），看不清名字。"
            f"请发送原图截图（宽度至少 {MIN_WIDTH} 像素，最好 720 像素以上）。",
            file=p.name,
        )
    gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    if float(gray.std()) < 3.0:
        raise BadInputError("图片是空白的，没有任何内容。请重新截图。", file=p.name)
    return img


# A phone screen is about 2.2 times as tall as wide. Taller pictures (a 长截图 scrolling
# screenshot) are read in overlapping slices: the engine shrinks anything over 2000 px to fit,
# which would make the names of a long screenshot too small to read.
SLICE_RATIO = 2.2
SLICE_OVERLAP = 0.25  # of the width: far more than a line of text is tall


def _ocr(image: Any, dy: float = 0.0) -> list[TextBox]:
    engine = get_engine()
    with _run_lock:  # one onnxruntime session used from one thread at a time
        result, _elapse = engine(image)
    boxes = []
    for points, text, score in result or []:
        xs = [float(p[0]) for p in points]
        ys = [float(p[1]) + dy for p in points]
        boxes.append(TextBox(str(text), float(score), min(xs), min(ys), max(xs), max(ys)))
    return boxes


def slices(width: int, height: int) -> list[tuple[int, int]]:
    """Vertical ranges (top, bottom) to read a picture in; one range for a normal screenshot."""
    size = round(width * SLICE_RATIO)
    if height <= size * 1.15:
        return [(0, height)]
    step = size - round(width * SLICE_OVERLAP)
    out, top = [], 0
    while True:
        bottom = min(height, top + size)
        out.append((top, bottom))
        if bottom >= height:
            return out
        top += step


def recognise(image: Any) -> list[TextBox]:
    """Text lines found in the picture, as axis-aligned boxes with the OCR score; on a grid page
    one box per name even where the detector ran neighbouring names together."""
    return reread_spanning(image, detect_lines(image))


def detect_lines(image: Any) -> list[TextBox]:
    """Every text line of ``image`` (detector on overlapping slices, then recognition)."""
    h, w = image.shape[:2]
    ranges = slices(w, h)
    if len(ranges) == 1:
        return _ocr(image)
    margin = 2.0
    boxes: list[TextBox] = []
    for top, bottom in ranges:
        for b in _ocr(image[top:bottom], top):
            # a line cut by a slice's inner edge is read whole in the neighbouring slice
            if (top > 0 and b.y0 <= top + margin) or (bottom < h and b.y1 >= bottom - margin):
                continue
            # a line wholly inside the overlap is read twice: keep the surer reading
            twin = next(
                (
                    i
                    for i, o in enumerate(boxes)
                    if abs(o.cy - b.cy) < 0.5 * b.h and abs(o.cx - b.cx) < 0.5 * b.h
                ),
                None,
            )
            if twin is None:
                boxes.append(b)
            elif b.score > boxes[twin].score:
                boxes[twin] = b
    return boxes


def _read_line(image: Any) -> tuple[str, float]:
    """Recognition alone (no detection) of a picture holding one line of text."""
    engine = get_engine()
    with _run_lock:
        result, _elapse = engine(image, use_det=False, use_cls=False, use_rec=True)
    if not result:
        return "", 0.0
    text, score = result[0][:2]
    return str(text).strip(), float(score)


def reread_spanning(image: Any, boxes: list[TextBox]) -> list[TextBox]:
    """Boxes with every line that spans grid columns replaced by its cells, each read on its own.

    The detector sometimes joins two long names of neighbouring cells into one line
    (``周杰妈…liangsich…``); cutting that line's text by guesswork splits a name in the wrong
    place, so each cell's piece of the picture is recognised again instead. Only such lines are
    read again (≈ 50 ms each), not every cell. A piece read as nothing is left out; a line none of
    whose pieces reads is kept as it was (the layout then splits its text).
    """
    h, w = image.shape[:2]
    todo = spanning_boxes(boxes, w, h)
    if not todo:
        return boxes
    replaced: dict[int, list[TextBox]] = {}
    for span in todo:
        parts = []
        for x0, y0, x1, y1 in span.parts:
            crop = image[
                max(0, int(y0)) : min(h, math.ceil(y1)), max(0, int(x0)) : min(w, math.ceil(x1))
            ]
            if crop.size == 0:
                continue
            text, score = _read_line(crop)
            if text:
                parts.append(TextBox(text, score, x0, y0, x1, y1))
        if parts:
            replaced[span.index] = parts
    out: list[TextBox] = []
    for i, b in enumerate(boxes):
        out.extend(replaced.get(i, [b]))
    return out


# Looking at a grid place without a name (see screens_boxes.Slot): a pixel is a mark when one of
# its channels differs from the band's background by more than INK_DELTA.
INK_DELTA = 48
NAME_MARKS = 0.015  # of the name band: something is written there (an emoji)
AVATAR_MARKS = 0.05  # of the avatar's middle: a picture is there
TILE_MARKS = 0.01  # a + or − drawn in an outlined tile, and nothing under it


def _marks(image: Any, box: tuple[int, int, int, int], background: Any) -> float:
    import numpy as np

    x0, y0, x1, y1 = box
    crop = image[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)]
    if crop.size == 0:
        return 0.0
    diff = np.abs(crop.astype(np.int16) - background.astype(np.int16)).max(axis=2)
    return float((diff > INK_DELTA).mean())


def look_at_slots(image: Any, layout: ShotLayout) -> ShotLayout:
    """The layout with its grid places without a name looked at in the picture: an avatar with
    marks in its name band is a member whose name OCR cannot read (kept, marked unreadable); an
    outlined tile right after the last member, with nothing under it, is the +/− tiles that end
    the list."""
    import numpy as np

    if not layout.slots:
        return layout
    rows = [list(r) for r in layout.rows]
    tiles: list[Slot] = []
    for slot in layout.slots:
        x0, y0, x1, y1 = slot.name_box
        band = image[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)]
        if band.size == 0:
            continue
        background = np.median(band.reshape(-1, band.shape[-1]), axis=0)
        name = _marks(image, slot.name_box, background)
        avatar = _marks(image, slot.avatar_box, background)
        if name >= NAME_MARKS and avatar >= AVATAR_MARKS and slot.row < len(rows):
            rows[slot.row].append(
                Cell("", False, 0.0, slot.row, slot.col, slot.name_box, unreadable=True)
            )
        elif name < NAME_MARKS and avatar >= TILE_MARKS:
            tiles.append(slot)
    rows = [sorted(r, key=lambda c: c.col) for r in rows]
    ends = layout.ends_with_tiles
    if rows and rows[-1]:
        last = rows[-1][-1]
        after = {(last.row, last.col + 1), (last.row + 1, 0)}
        ends = ends or any((t.row, t.col) in after for t in tiles)
    return replace(layout, rows=tuple(tuple(r) for r in rows), ends_with_tiles=ends)


@dataclass(frozen=True)
class Screenshot:
    """One file read: its name, size and layout."""

    file: str
    width: int
    height: int
    layout: ShotLayout


# What the last few files gave, keyed by path, size and modification time: the preview, a
# re-check and ``check --screens`` after ``members-from-screens`` do not run OCR twice. The layout
# (or the reason the file is no member page) is kept with the boxes: reading it looks at the
# picture's pixels too, and the picture is not kept.
_CACHE_SIZE = 12
_cache: OrderedDict[tuple[str, int, int], _FileRead] = OrderedDict()
_cache_lock = threading.Lock()


@dataclass(frozen=True)
class _FileRead:
    width: int
    height: int
    boxes: list[TextBox]
    layout: ShotLayout | None
    error: UserError | None


def _file_key(p: Path) -> tuple[str, int, int] | None:
    try:
        st = p.stat()
    except OSError:
        return None
    return (str(p.resolve()), st.st_size, st.st_mtime_ns)


def _read_file(p: Path) -> _FileRead:
    key = _file_key(p)
    if key is not None:
        with _cache_lock:
            if key in _cache:
                _cache.move_to_end(key)
                return _cache[key]
    image = load_image(p)
    h, w = image.shape[:2]
    boxes = recognise(image)
    try:
        read = _FileRead(w, h, boxes, look_at_slots(image, read_layout(boxes, w, h)), None)
    except UserError as exc:
        read = _FileRead(w, h, boxes, None, exc)
    if key is not None:
        with _cache_lock:
            _cache[key] = read
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    return read


def read_screenshot(path: str | Path) -> Screenshot:
    """Read one screenshot; ``BadInputError`` (naming the file) when it is not a member page."""
    p = Path(path)
    read = _read_file(p)
    if read.layout is None:
        assert read.error is not None
        raise BadInputError(read.error.message, file=p.name) from read.error
    return Screenshot(p.name, read.width, read.height, read.layout)


@dataclass(frozen=True)
class ScreensRead:
    shots: tuple[Screenshot, ...]
    merged: tuple[MergedCell, ...]
    title_count: int | None
    warnings: tuple[str, ...]


def read_screenshots(
    paths: Sequence[str | Path], progress: Callable[[int, int], None] | None = None
) -> ScreensRead:
    """Read screenshots in the order given and merge them into one member list.

    ``progress(done, total)`` is called after each file. Raises ``BadInputError`` for the first
    file that is not a readable member page; nothing is returned half-read.
    """
    if not paths:
        raise BadInputError("没有选择截图。")
    shots: list[Screenshot] = []
    for i, path in enumerate(paths):
        shots.append(read_screenshot(path))
        if progress is not None:
            progress(i + 1, len(paths))
    merged, joined = merge_and_join([s.layout for s in shots])
    counts = [s.layout.title_count for s in shots if s.layout.title_count is not None]
    title = max(counts) if counts else None
    warnings: list[str] = []
    for shot in shots:
        warnings.extend(n for n in shot.layout.notes if n not in warnings)
    if len(set(counts)) > 1:
        warnings.append("几张截图标题里的群成员人数不一样，可能不是同一个群，请核对。")
    # every screen given: each overlaps the one before, and the last ends with the +/− tiles
    complete = joined and any(s.layout.ends_with_tiles for s in shots)
    w = count_warning(len(merged), title, complete=complete)
    if w:
        warnings.append(w)
    kinds = {s.layout.kind for s in shots}
    if len(kinds) > 1:
        warnings.append("截图里既有手机版又有电脑版的成员页，合并时可能有重复，请核对。")
    return ScreensRead(tuple(shots), tuple(merged), title, tuple(warnings))
