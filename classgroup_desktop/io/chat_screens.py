"""Screenshots of a WeChat group chat (phone) → messages, offline, with the app's OCR engine.

How a screenshot is read (``read_chat_shot``):
1. The status and title bars at the top and the input bar at the bottom are left out (their
   height is a fixed share of the screen width on phones); a line cut by those edges is dropped
   (the neighbouring screenshot shows it whole).
2. Each text line is placed by what is around it, sampled in the picture: inside a **green**
   bubble it is the teacher's own message (right side, no name; WeChat's own bubbles are green in
   light and dark mode); inside another bubble (white, or dark grey in dark mode) it is someone
   else's message; on the page background, a line centred on the screen is a time or a system
   message (grey), and a line on the left is the nickname shown above the next bubble.
3. Lines of one bubble are joined (the bubble's colour continues between them).
Overlapping screenshots are merged like the member screenshots: the longest run of messages at
the end of one shot that starts the next is taken once (a message cut at an edge matches its
whole reading).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from classgroup_desktop.core.chat_parse import parse_datetime, parse_system
from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.io.screens_layout import TextBox

TOP_CHROME = 0.215  # status bar + title bar, as a share of the width (76 dp of 360)
BOTTOM_CHROME = 0.16  # input bar


@dataclass(frozen=True)
class ChatLine:
    """A message read from a screenshot: ``side`` is "left" (someone), "right" (the teacher)
    or "center" (time or system line)."""

    side: str
    sender: str | None
    text: str
    time: datetime | None
    confidence: float
    file: str
    cut: bool = False  # touches the top or bottom of the visible area


@dataclass(frozen=True)
class ChatScreensRead:
    lines: tuple[ChatLine, ...]
    warnings: tuple[str, ...]
    files: tuple[str, ...]


def _colour(image: Any, x: float, y: float) -> tuple[int, int, int]:
    h, w = image.shape[:2]
    xi, yi = min(max(int(x), 0), w - 1), min(max(int(y), 0), h - 1)
    patch = image[max(0, yi - 1) : yi + 2, max(0, xi - 1) : xi + 2].reshape(-1, 3)
    b, g, r = (int(v) for v in patch.mean(axis=0))
    return r, g, b


def _is_green(c: tuple[int, int, int]) -> bool:
    r, g, b = c
    return g > r + 25 and g > b + 25


def _near(a: tuple[int, int, int], b: tuple[int, int, int], tol: int = 10) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def _background(image: Any, top: float, bottom: float) -> tuple[int, int, int]:
    """The page colour: the most common colour of the left margin (left of the avatars)."""
    w = image.shape[1]
    strip = image[int(top) : int(bottom), 0 : max(2, int(w * 0.02))].reshape(-1, 3)
    grey = strip.sum(axis=1)
    mid = strip[grey.argsort()[len(grey) // 2]]
    return int(mid[2]), int(mid[1]), int(mid[0])


@dataclass
class _Line:
    box: TextBox
    kind: str  # "green" | "bubble" | "center" | "name" | "other"


def _classify(image: Any, boxes: Sequence[TextBox], bg: tuple[int, int, int]) -> list[_Line]:
    w = image.shape[1]
    out = []
    for b in boxes:
        pad = max(3.0, b.h * 0.3)
        left = _colour(image, b.x0 - pad, b.cy)
        right = _colour(image, b.x1 + pad, b.cy)
        if _is_green(left) or _is_green(right):
            kind = "green"
        elif not _near(left, bg) and not _near(right, bg) and _near(left, right, 16):
            kind = "bubble"
        elif abs(b.x0 - (w - b.x1)) < 0.06 * w and b.x0 > 0.08 * w:
            kind = "center"
        elif b.x0 < 0.35 * w:
            kind = "name"
        else:
            kind = "other"
        out.append(_Line(b, kind))
    return out


def _same_bubble(image: Any, a: TextBox, b: TextBox, bg: tuple[int, int, int]) -> bool:
    if b.y0 - a.y1 > 1.2 * max(a.h, b.h):
        return False
    x = min(a.x0, b.x0) + 2
    mid = _colour(image, x, (a.y1 + b.y0) / 2)
    return not _near(mid, bg)


def lines_from_boxes(image: Any, boxes: Sequence[TextBox], file: str,
                     today: date | None = None) -> list[ChatLine]:
    """The messages of one screenshot, top to bottom (see the module docstring)."""
    h, w = image.shape[:2]
    top, bottom = TOP_CHROME * w, h - BOTTOM_CHROME * w
    inside = [b for b in boxes if b.y0 >= top - 2 and b.y1 <= bottom + 2 and b.text.strip()]
    inside.sort(key=lambda b: (b.y0, b.x0))
    bg = _background(image, top, bottom)
    lines = _classify(image, inside, bg)
    out: list[ChatLine] = []
    pending_name: str | None = None
    current_time: datetime | None = None
    i = 0
    while i < len(lines):
        ln = lines[i]
        b = ln.box
        if ln.kind == "center":
            text = b.text.strip()
            when = parse_datetime(text, today)
            if when is not None and parse_system(text) is None:
                current_time = when
            else:
                out.append(ChatLine("center", None, text, current_time, b.score, file))
            pending_name = None
            i += 1
            continue
        if ln.kind == "name":
            pending_name = b.text.strip()
            i += 1
            continue
        if ln.kind == "other":
            i += 1
            continue
        group = [b]
        j = i + 1
        while (j < len(lines) and lines[j].kind == ln.kind
               and _same_bubble(image, group[-1], lines[j].box, bg)):
            group.append(lines[j].box)
            j += 1
        text = _join_lines([g.text for g in group])
        score = min(g.score for g in group)
        # Near an edge, part of the bubble (or the nickname above it) may be hidden.
        cut = group[0].y0 < top + 1.6 * group[0].h or group[-1].y1 > bottom - 1.6 * group[-1].h
        if ln.kind == "green":
            out.append(ChatLine("right", None, text, current_time, score, file, cut))
        else:
            out.append(ChatLine("left", pending_name, text, current_time, score, file, cut))
        pending_name = None
        i = j
    return out


def _join_lines(parts: Sequence[str]) -> str:
    out = ""
    for p in parts:
        p = p.strip()
        if out and out[-1].isascii() and out[-1].isalnum() and p[:1].isascii() and p[:1].isalnum():
            out += " "
        out += p
    return out


def _key(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text).lower()


def _same(a: ChatLine, b: ChatLine, *, a_cut_end: bool, b_cut_start: bool) -> bool:
    if a.side != b.side:
        return False
    if a.side == "left" and a.sender and b.sender and _key(a.sender) != _key(b.sender):
        return False
    ka, kb = _key(a.text), _key(b.text)
    if ka == kb:
        return True
    if a_cut_end and kb.startswith(ka) and ka:
        return True
    return bool(b_cut_start and ka.endswith(kb) and kb)


def _overlap(merged: Sequence[ChatLine], lines: Sequence[ChatLine]) -> int:
    """How many messages at the end of ``merged`` start ``lines`` (0: none)."""
    for k in range(min(len(merged), len(lines)), 0, -1):
        tail = merged[len(merged) - k :]
        if all(
            _same(tail[i], lines[i], a_cut_end=i == k - 1 and tail[i].cut,
                  b_cut_start=i == 0 and lines[i].cut)
            for i in range(k)
        ):
            return k
    return 0


def merge_chat_shots(shots: Sequence[Sequence[ChatLine]]) -> tuple[list[ChatLine], list[str]]:
    """One list of messages from screenshots in scrolling order, each message once.

    A message cut at the top of a screenshot may also be left out when it matches nothing (the
    previous screenshot had it whole). A message without a time of its own takes the time of
    the message before it (the centred time applies to everything below it).
    """
    merged: list[ChatLine] = []
    warnings: list[str] = []
    for n, shot in enumerate(shots):
        lines = list(shot)
        if not merged:
            merged = lines
            continue
        best = _overlap(merged, lines)
        if not best and lines and lines[0].cut:
            lines = lines[1:]
            best = _overlap(merged, lines)
        if best:
            for i in range(best):  # keep the whole reading of a message cut at an edge
                at = len(merged) - best + i
                old, new = merged[at], lines[i]
                if len(_key(new.text)) > len(_key(old.text)):
                    merged[at] = replace(new, sender=new.sender or old.sender,
                                         time=new.time or old.time)
            merged.extend(lines[best:])
        else:
            if lines:
                warnings.append(f"第 {n} 张和第 {n + 1} 张截图没有重叠的消息，中间可能漏掉了消息。")
            merged.extend(lines)
    out: list[ChatLine] = []
    for ln in merged:
        if ln.time is None and out and out[-1].time is not None:
            ln = replace(ln, time=out[-1].time)
        out.append(ln)
    return out, warnings


# Avatars sit in these columns (shares of the width); their pictures often hold text (a surname,
# 福, a shop's logo) that is not part of any message.
AVATAR_COLUMNS = ((0.02, 0.155), (0.845, 0.98))
AVATAR_MIN_HEIGHT = 0.07  # of the width: taller than a line of grey text crossing the column


def mask_avatars(image: Any) -> Any:
    """A copy of ``image`` with the avatars painted over in the page colour.

    An avatar is a run of rows, taller than a line of text, where most of its column differs
    from the page; a centred system line crossing the column is too short a run to be one.
    """
    import numpy as np

    h, w = image.shape[:2]
    out = image.copy()
    r, g, b = _background(image, TOP_CHROME * w, h - BOTTOM_CHROME * w)
    page = np.array([b, g, r], dtype=np.int16)
    min_run = AVATAR_MIN_HEIGHT * w
    for lo, hi in AVATAR_COLUMNS:
        x0, x1 = int(lo * w), int(hi * w)
        strip = image[:, x0:x1].astype(np.int16)
        busy = (np.abs(strip - page).sum(axis=2) > 40).mean(axis=1) > 0.3
        start = None
        for y in range(h + 1):
            on = y < h and bool(busy[y])
            if on and start is None:
                start = y
            elif not on and start is not None:
                if y - start >= min_run:
                    out[start:y, x0:x1] = (b, g, r)
                start = None
    return out


# Chat text is large (17 sp): at 720 px wide it is still ≈ 30 px tall, and OCR of a 1080 px
# screenshot shrunk to 720 takes ≈ 40 % less time for the same reading.
READ_WIDTH = 720


def _at_most(image: Any, width: int) -> Any:
    import cv2

    h, w = image.shape[:2]
    if w <= width * 1.1:
        return image
    return cv2.resize(image, (width, round(h * width / w)), interpolation=cv2.INTER_AREA)


def read_chat_shot(path: str | Path, today: date | None = None) -> list[ChatLine]:
    """The messages of one chat screenshot; BadInputError naming the file when it is not one."""
    from classgroup_desktop.io.screens import detect_lines, load_image

    p = Path(path)
    image = _at_most(load_image(p), READ_WIDTH)
    # detection + recognition (long screenshots in slices), avatars out of the way
    boxes = detect_lines(mask_avatars(image))
    lines = lines_from_boxes(image, boxes, p.name, today)
    if not any(ln.side in ("left", "right") for ln in lines):
        raise BadInputError("截图里没有找到聊天消息：请选择微信群聊天页面的截图。", file=p.name)
    return lines


def read_chat_screens(paths: Sequence[str | Path],
                      progress: Callable[[int, int], None] | None = None,
                      today: date | None = None) -> ChatScreensRead:
    """Read chat screenshots (scrolling order) and merge them; ``progress(done, total)``."""
    if not paths:
        raise BadInputError("没有选择截图。")
    shots = []
    for i, path in enumerate(paths):
        shots.append(read_chat_shot(path, today))
        if progress is not None:
            progress(i + 1, len(paths))
    merged, warnings = merge_chat_shots(shots)
    return ChatScreensRead(tuple(merged), tuple(warnings), tuple(Path(p).name for p in paths))
