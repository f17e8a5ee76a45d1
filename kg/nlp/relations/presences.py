"""Presences: who operates where in which market, by the clause holding actor, market, place."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from kg.models import Presence
from kg.nlp.relations.actor_lists import described_actors
from kg.nlp.relations.contrasts import own_part
from kg.nlp.relations.cues import _cues
from kg.nlp.relations.market_context import ANAPHORIC_MARKET
from kg.nlp.relations.market_holders import enforcing
from kg.nlp.relations.market_sites import unplaced_sites
from kg.nlp.relations.market_stops import distant_stops
from kg.nlp.relations.place_scope import (
    _buried,
    _first_conjunct,
    _goods_destination,
    _outermost,
)
from kg.nlp.relations.roles import (
    _actor_head,
    _based,
    _climb,
    _frame_places,
    _in_subtree,
    _owner,
    _verb,
)
from kg.nlp.relations.stance import _claim_fields, _Stance


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


def _market_modifier(place: Span, markets: list[Span]) -> bool:
    """Whether a place modifies a market's noun: "the north Dublin drug trade"."""
    root = place.root
    if root.dep_ not in {"compound", "nmod"}:
        return False
    head = root.head
    return _market_at(head, markets) is not None or head.lemma_.lower() in _cues().market_nouns


def _anchor(place: Span, markets: list[Span]) -> Token:
    """What a located place's phrase attaches to: a market's token, or a verb.

    From the place's preposition, climbs nouns that are not markets ("in mining areas like
    Pataz" -> "areas" -> its governor) until a market or a verb; a place modifying a market's
    noun ("the Dublin drug trade") attaches to that market.
    """
    if _market_modifier(place, markets):
        return place.root.head
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
    return [m for m in markets if _in_conjunct(m.root, members)]


def _in_conjunct(token: Token, members: set[int]) -> bool:
    """Whether a word is one of a list's conjuncts or a modifier inside one ("illegal mining"
    in "extortion, illegal mining and contract killings")."""
    for _ in range(4):
        if token.i in members:
            return True
        if token.dep_ not in {"nmod", "compound", "amod", "conj"} or token.head == token:
            return False
        token = token.head
    return False


@dataclass
class _Placement:
    """A sentence's located places by what they attach to: a market, or a clause (owner verb)."""

    by_market: dict[int, list[str]] = field(default_factory=dict)
    by_clause: dict[int, list[str]] = field(default_factory=dict)
    frame: list[str] = field(default_factory=list)
    moving: dict[int, list[str]] = field(default_factory=dict)
    """The places of a route (origin, transit, destination) by the clause that moves."""
    relatives: list[Token] = field(default_factory=list)
    """Relative clauses holding located places."""

    def for_market(self, market: Span, stops: bool = True) -> list[str]:
        """The places that go with one market: its own, else its clause's, and the frame's;
        with ``stops``, the places its clause's route passes."""
        own = self.by_market.get(market.start)
        if own:
            return [*own, *self.frame]
        clause = _owner(market.root)
        places = list(self.by_clause.get(clause.i, []))
        if clause.dep_ in {"relcl", "advcl"}:  # "Lima, where it runs extortion rackets"
            places += self.by_clause.get(_owner(clause.head).i, [])
        for relative in self.relatives:  # "a source of opium, which is cultivated in X"
            if _in_subtree(market, relative.head) and not _in_subtree(market, relative):
                places += self.by_clause.get(relative.i, [])
        moved = stops and market.label_ != ANAPHORIC_MARKET
        return [*places, *self.frame, *(self.moving.get(clause.i, []) if moved else [])]

    def for_clause(self, clause: Token) -> list[str]:
        """The places of an actor's clause; a route's stops only go with its markets."""
        return [*self.by_clause.get(clause.i, []), *self.frame]


