"""Where a collective comes from, read off the words around its head: demonyms and regional
adjectives before it (also in hyphenated pairs, "Haitian-Bahamian", and with an origin suffix,
"Albanian-speaking"), type modifiers, the owning country ("Mexico's cartels") and the origins
named after it ("actors from Venezuela", "producers based in China")."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.lexicon.countries import resolve_country
from kg.lexicon.models import Modifier
from kg.nlp.actors.matches import (
    Cue,
    Matches,
    country_at,
    demonym_at,
    ethnic_at,
    touches_next,
)
from kg.nlp.actors.words import FOREIGN, HYPHENS, POSSESSIVE, actor_words

__all__ = ["cue_ending_at", "from_list", "modifier_cue", "possessive_country", "suffixed_origin"]


def modifier_cue(start: int, mod: Modifier, end: int) -> Cue:
    """The cue of a type or origin modifier ("foreign", "loosely organized") at ``start:end``."""
    return Cue(
        start,
        end,
        foreign=mod.actor_type == FOREIGN,
        domestic=mod.domestic,
        actor_type=mod.actor_type,
        weak=mod.weak,
    )


def cue_ending_at(doc: Doc, end: int, matches: Matches) -> Cue | None:
    """A demonym, regional adjective or modifier ending before token ``end``. Not a country's
    name used as a modifier ("Myanmar soldiers", "Mexico cartels"): tried, it keyed one more
    actor right on the real dev set and cost claims on the unseen one (actor-market 0.637 ->
    0.630, relationship 0.194 -> 0.190)."""
    found = demonym_at(doc, end)
    if found is not None:
        start, codes, region = found
        start = _compound_start(doc, start)
        return Cue(start, end, country=None if region else codes[0], region=region)
    suffixed = suffixed_origin(doc, end, matches)
    if suffixed is not None:
        return suffixed
    modifier = matches.modifiers.get(end)
    if modifier is not None:
        return modifier_cue(*modifier, end)
    return ethnic_at(doc, end)  # "Tebu smuggling networks", "Rohingya drug runners"


def _compound_start(doc: Doc, start: int) -> int:
    """The first word of a hyphenated pair of demonyms ending in the one at ``start``
    ("Haitian-Bahamian": the pair keys by its last word, and a demonym coordinated before it,
    "Haitian and Haitian-Bahamian organizations", stays a part of its own)."""
    if start < 2 or doc[start - 1].text not in HYPHENS:
        return start
    if not (touches_next(doc, start - 2) and touches_next(doc, start - 1)):
        return start
    before = demonym_at(doc, start - 1)
    return before[0] if before is not None else start


def suffixed_origin(doc: Doc, end: int, matches: Matches) -> Cue | None:
    """A demonym with an origin suffix ending before token ``end`` ("Albanian-speaking",
    "Turkish-origin"), so that a coordinated one keeps its own part ("Albanian-speaking and
    Western Balkan criminal networks")."""
    if end < 3 or doc[end - 1].lower_ not in actor_words().origin_suffixes:
        return None
    if doc[end - 2].text not in HYPHENS or not touches_next(doc, end - 3):
        return None
    if not touches_next(doc, end - 2):
        return None
    found = demonym_at(doc, end - 2)
    if found is None:
        return None
    start, codes, region = found
    return Cue(start, end, country=None if region else codes[0], region=region)


def _country_name_at(doc: Doc, end: int) -> Cue | None:
    """A country's name (capitalised, up to three words) ending before token ``end``."""
    for start in range(end - 1, max(-1, end - 4), -1):
        words = doc[start:end]
        if not all(t.text[:1].isupper() and (t.is_alpha or t.text in HYPHENS) for t in words):
            return None
        if start > 0 and doc[start - 1].text[:1].isupper() and not doc[start - 1].is_sent_start:
            continue  # part of a longer name ("Mexico City"): try it whole
        entry = resolve_country(words.text)
        if entry is not None:
            return Cue(start, end, country=entry.iso2)
    return None


def possessive_country(doc: Doc, start: int) -> Cue | None:
    """The country owning a collective ("Mexico's principal drug trafficking organizations",
    "Nigeria's notorious fraudsters"): its origin where no word before the head states one."""
    if start < 2 or doc[start - 1].lower_ not in POSSESSIVE:
        return None
    return _country_name_at(doc, start - 1)


def from_list(doc: Doc, end: int) -> list[Cue]:
    """Origins named after the head: "actors from Venezuela, Ecuador and the Balkans",
    "producers based in China", "organized crime rings in Taiwan and Japan" (countries right
    after the head, by an "in" the parse attaches to the head, not to a verb: "arrested
    members of gangs in Albania" says where the arrest was)."""
    i = end
    limit = doc[end - 1].sent.end
    while i < limit and (doc[i].text == "," or doc[i].lower_ in actor_words().adverbs):
        i += 1
    based = i + 1 < limit and doc[i].lower_ in actor_words().origin_suffixes
    if based and doc[i + 1].lower_ == "in":
        i += 1  # "producers based in China", "groups born in Albania"
    elif i == end and i < limit and doc[i].lower_ == "in" and doc[i].head.i == end - 1:
        pass  # "organized crime rings in Taiwan and Japan": where the groups are is their origin
    elif i >= limit or doc[i].lower_ != "from":
        return []
    i += 1
    cues: list[Cue] = []
    while i < limit:
        found = country_at(doc, i, limit)
        if found is None:
            break
        cues.append(found[2])
        i = found[1]
        while i < limit and (doc[i].text == "," or doc[i].lower_ in ("and", "or")):
            i += 1
    return cues
