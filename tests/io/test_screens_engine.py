"""The OCR engine behind io/screens.py: rapidocr-onnxruntime 1.x where it installs (Python ≤ 3.12),
rapidocr 3.x on Python 3.13+ (its result object adapted to the 1.x shape), and the dependency
markers in pyproject.toml that pick one of them."""

from __future__ import annotations

import sys
import tomllib
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement

from classgroup_desktop.io import screens

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


@dataclass
class FakeOutput:
    boxes: Any
    txts: Any
    scores: Any
    elapse: float = 0.01


class FakeRapidOCRv3:
    """rapidocr 3.x's surface: ``RapidOCR(params=...)``, called with an image → output object."""

    made: list[dict[str, Any]] = []

    def __init__(self, config_path: str | None = None, params: dict[str, Any] | None = None):
        FakeRapidOCRv3.made.append(dict(params or {}))
        self.calls: list[dict[str, Any]] = []
        self.output = FakeOutput(
            boxes=[
                [[10, 20], [90, 20], [90, 50], [10, 50]],
                [[100, 20], [180, 22], [180, 52], [100, 50]],
            ],
            txts=("张三妈妈", "李老师"),
            scores=(0.99, 0.95),
        )

    def __call__(self, image: Any, **options: Any) -> Any:
        self.calls.append(options)
        if options.get("use_det") is False:  # recognition only: rapidocr 3.x's TextRecOutput
            return types.SimpleNamespace(txts=("王小明妈妈",), scores=(0.97,), elapse=0.01)
        return self.output


@pytest.fixture
def only_rapidocr_v3(monkeypatch):
    """As on Python 3.13: rapidocr_onnxruntime cannot be imported, rapidocr 3.x can."""
    FakeRapidOCRv3.made.clear()
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # None → ImportError
    monkeypatch.setitem(sys.modules, "rapidocr", types.SimpleNamespace(RapidOCR=FakeRapidOCRv3))
    monkeypatch.setattr(screens, "_engine", None)
    yield
    monkeypatch.setattr(screens, "_engine", None)


class FakeImage:
    shape = (400, 300, 3)


def test_rapidocr_v3_is_used_when_rapidocr_onnxruntime_is_missing(only_rapidocr_v3):
    boxes = screens._ocr(FakeImage(), dy=100.0)
    assert FakeRapidOCRv3.made == [screens.ENGINE_PARAMS_V3]
    assert [(b.text, b.score) for b in boxes] == [("张三妈妈", 0.99), ("李老师", 0.95)]
    first = boxes[0]
    assert (first.x0, first.y0, first.x1, first.y1) == (10.0, 120.0, 90.0, 150.0)
    assert screens.get_engine() is screens.get_engine()  # one engine per process
    assert len(FakeRapidOCRv3.made) == 1


def test_rapidocr_v3_finding_nothing_gives_no_boxes(only_rapidocr_v3):
    engine = screens.get_engine()
    engine._engine.output = FakeOutput(boxes=None, txts=None, scores=None)
    assert screens._ocr(FakeImage()) == []


def test_v3_options_mirror_the_1x_options():
    assert screens.ENGINE_PARAMS_V3["Global.use_cls"] is screens.ENGINE_OPTIONS["use_cls"]
    unclip = screens.ENGINE_OPTIONS["det_unclip_ratio"]
    assert screens.ENGINE_PARAMS_V3["Det.unclip_ratio"] == unclip


def _ocr_packages(python_version: str) -> set[str]:
    deps = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    env = {"python_version": python_version, "python_full_version": python_version + ".0"}
    names = set()
    for dep in deps:
        req = Requirement(dep)
        if req.marker is None or req.marker.evaluate(env):
            names.add(req.name)
    return names & {"rapidocr-onnxruntime", "rapidocr", "onnxruntime"}


@pytest.mark.parametrize(
    "python_version, expected",
    [
        pytest.param("3.11", {"rapidocr-onnxruntime"}, id="3.11 keeps rapidocr-onnxruntime"),
        pytest.param("3.12", {"rapidocr-onnxruntime"}, id="3.12 keeps rapidocr-onnxruntime"),
        pytest.param("3.13", {"rapidocr", "onnxruntime"}, id="3.13 gets rapidocr 3 + onnxruntime"),
        pytest.param("3.14", {"rapidocr", "onnxruntime"}, id="3.14 gets rapidocr 3 + onnxruntime"),
    ],
)
def test_each_python_gets_exactly_one_ocr_engine(python_version, expected):
    assert _ocr_packages(python_version) == expected


def test_requires_python_admits_3_13():
    spec = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["requires-python"]
    from packaging.specifiers import SpecifierSet

    assert "3.13" in SpecifierSet(spec)


def test_rapidocr_v3_reads_one_line_without_detection(only_rapidocr_v3):
    engine = screens.get_engine()
    assert engine(FakeImage(), use_det=False, use_cls=False, use_rec=True)[0] == [
        ["王小明妈妈", 0.97]
    ]
    engine(FakeImage())
    # rapidocr 3.x remembers use_* between calls, so every call states all three
    assert engine._engine.calls == [
        {"use_det": False, "use_cls": False, "use_rec": True},
        {"use_det": True, "use_cls": False, "use_rec": True},
    ]


def _picture_bytes(fmt: str) -> bytes:
    import io

    from PIL import Image, ImageDraw

    img = Image.new("RGB", (400, 400), "white")
    draw = ImageDraw.Draw(img)
    for i in range(0, 400, 8):
        draw.line((0, i, 400, 400 - i), fill=(i % 255, 80, 160), width=3)
    out = io.BytesIO()
    img.save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize(
    "name, fmt, cut",
    [
        pytest.param("截图.png", "PNG", 0.5, id="PNG cut in half"),
        pytest.param("截图.png", "PNG", 0.97, id="PNG missing its end"),
        pytest.param("截图.jpg", "JPEG", 0.6, id="JPEG cut"),
    ],
)
def test_a_cut_off_picture_is_refused_quietly(tmp_path, capfd, name, fmt, cut):
    data = _picture_bytes(fmt)
    path = tmp_path / name
    path.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(screens.BadInputError, match="图片文件不完整或已损坏") as info:
        screens.load_image(path)
    assert info.value.file == name
    out, err = capfd.readouterr()
    assert err == "" and out == ""  # no libpng / libjpeg warning on the console


def test_a_whole_picture_still_loads(tmp_path, capfd):
    path = tmp_path / "截图.png"
    path.write_bytes(_picture_bytes("PNG"))
    assert screens.load_image(path).shape == (400, 400, 3)
    assert capfd.readouterr().err == ""
