"""Who stands where in a sentence: a predicate's subject, coordinated words and actors."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.nlp.relations.anaphora import _nearer_thing
from kg.nlp.relations.cues import _cues
from kg.nlp.relations.roles import _in_subtree

_RELATIVE = {"which", "who", "that", "whom", "whose"}
_SPEAKERS = {"i", "we", "you"}


def _conjuncts(token: Token) -> set[Token]:
    """A word and those coordinated with it ("cooperation and conflict")."""
    first = token
    while first.dep_ == "conj" and first.head != first:
        first = first.head
    return {first, *(t for t in first.subtree if t.dep_ == "conj" and t.head.pos_ == first.pos_)}


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


def _speaker(predicate: Token) -> bool:
    """Whether a predicate's subject is the speaker or the one addressed ("we", "I", "you")."""
    subject = _subject(predicate)
    return subject is not None and subject.lower_ in _SPEAKERS


def _subject_unread(predicate: Token, actors: list[Span]) -> bool:
    """Whether the parse leaves a cue's subject to be read off the words before it: it finds
    none, a pronoun, or a subject that holds an actor; a noun subject that holds no actor ("the
    sector is witnessing … allies"), an "it" standing for one, or the speaker ("we", "I",
    "you") means the cue's subject is no actor."""
    subject = _subject(predicate)
    if subject is not None and subject.lower_ == "it" and _nearer_thing(subject, actors):
        return False  # "groups could find the country appealing for what it provides"
    if _speaker(predicate):
        return False  # "we will work with our partners": the speaker, no actor before it
    if subject is None or subject.pos_ == "PRON" or subject.lower_ in _RELATIVE:
        return True  # "now it is an all-out war with X": "it" is the situation
    return any(_in(a, subject) or a.start <= subject.i < a.end for a in actors)


def _coordinated(actors: list[Span]) -> list[Span]:
    """The actors coordinated as one side ("X, Y and Z"): by the parse, else the first run of
    actors joined only by "and" / commas; none if fewer than two."""
    conjoined = _conjoined(actors)
    if conjoined:
        return conjoined
    standing = [a for a in actors if a.label_ == "ANAPHOR"]
    if len({(a.start, a.end) for a in standing}) == 1 and len({a.kb_id_ for a in standing}) > 1:
        return standing  # one "they" for several actors: "they have been fighting each other"
    ordered = sorted(actors, key=lambda a: a.start)
    run = ordered[:1]
    for actor in ordered[1:]:
        gap = actor.doc[run[-1].end : actor.start]
        if gap and all(t.lower_ in {",", "and", "&", "the"} for t in gap):
            run.append(actor)
        else:
            break
    return run if len(run) > 1 else []


def _conjoined(actors: list[Span]) -> list[Span]:
    """The actors heading coordinated noun phrases, by the parse ("dissident groups of the FARC
    and the ELN": the groups and the ELN, not the FARC inside the first phrase)."""
    # a bare demonym ("Venezuelan, Brazilian and Colombian networks") shares its list's head
    actors = [a for a in actors if a.label_ != "COLLECTIVE" or any(t.pos_ == "NOUN" for t in a)]
    heads: dict[int, list[Span]] = {}
    for actor in actors:  # one phrase may name several ("gangsters from Serbia and Croatia")
        same = heads.setdefault(_phrase_head(actor).i, [])
        if not same or (actor.start, actor.end) == (same[0].start, same[0].end):
            same.append(actor)
    for actor in actors:
        members = [
            member
            for t in sorted(_conjuncts(_phrase_head(actor)), key=lambda t: t.i)
            for member in heads.get(t.i, [])
        ]
        if len({m.kb_id_ for m in members}) > 1:
            return members
    return []


def _phrase_head(actor: Span) -> Token:
    """The noun an actor's own phrase hangs on, short of a coordination of names ("Calor
    Calor" in "Bagdad and Calor Calor" is its own conjunct)."""
    token = actor.root
    while token.head != token and (
        token.dep_ in {"amod", "compound", "nmod"}
        or (token.dep_ == "conj" and token.head.pos_ == "ADJ")  # "Brazilian and Colombian groups"
    ):
        token = token.head
    of = token.head
    if token.dep_ == "pobj" and of.lower_ == "of" and of.head.lower_ in _cues().quantity_nouns:
        return of.head  # "the 'Ndrangheta and dozens of gangsters": the number is coordinated
    return token
