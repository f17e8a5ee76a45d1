"""Claims through named people: what a tied person does is the person's claim and the claim of
the group the person leads or belongs to ("Guzman ... has seized control of the distribution of
drugs in Chicago": Guzman, and the Sinaloa cartel he leads, in Chicago).

A person counts here once the document has tied them to a group (``kg.nlp.people``); a
subject pronoun ("he", "she": ``word_lists.yaml``, ``people.person_pronouns``) or a subject's
owner ("his men": ``people.person_possessives``) stands for the last tied person named before
it, in its paragraph or, opening one, in the earlier ones, where no other name comes between. The
person's group is the one the sentence itself ties them to, else the last one the document
tied them to before. The rules of the claims are the presence and relationship rules
themselves, run with the people among the sentence's actors; the claims of the other actors
come from the run without them, so people change nothing else.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span

from kg.lexicon.load import word_lists
from kg.models import EntityKind, Presence, Relationship
from kg.nlp.people import known_people, person_before
from kg.nlp.spans import mentions

__all__ = ["THROUGH_PERSON", "through_people"]

THROUGH_PERSON = "through-person"
"""Method prefix of a group's claim made from its person's (``through-person/dependency``)."""
_FACTOR = 0.9
"""A group's claim through its person is a little less sure than the person's own."""

PresenceRule = Callable[..., list[Presence]]
RelationshipRule = Callable[..., list[Relationship]]


def _pronouns(sent: Span, people: list[Span], ties: dict) -> list[Span]:
    """Subject pronouns ("he") and subjects' possessive pronouns ("his men") standing for the
    last tied person named before them in the paragraph, where no other name (a PERSON entity
    of the model) comes between."""
    people_words = word_lists().people
    words, owners = people_words.person_pronouns, people_words.person_possessives
    doc = sent.doc
    out = []
    for token in sent:
        subject = token.lower_ in words and token.dep_ in {"nsubj", "nsubjpass"}
        owner = (  # "His men control the port"
            token.lower_ in owners
            and token.dep_ == "poss"
            and token.head.dep_ in {"nsubj", "nsubjpass"}
        )
        if not (subject or owner):
            continue
        named = [p for p in people if p.end <= token.i]
        after = named[-1].end if named else 0
        others = [e for e in doc.ents if e.label_ == "PERSON" and after <= e.start < token.i]
        key = named[-1].kb_id_ if named else person_before(doc)  # the previous paragraph's
        if key in ties and not others:
            out.append(Span(doc, token.i, token.i + 1, label="ANAPHOR", kb_id=key))
    return out


def _groups(person: str, ties: dict, sent: Span) -> list[str]:
    """The groups a person's claim in ``sent`` goes to: those the sentence ties them to, else
    the last the document tied them to before."""
    stated = ties.get(person, [])
    here = [g for g, _, token in stated if sent.start <= token < sent.end]
    if here:
        return list(dict.fromkeys(here))
    before = [g for g, _, token in stated if token < sent.start]
    return before[-1:]


def _person_spans(sent: Span, inside: list[Span], actors: list[Span], ties: dict) -> list[Span]:
    """The sentence's tied people not inside another actor's mention, and the pronouns
    standing for them; not where the sentence names the person's group itself, whose claims
    the sentence then states for the group ("Guzman's Sinaloa cartel supplies heroin")."""
    words = word_lists().people
    pronouns = words.person_pronouns | words.person_possessives
    earlier = (
        [
            s
            for s in mentions(sent.doc, [EntityKind.PERSON])
            if s.start < sent.end and s.kb_id_ in ties
        ]
        if any(t.lower_ in pronouns for t in sent)
        else []
    )  # (the doc's mentions are read only for a sentence with a pronoun)
    named = [
        s
        for s in inside
        if s.label_ == "PERSON"
        and s.kb_id_ in ties
        and not any(a.start < s.end and s.start < a.end for a in actors)
    ]
    present = {a.kb_id_ for a in actors}
    return sorted(
        (
            s
            for s in [*named, *_pronouns(sent, earlier, ties)]
            if present.isdisjoint(_groups(s.kb_id_, ties, sent))
        ),
        key=lambda s: s.start,
    )


def through_people(
    sent: Span,
    inside: list[Span],
    actors: list[Span],
    presences: list[Presence],
    relationships: list[Relationship],
    presence_rule: PresenceRule,
    relationship_rule: RelationshipRule,
) -> tuple[list[Presence], list[Relationship]]:
    """The sentence's claims plus those of its tied people: for the person, and for the
        person's group (method ``through-person/<method>``), never repeating a claim the sentence
        already makes of the group, never a group's relationship with itself. ``presence_rule`` and
    ``relationship_rule`` are the sentence's presence and relationship rules, called with the
    actors (people among them) as ``actors``."""
    ties = known_people(sent.doc)
    if not ties:
        return presences, relationships
    people = _person_spans(sent, inside, actors, ties)
    if not people:
        return presences, relationships
    everyone = sorted([*actors, *people], key=lambda s: s.start)
    found, related = presence_rule(actors=everyone), relationship_rule(actors=everyone)
    keys = {p.kb_id_ for p in people}
    groups = {key: _groups(key, ties, sent) for key in keys}
    stated = {(p.market, p.place) for p in found if p.actor in keys}
    # a market and place the sentence states of no actor are the person's ("Guzman runs
    # extortion in Culiacán")
    presences = [p for p in presences if p.actor or (p.market, p.place) not in stated]
    have = {(p.actor, p.market, p.place) for p in presences}
    for claim in (p for p in found if p.actor in keys):
        copies = [claim]
        for group in groups[claim.actor or ""]:
            copies.append(_through(claim, actor=group))
        for copy in copies:
            if (copy.actor, copy.market, copy.place) not in have:
                have.add((copy.actor, copy.market, copy.place))
                presences.append(copy)
    relationships = list(relationships)
    pairs = {(r.kind, r.actors) for r in relationships}
    for claim in (r for r in related if set(r.actors) & keys):
        own = claim.actors
        for pair in _group_pairs(own, groups):
            if pair[0] == pair[1] or (claim.kind, pair) in pairs:
                continue
            pairs.add((claim.kind, pair))
            copy = claim if pair == own else _through(claim, actors=pair)
            relationships.append(copy)
    return presences, relationships


def _group_pairs(pair: tuple[str, str], groups: dict[str, list[str]]) -> list[tuple[str, str]]:
    """The pair itself and each pair with a person replaced by their group; never an actor
    with itself, never a person with their own group."""
    first, second = ([key, *groups.get(key, [])] for key in pair)
    out = []
    for a in first:
        for b in second:
            if a == b or a in groups.get(b, []) or b in groups.get(a, []):
                continue
            out.append((a, b) if a <= b else (b, a))
    return list(dict.fromkeys(out))


def _through(claim: Presence | Relationship, **keys: object) -> Presence | Relationship:
    update = {
        **keys,
        "method": f"{THROUGH_PERSON}/{claim.method}",
        "confidence": round(claim.confidence * _FACTOR, 3),
    }
    return claim.model_copy(update=update)
