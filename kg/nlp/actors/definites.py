"""Definite descriptions of one unnamed group: "the syndicate", "the criminal gang", "the
trafficking network" in a text about a criminal collective it has named without a name ("a
Malaysian drug syndicate ... The syndicate is believed to have been operating since January").

Grammatical class: a singular group noun (``group_nouns`` of ``word_lists.yaml``) under the
definite article, lower case, as the head of its own noun phrase. It is a mention of a
collective, as the gold's guideline reads definite descriptions ("the kidnappers"), only where
the text has no named group it could stand for: the document has named no group before it, and
the last actor before it is a criminal collective, whose key it takes (an origin its own words
state keys it as any collective). Not a head that names or describes ("the gang MaShurugwi",
"the syndicate known as X", "X is the largest gang"), an ordinal or contrastive one ("the first
group", "the other gang", "the latter group": other actors than the last), a quantity noun ("the
group of migrants"), nor a noun compound's modifier ("the gang violence")."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Doc, Span

from kg.models import Entity, EntityKind
from kg.nlp.actors.collectives import (
    _modifier_run,
    _named_non_actor,
    add_collective,
    collective_entity,
    market_of,
)
from kg.nlp.actors.descriptions import (
    describes_group,
    group_complement,
    names_groups_after,
    predicative,
)
from kg.nlp.actors.matches import Matches, Run, demonym_at
from kg.nlp.actors.words import HeadCue, actor_words
from kg.nlp.spans import mentions

__all__ = ["add_definite_collectives", "definite_heads", "definite_one", "remember_actors"]

_NAMED_GROUP_ENTRY = "\x1fnamed-group\x1f"
"""The document registry's entry for the first named group found so far (its presence is what
counts: a definite description may stand for it)."""

_LAST_COLLECTIVE_ENTRY = "\x1flast-collective\x1f"
"""The document registry's entry for the last collective named so far."""

_ACTORS = (EntityKind.GROUP, EntityKind.COLLECTIVE)

_CONTRASTIVE = {"other", "first", "second", "third", "latter", "former", "last", "same", "next"}
"""Words that point to another actor than the last one named ("the other gang")."""


def definite_one(doc: Doc, start: int, end: int, cue: HeadCue, matches: Matches) -> bool:
    """Whether the head ``start:end`` is one unnamed group under "the" (see module docstring);
    its antecedent is checked by the caller."""
    head = doc[end - 1]
    if head.tag_ != "NN" or not head.is_lower or cue.term.implicated_only:
        return False
    words = actor_words()
    if cue.term.match != "lemma" or head.lemma_.lower() not in words.group_nouns:
        return False
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return False
    phrase = doc[head.left_edge.i : end]
    if any(t.lower_ in _CONTRASTIVE or t.ent_type_ == "ORDINAL" for t in phrase):
        return False
    words_before = [t for t in phrase if t.lower_ != "the"]
    if any(
        t.is_alpha and not t.is_lower and demonym_at(doc, t.i + 1) is None for t in words_before
    ):
        return False  # "the UN Group", "the Dalen network": a name's words
    if end < len(doc):
        after = doc[end]
        if after.pos_ in ("NOUN", "PROPN") or after.is_title or after.text in ("“", '"', "("):
            return False  # "the gang violence", "the gang MaShurugwi", "the group (X)"
        if after.lower_ == "of" or after.lower_ in words.introducers:
            return False  # "the group of migrants", "the syndicate known as X"
    if head.dep_ in ("appos", "compound") or predicative(head):
        return False
    if describes_group(doc, start, matches) or names_groups_after(doc, end, matches):
        return False
    return not group_complement(head, matches)


def definite_heads(doc: Doc, matches: Matches) -> Iterator[tuple[int, int, HeadCue, Run]]:
    """The heads of one unnamed group under "the" ("the syndicate", "the criminal gang"), with
    the words before them, not yet any actor's."""
    for start, end, cue in matches.heads:
        if matches.claimed(start, end) or not definite_one(doc, start, end, cue, matches):
            continue
        run = _modifier_run(doc, start, end, cue, matches)
        if run is not None and not _named_non_actor(doc, run, end):
            yield start, end, cue, run


def add_definite_collectives(
    doc: Doc, matches: Matches, country: str | None, confidences: dict[str, float]
) -> None:
    """One unnamed group under "the" with words of its own before the head ("the criminal
    gang", "the trafficking network", "the well organised syndicate") where the document has
    named no group before it: the last collective before it (in this paragraph, else the
    document's, from the registry), or the collective its own origin words key ("the Croatian
    drug smuggling ring")."""
    known = doc._.ockg_known
    if known is not None and _NAMED_GROUP_ENTRY in known:
        return
    earlier = known.get(_LAST_COLLECTIVE_ENTRY) if known is not None else None
    actors = mentions(doc, _ACTORS)
    for _, end, cue, run in definite_heads(doc, matches):
        start = run.start
        if start == end - 1 or any(s.start < end and start < s.end for s in actors):
            continue  # a bare "the gang" is left to anaphora: the gold reads it both ways
        before = [s for s in actors if s.end <= start]
        if any(s.label_ == EntityKind.GROUP.value.upper() for s in before):
            return  # a named group the description may stand for
        cues = [c for part in run.parts for c in part]
        if any(c.country or c.region for c in cues):
            entity = collective_entity(doc, end, cue, cues, country)
        else:
            named = [e for e in map(_collective(doc), before) if e is not None]
            entity = named[-1] if named else earlier
            if entity is None:
                continue
        add_collective(
            doc,
            start,
            end,
            entity,
            cue,
            cues,
            market_of(end, start, matches),
            confidence=confidences["collective"],
            weak_confidence=confidences["weak-collective"],
        )


def remember_actors(doc: Doc) -> None:
    """Keep in the document's registry whether a group has been named and the last collective,
    for the definite descriptions of later paragraphs."""
    known = doc._.ockg_known
    if known is None:
        return
    actors = mentions(doc, _ACTORS)
    groups = [doc._.ockg_entities.get(s.kb_id_) for s in actors if s.label_ == "GROUP"]
    first = next((g for g in groups if g is not None), None)
    if first is not None:
        known.setdefault(_NAMED_GROUP_ENTRY, first)
    named = [e for e in map(_collective(doc), actors) if e is not None]
    if named:
        known[_LAST_COLLECTIVE_ENTRY] = named[-1]


def _collective(doc: Doc) -> Callable[[Span], Entity | None]:
    """The collective a mention names, if any."""
    entities = doc._.ockg_entities

    def entity(span: Span) -> Entity | None:
        found = entities.get(span.kb_id_)
        return found if found is not None and found.kind == EntityKind.COLLECTIVE else None

    return entity
