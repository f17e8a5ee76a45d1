"""GeoNames towns below the main city table, admitted only where the text gives evidence.

A town of 1,000 to 5,000 inhabitants (:func:`kg.lexicon.towns.small_town`) shares its name
with many words and people, so it is a place only in the document's country (or the country
the text states after it: "Safim, Guinea-Bissau"), as a capitalised proper name no actor or
organisation holds, and where the context places it: the NER tags it a location, a locative
preposition opens its list ("seized near Safim", "in Safim and Bula") or a settlement head goes
with it ("the town of Safim").
"""

from __future__ import annotations

from collections.abc import Iterator

from kg.lexicon.place_entities import city_entity
from kg.lexicon.towns import small_town
from kg.nlp.places.context import (
    Context,
    Pick,
    acceptable_name,
    after_locative,
    hyphenated_end,
    is_demonym,
    name_after,
    placed,
    town_cue,
)
from kg.nlp.places.gazetteer_matching import stated_country
from kg.nlp.places.words import NEVER_PLACES, PLACE_LABELS

NAME_LABELS = frozenset({"PERSON", "NORP", "ORG"})
"""NER labels that make a name no town (an organisation's, right after a locative preposition,
is the NER's slip: "seized near Safim")."""


def _evidence(ctx: Context, start: int, end: int) -> bool:
    """Whether the context makes the name a place (see the module's docstring)."""
    doc = ctx.doc
    labels = {t.ent_type_ for t in doc[start:end]} - {""}
    if labels & (NAME_LABELS | NEVER_PLACES) and not (
        labels == {"ORG"} and after_locative(doc, start)
    ):
        return False
    if labels and labels <= PLACE_LABELS:
        return True
    if not all(t.pos_ == "PROPN" for t in doc[start:end]):
        return False
    return placed(doc, start, end) or town_cue(doc, start, end)


def small_town_picks(ctx: Context, picks: list[Pick]) -> Iterator[Pick]:
    """Towns of the small GeoNames table on capitalised names no other finder took."""
    doc = ctx.doc
    taken = {i for p in picks for i in range(p.start, p.end)}
    i = 0
    while i < len(doc):
        token = doc[i]
        before = doc[i - 1] if i else None
        opens = before is None or not (before.is_title or before.pos_ == "PROPN")
        if not (token.text[:1].isupper() and token.is_alpha and opens):
            i += 1
            continue
        end = hyphenated_end(doc, name_after(doc, i) or i + 1)
        free = taken.isdisjoint(range(i, end)) and ctx.free(i, end)
        country = (stated_country(ctx, end) or ctx.country) if free else None
        town = small_town(doc[i:end].text, country) if country else None
        if (
            town is not None
            and not (end - i == 1 and is_demonym(token))
            and acceptable_name(doc, i, end)
            and _evidence(ctx, i, end)
        ):
            yield Pick(i, end, city_entity(town), "gazetteer-city", town.country, "city")
        i = end