def _absolute_main(clause: Token) -> Token:
    """A "with" clause elaborates its main clause ("remains extensive, with major markets in
    Lima serving as hubs"): the main clause owns its places."""
    if clause.dep_ in {"pcomp", "advcl"} and clause.head.lower_ == "with":
        return _owner(clause.head.head)
    return clause


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
            clause = _absolute_main(_owner(anchor))
            placement.by_clause.setdefault(clause.i, []).append(place.kb_id_)
            if clause.dep_ == "relcl" and clause not in placement.relatives:
                placement.relatives.append(clause)
            continue
        listed = _coordinated_markets(market, markets)
        # the last market of a list, the only one with a place, shares it with the list; so
        # does a place after the whole list, whichever member the parse hangs it on
        after = bool(listed) and place.start >= max(m.end for m in listed)
        shared = listed and (listed[-1] is market or after)
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


def _owner_places(actor: Span, qualifiers: list[Span], home: str | None = None) -> list[Span]:
    """Places that own an actor: "Montenegro's Kavač and Škaljari clans", "Los Lobos,
    Ecuador's largest gang". A foreign country's possessive on a group's own name states its
    origin, not where the text places it: "Ecuador's Los Tiguerones" in a text about Peru,
    "Italy's 'Ndrangheta" in one about Portugal (the document's ``home`` country keeps it)."""
    if home is not None and actor.label_ == "GROUP":
        own = {actor.root.i, _actor_head(actor).i}
        qualifiers = [
            q
            for q in qualifiers
            if not (
                q.kb_id_.startswith("place/country/")
                and q.kb_id_ != home
                and _climb_possessor(q) in own
            )
        ]
    heads = {actor.root.i, _actor_head(actor).i}
    if actor.root.dep_ == "appos":
        heads.add(actor.root.head.i)
    appositions = [c.i for h in list(heads) for c in actor.doc[h].children if c.dep_ == "appos"]
    heads.update(appositions)
    described = _described_before(actor)
    if described is not None:
        heads.add(described)
    return [q for q in qualifiers if _climb_possessor(q) in heads]


def _described_before(actor: Span) -> int | None:
    """The noun an actor stands in apposition to, read off the words when the parse loses it:
    "one of Hong Kong's most feared triad societies, the Sun Yee On"."""
    doc = actor.doc
    i = actor.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i < 1 or doc[i].text != ",":
        return None
    noun = doc[i - 1]
    owned = any(c.dep_ == "poss" for c in noun.children)
    return noun.i if noun.pos_ == "NOUN" and owned else None


def _possessed_places(
    actors: list[Span], qualifiers: list[Span], markets: list[Span]
) -> list[Span]:
    """Possessive places that locate what actors do: on a rivalry or cooperation noun
    ("Marseille's war between X and Y"), a market ("Mexico's cocaine trade"), or what an actor
    controls ("the party controls Lebanon's crossings", "control of Dublin's streets")."""
    cues = _cues()
    relational = frozenset().union(*(words for _, words in cues.relation_kinds))
    out = []
    for place in qualifiers:
        index = _climb_possessor(place)
        if index < 0:
            continue
        token = place.doc[index]
        if any(a.start <= token.i < a.end for a in actors):
            continue
        governor = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "of" else None
        if (
            token.lemma_.lower() in relational
            or _market_at(token, markets) is not None
            or (token.dep_ == "dobj" and token.head.lemma_.lower() in cues.operate)
            or (governor is not None and governor.lemma_.lower() in cues.operate)
        ):
            out.append(place)
    return out


def _climb_possessor(place: Span) -> int:
    """The noun a possessive or "-based" place qualifies ("Ecuador's" -> "gangs")."""
    token = place.root
    while token.dep_ in {"conj", "compound"} and token.head != token:
        token = token.head
    if _based(token):  # "the São Paulo-based prison gang PCC": the phrase the gang heads
        noun = token.head.head
        while noun.dep_ == "compound" and noun.head != noun:
            noun = noun.head
        return noun.i
    return token.head.i if token.dep_ == "poss" else -1


def _own_places(actor: Span, located: list[Span], actors: list[Span]) -> list[Span]:
    """Places in an actor's own phrase, before the next actor: "the Yamaguchi-gumi (Kobe)",
    "gangs in Guayaquil", "a gang based in the mangroves of Guayas"; not a country in brackets
    saying where the place before it lies ("its presence in the Beqaa Valley (Lebanon)")."""
    doc = actor.doc
    stop = min((a.start for a in actors if a.start >= actor.end), default=actor.sent.end)
    ends = {p.end for p in located}
    return [
        p
        for p in located
        if actor.end <= p.start
        and p.end <= stop
        and (_in_subtree(p, actor.root) or doc[p.start - 1].text == "(")
        and not (_parenthetical(p) and p.start - 1 in ends)  # "the Beqaa Valley (Lebanon)"
    ]


