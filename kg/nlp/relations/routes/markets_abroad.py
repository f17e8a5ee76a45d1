"""A route's destination named as a consumer market by its demonym: "to reach the European
market", "the supply of the Russian heroin market", "destined for Western European markets"."""

from __future__ import annotations

from functools import cache

from spacy.tokens import Span, Token

from kg.lexicon.countries import country_by_demonym
from kg.lexicon.gazetteer import resolve_area
from kg.lexicon.keys import country_key
from kg.lexicon.load import actor_cues
from kg.nlp.relations.cues import _cues
from kg.nlp.spans import mentions
from kg.resources import load_yaml


@cache
def _market_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(nouns of a consumer market, verbs whose object it is reached by, nouns whose "of"
    phrase it is supplied through): ``market_destinations`` in ``relations.yaml``."""
    data = load_yaml("relations.yaml")
    assert isinstance(data, dict)
    words = data["market_destinations"]
    return tuple(frozenset(str(w).lower() for w in words[k]) for k in ("nouns", "verbs", "of"))


@cache
def _regions() -> dict[str, str]:
    """Regional adjective ("western european") -> the key of the region it names."""
    out = {}
    for entry in actor_cues().regional_demonyms:
        area = next((a for a in (resolve_area(p) for p in entry.places) if a), None)
        if area is not None:
            out[entry.term.lower()] = area.key
    return out


def _demonym_place(noun: Token) -> str | None:
    """The place a market noun's demonym names: "western European" (a region), "Russian"."""
    for child in noun.lefts:
        if child.dep_ not in {"amod", "compound", "nmod"} or not child.text[:1].isupper():
            continue
        words = " ".join(t.lower_ for t in child.subtree)
        before = f"{noun.doc[child.i - 1].lower_} {child.lower_}" if child.i > 0 else ""
        for phrase in (before, words, child.lower_):  # "western European markets"
            if phrase in _regions():
                return _regions()[phrase]
        entry = country_by_demonym(child.text)
        if entry is not None:
            return country_key(entry.iso2)
    return None


def _reached(noun: Token) -> bool:
    """Whether a market noun is where goods go: a destination preposition's object ("to the
    European market", "destined for ..."), the object of a verb of reaching or supplying
    ("reach the European market"), or the "of" phrase of a noun of supply ("the supply of
    the Russian heroin market")."""
    _, verbs, suppliers = _market_words()
    cues = _cues()
    token = noun
    while token.dep_ == "conj" and token.head != token:  # "European markets and the Russian market"
        token = token.head
    head = token.head
    if token.dep_ == "dobj":
        return head.lemma_.lower() in verbs
    if token.dep_ != "pobj":
        return False
    if head.lower_ == "of":
        return head.head.lemma_.lower() in suppliers
    if head.lower_ == "for":
        return head.head.lower_ in cues.destination_for
    return head.lower_ in {"to", "into", "towards", "toward"}


def _markets_reached(sent: Span, home: str | None) -> list[str]:
    """The places whose consumer markets the sentence's goods go to, in order, less the
    document's own (an implied end already says as much)."""
    nouns = _market_words()[0]
    out: list[str] = []
    for token in sent:
        if token.pos_ != "NOUN" or token.lemma_.lower() not in nouns or not _reached(token):
            continue
        place = _demonym_place(token)
        if place is not None and place != home and place not in out:
            out.append(place)
    return out


def _hub_market(noun: Token) -> bool:
    """Whether a market noun is what a hub serves: "a transit point for bigger markets"."""
    from kg.nlp.relations.routes.clauses import _hub_noun, _transit_words

    head = noun.head
    return (
        noun.dep_ == "pobj"
        and head.lower_ == "for"
        and _hub_noun(head.head, _cues().hubs, _transit_words())
    )


def _placed_markets(sent: Span, home: str | None) -> list[str]:
    """The places a consumer market the goods go to is named by: listed after it ("targeting
    lucrative markets such as Australia and New Zealand", "a transit point for bigger
    markets such as Australia", "a pathway to drug markets like Australia") or in its "in"
    phrase ("to reach international markets in the Middle East"), less the document's
    country."""
    nouns = _market_words()[0]
    listing = {"like", "including", "in"}
    out: list[str] = []
    for place in mentions(sent.doc):
        if place.label_ != "PLACE" or not sent.start <= place.start < sent.end:
            continue
        token = place.root
        while token.dep_ in {"conj", "appos"} and token.head != token:  # "such as A and B"
            token = token.head
        prep = token.head
        such_as = prep.lower_ == "as" and prep.i > 0 and prep.nbor(-1).lower_ == "such"
        if token.dep_ != "pobj" or not (prep.lower_ in listing or such_as):
            continue
        noun = prep.head
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in nouns:
            continue
        if (_reached(noun) or _hub_market(noun)) and place.kb_id_ not in {home, *out}:
            out.append(place.kb_id_)
    return out


def market_destinations(sent: Span, home: str | None) -> tuple[list[str], bool]:
    """The places named as consumer markets the sentence's goods go to, where the text (the
    sentence's paragraph) names that place itself ("the large Russian market" in a text that
    never names Russia is a demonym, no place of its graph), or the places a market is named
    by (:func:`_placed_markets`), and whether the goods go to a market abroad at all (then
    the document's country is no implied destination)."""
    reached = _markets_reached(sent, home)
    named = {m.kb_id_ for m in mentions(sent.doc) if m.label_ == "PLACE"}
    placed = [p for p in _placed_markets(sent, home) if p not in reached]
    return [p for p in reached if p in named] + placed, bool(reached or placed)
