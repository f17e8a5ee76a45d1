"""The named query pack: the same answers on Oxigraph and rdflib, and parameters bound as terms."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from kg.build import build_corpus
from kg.errors import Code, OckgError
from kg.graph.namespaces import NIF, OCKG, PROV
from kg.graph.serialize import atomic_write, serialize
from kg.queries import (
    bind_parameters,
    named_query,
    parameter_term,
    parse_params,
    queries_dir,
    query_description,
    query_names,
    run_named,
    run_with_params,
)
from kg.query import QueryResult

ROOT = Path(__file__).resolve().parents[1]
ENGINES = ("oxigraph", "rdflib")
XSD = "http://www.w3.org/2001/XMLSchema#"
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
LISTS = {"markets", "actors"}
"""GROUP_CONCAT columns whose order SPARQL leaves to the engine: compared as sets of parts."""
INJECTIONS = (
    'x" } ; DROP ALL ; #',
    "<http://a> } UNION { ?s ?p ?o",
    'Tren de Aragua"@en) } UNION { ?s ?p ?o } #',
    "x\\u0022 } UNION { ?s ?p ?o } #",
)
INDEX_TTL = """\
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix ockg: <https://w3id.org/ockg/def#> .
@prefix sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#> .
@prefix obs: <https://w3id.org/ockg/id/obs/official-scores/> .
@prefix idx: <https://w3id.org/ockg/id/indicator/> .
@prefix country: <https://w3id.org/ockg/id/place/country/> .
@prefix dataset: <https://w3id.org/ockg/id/dataset/> .

obs:pe a qb:Observation ; qb:dataSet dataset:official-scores ; sdmx-dimension:refArea country:PE ;
    ockg:edition 2025 ; ockg:indicator idx:cocaine-trade ; ockg:score 9.00 .
obs:co a qb:Observation ; qb:dataSet dataset:official-scores ; sdmx-dimension:refArea country:CO ;
    ockg:edition 2025 ; ockg:indicator idx:cocaine-trade ; ockg:score 10.00 .
obs:cl a qb:Observation ; qb:dataSet dataset:official-scores ; sdmx-dimension:refArea country:CL ;
    ockg:edition 2025 ; ockg:indicator idx:cocaine-trade ; ockg:score 5.50 .
obs:cl-2023 a qb:Observation ; qb:dataSet dataset:official-scores ;
    sdmx-dimension:refArea country:CL ; ockg:edition 2023 ; ockg:indicator idx:cocaine-trade ;
    ockg:score 1.00 .
"""


@pytest.fixture(scope="module")
def peru_ttl(tmp_path_factory: pytest.TempPathFactory, peru_path: Path) -> Path:
    """Peru's graph, built once a session (test_serve.py finds it in the same place)."""
    path = tmp_path_factory.getbasetemp() / "peru-graph" / "graph.ttl"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, serialize(build_corpus([peru_path]).graph))
    return path


@pytest.fixture(scope="module")
def peru_rdflib(peru_ttl: Path) -> Graph:
    return Graph().parse(peru_ttl, format="turtle")


def _normalised(result: QueryResult) -> list[tuple[str | None, ...]]:
    """The rows, sorted, with GROUP_CONCAT lists as sorted parts."""
    rows = []
    for row in result.rows:
        rows.append(
            tuple(
                ", ".join(sorted(value.split(", "))) if name in LISTS and value else value
                for name, value in zip(result.variables, row, strict=True)
            )
        )
    return sorted(rows, key=repr)


def _both(graph: Path, name: str, params: dict[str, str] | None = None) -> QueryResult:
    """The named query's answer on Oxigraph, after checking that rdflib gives the same."""
    oxigraph = run_named(graph, name, params, engine="oxigraph")
    rdflib = run_named(graph, name, params, engine="rdflib")
    assert oxigraph.variables == rdflib.variables
    assert _normalised(oxigraph) == _normalised(rdflib)
    return oxigraph


# --- the pack ----------------------------------------------------------------------------------


def test_the_pack_is_the_queries_folder_and_every_query_is_described() -> None:
    assert queries_dir() == ROOT / "queries"
    assert query_names() == sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    assert "claim_sources" in query_names()
    for name in query_names():
        description = query_description(name)
        assert description and not description.startswith("#"), name
        assert named_query(name).startswith("#")


def test_an_unknown_named_query_is_an_error_listing_the_known_ones() -> None:
    with pytest.raises(OckgError) as caught:
        named_query("who_operates_wher")
    assert caught.value.code is Code.E202
    assert "who_operates_where" in str(caught.value) and "claim_sources" in str(caught.value)


@pytest.mark.parametrize("name", query_names())
def test_every_named_query_gives_the_same_answers_on_both_engines(
    peru_ttl: Path, name: str
) -> None:
    result = _both(peru_ttl, name)
    if name != "profile_vs_index":  # needs the official index, tested below
        assert result.rows, f"{name} found nothing in Peru's graph"


