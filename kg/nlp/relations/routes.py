"""Routes as movements: ordered paths from the roles of places, one set per moving clause."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.lexicon.keys import country_key
from kg.lexicon.load import word_lists
from kg.lexicon.membership import countries_of, covers
from kg.models import Route
from kg.nlp.relations.cues import _cues, _phrases
from kg.nlp.relations.roles import (
    _ROUTE_ROLES,
    _climb,
    _moved,
    _origin_phrase,
    _other_side,
    _owner,
    _resolve_listed,
    _within,
)
from kg.nlp.relations.stance import _claim_fields, _Stance


def _mode(sent: Span) -> str | None:
    words = {t.lower_ for t in sent}
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
    """The rules that completed it, in order: "joined", "travellers-origin",
    "entry-point", "located-origin", "transit", "implied-origin", "implied-destination"."""
    market: str | None = None
    crossing: dict[str, str] = field(default_factory=dict)
    """origin -> the border its route crosses."""

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


def _focused(span: Span, role: str | None, moving: set[int]) -> bool:
    """Whether a route phrase set off by a focusing word after a comma goes with the movement
    before it, wherever the parser hung it: "to transport wood regionally and
    internationally, notably to China"."""
    if role not in _ROUTE_ROLES or span.root.dep_ != "pobj":
        return False
    prep = span.root.head
    doc = span.doc
    if prep.i < 2 or doc[prep.i - 1].lower_ not in word_lists().listing_words:
        return False
    return doc[prep.i - 2].text == "," and any(i < prep.i for i in moving)


def _container(span: Span, places: list[tuple[Span, str | None]]) -> bool:
    """Whether a place only says where the place before it lies ("Dammam city in Saudi
    Arabia", "Sandakan in East Malaysia"): it covers that place and hangs on it by "in" or a
    comma, so it is no end or stop of its own."""
    token = span.root
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "in":
        anchor = head.head
    elif token.dep_ == "appos":
        anchor = head
    else:
        return False
    for other, _ in places:
        inner = other.start <= anchor.i < other.end or (
            anchor.pos_ == "NOUN" and other.end == anchor.i  # "Dammam city"
        )
        if other is not span and inner:
            codes = countries_of(span.kb_id_)
            if codes and countries_of(other.kb_id_) and countries_of(other.kb_id_) <= codes:
                return other.kb_id_ != span.kb_id_
    return False


def _clause_key(span: Span) -> int:
    """The clause a route place belongs to (its movement verb's subject clause)."""
    token = _climb(span.root)
    if isinstance(token, str):
        token = span.root
    governor = token.head.head if token.dep_ == "pobj" else token.head
    return _owner(governor).i


def _merge_relative(
    clauses: dict[int, list[tuple[Span, str | None]]], doc: Doc
) -> dict[int, list[tuple[Span, str | None]]]:
    """A relative clause on a route's place goes on with that route: "through the Amazon,
    where the cocaine is sent via rivers to Brazil" is one path."""
    out = dict(clauses)
    for key in sorted(clauses, reverse=True):
        verb = doc[key]
        if verb.dep_ not in {"relcl", "advcl"} or key not in out:
            continue
        head = verb.head.i
        parent = next(
            (
                k
                for k, group in out.items()
                if k != key and any(s.start <= head < s.end for s, _ in group)
            ),
            None,
        )
        if parent is not None:
            out[parent] = [*out[parent], *out.pop(key)]
    return out


def _outermost(places: list[tuple[Span, str | None]]) -> list[tuple[Span, str | None]]:
    """Drop a place nested in another of the same role ("Guayaquil" in "port of Guayaquil")."""
    return [
        (s, role)
        for s, role in places
        if not any(
            o is not s and r == role and o.start <= s.start and s.end <= o.end and len(o) > len(s)
            for o, r in places
        )
    ]


def _earlier_destinations(path: _Path, group: list[tuple[Span, str | None]]) -> None:
    """A destination named before the route's origin, when another follows it, is a stop:
    "cartels have moved into West Africa, opening a route for cocaine from Colombia to
    Europe" runs from Colombia through West Africa to Europe."""
    starts = [s.start for s, role in group if role == "origin"]
    if not starts:
        return
    first = min(starts)
    before = [s.kb_id_ for s, role in group if role == "destination" and s.end <= first]
    after = [s.kb_id_ for s, role in group if role == "destination" and s.start > first]
    if before and after:
        path.via = [*before, *path.via]
        path.destinations = [d for d in path.destinations if d not in before]


