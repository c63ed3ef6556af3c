"""``--self-test`` walks the day's workflow in a temporary folder and names a failing step."""

from __future__ import annotations

import io

import pytest

from classgroup_desktop import selftest


@pytest.mark.ocr
def test_self_test_passes_every_step_on_a_working_install():
    out = io.StringIO()
    assert selftest.run_self_test(out) == 0
    text = out.getvalue()
    for name, _ in selftest.STEPS:
        assert f"✓ {name}" in text
    assert "自检通过" in text


def test_self_test_names_the_step_that_failed(monkeypatch):
    def broken(state):
        raise selftest.SelfTestFailure("示例截图只识别出 3 人")

    steps = list(selftest.STEPS)
    steps[2] = ("截图识别", broken)
    monkeypatch.setattr(selftest, "STEPS", tuple(steps))
    out = io.StringIO()
    assert selftest.run_self_test(out) == 1
    assert "自检失败：截图识别：示例截图只识别出 3 人" in out.getvalue()
    assert "生成月报" not in out.getvalue()