def test_profile_vs_index_compares_with_official_scores(tmp_path: Path, peru_ttl: Path) -> None:
    shutil.copy(peru_ttl, tmp_path / "graph.ttl")
    (tmp_path / "index.ttl").write_text(INDEX_TTL, encoding="utf-8")
    result = _both(tmp_path, "profile_vs_index")
    assert result.variables[:4] == ("country", "edition", "indicator", "score")
    # the mean of 9.00, 10.00 and 5.50 is 8.1666…: rounded, so that both engines agree
    assert result.rows == (("Peru", "2025", "Cocaine trade", "9.00", "8.17", "5.50", "10.00", "3"),)


def test_routes_keep_the_order_of_more_than_nine_stops_on_both_engines(tmp_path: Path) -> None:
    stops = " ".join(f"<http://example.org/p{i}>" for i in range(12, 0, -1))
    labels = "\n".join(
        f'<http://example.org/p{i}> rdfs:label "P{i:02d}"@en .' for i in range(1, 13)
    )
    (tmp_path / "routes.ttl").write_text(
        f"""\
@prefix ockg: <https://w3id.org/ockg/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
<http://example.org/route> a ockg:Route ; ockg:confidence 0.5 ;
    prov:wasDerivedFrom <http://example.org/s> ; ockg:via ( {stops} ) .
<http://example.org/s> nif:anchorOf "A long way." .
{labels}
""",
        encoding="utf-8",
    )
    result = _both(tmp_path / "routes.ttl", "routes")
    via = result.rows[0][result.variables.index("via")]
    assert via == " → ".join(f"P{i:02d}" for i in range(12, 0, -1))


# --- parameters --------------------------------------------------------------------------------


def _tren_de_aragua_sources(graph: Graph) -> set[tuple[str, str]]:
    """(begin, sentence) of every claim about Tren de Aragua, read without SPARQL."""
    actors = set(graph.subjects(RDFS_LABEL, Literal("Tren de Aragua", lang="en")))
    assert actors
    out = set()
    for predicate in (OCKG.actor, OCKG.participant):
        for actor in actors:
            for claim in graph.subjects(predicate, actor):
                for source in graph.objects(claim, PROV.wasDerivedFrom):
                    begin = graph.value(source, NIF.beginIndex)
                    out.add((str(begin), str(graph.value(source, NIF.anchorOf))))
    return out


@pytest.mark.parametrize("engine", ENGINES)
def test_claim_sources_bound_to_an_actor_gives_only_that_actors_claims(
    peru_ttl: Path, peru_rdflib: Graph, engine: str
) -> None:
    everyone = run_named(peru_ttl, "claim_sources", engine=engine)
    tren = run_named(peru_ttl, "claim_sources", {"actorName": "Tren de Aragua"}, engine=engine)
    begin, sentence = tren.variables.index("begin"), tren.variables.index("sentence")
    found = {(row[begin], row[sentence]) for row in tren.rows}
    assert found == _tren_de_aragua_sources(peru_rdflib)
    assert set(tren.rows) < set(everyone.rows)


def test_bound_queries_agree_across_engines(peru_ttl: Path) -> None:
    assert _both(peru_ttl, "claim_sources", {"actorName": "Tren de Aragua"}).rows
    # a variable the query fills from its own VALUES block, as a plain string
    presence = _both(peru_ttl, "claim_sources", {"kind": "presence"})
    assert presence.rows and {row[0] for row in presence.rows} == {"presence"}
    # the same label written out in full
    full = _both(peru_ttl, "claim_sources", {"actorName": '"Tren de Aragua"@en'})
    assert full.rows == _both(peru_ttl, "claim_sources", {"actorName": "Tren de Aragua"}).rows
    # a plain string is not the English label
    assert not _both(peru_ttl, "claim_sources", {"actorName": '"Tren de Aragua"'}).rows
    # typed literals: an integer edition, a decimal score
    scores = _both(peru_ttl, "score_changes", {"edition": "2025"})
    assert scores.rows == _both(peru_ttl, "score_changes").rows
    assert not _both(peru_ttl, "score_changes", {"edition": "2019"}).rows
    nine = _both(peru_ttl, "market_scores", {"score": "9.00", "country": "Peru"})
    assert nine.rows and {row[3] for row in nine.rows} == {"9.00"}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("value", INJECTIONS)
def test_an_injection_attempt_is_a_literal_that_matches_nothing(
    peru_ttl: Path, engine: str, value: str
) -> None:
    result = run_named(peru_ttl, "claim_sources", {"actorName": value}, engine=engine)
    assert result.rows == ()
    assert result.variables == ("kind", "document", "begin", "end", "sentence")


