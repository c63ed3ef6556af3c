"""jieba's dictionary as a word lookup: found without importing jieba, read once, sorted by us
(the file itself has a few lines out of order), and harmless when jieba is missing."""

from __future__ import annotations

import sys

import pytest

from classgroup_desktop.io import word_dictionary


@pytest.fixture
def fresh():
    word_dictionary.unload()
    yield word_dictionary
    word_dictionary.unload()


@pytest.mark.parametrize(("word", "found"), [
    pytest.param("高山", True, id="an everyday word"),
    pytest.param("高山流水", True, id="an idiom"),
    pytest.param("王者", True, id="a word that is also a student's name"),
    pytest.param("吉林工业大学", True, id="a line the file has out of order"),
    pytest.param("高富帅", True, id="another line out of order"),
    pytest.param("张伟", False, id="a common person's name is no word"),
    pytest.param("山流", False, id="two characters across two words"),
    pytest.param("", False, id="the empty string"),
])
def test_lookup(fresh, word, found):
    freq = fresh.word_frequency(word)
    assert (freq is not None) == found
    if found:
        assert freq > 0


def test_dictionary_is_read_on_the_first_lookup_only_and_jieba_is_never_imported(fresh):
    sys.modules.pop("jieba", None)
    assert not fresh.is_loaded()
    fresh.word_frequency("高山")
    assert fresh.is_loaded() and "jieba" not in sys.modules


def test_without_jieba_every_lookup_answers_none(fresh, monkeypatch):
    monkeypatch.setattr(word_dictionary, "dictionary_path", lambda: None)
    assert fresh.word_frequency("高山") is None


def test_in_a_pyinstaller_bundle_the_copied_dict_is_found(fresh, monkeypatch, tmp_path):
    (tmp_path / "jieba").mkdir()
    (tmp_path / "jieba" / "dict.txt").write_text("流水 662 n\n高山 1202 ns\n", encoding="utf-8")
    monkeypatch.setattr(word_dictionary, "find_spec", lambda name: None)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert fresh.dictionary_path() == tmp_path / "jieba" / "dict.txt"
    assert fresh.word_frequency("高山") == 1202 and fresh.word_frequency("王者") is None
