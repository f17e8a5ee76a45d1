"""Places a one-market sentence names without placing them: where that market is.

"Europol calls Belgium and the Netherlands major hubs for cocaine trafficking", "There are two
main destinations, Switzerland and the Netherlands, as these countries consume more heroin",
"Until recently Transnistria ... was one of the world's main weapons smuggling gateways": a
sentence about one market, naming no actor, names places that no preposition of place, route
or possessive ties to anything (the object of a naming verb, an apposition, a list after a
colon). Such a place is where the sentence's market is. Not a place that only locates another
one, a landmark ("bordering Bolivia", "its border with Chile", "south of Lisbon", "between
Cauca and Valle del Cauca", "the Latin name of the city of Zadar"), nor a dateline ("DAKAR,
SENEGAL: officials ...").

Decided on the dev sets: 17 right against 10 wrong market–place pairs over the written, dev,
dev2 and dev3 gold, none on the written sets.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.nlp.relations.roles import place_role
from kg.nlp.spans import mentions

__all__ = ["landmark", "unplaced_sites"]

_LANDMARK_NOUNS = frozenset({"south", "north", "east", "west", "coast", "outskirts", "name"})
"""Nouns whose "of" phrase only locates or names another place ("south of Lisbon")."""

_DATELINE_MARKS = frozenset({":", "—", "–"})


def landmark(place: Span) -> bool:
    """Whether a place only locates another one: what a place borders ("bordering Bolivia",
    "the border with Ecuador"), the ends of a "between", the point of a direction or a coast
    ("south of Lisbon", "off the coast of Africa"), what a name names ("the Latin name of
    Zadar"); through a list ("between Valle del Cauca and Cauca")."""
    token: Token = place.root
    while token.dep_ in {"conj", "appos"} and token.head != token:
        token = token.head
    head = token.head
    if token.dep_ == "dobj":
        return head.lemma_.lower() == "border"
    if token.dep_ != "pobj":
        return False
    governor = head.head
    preposition = head.lower_
    return (
        preposition == "between"
        or (preposition == "with" and governor.lemma_.lower() == "border")
        or (preposition == "of" and governor.lemma_.lower() in _LANDMARK_NOUNS)
    )


def _dateline(place: Span) -> bool:
    """A place opening a sentence before a colon or dash: "KUWAIT: ...", "DAKAR, SENEGAL: ..."."""
    sent = place.sent
    after = place.doc[place.end : min(place.end + 3, sent.end)]
    return place.start - sent.start <= 3 and any(t.text in _DATELINE_MARKS for t in after)


def unplaced_sites(sent: Span, markets: list[Span], taken: list[Span]) -> list[str]:
    """The keys of places in ``sent`` that go with its one market (``markets`` naming one
    market only; none otherwise): places with no role in the sentence, not ``taken`` (nor
    inside a taken place), not a landmark or a dateline. The caller checks that the sentence
    names no actor."""
    if len({m.kb_id_ for m in markets}) != 1:
        return []
    keys = {p.kb_id_ for p in taken}
    out: list[str] = []
    for span in mentions(sent.doc):
        if span.label_ != "PLACE" or not (sent.start <= span.start < sent.end):
            continue
        if span.kb_id_ in keys or span.kb_id_ in out:
            continue
        if any(t.start <= span.start and span.end <= t.end for t in taken):
            continue
        if place_role(span) is None and not landmark(span) and not _dateline(span):
            out.append(span.kb_id_)
    return out
