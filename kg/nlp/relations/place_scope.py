"""Which places of a sentence may go with an actor: none of its clause's for an actor named
only inside another noun's phrase; of places nested in a longer place, only the longer one;
not where a verb sends the goods it moves."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.nlp.relations.cues import _cues
from kg.nlp.relations.roles import _actor_head, _climb


def _first_conjunct(actor: Span) -> Token:
    """The first member of the list an actor is in (itself when in none)."""
    token = _actor_head(actor)
    while token.dep_ == "conj" and token.head != token:
        token = token.head
    return token


def _buried(actor: Span) -> bool:
    """Whether an actor is only named inside another noun's phrase, not an argument of its
    clause: "the partnership between the Taliban and the gangs", "sanctions on Hezbollah",
    "the emergence of allies, including Wagner" (the noun's own places or markets are not the
    actor's; its members, activities and kind stand for it: "members of X", "X's operations")."""
    cues = _cues()
    relational = frozenset().union(*(words for _, words in cues.relation_kinds))
    keep = cues.member_heads | cues.activity_heads | cues.definite_heads | relational
    token = _first_conjunct(actor)
    for _ in range(4):
        if token.dep_ == "appos" and token.head != token:
            token = token.head
            continue
        if token.dep_ == "pobj" and token.head.lower_ in {"including", "like", "as"}:
            token = token.head.head  # "allies, including Wagner", "groups such as X"
            continue
        break
    if token.dep_ != "pobj" or token.head.head.pos_ not in {"NOUN", "PROPN"}:
        return False
    for _ in range(6):  # "clashes between men of the X clan": the clashes are X's
        if token.dep_ != "pobj":
            return True
        noun = token.head.head
        if noun.pos_ not in {"NOUN", "PROPN"}:
            return False
        if noun.lemma_.lower() in keep or token.head.lower_ == "from":
            return False  # an origin's phrase ("actors from X, as well as Y cartels")
        token = noun
    return True


def _outermost(places: list[Span], spans: list[Span]) -> list[Span]:
    """The places not inside a longer place: a route across "the Colombia–Venezuela border"
    passes the border, not the countries its name holds; "the port of Cartagena", the port."""
    return [
        p
        for p in places
        if not any(o.start <= p.start and p.end <= o.end and len(o) > len(p) for o in spans)
    ]


_QUANTITIES = frozenset({"percent", "part", "share", "portion", "bulk", "half", "majority", "most"})


def _goods_destination(place: Span, bound: list[Span]) -> bool:
    """Whether a place is where a verb sends the goods it moves ("sends cocaine by speedboat
    to Central America", "flies it from Johannesburg to Dubai", "smuggling drugs into
    Israel"): no place of the movers, who stay where they ship from. Not where the verb
    moves the movers' own activities ("moved 90 percent of their operations to Central
    America") or no object at all ("expanded into Guatemala"), nor a market noun's own
    route ("migrant smuggling from Libya to Lampedusa")."""
    if not any(place is b for b in bound):
        return False
    token = _climb(place.root)
    if isinstance(token, str) or token.dep_ != "pobj":
        return False
    verb = token.head.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return False
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if not objects:
        return False
    activities = _cues().activity_heads
    for noun in objects:
        if noun.lemma_.lower() in activities or noun.lower_ in activities:
            return False
        if noun.lemma_.lower() in _QUANTITIES:  # "90 percent of their operations"
            owned = [g for c in noun.children if c.lower_ == "of" for g in c.children]
            if any(g.lemma_.lower() in activities or g.lower_ in activities for g in owned):
                return False
    return True
