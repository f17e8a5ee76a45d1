"""The named query pack: the same answers on Oxigraph and rdflib, and parameters bound as terms."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS
from typer.testing import CliRunner

from kg.build import build_corpus
from kg.cli import app
from kg.errors import Code, OckgError
from kg.graph.namespaces import NIF, OCKG, PROV
from kg.graph.serialize import atomic_write, serialize
from kg.sparql.engine import QueryResult, run_named, run_query
from kg.sparql.named import named_query, queries_dir, query_description, query_names
from kg.sparql.params import (
    ParameterKind,
    bind_parameters,
    declared_needs,
    declared_parameters,
    parameter_term,
    parse_params,
)

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
def peru_ttl(peru_build: Path) -> Path:
    """Peru's graph, from the session's build (tests/conftest.py)."""
    return peru_build / "graph.ttl"


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
    # profile_vs_index needs the official index, and Peru's profile names no person: both are
    # compared across engines on their own graphs below
    if name not in ("profile_vs_index", "people"):
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


# --- declared parameters -----------------------------------------------------------------------

TEXTS = ROOT / "tests" / "data" / "texts"
AGGREGATING = {"mentions", "places_ranked", "profile_vs_index"}

# For every declared parameter: a value, and the same filter written by hand (a FILTER placed at
# the end of the query's WHERE group). Each case is checked on Peru and on a multi-document build.
CASES: list[tuple[str, dict[str, str], str]] = [
    (
        "claim_sources",
        {"actor": "tren de aragua"},
        'FILTER(EXISTS { ?a rdfs:label ?h . FILTER(LCASE(STR(?h)) = "tren de aragua") })',
    ),
    ("claim_sources", {"kind": "Presence"}, 'FILTER(?kind = "presence")'),
    (
        "criminality_vs_resilience",
        {"country": "PERU", "edition": "2025"},
        'FILTER(LCASE(STR(?country)) = "peru" && ?edition = 2025)',
    ),
    (
        "foreign_groups",
        {"market": "Cocaine Trade", "country": "Peru"},
        "FILTER(EXISTS { ?a ockg:activeIn/skos:prefLabel ?h . "
        'FILTER(LCASE(STR(?h)) = "cocaine trade") } && '
        'EXISTS { ?a ockg:operatesIn/rdfs:label ?g . FILTER(LCASE(STR(?g)) = "peru") })',
    ),
    ("foreign_groups", {"origin": "venezuela"}, 'FILTER(LCASE(STR(?origin)) = "venezuela")'),
    ("foreign_groups", {"actor": "Tren de Aragua"}, 'FILTER(?actor = "Tren de Aragua"@en)'),
    ("foreign_groups", {"kind": "group"}, 'FILTER(?kind = "group")'),
    ("foreign_groups", {"in": "PERU"}, 'FILTER(LCASE(STR(?in)) = "peru")'),
    ("classifications", {"actor": "Tren de Aragua"}, 'FILTER(?actor = "Tren de Aragua"@en)'),
    (
        "classifications",
        {"type": "foreign actors", "country": "Peru"},
        'FILTER(LCASE(STR(?type)) = "foreign actors" && ?country = "Peru"@en)',
    ),
    (
        "high_scoring_markets",
        {"market": "cocaine trade", "country": "peru", "edition": "2025"},
        'FILTER(LCASE(STR(?market)) = "cocaine trade" && LCASE(STR(?country)) = "peru" '
        "&& ?edition = 2025)",
    ),
    (
        "market_scores",
        {"market": "COCAINE TRADE", "country": "Peru", "edition": "2025"},
        'FILTER(LCASE(STR(?market)) = "cocaine trade" && ?country = "Peru"@en && ?edition = 2025)',
    ),
    ("market_scores", {"score": "9"}, "FILTER(?score = 9.0)"),
    ("mentions", {"entity": "lima"}, 'FILTER(LCASE(STR(?entity)) = "lima")'),
    ("mentions", {"kind": "City"}, 'FILTER(?kind = "City")'),
    ("places_ranked", {"place": "Lima"}, 'FILTER(?place = "Lima"@en)'),
    (
        "places_ranked",
        {"market": "cocaine trade"},
        "FILTER(EXISTS { ?claim ockg:market/<http://www.w3.org/2004/02/skos/core#prefLabel> ?h . "
        'FILTER(LCASE(STR(?h)) = "cocaine trade") })',
    ),
    (
        "places_ranked",
        {"actor": "tren de aragua"},
        "FILTER(EXISTS { ?claim ockg:actor/rdfs:label ?h . "
        'FILTER(LCASE(STR(?h)) = "tren de aragua") })',
    ),
    (
        "relationship_network",
        {"actor": "tren de aragua", "kind": "rivalry"},
        'FILTER((LCASE(STR(?first)) = "tren de aragua" || LCASE(STR(?second)) = "tren de aragua") '
        '&& ?kind = "rivalry")',
    ),
    (
        "routes",
        {"market": "cocaine trade", "origin": "Peru"},
        'FILTER(?market = "Cocaine trade"@en && ?origin = "Peru"@en)',
    ),
    ("routes", {"destination": "europe"}, 'FILTER(LCASE(STR(?destination)) = "europe")'),
    (
        "routes",
        {"place": "brazil"},
        "FILTER(EXISTS { ?route ockg:origin|ockg:destination|(ockg:via/rdf:rest*/rdf:first) ?x . "
        '?x rdfs:label ?h . FILTER(LCASE(STR(?h)) = "brazil") })',
    ),
    ("routes", {"mode": "river"}, 'FILTER(?mode = "river")'),
    (
        "score_changes",
        {"indicator": "cocaine trade", "country": "peru", "edition": "2025"},
        'FILTER(LCASE(STR(?indicator)) = "cocaine trade" && LCASE(STR(?country)) = "peru" '
        "&& ?edition = 2025)",
    ),
    (
        "who_operates_where",
        {"actor": "Tren de Aragua", "market": "extortion and protection racketeering"},
        'FILTER(?actor = "Tren de Aragua"@en && '
        'LCASE(STR(?market)) = "extortion and protection racketeering")',
    ),
    ("who_operates_where", {"place": "LIMA"}, 'FILTER(LCASE(STR(?place)) = "lima")'),
]
INDEX_CASES = [
    (
        "profile_vs_index",
        {"indicator": "cocaine trade", "country": "Peru", "edition": "2025"},
        'FILTER(LCASE(STR(?indicator)) = "cocaine trade" && ?country = "Peru"@en '
        "&& ?edition = 2025)",
    )
]

PEOPLE_CASES = [
    ("people", {"person": "WILMER CHAVARRÍA"}, 'FILTER(LCASE(STR(?person)) = "wilmer chavarría")'),
    (
        "people",
        {"group": "los choneros", "role": "Leader"},
        'FILTER(LCASE(STR(?group)) = "los choneros" && LCASE(STR(?role)) = "leader")',
    ),
]
PEOPLE_TEXT = (
    "Wilmer Chavarría, alias 'Pipo', leader of Los Lobos, was arrested in Spain. Los Choneros "
    "leader Adolfo Macías escaped. José Adolfo Macías, a member of Los Choneros, was killed."
)


def _hand_filtered(name: str, hand_filter: str) -> str:
    """The named query with ``hand_filter`` closing its WHERE group (the last top-level ``}``)."""
    text = named_query(name)
    close = text.rindex("\n}")
    return text[:close] + f"\n  {hand_filter}" + text[close:]


@pytest.fixture(scope="module")
def several_ttl(tmp_path_factory: pytest.TempPathFactory, peru_path: Path) -> Path:
    """Peru's profile with the Ecuador and Mexico texts: one graph of three documents."""
    path = tmp_path_factory.mktemp("several") / "graph.ttl"
    inputs = [peru_path, TEXTS / "ecuador.txt", TEXTS / "mexico.txt"]
    atomic_write(path, serialize(build_corpus(inputs).graph))
    return path


