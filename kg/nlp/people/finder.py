"""Finding the named people of a doc: names tied by their sentence, names a role noun
announces, aliases, later mentions, and the ties of each (see :mod:`kg.nlp.people`)."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span

from kg.lexicon.normalise import fold_key
from kg.models import Entity, EntityKind
from kg.nlp.people.document import _known_forms, _later_mentions, _remember
from kg.nlp.people.ties import (
    Tie,
    _alias_after,
    _focus_tie,
    _groups_at,
    _groups_ending,
    _inner_alias,
    _joined_tie,
    _personal,
    _possessive_names,
    _record_tie,
    _tie_around,
    doc_memberships,
)
from kg.nlp.people.words import (
    _PERSON_LABELS,
    _POSSESSIVE,
    PERSON_CONFIDENCE,
    _role_of,
    _words,
    person_key,
)
from kg.nlp.spans import add_mention, mentions


def _add_alias(
    doc: Doc,
    person: Entity,
    span: tuple[int, int],
    claimed: Callable[[int, int], bool],
    confidence: float,
) -> bool:
    """Record an alias written after a name as a mention of the person."""
    start, end = span
    if start == end or claimed(start, end):
        return False
    added = add_mention(doc, start, end, person, method="person-alias", confidence=confidence)
    return added is not None


def _named_people(
    doc: Doc, claimed: Callable[[int, int], bool], confidence: float
) -> list[tuple[int, int]]:
    """Names a role noun announces before its group is known ("two leaders of the powerful
    'Bagdad' gang named X"): people, so that no finder takes them for a group; their tie is
    read once the group is found (:func:`_pending_ties`)."""
    words = _words()
    out = []
    for ent in doc.ents:
        start, end = ent.start, ent.end
        if ent.label_ != "PERSON" or start < 2 or claimed(start, end):
            continue
        if doc[start - 1].lower_ not in words.naming_words:
            continue
        window = doc[max(ent.sent.start, start - 12) : start - 1]
        announced = any(
            _role_of(t.text) and t.i + 1 < start and doc[t.i + 1].lower_ in words.role_prepositions
            for t in window
        )
        if not announced:
            continue
        name, inner = _inner_alias(doc, start, end)
        alias, _, alias_span = _alias_after(doc, end)
        person = _add_person(
            doc, (start, end), name, alias or inner, None, "person-role", confidence
        )
        if person is not None:
            out.append((start, end))
            if alias and _add_alias(doc, person, alias_span, claimed, confidence):
                out.append(alias_span)
    return out


def _pending_ties(
    doc: Doc, groups: dict[int, Span], ends: dict[int, Span]
) -> list[tuple[Span, tuple[str, Span]]]:
    """Ties for person mentions that have none where they stand (a name announced before its
    group was found, a known person's later mention): the words around each, read again."""
    stated = {t.person_start for t in doc_memberships(doc)}
    out = []
    for span in mentions(doc, [EntityKind.PERSON]):
        if span.start in stated or span._.ockg_method == "person-alias":
            continue
        found = _tie_around(doc, span.start, span.end, groups, ends)
        if found is None:
            continue
        role, group = found
        _record_tie(doc, Tie(span.start, span.end, span.kb_id_, group.kb_id_, role))
        out.append((span, found))
        _, _, (alias_start, alias_end) = _alias_after(doc, span.end)
        if alias_end > alias_start:
            out.append((doc[alias_start:alias_end], found))
    return out


def _add_person(
    doc: Doc,
    span: tuple[int, int],
    name: str,
    alias: str | None,
    tie: tuple[str, Span] | None,
    method: str,
    confidence: float,
) -> Entity | None:
    start, end = span
    person = _known_forms(doc).get(fold_key(name)) or Entity(
        key=person_key(name),
        kind=EntityKind.PERSON,
        label=name,
        aliases=(alias,) if alias else (),
    )  # a person the document tied before keeps their key ("Zambada's" after Ismael Zambada)
    added = add_mention(doc, start, end, person, method=method, confidence=confidence)
    if added is None:
        return None
    if tie is not None:
        role, group = tie
        _record_tie(doc, Tie(start, end, person.key, group.kb_id_, role, method))
    return person


def find_people(
    doc: Doc, claimed: Callable[[int, int], bool], confidence: float = PERSON_CONFIDENCE
) -> list[tuple[int, int]]:
    """Record the named people ``doc`` ties to a group mention found so far, and their ties
    (``doc_memberships``), then the later mentions of people tied so far in the document (by
    full name, surname or alias: :func:`known_people`); returns their token spans. The model
    may take a name for an organisation ("Wilmer Chavarría" as ORG): a PERSON or ORG entity
    counts as a person only where a role ties it to a group."""
    groups, ends = _groups_at(doc), _groups_ending(doc)
    found_spans = _named_people(doc, claimed, confidence)
    tied = _pending_ties(doc, groups, ends)
    for ent in doc.ents if groups else ():
        if ent.label_ not in _PERSON_LABELS or claimed(ent.start, ent.end):
            continue
        if any(s < ent.end and ent.start < e for s, e in found_spans):
            continue
        start, end = ent.start, ent.end
        while end > start and doc[end - 1].text in _POSSESSIVE:
            end -= 1
        if end - start < 1 or not doc[start].text[:1].isupper():
            continue
        alias, _, (alias_start, alias_end) = _alias_after(doc, end)
        found, method = _tie_around(doc, start, end, groups, ends), "person-role"
        if found is None:  # "X and Y, leaders of Z", "... named X, alias 'A', and Y"
            found = _joined_tie(doc, ent, tied)
        if found is None and ent.label_ == "PERSON" and end - start >= 2:
            found, method = _focus_tie(doc, start, end, groups), "person-focus"
        if found is None or (ent.label_ != "PERSON" and not _personal(doc[start:end])):
            continue
        name, inner = _inner_alias(doc, start, end)
        alias = alias or inner
        person = _add_person(doc, (start, end), name, alias, found, method, confidence)
        if person is not None:
            found_spans.append((start, end))
            tied.append((doc[start:end], found))
            alias_span = (alias_start, alias_end)
            if alias and _add_alias(doc, person, alias_span, claimed, confidence):
                found_spans.append(alias_span)
                tied.append((doc[alias_start:alias_end], found))
    for start, end, group in _possessive_names(doc, groups) if groups else ():
        if claimed(start, end) or any(s < end and start < e for s, e in found_spans):
            continue
        name = doc[start:end].text
        tie = ("leader", group)
        if _add_person(doc, (start, end), name, None, tie, "person-possessive", confidence):
            found_spans.append((start, end))
    later = _later_mentions(doc, claimed, found_spans, confidence)
    _pending_ties(doc, groups, ends)  # a known person's new tie ("Vukotić held a post in Y")
    found_spans += [(start, end) for start, end, _ in later]
    _remember(doc)
    return found_spans
