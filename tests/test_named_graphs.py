"""A named graph per document: TriG and N-Quads outputs whose union is exactly graph.ttl."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.build import BuildResult, build_corpus
from kg.cli import app
from kg.graph.iris import document_iri, graph_iri
from kg.graph.serialize import nquads_from_named, turtle_from_ntriples
from kg.graph.vocabulary import vocabulary_ntriples
from kg.report import write_outputs

TEXTS = Path(__file__).resolve().parent / "data" / "texts"
NIF_CONTEXT = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#referenceContext"
OBSERVATION = "http://purl.org/linked-data/cube#Observation"
runner = CliRunner()


def _write(result: BuildResult, out: Path) -> dict[str, bytes]:
    write_outputs(result, out, ["ttl", "nt", "trig", "nq"], report=b"{}")
    return {f: (out / f"graph.{f}").read_bytes() for f in ("ttl", "nt", "trig", "nq")}


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, dict[str, bytes]]:
    paths = [TEXTS / "ecuador.txt", TEXTS / "mexico.txt"]
    result = build_corpus(paths)
    return result, _write(result, tmp_path_factory.mktemp("named"))


def _quads(data: bytes, fmt: ox.RdfFormat) -> set[ox.Quad]:
    return set(ox.parse(data, format=fmt))


def test_union_of_the_named_graphs_is_exactly_the_default_graph_build(texts) -> None:
    _, files = texts
    quads = _quads(files["nq"], ox.RdfFormat.N_QUADS)
    triples = {q.triple for q in ox.parse(files["nt"], format=ox.RdfFormat.N_TRIPLES)}
    assert {q.triple for q in quads} == triples
    # ... and that union, written as Turtle, is graph.ttl byte for byte
    lines = sorted({f"{q.triple} ." for q in quads})
    assert turtle_from_ntriples(("\n".join(lines) + "\n").encode()) == files["ttl"]


def test_each_document_has_its_own_named_graph_holding_its_sentences(texts) -> None:
    result, files = texts
    quads = _quads(files["nq"], ox.RdfFormat.N_QUADS)
    names = {q.graph_name for q in quads} - {ox.DefaultGraph()}
    expected = {ox.NamedNode(str(graph_iri(r.sha256))): r for r in result.reports}
    assert names == set(expected) and len(names) == 2
    for name, report in expected.items():
        contexts = {
            q.object.value
            for q in quads
            if q.graph_name == name and q.predicate.value == NIF_CONTEXT
        }
        assert contexts == {str(document_iri(report.sha256))}
    default = {q.triple for q in quads if q.graph_name == ox.DefaultGraph()}
    vocabulary = ox.parse(vocabulary_ntriples().encode(), format=ox.RdfFormat.N_TRIPLES)
    assert default == {q.triple for q in vocabulary}


def test_trig_and_nquads_hold_the_same_quads(texts) -> None:
    _, files = texts
    trig = _quads(files["trig"], ox.RdfFormat.TRIG)
    assert trig == _quads(files["nq"], ox.RdfFormat.N_QUADS)
    assert files["trig"].startswith(b"@prefix ")


def test_dataset_outputs_do_not_depend_on_input_order(texts, tmp_path: Path) -> None:
    _, files = texts
    again = _write(build_corpus([TEXTS / "mexico.txt", TEXTS / "ecuador.txt"]), tmp_path)
    assert again == files


def test_a_duplicate_profiles_scores_stay_in_the_first_documents_graph(
    peru_path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "peru_copy.txt"
    copy.write_text(peru_path.read_text(encoding="utf-8") + "\nA closing note.\n", encoding="utf-8")
    result = build_corpus([peru_path, copy], nlp=False)
    quads = _quads(_write(result, tmp_path / "out")["nq"], ox.RdfFormat.N_QUADS)
    observations = {q.subject for q in quads if q.object.value == OBSERVATION}
    holders = {q.graph_name for q in quads if q.subject in observations}
    assert observations and len(holders) == 1
    (kept,) = [r for r in result.reports if not any(d.code == "W110" for d in r.diagnostics)]
    assert holders == {ox.NamedNode(str(graph_iri(kept.sha256)))}


def test_nquads_refuses_a_line_that_is_not_ntriples() -> None:
    with pytest.raises(ValueError, match="not an N-Triples line"):
        nquads_from_named("", [("https://w3id.org/ockg/id/graph/doc/x", "<a> <b> <c>")])


def test_cli_build_writes_trig_and_nquads(peru_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["build", str(peru_path), "--no-nlp", "--out", str(out), "-f", "trig", "-f", "nq"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == [
        "graph.nq",
        "graph.trig",
        "report.json",
    ]
    assert "trig" in runner.invoke(app, ["build", "--help"]).output
