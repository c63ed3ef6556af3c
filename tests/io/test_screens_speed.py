"""The engine settings that make a phone screenshot quick to read (issue 18: ≤ 0.8 s per
1080×2340 shot): the detector sees the picture at most DET_MAX_SIDE long, and recognition pads
short lines to 160 px, not 320. That the same names are still read is the other OCR tests' job;
the time itself is measured by ``bench/bench_screens.py``.
"""

from __future__ import annotations

import pytest
from helpers.screens_gen import GROUP_58, render_phone, save

from classgroup_desktop.io import screens


@pytest.mark.ocr
def test_a_phone_shot_is_detected_small_and_short_names_recognised_narrow(tmp_path, monkeypatch):
    engine = screens.get_engine()
    if not hasattr(engine, "text_det"):  # rapidocr 3.x (Python 3.13+) keeps its own sizes
        pytest.skip("rapidocr-onnxruntime 1.x only")
    det_shapes: list[tuple[int, ...]] = []
    rec_shapes: list[tuple[int, ...]] = []
    det_infer, rec_session = engine.text_det.infer, engine.text_rec.session

    def spy_det(x):
        det_shapes.append(x.shape)
        return det_infer(x)

    def spy_rec(x):
        rec_shapes.append(x.shape)
        return rec_session(x)

    monkeypatch.setattr(engine.text_det, "infer", spy_det)
    monkeypatch.setattr(engine.text_rec, "session", spy_rec)
    path = save(render_phone(GROUP_58[:10], height=2340).image, tmp_path / "shot.png")
    shot = screens.read_screenshot(path)

    assert len(shot.layout.cells) == 10
    # one detector run, at most DET_MAX_SIDE on the long side (the engine alone: 2016 px)
    assert len(det_shapes) == 1
    assert max(det_shapes[0][2:]) <= 1440
    # the batch of the shortest lines (names of 2-4 characters) is 160 px wide, not 320
    assert min(shape[3] for shape in rec_shapes) == 160
