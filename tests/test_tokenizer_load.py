"""The model loaded with ockg's infixes builds its special cases once and tokenises exactly
as the model given the infixes after loading (spaCy's setter) does."""

from __future__ import annotations

import pytest

import kg.nlp  # noqa: F401  (spaCy without its command line, as ockg imports it)
from kg.nlp.model import model_name
from kg.nlp.tokenizer import (
    GLUED_BRACKET,
    OckgTokenizer,
    load_with_ockg_infixes,
    set_ockg_infixes,
)


def _pattern(function) -> str:
    return function.__self__.pattern


@pytest.fixture(scope="module")
def both():
    """(the model given the infixes after loading, the model loaded with them)."""
    import spacy

    slow = spacy.load(model_name())
    set_ockg_infixes(slow)
    return slow, load_with_ockg_infixes(model_name())


def test_the_model_is_loaded_with_ockgs_tokenizer(both):
    _, fast = both
    assert type(fast.tokenizer) is OckgTokenizer
    assert fast.tokenizer.read_from_disk
    assert GLUED_BRACKET in fast.tokenizer.infix_finditer.__self__.pattern


def test_every_tokenizer_setting_is_the_one_set_after_loading(both):
    slow, fast = both
    assert fast.tokenizer.rules == slow.tokenizer.rules
    assert list(fast.tokenizer.rules) == list(slow.tokenizer.rules)
    for name in ("prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match"):
        mine, theirs = getattr(fast.tokenizer, name), getattr(slow.tokenizer, name)
        assert (mine is None) == (theirs is None), name
        if mine is not None:
            assert mine.__self__.pattern == theirs.__self__.pattern, name
    assert fast.tokenizer.faster_heuristics == slow.tokenizer.faster_heuristics


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Islamic State in West Africa Province(ISWAP) attacked", id="glued-bracket"),
        pytest.param("the group (ELN) and the FARC(EP)", id="spaced-and-glued-brackets"),
        pytest.param("Don't they'll can't 'em y'all", id="contraction-special-cases"),
        pytest.param("U.S. and e.g.(cocaine) and Mr.(Ortiz) :) :-(", id="abbreviations-emoticons"),
        pytest.param("see http://example.org/a(b) or 5km² at 10:30a.m.", id="url-and-units"),
        pytest.param("(Sinaloa)Cartel's ‘Chapitos’—and—“Los Zetas”", id="punctuation-runs"),
        pytest.param("", id="empty"),
    ],
)
def test_each_text_is_tokenised_as_with_the_infixes_set_after_loading(both, text):
    slow, fast = both
    theirs = [(t.text, t.norm_, t.whitespace_) for t in slow.tokenizer(text)]
    assert [(t.text, t.norm_, t.whitespace_) for t in fast.tokenizer(text)] == theirs


def test_a_glued_bracket_splits_from_the_word_before_it(both):
    _, fast = both
    tokens = [t.text for t in fast.tokenizer("West Africa Province(ISWAP)")]
    assert tokens == ["West", "Africa", "Province", "(", "ISWAP", ")"]


class _Counting(OckgTokenizer):
    """Counts the special cases it builds (spaCy calls ``add_special_case`` for each)."""

    built = 0

    def add_special_case(self, string, substrings):
        type(self).built += 1
        return super().add_special_case(string, substrings)


def test_reading_the_models_tokenizer_builds_each_special_case_once(both):
    slow, _ = both
    data = slow.tokenizer.to_bytes(exclude=["vocab"])
    tokenizer = _Counting(slow.vocab, infix_finditer=slow.tokenizer.infix_finditer)
    _Counting.built = 0
    tokenizer.from_bytes(data, exclude=["vocab"])
    assert _Counting.built == len(slow.tokenizer.rules) > 0
    assert tokenizer.rules == slow.tokenizer.rules
    assert _pattern(tokenizer.infix_finditer) == _pattern(slow.tokenizer.infix_finditer)
    _Counting.built = 0
    tokenizer.infix_finditer = slow.tokenizer.infix_finditer  # spaCy's setter: all again
    assert _Counting.built == len(slow.tokenizer.rules)


def test_excluded_special_cases_are_not_read(both):
    slow, _ = both
    data = slow.tokenizer.to_bytes(exclude=["vocab"])
    tokenizer = OckgTokenizer(slow.vocab, infix_finditer=slow.tokenizer.infix_finditer)
    tokenizer.from_bytes(data, exclude=["vocab", "exceptions"])
    assert tokenizer.rules == {}
    assert _pattern(tokenizer.infix_finditer) == _pattern(slow.tokenizer.infix_finditer)


def test_a_model_with_another_tokenizer_is_given_the_infixes_after_loading(monkeypatch):
    import kg.nlp.tokenizer as module

    monkeypatch.setattr(module, "_tokenizer_config", lambda name: {"@tokenizers": "other.v1"})
    nlp = load_with_ockg_infixes(model_name())
    assert type(nlp.tokenizer) is not OckgTokenizer
    assert [t.text for t in nlp.tokenizer("Province(ISWAP)")] == ["Province", "(", "ISWAP", ")"]


def test_the_tokenizer_config_of_a_folder_without_one_is_unknown(tmp_path):
    from kg.nlp.tokenizer import _tokenizer_config

    assert _tokenizer_config(str(tmp_path)) is None
    assert _tokenizer_config("no_such_model_package") is None
