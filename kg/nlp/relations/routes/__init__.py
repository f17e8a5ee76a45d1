"""Routes as movements: ordered paths from the roles of places, one set per moving clause.

``clauses`` finds which places move and in which clause, ``ends`` completes a path's
ends, ``path`` turns a path into routes."""

from __future__ import annotations

from spacy.tokens import Span

from kg.lexicon.keys import country_key
from kg.models import Route
from kg.nlp.relations.cues import _cues, _phrases
from kg.nlp.relations.roles import (
    _ROUTE_ROLES,
    _moved,
    _origin_phrase,
    _owner,
    _resolve_listed,
)
from kg.nlp.relations.routes.carry import _carried, _carried_hub, _carried_origin
from kg.nlp.relations.routes.clauses import (
    _clause_key,
    _container,
    _crossing_place,
    _departure_hub,
    _focused,
    _goods_from,
    _goods_span_movement,
    _hub,
    _made_abroad,
    _made_and_sold,
    _merge_relative,
    _named_route,
    _nested,
    _no_end,
    _on_the_way,
    _outermost,
    _passed_through,
    _unplaced_hub,
)
from kg.nlp.relations.routes.ends import (
    _border_crossing,
    _continuation,
    _departing,
    _earlier_destinations,
    _entry_point,
    _facility_origin,
    _foreign_stops,
    _goods_origins,
    _implied_ends,
    _join_halves,
    _located_origin,
    _money_flow,
    _onward,
    _people_moving,
    _placed_abroad,
    _provenance,
    _traveller_origins,
    _where_host,
)
from kg.nlp.relations.routes.markets_abroad import market_destinations
from kg.nlp.relations.routes.path import (
    _both_ways,
    _mode,
    _Path,
    _path_routes,
    _two_places,
)
from kg.nlp.relations.routes.people import _people_market
from kg.nlp.relations.stance import _Stance


