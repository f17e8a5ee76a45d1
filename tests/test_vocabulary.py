"""The vocabulary: one taxonomy source, a checked namespace, a committed SKOS file kept current."""

from __future__ import annotations

import pytest
from rdflib import RDF, SKOS, Graph, URIRef

from kg import taxonomy
from kg.graph.iris import indicator_iri, scheme_iri
from kg.graph.namespaces import OCKG
from kg.graph.vocabulary import indicator_scheme, vocabulary, write_indicator_scheme
from kg.models import IndicatorKind
from kg.relation_kinds import relation_kinds
from kg.resources import ontology_path


def test_committed_indicator_scheme_is_generated_from_the_taxonomy() -> None:
    committed = ontology_path("indicators.ttl").read_text(encoding="utf-8")
    assert committed == write_indicator_scheme(), "run: python -m kg.graph.vocabulary"


def test_committed_jsonld_context_is_current_and_expands_the_graph() -> None:
    import json

    from kg.graph.vocabulary import jsonld_context

    committed = ontology_path("context.jsonld").read_text(encoding="utf-8")
    assert committed == jsonld_context(), "run: python -m kg.graph.vocabulary"
    context = json.loads(committed)["@context"]
    document = {
        "@context": context,
        "@id": "id:obs/1",
        "score": "9.00",
        "ockg:indicator": {"@id": "id:indicator/cocaine-trade"},
    }
    graph = Graph().parse(data=json.dumps(document), format="json-ld")
    assert len(graph) == 2
    assert any(str(o) == "9.00" and o.datatype is not None for o in graph.objects())


def test_taxonomy_has_the_index_indicators() -> None:
    kinds = [item.kind for item in taxonomy.indicators()]
    assert kinds.count(IndicatorKind.MARKET) == 15
    assert kinds.count(IndicatorKind.ACTOR_TYPE) == 5
    assert kinds.count(IndicatorKind.RESILIENCE) == 12
    assert kinds.count(IndicatorKind.COMPOSITE) == 4
    assert len(taxonomy.scored(2021, IndicatorKind.MARKET)) == 10
    assert len(taxonomy.scored(2021, IndicatorKind.ACTOR_TYPE)) == 4


def test_every_indicator_is_a_skos_concept_with_label_definition_and_broader() -> None:
    graph = indicator_scheme()
    for item in taxonomy.indicators():
        concept = indicator_iri(item.id)
        assert (concept, SKOS.inScheme, scheme_iri()) in graph
        assert str(graph.value(concept, SKOS.prefLabel)) == item.label
        assert graph.value(concept, SKOS.definition) is not None
        if item.broader:
            assert (concept, SKOS.broader, indicator_iri(item.broader)) in graph
    markets = set(graph.subjects(RDF.type, OCKG.CriminalMarket))
    assert indicator_iri("cocaine-trade") in markets and len(markets) == 15
    assert len(set(graph.subjects(RDF.type, OCKG.ActorType))) == 5


def test_checked_namespace_matches_the_ontology_files() -> None:
    graph = Graph()
    for name in ("ockg.ttl", "cube.ttl"):
        graph.parse(ontology_path(name))
    base = str(OCKG._NS)
    declared = {
        str(s)[len(base) :]
        for s in graph.subjects()
        if isinstance(s, URIRef) and str(s).startswith(base)
    }
    declared.discard("")
    assert declared == set(OCKG.__annotations__)
    generated = {kind.predicate for kind in relation_kinds().values()}
    assert not generated & declared, "relation kinds' properties come from their registry"


def test_checked_namespace_rejects_a_misspelt_term() -> None:
    with pytest.raises(AttributeError):
        _ = OCKG.operatesInn


def test_vocabulary_graph_has_no_blank_nodes() -> None:
    graph = vocabulary()
    assert len(graph) > 500
    assert not any(term.__class__.__name__ == "BNode" for triple in graph for term in triple)