def test_every_declared_parameter_has_a_case_checked_against_a_hand_written_filter() -> None:
    cases = CASES + INDEX_CASES + PEOPLE_CASES
    covered = {(name, key) for name, params, _ in cases for key in params}
    declared = {(n, p.name) for n in query_names() for p in declared_parameters(named_query(n))}
    assert declared == covered
    for name in query_names():  # every query declares at least one parameter
        assert declared_parameters(named_query(name)), name


_UNFILTERED: dict[tuple[Path, str], QueryResult] = {}


def _check_case(
    graph: Path, name: str, params: dict[str, str], hand_filter: str, *, engines: bool = True
) -> QueryResult:
    """The filtered answer equals the hand-filtered one (and, with ``engines``, rdflib's)."""
    if (graph, name) not in _UNFILTERED:
        _UNFILTERED[graph, name] = run_named(graph, name)
    everything = _UNFILTERED[graph, name]
    filtered = _both(graph, name, params) if engines else run_named(graph, name, params)
    hand = run_query(graph, _hand_filtered(name, hand_filter))
    assert filtered.variables == hand.variables == everything.variables
    assert _normalised(filtered) == _normalised(hand)
    assert filtered.rows, f"{name} {params}: nothing matched"
    # a filter keeps rows as they are: every filtered row is one of the unfiltered answer's rows
    # (except in queries that count: their counts are of what the filter leaves)
    if name not in AGGREGATING:
        assert set(_normalised(filtered)) <= set(_normalised(everything))
    return filtered


