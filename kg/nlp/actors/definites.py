"""Singular definite descriptions of one unnamed group ("the syndicate", "the criminal gang",
"the smuggling ring") read against the criminal actors the document has named so far.

A definite description with no antecedent introduces its actor: in a report that names no
group before it, "the syndicate would use the operations of an Italian company" is a
collective mention, as the gold guideline counts "the kidnappers". Where the document has
named a criminal actor of a compatible kind before it, the description points back:

- to a named group, it stays an anaphor (no mention; the claims' anaphora resolves it);
- to an unnamed collective whose origin the text stated (a demonym or region: "Maltese mafia
  ... Maltese ... the syndicate"), it is a mention of that collective (the one named most often
  so far, the first named on a tie);
- to collectives of no stated origin only, it stays an anaphor too: ockg keys them by the
  document's country, a guess the text often corrects later ("the gang members were citizens
  of Vietnamese nationality"), and a mention would spread it.

Kinds come from data: ``description_classes`` of ``word_lists.yaml`` sorts the group kinds
(of ``groups.yaml`` and of a name's words) and the collective kinds into classes, and a
description is compatible with an actor of its own class or of no class: "the syndicate"
(mafia: criminal) never stands for the Rada militia (militia: armed), "the group" stands for
any. The document's state is its registry (``doc._.ockg_known``), which keeps the criminal
actors of earlier paragraphs in order (:func:`remember_actors`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache

from spacy.tokens import Doc

from kg.lexicon.load import word_lists
from kg.models import Entity, EntityKind
from kg.nlp.actors.known_names import group_kind_of
from kg.nlp.actors.matches import name_token
from kg.nlp.actors.words import HeadCue, actor_words
from kg.nlp.spans import mentions

__all__ = [
    "ACTOR_ENTRY",
    "actor_class",
    "antecedent",
    "description_class",
    "earlier_actors",
    "one_definite",
    "remember_actors",
]

ACTOR_ENTRY = "\x1factor\x1f"
"""Prefix of the document registry's entries for the criminal actors named so far, in order
(``<prefix><number>`` -> the actor's entity); never a group's name, so the finders skip them."""

_STATED = "\x1fstated"
"""Suffix of an entry whose actor's origin the text stated."""

_NOT_CRIMINAL = ("state-embedded-actors", "private-sector-actors")


def one_definite(doc: Doc, start: int, end: int, cue: HeadCue) -> bool:
    """A singular group noun under "the" ("the syndicate", "the criminal gang"): one unnamed
    group the text refers to as known. Not a quantity or part ("the group of journalists",
    "the core of the gang"), a name's head ("the terrorist group Boko Haram", "the criminal
    gang “Foxtrot network”"), a description of a name ("the latter group", "the dissident
    faction founded by ..." in apposition), nor a complement ("X is the largest gang")."""
    head = doc[end - 1]
    if head.tag_ != "NN" or cue.term.implicated_only or cue.term.match != "lemma":
        return False
    words = actor_words()
    if head.lemma_.lower() not in words.group_nouns:
        return False
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return False
    if end < len(doc):
        after = doc[end]
        if after.lower_ == "of" or after.lower_ in words.introducers:
            return False
        if name_token(after) or after.text in ("“", '"', "‘", "'", "("):
            return False  # "the terrorist group Boko Haram", "the gang “X”"
    if head.dep_ in ("appos", "attr", "oprd", "compound"):
        return False
    lefts = list(doc[head.left_edge.i : head.i])
    if any(t.ent_type_ == "ORDINAL" or t.lower_ in words.back_pointing for t in lefts):
        return False  # "the latter group", "the first group to appear", "the same gang"
    return not (head.dep_ == "dobj" and head.head.lemma_.lower() in words.designating_verbs)


@cache
def _classes() -> tuple[dict[str, str], dict[str, str]]:
    """(group kind -> class, collective kind -> class) of ``description_classes``."""
    groups: dict[str, str] = {}
    collectives: dict[str, str] = {}
    for name, entry in word_lists().description_classes.items():
        groups.update((kind, name) for kind in entry.groups)
        collectives.update((kind, name) for kind in entry.collectives)
    return groups, collectives


def description_class(words: Iterable[str]) -> str | None:
    """The class of a description's words, the head's first ("the smuggling ring": network,
    criminal; "the terrorist group": terrorist, armed); None for words of no kind ("the
    group")."""
    return _classes()[0].get(group_kind_of(reversed(list(words))))


def actor_class(entity: Entity) -> str | None:
    """The class of a named group's kind or of a collective's kind; None where it has none."""
    groups, collectives = _classes()
    if entity.kind == EntityKind.GROUP:
        return groups.get(entity.group_kind or "")
    kind = entity.key.rsplit("/", 1)[-1].removeprefix("foreign-")
    return collectives.get(kind)


def _criminal(entity: Entity) -> bool:
    return (
        entity.kind in (EntityKind.GROUP, EntityKind.COLLECTIVE)
        and entity.actor_type not in _NOT_CRIMINAL
    )


def earlier_actors(doc: Doc, before: int) -> list[tuple[Entity, bool]]:
    """The criminal actors named before token ``before``, in order, each with whether the text
    stated its origin (a named group; a demonym or region before a collective): earlier
    paragraphs' (the registry), then this paragraph's."""
    known = doc._.ockg_known or {}
    found = [
        (e, form.endswith(_STATED)) for form, e in known.items() if form.startswith(ACTOR_ENTRY)
    ]
    found += [(e, stated) for e, stated, end in _actors_here(doc) if end <= before]
    return found


def _actors_here(doc: Doc) -> list[tuple[Entity, bool, int]]:
    """This paragraph's criminal actors in order: (entity, origin stated, end token)."""
    entities = doc._.ockg_entities
    out: list[tuple[Entity, bool, int]] = []
    for span in mentions(doc, [EntityKind.GROUP, EntityKind.COLLECTIVE]):
        entity = entities.get(span.kb_id_)
        if entity is not None and _criminal(entity):
            stated = entity.kind == EntityKind.GROUP or span._.ockg_method == "collective-demonym"
            out.append((entity, stated, span.end))
    return out


def antecedent(kind: str | None, earlier: list[tuple[Entity, bool]]) -> Entity | bool | None:
    """What a description of class ``kind`` points back to among the ``earlier`` actors (each
    with whether its origin was stated): True for an anaphor that is no mention of its own (a
    compatible named group, or only compatible collectives of no stated origin, which ockg
    keys by the document's country as a guess that a mention would spread), the compatible
    collective of stated origin named most often (the first named on a tie), or None where no
    actor fits (a new collective)."""
    fitting = [(e, s) for e, s in earlier if kind is None or actor_class(e) in (None, kind)]
    if any(e.kind == EntityKind.GROUP for e, _ in fitting):
        return True
    collectives = [(e, s) for e, s in fitting if actor_class(e) is not None]
    if not collectives:
        return None
    stated = [e for e, s in collectives if s]
    if not stated:
        return True
    counts = Counter(e.key for e in stated)  # in order of first mention: max keeps the first
    best = max(counts, key=lambda k: counts[k])
    return next(e for e in reversed(stated) if e.key == best)


def remember_actors(doc: Doc) -> None:
    """Add this paragraph's criminal actors, in order, to the document's registry."""
    known = doc._.ockg_known
    if known is None:
        return
    count = sum(1 for form in known if form.startswith(ACTOR_ENTRY))
    for entity, stated, _ in _actors_here(doc):
        known[f"{ACTOR_ENTRY}{count:06d}{_STATED if stated else ''}"] = entity
        count += 1
