"""How a path gets its ends: stops before onward destinations, border crossings,
continuations, travellers' origins, relative clauses' hosts, located and implied ends."""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Span, Token

from kg.lexicon.keys import country_key
from kg.lexicon.membership import countries_of, covers
from kg.models import Route
from kg.nlp.relations.cues import _cues
from kg.nlp.relations.roles import (
    _climb,
    _other_side,
    _verb,
    _within,
)
from kg.nlp.relations.routes.path import _Path
from kg.nlp.spans import mentions
from kg.resources import load_yaml


def _earlier_destinations(path: _Path, group: list[tuple[Span, str | None]]) -> None:
    """A destination named before the route's origin, when another follows it, is a stop:
    "cartels have moved into West Africa, opening a route for cocaine from Colombia to
    Europe" runs from Colombia through West Africa to Europe; one named again after the
    origin stays a destination ("smuggling to Saudi Arabia ... from Syria into Saudi Arabia
    and other Gulf states")."""
    starts = [s.start for s, role in group if role == "origin"]
    if not starts:
        return
    first = min(starts)
    after = [s.kb_id_ for s, role in group if role == "destination" and s.start > first]
    before = [
        s.kb_id_
        for s, role in group
        if role == "destination" and s.end <= first and s.kb_id_ not in after
    ]
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
    """ "Smuggled to Iran, Turkey and onwards to Europe", "to Sandakan and south into
    Indonesia": the destinations before the one a continuation word or a direction opens are
    its stops. True if the sentence goes on by itself (a continuation word)."""
    cues = _cues()
    placed = [k for k in path.destinations if k in spans]

    def opened(vocabulary: frozenset[str], word: bool = False) -> list[Span]:
        """The destinations a word of ``vocabulary`` opens (a lower-case word outside any
        place when ``word``: "south into Indonesia", not "North America")."""
        inside = {i for span in spans.values() for i in range(span.start, span.end)}
        return [
            spans[key]
            for key in placed
            if any(
                (t.lower_ in vocabulary or f"{t.lower_} {t.nbor(1).lower_}" in vocabulary)
                and (not word or (t.is_lower and t.i not in inside))
                for t in spans[key].doc[max(spans[key].start - 3, 0) : spans[key].start]
            )  # "onwards to Europe", "and from there to Europe"
        ]

    onward = opened(cues.continuation | _onward_words())
    turns = opened(cues.compass, word=True)
    purposes = [spans[k] for k in placed if _purpose_leg(spans[k])]
    last = max([*onward, *turns, *purposes], key=lambda s: s.start, default=None)
    unnamed = _unnamed_leg([spans[k] for k in placed])
    if unnamed is not None and (last is None or last.start < unnamed):
        before = [k for k in placed if spans[k].start < unnamed]
        path.via = [*path.via, *before]
        path.destinations = [k for k in path.destinations if k not in before]
        path.additions.append("onward-unnamed")
        return False
    if last is None:
        return False
    before = [k for k in placed if spans[k].start < last.start]
    path.via = [*path.via, *before]
    path.destinations = [k for k in path.destinations if k not in before]
    return bool(onward)


@cache
def _onward_words() -> frozenset[str]:
    """Words opening a route's onward leg (``onward`` in ``relations.yaml``)."""
    data = load_yaml("relations.yaml")
    assert isinstance(data, dict)
    return frozenset(str(w).lower() for w in data["onward"])


def _unnamed_leg(destinations: list[Span]) -> int | None:
    """Where an onward leg to no named place opens, after the destinations it continues from:
    "from Afghanistan to Pakistan onwards to the rest of the world", "to Kenya and Tanzania
    and on to other foreign countries". The destinations before it are stops, and the route
    ends nowhere the text names. The index of its onward word, or None."""
    if not destinations:
        return None
    sent = destinations[0].sent
    first = min(d.start for d in destinations)
    starts = {m.start for m in mentions(sent.doc) if m.label_ in {"PLACE", "HOME"}}
    words = _onward_words()
    out = None
    for token in sent:
        if token.i <= first or token.i + 2 >= sent.end:
            continue
        pair = f"{token.lower_} {token.nbor(1).lower_}"
        if token.lower_ in words and token.nbor(1).lower_ in {"to", "into", "towards"}:
            target = token.i + 2
        elif pair in words:
            target = token.i + 2  # "on to other countries": the pair holds its preposition
        else:
            continue
        if not any(target <= start <= target + 3 for start in starts):
            out = token.i
    return out


def _purpose_leg(span: Span) -> bool:
    """Whether a destination ends the movement a "for" phrase gives as the goods' purpose:
    "ship cocaine to Guatemala for eventual transfer to the US" (the US, past Guatemala)."""
    token = _climb(span.root)
    if isinstance(token, str) or token.dep_ != "pobj":
        return False
    noun = token.head.head
    movement = _cues().movement
    moving = noun.lower_ in movement or noun.lemma_.lower() in movement
    return noun.pos_ == "NOUN" and noun.dep_ == "pobj" and noun.head.lower_ == "for" and moving


