"""Claims from a parsed paragraph: presences, routes and relationships, each tied to its sentence.

The rules read the dependency parse and the ockg spans of one sentence at a time, with the
paragraph's aligned indicators as context (``kg.nlp.segment``) and the document's country as
the implied end of routes. The cue words are data (``ontology/relations.yaml``).

- A **place's role** comes from the preposition governing it, climbing conjunctions and
  "including" lists: ``from`` an origin, ``to``/``into``/``destined for`` a destination,
  ``through``/``via``/``along`` a transit stop, ``in``/``across`` a location.
- A **route** needs a movement cue; each destination gives one route; an origin-less route
  starts in the document's country, a destination-less one ends there; "then" continues the
  paragraph's previous route.
- A **presence** ties each actor to the sentence's markets (or the paragraph's market when the
  sentence names none) and located places; without an actor, a market and a located place.
- A **relationship** pairs actors on either side of a cooperation or rivalry cue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from kg.models import Paragraph, Presence, Relationship, Route
from kg.nlp.keys import country_key
from kg.nlp.markets import WEAK_CONFIDENCE
from kg.nlp.spans import mentions
from kg.resources import load_yaml

__all__ = ["Claims", "claims_of", "place_role"]

_HEDGE_FACTOR = 0.7
_LISTING = {
    "including",
    "include",
    "includes",
    "like",
    "notably",
    "especially",
    "particularly",
    "mainly",
    "primarily",
    "such",
}


@dataclass(frozen=True)
class _Cues:
    origin: frozenset[str]
    destination: frozenset[str]
    via: frozenset[str]
    destination_for: frozenset[str]
    origin_verbs: frozenset[str]
    inbound: frozenset[str]
    arrival: frozenset[str]
    transit: frozenset[str]
    source: frozenset[str]
    movement: frozenset[str]
    modes: tuple[tuple[str, frozenset[str]], ...]
    continuation: frozenset[str]
    cooperation: frozenset[str]
    service: frozenset[str]
    rivalry: frozenset[str]
    hedges: tuple[str, ...]
    operate: frozenset[str]
    locative: frozenset[str]


@cache
def _cues() -> _Cues:
    data = load_yaml("relations.yaml")
    assert isinstance(data, dict)
    roles = data["route_roles"]

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data[key])

    return _Cues(
        origin=frozenset(roles["origin"]),
        destination=frozenset(roles["destination"]),
        via=frozenset(roles["via"]),
        destination_for=words("destination_for"),
        origin_verbs=words("origin_verbs"),
        inbound=words("inbound"),
        arrival=words("arrival"),
        transit=words("transit"),
        source=words("source"),
        movement=words("movement"),
        modes=tuple((mode, frozenset(ws)) for mode, ws in data["modes"].items()),
        continuation=words("continuation"),
        cooperation=words("cooperation"),
        service=words("service"),
        rivalry=words("rivalry"),
        hedges=tuple(sorted(words("hedges"), key=len, reverse=True)),
        operate=words("operate"),
        locative=words("locative"),
    )


@dataclass
class Claims:
    """The claims of one paragraph."""

    presences: list[Presence] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)


def _phrases(sent: Span, vocabulary: frozenset[str]) -> list[tuple[int, str]]:
    """(token index, phrase) for each vocabulary word or phrase in the sentence (lower/lemma)."""
    found = []
    tokens = list(sent)
    for i, token in enumerate(tokens):
        for size in (3, 2, 1):
            if i + size > len(tokens):
                continue
            window = tokens[i : i + size]
            lower = " ".join(t.lower_ for t in window)
            lemma = " ".join(t.lemma_.lower() for t in window)
            if lower in vocabulary or lemma in vocabulary:
                found.append((token.i, lower))
                break
    return found


def _climb(token: Token) -> Token | str:
    """From a place's root to the noun whose governor decides its role.

    Climbs conjunctions, appositions, compounds ("La Libertad region") and "including" lists
    ("Europe, including Belgium"); returns ``"listed"`` for a list hanging off a verb (its
    role is the previous place's) and ``"qualifier"`` for a possessive ("Peru's").
    """
    for _ in range(12):
        head = token.head
        if head == token:
            return token
        if token.dep_ == "poss":
            return "qualifier"
        if token.dep_ == "pobj" and head.lower_ in _LISTING:
            if head.head.pos_ in {"NOUN", "PROPN"}:
                token = head.head
                continue
            return "listed"
        if token.dep_ in {"conj", "appos", "compound", "amod", "nmod"}:
            token = head
            continue
        return token
    return token


def place_role(span: Span) -> str | None:
    """``origin``, ``destination``, ``via``, ``located``, ``listed``, ``qualifier`` or None."""
    cues = _cues()
    token = _climb(span.root)
    if isinstance(token, str):
        return token
    if token.dep_ in {"nsubj", "nsubjpass"}:
        return "located"  # "Peru serves as a source of opium", "The Puno region is a hotspot"
    if token.dep_ != "pobj":
        return None
    prep = token.head
    word = prep.lower_
    before = prep.nbor(-1).lower_ if prep.i > prep.sent.start else ""
    if word == "of" and before in {"out", "way"}:
        word = f"{before} of" if before == "out" else "by way of"
    governor = prep.head
    governing = {governor.lemma_.lower(), governor.lower_}
    if word == "for":
        return "destination" if governing & cues.destination_for else None
    if word in cues.origin:
        return "origin"
    if word in cues.destination:
        return "destination"
    if word in cues.via:
        return "via"
    if word in {"in", "at"} and governing & cues.origin_verbs:
        return "origin"
    if word in {"in", "at"} and governing & cues.arrival:
        return "destination"
    if word in cues.locative:
        return "located"
    return None


def _hedges(sent: Span) -> tuple[str, ...]:
    text = f" {sent.text.lower()} "
    found = []
    for hedge in _cues().hedges:
        if f" {hedge} " in text and not any(hedge in h for h in found):
            found.append(hedge)
    return tuple(sorted(found))


def _confidence(base: float, hedges: tuple[str, ...]) -> float:
    return round(base * (_HEDGE_FACTOR if hedges else 1.0), 3)


def _mode(sent: Span) -> str | None:
    words = {t.lower_ for t in sent}
    for mode, vocabulary in _cues().modes:
        if words & vocabulary:
            return mode
    return None


def _verb(token: Token) -> Token:
    """The verb (or sentence root) a token depends on."""
    while token.pos_ not in {"VERB", "AUX"} and token.head != token:
        token = token.head
    return token


def _markets_of(sent: Span, spans: list[Span]) -> list[Span]:
    return [s for s in spans if s.label_ == "MARKET" and s.sent == sent]


def _paragraph_markets(paragraph: Paragraph) -> list[str]:
    from kg import taxonomy

    return [
        f"market/{i}" for i in paragraph.indicators if taxonomy.indicator(i).kind.value == "market"
    ]


def _in_subtree(span: Span, root: Token) -> bool:
    return root.left_edge.i <= span.start and span.end - 1 <= root.right_edge.i


def _resolve_listed(places: list[tuple[Span, str | None]]) -> list[tuple[Span, str | None]]:
    """A place in a list hanging off a verb takes the role of the place before it."""
    out, last = [], None
    for span, role in places:
        if role == "listed":
            role = last
        if role in {"origin", "destination", "via"}:
            last = role
        out.append((span, role))
    return out


def _within(place: str, home: str) -> bool:
    """Whether a place key lies in the home country (by its key's ISO code)."""
    code = home.rsplit("/", 1)[-1]
    return place == home or place.startswith((f"place/region/{code}-", f"place/city/{code}/"))


def _other_side(border: str, home: str) -> str | None:
    """``place/border/BO-PE`` seen from ``place/country/PE`` -> ``place/country/BO``."""
    codes = border.rsplit("/", 1)[-1].split("-")
    mine = home.rsplit("/", 1)[-1]
    others = [c for c in codes if c != mine]
    return country_key(others[0]) if len(codes) == 2 and len(others) == 1 else None


def _nearest_market(place: Span | None, markets: list[Span], fallback: str | None) -> str | None:
    """The market named closest to a route's place (preferring one before it), else fallback."""
    if place is None or not markets:
        return markets[0].kb_id_ if markets else fallback

    def distance(market: Span) -> tuple[int, int]:
        gap = place.start - market.end if market.end <= place.start else market.start - place.end
        return (0 if market.end <= place.start else 1, abs(gap))

    return min(markets, key=distance).kb_id_


def _routes(
    sent: Span,
    index: int,
    places: list[tuple[Span, str | None]],
    markets: list[Span],
    fallback: str | None,
    country: str | None,
    previous: Route | None,
    hedges: tuple[str, ...],
) -> list[Route]:
    cues = _cues()
    if not _phrases(sent, cues.movement):
        return []
    places = _resolve_listed(places)
    spans = {s.kb_id_: s for s, _ in places}
    origins = [s.kb_id_ for s, role in places if role == "origin"]
    destinations = [s.kb_id_ for s, role in places if role == "destination"]
    via = [s.kb_id_ for s, role in places if role == "via"]
    home = country_key(country) if country else None
    method = "route-prepositions"
    market = fallback
    crossing: dict[str, str] = {}  # origin -> the border its route crosses
    borders = [k for k in spans if k.startswith("place/border/") and k not in destinations]
    inside = home is not None and all(_within(d, home) for d in destinations)
    if (
        not origins
        and home
        and borders
        and ((destinations and inside) or _phrases(sent, cues.inbound))
    ):
        crossing = {o: b for b, o in ((b, _other_side(b, home)) for b in borders) if o}
        origins = list(crossing)
        via = [v for v in via if v not in borders]
        destinations = destinations or ([home] if origins else [])
        method = "route-border-crossing"
    continues = bool(_phrases(sent, cues.continuation)) and previous is not None
    if continues and not origins and previous is not None and previous.destination:
        origins = [previous.origin] if previous.origin else []
        via = [*previous.via, previous.destination, *via]
        market = market or previous.market
        method = "route-continuation"
    if not origins and not destinations:
        return []  # "smuggling along the border": a location, not a path
    transit_only = bool(_phrases(sent, cues.transit)) and not _phrases(sent, cues.source)
    if not origins and home and home not in destinations and method != "route-continuation":
        if transit_only:
            via = [home, *via]
            method += "+transit"
        else:
            origins = [home]
            method += "+implied-origin"
    if not destinations and home and home not in origins:
        destinations = [home]
        method += "+implied-destination"
    mode = _mode(sent)
    base = 0.75 if "implied" not in method else 0.65
    out = []
    for origin in dict.fromkeys(origins or [None]):
        for destination in dict.fromkeys(destinations or [None]):
            if origin == destination or (origin is None and destination is None):
                continue
            own = [crossing[origin]] if origin in crossing else []
            stops = tuple(v for v in dict.fromkeys(via + own) if v not in {origin, destination})
            anchor = spans.get(destination or "") or spans.get(origin or "")
            out.append(
                Route(
                    sentence=index,
                    method=method,
                    confidence=_confidence(base, hedges),
                    hedges=hedges,
                    market=_nearest_market(anchor, markets, market),
                    origin=origin,
                    via=stops,
                    destination=destination,
                    mode=mode,
                )
            )
    return out


def _actor_head(span: Span) -> Token:
    """The noun an actor mention hangs on ("Brazilian" in "Brazilian and Colombian groups")."""
    token = span.root
    for _ in range(6):
        if token.dep_ in {"amod", "compound", "conj", "nmod"} and token.head != token:
            if token.dep_ == "conj" and token.head.pos_ not in {"ADJ", "PROPN"}:
                break
            token = token.head
        else:
            break
    return token


def _qualifier_market(actor: Span) -> str | None:
    """The market a collective's own words name ("illegal mining groups")."""
    return actor._.ockg_market


def _own_markets(actor: Span, markets: list[Span], actors: list[Span]) -> list[str]:
    """Markets in the actor's own phrase: "Ecuadorian groups in arms trafficking", read linearly.

    Coordinated demonyms sharing a head ("Brazilian and Colombian organizations in wildlife
    smuggling") share its phrase; the phrase ends at the next actor.
    """
    doc = actor.doc
    later = sorted((a for a in actors if a.start >= actor.end), key=lambda a: a.start)
    end = actor.end
    while later and all(t.lower_ in {",", "and", "or"} for t in doc[end : later[0].start]):
        end = later.pop(0).end
    if end >= actor.sent.end or doc[end].lower_ not in {"in", "of", "for"}:
        return []
    stop = later[0].start if later else actor.sent.end
    return [m.kb_id_ for m in markets if end <= m.start and m.end <= stop]


def _presence(
    index: int, method: str, base: float, hedges: tuple[str, ...], **keys: str | None
) -> Presence:
    return Presence(
        sentence=index,
        method=method,
        confidence=_confidence(base, hedges),
        hedges=hedges,
        **keys,
    )


def _presences(
    index: int,
    actors: list[Span],
    markets: list[Span],
    located: list[Span],
    fallback: list[str],
    hedges: tuple[str, ...],
    antecedents: list[str] = (),  # type: ignore[assignment]
) -> list[Presence]:
    out: list[Presence] = []
    qualifiers = [q for q in (_qualifier_market(a) for a in actors) if q]
    market_keys = list(dict.fromkeys([m.kb_id_ for m in markets] + qualifiers))
    linked_by = {
        id(a): [m.kb_id_ for m in markets if _in_subtree(m, _verb(a.root))] for a in actors
    }
    for actor in actors:
        verb = _verb(actor.root)
        own = _own_markets(actor, markets, actors)
        linked = linked_by[id(actor)]
        qualifier = _qualifier_market(actor)
        if own:
            chosen, base, method = own, 0.85, "dependency-phrase"
        elif linked:
            chosen, base, method = list(dict.fromkeys(linked + qualifiers)), 0.8, "dependency"
        elif market_keys:
            chosen, base, method = list(market_keys), 0.6, "same-sentence"
        else:
            chosen, base, method = list(fallback), 0.5, "paragraph-market"
        if qualifier and qualifier not in chosen:
            chosen.append(qualifier)
        places = [p.kb_id_ for p in located if _in_subtree(p, verb)] or [p.kb_id_ for p in located]
        for market in dict.fromkeys(chosen or [None]):
            for place in dict.fromkeys(places or [None]):
                if market is None and place is None:
                    continue
                how = method if market else "actor-place"
                presence = _presence(
                    index,
                    how,
                    base if market else 0.6,
                    hedges,
                    actor=actor.kb_id_,
                    market=market,
                    place=place,
                )
                out.append(presence)
    if not actors and antecedents and market_keys:
        for actor in antecedents:
            for market in market_keys:
                for place in dict.fromkeys([p.kb_id_ for p in located] or [None]):
                    out.append(
                        _presence(
                            index, "anaphora", 0.6, hedges, actor=actor, market=market, place=place
                        )
                    )
    elif not actors:
        for market in market_keys:
            for place in dict.fromkeys(p.kb_id_ for p in located):
                out.append(
                    _presence(index, "market-place", 0.6, hedges, market=market, place=place)
                )
    return out


_ANAPHORS = {"these", "such", "those", "they", "them", "their", "it", "its"}


def _has_anaphor(sent: Span) -> bool:
    """Whether the sentence's subject refers back ("These groups", "Such networks", "They")."""
    for token in sent:
        if token.dep_ in {"nsubj", "nsubjpass"}:
            words = {t.lower_ for t in token.subtree}
            if token.lower_ in _ANAPHORS or words & {"these", "such", "those"}:
                return True
    return False


def _subject_actors(sent: Span, actors: list[Span]) -> list[str]:
    """The actors in a sentence's subject (with their listed members), else its first actor."""
    root = sent.root
    subjects = [t for t in root.children if t.dep_ in {"nsubj", "nsubjpass"}]
    keys = [a.kb_id_ for a in actors for t in subjects if _in_subtree(a, t)]
    return list(dict.fromkeys(keys)) or [a.kb_id_ for a in actors[:1]]


def _served(actor: Span) -> bool:
    """Whether an actor is the beneficiary in "production of cocaine for foreign traffickers"."""
    token = _actor_head(actor)
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ != "for":
        return False
    governor = prep.head
    chain = [governor, *list(governor.ancestors)[:2]]
    return any(t.lemma_.lower() in _cues().service or t.lower_ in _cues().service for t in chain)


def _coordinated(actors: list[Span]) -> list[Span]:
    """The first run of actors joined only by "and" / commas ("X, Y and Z"), else none."""
    ordered = sorted(actors, key=lambda a: a.start)
    run = ordered[:1]
    for actor in ordered[1:]:
        gap = actor.doc[run[-1].end : actor.start]
        if gap and all(t.lower_ in {",", "and", "&", "the"} for t in gap):
            run.append(actor)
        else:
            break
    return run if len(run) > 1 else []


def _relationship(index: int, kind: str, a: str, b: str, hedges: tuple[str, ...]) -> Relationship:
    first, second = sorted((a, b))
    return Relationship(
        sentence=index,
        method=f"{kind}-cue",
        confidence=_confidence(0.7, hedges),
        hedges=hedges,
        kind=kind,
        actors=(first, second),
    )


def _relationships(
    sent: Span,
    index: int,
    actors: list[Span],
    hedges: tuple[str, ...],
    antecedents: list[str] = (),  # type: ignore[assignment]
) -> list[Relationship]:
    """Pairs across a cooperation or rivalry cue; one-sided lists only after "between"/"among".

    A pronoun subject ("it imports … in partnership with X") stands for ``antecedents``.
    """
    cues = _cues()
    out = []
    if antecedents and actors and _has_anaphor(sent):
        for kind, vocabulary in (("cooperation", cues.cooperation), ("rivalry", cues.rivalry)):
            found = _phrases(sent, vocabulary)
            if found and not any(a.end <= found[0][0] for a in actors):
                out += [
                    _relationship(index, kind, a, b.kb_id_, hedges)
                    for a in antecedents
                    for b in actors
                    if b.start > found[0][0] and a != b.kb_id_
                ]
    if len(actors) < 2:
        return out
    for kind, vocabulary in (("cooperation", cues.cooperation), ("rivalry", cues.rivalry)):
        found = _phrases(sent, vocabulary)
        if not found:
            continue
        cue = found[0][0]
        left = [a for a in actors if a.end <= cue]
        right = [a for a in actors if a.start > cue]
        if left and right:
            pairs = [(a, b) for a in left for b in right]
        else:
            after = {t.lower_ for t in sent if t.i > cue}
            side = left or right
            if not after & {"between", "among", "amongst"}:
                side = _coordinated(side)  # "Los Choneros and Los Lobos are at war"
            pairs = [(a, b) for i, a in enumerate(side) for b in side[i + 1 :]]
        out += [
            _relationship(index, kind, a.kb_id_, b.kb_id_, hedges)
            for a, b in pairs
            if a.kb_id_ != b.kb_id_
        ]
    served = [a for a in actors if _served(a)]
    if served:
        providers = [a for a in actors if a not in served and a.start < served[0].start]
        out += [
            _relationship(index, "cooperation", a.kb_id_, b.kb_id_, hedges)
            for a in providers
            for b in served
            if a.kb_id_ != b.kb_id_
        ]
    return out


def claims_of(doc: Doc, paragraph: Paragraph, first_sentence: int, country: str | None) -> Claims:
    """The claims of one paragraph's parsed ``doc`` (sentences numbered from ``first_sentence``)."""
    claims = Claims()
    spans = mentions(doc)
    fallback = _paragraph_markets(paragraph)
    if paragraph.section is None and len(fallback) > 1:
        fallback = []  # a plain text's paragraph names several markets: no single default
    previous: Route | None = None
    antecedents: list[str] = []
    for offset, sent in enumerate(doc.sents):
        index = first_sentence + offset
        inside = [s for s in spans if s.sent == sent]
        actors = [s for s in inside if s.label_ in {"GROUP", "COLLECTIVE"}]
        markets = [
            m for m in _markets_of(sent, inside) if (m._.ockg_confidence or 0) > WEAK_CONFIDENCE
        ]
        places = [
            (s, place_role(s))
            for s in inside
            if s.label_ == "PLACE" and not any(a.start <= s.start < a.end for a in actors)
        ]
        hedges = _hedges(sent)
        routes = _routes(
            sent,
            index,
            places,
            _markets_of(sent, inside),  # weak triggers too: "weapons smuggled from Texas"
            fallback[0] if fallback else None,
            country,
            previous,
            hedges,
        )
        if routes:
            previous = routes[-1]
        claims.routes += routes
        located = [
            s
            for s, role in places
            if role == "located"
            and not any(o is not s and o.start <= s.start and s.end <= o.end for o, _ in places)
        ]
        refer = antecedents if not actors and _has_anaphor(sent) else []
        claims.presences += _presences(index, actors, markets, located, fallback, hedges, refer)
        claims.relationships += _relationships(sent, index, actors, hedges, antecedents)
        if actors:
            antecedents = _subject_actors(sent, actors)
    return claims
