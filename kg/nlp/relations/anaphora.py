"""Anaphora: "they", "the group", "its members" as the actors they stand for, across paragraphs."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from kg.nlp.relations.cues import _cues
from kg.nlp.relations.roles import _in_subtree


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
_COUNTS = {"two", "three", "four", "2", "3", "4"}
_SUBJECT_POS = {"NOUN", "PRON", "DET", "ADJ"}  # "ADJ": a quantifier subject ("most are …")


def _anaphor_keys(token: Token, context: Context) -> list[str]:
    """The actors a subject noun phrase stands for, or none if it is not an anaphor."""
    cues = _cues()
    lemma, lower = token.lemma_.lower(), token.lower_
    if lower in cues.plural_pronouns and token.pos_ in {"PRON", "DET", "NOUN"}:
        return list(context.antecedents)
    if lower in cues.quantifiers and not any(c.dep_ == "det" for c in token.children):
        return list(context.antecedents)  # "most are on the payroll of politicians"
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
    if (lemma in cues.member_heads or lemma in cues.activity_heads) and words & {"its", "their"}:
        if "its" in words and context.last_group:
            return [context.last_group]
        return list(context.antecedents)
    return []


def _nearer_thing(pronoun: Token, actors: list[Span]) -> bool:
    """Whether "it" has a nearer antecedent in its sentence than any actor: the last subject
    before it is a singular noun that is no actor nor a word for one ("groups could find the
    country appealing for the opportunities it provides")."""
    subjects = [
        t
        for t in pronoun.sent
        if t.i < pronoun.i and t.dep_ in {"nsubj", "nsubjpass"} and t.pos_ in _SUBJECT_POS
    ]
    if not subjects:
        return False
    last = subjects[-1]
    cues = _cues()
    return (
        last.tag_ == "NN"  # a common noun: a name may be a person or an actor unknown
        and last.lemma_.lower() not in cues.definite_heads | cues.member_heads
        and not any(_in_subtree(a, last) or a.start <= last.i < a.end for a in actors)
    )


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
        if token.dep_ not in {"nsubj", "nsubjpass"} or token.pos_ not in _SUBJECT_POS:
            continue
        start = min(token.left_edge.i, token.i)
        if any(a.start <= token.i < a.end or start <= a.start <= token.i for a in actors):
            continue
        if _named_by_copula(token, actors):
            continue
        if token.lower_ == "it" and _nearer_thing(token, actors):
            continue
        scope = _local_context(sent, actors, start, context)
        for key in dict.fromkeys(_anaphor_keys(token, scope)):
            span = Span(sent.doc, start, token.i + 1, label="ANAPHOR", kb_id=key)
            out.append(span)
    return out


_PARTY_PREPOSITIONS = {"with", "against", "between", "by", "from", "to"}


def _object_anaphors(
    sent: Span, actors: list[Span], context: Context, cues: set[int]
) -> list[Span]:
    """Objects standing for actors of earlier sentences as the other side of a relation cue
    (token indices ``cues``): "Los Choneros have fought them", "local gangs work with the
    cartel", "disputed by both groups". An object pronoun never stands for an actor of its own
    sentence (that would be "themselves"), so only the document's earlier actors count."""
    named = {a.kb_id_ for a in actors}
    out: list[Span] = []
    for token in sent:
        if token.pos_ not in {"NOUN", "PRON"}:
            continue
        if token.dep_ == "dobj":
            governor = token.head
        elif token.dep_ == "pobj" and token.head.lower_ in _PARTY_PREPOSITIONS:
            governor = token.head.head
        else:
            continue
        if governor.i not in cues:
            continue
        start = min(token.left_edge.i, token.i)
        if any(a.start <= token.i < a.end or start <= a.start <= token.i for a in actors):
            continue
        for key in dict.fromkeys(_anaphor_keys(token, context)):
            if key not in named:
                out.append(Span(sent.doc, start, token.i + 1, label="ANAPHOR", kb_id=key))
    return out


def _named_by_copula(subject: Token, actors: list[Span]) -> bool:
    """Whether the copula names the subject's actor ("The first group to appear was the FUP",
    "The largest gang is Los Lobos"): a description, not an anaphor."""
    verb = subject.head
    if verb.lemma_ != "be":
        return False
    attributes = [c for c in verb.children if c.dep_ == "attr"]
    return any(a.start <= c.i < a.end for c in attributes for a in actors)


def _pointing_back(span: Span) -> bool:
    """Whether a determiner points a collective back at actors already named ("both Mexican
    criminal groups", "these Colombian networks", "the two gangs")."""
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    children = list(span.root.children)
    counted = any(c.dep_ == "nummod" and c.lower_ in _COUNTS for c in children) and any(
        c.dep_ == "det" and c.lower_ == "the" for c in children
    )
    return (
        before in _PLURAL_DETERMINERS
        or counted  # "the two gangs"
        or any(c.dep_ in {"det", "predet"} and c.lower_ in _PLURAL_DETERMINERS for c in children)
    )


def _anaphoric_collectives(
    sent: Span, named: list[Span], context: Context
) -> tuple[list[Span], list[Span]]:
    """Split off the collectives that stand for actors in focus: "Los Zetas and the Sinaloa
    Cartel ... disputed by both Mexican criminal groups" is the two cartels, not a third actor.
    Such a collective is kept as itself when fewer than two actors are in focus."""
    kept: list[Span] = []
    standing: list[Span] = []
    for span in named:
        if span.label_ != "COLLECTIVE" or not _pointing_back(span):
            kept.append(span)
            continue
        scope = _local_context(sent, named, span.start, context)
        keys = [k for k in dict.fromkeys(scope.antecedents) if k != span.kb_id_]
        if len(keys) < 2:
            kept.append(span)
            continue
        start = (
            span.start - 1 if span.doc[span.start - 1].lower_ in _PLURAL_DETERMINERS else span.start
        )
        standing += [Span(sent.doc, start, span.end, label="ANAPHOR", kb_id=k) for k in keys]
    return kept, standing


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


def _subject_actors(sent: Span, actors: list[Span]) -> list[str]:
    """The actors in a sentence's subject (with their listed members), else its first actor."""
    root = sent.root
    subjects = [t for t in root.children if t.dep_ in {"nsubj", "nsubjpass"}]
    keys = [a.kb_id_ for a in actors for t in subjects if _in_subtree(a, t)]
    if keys:
        return list(dict.fromkeys(keys))
    groups = [a.kb_id_ for a in actors if a.kb_id_.startswith("group/")]
    return list(dict.fromkeys(groups)) or [a.kb_id_ for a in actors[:1]]
