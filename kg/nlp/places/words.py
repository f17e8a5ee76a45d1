"""Word tables, confidences, population thresholds and the cue lexicon of ``areas.yaml``."""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from pydantic import BaseModel, ConfigDict

from kg.lexicon import gazetteer
from kg.lexicon.load import actor_cues
from kg.models import EntityKind
from kg.resources import load_yaml

CONFIDENCE: dict[str, float] = {
    "gazetteer-country": 0.95,
    "gazetteer-area": 0.9,
    "gazetteer-region": 0.9,
    "gazetteer-city": 0.85,
    "cue-border": 0.85,
    "cue-road": 0.8,
    "cue-river": 0.8,
    "cue-facility": 0.8,
    "cue-area": 0.75,
    "ner": 0.6,
}
"""Confidence of a mention, by the method that found it."""

WORLD_CITY_POPULATION = 1_000_000
"""A city this large is matched wherever it lies (Lagos, Guayaquil)."""
NEIGHBOUR_CITY_POPULATION = 15_000
"""The smallest city of a neighbouring country, or of one the NER tags a location, matched."""
LOCATIVE_CITY_POPULATION = 300_000
"""A city this large is matched after a locative preposition ("via Rotterdam"), whatever the
NER says."""
CAPITAL_CITY_POPULATION = 50_000
"""Without a cue, a city this large that is also the largest of its region wins over a region
of the same name (Lima); a lesser namesake (Guanajuato, Puno; California, Maryland) does not."""

YIELD = (EntityKind.GROUP, EntityKind.COLLECTIVE, EntityKind.PERSON)
KIND_ORDER = {"country": 0, "area": 1, "city": 2, "region": 2}
NEVER_PLACES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
"""NER labels that rule a capitalised word out as a place ("May", "March")."""
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PARTICLES = frozenset(
    {"de", "del", "la", "las", "los", "el", "di", "da", "do", "dos", "das", "du", "des", "y", "e"}
)
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their"})
DASHES = frozenset({"-", "–", "—", "/", "‐", "‑"})
COORDINATION = frozenset({",", "and", "&", "or"})
PROPER_HEADS = frozenset(
    {"state", "states", "territory", "territories", "department", "departments"}
)
"""Capitalised heads that also end other names ("Islamic State", "State Department"): no
unknown region before them."""
SCAN = 8
LIST_WORDS = frozenset({"notably", "including", "especially", "particularly", "like", "namely"})
"""How many tokens a cue may lie from its name."""


class FacilityHead(BaseModel):
    """A facility head noun and how it names its facility."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    term: str
    label: str
    of: bool = False
    city: bool = False


class PlaceCues(BaseModel):
    """The cue words of ``areas.yaml`` (see the file's header)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    region_heads: frozenset[str]
    area_heads: frozenset[str]
    list_markers: tuple[str, ...]
    protected_heads: tuple[str, ...]
    river_heads: frozenset[str]
    river_prefixes: frozenset[str]
    road_heads: frozenset[str]
    road_prefixes: frozenset[str]
    facility_heads: tuple[FacilityHead, ...]
    border_words: frozenset[str]
    locative_prepositions: frozenset[str]
    currency_words: frozenset[str]

    @property
    def facility_terms(self) -> dict[str, FacilityHead]:
        """Facility heads by their term."""
        return {head.term: head for head in self.facility_heads}


@cache
def place_cues() -> PlaceCues:
    """The cue lexicon (cached)."""
    data = load_yaml("areas.yaml")
    assert isinstance(data, dict)
    return PlaceCues.model_validate(data["cues"])


@cache
def regional_demonym_words() -> frozenset[str]:
    return frozenset(item.term for item in actor_cues().regional_demonyms)


@cache
def subdivision_generic_words() -> frozenset[str]:
    return gazetteer.subdivision_settings().generic_words


@cache
def head_words() -> frozenset[str]:
    """Words that may follow a place name without making it part of a longer name."""
    cues = place_cues()
    words = {w for term in cues.facility_terms for w in term.split()}
    words |= {w for term in cues.protected_heads for w in term.split()}
    return frozenset(
        words | cues.region_heads | cues.river_heads | cues.road_heads | cues.border_words
    )


@cache
def markers_by_first_word() -> dict[str, tuple[list[str], ...]]:
    """List markers by their first word."""
    table: dict[str, list[list[str]]] = defaultdict(list)
    for marker in place_cues().list_markers:
        words = marker.split()
        table[words[0]].append(words)
    return {first: tuple(options) for first, options in table.items()}
