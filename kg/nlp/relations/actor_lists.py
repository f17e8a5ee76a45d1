"""Named actors a relative clause describes as a list: "JNIM, ISWAP and Boko Haram terrorist
sects, which are active within Diffa", "Los Zetas and the Gulf Cartel, which operate in X"."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

_RELATIVE = frozenset({"which", "that", "who"})
_SEPARATORS = frozenset({",", "and", "or", "&"})
_NAME_JOINERS = frozenset({"of", "the", "al", "el", "la", "de", "del", "wal", "-", "–", "’", "'"})
_BRACKET = 8  # the most words of an alias in brackets ("(ISGS-EIGS)")


def relative_subject(clause: Token) -> bool:
    """Whether a relative clause's subject is its pronoun ("which are active in X")."""
    return clause.dep_ == "relcl" and any(
        c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in _RELATIVE for c in clause.children
    )


def _plural(clause: Token, noun: Token) -> bool:
    """Whether a relative clause speaks of several: a plural noun or verb ("which are")."""
    verbs = [clause, *(c for c in clause.children if c.dep_ in {"aux", "auxpass"})]
    return noun.tag_ in {"NNS", "NNPS"} or any(v.tag_ == "VBP" for v in verbs)


def described_actors(clause: Token, actors: list[Span]) -> list[Span]:
    """The named actors a relative clause with a pronoun subject describes.

    The actor it hangs on; where the clause speaks of several, the actors listed with that
    actor before it ("Los Zetas and the Gulf Cartel, which operate ..."), or listed right
    before the plain plural noun it hangs on ("JNIM, ISWAP and Boko Haram terrorist sects,
    which are ..."). A list member is an actor, or a name followed by an alias in brackets
    that is one ("the Islamic State of the Greater Sahara (ISGS)": the alias, not the actor
    cut out of the longer name); the list ends at any other word.
    """
    if not relative_subject(clause):
        return []
    doc, noun, first = clause.doc, clause.head, clause.sent.start
    named = [a for a in actors if a.label_ != "ANAPHOR"]
    holder = next((a for a in named if a.start <= noun.i < a.end), None)
    plural = _plural(clause, noun)
    if holder is not None:
        if not plural:
            return [holder]
        listed = [holder, *_listed_after(holder, clause, named)]
        j = holder.start - 1
        if holder.label_ != "COLLECTIVE":  # "X, Y and Z groups": the names qualify the head
            j = _separated(doc, j, first)
    elif noun.pos_ == "NOUN" and plural:
        listed, j = [], noun.i - 1
        while j >= first and _modifies(doc[j], noun):
            j -= 1
    else:
        return []
    while j is not None and j >= first:
        members, j = _member(doc, j, first, named)
        if not members:
            break
        listed += members
        j = _separated(doc, j, first)
    return list(dict.fromkeys(listed))


def _listed_after(holder: Span, clause: Token, named: list[Span]) -> list[Span]:
    """The actors listed after the one a relative clause hangs on, up to its pronoun ("Los
    Rastrojos and Los Zetas, which are ...": the parse hangs it on the first)."""
    doc = clause.doc
    pronoun = min(c.i for c in clause.children if c.lower_ in _RELATIVE)
    between = [a for a in named if holder.end <= a.start and a.end <= pronoun]
    last = max((a.end for a in between), default=holder.end)
    inside = {i for a in between for i in range(a.start, a.end)}
    words = _SEPARATORS | {"the", "(", ")"}
    listed = all(t.lower_ in words for t in doc[holder.end : last] if t.i not in inside)
    # after the last name, its brackets and the list's own head: "X and Y terrorist sects, which"
    closing = all(t.text in {")", ","} or _common(t) for t in doc[last:pronoun])
    return between if listed and closing else []


def _common(token: Token) -> bool:
    return token.pos_ in {"NOUN", "ADJ"} and token.text.islower()


def _member(doc: Doc, j: int, first: int, named: list[Span]) -> tuple[list[Span], int]:
    """The actors of the list member ending at ``j``, and the index before the member."""
    by_end = {a.end: a for a in named}
    if doc[j].text == ")":
        opening = next(
            (k for k in range(j - 1, max(first, j - _BRACKET) - 1, -1) if doc[k].text == "("),
            None,
        )
        if opening is None:
            return [], j
        inside = [a for a in named if opening < a.start and a.end <= j]
        if not inside:  # a bracket of another kind ("(Kobe)"): the member before it
            return _member(doc, opening - 1, first, named) if opening > first else ([], j)
        if opening in by_end:  # the name is an actor too
            return [*inside, by_end[opening]], by_end[opening].start - 1
        return inside, _skip_name(doc, opening - 1, first)
    if j + 1 in by_end:
        return [by_end[j + 1]], by_end[j + 1].start - 1
    return [], j


def _separated(doc: Doc, j: int, first: int) -> int | None:
    """Back over "the" and the commas and conjunctions between two members, or None."""
    if j >= first and doc[j].lower_ == "the":
        j -= 1
    if j < first or doc[j].lower_ not in _SEPARATORS:
        return None
    while j >= first and doc[j].lower_ in _SEPARATORS:
        j -= 1
    return j


def _modifies(token: Token, noun: Token) -> bool:
    """A common word qualifying a noun before it ("terrorist" in "terrorist sects")."""
    return token.head == noun and token.dep_ in {"compound", "amod"} and token.pos_ != "PROPN"


def _skip_name(doc: Doc, j: int, first: int) -> int:
    """Back over the words of a proper name ending at ``j``: the index before it."""
    while j >= first and (
        doc[j].pos_ == "PROPN" or doc[j].is_title or doc[j].lower_ in _NAME_JOINERS
    ):
        j -= 1
    return j
