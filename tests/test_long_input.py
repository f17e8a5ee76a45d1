"""Long input stays bounded (issue 11, classes 3 and 4): a paragraph of any length is split
into chunks at sentence ends with exact offsets, never refused by spaCy (E088), and parses are
made and dropped a batch at a time. Time and memory per MiB are measured by
``benchmarks/long_input.py``; here every test has a time bound instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from timebound import time_bound

from kg.models import Document, DocumentMeta, Paragraph
from kg.nlp import chunks
from kg.nlp.chunks import chunk_bounds, chunked

WORDS = st.sampled_from(["Lima", "cocaine", "trade", "the", "groups", "Callao", "x" * 40])
SEPARATORS = st.sampled_from([" ", " ", " ", ". ", "! ", "? ", "\n", ".\u201d ", "\u2026 ", ""])


@st.composite
def long_texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(WORDS, SEPARATORS), min_size=1, max_size=400))
    return "".join(word + separator for word, separator in parts)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(text=long_texts(), limit=st.integers(8, 300))
@example(text="a" * 1000, limit=50)  # no space at all: cut at the bound
@example(text="   ", limit=8)
@time_bound(60)
def test_chunks_are_bounded_exact_ordered_and_lose_no_word(text: str, limit: int) -> None:
    bounds = chunk_bounds(text, 0, len(text), limit)
    previous_end = 0
    for begin, end in bounds:
        assert previous_end <= begin < end <= len(text)
        assert end - begin <= limit
        assert not text[begin].isspace() and not text[end - 1].isspace()
        assert text[previous_end:begin].strip() == ""  # only whitespace between chunks
        previous_end = end
    assert text[previous_end:].strip() == ""
    # No character is lost: without whitespace, the chunks joined are the text.
    assert re.sub(r"\s", "", "".join(text[b:e] for b, e in bounds)) == re.sub(r"\s", "", text)
    for begin, end in bounds:  # a cut inside a word only where no space was in reach
        if end < len(text) and not text[end].isspace():
            assert not re.search(r"\s", text[begin + limit // 2 : end])


def test_chunks_end_at_sentence_ends_when_there_are_some() -> None:
    sentence = "Cocaine leaves Callao for Europe by sea. "
    text = sentence * 400
    bounds = chunk_bounds(text, 0, len(text), 1000)
    assert len(bounds) > 1
    assert all(text[b:e].endswith("sea.") for b, e in bounds)
    assert all(text[b:e].startswith("Cocaine") for b, e in bounds)


def test_short_paragraphs_are_left_alone_and_long_ones_keep_their_alignment() -> None:
    text = "Short paragraph about Lima.\n\n" + "Cocaine moves through Callao. " * 500
    short = Paragraph(begin=0, end=27, section="Criminal markets", indicators=("cocaine-trade",))
    long = Paragraph(begin=29, end=len(text) - 1, section="Criminal markets", indicators=("x",))
    out = list(chunked([short, long], text, limit=2000))
    assert out[0] == short
    assert len(out) > 2
    assert all(p.section == "Criminal markets" and p.indicators == ("x",) for p in out[1:])
    assert out[1].begin == long.begin and out[-1].end == long.end


@time_bound(60)
def test_chunking_is_linear_in_the_paragraph_length() -> None:
    """Two million characters with no sentence end at all are split in well under the bound."""
    text = "word " * 400_000
    bounds = chunk_bounds(text, 0, len(text))
    assert len(bounds) >= len(text) // chunks.MAX_CHUNK_CHARS


# --- through the NLP ---------------------------------------------------------------------------


@pytest.fixture
def small_spacy_limit(monkeypatch: pytest.MonkeyPatch):
    """spaCy's max_length lowered to 3,000 characters and chunks to 1,500, restored after."""
    pytest.importorskip("spacy")
    from kg.nlp.pipeline import ockg_pipeline

    try:
        nlp = ockg_pipeline()
    except (OSError, RuntimeError):
        pytest.skip("no spaCy model installed")
    monkeypatch.setattr(nlp, "max_length", 3_000)
    monkeypatch.setattr(chunks, "MAX_CHUNK_CHARS", 1_500)
    return nlp


@time_bound(180)
def test_a_paragraph_over_spacys_max_length_is_extracted_with_exact_offsets(
    small_spacy_limit, tmp_path: Path
) -> None:
    from kg.nlp.extract import extract

    sentence = "Tren de Aragua smuggles cocaine from Lima to Callao and on to Europe. "
    text = sentence * 300 + "\n"  # one paragraph of 21,000 characters, seven times the limit
    assert len(text) > 3 * small_spacy_limit.max_length
    document = Document(
        path=str(tmp_path / "long.txt"), text=text, sha256="0" * 64, meta=DocumentMeta()
    )
    extraction = extract(document, None, "PE")
    assert len(extraction.paragraphs) >= len(text) // 1_500
    assert all(p.end - p.begin <= 1_500 for p in extraction.paragraphs)
    assert extraction.mentions
    assert all(text[m.begin : m.end] == m.text for m in extraction.mentions)
    assert all(text[s.begin : s.end].strip() for s in extraction.sentences)
    assert {"Lima", "Callao"} <= {m.text for m in extraction.mentions}


@time_bound(120)
def test_parses_are_made_a_batch_at_a_time_not_all_at_once(small_spacy_limit) -> None:
    from kg.nlp.pipeline import analyse_many

    pulled = 0

    def items():
        nonlocal pulled
        for _ in range(200):
            pulled += 1
            yield "Cocaine leaves Lima for Europe.", "PE"

    docs = analyse_many(items(), batch_size=4)
    next(docs)
    assert pulled <= 8, pulled  # one batch (and the one spaCy reads ahead), not all 200
    assert sum(1 for _ in docs) == 199
