"""Named people: leaders and members of criminal groups, never groups themselves.

A person is a PERSON entity of the statistical model that the sentence ties to a group
mention through a role noun or verb of ``ontology/actor_cues.yaml`` (``person_roles``,
``person_verbs``):

- after the name: "Wilmer Chavarría, alias 'Pipo', (the) (former) leader of Los Lobos",
  "X, a member of Y", "X, one of the founders of Y";
- before the name: "Los Lobos leader Wilmer Chavarría", "Los Choneros' boss, Fito",
  "the head of the Kinahan cartel, Daniel Kinahan", "the Gulf Clan, led by Chiquito Malo";
- as the subject of a role verb: "X leads Y", "X founded Y", "X joined Y".

An alias written after the name ("alias 'Pipo'", "known as "El Mencho"") becomes an alias of
the person. The person's key is ``person/<slug of the name>`` (one node across documents); the
tie is kept on the doc (:func:`doc_memberships`) for the extraction to turn into a
``Membership`` claim with its sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span

from kg.lexicon.keys import slug
from kg.lexicon.load import actor_cues, word_lists
from kg.lexicon.models import PeopleWords
from kg.models import Entity, EntityKind
from kg.nlp.spans import add_mention, mentions

__all__ = ["PERSON_CONFIDENCE", "Tie", "doc_memberships", "find_people", "person_key"]

PERSON_CONFIDENCE = 0.8

_QUOTES = frozenset("'\"‘’“”«»")
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_PERSON_LABELS = frozenset({"PERSON", "ORG"})


@dataclass(frozen=True)
class Tie:
    """A person mention's tie to a group mention: tokens of both, keys and role."""

    person_start: int
    person_end: int
    person: str
    group: str
    role: str


def _words() -> PeopleWords:
    """The people finder's word lists (``word_lists.yaml``, section ``people``)."""
    return word_lists().people


@cache
def _roles() -> dict[str, str]:
    """Role noun (lower case) -> "leader" or "member"."""
    roles = actor_cues().person_roles
    return {word: role for role, words in roles.items() for word in words}


@cache
def _verbs() -> dict[str, str]:
    verbs = actor_cues().person_verbs
    return {word: role for role, words in verbs.items() for word in words}


def _role_of(token_text: str) -> str | None:
    word = token_text.lower()
    return _roles().get(word) or _roles().get(word.removesuffix("s"))


def person_key(name: str) -> str:
    return f"person/{slug(name)}"


_TIES = ("ockg", "memberships")
"""``user_data`` key: the ties found, as plain tuples (so the doc serialises)."""


def doc_memberships(doc: Doc) -> list[Tie]:
    """The person-group ties found in ``doc``."""
    return [Tie(*fields) for fields in doc.user_data.get(_TIES, ())]


def _record_tie(doc: Doc, tie: Tie) -> None:
    fields = (tie.person_start, tie.person_end, tie.person, tie.group, tie.role)
    doc.user_data.setdefault(_TIES, []).append(fields)


def _groups_at(doc: Doc) -> dict[int, Span]:
    """Actor (group) mentions by first token."""
    return {s.start: s for s in mentions(doc, [EntityKind.GROUP])}


def _groups_ending(doc: Doc) -> dict[int, Span]:
    return {s.end: s for s in mentions(doc, [EntityKind.GROUP])}


def _alias_after(doc: Doc, end: int) -> tuple[str | None, int]:
    """A nickname right after a name (", alias 'Pipo'", "(alias Pipo)"): (alias, next token)."""
    i = end
    limit = doc[end - 1].sent.end
    if i < limit and doc[i].text in (",", "("):
        i += 1
    if i < limit and doc[i].lower_ == "known" and i + 1 < limit and doc[i + 1].lower_ == "as":
        i += 2
    elif i < limit and doc[i].lower_ in _words().alias_words:
        i += 1
    else:
        return None, end
    quoted = i < limit and doc[i].text in _QUOTES
    i += 1 if quoted else 0
    start = i
    while i < limit and not (doc[i].text in _QUOTES or doc[i].text in (",", ")", ";")):
        if not quoted and not doc[i].text[:1].isupper():
            break
        i += 1
    if i == start or i - start > 4:
        return None, end
    alias = doc[start:i].text
    i += 1 if i < limit and doc[i].text in _QUOTES else 0
    i += 1 if i < limit and doc[i].text == ")" else 0
    return alias, i


