"""What the sentence before hands on to a route stated in the next one, when it stated no route
of its own: where its goods came from ("seizures of cannabis from Albania. The cannabis
trafficked through Greece ended up in Turkey") and the hub it named ("X is a transit point.
From there, the drugs go to Y")."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from kg.models import Route
from kg.nlp.relations.roles import _origin_phrase, place_role
from kg.nlp.relations.routes.clauses import _hub
from kg.nlp.relations.routes.path import _Path
from kg.nlp.spans import mentions


@dataclass(frozen=True)
class _Carried:
    """The goods' origins and the hubs of the sentence before, with the markets it names."""

    origins: tuple[str, ...] = ()
    hubs: tuple[str, ...] = ()
    markets: frozenset[str] = frozenset()


def _carried(sent: Span, index: int, previous: Route | None) -> _Carried:
    """What the sentence before ``sent`` hands on; nothing where it stated a route itself
    (that route goes on instead), unless it only said where goods came from ("seizures of
    cannabis from Albania"), or where ``sent`` opens its paragraph."""
    stated = previous is not None and previous.sentence == index - 1
    if sent.start == 0 or (stated and "goods-from" not in previous.method):
        return _Carried()
    before = sent.doc[sent.start - 1].sent
    spans = [s for s in mentions(sent.doc) if before.start <= s.start and s.end <= before.end]
    actors = [s for s in spans if s.label_ in {"GROUP", "COLLECTIVE"}]
    markets = [s for s in spans if s.label_ == "MARKET"]
    places = [s for s in spans if s.label_ == "PLACE"]
    origins = tuple(
        dict.fromkeys(
            p.kb_id_
            for p in places
            if place_role(p) == "origin" and _goods_origin(p, markets, actors)
        )
    )
    hubs = tuple(
        dict.fromkeys(p.kb_id_ for p in places if place_role(p) in {"located", None} and _hub(p))
    )
    return _Carried(origins, hubs, frozenset(m.kb_id_ for m in markets))


def _goods_origin(place: Span, markets: list[Span], actors: list[Span]) -> bool:
    """Whether a from-phrase says where goods come from: it hangs on a market's word or on
    the noun whose "of" names one ("seizures of raw cannabis from Albania"), not on actors."""
    if _origin_phrase(place, actors):
        return False
    noun = place.root.head.head
    words = [noun, *(g for c in noun.children if c.dep_ == "prep" for g in c.children)]
    return any(m.start <= w.i < m.end for w in words for m in markets)


def _carried_origin(path: _Path, carried: _Carried, markets: list[Span]) -> None:
    """A route of the goods the sentence before said came from somewhere starts there: the
    same market named again, the path without an origin of its own."""
    if path.origins or not carried.origins or not (path.destinations or path.via):
        return
    if not carried.markets & {m.kb_id_ for m in markets}:
        return
    ends = {*path.destinations, *path.via}
    origins = [o for o in carried.origins if o not in ends]
    if origins:
        path.origins = origins
        path.additions.append("carried-origin")


def _carried_hub(path: _Path, carried: _Carried) -> bool:
    """ "X is a transit point. From there, the drugs go to Y": a continuing sentence without
    an origin passes through the hub named before. True if it did."""
    hubs = [h for h in carried.hubs if h not in {*path.destinations, *path.via}]
    if path.origins or not hubs or not path.destinations:
        return False
    path.via = [*hubs, *path.via]
    path.basis = "continuation"
    path.additions.append("carried-hub")
    return True
