"""The statistical NER's place spans left unexplained by the gazetteers and cues."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span

from kg.lexicon.countries import countries_by_demonym
from kg.models import EntityKind, PlaceType
from kg.nlp.places.context import Context, Pick, acceptable_name, extends_right
from kg.nlp.places.cues import named_entity, town_entity
from kg.nlp.places.words import PLACE_LABELS, YIELD, place_words
from kg.nlp.spans import mentions

NAME_LABELS = frozenset({"PERSON", "ORG", "NORP"})
"""NER labels that make a word a name of something other than a place wherever else they fall."""


def _trim(ent: Span) -> tuple[int, int]:
    doc = ent.doc
    start, end = ent.start, ent.end
    while start < end and (doc[start].lower_ in place_words().determiners or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _ner_name(span: Span) -> bool:
    """Whether an NER location span is a plausible place name of its own."""
    if any(t.is_space or "\n" in t.text for t in span):
        return False
    if not span.text[:1].isupper() or span[-1].pos_ not in ("PROPN", ""):
        return False
    if countries_by_demonym(span.text):
        return False
    return acceptable_name(span.doc, span.start, span.end)


def _names_elsewhere(ctx: Context) -> frozenset[str]:
    """Words the document uses as names of people, organisations, peoples or actors ("Kinahan"
    of "the Kinahan cartel", "Šarić" of "Darko Šarić"): a one-off place reading of them is the
    NER's slip."""
    words = {t.text for ent in ctx.doc.ents if ent.label_ in NAME_LABELS for t in ent}
    words |= {t.text for span in mentions(ctx.doc, YIELD) for t in span}
    return frozenset(w for w in words if w[:1].isupper())


def _alone_on_its_line(doc: Doc, start: int, end: int) -> bool:
    """Whether only punctuation shares the span's line (a byline or a caption)."""
    i = start
    while i > 0 and "\n" not in doc[i - 1].text_with_ws:
        i -= 1
        if not doc[i].is_punct:
            return False
    j = end
    while j < len(doc) and "\n" not in doc[j - 1].text_with_ws:
        if not (doc[j].is_punct or doc[j].is_space):
            return False
        j += 1
    return True


def _person_like(ctx: Context, start: int, end: int) -> bool:
    """Where an unexplained name reads as a person's: the NER cut it before a surname
    ("Ridouan Taghi"), it follows "by" ("Translated by Lucas Décorne"), or it stands alone on
    its line (a byline)."""
    doc = ctx.doc
    if extends_right(ctx, end):
        return True
    if start > 0 and doc[start - 1].lower_ == "by":
        return True
    return _alone_on_its_line(doc, start, end)


_LIST_WORDS = frozenset({",", "and", "or", "&", "the"})


def _listed_with_groups(ctx: Context, start: int) -> bool:
    """Whether an unexplained name closes a list of named groups ("the Hell’s Angels, the
    Bandidos, and Cannonball"): a group's mention right before it, with only commas,
    conjunctions and "the" between (not a collective's: "gangs and Cartagena police")."""
    doc = ctx.doc
    ends = {m.end for m in mentions(doc, [EntityKind.GROUP])}
    i = start
    while i > 0 and doc[i - 1].lower_ in _LIST_WORDS:
        i -= 1
    return i < start and i in ends


def ner_picks(ctx: Context, picks: list[Pick]) -> Iterator[Pick]:
    """The NER's place spans no pick explains; a facility's name the NER alone knows is a place
    of its own inside the facility ("the port of Kismayu": the port and the town)."""
    facilities = [(p.start, p.end) for p in picks if p.method == "cue-facility"]
    taken = {i for p in picks if p.method != "cue-facility" for i in range(p.start, p.end)}
    elsewhere = _names_elsewhere(ctx)
    for ent in ctx.doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        start, end = _trim(ent)
        if start >= end or not taken.isdisjoint(range(start, end)) or not ctx.free(start, end):
            continue
        if any(
            a < end and start < b and not (a <= start and end <= b and (a, b) != (start, end))
            for a, b in facilities
        ):
            continue  # only a name strictly inside a facility's span
        span = ctx.doc[start:end]
        if not _ner_name(span) or all(t.text in elsewhere for t in span):
            continue
        if _person_like(ctx, start, end) or _listed_with_groups(ctx, start):
            continue
        if ent.label_ == "GPE" and ctx.country is not None:
            city, country = town_entity(ctx, span.text)
            yield Pick(start, end, city, "ner", country if country != ctx.country else None)
        else:
            yield Pick(start, end, named_entity("area", span.text, PlaceType.AREA, None), "ner")
