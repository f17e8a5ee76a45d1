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
- A **presence** ties each actor to the markets of its clause (or the paragraph's market when
  the sentence names none) and the places located in that clause; a place attached to one
  market ("extortion in Machala") goes with that market only, a place attached to the verb
  with the markets of that verb's clause. Without an actor, a market and its located places.
- A **relationship** pairs the grammatical sides of a cooperation or rivalry cue (its subject,
  or the noun a relative clause or participle hangs on, against the actors in the cue's own
  phrase), never two members of one side unless the cue is symmetric ("X and Y are at war",
  "an alliance between X and Y").
- **Anaphora**: "they", "these groups" stand for the previous sentence's actors, "the group",
  "its members" for the last named group, across the document's paragraphs (``Context``).
- **Modality and time**: hedges ("allegedly", "reportedly", "may") lower a claim's confidence
  and set its ``modality``; "no longer", "formerly" mark it ``former``; "since 2022" is its time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from kg.models import Paragraph, Presence, Relationship, Route
from kg.nlp.keys import country_key
from kg.nlp.markets import WEAK_CONFIDENCE
from kg.nlp.spans import mentions
from kg.resources import load_yaml

__all__ = ["Claims", "Context", "claims_of", "place_role"]

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
    not_movement: frozenset[str]
    hubs: frozenset[str]
    object_roles: tuple[tuple[str, frozenset[str]], ...]
    modes: tuple[tuple[str, frozenset[str]], ...]
    continuation: frozenset[str]
    cooperation: frozenset[str]
    service: frozenset[str]
    rivalry: frozenset[str]
    modality: tuple[tuple[str, frozenset[str]], ...]
    time_prepositions: tuple[str, ...]
    definite_heads: frozenset[str]
    member_heads: frozenset[str]
    plural_pronouns: frozenset[str]
    home_nouns: frozenset[str]
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
        not_movement=words("not_movement"),
        hubs=words("hubs"),
        object_roles=tuple(
            (role, frozenset(str(w).lower() for w in ws))
            for role, ws in data["object_roles"].items()
        ),
        modes=tuple((mode, frozenset(ws)) for mode, ws in data["modes"].items()),
        continuation=words("continuation"),
        cooperation=words("cooperation"),
        service=words("service"),
        rivalry=words("rivalry"),
        modality=tuple(
            (name, frozenset(str(w).lower() for w in ws)) for name, ws in data["modality"].items()
        ),
        time_prepositions=tuple(sorted(words("time_prepositions"), key=len, reverse=True)),
        definite_heads=words("definite_heads"),
        member_heads=words("member_heads"),
        plural_pronouns=words("plural_pronouns"),
        home_nouns=words("home_nouns"),
        operate=words("operate"),
        locative=words("locative"),
    )


@dataclass
class Claims:
    """The claims of one paragraph."""

    presences: list[Presence] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)


_WINDOWS: dict[tuple[int, int, int], list[tuple[int, tuple[tuple[str, str], ...]]]] = {}
"""Per sentence (document id, start, end): each token's windows of 3, 2 and 1 words as
(lower, lemma) strings; built once per sentence and dropped after each paragraph."""


def _windows(sent: Span) -> list[tuple[int, tuple[tuple[str, str], ...]]]:
    key = (id(sent.doc), sent.start, sent.end)
    known = _WINDOWS.get(key)
    if known is not None:
        return known
    lowers = [t.lower_ for t in sent]
    lemmas = [t.lemma_.lower() for t in sent]
    out = []
    for i, token in enumerate(sent):
        sizes = tuple(
            (" ".join(lowers[i : i + size]), " ".join(lemmas[i : i + size]))
            for size in (3, 2, 1)
            if i + size <= len(lowers)
        )
        out.append((token.i, sizes))
    _WINDOWS[key] = out
    return out


def _phrases(sent: Span, vocabulary: frozenset[str]) -> list[tuple[int, str]]:
    """(token index, phrase) for each vocabulary word or phrase in the sentence (lower/lemma),
    the longest at each token."""
    found = []
    for i, sizes in _windows(sent):
        for lower, lemma in sizes:
            if lower in vocabulary or lemma in vocabulary:
                found.append((i, lower))
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
        if (
            token.dep_ == "pobj"
            and head.lower_ == "of"
            and head.head.pos_ == "NOUN"
            and head.head.dep_ in {"pobj", "nsubj", "nsubjpass", "dobj"}
        ):  # "in the city of X", "the outskirts of X": the outer noun's role
            token = head.head
            continue
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
    if token.dep_ == "dobj":  # "the heroin reaches the port of Mombasa"
        lemma = token.head.lemma_.lower()
        return next((role for role, verbs in cues.object_roles if lemma in verbs), None)
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


_NOT_MODAL = {"PROPN", "NUM"}  # "May 2021", "Could" as a name


@dataclass(frozen=True)
class _Stance:
    """How a sentence holds its claims: hedge words, modality, time."""

    hedges: tuple[str, ...] = ()
    modality: str | None = None
    time: str | None = None


_YEAR = r"(?:(?:early|late|mid)[- ])?(?:[A-Z][a-z]+ )?(?:19|20)\d\d(?:s)?"


