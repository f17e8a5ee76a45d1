"""Interoperability: Peru's graph (NLP on) reads the same in rdflib, Oxigraph and Raptor.

``test_build_graph.py`` already checks Turtle triple counts in the three parsers and
byte-identical Turtle across hash seeds; here the parsers must agree triple for triple,
on N-Triples as well, JSON-LD must round-trip, and N-Triples and JSON-LD must be as stable
as Turtle.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.build import build_corpus
from kg.graph.serialize import serialize

ROOT = Path(__file__).resolve().parents[1]
needs_rapper = pytest.mark.skipif(
    shutil.which("rapper") is None, reason="raptor2-utils (rapper) not installed"
)


@pytest.fixture(scope="module")
def peru(peru_path: Path) -> Graph:
    return build_corpus([peru_path], nlp=True).graph


@pytest.fixture(scope="module")
def expected(peru: Graph) -> set[pyoxigraph.Triple]:
    """The graph's triples as Oxigraph terms, the common currency of the comparisons."""
    return _oxigraph_set(serialize(peru, "nt"), pyoxigraph.RdfFormat.N_TRIPLES)


def _oxigraph_set(data: bytes, fmt: pyoxigraph.RdfFormat) -> set[pyoxigraph.Triple]:
    return set(pyoxigraph.parse(data, format=fmt))


def _via_rdflib(data: bytes, fmt: str) -> set[pyoxigraph.Triple]:
    graph = Graph().parse(data=data, format=fmt)
    return _oxigraph_set(
        graph.serialize(format="nt", encoding="utf-8"), pyoxigraph.RdfFormat.N_TRIPLES
    )


def _via_rapper(path: Path, fmt: str) -> set[pyoxigraph.Triple]:
    done = subprocess.run(
        ["rapper", "-q", "-i", fmt, "-o", "ntriples", str(path)], capture_output=True, check=False
    )
    assert done.returncode == 0 and not done.stderr, done.stderr.decode()[-2000:]
    return _oxigraph_set(done.stdout, pyoxigraph.RdfFormat.N_TRIPLES)


def _diff(expected: set, found: set) -> str:
    missing, extra = sorted(map(str, expected - found)), sorted(map(str, found - expected))
    return f"missing {len(missing)}: {missing[:10]}\nextra {len(extra)}: {extra[:10]}"


@pytest.mark.parametrize(
    ("fmt", "rdflib_format", "oxigraph_format"),
    [
        ("ttl", "turtle", pyoxigraph.RdfFormat.TURTLE),
        ("nt", "nt", pyoxigraph.RdfFormat.N_TRIPLES),
    ],
)
def test_rdflib_and_oxigraph_read_exactly_the_graph(
    peru: Graph,
    expected: set[pyoxigraph.Triple],
    fmt: str,
    rdflib_format: str,
    oxigraph_format: pyoxigraph.RdfFormat,
) -> None:
    data = serialize(peru, fmt)
    assert len(expected) == len(peru) > 1000
    by_oxigraph = _oxigraph_set(data, oxigraph_format)
    assert by_oxigraph == expected, _diff(expected, by_oxigraph)
    by_rdflib = _via_rdflib(data, rdflib_format)
    assert by_rdflib == expected, _diff(expected, by_rdflib)


@needs_rapper
@pytest.mark.parametrize(("fmt", "rapper_format"), [("ttl", "turtle"), ("nt", "ntriples")])
def test_raptor_reads_exactly_the_graph(
    peru: Graph, expected: set[pyoxigraph.Triple], tmp_path: Path, fmt: str, rapper_format: str
) -> None:
    path = tmp_path / f"graph.{fmt}"
    path.write_bytes(serialize(peru, fmt))
    by_rapper = _via_rapper(path, rapper_format)
    assert by_rapper == expected, _diff(expected, by_rapper)


def test_json_ld_round_trips(peru: Graph, expected: set[pyoxigraph.Triple]) -> None:
    data = serialize(peru, "jsonld")
    back = Graph().parse(data=data, format="json-ld")
    if not isomorphic(back, peru):
        _, only_back, only_original = graph_diff(to_isomorphic(back), to_isomorphic(peru))
        lost = sorted(only_original.triples((None, None, None)))[:20]
        gained = sorted(only_back.triples((None, None, None)))[:20]
        pytest.fail(
            f"JSON-LD lost {len(only_original)} triples, e.g. {lost}\n"
            f"and gained {len(only_back)}, e.g. {gained}"
        )
    by_oxigraph = _oxigraph_set(data, pyoxigraph.RdfFormat.JSON_LD)
    assert by_oxigraph == expected, _diff(expected, by_oxigraph)
