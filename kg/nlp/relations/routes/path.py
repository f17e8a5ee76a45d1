"""A route's path while the rules build it, and the routes it gives: one per origin,
destination and choice of transit stops, with its market and mode."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Span

from kg.models import Route
from kg.nlp.relations.cues import _cues
from kg.nlp.relations.stance import _claim_fields, _Stance
from kg.resources import load_yaml


def _mode(sent: Span) -> str | None:
    """The first mode whose words the sentence uses; "ship" as a verb is any sending."""
    words = {t.lower_ for t in sent if not (t.pos_ == "VERB" and t.lemma_.lower() == "ship")}
    for mode, vocabulary in _cues().modes:
        if words & vocabulary:
            return mode
    return None


def _nearest_market(place: Span | None, markets: list[Span], fallback: str | None) -> str | None:
    """The market named closest to a route's place (preferring one before it), else fallback."""
    if place is None or not markets:
        return markets[0].kb_id_ if markets else fallback

    def distance(market: Span) -> tuple[int, int]:
        gap = place.start - market.end if market.end <= place.start else market.start - place.end
        return (0 if market.end <= place.start else 1, abs(gap))

    return min(markets, key=distance).kb_id_


def _route_markets(
    place: Span | None, markets: list[Span], fallback: str | None
) -> list[str | None]:
    """The nearest market and those listed with it ("a hub for heroin and cocaine destined for
    Europe" is a route of each)."""
    nearest = _nearest_market(place, markets, fallback)
    chosen = [m for m in markets if m.kb_id_ == nearest]
    if not chosen:
        return [nearest]
    roots = {m.root.i for m in chosen}
    for _ in range(2):  # conjuncts of conjuncts: "heroin, opium and cannabis"
        roots |= {
            m.root.i
            for m in markets
            if (m.root.dep_ == "conj" and m.root.head.i in roots)
            or any(m.doc[r].dep_ == "conj" and m.doc[r].head.i == m.root.i for r in roots)
        }
    listed = [m for m in markets if m.root.i in roots]
    inside = {i for m in listed for i in range(m.start, m.end)}
    between = chosen[0].doc[min(m.start for m in listed) : max(m.end for m in listed)]
    if any(t.i not in inside and not (t.text == "," or t.dep_ == "cc") for t in between):
        return [nearest]  # not one list of goods: "cocaine and heroin: cocaine shipped ..."
    return list(dict.fromkeys([nearest, *(m.kb_id_ for m in listed)]))


def _or_group(span: Span) -> int | None:
    """The first conjunct's index when a place is an alternative ("Esmeraldas or Sucumbíos")."""
    token = span.root
    while token.dep_ == "conj" and token.head != token:
        token = token.head
    if token is span.root and not any(c.dep_ == "conj" for c in token.children):
        return None
    if any(c.dep_ == "cc" and c.lower_ == "or" for c in token.children):
        return token.i
    return None


def _via_choices(via: list[str], spans: dict[str, Span]) -> list[list[str]]:
    """Transit stops, one path per choice among alternatives joined by "or" (at most four)."""
    groups: dict[int, list[str]] = {}
    for key in via:
        group = _or_group(spans[key]) if key in spans else None
        if group is not None:
            groups.setdefault(group, []).append(key)
    paths = [[]]
    for key in via:
        group = _or_group(spans[key]) if key in spans else None
        if group is None:
            paths = [[*path, key] for path in paths]
        elif groups[group][0] == key:
            options = groups[group]
            paths = [[*path, option] for path in paths for option in options][:4]
    return paths


@dataclass
class _Path:
    """The ends and stops of one clause's movement, as the route rules build them."""

    origins: list[str]
    destinations: list[str]
    via: list[str]
    basis: str = "prepositions"
    """How its ends were found: "prepositions", "border-crossing" or "continuation"."""
    additions: list[str] = field(default_factory=list)
    """The rules that completed it, in order: "joined", "where-host", "travellers-origin",
    "entry-point", "located-origin", "transit", "onward-unnamed", "implied-origin",
    "implied-destination"."""
    market: str | None = None
    crossing: dict[str, str] = field(default_factory=dict)
    """origin -> the border its route crosses."""
    people: str | None = None
    """The market of the people it moves ("migrants smuggled"), over the nearest one."""

    @property
    def method(self) -> str:
        """The claim's ``ockg:method``: its basis and the rules that completed it."""
        return "".join([f"route-{self.basis}", *(f"+{a}" for a in self.additions)])

    @property
    def continued(self) -> bool:
        """Whether it only continues the previous route (nothing added since)."""
        return self.basis == "continuation" and not self.additions

    @property
    def implied(self) -> bool:
        """Whether an end is the document's country, implied rather than written."""
        return any(a.startswith("implied") for a in self.additions)


def _two_places(origin: str | None, via: tuple[str, ...], destination: str | None) -> bool:
    """Whether a path joins two places: both ends, or one end and a stop. "Cocaine smuggling
    to Europe" names a direction, not a route."""
    return sum(1 for end in (origin, destination) if end) + bool(via) >= 2


def _path_routes(
    path: _Path,
    spans: dict[str, Span],
    index: int,
    markets: list[Span],
    mode: str | None,
    stance: _Stance,
) -> list[Route]:
    """One route per origin, destination, choice of transit stops and market."""
    base = 0.65 if path.implied else 0.75
    out = []
    for origin in dict.fromkeys(path.origins or [None]):
        for destination in dict.fromkeys(path.destinations or [None]):
            if origin == destination or (origin is None and destination is None):
                continue
            own = [path.crossing[origin]] if origin in path.crossing else []
            anchor = spans.get(destination or "") or spans.get(origin or "")
            for choice in _via_choices(path.via + own, spans):
                stops = tuple(v for v in dict.fromkeys(choice) if v not in {origin, destination})
                if not _two_places(origin, stops, destination):
                    continue
                out += [
                    Route(
                        sentence=index,
                        method=path.method,
                        **_claim_fields(base, stance),
                        market=market,
                        origin=origin,
                        via=stops,
                        destination=destination,
                        mode=mode,
                    )
                    for market in (
                        [path.people]
                        if path.people
                        else _route_markets(anchor, markets, path.market)
                    )
                ]
    return out


@cache
def _both_ways_words() -> frozenset[str]:
    data = load_yaml("relations.yaml")
    assert isinstance(data, dict)
    return frozenset(str(w).lower() for w in data["both_ways"])


def _both_ways(sent: Span, routes: list[Route]) -> list[Route]:
    """Routes a sentence says run both ways ("from the Horn of Africa to Yemen and vice
    versa", ``both_ways`` in ``relations.yaml``), each also from its destination back to its
    origin through its stops in reverse."""
    text = f" {sent.text.lower()} "
    if not any(f" {w}" in text for w in _both_ways_words()):
        return routes
    back = [
        r.model_copy(
            update={
                "origin": r.destination,
                "destination": r.origin,
                "via": tuple(reversed(r.via)),
                "method": f"{r.method}+both-ways",
            }
        )
        for r in routes
        if r.origin and r.destination
    ]
    return [*routes, *back]