@cache
def _time_pattern() -> re.Pattern[str]:
    preps = "|".join(re.escape(p) for p in _cues().time_prepositions)
    return re.compile(
        rf"\b(?:{preps})\s+(?:the\s+)?{_YEAR}(?:\s*(?:and|to|-|–)\s*{_YEAR})?\b",
        re.IGNORECASE,
    )


def _stance(sent: Span) -> _Stance:
    """The hedges, modality and time a sentence gives its claims."""
    cues = _cues()
    hedges: list[str] = []
    modality = None
    for name, vocabulary in cues.modality:
        found = [
            phrase
            for i, phrase in _phrases(sent, vocabulary)
            if " " in phrase or sent.doc[i].pos_ not in _NOT_MODAL
        ]
        if not found:
            continue
        modality = modality or name
        if name != "former":
            hedges += found
    time = _time_pattern().search(sent.text)
    return _Stance(
        hedges=tuple(sorted(set(hedges))),
        modality=modality,
        time=time.group(0) if time else None,
    )


def _confidence(base: float, stance: _Stance) -> float:
    return round(base * (_HEDGE_FACTOR if stance.hedges else 1.0), 3)


def _claim_fields(base: float, stance: _Stance) -> dict[str, object]:
    return {
        "confidence": _confidence(base, stance),
        "hedges": stance.hedges,
        "modality": stance.modality,
        "time": stance.time,
    }


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


_ROUTE_ROLES = {"origin", "destination", "via"}
_SHARED_SUBJECT = {"conj", "xcomp", "advcl", "pcomp", "acl", "prep", "pobj", "dobj"}


def _owner(token: Token) -> Token:
    """The clause whose subject governs a token: its verb, climbing verbs without a subject of
    their own ("smuggles cocaine and launders the profits"; "using river routes")."""
    verb = _verb(token)
    for _ in range(8):
        if any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in verb.children):
            return verb
        if verb.dep_ not in _SHARED_SUBJECT or verb.head == verb:
            return verb
        verb = _verb(verb.head)
    return verb


def _frame_places(sent: Span, located: list[Span]) -> list[Span]:
    """Places of a sentence-opening phrase ("In Michoacán, X ... while Y ..."), which set the
    scene for every clause of the sentence."""
    root = sent.root
    subjects = [c.i for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}]
    first = min(subjects, default=root.i)
    out = []
    for place in located:
        token = _climb(place.root)
        if isinstance(token, str) or token.dep_ != "pobj":
            continue
        prep = token.head
        if prep.head == root and prep.i < first and prep.i == sent.start:
            out.append(place)
    return out


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


def _moved(span: Span, role: str | None, moving: set[int], clauses: set[int]) -> bool:
    """Whether a place's route role comes from a movement: its preposition hangs on a movement
    word, on the verb above one, on a verb of origin or arrival, or in a clause that moves
    (``clauses``: the clauses of the sentence's movement words) — never on a verb of change
    ("spread from A to B")."""
    if role not in _ROUTE_ROLES:
        return True
    token = _climb(span.root)
    if isinstance(token, str) or token.dep_ != "pobj":
        return True  # a verb's object: "reaches the port of X"
    governor = token.head.head
    cues = _cues()
    lemma = governor.lemma_.lower()
    if lemma in cues.not_movement:
        return False
    if lemma in cues.origin_verbs or lemma in cues.arrival or lemma in cues.destination_for:
        return True
    verb = _verb(governor)
    return governor.i in moving or verb.i in moving or _owner(governor).i in clauses


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
    method: str = "route-prepositions"
    market: str | None = None
    crossing: dict[str, str] = field(default_factory=dict)
    """origin -> the border its route crosses."""


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
    path.method = "route-border-crossing"


def _continuation(path: _Path, previous: Route | None) -> None:
    """ "Cocaine is then shipped to Europe": the previous route goes on."""
    if path.origins or previous is None or not previous.destination:
        return
    path.origins = [previous.origin] if previous.origin else []
    path.via = [*previous.via, previous.destination, *path.via]
    path.market = path.market or previous.market
    path.method = "route-continuation"


