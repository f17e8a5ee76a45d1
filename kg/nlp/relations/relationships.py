"""Relationships: cooperation and rivalry between the grammatical sides of a cue."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.models import Relationship
from kg.nlp.relations.anaphora import Context, _object_anaphors
from kg.nlp.relations.coordination import (
    _conjuncts,
    _coordinated,
    _in,
    _phrase_head,
    _speaker,
    _subject,
    _subject_unread,
)
from kg.nlp.relations.cues import _cues, _phrases
from kg.nlp.relations.roles import _actor_head, _in_subtree
from kg.nlp.relations.stance import _claim_fields, _Stance
from kg.nlp.relations.ventures import _member_lists, venture_pairs
from kg.relation_kinds import relation_kind

_CLAUSES = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis"}


@dataclass(frozen=True)
class _Cue:
    token: Token
    kind: str


_WITH = {"with"}
_RECIPROCALS = {"each other", "one another"}


def _with_phrase(verb: Token) -> bool:
    """Whether a verb has a "with" phrase ("working in tandem with local gangs")."""
    return any(c.dep_ == "prep" and c.lower_ in _WITH for c in verb.children)


def _relation_cues(sent: Span) -> list[_Cue]:
    """Relation cue words of a sentence (cooperation, rivalry…), in order (one kind per token)."""
    cues = _cues()
    found: dict[int, _Cue] = {}
    for kind, vocabulary in cues.relation_kinds:
        for i, phrase in _phrases(sent, vocabulary):
            token = sent.doc[i]
            if " " not in phrase and token.pos_ in {"ADV", "ADP", "DET", "PART", "PROPN"}:
                continue
            found.setdefault(i, _Cue(token, kind))
    for kind, verbs in cues.with_partner:
        for token in sent:
            if token.pos_ == "VERB" and token.lemma_.lower() in verbs and _with_phrase(token):
                found.setdefault(token.i, _Cue(token, kind))
    # "turf war", "rival gangs' feud": a cue modifying another of its kind is one cue with
    # it; of another kind, the modifier tells how the head's members stand ("rival alliances")
    modifiers = {
        i: c.token.head.i
        for i, c in found.items()
        if c.token.dep_ in {"compound", "amod"} and c.token.head.i in found
    }
    dropped = {i if found[i].kind == found[head].kind else head for i, head in modifiers.items()}
    return [found[i] for i in sorted(found) if i not in dropped]


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
        if token.dep_ == "nsubj" and token.head.lemma_ == "be":  # "X's enemies are Y"
            return token.head
        if token.dep_ not in {"dobj", "attr", "acomp", "pobj", "prep", "oprd", "npadvmod"}:
            return token
        token = token.head
    return token


def _nested(actor: Span, scope: Token, other_cues: list[Token]) -> bool:
    """Whether an actor sits in a clause nested in ``scope`` (or another cue's phrase)."""
    token = actor.root
    while token != scope and token.head != token:
        if token in other_cues or (
            token.dep_ in _CLAUSES
            and token.pos_ in {"VERB", "AUX"}
            and not (token.head == scope and _joining(token))  # "clashes involving X and Y"
        ):
            return True
        token = token.head
    return False


def _joining(token: Token) -> bool:
    """Whether a word names the parties of what it hangs on ("clashes involving X and Y")."""
    return token.lower_ in _cues().joint_parties or token.lemma_.lower() in _cues().joint_parties


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
    if cue.token.dep_ == "appos" or predicate.dep_ == "appos":  # "X, a rival of Y, ..."
        left = [
            a
            for a in actors
            if (_in(a, predicate.head) or a.start <= predicate.head.i < a.end)
            and not _in_subtree(a, predicate)
        ]
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


def _reciprocal(predicate: Token) -> bool:
    """Whether a predicate's object is "each other" or "one another"."""
    return any(
        c.dep_ in {"dobj", "pobj", "npadvmod"}
        and " ".join(t.lower_ for t in c.subtree) in _RECIPROCALS
        for t in (predicate, *(p for p in predicate.children if p.dep_ == "prep"))
        for c in t.children
    )


def _unnamed_object(predicate: Token, cues: list[_Cue]) -> bool:
    """Whether a cue's verb has an object that is not a cue itself, or only names unnamed parties:
    the relation's other side ("attacked the police", "clash with the army", "fight rivals"), so
    its subjects are no pair of each other."""
    if predicate.pos_ not in {"VERB", "AUX"}:
        return False
    own = {c.token.i for c in cues}
    objects = [c for c in predicate.children if c.dep_ == "dobj"]
    objects += [
        o
        for p in predicate.children
        if p.dep_ == "prep" and p.lower_ in {"with", "against"}
        for o in p.children
        if o.dep_ == "pobj"
    ]
    return any(
        (o.i not in own or _party_noun(o) is o)  # "X and Y fight rivals": others, unnamed
        and " ".join(t.lower_ for t in o.subtree) not in _RECIPROCALS
        for o in objects
    )


def _clause_of(token: Token) -> Token:
    """The verb heading the clause a word is in (the sentence's root at the top)."""
    while token.head != token and not (token.pos_ in {"VERB", "AUX"} and token.dep_ in _CLAUSES):
        token = token.head
    return token


def _apart(actor: Span, predicate: Token) -> bool:
    """Whether an actor read off the words after a cue sits in a clause of its own, not the
    cue's nor one above it: "X and Y fight for control, while Z buys gold from both", "X and
    Y, who have fought each other, extort …, while Z traffics rifles"."""
    clause = _clause_of(actor.root)
    if clause.dep_ in {"xcomp", "ccomp"} and clause.head == predicate:
        return False  # "helping X remove containers": the cue's own complement
    return clause != predicate and not clause.is_ancestor(predicate)


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
    inside = {id(a): [m for m in members if m is not a and _contains(a, m)] for a in members}
    return [
        a
        for a in members
        if not any(not _listed_with(a, m) for m in inside[id(a)])
        and not (a.label_ == "COLLECTIVE" and len(inside[id(a)]) >= 2)  # "two cartels, X and Y"
    ]


def _contains(outer: Span, inner: Span) -> bool:
    """Whether ``inner`` hangs below ``outer`` in the parse."""
    return outer.root.is_ancestor(inner.root)


def _listed_with(outer: Span, inner: Span) -> bool:
    """Whether ``inner`` hangs on ``outer`` only as a later conjunct of its list ("X and Y"),
    not inside its phrase ("factions of X")."""
    token = _phrase_head(inner)  # "the G-Pèp alliance": from the head of its own phrase
    while token != outer.root:
        if token.dep_ != "conj" or token.head == token:
            return False
        token = token.head
    return True


def _colon_list(after: int, sent: Span, actors: list[Span]) -> list[Span]:
    """The members a category announces with a colon ("three factions: X; Y; and Z", "two
    rival alliances: X, and Y"): the first actor of each item after the first colon past
    token ``after`` (items split by semicolons, else commas); none if fewer than two."""
    colon = next((t.i for t in sent if t.i > after and t.text == ":"), None)
    if colon is None:
        return []
    words = sent.doc[colon + 1 : sent.end]
    separator = ";" if any(t.text == ";" for t in words) else ","
    cuts = [colon, *(t.i for t in words if t.text == separator), sent.end]
    members = []
    for start, end in itertools.pairwise(cuts):
        first = next((a for a in actors if start < a.start and a.end <= end), None)
        if first is not None:
            members.append(first)
    return members if len({m.kb_id_ for m in members}) > 1 else []


def _announced(cue: _Cue, actors: list[Span]) -> list[Span]:
    """The colon list a cue's category announces: the object of its "between" when that is
    not a named group ("fighting between three factions: X; Y; and Z"), or the noun the cue
    qualifies ("two rival alliances: X, and Y")."""
    token = cue.token
    if token.dep_ in {"amod", "compound"} and token.head.pos_ == "NOUN":
        return _colon_list(token.head.i, token.sent, actors)
    preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ in {"between", "among"}]
    objects = [c for p in preps[:1] for c in p.children if c.dep_ == "pobj"]
    named = any(a.label_ == "GROUP" and _actor_head(a) in objects for a in actors)
    return _colon_list(preps[0].i, token.sent, actors) if objects and not named else []


