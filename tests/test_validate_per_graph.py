"""``ockg validate BUILD --per-graph``: each document's graph from the store, with the
vocabulary, one at a time (``kg.validate.per_graph``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import OckgError
from kg.graph.store import DEFAULT_GRAPH, store_segments
from kg.validate.per_graph import validate_per_graph

ROOT = Path(__file__).resolve().parents[1]
PERU = ROOT / "corpus" / "peru_2025.txt"
MEXICO = ROOT / "tests" / "data" / "texts" / "mexico.txt"
SCORE = b"<https://w3id.org/ockg/def#score>"

runner = CliRunner()


@pytest.fixture(scope="module")
def two_documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of two documents (the Peru profile and a plain text), built without the NLP."""
    corpus = tmp_path_factory.mktemp("corpus")
    for source in (PERU, PERU.with_suffix(".meta.yaml"), MEXICO, MEXICO.with_suffix(".meta.yaml")):
        if source.exists():
            shutil.copy(source, corpus / source.name)
    out = tmp_path_factory.mktemp("build") / "out"
    done = runner.invoke(app, ["build", str(corpus), "--out", str(out), "--no-nlp", "-q"])
    assert done.exit_code == 0, done.output
    return out


def _copy(build: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "build"
    shutil.copytree(build, copy)
    return copy


def _peru_segment(build: Path) -> Path:
    """The segment of the graph that holds the scores (the Peru profile's)."""
    return next(
        path
        for iri, path in store_segments(build / "store")
        if iri != DEFAULT_GRAPH and SCORE in path.read_bytes()
    )


def test_each_documents_graph_is_validated_with_the_vocabulary(two_documents: Path) -> None:
    report = validate_per_graph(two_documents)
    named = [iri for iri, _ in store_segments(two_documents / "store") if iri != DEFAULT_GRAPH]
    assert [name for name, _ in report.graphs] == named and len(named) == 2
    assert report.ok
    vocabulary = len(
        next(p for i, p in store_segments(two_documents / "store") if i == "")
        .read_bytes()
        .splitlines()
    )
    for (_, graph), iri in zip(report.graphs, named, strict=True):
        segment = next(p for i, p in store_segments(two_documents / "store") if i == iri)
        assert graph.triples == vocabulary + len(segment.read_bytes().splitlines())
    done = runner.invoke(app, ["validate", str(two_documents), "--per-graph"])
    assert done.exit_code == 0, done.output
    assert "2 graphs" in done.output and "graph by graph: valid" in done.output


def test_a_broken_graph_is_named_and_fails_while_the_other_passes(
    two_documents: Path, tmp_path: Path
) -> None:
    build = _copy(two_documents, tmp_path)
    segment = _peru_segment(build)
    segment.write_bytes(
        b"".join(
            line for line in segment.read_bytes().splitlines(keepends=True) if SCORE not in line
        )
    )
    report = validate_per_graph(build)
    assert not report.ok
    verdicts = {name: graph.ok for name, graph in report.graphs}
    broken = [name for name, ok in verdicts.items() if not ok]
    assert len(broken) == 1 and len(verdicts) == 2
    done = runner.invoke(app, ["validate", str(build), "--per-graph"])
    assert done.exit_code == 1
    assert broken[0] in done.output and "problems in 1 graph\n" in done.output


def test_one_documents_problems_are_those_the_whole_graph_check_finds(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    assert (
        runner.invoke(app, ["build", str(PERU), "--out", str(out), "--no-nlp", "-q"]).exit_code == 0
    )
    segment = _peru_segment(out)
    segment.write_bytes(
        b"".join(
            line for line in segment.read_bytes().splitlines(keepends=True) if SCORE not in line
        )
    )
    from kg.graph.load import load_graph
    from kg.validate.report import validate_graph

    whole = validate_graph(load_graph(out))
    ((_, each),) = validate_per_graph(out).graphs
    assert (each.shapes, each.cube, each.triples) == (whole.shapes, whole.cube, whole.triples)
    assert not whole.ok
    assert runner.invoke(app, ["validate", str(out), "--per-graph"]).exit_code == 1


def test_a_graph_file_beside_the_store_is_validated_on_its_own(
    two_documents: Path, tmp_path: Path
) -> None:
    build = _copy(two_documents, tmp_path)
    (build / "extra.ttl").write_text(
        "@prefix qb: <http://purl.org/linked-data/cube#> .\n"
        "<https://example.org/obs> a qb:Observation .\n",
        encoding="utf-8",
    )
    report = validate_per_graph(build)
    names = [name for name, _ in report.graphs]
    assert names[-1] == "extra.ttl" and len(names) == 3
    assert not dict(report.graphs)["extra.ttl"].ok  # an observation of no data set
    assert all(graph.ok for name, graph in report.graphs if name != "extra.ttl")


def test_a_graph_file_or_a_build_without_a_store_is_a_coded_error(
    two_documents: Path, tmp_path: Path
) -> None:
    with pytest.raises(OckgError) as raised:
        validate_per_graph(two_documents / "graph.ttl")
    assert raised.value.code.name == "E201" and "graph.ttl" in str(raised.value)
    bare = tmp_path / "bare"
    assert (
        runner.invoke(
            app, ["build", str(PERU), "--out", str(bare), "--no-nlp", "--no-store", "-q"]
        ).exit_code
        == 0
    )
    done = runner.invoke(app, ["validate", str(bare), "--per-graph"])
    assert done.exit_code != 0
    assert "E201" in done.output and "store" in done.output and "Traceback" not in done.output


def test_a_corrupt_segment_is_a_coded_error_naming_it(two_documents: Path, tmp_path: Path) -> None:
    build = _copy(two_documents, tmp_path)
    segment = _peru_segment(build)
    segment.write_bytes(b"<https://example.org/a> <not closed\n")
    done = runner.invoke(app, ["validate", str(build), "--per-graph"])
    assert done.exit_code != 0
    assert "E201" in done.output and segment.name in done.output
    assert "Traceback" not in done.output
