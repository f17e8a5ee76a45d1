"""The contract between ockg's spaCy components: one span group, entity registry, extensions.

- ``doc.spans["ockg"]``: every mention, ``label_`` = entity kind in upper case, ``kb_id_`` =
  the entity's canonical key (see ``kg.models.Entity``);
- ``doc._.ockg_entities``: key -> ``Entity`` for every key used in the span group;
- ``doc._.ockg_country``: ISO2 of the country the text is about (set by the caller, or None);
- ``doc._.ockg_known``: the document's registry of discovered groups (folded name -> entity),
  shared by the paragraphs of one document so that a group discovered in one paragraph is
  known in the next (set by the caller, or None);
- ``span._.ockg_method`` / ``span._.ockg_confidence``: how the mention was found;
- ``span._.ockg_actor_type``: the actor type this mention states or implies (actors only,
  relative to the document's country), which may differ between mentions of one collective;
- ``span._.ockg_market``: the market key a collective's own words name ("illegal mining
  groups": ``market/non-renewable-resource-crimes``), else None.

Components call ``add_mention``, which refuses a span overlapping one already claimed by a
kind the caller says it yields to (actors are found first, so "Tren de Aragua" is never
also the Venezuelan state of Aragua).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span

from kg.models import Entity, EntityKind

__all__ = [
    "SPAN_GROUP",
    "add_mention",
    "ensure_extensions",
    "mentions",
    "overlaps",
]

SPAN_GROUP = "ockg"


def ensure_extensions() -> None:
    """Register ockg's extension attributes once (idempotent)."""
    if not Doc.has_extension("ockg_entities"):
        Doc.set_extension("ockg_entities", getter=_entities)
    if not Doc.has_extension("ockg_country"):
        Doc.set_extension("ockg_country", default=None)
    if not Doc.has_extension("ockg_known"):
        Doc.set_extension("ockg_known", default=None)
    if not Span.has_extension("ockg_method"):
        Span.set_extension("ockg_method", default=None)
    if not Span.has_extension("ockg_confidence"):
        Span.set_extension("ockg_confidence", default=None)
    if not Span.has_extension("ockg_actor_type"):
        Span.set_extension("ockg_actor_type", default=None)
    if not Span.has_extension("ockg_market"):
        Span.set_extension("ockg_market", default=None)


def _entities(doc: Doc) -> dict[str, Entity]:
    return doc.user_data.setdefault(("ockg", "entities"), {})


def _index(doc: Doc) -> dict[str, list[Span]]:
    """Mentions recorded so far, by label (kept beside the span group for fast checks)."""
    return doc.user_data.setdefault(("ockg", "by-label"), {})


def mentions(doc: Doc, kinds: Iterable[EntityKind] | None = None) -> list[Span]:
    """The ockg spans of ``doc`` (optionally of some kinds), in text order."""
    group = doc.spans.get(SPAN_GROUP, [])
    labels = None if kinds is None else {k.value.upper() for k in kinds}
    return sorted(
        (s for s in group if labels is None or s.label_ in labels), key=lambda s: (s.start, s.end)
    )


def overlaps(doc: Doc, start: int, end: int, kinds: Iterable[EntityKind] | None = None) -> bool:
    """Whether tokens ``start:end`` overlap a mention of one of ``kinds`` (any kind if None)."""
    index = _index(doc)
    labels = list(index) if kinds is None else [k.value.upper() for k in kinds]
    return any(s.start < end and start < s.end for label in labels for s in index.get(label, ()))


def add_mention(
    doc: Doc,
    start: int,
    end: int,
    entity: Entity,
    *,
    method: str,
    confidence: float,
    yield_to: Iterable[EntityKind] = (),
) -> Span | None:
    """Record a mention of ``entity`` over tokens ``start:end``; None if it was refused.

    Refused when it overlaps a mention of a kind in ``yield_to``, or repeats a span already
    recorded for the same entity (two entities may share a span: "borders with Chile and
    Bolivia" names two borders).
    """
    ensure_extensions()
    kinds = tuple(yield_to)
    if kinds and overlaps(doc, start, end, kinds):
        return None
    label = entity.kind.value.upper()
    seen = doc.user_data.setdefault(("ockg", "seen"), set())
    if (start, end, label, entity.key) in seen:
        return None
    seen.add((start, end, label, entity.key))
    span = Span(doc, start, end, label=label, kb_id=entity.key)
    span._.ockg_method = method
    span._.ockg_confidence = confidence
    if entity.kind in (EntityKind.GROUP, EntityKind.COLLECTIVE):
        span._.ockg_actor_type = entity.actor_type
    if SPAN_GROUP not in doc.spans:
        doc.spans[SPAN_GROUP] = []
    doc.spans[SPAN_GROUP].append(span)
    _index(doc).setdefault(label, []).append(span)
    registry = doc._.ockg_entities
    known = registry.get(entity.key)
    if known is None:
        if span.text != entity.label and span.text not in entity.aliases:
            entity = entity.model_copy(update={"aliases": (*entity.aliases, span.text)})
        registry[entity.key] = entity
    elif span.text not in known.aliases and span.text != known.label:
        registry[entity.key] = known.model_copy(update={"aliases": (*known.aliases, span.text)})
    return span