def _composed(cue: _Cue, actors: list[Span]) -> list[Span] | None:
    """The members an alliance noun's "of" phrase names ("a coalition of X and Y"), or None
    when the cue is no such noun or its "of" phrase names no actor ("an alliance of
    convenience with X"). An actor inside another's phrase is not one more member ("a
    coalition of gangs known as X")."""
    token = cue.token
    if token.lemma_.lower() not in _cues().composition:
        return None
    phrases = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"]
    members = [a for p in phrases for a in actors if _in_subtree(a, p)]
    outer = [
        a
        for a in members
        if not any(m is not a and _contains(m, a) and not _listed_with(m, a) for m in members)
    ]
    return outer or None


_PARTY_ROLES = frozenset({"dobj", "pobj", "nsubj", "nsubjpass"})
_OBJECTS = frozenset({"dobj", "pobj"})


def _party_noun(token: Token) -> Token | None:
    """The noun that names a cue's parties, if any: the cue itself ("rivals"), the noun a party
    word qualifies ("rival territory"), or a cue qualified by one ("rival turf")."""
    party = _cues().party_nouns
    if token.lower_ in party:
        modifies = token.dep_ in {"amod", "compound"} and token.head.pos_ == "NOUN"
        return token.head if modifies else token
    if any(c.dep_ in {"amod", "compound"} and c.lower_ in party for c in token.children):
        return token
    return None