def _equated(actor: Span, actors: list[Span]) -> list[Span]:
    """The actors a copula equates with one: "One of the major criminal groups active in Central
    Asia is Khimprom", "Khimprom is one of the groups active in Central Asia" (the actors inside
    the copula's other side)."""
    token = _actor_head(actor)
    verb = token.head
    if token.dep_ not in {"attr", "nsubj"} or verb.lemma_ != "be" or verb == token:
        return []
    sides = {c.i for c in verb.children if c.dep_ in {"attr", "nsubj"} and c != token}
    return [a for a in actors if a is not actor and _side_of(_actor_head(a)) in sides]


def _side_of(head: Token) -> int:
    """The noun an actor is, or is one of ("one of the groups"), in a copula's side."""
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lower_ in _SOME:
        return head.head.head.i
    return head.i


_SOME = frozenset({"one", "some"})


def _relative_places(clause: Token, located: list[Span]) -> list[Span]:
    """For an actor in a relative clause, the places of the noun the clause describes: "a
    shop in Neukölln, which is part of the X clan", "neighbourhoods in Y which X controls"."""
    if clause.dep_ != "relcl":
        return []
    noun = clause.head
    return [
        p
        for p in located
        if (_in_subtree(p, noun) and not _in_subtree(p, clause)) or p.start <= noun.i < p.end
    ]


def _presence(
    index: int, method: str, base: float, stance: _Stance, **keys: str | None
) -> Presence:
    return Presence(sentence=index, method=method, **_claim_fields(base, stance), **keys)


def _actor_at(token: Token, actors: list[Span]) -> Span | None:
    """The actor a word names: an actor's mention or the noun it hangs on, else the actor an
    apposition on it names ("Los Rastrojos, a gang that ...")."""
    for actor in actors:
        if actor.start <= token.i < actor.end or token.i == _actor_head(actor).i:
            return actor
    if token.dep_ == "appos" and token.head != token:
        return _actor_at(token.head, actors)
    return None


def _subject_holder(market: Span, actors: list[Span]) -> Span | None:
    """The actor that is the subject of a market's clause ("the Casalesi clan runs extortion
    rackets in Caserta, while ..."), or the noun a relative clause's pronoun subject stands for
    ("Los Rastrojos, which dominates extortion in Cali, ...")."""
    clause = _owner(market.root)
    for subject in (c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}):
        if clause.dep_ == "relcl" and subject.tag_ in {"WDT", "WP"}:
            subject = clause.head
        actor = _actor_at(subject, actors)
        if actor is not None:
            return actor
    return None


_COMPANIONS = frozenset({"with", "alongside"})


def _clause_subject(clause: Token) -> Token | None:
    """A clause's subject: a passive's agent ("shipped by X"), else its subject, shared along
    coordinated verbs ("X built ... and shipped ..."); a relative pronoun stands for its noun."""
    for _ in range(4):
        for child in clause.children:
            if child.dep_ == "agent":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        for child in clause.children:
            if child.dep_ in {"nsubj", "nsubjpass", "csubj"}:
                if clause.dep_ == "relcl" and child.tag_ in {"WDT", "WP"}:
                    return clause.head
                return child
        if clause.dep_ != "conj" or clause.head == clause:
            break
        clause = clause.head
    return None


def _moves(actor: Span, clause: Token, actors: list[Span]) -> bool:
    """Whether an actor is who moves the goods of a clause's route: in its subject (or agent:
    "an alliance of X and Y moved ..."), or the clause has none. The route's stops are not the
    places of the actors it supplies ("arms trafficking from Libya supplies X") or of those
    supervising it ("smuggling from A to B under the supervision of X")."""
    subject = _clause_subject(clause)
    if subject is None or _in_subtree(actor, subject) or _companion(actor, clause):
        return True
    holder = _actor_at(subject, actors)
    return holder is not None and (holder is actor or _coordinated(holder, actor))