FIRST_CASE_OF_EACH_QUERY = {name: params for name, params, _ in reversed(CASES)}


@pytest.mark.parametrize(("name", "params", "hand_filter"), CASES, ids=lambda v: str(v)[:40])
def test_a_parameter_filters_like_a_hand_written_filter_on_peru(
    peru_ttl: Path, name: str, params: dict[str, str], hand_filter: str
) -> None:
    # rdflib's answer is compared too for each query's first case (about a second each)
    engines = FIRST_CASE_OF_EACH_QUERY[name] == params
    _check_case(peru_ttl, name, params, hand_filter, engines=engines)


@pytest.mark.parametrize(("name", "params", "hand_filter"), CASES, ids=lambda v: str(v)[:40])
def test_a_parameter_filters_like_a_hand_written_filter_on_several_documents(
    several_ttl: Path, name: str, params: dict[str, str], hand_filter: str
) -> None:
    # rdflib evaluates a filter's EXISTS about a second per query: the engines are compared on
    # Peru for every case, here for the cocaine question only
    both = name == "foreign_groups" and "market" in params
    _check_case(several_ttl, name, params, hand_filter, engines=both)


@pytest.mark.parametrize(("name", "params", "hand_filter"), INDEX_CASES)
def test_profile_vs_index_parameters_filter_like_a_hand_written_filter(
    tmp_path: Path, peru_ttl: Path, name: str, params: dict[str, str], hand_filter: str
) -> None:
    shutil.copy(peru_ttl, tmp_path / "graph.ttl")
    (tmp_path / "index.ttl").write_text(INDEX_TTL, encoding="utf-8")
    _check_case(tmp_path, name, params, hand_filter)


@pytest.mark.parametrize(("name", "params", "hand_filter"), PEOPLE_CASES)
def test_people_parameters_filter_like_a_hand_written_filter(
    tmp_path: Path, name: str, params: dict[str, str], hand_filter: str
) -> None:
    text = tmp_path / "people.txt"
    text.write_text(PEOPLE_TEXT, encoding="utf-8")
    text.with_name("people.meta.yaml").write_text("country: EC\n", encoding="utf-8")
    atomic_write(tmp_path / "graph.ttl", serialize(build_corpus([text]).graph))
    _check_case(tmp_path / "graph.ttl", name, params, hand_filter)


