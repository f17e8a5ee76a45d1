"""Cooperation no cue word states: the members of one body, the parties of one venture, a
buyer and its seller, a provider and those it serves, an actor and its intermediaries."""

from __future__ import annotations

import itertools

from spacy.tokens import Span, Token

from kg.lexicon.load import collective_kinds
from kg.nlp.relations.coordination import _RELATIVE, _coordinated, _in, _subject, _subject_unread
from kg.nlp.relations.cues import _cues, _phrases
from kg.nlp.relations.roles import _actor_head, _in_subtree


def venture_pairs(
    sent: Span, actors: list[Span], cue_tokens: set[Token]
) -> list[tuple[Span, Span]]:
    """The pairs of actors a sentence makes partners without a cue word: members of one body
    of different kinds, the parties of one venture, buyers with sellers, providers with those
    they serve."""
    pairs = [
        (a, b)
        for members in _member_lists(sent, actors)
        for a, b in itertools.combinations(members, 2)
        if _kind_of(a) != _kind_of(b)  # gangs of Nigerians and Chadians: no pair
    ]
    pairs += [
        (a, b)
        for parties in _joint_parties(sent, actors, cue_tokens)
        for a, b in itertools.combinations(parties, 2)
    ]
    pairs += _trade_pairs(sent, actors)
    pairs += _intermediary_pairs(actors)
    served = [a for a in actors if _served(a)]
    if served and _subject_unread(_actor_head(served[0]).head.head, actors):
        providers = [a for a in actors if a not in served and a.start < served[0].start]
        pairs += [(a, b) for a in providers for b in served]
    return [(a, b) for a, b in pairs if a.kb_id_ != b.kb_id_]


def _served(actor: Span) -> bool:
    """Whether an actor is the beneficiary in "production of cocaine for foreign traffickers"."""
    token = _actor_head(actor)
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ != "for":
        return False
    governor = prep.head
    chain = [governor, *list(governor.ancestors)[:2]]
    return any(t.lemma_.lower() in _cues().service or t.lower_ in _cues().service for t in chain)


def _member_lists(sent: Span, actors: list[Span]) -> list[list[Span]]:
    """The actors a body is made of, each list one body's members: "small groups consisting of
    members of the security forces, politicians and criminals" (members_of in relations.yaml)."""
    out = []
    for i, _ in _phrases(sent, _cues().members_of):
        inside = [a for a in actors if a.start > i and _in_subtree(a, sent.doc[i])]
        members = _coordinated(inside)
        if len({a.kb_id_ for a in members}) >= 2:
            out.append(members)
    return out


def _joint_parties(sent: Span, actors: list[Span], cue_tokens: set[Token]) -> list[list[Span]]:
    """The parties a venture's word lists ("the smuggling involves X and Y", "the business that
    connects X and Y"), unless the venture is a relation cue of its own ("clashes involving X
    and Y": the cue pairs them) or an actor whose parties are not all criminal ("networks
    involving businessmen and officials" cooperate with each, which are no partners of each
    other for it; "a ring involving the 'Ndrangheta and Balkan gangsters" is their venture)."""
    out = []
    for i, _ in _phrases(sent, _cues().joint_parties):
        word = sent.doc[i]
        if any(c.dep_ == "prep" and c.lower_ == "to" for c in word.children):
            continue  # "money connected to X and Y": tied to each, not joining them
        venture = word.head if word.dep_ == "acl" else _subject(word)
        inside = [a for a in actors if a.start > i and _in_subtree(a, word)]
        parties = _coordinated(inside)
        if venture is not None and venture in cue_tokens:
            continue  # "clashes involving X and Y": the cue pairs them
        acting = venture is not None and any(a.start <= venture.i < a.end for a in actors)
        if acting and not all(_criminal(a) for a in parties):
            continue  # an actor "involving" others cooperates with each (the claim rules')
        if len({a.kb_id_ for a in parties}) >= 2:
            out.append(parties)
    return out


def _criminal(actor: Span) -> bool:
    """Whether an actor is a criminal one: a named group, or a collective of no state or
    private-sector kind ("gangsters", "criminal groups", not "officials", "businesses")."""
    key = actor.kb_id_
    if not key.startswith("collective/"):
        return key.startswith("group/")
    kind = collective_kinds().kinds.get(_kind_of(actor))
    return kind is None or kind.actor_type is None


def _trade_pairs(sent: Span, actors: list[Span]) -> list[tuple[Span, Span]]:
    """Buyer and seller of a sale: the subject of a trade verb with the actor its preposition
    names ("the smugglers bought the drug from a cartel"), or the noun a relative clause hangs
    on ("a cartel from which the smugglers had purchased the drug")."""
    out = []
    for verb in sent:
        lemma = verb.lemma_.lower()
        for word, verbs in _cues().trade_partner:
            if verb.pos_ != "VERB" or lemma not in verbs:
                continue
            subject = _subject(verb)
            if subject is None or subject.lower_ in _RELATIVE:
                continue
            traders = [a for a in actors if _in(a, subject) or a.start <= subject.i < a.end]
            goods = [c for c in verb.children if c.dep_ == "dobj"]
            phrases = [  # "buy weapons from X": the phrase may hang on the goods
                c for t in (verb, *goods) for c in t.children if _names_party(c, word)
            ]
            for prep in phrases:
                objects = [c for c in prep.children if c.dep_ == "pobj"]
                if verb.dep_ == "relcl" and any(o.lower_ in _RELATIVE for o in objects):
                    partners = [a for a in actors if a.start <= verb.head.i < a.end]
                else:
                    partners = [a for a in actors if _in(a, prep)]
                out += [(a, b) for a in traders if a not in partners for b in partners]
    return out


_THROUGH = frozenset({"through", "via"})


def _intermediary_pairs(actors: list[Span]) -> list[tuple[Span, Span]]:
    """An actor through whom another acts is its partner: the subject of a clause with the
    actor its "through" or "via" phrase names ("importing methamphetamine through corrupt
    baggage handlers", "smuggling weapons through African smugglers", "the territory is
    disputed by two cartels via four local gangs"); the passive's agent stands as subject."""
    out = []
    for b in actors:
        token = _actor_head(b)
        if token.dep_ != "pobj" or token.head.lower_ not in _THROUGH:
            continue
        clause = token.head.head
        agents = [
            c for p in clause.children if p.dep_ == "agent" for c in p.children if c.dep_ == "pobj"
        ]
        subject = agents[0] if agents else _subject(clause)
        if subject is None or subject.lower_ in _RELATIVE:
            continue
        principals = [a for a in actors if _in(a, subject) or a.start <= subject.i < a.end]
        out += [(a, b) for a in principals if a is not b]
    return out


def _names_party(token: Token, preposition: str) -> bool:
    """Whether a word opens the phrase naming a trade's other party: its preposition, or for a
    sale the indirect object ("sell them firearms")."""
    if token.dep_ in {"prep", "dative"} and token.lower_ == preposition:
        return True
    return preposition == "to" and token.dep_ == "dative"


def _kind_of(actor: Span) -> str:
    """What kind of actor a key names, whatever its origin: a group's own key, a collective's
    last part ("officials", "criminal-groups")."""
    key = actor.kb_id_
    return key.rsplit("/", 1)[-1] if key.startswith("collective/") else key