def _border_crossing(path: _Path, spans: dict[str, Span], home: str | None, inbound: bool) -> None:
    """Goods crossing a border of the home country come from the country on its other side."""
    borders = [k for k in spans if k.startswith("place/border/") and k not in path.destinations]
    inside = home is not None and all(_within(d, home) for d in path.destinations)
    if path.origins or not home or not borders or not ((path.destinations and inside) or inbound):
        return
    path.crossing = {o: b for b, o in ((b, _other_side(b, home)) for b in borders) if o}
    path.origins = list(path.crossing)
    path.via = [v for v in path.via if v not in borders]
    path.destinations = path.destinations or ([home] if path.origins else [])
    path.basis = "border-crossing"


def _onward(path: _Path, spans: dict[str, Span]) -> bool:
    """ "Smuggled to Iran, Turkey and onwards to Europe": the destinations before the one a
    continuation word opens are its stops. True if the sentence goes on by itself."""
    words = _cues().continuation
    placed = [k for k in path.destinations if k in spans]
    onward = [
        spans[key]
        for key in placed
        if any(
            t.lower_ in words
            for t in spans[key].doc[max(spans[key].start - 3, 0) : spans[key].start]
        )
    ]
    if not onward:
        return False
    before = [k for k in placed if spans[k].start < onward[-1].start]
    path.via = [*path.via, *before]
    path.destinations = [k for k in path.destinations if k not in before]
    return True


def _continuation(path: _Path, previous: Route | None) -> None:
    """ "Cocaine is then shipped to Europe": the previous route goes on."""
    if path.origins or previous is None or not previous.destination:
        return
    path.origins = [previous.origin] if previous.origin else []
    path.via = [*previous.via, previous.destination, *path.via]
    path.market = path.market or previous.market
    path.basis = "continuation"


