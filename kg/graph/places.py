"""Place nodes: cities (with GeoNames ids and coordinates) and their parents."""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from kg.graph.namespaces import ID, OCKG
from kg.lexicon.gazetteer import city
from kg.lexicon.keys import city_key
from kg.models import CountryRef

__all__ = ["add_city", "city_iri", "geonames_iri"]


def geonames_iri(geonames_id: int) -> URIRef:
    return URIRef(f"http://sws.geonames.org/{geonames_id}/")


def city_iri(name: str, iso2: str) -> URIRef:
    return ID[city_key(iso2, name)]


def add_city(graph: Graph, name: str, country: CountryRef, country_node: URIRef) -> URIRef:
    """Add a city located in ``country``, linked to GeoNames where the gazetteer knows it."""
    entry = city(name, country.iso2)
    label = entry.name if entry is not None else name
    node = city_iri(label, country.iso2)
    graph.add((node, RDF.type, OCKG.City))
    graph.add((node, RDFS.label, Literal(label, lang="en")))
    graph.add((node, OCKG.locatedIn, country_node))
    if entry is not None:
        graph.add((node, OCKG.geonamesId, Literal(entry.geonames_id)))
        graph.add((node, SKOS.exactMatch, geonames_iri(entry.geonames_id)))
        for predicate, value in (
            (OCKG.latitude, entry.latitude),
            (OCKG.longitude, entry.longitude),
        ):
            graph.add((node, predicate, Literal(Decimal(str(value)), datatype=XSD.decimal)))
    return node
