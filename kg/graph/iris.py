"""Deterministic IRIs: minted from canonical names and codes, never from counters or order."""

from __future__ import annotations

from rdflib import URIRef

from kg.graph.namespaces import ID
from kg.lexicon.keys import country_key, slug

__all__ = [
    "continent_iri",
    "country_iri",
    "dataset_iri",
    "document_iri",
    "entity_iri",
    "graph_iri",
    "indicator_iri",
    "profile_iri",
    "rank_observation_iri",
    "scheme_iri",
    "score_observation_iri",
    "slug",
    "world_iri",
    "world_region_iri",
]


def scheme_iri() -> URIRef:
    return ID["scheme/indicators"]


def indicator_iri(indicator_id: str) -> URIRef:
    return ID[f"indicator/{slug(indicator_id)}"]


def dataset_iri(name: str) -> URIRef:
    return ID[f"dataset/{slug(name)}"]


def document_iri(sha256: str) -> URIRef:
    return ID[f"doc/{sha256[:16]}"]


def graph_iri(sha256: str) -> URIRef:
    """The named graph holding one document's contribution (TriG, N-Quads): ``id:graph/doc/…``."""
    return ID[f"graph/doc/{sha256[:16]}"]


def world_iri() -> URIRef:
    return ID["place/world"]


def continent_iri(name: str) -> URIRef:
    return ID[f"place/continent/{slug(name)}"]


def world_region_iri(name: str) -> URIRef:
    return ID[f"place/world-region/{slug(name)}"]


def country_iri(iso2: str) -> URIRef:
    return ID[country_key(iso2)]


def entity_iri(key: str) -> URIRef:
    """The IRI of an extracted entity; a market's is its indicator concept."""
    if key.startswith("market/"):
        return indicator_iri(key.removeprefix("market/"))
    return ID[key]


def profile_iri(iso2: str, edition: int | None, sha256: str) -> URIRef:
    key = str(edition) if edition is not None else f"unknown-{sha256[:8]}"
    return ID[f"profile/{slug(iso2)}/{key}"]


def score_observation_iri(dataset: str, area: str, edition: int, indicator_id: str) -> URIRef:
    return ID[f"obs/{slug(dataset)}/{slug(area)}/{edition}/{slug(indicator_id)}"]


def rank_observation_iri(area: str, edition: int, indicator_id: str, scope: str) -> URIRef:
    return ID[f"obs/profile-ranks/{slug(area)}/{edition}/{slug(indicator_id)}/{slug(scope)}"]