def _unnamed_parties(cue: _Cue, actors: list[Span]) -> bool:
    """Whether a cue names its parties only by a pronoun ("to eliminate their rivals", "its
    allies"): the sentence's other actors are not those parties."""
    noun = _party_noun(cue.token)
    if noun is None or noun.dep_ not in _PARTY_ROLES:
        return False
    owned = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in noun.children)
    return owned and not any(_in_subtree(a, noun) for a in actors)


def _others_unnamed(cue: _Cue, actors: list[Span]) -> bool:
    """Whether a cue with actors on one side only names the other by a bare noun in object
    position ("paid gangs to assault rivals", "expanding into rival turf"): that side's
    actors are not each other's parties."""
    noun = _party_noun(cue.token)
    return (
        noun is not None and noun.dep_ in _OBJECTS and not any(_in_subtree(a, noun) for a in actors)
    )


def _possessor_pairs(cue: _Cue, actors: list[Span]) -> list[tuple[Span, Span, str]]:
    """A copula naming the parties of a pronoun's cue noun pairs its subject with the subject
    before it: "X mobilized in a war in Dijon, where Y were their opponents"."""
    token = cue.token
    verb = token.head
    owned = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children)
    if not owned or token.lower_ not in _cues().party_nouns:
        return []
    if token.dep_ != "attr" or verb.lemma_ != "be":
        return []
    subjects = [a for a in actors if _actor_head(a).dep_ == "nsubj" and _actor_head(a).head == verb]
    before = [
        a
        for a in actors
        if a.end <= verb.left_edge.i
        and _actor_head(a).dep_ in {"nsubj", "nsubjpass"}
        and not _in_subtree(a, verb)
    ]
    if not subjects or not before:
        return []
    return [(before[-1], b, cue.kind) for b in subjects]


def _partitive(actor: Span) -> bool:
    """Whether an actor describes part of the one before it, no party of its own: "fighting
    between various armed groups, most of them FARC dissidents"."""
    doc = actor.doc
    start = (
        actor.start - 1 if actor.start > 0 and doc[actor.start - 1].lower_ == "the" else actor.start
    )
    words = [t.lower_ for t in doc[max(start - 3, 0) : start]]
    return (
        len(words) == 3
        and words[1] == "of"
        and words[2] in {"them", "whom", "which"}
        and (words[0] in _cues().quantifiers or doc[start - 3].like_num)
    )