def _hub(span: Span) -> bool:
    """Whether a place is the subject of "is a hub / serves as a transit point / ..."."""
    token = _climb(span.root)
    if isinstance(token, str) or token.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    verb = token.head
    nouns = [c for c in verb.children if c.dep_ in {"attr", "oprd"}]
    nouns += [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
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
    mainly Haitians and Cubans, en route to Brazil" runs from Haiti and Cuba (the demonyms
    in the phrase of those who move, not any in the sentence)."""
    from kg.lexicon.countries import country_by_demonym

    if path.origins or not path.destinations:
        return
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
    origins = []
    for mover in movers:
        for token in mover.subtree:
            if token.tag_ not in {"NNS", "NNPS"} or any(s.start <= token.i < s.end for s in spans):
                continue
            entry = country_by_demonym(token.text)
            if entry is not None:
                origins.append(country_key(entry.iso2))
    ends = set(path.destinations) | set(path.via)
    origins = [o for o in dict.fromkeys(origins) if o not in ends]
    if origins:
        path.origins = origins
        path.method += "+travellers-origin"


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
        path.method += "+located-origin"


def _implied_ends(path: _Path, home: str | None, transit_only: bool) -> None:
    """The document's country as the missing end of a route that leaves or enters it."""
    if home is None:
        return
    inland = bool(path.destinations) and all(_within(d, home) for d in path.destinations)
    continued = path.method == "route-continuation"
    if not path.origins and not inland and home not in path.destinations and not continued:
        if transit_only:
            path.via = [home, *path.via]
            path.method += "+transit"
        else:
            path.origins = [home]
            path.method += "+implied-origin"
    outward = bool(path.origins) and all(_within(o, home) for o in path.origins)
    if not path.destinations and home not in path.origins and not outward:
        path.destinations = [home]
        path.method += "+implied-destination"


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
) -> list[Route]:
    """The routes of a sentence with a movement cue, one set per moving clause.

    Only places whose phrase belongs to a movement word count ("spread from A to B" is no
    route); the document's country is an implied end only where ``implied`` (a profile's
    analysis, which is about that country) and never the far end of a route inside it.
    """
    cues = _cues()
    movement = _phrases(sent, cues.movement)
    if not movement:
        return []
    moving = {i + k for i, phrase in movement for k in range(len(phrase.split()))}
    clauses = {_owner(sent.doc[i]).i for i in moving}
    roles = [(s, role if _moved(s, role, moving, clauses) else None) for s, role in places]
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
    transit_only = bool(_phrases(sent, cues.transit)) and not _phrases(sent, cues.source)
    out: list[Route] = []
    spans_in_sentence = [s for s, _ in places]
    for key, group in clauses.items():
        path = _Path(
            origins=[s.kb_id_ for s, role in group if role == "origin"],
            destinations=[s.kb_id_ for s, role in group if role == "destination"],
            via=[s.kb_id_ for s, role in group if role == "via"],
            market=fallback,
        )
        spans = {s.kb_id_: s for s, _ in group}
        _border_crossing(path, spans, home, inbound)
        if continues:
            _continuation(path, previous)
        if not path.origins and not path.destinations:
            continue  # "smuggling along the border": a location, not a path
        here = [p for p, role in roles if role == "located" and _clause_key(p) == key]
        _traveller_origins(path, group, spans_in_sentence)
        _located_origin(path, here)
        if implied:
            _implied_ends(path, home, transit_only)
        out += _path_routes(path, spans, index, markets, _mode(sent), stance)
    return out


def _path_routes(
    path: _Path,
    spans: dict[str, Span],
    index: int,
    markets: list[Span],
    mode: str | None,
    stance: _Stance,
) -> list[Route]:
    """One route per origin, destination and choice of transit stops."""
    base = 0.75 if "implied" not in path.method else 0.65
    out = []
    for origin in dict.fromkeys(path.origins or [None]):
        for destination in dict.fromkeys(path.destinations or [None]):
            if origin == destination or (origin is None and destination is None):
                continue
            own = [path.crossing[origin]] if origin in path.crossing else []
            anchor = spans.get(destination or "") or spans.get(origin or "")
            for choice in _via_choices(path.via + own, spans):
                stops = tuple(v for v in dict.fromkeys(choice) if v not in {origin, destination})
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
@dataclass
class Context:
    """What a document's earlier sentences leave to the next, across paragraphs."""

    antecedents: list[str] = field(default_factory=list)
    """The actors of the last sentence that named any (its subject's, else its first)."""
    last_group: str | None = None
    """The named group most recently in focus (a subject, else the last one named)."""
    last_named: str | None = None
    """The named group mentioned last ("the latter group")."""


_EXPLETIVE_VERBS = {"be", "seem", "appear", "remain", "become", "take", "estimate", "say"}
_PLURAL_DETERMINERS = {"these", "those", "such", "both"}
_DEFINITE = {"the", "this", "that", *_PLURAL_DETERMINERS}


def _anaphor_keys(token: Token, context: Context) -> list[str]:
    """The actors a subject noun phrase stands for, or none if it is not an anaphor."""
    cues = _cues()
    lemma, lower = token.lemma_.lower(), token.lower_
    if lower in cues.plural_pronouns and token.pos_ in {"PRON", "DET", "NOUN"}:
        return list(context.antecedents)
    if lower == "it":  # not the expletive of "it is estimated", "it seems"
        if token.dep_ != "nsubj" or token.head.lemma_ in _EXPLETIVE_VERBS:
            return []
        return [context.last_group] if context.last_group else list(context.antecedents[:1])
    words = {c.lower_ for c in token.children if c.dep_ in {"det", "poss", "amod"}}
    owned = any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in token.children)
    plural = bool(words & _PLURAL_DETERMINERS) or token.tag_ in {"NNS", "NNPS"}
    if lemma in cues.definite_heads and "latter" in words and context.last_named:
        return [context.last_named]
    if lemma in cues.definite_heads and (words & _DEFINITE or owned):
        if plural:
            return list(context.antecedents)
        return [context.last_group] if context.last_group else list(context.antecedents[:1])
    if lemma in cues.member_heads and words & {"its", "their"}:
        if "its" in words and context.last_group:
            return [context.last_group]
        return list(context.antecedents)
    return []