def _companion(actor: Span, clause: Token) -> bool:
    """Whether an actor acts with a clause's subject: "brokers work with X to ship ..."."""
    token = _first_conjunct(actor)
    prep = token.head
    return token.dep_ == "pobj" and prep.lower_ in _COMPANIONS and prep.head.i == clause.i


def _coordinated(one: Span, other: Span) -> bool:
    """Whether two actors are members of one list ("the Sinaloa Cartel and the CJNG, which
    compete for ...": the relative clause on the last is the whole list's)."""
    return _first_conjunct(one) == _first_conjunct(other)


def _held_markets(
    actor: Span, actors: list[Span], markets: list[Span]
) -> tuple[list[Span], list[Span]]:
    """(the markets of an actor's own relative clause, the markets another actor's clause
    holds): a market in a clause whose subject is another actor (or a relative clause on one)
    is that actor's, never lent to the sentence's other actors."""
    clause = _owner(actor.root)
    mine, others = [], []
    for market in markets:
        holder = _subject_holder(market, actors) if _owner(market.root) != clause else None
        if holder is actor or (holder is not None and _coordinated(holder, actor)):
            mine.append(market)
        elif holder is not None:
            others.append(market)
        elif _owner(market.root) != clause:
            doer = _relative_doer(market, actor, actors)
            if doer is actor or (isinstance(doer, Span) and _coordinated(doer, actor)):
                mine.append(market)
            elif doer is not None:
                others.append(market)
    return mine, others


_ANTECEDENT_TAIL = frozenset({"ADP", "DET", "PROPN"})
"""What may stand between an actor and the relative pronoun it is the antecedent of: a
phrase naming where it is from ("organisations from Asia that ...")."""


def _relative_doer(market: Span, actor: Span, actors: list[Span]) -> Span | str | None:
    """Who does what a market's relative clause says when its pronoun subject's noun is no
    actor ("organisations from Asia that are involved in human trafficking", the parse
    hanging the clause on another noun or the organisations not found as an actor): the
    actor the pronoun follows, read off the words (only a phrase like "from Asia" between
    them); else ``"unknown"``
    (the noun's market, not the sentence's). None where the clause is no such relative
    clause, or its noun is what the actor's own clause acts on ("gangs run a chain that
    deals in arms")."""
    clause = _owner(market.root)
    if clause.dep_ != "relcl":
        return None
    pronoun = next(
        (
            c
            for c in clause.children
            if c.dep_ in {"nsubj", "nsubjpass"} and c.tag_ in {"WDT", "WP"}
        ),
        None,
    )
    if pronoun is None:
        return None
    noun = clause.head
    if noun.dep_ in {"dobj", "attr"} and _owner(noun) == _owner(actor.root):
        return None
    doc = market.doc
    before = [a for a in actors if a.end <= pronoun.i]
    if before:
        last = max(before, key=lambda a: a.end)
        if all(t.pos_ in _ANTECEDENT_TAIL for t in doc[last.end : pronoun.i]):
            return last
    return "unknown"