def test_a_parameter_never_rewrites_a_column(peru_ttl: Path) -> None:
    """The issue's examples: a binding used to relabel every row; a filter drops the others."""
    routes = run_named(peru_ttl, "routes", {"market": "Cocaine trade"})
    market = routes.variables.index("market")
    assert {row[market] for row in routes.rows} == {"Cocaine trade"}
    everything = run_named(peru_ttl, "routes")
    cocaine = [row for row in everything.rows if row[market] == "Cocaine trade"]
    assert sorted(routes.rows, key=repr) == sorted(cocaine, key=repr)
    assert len(routes.rows) < len(everything.rows)
    who = run_named(peru_ttl, "who_operates_where", {"actor": "Tren de Aragua"})
    assert {row[0] for row in who.rows} == {"Tren de Aragua"}
    assert len(who.rows) < len(run_named(peru_ttl, "who_operates_where").rows)
    venezuela = run_named(peru_ttl, "foreign_groups", {"origin": "Venezuela"})
    origin = venezuela.variables.index("origin")
    assert venezuela.rows and {row[origin] for row in venezuela.rows} == {"Venezuela"}


def test_a_label_parameter_matches_alternative_labels(peru_ttl: Path, peru_rdflib: Graph) -> None:
    # an actor the presence claims name, and one of its alternative labels
    actor_ids = set(peru_rdflib.objects(None, OCKG.actor))
    with_alt = sorted(
        (str(peru_rdflib.value(a, RDFS_LABEL)), str(alt))
        for a in actor_ids
        for alt in peru_rdflib.objects(a, SKOS.altLabel)
        if not any(
            str(other).lower() == str(alt).lower()
            for b in actor_ids - {a}
            for other in [
                *peru_rdflib.objects(b, RDFS_LABEL),
                *peru_rdflib.objects(b, SKOS.altLabel),
            ]
        )
    )
    assert with_alt, "no actor in Peru's claims has an alternative label"
    label, alt = with_alt[0]
    by_label = run_named(peru_ttl, "who_operates_where", {"actor": label})
    by_alt = _both(peru_ttl, "who_operates_where", {"actor": alt.upper()})
    assert by_label.rows and by_alt.rows == by_label.rows


def test_claim_sources_filtered_to_an_actor_gives_only_that_actors_claims(
    peru_ttl: Path, peru_rdflib: Graph
) -> None:
    for engine in ENGINES:
        tren = run_named(peru_ttl, "claim_sources", {"actor": "Tren de Aragua"}, engine=engine)
        begin, sentence = tren.variables.index("begin"), tren.variables.index("sentence")
        found = {(row[begin], row[sentence]) for row in tren.rows}
        assert found == _tren_de_aragua_sources(peru_rdflib)


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
@pytest.mark.parametrize("value", INJECTIONS)
def test_an_injection_attempt_is_a_literal_that_matches_nothing(
    peru_ttl: Path, engine: str, value: str
) -> None:
    result = run_named(peru_ttl, "claim_sources", {"actor": value}, engine=engine)
    assert result.rows == ()
    assert result.variables == ("actor", "kind", "document", "begin", "end", "sentence")


@pytest.mark.parametrize("value", INJECTIONS)
def test_the_filter_holds_the_value_as_one_escaped_literal(value: str) -> None:
    bound = bind_parameters(named_query("claim_sources"), {"actor": value})
    assert dict(bound.terms) == {"actor": ox.Literal(value)}
    (line,) = bound.filters
    assert line.count(str(ox.Literal(value))) == 2  # the literal case and the labels' case
    # the query with its filter still parses on both engines and matches nothing
    assert list(ox.Store().query(bound.sparql())) == []
    assert list(Graph().query(bound.sparql())) == []


