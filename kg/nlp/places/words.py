"""Confidences, population thresholds and NER labels of the place finders, and the word sets they
read from ``word_lists.yaml``, ``areas.yaml`` (cues) and ``actor_cues.yaml``."""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from kg.lexicon import gazetteer
from kg.lexicon.load import actor_cues, market_triggers, place_cues, word_lists
from kg.lexicon.models import PlaceWords
from kg.lexicon.normalise import fold_key
from kg.models import EntityKind

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
    "cue-town": 0.6,
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
DASHES = frozenset({"-", "–", "—", "/", "‐", "‑"})
SCAN = 8
"""How many tokens a cue may lie from its name."""


def place_words() -> PlaceWords:
    """The place finders' word lists (``word_lists.yaml``, section ``places``): determiners,
    coordination, proper heads; the listing words and name particles are shared."""
    return word_lists().places


@cache
def regional_demonym_words() -> frozenset[str]:
    """Regional adjectives ("West African", "Balkan") of ``actor_cues.yaml``."""
    return frozenset(item.term for item in actor_cues().regional_demonyms)


@cache
def subdivision_generic_words() -> frozenset[str]:
    """Words a subdivision name made only of needs a cue ("Central", "Rivers"; ``areas.yaml``)."""
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


@cache
def market_terms() -> frozenset[str]:
    """The folded trigger terms of every market (``markets.yaml``): a drug's name is no place
    ("Captagon", "Meth" taken by the NER for a town)."""
    lexicon = market_triggers()
    return frozenset(
        fold_key(trigger.term) for market in lexicon.markets.values() for trigger in market.triggers
    )