def _routes(
    sent: Span,
    index: int,
    places: list[tuple[Span, str | None]],
    markets: list[Span],
    fallback: str | None,
    country: str | None,
    previous: Route | None,
    stance: _Stance,
    implied: bool = True,
    actors: list[Span] = (),  # type: ignore[assignment]
) -> list[Route]:
    """The routes of a sentence with a movement cue, one set per moving clause.

    Only places whose phrase belongs to a movement word count ("spread from A to B" is no
    route), nor a place saying where ``actors`` come from ("cartels from South America have
    moved into West Africa"); the document's country is an implied end where ``implied``
    (every text is read as about its country: decided on the dev sets, where it raised the
    routes found on real text as much as in profiles) and never the far end of a route
    inside it.
    """
    cues = _cues()
    made_and_sold, selling = _made_and_sold(places)
    named, nouns = _named_route(sent, places)
    movement = _phrases(sent, cues.movement) or _goods_span_movement(sent, places, markets)
    provenance = not movement  # only where goods come from: "seizures of cannabis from X"
    movement = movement + [m for m in _goods_from(places, markets) if m not in movement]
    movement += [m for m in [*selling, *nouns] if m not in movement]
    made_and_sold = {**named, **made_and_sold}
    movement = [(i, phrase) for i, phrase in movement if not _crossing_place(sent.doc[i])]
    if not movement:
        return []
    places = _nested([(s, role) for s, role in places if not _container(s, places)])
    places = _on_the_way(places)
    moving = {i + k for i, phrase in movement for k in range(len(phrase.split()))}
    clauses = {_owner(sent.doc[i]).i for i in moving}
    roles = [
        (
            s,
            role
            if (_moved(s, role, moving, clauses) or _focused(s, role, moving))
            and not _origin_phrase(s, actors)
            and not _no_end(s)
            else None,
        )
        for s, role in places
    ]
    roles = [(s, made_and_sold.get(s.start, role)) for s, role in roles]
    home = country_key(country) if country else None
    if not any(role == "origin" for _, role in roles):  # "produced in A, trafficked from B"
        roles = [(s, "origin" if _made_abroad(s, r, moving, home) else r) for s, r in roles]
    roles = _outermost(_resolve_listed(roles))
    clauses: dict[int, list[tuple[Span, str | None]]] = {}
    hubs = [
        (s, "origin" if _departure_hub(s) else "via")
        for s, role in roles
        if (role in {"located", None} and _hub(s)) or _passed_through(s)
    ]
    # a hub joins the sentence's ends ("a hub for cocaine arriving from Brazil and destined for
    # Europe"), unless the sentence names several goods: then it is a stop of each clause's
    # path ("for cocaine arriving from Brazil, and for methamphetamine exported to Ghana")
    several = len({m.kb_id_ for m in markets}) > 1
    for span, role in roles:
        if role in _ROUTE_ROLES and not any(span is h for h, _ in hubs):
            key = sent.root.i if hubs and not several else _clause_key(span)
            clauses.setdefault(key, []).append((span, role))
    clauses = _merge_relative(clauses, sent.doc)
    markets_named, markets_abroad = market_destinations(sent, home)
    if hubs and not clauses and markets_named:  # "transit points for markets such as X"
        clauses[sent.root.i] = []
    if hubs and clauses:
        if several:
            clauses = {k: [*hubs, *group] for k, group in clauses.items()}
        else:
            clauses[sent.root.i] = [*hubs, *clauses.get(sent.root.i, [])]
        roles = [(s, next((h for x, h in hubs if x is s), r)) for s, r in roles]
    if not clauses and _phrases(sent, cues.continuation):
        clauses[sent.root.i] = []
    inbound = bool(_phrases(sent, cues.inbound))
    continues = bool(_phrases(sent, cues.continuation))
    # "intelligence sources say" calls nothing a source: a plural informant is no cue
    source = any(sent.doc[i].tag_ != "NNS" for i, _ in _phrases(sent, cues.source))
    transit_only = (
        bool(_phrases(sent, cues.transit)) or _unplaced_hub(sent, places)
    ) and not source
    out: list[Route] = []
    spans_in_sentence = [s for s, _ in places]
    built: list[tuple[int, list[tuple[Span, str | None]], _Path, dict[str, Span]]] = []
    carried = _carried(sent, index, previous)
    for key, group in clauses.items():
        path = _Path(
            origins=[s.kb_id_ for s, role in group if role == "origin"],
            destinations=[s.kb_id_ for s, role in group if role == "destination"],
            via=[s.kb_id_ for s, role in group if role == "via"],
            market=fallback,
        )
        spans: dict[str, Span] = {}
        for span, _ in group:  # a place named twice is anchored where first named
            spans.setdefault(span.kb_id_, span)
        _earlier_destinations(path, group)
        _border_crossing(path, spans, home, inbound)
        if _onward(path, spans) is False and continues and not _carried_hub(path, carried):
            _continuation(path, previous)
        if not path.origins and not path.destinations and path.via:
            reached = [m for m in markets_named if m not in path.via]
            if reached:  # "used as transit points for operations targeting markets such as X"
                path.destinations = reached
                path.additions.append("market-destination")
        if not path.origins and not path.destinations:
            continue  # "smuggling along the border": a location, not a path
        if _money_flow(spans, markets, path.market) or _provenance(group, markets):
            continue
        if _people_moving(group, markets, actors):
            continue
        built.append((key, group, path, spans))
    located = [p for p, role in roles if role == "located"]
    for key, group, path, spans in _join_halves(built, located, sent.doc):
        here = [p for p in located if _clause_key(p) == key]
        _where_host(path, sent.doc[key], group, located, spans)
        if not path.destinations and (path.origins or path.via):
            ends = {*path.origins, *path.via}
            reached = [m for m in markets_named if m not in ends]
            if reached:  # "to reach the European market"
                path.destinations = reached
                path.additions.append("market-destination")
        _carried_origin(path, carried, markets)
        path.people = _people_market(sent, list(spans.values()))
        _traveller_origins(path, group, spans_in_sentence)
        _goods_origins(path, markets, spans_in_sentence)
        _located_origin(path, here)
        _facility_origin(path, located)
        if inbound:
            _entry_point(path, home)
        if implied:
            abroad = _foreign_stops(path, home, [h.kb_id_ for h, _ in hubs])
            abroad = abroad or _placed_abroad(path, located, home) or markets_abroad
            _implied_ends(path, home, transit_only, source, _departing(group), abroad)
        if provenance:
            path.additions.append("goods-from")
        out += _path_routes(path, spans, index, markets, _mode(sent), stance)
    return _both_ways(sent, out)


__all__ = ["_Path", "_implied_ends", "_routes", "_two_places"]
