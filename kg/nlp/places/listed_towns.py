"""Towns no gazetteer knows, named in a list beside a town of the document's country.

"exports at Kismayu and Barawe": where a locative preposition opens a list that already holds a
city of the document's country, an unexplained capitalised proper name of the same list is a
town of that country too (``place/city/<ISO2>/<slug>``), unless the NER reads it as a person,
organisation or people, or it is a demonym, a market's trigger, a known actor or a body.
"""

from __future__ import annotations

from collections.abc import Iterator

from kg.nlp.places.context import (
    Context,
    Pick,
    acceptable_name,
    extends_right,
    hyphenated_end,
    is_demonym,
    name_after,
    placed,
)
from kg.nlp.places.cues import town_entity
from kg.nlp.places.words import NEVER_PLACES, place_words

NAME_LABELS = frozenset({"PERSON", "NORP", "ORG"})
"""NER labels that make a listed name no town."""


def _home_town(ctx: Context, pick: Pick) -> bool:
    return ctx.country is not None and pick.entity.key.startswith(f"place/city/{ctx.country}/")


def _listed_name(ctx: Context, taken: set[int], start: int) -> tuple[int, int] | None:
    """The unexplained proper name starting at ``start``, if it may be a town."""
    doc = ctx.doc
    if start >= len(doc) or not doc[start].text[:1].isupper() or not doc[start].is_alpha:
        return None
    end = hyphenated_end(doc, name_after(doc, start) or start + 1)
    span = doc[start:end]
    if not taken.isdisjoint(range(start, end)) or not ctx.free(start, end):
        return None
    labels = {t.ent_type_ for t in span} - {""}
    slip = labels == {"ORG"} and ctx.exact_ent(start, end) == "ORG"  # "at Kismayu and Barawe"
    if any(t.pos_ != "PROPN" for t in span) or (labels & (NAME_LABELS | NEVER_PLACES) and not slip):
        return None
    if (end - start == 1 and is_demonym(doc[start])) or extends_right(ctx, end):
        return None
    return (start, end) if acceptable_name(doc, start, end) else None


def _joined(ctx: Context, end: int) -> int | None:
    """Where the next member of a list starts after a member ending at ``end``."""
    words = place_words().coordination
    j = end
    while j < len(ctx.doc) and j - end < 2 and ctx.doc[j].lower_ in words:
        j += 1
    return j if j > end else None


def listed_town_picks(ctx: Context, picks: list[Pick]) -> Iterator[Pick]:
    """Unexplained names listed after a town of the document's country (module docstring)."""
    taken = {i for p in picks for i in range(p.start, p.end)}
    for pick in sorted(picks, key=lambda p: p.start):
        if not _home_town(ctx, pick) or not placed(ctx.doc, pick.start, pick.end):
            continue
        start = _joined(ctx, pick.end)
        while start is not None:
            name = _listed_name(ctx, taken, start)
            if name is None:
                break
            label = ctx.doc[name[0] : name[1]].text
            town, country = town_entity(ctx, label)
            yield Pick(*name, town, "cue-town", country, "city")
            taken.update(range(*name))
            start = _joined(ctx, name[1])
