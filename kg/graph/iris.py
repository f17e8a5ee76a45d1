"""Deterministic IRIs: minted from canonical names and codes, never from counters or order."""

from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

from kg.graph.namespaces import ID

__all__ = [
    "continent_iri",
    "country_iri",
    "dataset_iri",
    "document_iri",
    "indicator_iri",
    "profile_iri",
    "rank_observation_iri",
    "scheme_iri",
    "score_observation_iri",
    "slug",
    "world_iri",
    "world_region_iri",
]


def slug(text: str) -> str:
    """ASCII, lower-case, hyphenated: ``Côte d’Ivoire`` -> ``cote-d-ivoire``.

    Safe in any IRI path segment; never empty (falls back to ``x``).
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = re.sub(r"[^a-z0-9]+", "-", folded.casefold()).strip("-")
    return out or "x"


def scheme_iri() -> URIRef:
    return ID["scheme/indicators"]


def indicator_iri(indicator_id: str) -> URIRef:
    return ID[f"indicator/{slug(indicator_id)}"]


def dataset_iri(name: str) -> URIRef:
    return ID[f"dataset/{slug(name)}"]


def document_iri(sha256: str) -> URIRef:
    return ID[f"doc/{sha256[:16]}"]


def world_iri() -> URIRef:
    return ID["place/world"]


def continent_iri(name: str) -> URIRef:
    return ID[f"place/continent/{slug(name)}"]


def world_region_iri(name: str) -> URIRef:
    return ID[f"place/world-region/{slug(name)}"]


def country_iri(iso2: str) -> URIRef:
    return ID[f"place/country/{slug(iso2)}"]


def profile_iri(iso2: str, edition: int | None, sha256: str) -> URIRef:
    key = str(edition) if edition is not None else f"unknown-{sha256[:8]}"
    return ID[f"profile/{slug(iso2)}/{key}"]


def score_observation_iri(dataset: str, area: str, edition: int, indicator_id: str) -> URIRef:
    return ID[f"obs/{slug(dataset)}/{slug(area)}/{edition}/{slug(indicator_id)}"]


def rank_observation_iri(area: str, edition: int, indicator_id: str, scope: str) -> URIRef:
    return ID[f"obs/profile-ranks/{slug(area)}/{edition}/{slug(indicator_id)}/{slug(scope)}"]
