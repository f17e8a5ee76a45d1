"""Peru's extracted graph: exact provenance for every span, well-formed claims, sound typing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from kg.build import build_corpus
from kg.graph.namespaces import NIF, OCKG, PROV

ID = "https://w3id.org/ockg/id/"


@pytest.fixture(scope="module")
def graph(peru_path: Path) -> Graph:
    return build_corpus([peru_path]).graph


def test_every_span_in_the_graph_is_exact(graph: Graph) -> None:
    texts = {doc: str(text) for doc, text in graph.subject_objects(NIF.isString)}
    spans = list(graph.subjects(NIF.referenceContext, None))
    assert len(spans) > 300
    for span in spans:
        text = texts[graph.value(span, NIF.referenceContext)]
        begin = graph.value(span, NIF.beginIndex).toPython()
        end = graph.value(span, NIF.endIndex).toPython()
        assert text[begin:end] == str(graph.value(span, NIF.anchorOf)), span


def test_every_claim_has_a_sentence_and_a_confidence(graph: Graph) -> None:
    claims = [
        c
        for kind in (OCKG.Presence, OCKG.Route, OCKG.Relationship)
        for c in graph.subjects(RDF.type, kind)
    ]
    assert len(claims) > 100
    for claim in claims:
        sentence = graph.value(claim, PROV.wasDerivedFrom)
        assert (sentence, RDF.type, NIF.Sentence) in graph, claim
        confidence = graph.value(claim, OCKG.confidence).toPython()
        assert Decimal(0) <= confidence <= Decimal(1)
        assert graph.value(claim, OCKG.method) is not None


def test_presences_have_two_of_actor_market_place(graph: Graph) -> None:
    for claim in graph.subjects(RDF.type, OCKG.Presence):
        roles = [graph.value(claim, p) for p in (OCKG.actor, OCKG.market, OCKG.place)]
        assert sum(r is not None for r in roles) >= 2, claim


def _labels(graph: Graph, node: URIRef) -> str:
    return str(graph.value(node, RDFS.label) or graph.value(node, SKOS.prefLabel))


def _route_paths(graph: Graph) -> set[tuple[str, ...]]:
    paths = set()
    for route in graph.subjects(RDF.type, OCKG.Route):
        stops = []
        cell = graph.value(route, OCKG.via)
        while cell is not None and cell != RDF.nil:
            stops.append(_labels(graph, graph.value(cell, RDF.first)))
            cell = graph.value(cell, RDF.rest)
        market = graph.value(route, OCKG.market)
        origin, destination = graph.value(route, OCKG.origin), graph.value(route, OCKG.destination)
        paths.add(
            (
                _labels(graph, market) if market else "",
                _labels(graph, origin) if origin else "",
                *stops,
                _labels(graph, destination) if destination else "",
            )
        )
    return paths


def test_routes_are_ordered_paths_with_markets(graph: Graph) -> None:
    paths = _route_paths(graph)
    assert ("Arms trafficking", "Peru", "Ecuador", "Colombia") in paths
    assert ("Cocaine trade", "Peru", "Amazon", "Brazil") in {p[:4] for p in paths}
    assert any(p[0] == "Cocaine trade" and p[-1] == "Europe" and "Brazil" in p for p in paths)
    assert ("Cannabis trade", "La Libertad", "Panamericana Sur", "Chile") in {
        (p[0], p[1], p[2], p[-1]) for p in paths if len(p) == 4
    }


def test_named_groups_carry_label_type_and_origin(graph: Graph) -> None:
    groups = set(graph.subjects(RDF.type, OCKG.CriminalGroup))
    labels = {_labels(graph, g) for g in groups}
    assert {"Tren de Aragua", "Los Tiguerones", "Comando Vermelho"} <= labels
    for group in groups:
        assert graph.value(group, OCKG.actorType) is not None, group
        assert graph.value(group, OCKG.originCountry) is not None, group
    tda = URIRef(ID + "group/tren-de-aragua")
    assert graph.value(tda, OCKG.actorType) == URIRef(ID + "indicator/foreign-actors")
    assert _labels(graph, graph.value(tda, OCKG.originCountry)) == "Venezuela"
    markets = {_labels(graph, m) for m in graph.objects(tda, OCKG.activeIn)}
    assert {"Extortion and protection racketeering", "Cocaine trade"} <= markets


def test_no_state_body_market_or_road_is_a_criminal_actor(graph: Graph) -> None:
    actors = {_labels(graph, a).casefold() for a in graph.subjects(RDF.type, OCKG.CriminalActor)}
    for name in (
        "interpol",
        "dea",
        "national police",
        "financial action task force",
        "gamarra emporium",
        "panamericana sur",
        "central única de denuncias",
    ):
        assert not any(name == a or a.startswith(name) for a in actors), name


def test_market_mentions_point_to_scored_market_concepts(graph: Graph) -> None:
    targets = {
        graph.value(m, OCKG.mentions)
        for m in graph.subjects(RDF.type, OCKG.Mention)
        if str(m).endswith("kind=market")
    }
    assert len(targets) >= 12
    for target in targets:
        assert (target, RDF.type, OCKG.CriminalMarket) in graph
        assert any(graph.subjects(OCKG.indicator, target))  # it carries a score observation


def test_places_carry_parents_and_ids(graph: Graph) -> None:
    lima = URIRef(ID + "place/city/PE/lima")
    assert (lima, OCKG.locatedIn, None) in graph
    assert graph.value(lima, OCKG.geonamesId) is not None
    puno = URIRef(ID + "place/region/PE-PUN")
    assert graph.value(puno, OCKG.iso3166_2).toPython() == "PE-PUN"