def _hub(span: Span) -> bool:
    """Whether a place is the subject of "is a hub / serves as a transit point / has been
    found to be a hub and route / ..."."""
    token = _climb(span.root)
    if isinstance(token, str) or token.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    verbs = [token.head, *(c for c in token.head.children if c.dep_ == "xcomp")]  # "found to be"
    nouns = [c for v in verbs for c in v.children if c.dep_ in {"attr", "oprd"}]
    nouns += [c for n in nouns for c in n.children if c.dep_ == "conj"]  # "a hub and route"
    nouns += [
        g
        for v in verbs
        for c in v.children
        if c.dep_ == "prep"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    words = _cues().hubs
    return any(
        n.lemma_.lower() in words or f"{n.nbor(-1).lower_} {n.lower_}" in words
        for n in nouns
        if n.i > 0
    )


def _traveller_origins(
    path: _Path, group: list[tuple[Span, str | None]], spans: list[Span]
) -> None:
    """People on the move named by nationality are a route's origins: "Caribbean migrants,
    mainly Haitians and Cubans, en route to Brazil" runs from Haiti and Cuba, "Venezuelan
    migrants are smuggled into Chile" from Venezuela (the demonyms in the phrase of those who
    move, or of the moving verb's traveller subject or object, not any in the sentence)."""
    from kg.lexicon.countries import country_by_demonym

    if path.origins or not path.destinations:
        return
    travellers = _cues().travellers
    movers: list[Token] = []
    for span, role in group:
        token = _climb(span.root)
        if role != "destination" or isinstance(token, str) or token.dep_ != "pobj":
            continue
        mover = token.head.head
        for _ in range(4):  # past "en route", "on their way"
            ways = mover.lower_ in {"route", "way", "en"} or mover.pos_ not in {"NOUN", "PROPN"}
            if not ways or mover.head == mover:
                break
            mover = mover.head
        if mover.pos_ in {"NOUN", "PROPN"}:
            movers.append(mover)
        elif mover.pos_ in {"VERB", "AUX"}:  # "Venezuelan migrants are smuggled into Chile"
            movers += [
                c
                for c in mover.children
                if c.dep_ in {"nsubj", "nsubjpass", "dobj"} and c.lemma_.lower() in travellers
            ]
    origins = []
    for mover in movers:
        for token in mover.subtree:
            if any(s.start <= token.i < s.end for s in spans):
                continue
            plural = token.tag_ in {"NNS", "NNPS"}  # "Haitians"
            head = token.head.lemma_.lower()
            modifier = token.dep_ in {"amod", "compound"} and head in travellers
            entry = country_by_demonym(token.text) if plural or modifier else None
            if entry is not None:
                origins.append(country_key(entry.iso2))
    ends = set(path.destinations) | set(path.via)
    origins = [o for o in dict.fromkeys(origins) if o not in ends]
    if origins:
        path.origins = origins
        path.additions.append("travellers-origin")


def _located_origin(path: _Path, located: list[Span]) -> None:
    """A route into somewhere from where its movers are: "gangs setting up chapters in
    south-east Asia to send drugs into Australia", "a set-off point for smuggling to Jordan"."""
    if path.origins or not path.destinations:
        return
    ends = set(path.destinations) | set(path.via)
    homes = [d for d in path.destinations if d.startswith("place/country/")]
    origins = [
        p.kb_id_
        for p in located
        if p.kb_id_ not in ends and not any(_within(p.kb_id_, h) for h in homes)
    ]
    if origins:
        path.origins = list(dict.fromkeys(origins))[:1]
        path.additions.append("located-origin")


def _wider(place: str, home: str) -> bool:
    """Whether a place is a continent, world region, area or border that covers the home
    country: "shipments originating from Latin America" do not come into Peru, they include
    it."""
    kind = place.split("/")[1] if place.count("/") >= 2 else ""
    code = home.rsplit("/", 1)[-1]
    return kind in {"continent", "world-region", "area", "border"} and covers(place, code)


def _inside(place: str, home: str) -> bool:
    """Whether a place lies in the home country (the country itself, its regions, cities,
    facilities)."""
    return countries_of(place) == {home.rsplit("/", 1)[-1]}


def _entry_point(path: _Path, home: str | None) -> None:
    """Goods coming in through a port or city of the home country end there: "it imports
    cocaine from Colombia through the port of Gioia Tauro" runs from Colombia to the port."""
    if home is None or not path.origins or path.destinations:
        return
    kinds = {"city", "facility"}
    entries = [v for v in path.via if v.split("/")[1] in kinds and _inside(v, home)]
    if entries:
        path.destinations = [entries[-1]]
        path.via = [v for v in path.via if v != entries[-1]]
        path.additions.append("entry-point")


def _implied_ends(path: _Path, home: str | None, transit_only: bool, source: bool = False) -> None:
    """The document's country as the missing end of a route that leaves or enters it, never
    where the other end or a stop is a region that covers it, nor its origin where a stop lies
    in it ("cocaine shipped to Europe via
    West Africa" in a text about Guinea passes through it). A hub the sentence calls a source
    ("a source and transit point for weapons destined for Europe") is the origin."""
    if home is None or any(_wider(p, home) for p in [*path.origins, *path.destinations]):
        return
    if source and home in path.via and not path.origins:  # "a source and transit point"
        path.via = [v for v in path.via if v != home]
        path.origins = [home]
        path.additions.append("implied-origin")
    inland = bool(path.destinations) and all(_inside(d, home) for d in path.destinations)
    passing = any(_wider(v, home) for v in path.via)
    open_start = not path.origins and not inland and not path.continued
    # a stop in the home country is where the route passes, not where it starts: "through
    # Belize into Mexico", "Mombasa is a hub for heroin destined for Europe"
    through_home = any(_inside(v, home) for v in path.via)
    if open_start and not passing and not through_home and home not in path.destinations:
        if transit_only:
            path.via = [home, *path.via]
            path.additions.append("transit")
        else:
            path.origins = [home]
            path.additions.append("implied-origin")
    outward = bool(path.origins) and all(_inside(o, home) for o in path.origins)
    if not path.destinations and home not in path.origins and not outward and not passing:
        path.destinations = [home]
        path.additions.append("implied-destination")


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
    movement = _phrases(sent, cues.movement)
    if not movement:
        return []
    places = [(s, role) for s, role in places if not _container(s, places)]
    moving = {i + k for i, phrase in movement for k in range(len(phrase.split()))}
    clauses = {_owner(sent.doc[i]).i for i in moving}
    roles = [
        (
            s,
            role
            if (_moved(s, role, moving, clauses) or _focused(s, role, moving))
            and not _origin_phrase(s, actors)
            else None,
        )
        for s, role in places
    ]
    roles = _outermost(_resolve_listed(roles))
    clauses: dict[int, list[tuple[Span, str | None]]] = {}
    hubs = [(s, "via") for s, role in roles if role == "located" and _hub(s)]
    for span, role in roles:
        if role in _ROUTE_ROLES:
            key = sent.root.i if hubs else _clause_key(span)  # a hub joins the clauses
            clauses.setdefault(key, []).append((span, role))
    clauses = _merge_relative(clauses, sent.doc)
    if hubs and clauses:
        clauses[sent.root.i] = [*hubs, *clauses[sent.root.i]]
        roles = [(s, "via" if any(s is h for h, _ in hubs) else r) for s, r in roles]
    if not clauses and _phrases(sent, cues.continuation):
        clauses[sent.root.i] = []
    home = country_key(country) if country else None
    inbound = bool(_phrases(sent, cues.inbound))
    continues = bool(_phrases(sent, cues.continuation))
    source = bool(_phrases(sent, cues.source))
    transit_only = bool(_phrases(sent, cues.transit)) and not source
    out: list[Route] = []
    spans_in_sentence = [s for s, _ in places]
    built: list[tuple[int, list[tuple[Span, str | None]], _Path, dict[str, Span]]] = []
    for key, group in clauses.items():
        path = _Path(
            origins=[s.kb_id_ for s, role in group if role == "origin"],
            destinations=[s.kb_id_ for s, role in group if role == "destination"],
            via=[s.kb_id_ for s, role in group if role == "via"],
            market=fallback,
        )
        spans = {s.kb_id_: s for s, _ in group}
        _earlier_destinations(path, group)
        _border_crossing(path, spans, home, inbound)
        if _onward(path, spans) is False and continues:
            _continuation(path, previous)
        if not path.origins and not path.destinations:
            continue  # "smuggling along the border": a location, not a path
        built.append((key, group, path, spans))
    located = [p for p, role in roles if role == "located"]
    for key, group, path, spans in _join_halves(built, located, sent.doc):
        here = [p for p in located if _clause_key(p) == key]
        _traveller_origins(path, group, spans_in_sentence)
        _located_origin(path, here)
        if inbound:
            _entry_point(path, home)
        if implied:
            _implied_ends(path, home, transit_only, source)
        out += _path_routes(path, spans, index, markets, _mode(sent), stance)
    return out


def _join_halves(
    built: list[tuple[int, list[tuple[Span, str | None]], _Path, dict[str, Span]]],
    located: list[Span],
    doc: Doc,
) -> list[tuple[int, list[tuple[Span, str | None]], _Path, dict[str, Span]]]:
    """A clause that only leaves and a later one that only arrives are one movement:
    "shipments are brought from Afghanistan through Tajikistan, converge in Osh, where they
    are sent north to Russia" runs from Afghanistan to Russia; the place a relative clause
    of the arriving half hangs on ("Osh, where ...") is a stop between them."""
    out = list(built)
    for first in built:
        path = first[2]
        if not path.origins or path.destinations or first not in out:
            continue
        later = next(
            (b for b in out if b[0] > first[0] and b[2].destinations and not b[2].origins), None
        )
        if later is None:
            continue
        verb = doc[later[0]]
        hosts = [
            p.kb_id_
            for p in located
            if verb.dep_ in {"relcl", "advcl"} and p.start <= verb.head.i < p.end
        ]
        path.via = [*path.via, *hosts, *later[2].via]
        path.destinations = list(later[2].destinations)
        path.additions.append("joined")
        spans = {**first[3], **later[3], **{p.kb_id_: p for p in located if p.kb_id_ in hosts}}
        out[out.index(first)] = (first[0], [*first[1], *later[1]], path, spans)
        out.remove(later)
    return out


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
    """One route per origin, destination and choice of transit stops."""
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
                out.append(
                    Route(
                        sentence=index,
                        method=path.method,
                        **_claim_fields(base, stance),
                        market=_nearest_market(anchor, markets, path.market),
                        origin=origin,
                        via=stops,
                        destination=destination,
                        mode=mode,
                    )
                )
    return out


# ---------------------------------------------------------------------------- anaphora