def _continuation(path: _Path, previous: Route | None) -> None:
    """ "Cocaine is then shipped to Europe": the previous route goes on."""
    if path.origins or previous is None or not previous.destination:
        return
    path.origins = [previous.origin] if previous.origin else []
    path.via = [*previous.via, previous.destination, *path.via]
    path.market = path.market or previous.market
    path.basis = "continuation"


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
    _set_origins(path, origins, "travellers-origin")


def _set_origins(path: _Path, origins: list[str], method: str) -> None:
    """Countries found as a path's origins, less its other ends, recorded with ``method``."""
    ends = set(path.destinations) | set(path.via)
    origins = [o for o in dict.fromkeys(origins) if o not in ends]
    if origins:
        path.origins = origins
        path.additions.append(method)


def _goods_origins(path: _Path, markets: list[Span], places: list[Span] = ()) -> None:  # type: ignore[assignment]
    """Goods named by their country's demonym come from it: "Afghan opium and heroin travel
    through Central Asia to Russia" runs from Afghanistan (the word right before a market's
    name, or before its "-produced": "Afghan-produced hashish"; a region's adjective, "South
    American cocaine", names no country), and so do goods a country owns ("South Sudan's
    illicit gold", a place of ``places`` before "'s" and adjectives)."""
    from kg.lexicon.countries import country_by_demonym

    if path.origins or not path.destinations:
        return
    origins = []
    for market in markets:
        if market.start == 0:
            continue
        owner = _owner_of(market, places)
        if owner is not None and owner.kb_id_.startswith("place/country/"):
            origins.append(owner.kb_id_)
            continue
        word = market.doc[market.start - 1]
        made = market.start >= 3 and market.doc[market.start - 2].text in {"-", "–"}
        if made and word.lemma_.lower() in _cues().made:  # "Afghan-produced cannabis resin"
            market = market.doc[market.start - 2 : market.end]
            word = market.doc[market.start - 1]
        if not word.text[:1].isupper() or word.pos_ not in {"ADJ", "PROPN"}:
            continue
        if market.start >= 2 and market.doc[market.start - 2].text[:1].isupper():
            continue  # "South American cocaine", "Latin American drugs"
        entry = country_by_demonym(word.text)
        if entry is not None:
            origins.append(country_key(entry.iso2))
    _set_origins(path, origins, "goods-origin")


def _owner_of(market: Span, places: list[Span]) -> Span | None:
    """The place whose possessive names a market's goods: "South Sudan's illicit gold"."""
    doc = market.doc
    i = market.start - 1
    while i > 0 and doc[i].pos_ == "ADJ":
        i -= 1
    if i < 1 or doc[i].lower_ not in {"'s", "’s"}:
        return None
    return next((p for p in places if p.end == i), None)


def _where_host(
    path: _Path,
    verb: Token,
    group: list[tuple[Span, str | None]],
    located: list[Span],
    spans: dict[str, Span],
) -> None:
    """The place in the phrase a relative clause hangs on is the end its movement lacks:
    "seized in Istanbul, where shipments are loaded before being forwarded to Europe" and
    "clothing made in workshops around Naples that traders distribute to France" run from
    there, "a camp in X, where migrants smuggled from Y are held" into it (a "where" clause
    only); not where the movement only describes the clause's goods ("where gangs sell
    mercury smuggled from Peru")."""
    if verb.dep_ != "relcl" or bool(path.origins) == bool(path.destinations):
        return
    where = any(c.lower_ == "where" for c in verb.children)
    if (path.origins and not where) or any(_verb(s.root).dep_ == "acl" for s, _ in group):
        return
    host = verb.head
    ends = {*path.origins, *path.destinations, *path.via}
    hosts = [
        p
        for p in located
        if host.left_edge.i <= p.start
        and p.end <= verb.left_edge.i
        and p.end <= host.right_edge.i + 1
        and p.kb_id_ not in ends
    ]
    if not hosts:
        return
    spans[hosts[-1].kb_id_] = hosts[-1]
    if path.destinations:
        path.origins = [hosts[-1].kb_id_]
    else:
        path.destinations = [hosts[-1].kb_id_]
    path.additions.append("where-host")


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


def _facility_origin(path: _Path, located: list[Span]) -> None:
    """Goods held at a port, airport or crossing and bound elsewhere leave from it: "pills
    seized at the airport in Beirut that were destined to Dammam" run from the airport (the
    last facility named, not one lying in a destination: "bound for Europe, seized in the
    port of Rotterdam" arrived)."""
    if path.origins or not path.destinations:
        return
    ends = set(path.destinations) | set(path.via)
    facilities = [
        p
        for p in located
        if p.kb_id_.startswith("place/facility/")
        and p.kb_id_ not in ends
        and not any(countries_of(p.kb_id_) <= countries_of(d) for d in path.destinations)
    ]
    if facilities:
        path.origins = [facilities[-1].kb_id_]
        path.additions.append("facility-origin")


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


