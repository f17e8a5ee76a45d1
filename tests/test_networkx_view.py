"""The NetworkX view: typed nodes, claim edges with provenance, ordered routes, stable exports."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.graph.namespaces import ID, NIF, OCKG, PROV, QB, SDMX_DIM, relation_predicate
from kg.graph.networkx_export import VIEW_FORMATS, export_bytes, write_neo4j_csv, write_networkx
from kg.graph.networkx_view import to_networkx
from kg.output_formats import output_format
from kg.relation_kinds import relation_kind

TDA = ID["group/tren-de-aragua"]
NETWORKS = ID["collective/PE/networks"]
COCAINE = ID["indicator/cocaine-trade"]
EXTORTION = ID["indicator/extortion-and-protection-racketeering"]
FOREIGN = ID["indicator/foreign-actors"]
PE, BR, VE = ID["place/country/PE"], ID["place/country/BR"], ID["place/country/VE"]
LIMA = ID["place/city/PE/lima"]
LETICIA = ID["place/city/CO/leticia"]
AMAZON = ID["place/area/amazon"]
PRESENCE = ID["claim/presence/p1"]
ROUTE = ID["claim/route/r1"]
RELATION = ID["claim/relationship/c1"]
DOC = ID["doc/0123456789abcdef"]
COOPERATES_WITH = relation_predicate(relation_kind("cooperation"))
SUFFIX = {fmt: Path(output_format(fmt).file).suffix for fmt in VIEW_FORMATS}
NON_NEGATIVE = URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")

TEXT = (
    "Tren de Aragua runs the cocaine trade in Lima. "
    "Cocaine leaves Peru through the Amazon and Leticia for Brazil by river. "
    "Tren de Aragua cooperates with local networks."
)
SENTENCES = [s + "." for s in TEXT.split(". ")]
SENTENCES[-1] = SENTENCES[-1].removesuffix(".")


def _sentence(graph: Graph, number: int) -> URIRef:
    begin = TEXT.index(SENTENCES[number])
    end = begin + len(SENTENCES[number])
    node = URIRef(f"{DOC}#char={begin},{end}")
    graph.add((node, RDF.type, NIF.Sentence))
    graph.add((node, NIF.referenceContext, DOC))
    graph.add((node, NIF.beginIndex, Literal(begin, datatype=NON_NEGATIVE)))
    graph.add((node, NIF.endIndex, Literal(end, datatype=NON_NEGATIVE)))
    graph.add((node, NIF.anchorOf, Literal(TEXT[begin:end])))
    return node


def _claim(graph: Graph, node: URIRef, cls: URIRef, sentence: URIRef, confidence: str) -> None:
    graph.add((node, RDF.type, cls))
    graph.add((node, PROV.wasDerivedFrom, sentence))
    graph.add((node, OCKG.confidence, Literal(Decimal(confidence))))
    graph.add((node, OCKG.method, Literal("test")))


def _place(graph: Graph, node: URIRef, cls: URIRef, label: str, *coords: str) -> None:
    graph.add((node, RDF.type, cls))
    graph.add((node, RDFS.label, Literal(label, lang="en")))
    for predicate, value in zip((OCKG.latitude, OCKG.longitude), coords, strict=False):
        graph.add((node, predicate, Literal(Decimal(value))))


def _observation(graph: Graph, edition: int, score: str, change: str | None) -> None:
    node = ID[f"obs/profile-scores/pe/{edition}/cocaine-trade"]
    graph.add((node, RDF.type, QB.Observation))
    graph.add((node, QB.dataSet, ID["dataset/profile-scores"]))
    graph.add((node, SDMX_DIM.refArea, PE))
    graph.add((node, OCKG.indicator, COCAINE))
    graph.add((node, OCKG.edition, Literal(edition)))
    graph.add((node, OCKG.score, Literal(Decimal(score))))
    if change is not None:
        graph.add((node, OCKG.scoreChange, Literal(Decimal(change))))


def _triples() -> Graph:
    g = Graph()
    g.add((DOC, NIF.isString, Literal(TEXT)))
    s1, s2, s3 = (_sentence(g, n) for n in range(3))
    for actor, cls, label in (
        (TDA, OCKG.CriminalGroup, "Tren de Aragua"),
        (NETWORKS, OCKG.ActorCollective, "Peruvian networks"),
    ):
        g.add((actor, RDF.type, cls))
        g.add((actor, RDF.type, OCKG.CriminalActor))
        g.add((actor, RDFS.label, Literal(label, lang="en")))
    g.add((TDA, SKOS.altLabel, Literal("TdA", lang="en")))
    g.add((TDA, OCKG.actorType, FOREIGN))
    g.add((TDA, OCKG.originCountry, VE))
    for node, cls, label in (
        (COCAINE, OCKG.CriminalMarket, "Cocaine trade"),
        (FOREIGN, OCKG.ActorType, "Foreign actors"),
    ):
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, RDF.type, cls))
        g.add((node, SKOS.prefLabel, Literal(label, lang="en")))
    _observation(g, 2023, "8.50", None)
    _observation(g, 2025, "9.00", "0.50")
    for node, label in ((PE, "Peru"), (BR, "Brazil"), (VE, "Venezuela")):
        _place(g, node, OCKG.Country, label)
    g.add((PE, OCKG.iso3166Alpha2, Literal("PE")))
    _place(g, LIMA, OCKG.City, "Lima", "-12.04318", "-77.02824")
    _place(g, AMAZON, OCKG.Area, "Amazon", "-3.4653", "-62.2159")
    _place(g, LETICIA, OCKG.City, "Leticia")
    g.add((LIMA, OCKG.locatedIn, PE))
    g.add((LIMA, OCKG.geonamesId, Literal(3936456)))
    _claim(g, PRESENCE, OCKG.Presence, s1, "0.8")
    g.add((PRESENCE, OCKG.actor, TDA))
    g.add((PRESENCE, OCKG.market, COCAINE))
    g.add((PRESENCE, OCKG.place, LIMA))
    g.add((TDA, OCKG.activeIn, COCAINE))
    g.add((TDA, OCKG.operatesIn, LIMA))
    g.add((TDA, OCKG.operatesIn, PE))  # a profile's implicit scope: no claim behind it
    _claim(g, ROUTE, OCKG.Route, s2, "0.65")
    g.add((ROUTE, OCKG.market, COCAINE))
    g.add((ROUTE, OCKG.origin, PE))
    g.add((ROUTE, OCKG.destination, BR))
    g.add((ROUTE, OCKG.mode, Literal("river")))
    cells = [URIRef(f"{ROUTE}/via/{n}") for n in (1, 2)]
    g.add((ROUTE, OCKG.via, cells[0]))
    g.add((cells[0], RDF.first, AMAZON))
    g.add((cells[0], RDF.rest, cells[1]))
    g.add((cells[1], RDF.first, LETICIA))
    g.add((cells[1], RDF.rest, RDF.nil))
    _claim(g, RELATION, OCKG.Relationship, s3, "0.7")
    g.add((RELATION, OCKG.relationKind, Literal("cooperation")))
    for actor in (TDA, NETWORKS):
        g.add((RELATION, OCKG.participant, actor))
    g.add((TDA, COOPERATES_WITH, NETWORKS))
    g.add((NETWORKS, COOPERATES_WITH, TDA))
    return g


@pytest.fixture(scope="module")
def small() -> Graph:
    return _triples()


@pytest.fixture(scope="module")
def view(small: Graph) -> nx.MultiDiGraph:
    return to_networkx(small)


def _claim_edges(view: nx.MultiDiGraph, claim: URIRef) -> list[tuple[str, str, str, dict]]:
    return [e for e in view.edges(keys=True, data=True) if e[3].get("claim") == str(claim)]


def test_nodes_are_typed_and_labelled(view: nx.MultiDiGraph) -> None:
    kinds = {node: data["kind"] for node, data in view.nodes(data=True)}
    assert kinds == {
        str(TDA): "group",
        str(NETWORKS): "collective",
        str(COCAINE): "market",
        str(FOREIGN): "actor_type",
        **{str(p): "place" for p in (PE, BR, VE, LIMA, LETICIA, AMAZON)},
    }
    assert list(view.nodes) == sorted(view.nodes)
    tda = view.nodes[str(TDA)]
    assert tda["label"] == "Tren de Aragua"
    assert tda["aliases"] == "TdA"
    assert tda["actor_type"] == "Foreign actors"
    assert tda["origin_country"] == "Venezuela"
    lima = view.nodes[str(LIMA)]
    assert (lima["place_class"], lima["label"]) == ("City", "Lima")
    assert (lima["latitude"], lima["longitude"], lima["geonames_id"]) == (
        -12.04318,
        -77.02824,
        3936456,
    )
    assert view.nodes[str(AMAZON)]["place_class"] == "Area"
    assert view.nodes[str(PE)]["place_class"] == "Country"
    assert view.nodes[str(PE)]["iso2"] == "PE"
    assert "latitude" not in view.nodes[str(LETICIA)]  # missing, not None


def test_market_node_carries_latest_score_and_history(view: nx.MultiDiGraph) -> None:
    market = view.nodes[str(COCAINE)]
    assert market["label"] == "Cocaine trade"
    assert (market["score_PE"], market["change_PE"], market["edition_PE"]) == (9.0, 0.5, 2025)
    assert market["inferred_PE"] is False
    history = json.loads(market["scores"])
    assert [(row["edition"], row["score"]) for row in history] == [(2023, 8.5), (2025, 9.0)]
    assert "change" not in history[0]


def test_presence_edges_carry_claim_confidence_and_sentence(view: nx.MultiDiGraph) -> None:
    edges = {(s, t, d["relation"]): d for s, t, _, d in _claim_edges(view, PRESENCE)}
    assert set(edges) == {
        (str(TDA), str(COCAINE), "active_in"),
        (str(TDA), str(LIMA), "operates_in"),
        (str(COCAINE), str(LIMA), "market_in"),
    }
    for data in edges.values():
        assert data["kind"] == "presence"
        assert data["confidence"] == 0.8
        assert data["sentence"] == "Tren de Aragua runs the cocaine trade in Lima."
        assert data["market"] == "Cocaine trade"
    assert view.has_edge(str(TDA), str(COCAINE), key=f"active_in|{PRESENCE}")


def test_route_is_an_ordered_path(view: nx.MultiDiGraph) -> None:
    edges = sorted(_claim_edges(view, ROUTE), key=lambda e: e[3]["step"])
    assert [(s, t, d["step"]) for s, t, _, d in edges] == [
        (str(PE), str(AMAZON), 0),
        (str(AMAZON), str(LETICIA), 1),
        (str(LETICIA), str(BR), 2),
    ]
    for _, _, key, data in edges:
        assert key == f"route|{ROUTE}|{data['step']}"
        assert data["kind"] == "route"
        assert (data["market"], data["mode"]) == ("Cocaine trade", "river")
        assert data["confidence"] == 0.65
        assert data["sentence"].startswith("Cocaine leaves Peru")
        assert data["hops"] == 3
        assert data["path"] == "Peru → Amazon → Leticia → Brazil"


def test_relationship_is_one_symmetric_edge(view: nx.MultiDiGraph) -> None:
    edges = _claim_edges(view, RELATION)
    assert len(edges) == 1
    source, target, _, data = edges[0]
    assert {source, target} == {str(TDA), str(NETWORKS)}
    assert data["kind"] == "cooperation"
    assert data["symmetric"] is True
    assert data["confidence"] == 0.7
    assert data["sentence"] == "Tren de Aragua cooperates with local networks."
    shortcuts = [d for *_, d in view.edges(data=True) if d["relation"] == "cooperates_with"]
    assert len(shortcuts) == 1  # the two shortcut triples add nothing the claim does not say


def test_structural_and_shortcut_edges(view: nx.MultiDiGraph) -> None:
    assert view.edges[str(LIMA), str(PE), "located_in"]["kind"] == "located_in"
    assert view.edges[str(TDA), str(FOREIGN), "has_actor_type"]["kind"] == "actor_type"
    assert view.edges[str(TDA), str(VE), "origin_country"]["kind"] == "origin"
    shortcut = view.edges[str(TDA), str(PE), "operates_in"]
    assert shortcut == {"kind": "shortcut", "relation": "operates_in"}
    assert not view.has_edge(str(TDA), str(COCAINE), key="active_in")  # a claim covers it


def test_attributes_are_scalars_only(view: nx.MultiDiGraph) -> None:
    values = [v for _, d in view.nodes(data=True) for v in d.values()]
    values += [v for *_, d in view.edges(data=True) for v in d.values()]
    assert all(type(v) in (str, int, float, bool) for v in values)


def test_graphml_and_gexf_read_back(small: Graph, view: nx.MultiDiGraph, tmp_path: Path) -> None:
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = tmp_path / f"view{SUFFIX[fmt]}"
        write_networkx(small, path, fmt)
        back = reader(path)
        assert (back.number_of_nodes(), back.number_of_edges()) == (
            view.number_of_nodes(),
            view.number_of_edges(),
        )
        assert back.nodes[str(COCAINE)]["score_PE"] == 9.0
        assert back.nodes[str(LIMA)]["label"] == "Lima"
    back = nx.read_graphml(tmp_path / "view.graphml", force_multigraph=True)
    edge = back.edges[str(AMAZON), str(LETICIA), f"route|{ROUTE}|1"]
    assert (edge["step"], edge["confidence"], edge["claim"]) == (1, 0.65, str(ROUTE))


def test_xml_exports_survive_characters_xml_cannot_hold(small: Graph, tmp_path: Path) -> None:
    odd = Graph()
    for triple in small:
        odd.add(triple)
    odd.set((LETICIA, RDFS.label, Literal("Leti\x0bcia\uffff", lang="en")))
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        write_networkx(odd, tmp_path / f"odd{SUFFIX[fmt]}", fmt)
        assert reader(tmp_path / f"odd{SUFFIX[fmt]}").nodes[str(LETICIA)]["label"] == (
            "Leti\ufffdcia\ufffd"
        )
    data = json.loads(export_bytes(to_networkx(odd), "nodelink"))
    node = next(n for n in data["nodes"] if n["id"] == str(LETICIA))
    assert node["label"] == "Leti\x0bcia\uffff"  # JSON keeps the text exactly


def test_node_link_round_trips(view: nx.MultiDiGraph) -> None:
    data = json.loads(export_bytes(view, "nodelink"))
    back = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    assert dict(back.nodes(data=True)) == dict(view.nodes(data=True))
    assert list(back.edges(keys=True, data=True)) == list(view.edges(keys=True, data=True))


def test_exports_are_byte_identical(small: Graph) -> None:
    shuffled = Graph()
    for triple in sorted(small, reverse=True):  # another insertion order, the same graph
        shuffled.add(triple)
    for fmt in VIEW_FORMATS:
        assert export_bytes(to_networkx(small), fmt) == export_bytes(to_networkx(shuffled), fmt)
    with pytest.raises(ValueError, match="unknown format"):
        export_bytes(to_networkx(small), "dot")


def test_neo4j_csv(small: Graph, view: nx.MultiDiGraph, tmp_path: Path) -> None:
    paths = write_neo4j_csv(small, tmp_path / "neo4j")
    assert [p.name for p in paths] == ["nodes.csv", "relationships.csv"]
    with paths[0].open(encoding="utf-8", newline="") as handle:
        nodes = list(csv.reader(handle))
    with paths[1].open(encoding="utf-8", newline="") as handle:
        edges = list(csv.reader(handle))
    assert nodes[0][:4] == ["id:ID", "label", "kind", ":LABEL"]
    assert {"latitude:double", "geonames_id:long", "score_PE:double"} <= set(nodes[0])
    assert edges[0][:8] == [
        ":START_ID",
        ":END_ID",
        ":TYPE",
        "key",
        "kind",
        "claim",
        "confidence:double",
        "sentence",
    ]
    assert {"step:long", "symmetric:boolean"} <= set(edges[0])
    assert (len(nodes) - 1, len(edges) - 1) == (view.number_of_nodes(), view.number_of_edges())
    ids = {row[0] for row in nodes[1:]}
    assert all(row[0] in ids and row[1] in ids for row in edges[1:])
    labels = {row[0]: row[3] for row in nodes[1:]}
    assert labels[str(TDA)] == "CriminalActor;CriminalGroup"
    assert labels[str(LIMA)] == "City;Place"
    types = {row[2] for row in edges[1:]}
    assert {"ACTIVE_IN", "OPERATES_IN", "MARKET_IN", "ROUTE", "COOPERATES_WITH"} <= types
    before = [p.read_bytes() for p in paths]
    assert [p.read_bytes() for p in write_neo4j_csv(small, tmp_path / "neo4j")] == before


# --- the real Peru build ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def peru_view(peru_path: Path) -> nx.MultiDiGraph:
    from kg.build import build_corpus  # spaCy and the model: only for this test

    return to_networkx(build_corpus([peru_path]).graph)  # corpus/peru_2025.txt


def _route_paths(view: nx.MultiDiGraph) -> list[list[str]]:
    hops: dict[str, list[tuple[int, str, str]]] = {}
    for source, target, data in view.edges(data=True):
        if data["kind"] == "route":
            hops.setdefault(data["claim"], []).append((data["step"], source, target))
    paths = []
    for steps in hops.values():
        steps.sort()
        paths.append([steps[0][1], *(target for _, _, target in steps)])
    return paths


@pytest.mark.slow
def test_peru_view(peru_view: nx.MultiDiGraph) -> None:
    assert peru_view.nodes[str(TDA)]["kind"] == "group"
    peru = peru_view.nodes[str(PE)]
    assert (peru["place_class"], peru["score_criminality"], peru["edition_criminality"]) == (
        "Country",
        6.62,
        2025,
    )
    assert peru_view.nodes[str(COCAINE)]["score_PE"] == 9.0
    edges = peru_view.out_edges(str(TDA), data=True)
    markets = {t for _, t, d in edges if d["kind"] == "presence" and d["relation"] == "active_in"}
    assert {str(COCAINE), str(EXTORTION)} <= markets
    assert any(
        path[0] == str(PE) and path[-1] == str(BR) and str(AMAZON) in path[1:-1]
        for path in _route_paths(peru_view)
    )