QUERY_WITH_IRI_AND_DATE = """\
# Places and when they were seen.
# @param place iri ?p: the place, an IRI
# @param country iri ?p/ex:in: the country the place lies in
# @param seen date ?seen: the day, YYYY-MM-DD
PREFIX ex: <http://example.org/>
SELECT ?name ?seen WHERE { ?p ex:name ?name . OPTIONAL { ?p ex:seen ?seen } }
ORDER BY ?name
"""
DATES_TTL = """\
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:lima ex:name "Lima" ; ex:in ex:peru ; ex:seen "2025-03-01"^^xsd:date .
ex:cusco ex:name "Cusco" ; ex:in ex:peru ; ex:seen "2024-01-05"^^xsd:date .
ex:quito ex:name "Quito" ; ex:in ex:ecuador .
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_iri_and_date_parameters_filter_by_identity_and_value(tmp_path: Path, engine: str) -> None:
    data = tmp_path / "places.ttl"
    data.write_text(DATES_TTL, encoding="utf-8")

    def names(params: dict[str, str]) -> list[str | None]:
        result = run_query(data, QUERY_WITH_IRI_AND_DATE, params, engine=engine)
        return [row[0] for row in result.rows]

    assert names({}) == ["Cusco", "Lima", "Quito"]
    assert names({"place": "<http://example.org/lima>"}) == ["Lima"]
    assert names({"place": "ex:quito"}) == ["Quito"]
    assert names({"place": "http://example.org/cusco"}) == ["Cusco"]
    assert names({"country": "ex:peru"}) == ["Cusco", "Lima"]
    assert names({"seen": "2025-03-01"}) == ["Lima"]
    assert names({"seen": "2025-03-02"}) == []  # and Quito, never seen, is never a match
    assert names({"country": "ex:peru", "seen": "2024-01-05"}) == ["Cusco"]


def test_parameter_values_become_terms_of_their_kind() -> None:
    prefixes = {"ex": "http://example.org/"}
    xsd = ox.NamedNode
    assert parameter_term("label", " Tren de Aragua ") == ox.Literal(" Tren de Aragua ")
    assert parameter_term("iri", "<http://example.org/a>") == ox.NamedNode("http://example.org/a")
    assert parameter_term("iri", "ex:a", prefixes) == ox.NamedNode("http://example.org/a")
    assert parameter_term("number", "+007") == ox.Literal("7", datatype=xsd(XSD + "integer"))
    assert parameter_term("number", "9.00") == ox.Literal("9.00", datatype=xsd(XSD + "decimal"))
    assert parameter_term("date", "2025-03-01") == ox.Literal(
        "2025-03-01", datatype=xsd(XSD + "date")
    )
    for kind, bad in [
        ("number", "nine"),
        ("number", "9e"),
        ("date", "2025-02-30"),
        ("date", "1 March 2025"),
        ("iri", "<relative>"),
        ("iri", "nope:a"),
        ("iri", "Lima"),
    ]:
        with pytest.raises(OckgError) as caught:
            parameter_term(kind, bad, prefixes)
        assert caught.value.code is Code.E213, (kind, bad)


def test_an_undeclared_parameter_is_an_error_listing_the_declared_ones(peru_ttl: Path) -> None:
    with pytest.raises(OckgError) as caught:
        run_named(peru_ttl, "foreign_groups", {"market_name": "Cocaine trade"})
    assert caught.value.code is Code.E213
    assert "market_name" in str(caught.value)
    for name in ("actor", "kind", "origin", "market", "country"):
        assert name in str(caught.value)
    # a variable of the query that is not a declared parameter is no parameter either
    with pytest.raises(OckgError, match="its parameters: actor, kind"):
        bind_parameters(named_query("claim_sources"), {"sentence": "x"})
    with pytest.raises(OckgError, match="its parameters: none"):
        bind_parameters("SELECT ?s WHERE { ?s ?p ?o }", {"s": "<http://a>"})
    with pytest.raises(OckgError, match="only SELECT and ASK"):
        bind_parameters(
            "# @param s iri ?s: a subject\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
            {"s": "<http://a>"},
        )
    assert parse_params(["actor=Tren de Aragua", "x=a=b"]) == {
        "actor": "Tren de Aragua",
        "x": "a=b",
    }
    for bad in (["actor"], ["1x=2"], ["a=1", "a=2"]):
        with pytest.raises(OckgError) as caught:
            parse_params(bad)
        assert caught.value.code is Code.E213


def test_malformed_declarations_are_errors() -> None:
    body = "SELECT ?a WHERE { ?a ?p ?o }"
    for header in (
        "# @param a colour ?a: no such kind",
        "# @param a label a: no question mark",
        "# @param a label ?a no colon",
        "# @param a label ?b: a variable the query lacks",
        "# @param a label ?a: one\n# @param a label ?a: twice",
        "# @param a label ?a/ockg:x{y}: a bad path",
    ):
        with pytest.raises(OckgError) as caught:
            declared_parameters(f"{header}\n{body}")
        assert caught.value.code is Code.E202, header
    assert declared_parameters(f"# @param a label ?a/ockg:x/ockg:y: fine\n{body}")[0].path == (
        "ockg:x/ockg:y"
    )


def test_declarations_are_read_from_the_header_only_and_kept_out_of_the_description() -> None:
    text = named_query("routes")
    kinds = {p.name: p.kind for p in declared_parameters(text)}
    assert kinds["market"] is ParameterKind.LABEL and "place" in kinds
    assert "@param" not in query_description("routes")
    assert declared_parameters("SELECT ?a WHERE { ?a ?p ?o }\n# @param a label ?a: late") == ()
    (need,) = declared_needs(named_query("profile_vs_index"))
    assert "import-index" in need.what


def test_a_query_says_when_the_graph_lacks_the_data_it_needs(
    tmp_path: Path, peru_ttl: Path
) -> None:
    for engine in ENGINES:
        lacking = run_named(peru_ttl, "profile_vs_index", engine=engine)
        assert lacking.rows == ()
        assert len(lacking.notes) == 1 and "import-index" in lacking.notes[0]
        assert run_named(peru_ttl, "routes", engine=engine).notes == ()
    shutil.copy(peru_ttl, tmp_path / "graph.ttl")
    (tmp_path / "index.ttl").write_text(INDEX_TTL, encoding="utf-8")
    assert run_named(tmp_path, "profile_vs_index").notes == ()
    cli = CliRunner().invoke(app, ["query", str(peru_ttl), "--name", "profile_vs_index"])
    assert cli.exit_code == 0
    assert "note: this query needs the official Index scores" in cli.stderr


def test_the_cli_lists_parameters_and_prints_a_filtered_query(peru_ttl: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["queries"])
    assert listed.exit_code == 0
    assert "--param market=… (label): a market the actor is active in" in listed.stdout
    printed = runner.invoke(app, ["queries", "routes", "--param", "market=Cocaine trade"])
    assert printed.exit_code == 0
    assert (
        printed.stdout
        == bind_parameters(named_query("routes"), {"market": "Cocaine trade"}).sparql()
    )
    answer = runner.invoke(
        app,
        [
            "query",
            str(peru_ttl),
            "--name",
            "routes",
            "-p",
            "market=cocaine trade",
            "--format",
            "csv",
        ],
    )
    assert answer.exit_code == 0
    rows = answer.stdout.splitlines()[1:]
    assert rows and all(row.startswith("Cocaine trade,") for row in rows)
    wrong = runner.invoke(app, ["query", str(peru_ttl), "--name", "routes", "-p", "colour=red"])
    assert wrong.exit_code == 1
    assert "E213" in wrong.stderr and "market, origin, destination, place, mode" in wrong.stderr
    assert "Traceback" not in wrong.stderr + wrong.stdout


def test_the_filters_close_the_outermost_group_whatever_comes_before(peru_ttl: Path) -> None:
    query = """\
# a comment with { braces } and "quotes"
# @param name label ?name: a name
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name ("}" AS ?brace) # another } comment
WHERE { ?x rdfs:label ?name . FILTER(?name != "}") } # a last { comment"""
    bound = bind_parameters(query, {"name": "Tren de Aragua"})
    assert bound.sparql().startswith(query[: query.index('!= "}") ') + 7])
    assert bound.sparql().endswith("}))\n} # a last { comment")
    for engine in ENGINES:
        result = run_query(peru_ttl, query, {"name": "tren de aragua"}, engine=engine)
        assert result.rows == (("Tren de Aragua", "}"),)
    ask = (
        "# @param name label ?name: a name\n"
        "ASK { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?name }"
    )
    for engine in ENGINES:
        yes = run_query(peru_ttl, ask, {"name": "Tren de Aragua"}, engine=engine)
        no = run_query(peru_ttl, ask, {"name": "Tren de Ara"}, engine=engine)
        assert (yes.boolean, no.boolean) == (True, False)
