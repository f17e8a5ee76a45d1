"""The vocabulary graph: ``ontology/*.ttl``, the SKOS indicator scheme built from the taxonomy,
and the relation kinds' shortcut properties built from their registry.

``python -m kg.graph.vocabulary`` regenerates ``ontology/indicators.ttl`` from
``ontology/indicators.yaml`` and the published JSON-LD context ``ontology/context.jsonld``;
a test fails when a committed file is stale.
"""

from __future__ import annotations

import sys
from functools import cache

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal

from kg import taxonomy
from kg.graph.iris import indicator_iri, scheme_iri
from kg.graph.namespaces import DCTERMS, OCKG, PREFIXES, relation_predicate
from kg.models import IndicatorKind
from kg.relation_kinds import relation_kinds
from kg.resources import ontology_path

__all__ = [
    "KIND_CLASS",
    "indicator_scheme",
    "jsonld_context",
    "relation_properties",
    "vocabulary",
    "vocabulary_ntriples",
    "write_indicator_scheme",
]

KIND_CLASS = {
    IndicatorKind.MARKET: OCKG.CriminalMarket,
    IndicatorKind.ACTOR_TYPE: OCKG.ActorType,
    IndicatorKind.RESILIENCE: OCKG.ResilienceIndicator,
    IndicatorKind.COMPOSITE: OCKG.CompositeIndicator,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind ockg's prefixes (replacing rdflib's defaults) and return the graph."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def indicator_scheme() -> Graph:
    """The SKOS concept scheme of every indicator, from ``ontology/indicators.yaml``."""
    graph = bind_prefixes(Graph())
    scheme = scheme_iri()
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, SKOS.prefLabel, Literal("Organized Crime Index indicators", lang="en")))
    graph.add((scheme, DCTERMS.source, Literal("https://ocindex.net")))
    for item in taxonomy.indicators():
        concept = indicator_iri(item.id)
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, RDF.type, KIND_CLASS[item.kind]))
        graph.add((concept, SKOS.inScheme, scheme))
        graph.add((concept, SKOS.prefLabel, Literal(item.label, lang="en")))
        graph.add((concept, SKOS.notation, Literal(item.id)))
        graph.add((concept, SKOS.definition, Literal(item.definition, lang="en")))
        if item.definition_source:
            graph.add((concept, SKOS.editorialNote, Literal(item.definition_source, lang="en")))
        for label in item.page_labels:
            graph.add((concept, SKOS.altLabel, Literal(label, lang="en")))
        if item.broader is None:
            graph.add((scheme, SKOS.hasTopConcept, concept))
            graph.add((concept, SKOS.topConceptOf, scheme))
        else:
            graph.add((concept, SKOS.broader, indicator_iri(item.broader)))
            graph.add((indicator_iri(item.broader), SKOS.narrower, concept))
    return graph


def relation_properties() -> Graph:
    """The shortcut property of each relation kind (``ontology/relation_kinds.yaml``): an
    ``owl:ObjectProperty`` between two criminal actors, symmetric where the kind is."""
    graph = bind_prefixes(Graph())
    for kind in relation_kinds().values():
        predicate = relation_predicate(kind)
        graph.add((predicate, RDF.type, OWL.ObjectProperty))
        if kind.symmetric:
            graph.add((predicate, RDF.type, OWL.SymmetricProperty))
        graph.add((predicate, RDFS.label, Literal(kind.label, lang="en")))
        graph.add((predicate, RDFS.domain, OCKG.CriminalActor))
        graph.add((predicate, RDFS.range, OCKG.CriminalActor))
    return graph


@cache
def vocabulary_ntriples() -> str:
    """The whole vocabulary as N-Triples (compiled once, see :mod:`kg.compiled`)."""
    from kg.compiled import compiled

    return compiled("vocabulary", _vocabulary_ntriples, str, _checked_text)


def _checked_text(data: object) -> str:
    if not isinstance(data, str):
        raise ValueError("not N-Triples text")
    return data


def _vocabulary_ntriples() -> str:
    graph = bind_prefixes(Graph())
    for name in ("ockg.ttl", "cube.ttl"):
        graph.parse(ontology_path(name), format="turtle")
    graph += relation_properties()
    graph += indicator_scheme()
    return graph.serialize(format="nt")


def vocabulary() -> Graph:
    """A fresh graph of the whole vocabulary: ontology, cube structure, indicator scheme."""
    graph = bind_prefixes(Graph())
    graph.parse(data=vocabulary_ntriples(), format="nt")
    return graph


def write_indicator_scheme() -> str:
    """Serialise the indicator scheme as committed in ``ontology/indicators.ttl``."""
    header = (
        "# Generated from ontology/indicators.yaml by `python -m kg.graph.vocabulary`."
        " Do not edit.\n"
    )
    return header + indicator_scheme().serialize(format="turtle")


def jsonld_context() -> str:
    """The JSON-LD context ockg publishes (``ontology/context.jsonld``): its prefixes, and
    typed terms for the numeric properties so that plain JSON consumers get numbers."""
    import json

    from kg.graph.namespaces import PREFIXES

    context: dict[str, object] = dict(sorted(PREFIXES.items()))
    typed = {
        "score": "xsd:decimal",
        "scoreChange": "xsd:decimal",
        "confidence": "xsd:decimal",
        "edition": "xsd:integer",
        "rank": "xsd:integer",
        "rankOutOf": "xsd:integer",
        "rankChange": "xsd:integer",
        "previousRank": "xsd:integer",
    }
    for term, datatype in typed.items():
        context[term] = {"@id": f"ockg:{term}", "@type": datatype}
    return json.dumps({"@context": context}, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    ontology_path("indicators.ttl").write_text(write_indicator_scheme(), encoding="utf-8")
    ontology_path("context.jsonld").write_text(jsonld_context(), encoding="utf-8")
    sys.stdout.write(f"wrote {ontology_path('indicators.ttl')} and context.jsonld\n")