def _departing(group: list[tuple[Span, str | None]]) -> bool:
    """Whether a clause's origin hangs on a verb of leaving: "shipments leave from X"."""
    for span, role in group:
        token = _climb(span.root)
        if role != "origin" or isinstance(token, str) or token.dep_ != "pobj":
            continue
        governor = token.head.head
        words = [governor.lemma_.lower()]
        words += [f"{words[0]} {c.lower_}" for c in governor.children if c.dep_ == "prt"]
        if _cues().departure & set(words):
            return True
    return False


def _implied_ends(
    path: _Path,
    home: str | None,
    transit_only: bool,
    source: bool = False,
    departing: bool = False,
    abroad: bool = False,
) -> None:
    """The document's country as the missing end of a route that leaves or enters it, never
    where the other end or a stop is a region that covers it, nor an end where a stop lies in
    it ("cocaine shipped to Europe via West Africa" in a text about Guinea passes through it,
    "cocaine from Hispaniola through the Bahamas" in a text about the Bahamas goes on), nor
    the destination of a route told ``abroad`` (:func:`_foreign_stops`). A hub the sentence
    calls a source ("a source and transit point for weapons destined for Europe") is the
    origin."""
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
    if departing or abroad or through_home or "onward-unnamed" in path.additions:
        # "shipments leave from the Makran coast", "via the ports of Antwerp and Rotterdam",
        # "from Hispaniola through the Bahamas", "onwards to the rest of the world": bound
        # nowhere the text says
        return
    if not path.destinations and home not in path.origins and not outward and not passing:
        path.destinations = [home]
        path.additions.append("implied-destination")


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


def _money_flow(spans: dict[str, Span], markets: list[Span], market: str | None) -> bool:
    """Whether a path of no market moves money: a money word among the four words before the
    phrase of its first named end ("the transport of money back to Mexico")."""
    if markets or market or not spans:
        return False
    first = min(spans.values(), key=lambda s: s.start)
    doc = first.doc
    words = {t.lower_ for t in doc[max(first.start - 5, first.sent.start) : first.start]}
    return bool(words & _cues().money)


def _provenance(group: list[tuple[Span, str | None]], markets: list[Span]) -> bool:
    """Whether a clause of no goods only says where people come from: "they come from the
    Caucasus" (a personal pronoun coming, or hailing, from a place; no market named)."""
    if markets or any(role == "destination" for _, role in group):
        return False
    for span, role in group:
        token = _climb(span.root)
        if role != "origin" or isinstance(token, str) or token.dep_ != "pobj":
            continue
        verb = token.head.head
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if verb.lemma_.lower() in {"come", "hail"} and any(
            c.pos_ == "PRON" and c.lower_ in {"they", "he", "she", "we", "who"} for c in subjects
        ):
            return True
    return False


def _people_moving(
    group: list[tuple[Span, str | None]], markets: list[Span], actors: list[Span]
) -> bool:
    """Whether a clause of no goods moves only people who are no travellers: "they entered
    India through the coast", "rebels entered Chad through its northern border" (a verb with
    no object but a place whose subject is a personal pronoun or an actor; no market
    named)."""
    if markets:
        return False
    travellers = _cues().travellers
    heads = {a.root.i for a in actors}
    placed = {i for span, _ in group for i in range(span.start, span.end)}
    for span, role in group:
        token = _climb(span.root)
        if role is None or isinstance(token, str):
            continue
        verb = token.head.head if token.dep_ == "pobj" else token.head
        objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
        if verb.pos_ != "VERB" or any(c.i not in placed for c in objects):
            continue  # goods moved: "they smuggle cocaine to India" (a place object is none)
        for subject in (c for c in verb.children if c.dep_ == "nsubj"):
            if subject.lemma_.lower() in travellers:
                continue
            if subject.i in heads or subject.lower_ in {"they", "he", "she", "we"}:
                return True
    return False


def _foreign_stops(path: _Path, home: str | None, hubs: list[str]) -> bool:
    """Whether a path passes a city, port or hub abroad ("trafficking from South America via
    the ports of Antwerp and Rotterdam", "the Western Balkans are a route for narcotics from
    Asia"): told from that stop, it says nothing of reaching the document's country."""
    if home is None:
        return False
    code = home.rsplit("/", 1)[-1]
    for stop in path.via:
        countries = countries_of(stop)
        named = stop.split("/")[1] in {"city", "facility"} or stop in hubs
        if named and countries and code not in countries:
            return True
    return False


def _placed_abroad(path: _Path, located: list[Span], home: str | None) -> bool:
    """Whether a route that only leaves somewhere is told where it happened abroad: "the
    arrest in Lampedusa of a man accused of organising the transport of fuel smuggled from
    Libya" (a text about Malta), "consumption is accelerating across the Comoros, fuelled by
    drugs imported from Mayotte" (a text about Mauritius). A place of the sentence that only
    locates (no end or stop of the route) and lies in another country than the document's
    says where the goods went, so the document's country is no implied destination."""
    if home is None or path.destinations:
        return False
    code = home.rsplit("/", 1)[-1]
    ends = {*path.origins, *path.via}
    for place in located:
        countries = countries_of(place.kb_id_)
        if place.kb_id_ in ends or not countries or code in countries:
            continue
        if not any(countries_of(o) and countries <= countries_of(o) for o in ends):
            return True
    return False