def _local_context(sent: Span, actors: list[Span], before: int, context: Context) -> Context:
    """The antecedents for an anaphor at token ``before``: the sentence's own earlier actors
    ("The CJNG has expanded into Guanajuato, where it steals fuel"), else the document's."""
    earlier = [a for a in actors if a.end <= before]
    if not earlier:
        return context
    local = Context()
    _update_context(local, sent, earlier)
    return local


def _anaphors(sent: Span, actors: list[Span], context: Context) -> list[Span]:
    """Spans standing for earlier actors: subjects such as "the group", "they", "its members"."""
    out: list[Span] = []
    for token in sent:
        if token.dep_ not in {"nsubj", "nsubjpass"} or token.pos_ not in {"NOUN", "PRON", "DET"}:
            continue
        start = min(token.left_edge.i, token.i)
        if any(a.start <= token.i < a.end or start <= a.start <= token.i for a in actors):
            continue
        scope = _local_context(sent, actors, start, context)
        for key in dict.fromkeys(_anaphor_keys(token, scope)):
            span = Span(sent.doc, start, token.i + 1, label="ANAPHOR", kb_id=key)
            out.append(span)
    return out


def _update_context(context: Context, sent: Span, actors: list[Span]) -> None:
    named = [a for a in actors if a.label_ != "ANAPHOR"]
    if not actors:
        return
    subjects = _subject_actors(sent, actors)
    context.antecedents = subjects
    groups = [a for a in named if a.kb_id_.startswith("group/")]
    focus = [k for k in subjects if k.startswith("group/")]
    if groups:
        context.last_named = groups[-1].kb_id_
    if focus:
        context.last_group = focus[0]
    elif groups:
        context.last_group = groups[-1].kb_id_


# ---------------------------------------------------------------------------- presences
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
    return actor._.ockg_market if actor.label_ != "ANAPHOR" else None


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


def _market_at(token: Token, markets: list[Span]) -> Span | None:
    return next((m for m in markets if m.start <= token.i < m.end), None)


def _anchor(place: Span, markets: list[Span]) -> Token:
    """What a located place's phrase attaches to: a market's token, or a verb.

    From the place's preposition, climbs nouns that are not markets ("in mining areas like
    Pataz" -> "areas" -> its governor) until a market or a verb.
    """
    token = _climb(place.root)
    if isinstance(token, str) or token.dep_ != "pobj":
        return _verb(place.root)
    head = token.head.head  # the preposition's governor
    for _ in range(8):
        if _market_at(head, markets) is not None or head.pos_ in {"VERB", "AUX"}:
            return head
        if head.head == head:
            return head
        head = head.head
    return head


def _coordinated_markets(market: Span, markets: list[Span]) -> list[Span]:
    """The markets listed with one ("trafficking, extortion and illegal mining")."""
    token = market.root
    while token.dep_ == "conj" and token.head != token:
        token = token.head
    members = {token.i, *(t.i for t in token.subtree if t.dep_ == "conj")}
    return [m for m in markets if m.root.i in members]


@dataclass
class _Placement:
    """A sentence's located places by what they attach to: a market, or a clause (owner verb)."""

    by_market: dict[int, list[str]] = field(default_factory=dict)
    by_clause: dict[int, list[str]] = field(default_factory=dict)
    frame: list[str] = field(default_factory=list)
    moving: dict[int, list[str]] = field(default_factory=dict)
    """The places of a route (origin, transit, destination) by the clause that moves."""

    def for_market(self, market: Span) -> list[str]:
        """The places that go with one market: its own, else its clause's, and the frame's."""
        own = self.by_market.get(market.start)
        if own:
            return [*own, *self.frame]
        clause = _owner(market.root)
        places = list(self.by_clause.get(clause.i, []))
        if clause.dep_ in {"relcl", "advcl"}:  # "Lima, where it runs extortion rackets"
            places += self.by_clause.get(_owner(clause.head).i, [])
        return [*places, *self.frame, *self.moving.get(clause.i, [])]

    def for_clause(self, clause: Token) -> list[str]:
        """The places of an actor's clause; a route's stops only go with its markets."""
        return [*self.by_clause.get(clause.i, []), *self.frame]


def _placement(
    sent: Span, markets: list[Span], located: list[Span], moving: list[Span]
) -> _Placement:
    placement = _Placement()
    for place in moving:
        placement.moving.setdefault(_owner(place.root).i, []).append(place.kb_id_)
    frame = _frame_places(sent, located)
    placement.frame = [p.kb_id_ for p in frame]
    for place in located:
        if place in frame:
            continue
        anchor = _anchor(place, markets)
        market = _market_at(anchor, markets)
        if market is None:
            placement.by_clause.setdefault(_owner(anchor).i, []).append(place.kb_id_)
            continue
        listed = _coordinated_markets(market, markets)
        # the last market of a list, the only one with a place, shares it with the list
        shared = listed and listed[-1] is market
        if shared and all(m.start not in placement.by_market for m in listed[:-1]):
            for member in listed:
                placement.by_market.setdefault(member.start, []).append(place.kb_id_)
        else:
            placement.by_market.setdefault(market.start, []).append(place.kb_id_)
    return placement


