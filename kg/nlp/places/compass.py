"""Compass words that stand alone: no place, or a region whose name they share with the next.

"West and Central Africa", "Western and Central Europe": the first compass word shares the
name after the next one ("Africa") and is the area, world region or continent of that name with
its own word (West Africa), where ``areas.yaml`` knows one. Alone ("To the South", "East and
Southeast Asian markets", "the North Prefecture" of another country's police) a compass word
names no place of its own: an area the NER made of it, or a foreign region's name, is dropped.
"""

from __future__ import annotations

from kg.lexicon.gazetteer import resolve_area
from kg.lexicon.load import place_cues
from kg.lexicon.place_entities import area_entity
from kg.nlp.places.context import Context, Pick

JOINERS = frozenset({"and", "or", ",", "&"})


def compass_picks(ctx: Context, picks: list[Pick]) -> list[Pick]:
    """``picks`` with each lone compass word read as above (kept, rekeyed or dropped)."""
    compass = place_cues().compass_words
    starts = {p.start: p for p in picks}
    taken = {i for p in picks for i in range(p.start, p.end)}
    out = []
    for pick in picks:
        words = ctx.doc[pick.start : pick.end]
        if len(words) != 1 or words[0].lower_ not in compass:
            out.append(pick)
            continue
        shared = _shared_name(ctx, pick.start, pick.method, starts, compass)
        if shared is not None:
            out.append(shared)
        elif not _lone(ctx, pick):
            out.append(pick)
    for token in ctx.doc:  # "Western and Central Europe": a word no reader took
        if token.i in taken or not token.is_title or token.lower_ not in compass:
            continue
        if ctx.free(token.i, token.i + 1):
            shared = _shared_name(ctx, token.i, None, starts, compass)
            if shared is not None:
                out.append(shared)
    return out


def _shared_name(
    ctx: Context, start: int, method: str | None, starts: dict[int, Pick], compass: frozenset[str]
) -> Pick | None:
    """The pick of "West" in "West and Central Africa" keyed as West Africa, or None."""
    doc = ctx.doc
    j = start + 1
    while j < len(doc) and doc[j].lower_ in JOINERS:
        j += 1
    if j == start + 1 or j not in starts:
        return None
    after = starts[j]
    if after.end - after.start < 2 or doc[after.start].lower_ not in compass:
        return None
    name = f"{doc[start].text} {doc[after.start + 1 : after.end].text}"
    entry = resolve_area(name, ctx.country)
    if entry is None:
        return None
    return Pick(start, start + 1, area_entity(entry), method or after.method, None, "area")


def _lone(ctx: Context, pick: Pick) -> bool:
    """Whether a compass word's pick names nothing: an area of its own word, or a region of a
    country other than the document's ("the North Prefecture" of Estonia's police)."""
    key = pick.entity.key
    if key.startswith("place/area/") or key.startswith("place/world-region/"):
        return key.rsplit("/", 1)[1] == ctx.doc[pick.start].lower_
    if key.startswith("place/region/"):
        return ctx.country is not None and not key.startswith(f"place/region/{ctx.country}-")
    return False