def _pairs_of(cue: _Cue, actors: list[Span], cues: list[_Cue]) -> list[tuple[Span, Span, str]]:
    """Pairs across a cue's sides; a side the parse leaves empty is read linearly."""
    others = [c.token for c in cues if c.token not in _conjuncts(cue.token)]
    actors = [a for a in actors if not _partitive(a)]
    possessed = _possessor_pairs(cue, actors)
    if possessed:
        return possessed
    if _unnamed_parties(cue, actors):
        return []
    composed = _composed(cue, actors)
    if composed is not None:  # members with each other, never with their alliance
        return [(a, b, cue.kind) for i, a in enumerate(composed) for b in composed[i + 1 :]]
    members = _announced(cue, actors) or _between(cue, actors, others)
    if members is not None and len(members) >= 2:
        return [(a, b, cue.kind) for i, a in enumerate(members) for b in members[i + 1 :]]
    left, right = _sides(cue, actors, cues)
    linear_left, linear_right = _linear_sides(cue, actors, cues)
    predicate = _predicate(cue.token)
    if not _subject_unread(predicate, actors):
        linear_left = []  # "the opportunities it provides for traffickers": "it" is no actor
    left = left or linear_left
    if not left and _speaker(predicate):
        return []  # "we will fight X and Y": the speaker is one side, unnamed
    if len(left) >= 2 and _reciprocal(predicate):  # "X and Y, who fought each other, ..."
        side = _coordinated(left) or left
        return [(a, b, cue.kind) for i, a in enumerate(side) for b in side[i + 1 :]]
    right = right or [a for a in linear_right if a not in left and not _apart(a, predicate)]
    if left and right:
        return [(a, b, _kind_across(cue, b)) for a in left for b in right]
    if not left and cue.kind == "cooperation":
        return []  # "support to X and Y": those served are no partners of each other
    if cue.token.lower_ in _cues().directed:
        return []  # "X and Y, using remote airstrips": one side only
    if _others_unnamed(cue, actors):
        return []  # "X and Y expanded into rival turf": the rivals are others, unnamed
    if left and _unnamed_object(predicate, cues):
        return []  # "X and Y attacked the police": their other side is no actor, not each other
    side = left or right
    words = {t.lower_ for t in cue.token.sent}
    if not words & {"between", "among", "amongst"}:
        side = _coordinated(side)  # "Los Choneros and Los Lobos are at war"
    if any(all(a in members for a in side) for members in _member_lists(cue.token.sent, actors)):
        return []  # "groups consisting of police officers and criminals, who fight …"
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
    sent: Span, index: int, actors: list[Span], stance: _Stance, context: Context | None = None
) -> list[Relationship]:
    """Pairs across each cooperation or rivalry cue, and providers with those they serve;
    with the document's ``context``, objects of a cue may stand for its earlier actors."""
    out = []
    cues = _relation_cues(sent)
    if context is not None:  # objects standing for earlier actors: "have fought them"
        objects = _object_anaphors(sent, actors, context, {c.token.i for c in cues})
        actors = sorted([*actors, *objects], key=lambda s: s.start)
    if len({a.kb_id_ for a in actors}) >= 2:
        for cue in cues:
            for a, b, kind in _pairs_of(cue, actors, cues):
                if a.kb_id_ != b.kb_id_:
                    out.append(_relationship(index, kind, a.kb_id_, b.kb_id_, stance))
    out += [  # members of one body, parties of one venture, buyers and sellers, providers
        _relationship(index, "cooperation", a.kb_id_, b.kb_id_, stance)
        for a, b in venture_pairs(sent, actors, {c.token for c in cues})
    ]
    return [r for r in out if not _excluded(r)]


def _excluded(relationship: Relationship) -> bool:
    """Whether a party is of a collective kind its relation kind excludes (``not_with`` in
    ``relation_kinds.yaml``: officials are no party of a rivalry)."""
    excluded = relation_kind(relationship.kind).not_with
    kinds = [k.rsplit("/", 1)[-1] for k in relationship.actors if k.startswith("collective/")]
    return any(kind.removeprefix("foreign-") in excluded for kind in kinds)