def _parenthetical(place: Span) -> bool:
    doc = place.doc
    return (
        place.start > 0
        and place.end < len(doc)
        and doc[place.start - 1].text == "("
        and (doc[place.end].text == ")")
    )


def _owner_places(actor: Span, qualifiers: list[Span]) -> list[Span]:
    """Places that own an actor: "Montenegro's Kavač and Škaljari clans", "Los Lobos,
    Ecuador's largest gang"."""
    heads = {actor.root.i, _actor_head(actor).i}
    if actor.root.dep_ == "appos":
        heads.add(actor.root.head.i)
    appositions = [c.i for h in list(heads) for c in actor.doc[h].children if c.dep_ == "appos"]
    heads.update(appositions)
    return [q for q in qualifiers if _climb_possessor(q) in heads]


def _climb_possessor(place: Span) -> int:
    """The noun a possessive place qualifies ("Ecuador's" -> "gangs")."""
    token = place.root
    while token.dep_ in {"conj", "compound"} and token.head != token:
        token = token.head
    return token.head.i if token.dep_ == "poss" else -1


def _own_places(actor: Span, located: list[Span], actors: list[Span]) -> list[Span]:
    """Places in an actor's own phrase, before the next actor: "the Yamaguchi-gumi (Kobe)",
    "gangs in Guayaquil", "a gang based in the mangroves of Guayas"."""
    doc = actor.doc
    stop = min((a.start for a in actors if a.start >= actor.end), default=actor.sent.end)
    return [
        p
        for p in located
        if actor.end <= p.start
        and p.end <= stop
        and (_in_subtree(p, actor.root) or doc[p.start - 1].text == "(")
    ]


def _presence(
    index: int, method: str, base: float, stance: _Stance, **keys: str | None
) -> Presence:
    return Presence(sentence=index, method=method, **_claim_fields(base, stance), **keys)


def _actor_markets(
    actor: Span, actors: list[Span], markets: list[Span], fallback: list[str]
) -> tuple[list[str], float, str]:
    """An actor's markets with a base confidence and method: its own phrase's, its clause's,
    else (no market in its clause) the sentence's or the paragraph's."""
    qualifiers = [q for q in (_qualifier_market(a) for a in actors) if q]
    own = _own_markets(actor, markets, actors)
    clause = _owner(actor.root)
    linked = [m.kb_id_ for m in markets if _owner(m.root) == clause]
    if own:
        chosen, base, method = own, 0.85, "dependency-phrase"
    elif linked:
        chosen, base, method = list(dict.fromkeys(linked + qualifiers)), 0.8, "dependency"
    elif markets or qualifiers:
        keys = [m.kb_id_ for m in markets] + qualifiers
        chosen, base, method = list(dict.fromkeys(keys)), 0.6, "same-sentence"
    else:
        chosen, base, method = list(fallback), 0.5, "paragraph-market"
    qualifier = _qualifier_market(actor)
    if qualifier and qualifier not in chosen:
        chosen.append(qualifier)
    if actor.label_ == "ANAPHOR":
        method, base = "anaphora", min(base, 0.6)
    return chosen, base, method


def _presences(
    sent: Span,
    index: int,
    actors: list[Span],
    markets: list[Span],
    located: list[Span],
    moving: list[Span],
    fallback: list[str],
    stance: _Stance,
    qualifiers: list[Span] = (),  # type: ignore[assignment]
) -> list[Presence]:
    """Who operates where in which market: each actor with its clause's markets and places
    (located ones, and the stops of a route its clause moves along)."""
    out: list[Presence] = []
    placement = _placement(sent, markets, located, moving)
    spans_of = {m.kb_id_: m for m in markets}
    owned = {
        id(a): [
            p.kb_id_
            for p in [*_own_places(a, [*located, *moving], actors), *_owner_places(a, qualifiers)]
        ]
        for a in actors
    }
    exclusive = {k for keys in owned.values() for k in keys}
    exclusive |= {p.kb_id_ for p in [*located, *moving] if _parenthetical(p)}
    for actor in actors:
        clause = _owner(actor.root)
        chosen, base, method = _actor_markets(actor, actors, markets, fallback)
        own = owned[id(actor)]
        mine = [*own, *(p for p in placement.for_clause(clause) if p not in exclusive)]
        placed: set[str] = set()
        for market in dict.fromkeys(chosen):
            span = spans_of.get(market)
            places = placement.for_market(span) if span is not None else mine
            if span is not None and _owner(span.root) != clause:
                places = [p for p in places if p in mine]  # another clause's market: shared only
            places = [p for p in places if p not in exclusive or p in own]
            placed.update(places)
            for place in dict.fromkeys(places or [None]):
                keys = {"actor": actor.kb_id_, "market": market, "place": place}
                out.append(_presence(index, method, base, stance, **keys))
        for place in dict.fromkeys(mine):
            if place not in placed:
                keys = {"actor": actor.kb_id_, "place": place}
                out.append(_presence(index, "actor-place", 0.6, stance, **keys))
    if not actors:
        for market in markets:
            for place in dict.fromkeys(placement.for_market(market)):
                keys = {"market": market.kb_id_, "place": place}
                out.append(_presence(index, "market-place", 0.6, stance, **keys))
    return out


