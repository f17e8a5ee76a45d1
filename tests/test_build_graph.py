"""Building Peru's graph: exact observations, valid graph, stable bytes, safe failures."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from typer.testing import CliRunner

from kg.build import build_corpus
from kg.cli import app
from kg.graph.iris import indicator_iri
from kg.graph.namespaces import OCKG, QB, SDMX_DIM
from kg.graph.serialize import serialize
from kg.validate.report import validate_graph

PERU = URIRef("https://w3id.org/ockg/id/place/country/PE")
runner = CliRunner()


@pytest.fixture(scope="module")
def peru_graph(peru_path: Path) -> Graph:
    return build_corpus([peru_path]).graph


def _scores(graph: Graph) -> dict[str, tuple[Decimal, Decimal | None, bool]]:
    out = {}
    for obs in graph.subjects(OCKG.score, None):
        indicator = str(graph.value(obs, OCKG.indicator)).rsplit("/", 1)[-1]
        change = graph.value(obs, OCKG.scoreChange)
        out[indicator] = (
            graph.value(obs, OCKG.score).toPython(),
            None if change is None else change.toPython(),
            graph.value(obs, OCKG.inferred) == Literal(True),
        )
    return out


def test_peru_graph_has_every_score_with_changes_and_inferred_flags(peru_graph: Graph) -> None:
    scores = _scores(peru_graph)
    assert len(scores) == 36
    assert scores["criminality"] == (Decimal("6.62"), Decimal("0.22"), False)
    assert scores["trade-in-counterfeit-goods"] == (Decimal("8.50"), Decimal("-0.50"), False)
    assert scores["mafia-style-groups"] == (Decimal("7.00"), None, True)
    assert scores["political-leadership-and-governance"] == (Decimal("2.50"), None, True)
    assert sum(inferred for _, _, inferred in scores.values()) == 2
    for obs in peru_graph.subjects(OCKG.inferred, Literal(True)):
        assert "average" in str(peru_graph.value(obs, OCKG.inferenceMethod))


def test_peru_graph_scores_are_observations_of_the_country_and_edition(peru_graph: Graph) -> None:
    cocaine = [
        obs
        for obs in peru_graph.subjects(OCKG.indicator, indicator_iri("cocaine-trade"))
        if (obs, OCKG.score, None) in peru_graph
    ]
    assert len(cocaine) == 1
    obs = cocaine[0]
    assert (obs, SDMX_DIM.refArea, PERU) in peru_graph
    assert peru_graph.value(obs, OCKG.edition) == Literal(2025)
    assert (obs, QB.dataSet, None) in peru_graph
    assert str(peru_graph.value(obs, OCKG.score)) == "9.00"


def test_peru_graph_has_six_ranks_with_previous_ranks(peru_graph: Graph) -> None:
    ranks = {
        (
            str(peru_graph.value(o, OCKG.indicator)).rsplit("/", 1)[-1],
            str(peru_graph.value(peru_graph.value(o, OCKG.rankingScope), _label())),
        ): (peru_graph.value(o, OCKG.rank).toPython(), peru_graph.value(o, OCKG.previousRank))
        for o in peru_graph.subjects(OCKG.rank, None)
    }
    assert len(ranks) == 6
    assert ranks["criminality", "World"] == (31, Literal(32))
    assert ranks["resilience", "South America"] == (7, Literal(8))


def _label() -> URIRef:
    return URIRef("http://www.w3.org/2000/01/rdf-schema#label")


def test_peru_graph_has_facts_capital_and_document(peru_graph: Graph) -> None:
    profile = next(peru_graph.subjects(OCKG.population, None))
    assert peru_graph.value(profile, OCKG.population).toPython() == 34_217_848
    assert str(peru_graph.value(profile, OCKG.gdpUsdMillion)) == "289070"
    capital = peru_graph.value(profile, OCKG.capital)
    assert str(peru_graph.value(capital, _label())) == "Lima"
    assert peru_graph.value(capital, OCKG.geonamesId).toPython() == 3936456
    assert (capital, OCKG.locatedIn, PERU) in peru_graph
    source = URIRef("https://ocindex.net/2025/country/peru")
    doc = next(peru_graph.subjects(URIRef("http://www.w3.org/ns/prov#hadPrimarySource"), source))
    text = (Path(__file__).resolve().parents[1] / "corpus" / "peru_2025.txt").read_text()
    assert str(peru_graph.value(doc, URIRef(str(_nif()) + "isString"))) == text


def _nif() -> str:
    return "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"


def test_peru_graph_passes_shacl_and_the_data_cube_constraints(peru_graph: Graph) -> None:
    report = validate_graph(peru_graph)
    assert report.ok, report.lines()


def test_a_broken_cube_fails_validation(peru_graph: Graph) -> None:
    broken = Graph()
    broken += peru_graph
    obs = next(broken.subjects(OCKG.score, None))
    broken.remove((obs, OCKG.edition, None))
    report = validate_graph(broken)
    assert not report.ok
    assert "IC-11" in {v.constraint for v in report.cube}


def test_a_shape_violation_fails_validation(peru_graph: Graph) -> None:
    broken = Graph()
    broken += peru_graph
    obs = next(broken.subjects(OCKG.score, None))
    broken.set((obs, OCKG.score, Literal(Decimal("11.50"))))
    report = validate_graph(broken)
    assert not report.ok
    assert any(v.path and v.path.endswith("#score") for v in report.shapes)


def test_rebuild_is_byte_identical(peru_path: Path, peru_graph: Graph) -> None:
    again = build_corpus([peru_path]).graph
    assert serialize(again, "ttl") == serialize(peru_graph, "ttl")
    assert serialize(again, "nt") == serialize(peru_graph, "nt")


def test_turtle_parses_in_oxigraph_and_rdflib_with_the_same_triple_count(peru_graph: Graph) -> None:
    import pyoxigraph

    data = serialize(peru_graph, "ttl")
    store = pyoxigraph.Store()
    store.load(data, format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(peru_graph) == len(Graph().parse(data=data, format="turtle"))


@pytest.mark.skipif(shutil.which("rapper") is None, reason="raptor2-utils (rapper) not installed")
def test_turtle_parses_in_raptor_with_the_same_triple_count(
    tmp_path: Path, peru_graph: Graph
) -> None:
    path = tmp_path / "graph.ttl"
    path.write_bytes(serialize(peru_graph, "ttl"))
    done = subprocess.run(
        ["rapper", "-i", "turtle", "-c", str(path)], capture_output=True, text=True, check=True
    )
    assert f"returned {len(peru_graph)} triples" in done.stderr


def test_cli_build_writes_graph_and_report(tmp_path: Path, peru_path: Path) -> None:
    result = runner.invoke(app, ["build", str(peru_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 10_000
    assert (tmp_path / "out" / "report.json").is_file()


def test_builds_are_identical_across_hash_seeds_and_input_order(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    root = Path(__file__).resolve().parents[1] / "corpus"
    for name in ("peru_2025.txt", "peru_2025.meta.yaml"):
        shutil.copy(root / name, corpus / name)
    (corpus / "note.txt").write_text(
        "Los Choneros and Los Lobos fight over cocaine routes through Guayaquil.\n"
    )
    outputs = []
    for seed, order in (("1", ["peru_2025.txt", "note.txt"]), ("2", ["note.txt", "peru_2025.txt"])):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        args = [sys.executable, "-m", "kg.cli", "build", *(str(corpus / n) for n in order)]
        formats = ["-f", "ttl", "-f", "nt", "-f", "jsonld"]  # JSON-LD once followed hash order
        subprocess.run([*args, "--out", str(out), *formats, "-q"], check=True, env=env)
        outputs.append({f: (out / f"graph.{f}").read_bytes() for f in ("ttl", "nt", "jsonld")})
    assert outputs[0] == outputs[1]


def test_failed_build_keeps_the_previous_output(tmp_path: Path, peru_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(peru_path), "--out", str(out)]).exit_code == 0
    before = (out / "graph.ttl").read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(peru_path.read_bytes().replace(b"9.000.00", b"9.0x0.00", 1))
    result = runner.invoke(app, ["build", str(peru_path), str(bad), "--out", str(out)])
    assert result.exit_code == 1
    assert f"{bad}:" in result.output and "E101" in result.output
    assert (out / "graph.ttl").read_bytes() == before
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == ["graph.ttl", "report.json"]


def test_failed_first_build_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["build", str(bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "E002" in result.output and str(bad) in result.output
    assert not (tmp_path / "out").exists()


def test_cli_query_and_validate(tmp_path: Path, peru_path: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(app, ["build", str(peru_path), "--out", str(out)])
    query = (
        "PREFIX ockg: <https://w3id.org/ockg/def#> "
        "SELECT (COUNT(?o) AS ?n) WHERE { ?o ockg:score ?s }"
    )
    result = runner.invoke(app, ["query", str(out / "graph.ttl"), query, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["n", "36"]
    assert runner.invoke(app, ["validate", str(out / "graph.ttl")]).exit_code == 0
    bad = runner.invoke(app, ["query", str(out / "graph.ttl"), "SELECT WHERE {"])
    assert bad.exit_code == 1 and "E202" in bad.output