def _actor_markets(
    actor: Span, actors: list[Span], markets: list[Span], fallback: list[str]
) -> tuple[list[str], float, str]:
    """An actor's markets with a base confidence and method: its own phrase's, its clause's,
    else (no market in its clause) the sentence's or the paragraph's. Where the sentence
    turns to another actor (", while Y ..."), only the markets of the actor's own part."""
    markets, actors = own_part(actor, actors, markets)
    qualifiers = [q for q in (_qualifier_market(a) for a in actors) if q]
    own = _own_markets(actor, markets, actors)
    clause = _owner(actor.root)
    mine, others = _held_markets(actor, actors, markets)
    linked = [
        m.kb_id_
        for m in markets
        if (_owner(m.root) == clause and m not in others) or any(m is h for h in mine)
    ]
    free = [m for m in markets if not any(m is o for o in others)]
    if own:
        chosen, base, method = own, 0.85, "dependency-phrase"
    elif linked:
        chosen, base, method = list(dict.fromkeys(linked + qualifiers)), 0.8, "dependency"
    elif free or qualifiers:
        keys = [m.kb_id_ for m in free] + qualifiers
        chosen, base, method = list(dict.fromkeys(keys)), 0.6, "same-sentence"
    else:
        chosen, base, method = list(fallback), 0.5, "paragraph-market"
    qualifier = _qualifier_market(actor)
    if qualifier and qualifier not in chosen:
        chosen.append(qualifier)
    chosen += [m for m in fallback if m not in chosen]  # a profile section's own market
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
    bound: list[Span] = (),  # type: ignore[assignment]
    home: str | None = None,
) -> list[Presence]:
    """Who operates where in which market: each actor with its clause's markets and places
    (located ones, and the stops of a route its clause moves along). Without an actor, a
    market goes with its located places, a route's origin and stops, not where the route is
    ``bound`` (its destinations: "cocaine shipped to Europe" is no market in Europe), nor a
    foreign origin or a continent it passes (``market_stops``)."""
    out: list[Presence] = []
    moving = _outermost(moving, [*located, *moving])
    stays = {p.kb_id_ for p in located}
    moving = [p for p in moving if p.kb_id_ in stays or not _goods_destination(p, bound)]
    located = [*located, *_possessed_places(actors, qualifiers, markets)]
    placement = _placement(sent, markets, located, moving)
    spans_of = {m.kb_id_: m for m in markets}
    owned = {
        id(a): [
            p.kb_id_
            for p in [
                *_own_places(a, [*located, *moving], actors),
                *_owner_places(a, qualifiers, home),
            ]
        ]
        for a in actors
    }
    exclusive = {k for keys in owned.values() for k in keys}
    exclusive |= {p.kb_id_ for p in [*located, *moving] if _parenthetical(p)}
    described: dict[int, list[str]] = {}  # "X, Y and Z gangs, which are active in W"
    for relative in placement.relatives:
        for actor in described_actors(relative, actors):
            described.setdefault(id(actor), []).extend(placement.by_clause.get(relative.i, []))
    for actor in actors:
        clause = _owner(actor.root)
        chosen, base, method = _actor_markets(actor, actors, markets, fallback)
        if enforcing(actor):  # "police seized cocaine": no market of its clause is theirs
            chosen = []
        own = owned[id(actor)]
        buried = _buried(actor)
        mine = [
            *own,
            *(p for p in placement.for_clause(clause) if p not in exclusive and not buried),
            *(p.kb_id_ for p in _relative_places(clause, located) if p.kb_id_ not in exclusive),
            *described.get(id(actor), []),
            *(p for other in _equated(actor, actors) for p in owned[id(other)]),
        ]
        placed: set[str] = set()
        for market in dict.fromkeys(chosen):
            span = spans_of.get(market)
            places = (
                placement.for_market(span, _moves(actor, _owner(span.root), actors))
                if span is not None
                else mine
            )
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
    # A market's own places that no actor took stay the market's: "Extortion in Peru has
    # evolved ..., with criminal organizations targeting businesses" (no actor, or only those
    # fighting its markets: every place of every market).
    ends = {p.kb_id_ for p in bound} - {p.kb_id_ for p in located}
    ends |= distant_stops(moving, located, home)  # "cocaine from Peru", "via West Africa"
    alone = all(map(enforcing, actors))
    held = {(p.market, p.place) for p in out}
    for market in markets:
        for place in dict.fromkeys(p for p in placement.for_market(market) if p not in ends):
            if alone or (market.kb_id_, place) not in held:
                keys = {"market": market.kb_id_, "place": place}
                out.append(_presence(index, "market-place", 0.6, stance, **keys))
    if not actors:  # "Europol calls Belgium a hub for cocaine trafficking" (market_sites)
        paired = {(p.market, p.place) for p in out}
        for place in unplaced_sites(sent, markets, [*located, *moving, *qualifiers, *bound]):
            if (markets[0].kb_id_, place) not in paired:
                keys = {"market": markets[0].kb_id_, "place": place}
                out.append(_presence(index, "market-sentence-place", 0.5, stance, **keys))
    return out


# ---------------------------------------------------------------------------- relationships