# ---------------------------------------------------------------------------- relationships
def _subject_actors(sent: Span, actors: list[Span]) -> list[str]:
    """The actors in a sentence's subject (with their listed members), else its first actor."""
    root = sent.root
    subjects = [t for t in root.children if t.dep_ in {"nsubj", "nsubjpass"}]
    keys = [a.kb_id_ for a in actors for t in subjects if _in_subtree(a, t)]
    if keys:
        return list(dict.fromkeys(keys))
    groups = [a.kb_id_ for a in actors if a.kb_id_.startswith("group/")]
    return list(dict.fromkeys(groups)) or [a.kb_id_ for a in actors[:1]]


def _served(actor: Span) -> bool:
    """Whether an actor is the beneficiary in "production of cocaine for foreign traffickers"."""
    token = _actor_head(actor)
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ != "for":
        return False
    governor = prep.head
    chain = [governor, *list(governor.ancestors)[:2]]
    return any(t.lemma_.lower() in _cues().service or t.lower_ in _cues().service for t in chain)


_RELATIVE = {"which", "who", "that", "whom", "whose"}
_CLAUSES = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis"}
_AGAINST = {"against", "with", "versus", "vs"}


@dataclass(frozen=True)
class _Cue:
    token: Token
    kind: str


def _relation_cues(sent: Span) -> list[_Cue]:
    """Cooperation and rivalry cue words of a sentence, in order (one kind per token)."""
    cues = _cues()
    found: dict[int, _Cue] = {}
    for kind, vocabulary in (("rivalry", cues.rivalry), ("cooperation", cues.cooperation)):
        for i, phrase in _phrases(sent, vocabulary):
            token = sent.doc[i]
            if " " not in phrase and token.pos_ in {"ADV", "ADP", "DET", "PART", "PROPN"}:
                continue
            found.setdefault(i, _Cue(token, kind))
    # "turf war", "rival gangs' feud": a cue modifying another is one cue with it
    return [
        found[i]
        for i in sorted(found)
        if not (found[i].token.dep_ in {"compound", "amod"} and found[i].token.head.i in found)
    ]


def _conjuncts(token: Token) -> set[Token]:
    """A word and those coordinated with it ("cooperation and conflict")."""
    first = token
    while first.dep_ == "conj" and first.head != first:
        first = first.head
    return {first, *(t for t in first.subtree if t.dep_ == "conj" and t.head.pos_ == first.pos_)}


def _predicate(cue: Token) -> Token:
    """The verb a cue noun or adjective belongs to ("formed an alliance with" -> "formed")."""
    token = cue
    while token.dep_ == "conj" and token.head != token and token.pos_ == token.head.pos_:
        token = token.head  # "cooperation and conflict with X": the first conjunct's place
    for _ in range(6):
        if token.pos_ in {"VERB", "AUX"} or token.dep_ in {"appos", "ROOT"}:
            return token
        if token.dep_ == "pobj" and token.head.lower_ in {"at", "in"}:  # "at war with"
            token = token.head.head
            continue
        if token.dep_ not in {"dobj", "attr", "acomp", "pobj", "prep", "oprd", "npadvmod"}:
            return token
        token = token.head
    return token


def _subject(predicate: Token) -> Token | None:
    """The subject of a predicate: its own, the noun a relative clause or participle hangs on,
    or that of the verb it is coordinated with or complements."""
    token = predicate
    for _ in range(6):
        if token.dep_ == "appos":
            return token.head
        subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            subject = subjects[0]
            if subject.lower_ in _RELATIVE and token.dep_ == "relcl":
                return token.head
            return subject
        if token.dep_ in {"relcl", "acl"}:
            return token.head
        if (
            token.dep_ in {"conj", "xcomp", "advcl", "pcomp", "prep", "pobj"}
            and token.head != token
        ):
            token = token.head
            continue
        return None
    return None


def _in(span: Span, root: Token) -> bool:
    return _in_subtree(span, root) or root.i in range(span.start, span.end)


def _nested(actor: Span, scope: Token, other_cues: list[Token]) -> bool:
    """Whether an actor sits in a clause nested in ``scope`` (or another cue's phrase)."""
    token = actor.root
    while token != scope and token.head != token:
        if token in other_cues or (token.dep_ in _CLAUSES and token.pos_ in {"VERB", "AUX"}):
            return True
        token = token.head
    return False