def _role_then_group(doc: Doc, i: int, groups: dict[int, Span]) -> tuple[str, Span] | None:
    """From token ``i``: [","] [the/a/former...] ROLE ("of"|"in") [the] GROUP."""
    limit = doc[i - 1].sent.end if i else len(doc)
    if i < limit and doc[i].text == ",":
        i += 1
    descriptors = _words().descriptors | {"of"}  # "the former leader", "one of the founders"
    while i < limit and doc[i].lower_ in descriptors and _role_of(doc[i].text) is None:
        i += 1
    if i >= limit:
        return None
    role = _role_of(doc[i].text)
    if role is None:
        return None
    i += 1
    if i >= limit or doc[i].lower_ not in _words().role_prepositions:
        return None
    i += 1
    if i < limit and doc[i].lower_ == "the":
        i += 1
    group = groups.get(i)
    return (role, group) if group is not None else None


def _group_then_role(doc: Doc, start: int, ends: dict[int, Span]) -> tuple[str, Span] | None:
    """Before the name: GROUP ["'s"] ROLE [","] NAME, or the ROLE of GROUP "," NAME."""
    i = start
    if i > 0 and doc[i - 1].text == ",":
        i -= 1
    if i > 0 and (role := _role_of(doc[i - 1].text)) is not None:
        j = i - 1
        if j > 0 and doc[j - 1].text in _POSSESSIVE:
            j -= 1
        group = ends.get(j)
        if group is not None:
            return role, group
    if start >= 2 and doc[start - 1].lower_ == "by" and doc[start - 2].lemma_.lower() in _verbs():
        j = start - 2  # "the Gulf Clan, led by Chiquito Malo"
        j -= 1 if j > 0 and doc[j - 1].text == "," else 0
        group = ends.get(j)
        if group is not None:
            return _verbs()[doc[start - 2].lemma_.lower()], group
    if i < start:  # "the head of the Kinahan cartel, Daniel Kinahan"
        group = ends.get(i)
        if group is not None:
            j = group.start - 1
            j -= 1 if j >= 0 and doc[j].lower_ == "the" else 0
            if j >= 1 and doc[j].lower_ == "of" and (role := _role_of(doc[j - 1].text)):
                return role, group
    return None


def _verb_tie(span: Span, groups: dict[int, Span]) -> tuple[str, Span] | None:
    """The person is the subject of a role verb whose object is a group ("X leads Y")."""
    root = span.root
    if root.dep_ != "nsubj":
        return None
    verb = root.head
    role = _verbs().get(verb.lemma_.lower())
    if role is None:
        return None
    for child in verb.children:
        if child.dep_ == "dobj":
            group = next((g for g in groups.values() if g.start <= child.i < g.end), None)
            if group is not None:
                return role, group
    return None


def find_people(
    doc: Doc, claimed: Callable[[int, int], bool], confidence: float = PERSON_CONFIDENCE
) -> list[tuple[int, int]]:
    """Record the named people ``doc`` ties to a group mention found so far, and their ties
    (``doc_memberships``); returns their token spans. The model may take a name for an
    organisation ("Wilmer Chavarría" as ORG): a PERSON or ORG entity counts as a person only
    where a role ties it to a group."""
    groups, ends = _groups_at(doc), _groups_ending(doc)
    if not groups:
        return []
    found_spans: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ not in _PERSON_LABELS or claimed(ent.start, ent.end):
            continue
        start, end = ent.start, ent.end
        while end > start and doc[end - 1].text in _POSSESSIVE:
            end -= 1
        if end - start < 1 or not doc[start].text[:1].isupper():
            continue
        alias, after = _alias_after(doc, end)
        found = _role_then_group(doc, after, groups) or _group_then_role(doc, start, ends)
        found = found or _verb_tie(doc[start:end], groups)
        if found is None or (ent.label_ != "PERSON" and not _personal(doc[start:end])):
            continue
        role, group = found
        name = doc[start:end].text
        person = Entity(
            key=person_key(name),
            kind=EntityKind.PERSON,
            label=name,
            aliases=(alias,) if alias else (),
        )
        span = add_mention(doc, start, end, person, method="person-role", confidence=confidence)
        if span is not None:
            _record_tie(doc, Tie(start, end, person.key, group.kb_id_, role))
            found_spans.append((start, end))
    return found_spans


def _personal(span: Span) -> bool:
    """An organisation entity that reads as a person's name: two to four capitalised words,
    no group or place word ("Wilmer Chavarría", not "Gulf Clan")."""
    words = span.text.split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return False
    return not any(_role_of(w) or w.lower() in _words().group_name_words for w in words)
