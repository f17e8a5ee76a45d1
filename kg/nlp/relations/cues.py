"""The cue words of the claim rules (``ontology/relations.yaml``), found in a sentence."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span

from kg.relation_kinds import cue_words, relation_kinds
from kg.resources import load_yaml

_HEDGE_FACTOR = 0.7


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
    relation_kinds: tuple[tuple[str, frozenset[str]], ...]
    """(kind, cue words) of each relation kind (``ontology/relation_kinds.yaml``), the kind
    that wins a word shared by two kinds first."""
    with_partner: tuple[tuple[str, frozenset[str]], ...]
    """(kind, verb lemmas) cueing a relation with the actor of their "with" phrase."""
    trade_partner: tuple[tuple[str, frozenset[str]], ...]
    """(preposition, verb lemmas) of a sale whose other party that preposition names."""
    service: frozenset[str]
    composition: frozenset[str]
    members_of: frozenset[str]
    joint_parties: frozenset[str]
    """Words whose object lists the parties of one venture ("a ring involving X and Y")."""
    directed: frozenset[str]
    party_nouns: frozenset[str]
    """Cue nouns naming the parties themselves ("rivals", "allies"), not the relation."""
    """Nouns whose "of" phrase names their members ("an alliance of X and Y")."""
    modality: tuple[tuple[str, frozenset[str]], ...]
    time_prepositions: tuple[str, ...]
    definite_heads: frozenset[str]
    member_heads: frozenset[str]
    activity_heads: frozenset[str]
    plural_pronouns: frozenset[str]
    quantifiers: frozenset[str]
    quantity_nouns: frozenset[str]
    home_nouns: frozenset[str]
    compass: frozenset[str]
    operate: frozenset[str]
    market_nouns: frozenset[str]
    locative: frozenset[str]
    travellers: frozenset[str]
    departure: frozenset[str]
    """Lemmas of leaving: a route that only leaves somewhere gets no implied destination."""
    money: frozenset[str]
    """Words of money: a route of no market that moves money is no trafficking."""
    goods: frozenset[str]
    """Lemmas of goods: "drugs from A to B" moves without a movement verb."""
    made: frozenset[str]
    sold: frozenset[str]
    """Lemmas of making and of selling: goods made in one place and sold in another moved."""


@cache
def _cues() -> _Cues:
    data = load_yaml("relations.yaml")
    assert isinstance(data, dict)
    roles = data["route_roles"]

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data[key])

    def grouped(key: str) -> tuple[tuple[str, frozenset[str]], ...]:
        """A mapping of name -> words, in the file's order (first match wins)."""
        return tuple(
            (name, frozenset(str(w).lower() for w in ws)) for name, ws in data[key].items()
        )

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
        object_roles=grouped("object_roles"),
        modes=grouped("modes"),
        continuation=words("continuation"),
        relation_kinds=tuple((k.name, cue_words(k)) for k in reversed(relation_kinds().values())),
        with_partner=grouped("with_partner"),
        trade_partner=grouped("trade_partner"),
        service=words("service"),
        composition=words("composition"),
        members_of=words("members_of"),
        joint_parties=words("joint_parties"),
        directed=words("directed"),
        party_nouns=words("party_nouns"),
        modality=grouped("modality"),
        time_prepositions=tuple(sorted(words("time_prepositions"), key=len, reverse=True)),
        definite_heads=words("definite_heads"),
        member_heads=words("member_heads"),
        activity_heads=words("activity_heads"),
        plural_pronouns=words("plural_pronouns"),
        quantifiers=words("quantifiers"),
        quantity_nouns=words("quantity_nouns"),
        home_nouns=words("home_nouns"),
        compass=words("compass"),
        operate=words("operate"),
        market_nouns=words("market_nouns"),
        locative=words("locative"),
        travellers=words("travellers"),
        departure=words("departure"),
        money=words("money_words"),
        goods=words("goods_nouns"),
        made=frozenset(str(w).lower() for w in data["made_and_sold"]["made"]),
        sold=frozenset(str(w).lower() for w in data["made_and_sold"]["sold"]),
    )


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