def _sides(cue: _Cue, actors: list[Span], cues: list[_Cue]) -> tuple[list[Span], list[Span]]:
    """The actors on each grammatical side of a cue: its subject, and its own phrase."""
    linked = _conjuncts(cue.token)
    others = [c.token for c in cues if c.token not in linked]
    predicate = _predicate(cue.token)
    subject = _subject(predicate)
    if subject is not None:
        while subject.dep_ == "conj" and subject.head != subject:  # "X and Y, which ..."
            subject = subject.head
    inner = subject is not None and subject.left_edge.i <= predicate.i <= subject.right_edge.i
    left = [
        a
        for a in actors
        if subject is not None
        and _in(a, subject)
        and not (inner and _in_subtree(a, predicate))  # "networks that work with X"
    ]
    if cue.token.dep_ == "appos" or predicate.dep_ == "appos":
        left = [a for a in actors if _in(a, predicate.head) or a.start <= predicate.head.i < a.end]
    right: list[Span] = []
    for scope in dict.fromkeys((cue.token, predicate)):  # "an alliance with X", "at war with X"
        right = [
            a
            for a in actors
            if _in_subtree(a, scope)
            and a not in left
            and not (a.start <= cue.token.i < a.end)
            and not _nested(a, scope, others)
            and not (subject is not None and _in(a, subject))
        ]
        if right:
            break
    return left, right


def _linear_sides(cue: _Cue, actors: list[Span], cues: list[_Cue]) -> tuple[list[Span], list[Span]]:
    """Fallback for a parse with no usable sides: actors before and after the cue, within the
    stretch between the neighbouring cues."""
    i = cue.token.i
    before = max((c.token.i for c in cues if c.token.i < i), default=-1)
    after = min((c.token.i for c in cues if c.token.i > i), default=10**9)
    left = [a for a in actors if before < a.start and a.end <= i]
    right = [a for a in actors if i < a.start and a.end <= after]
    return left, right


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


def _relationship(index: int, kind: str, a: str, b: str, stance: _Stance) -> Relationship:
    first, second = sorted((a, b))
    return Relationship(
        sentence=index,
        method=f"{kind}-cue",
        **_claim_fields(0.7, stance),
        kind=kind,
        actors=(first, second),
    )


def _between(cue: _Cue, actors: list[Span], others: list[Token]) -> list[Span] | None:
    """The members of "fighting between X, Y and Z" / "an alliance among ...", or None.

    A member's category ("three factions of ex-FARC dissidents: X, Y and Z") is not a member.
    """
    preps = [
        c
        for t in (cue.token, _predicate(cue.token))
        for c in t.children
        if c.dep_ == "prep" and c.lower_ in {"between", "among", "amongst"}
    ]
    if not preps:
        return None
    prep = preps[0]
    members = [a for a in actors if _in_subtree(a, prep) and not _nested(a, prep, others)]
    roots = {a.root.i for a in members}
    return [
        a
        for a in members
        if not any(r in {t.i for t in a.root.subtree} and r != a.root.i for r in roots)
    ]


def _pairs_of(cue: _Cue, actors: list[Span], cues: list[_Cue]) -> list[tuple[Span, Span, str]]:
    """Pairs across a cue's sides; a side the parse leaves empty is read linearly."""
    others = [c.token for c in cues if c.token not in _conjuncts(cue.token)]
    members = _between(cue, actors, others)
    if members is not None and len(members) >= 2:
        return [(a, b, cue.kind) for i, a in enumerate(members) for b in members[i + 1 :]]
    left, right = _sides(cue, actors, cues)
    linear_left, linear_right = _linear_sides(cue, actors, cues)
    left = left or linear_left
    right = right or [a for a in linear_right if a not in left]
    if left and right:
        return [(a, b, _kind_across(cue, b)) for a in left for b in right]
    side = left or right
    words = {t.lower_ for t in cue.token.sent}
    if not words & {"between", "among", "amongst"}:
        side = _coordinated(side)  # "Los Choneros and Los Lobos are at war"
    return [(a, b, cue.kind) for i, a in enumerate(side) for b in side[i + 1 :]]


def _kind_across(cue: _Cue, other: Span) -> str:
    """A cooperation cue's "against" object is a rival ("an alliance against X")."""
    token = other.root
    while token != cue.token and token.head != token:
        if token.dep_ == "prep" and token.lower_ == "against":
            return "rivalry"
        token = token.head
    return cue.kind


def _relationships(
    sent: Span, index: int, actors: list[Span], stance: _Stance
) -> list[Relationship]:
    """Pairs across each cooperation or rivalry cue, and providers with those they serve."""
    out = []
    cues = _relation_cues(sent)
    if len({a.kb_id_ for a in actors}) >= 2:
        for cue in cues:
            for a, b, kind in _pairs_of(cue, actors, cues):
                if a.kb_id_ != b.kb_id_:
                    out.append(_relationship(index, kind, a.kb_id_, b.kb_id_, stance))
    served = [a for a in actors if _served(a)]
    if served:
        providers = [a for a in actors if a not in served and a.start < served[0].start]
        out += [
            _relationship(index, "cooperation", a.kb_id_, b.kb_id_, stance)
            for a in providers
            for b in served
            if a.kb_id_ != b.kb_id_
        ]
    return out


