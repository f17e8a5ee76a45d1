"""Incremental and parallel builds: cached contributions, re-extraction of changed files only."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build_corpus
from kg.graph.serialize import serialize
from tests.corpora import make_corpus

TEXTS = {
    "ecuador_note.txt": (
        "Los Choneros and Los Lobos fight over cocaine routes through Guayaquil, "
        "where Albanian brokers ship cocaine to Europe.\n"
    ),
    "mexico_note.txt": (
        "The Sinaloa Cartel traffics fentanyl from Culiacán to the United States, "
        "while the CJNG extorts avocado growers in Michoacán.\n"
    ),
}


@pytest.fixture()
def corpus(tmp_path: Path, peru_path: Path) -> Path:
    return make_corpus(tmp_path / "corpus", peru_path, TEXTS)


def _cached(result) -> dict[str, bool]:
    return {Path(r.path).name: r.cached for r in result.reports}


def test_unchanged_corpus_is_rebuilt_from_the_cache_identically(
    corpus: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first = build_corpus([corpus], cache_dir=cache)
    again = build_corpus([corpus], cache_dir=cache)
    assert not any(_cached(first).values())
    assert all(_cached(again).values())
    assert serialize(again.graph, "ttl") == serialize(first.graph, "ttl")


def test_changed_file_is_re_extracted_alone_and_deleted_file_leaves(
    corpus: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    build_corpus([corpus], cache_dir=cache)
    (corpus / "mexico_note.txt").write_text(
        TEXTS["mexico_note.txt"].replace("Michoacán", "Jalisco"), encoding="utf-8"
    )
    changed = build_corpus([corpus], cache_dir=cache)
    assert _cached(changed) == {
        "ecuador_note.txt": True,
        "mexico_note.txt": False,
        "peru_2025.txt": True,
    }
    turtle = serialize(changed.graph, "ttl").decode()
    assert "Jalisco" in turtle and "Michoacán" not in turtle
    (corpus / "ecuador_note.txt").unlink()
    smaller = build_corpus([corpus], cache_dir=cache)
    turtle = serialize(smaller.graph, "ttl").decode()
    assert "Los Choneros" not in turtle and "Guayaquil" not in turtle
    assert "Tren de Aragua" in turtle


def test_parallel_build_equals_serial_build(corpus: Path) -> None:
    serial = build_corpus([corpus], jobs=1)
    parallel = build_corpus([corpus], jobs=2)
    assert serialize(parallel.graph, "ttl") == serialize(serial.graph, "ttl")
    assert [r.model_dump() for r in parallel.reports] == [r.model_dump() for r in serial.reports]


def test_corrupt_cache_entries_are_recomputed(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = build_corpus([corpus], cache_dir=cache, nlp=False)
    for entry in cache.iterdir():
        entry.write_bytes(b"{not json")
    again = build_corpus([corpus], cache_dir=cache, nlp=False)
    assert not any(_cached(again).values())
    assert serialize(again.graph, "ttl") == serialize(first.graph, "ttl")