def _values_rows(query: str) -> list[dict[str, object]]:
    """Every row of every VALUES block in the query, as rdflib parses it."""
    rows: list[dict[str, object]] = []
    stack: list[object] = [prepareQuery(query).algebra]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "values":
                rows += [{str(k): v for k, v in row.items()} for row in node.res]
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return rows


@pytest.mark.parametrize("value", INJECTIONS)
def test_the_values_block_holds_the_value_as_one_literal(value: str) -> None:
    query = named_query("claim_sources")
    bound = bind_parameters(query, {"actorName": value})
    assert dict(bound.terms) == {"actorName": ox.Literal(value, language="en")}
    assert bound.rdflib_bindings() == {"actorName": Literal(value, lang="en")}
    # parsed back, the query has one more VALUES row than before: the literal, unchanged
    if "\\u" not in value:  # rdflib decodes \u escapes before parsing (SPARQL 1.1, 19.2)
        rows = _values_rows(bound.with_values())
        expected = [{"actorName": Literal(value, lang="en")}, *_values_rows(query)]
        assert sorted(rows, key=repr) == sorted(expected, key=repr)
    assert list(ox.Store().query(bound.with_values())) == []


def test_parameter_values_become_terms() -> None:
    prefixes = {"ockg": "https://w3id.org/ockg/def#", "xsd": XSD}
    assert parameter_term("<http://example.org/a>") == ox.NamedNode("http://example.org/a")
    assert parameter_term("ockg:Presence", prefixes) == ox.NamedNode(prefixes["ockg"] + "Presence")
    assert parameter_term("42") == ox.Literal("42", datatype=ox.NamedNode(XSD + "integer"))
    assert parameter_term("+007") == ox.Literal("7", datatype=ox.NamedNode(XSD + "integer"))
    assert parameter_term("9.00") == ox.Literal("9.00", datatype=ox.NamedNode(XSD + "decimal"))
    assert parameter_term("true") == ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))
    assert parameter_term('"Perú"@es') == ox.Literal("Perú", language="es")
    assert parameter_term('"5"^^xsd:int', prefixes) == ox.Literal(
        "5", datatype=ox.NamedNode(XSD + "int")
    )
    assert parameter_term('"say "hi""') == ox.Literal('say "hi"')
    assert parameter_term("presence") == ox.Literal("presence")
    assert parameter_term("Peru", english=True) == ox.Literal("Peru", language="en")
    # an unknown prefix, or text that only looks like an IRI, stays a string
    assert parameter_term("http://example.org/a") == ox.Literal("http://example.org/a")
    assert parameter_term("<a b>") == ox.Literal("<a b>")
    for bad in ("<relative>", '"x"^^nope:type', '"x"@-'):
        with pytest.raises(OckgError) as caught:
            parameter_term(bad, prefixes)
        assert caught.value.code is Code.E202


def test_bad_parameters_are_clear_errors() -> None:
    claim_sources = named_query("claim_sources")
    with pytest.raises(OckgError, match=r"no variable \?actor .*\?actorName"):
        bind_parameters(claim_sources, {"actor": "Tren de Aragua"})
    with pytest.raises(OckgError, match=r"\?mentions is computed"):
        bind_parameters(named_query("mentions"), {"mentions": "3"})
    with pytest.raises(OckgError, match="only in SELECT and ASK"):
        bind_parameters("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": "<http://a>"})
    assert parse_params(["actorName=Tren de Aragua", "?edition=2025", "x=a=b"]) == {
        "actorName": "Tren de Aragua",
        "edition": "2025",
        "x": "a=b",
    }
    for bad in (["actorName"], ["1x=2"], ["a=1", "a=2"]):
        with pytest.raises(OckgError) as caught:
            parse_params(bad)
        assert caught.value.code is Code.E202


def test_the_values_block_opens_the_outermost_group_whatever_comes_before(peru_ttl: Path) -> None:
    query = """\
# a comment with { braces } and "quotes"
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name ("{" AS ?brace) # another { comment
WHERE { ?x rdfs:label ?name }"""
    bound = bind_parameters(query, {"name": "Tren de Aragua"})
    assert bound.with_values().endswith(
        'WHERE { VALUES (?name) { ("Tren de Aragua"@en) }\n ?x rdfs:label ?name }'
    )
    for engine in ENGINES:
        result = run_with_params(peru_ttl, query, {"name": "Tren de Aragua"}, engine=engine)
        assert result.rows == (("Tren de Aragua", "{"),)
    ask = "ASK { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?name }"
    for engine in ENGINES:
        yes = run_with_params(peru_ttl, ask, {"name": "Tren de Aragua"}, engine=engine)
        no = run_with_params(peru_ttl, ask, {"name": "Tren de Ara"}, engine=engine)
        assert (yes.boolean, no.boolean) == (True, False)