def _origin_phrase(span: Span, actors: list[Span]) -> bool:
    """Whether a place says where actors come from: "actors from Venezuela", "foreign
    traffickers, particularly from Colombia" (their origin, not where they operate)."""
    token = _climb(span.root)
    if isinstance(token, str) or token.dep_ != "pobj" or token.head.lower_ != "from":
        return False
    prep, governor = token.head, token.head.head
    if any(a.start <= governor.i < a.end or _actor_head(a).i == governor.i for a in actors):
        return True
    before = [a for a in actors if a.end <= prep.i]
    if not before:
        return False  # "traffickers, particularly from Colombia": only commas and adverbs between
    gap = prep.doc[max(a.end for a in before) : prep.i]
    return all(t.is_punct or t.pos_ == "ADV" for t in gap)


def _staying(
    sent: Span,
    places: list[tuple[Span, str | None]],
    actors: list[Span] = (),  # type: ignore[assignment]
) -> list[tuple[Span, str | None]]:
    """Place roles for presences: a route role outside any movement ("fighting along the
    edge of Michoacán", "expanded into Guatemala") locates instead; an actor's origin phrase
    ("actors from the Balkans") places nobody."""
    cues = _cues()
    movement = _phrases(sent, cues.movement)
    moving = {i + k for i, phrase in movement for k in range(len(phrase.split()))}
    clauses = {_owner(sent.doc[i]).i for i in moving}
    out = []
    for span, role in _resolve_listed(places):
        if _origin_phrase(span, actors):
            role = "origin-of-actor"
        elif role in _ROUTE_ROLES and not (movement and _moved(span, role, moving, clauses)):
            role = "located"
        out.append((span, role))
    return out


def _home_mentions(sent: Span, inside: list[Span], country: str | None) -> list[Span]:
    """ "the country" standing for the document's country: a place span for routes only."""
    if country is None:
        return []
    out = []
    for token in sent:
        if token.lemma_.lower() not in _cues().home_nouns or token.tag_ != "NN":
            continue
        modifiers = [c for c in token.children if c.dep_ not in {"punct", "prep"}]
        if [c.lower_ for c in modifiers] != ["the"] or token.i == modifiers[0].i:
            continue
        if any(s.start <= token.i < s.end for s in inside):
            continue
        out.append(
            Span(sent.doc, token.i - 1, token.i + 1, label="PLACE", kb_id=country_key(country))
        )
    return out


# ---------------------------------------------------------------------------- a paragraph
def _by_sentence(doc: Doc, spans: list[Span]) -> dict[int, list[Span]]:
    """Spans grouped by their sentence's first token (one pass; spans are in text order)."""
    starts = [sent.start for sent in doc.sents]
    out: dict[int, list[Span]] = {}
    i = 0
    for span in spans:
        while i + 1 < len(starts) and starts[i + 1] <= span.start:
            i += 1
        out.setdefault(starts[i], []).append(span)
    return out


def claims_of(
    doc: Doc,
    paragraph: Paragraph,
    first_sentence: int,
    country: str | None,
    context: Context | None = None,
) -> Claims:
    """The claims of one paragraph's parsed ``doc`` (sentences numbered from ``first_sentence``).

    ``context`` carries the actors in focus from the document's earlier paragraphs and is
    updated in place.
    """
    context = context if context is not None else Context()
    _WINDOWS.clear()
    claims = Claims()
    spans = _by_sentence(doc, mentions(doc))
    fallback = _paragraph_markets(paragraph)
    if paragraph.section is None:
        fallback = []  # a plain text has no section: its paragraphs set no default market
    previous: Route | None = None
    for offset, sent in enumerate(doc.sents):
        index = first_sentence + offset
        inside = spans.get(sent.start, [])
        inside = sorted([*inside, *_home_mentions(sent, inside, country)], key=lambda s: s.start)
        named = [s for s in inside if s.label_ in {"GROUP", "COLLECTIVE"}]
        actors = sorted([*named, *_anaphors(sent, named, context)], key=lambda s: s.start)
        all_markets = [s for s in inside if s.label_ == "MARKET"]
        markets = [m for m in all_markets if (m._.ockg_confidence or 0) > WEAK_CONFIDENCE]
        places = [
            (s, place_role(s))
            for s in inside
            if s.label_ in {"PLACE", "HOME"} and not any(a.start <= s.start < a.end for a in named)
        ]
        stance = _stance(sent)
        routes = _routes(
            sent,
            index,
            places,
            all_markets,  # weak triggers too: "weapons smuggled from Texas"
            fallback[0] if fallback else None,
            country,
            previous,
            stance,
            implied=paragraph.section is not None,
        )
        if routes:
            previous = routes[-1]
        claims.routes += routes
        stays = _staying(sent, places, named)
        located = [
            s
            for s, role in stays
            if role == "located"
            and s.label_ == "PLACE"
            and not any(o is not s and o.start <= s.start and s.end <= o.end for o, _ in places)
        ]
        moving = [s for s, role in stays if role in _ROUTE_ROLES and s.label_ == "PLACE"]
        owners = [s for s, role in places if role == "qualifier" and s.label_ == "PLACE"]
        claims.presences += _presences(
            sent, index, actors, markets, located, moving, fallback, stance, owners
        )
        claims.relationships += _relationships(sent, index, actors, stance)
        _update_context(context, sent, actors)
    return claims
