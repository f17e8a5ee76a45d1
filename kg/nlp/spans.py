"""The contract between ockg's spaCy components: one span group, entity registry, extensions.

- ``doc.spans["ockg"]`` (or the components' ``span_key``, recorded on the doc: see
  :func:`span_key`): every mention, ``label_`` = entity kind in upper case, ``kb_id_`` =
  the entity's canonical key (see ``kg.models.Entity``);
- ``doc._.ockg_entities``: key -> ``Entity`` for every key used in the span group (an
  :class:`EntityTable`: a mapping view of plain data kept in ``doc.user_data``);
- ``doc._.ockg_country``: ISO2 of the country the text is about (set before ``nlp.pipe``, or
  None);
- ``doc._.ockg_known``: the document's registry of discovered groups (folded name -> entity),
  shared by the paragraphs of one document so that a group discovered in one paragraph is
  known in the next. Set before ``nlp.pipe`` to one plain ``dict`` shared by the docs of a
  document (``{}`` at first; the component fills it in as the docs go by, in order); read as
  an :class:`EntityTable` over that dict, or None when not set;
- ``span._.ockg_method`` / ``span._.ockg_confidence``: how the mention was found;
- ``span._.ockg_actor_type``: the actor type this mention states or implies (actors only,
  relative to the document's country), which may differ between mentions of one collective;
- ``span._.ockg_market``: the market key a collective's own words name ("illegal mining
  groups": ``market/non-renewable-resource-crimes``), else None.

Components call ``add_mention``, which refuses a span overlapping one already claimed by a
kind the caller says it yields to (actors are found first, so "Tren de Aragua" is never
also the Venezuelan state of Aragua).

Everything ockg keeps on a doc is plain data (strings, numbers, lists, dicts): entities as
the JSON form of :class:`~kg.models.Entity`, the mention index as ``(start, end, key)``
triples. So ``doc.to_bytes()``, ``DocBin(store_user_data=True)`` and
``nlp.pipe(..., n_process=2)`` (which ships docs between processes as bytes) carry them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping
from typing import Any

from spacy.tokens import Doc, Span

from kg.models import Entity, EntityKind

__all__ = [
    "SPAN_GROUP",
    "EntityTable",
    "add_mention",
    "ensure_extensions",
    "mentions",
    "overlaps",
    "span_key",
    "use_span_key",
]

SPAN_GROUP = "ockg"


_ENTITIES = ("ockg", "entities")
"""``user_data`` key: entity key -> the entity's plain (JSON) form."""
_INDEX = ("ockg", "by-label")
"""``user_data`` key: label -> ``(start, end, entity key)`` of each mention recorded so far."""
_SPAN_KEY = ("ockg", "span-key")
"""``user_data`` key: the span group ockg's components write in this doc (``"ockg"`` if unset)."""
_KNOWN = ("ockg", "known")
"""``user_data`` key: the document's registry of discovered groups (folded name -> plain
entity), one dict shared by the docs of a document."""


def entity_data(entity: Entity) -> dict[str, Any]:
    """The plain, serialisable form of an entity (``Entity.model_validate`` reads it back)."""
    return entity.model_dump(mode="json", exclude_defaults=True)


class EntityTable(MutableMapping[str, Entity]):
    """A mapping of keys to entities over a dict of their plain forms, which it reads and
    writes in place: the dict stays serialisable, the caller sees ``Entity`` objects."""

    __slots__ = ("data",)

    def __init__(self, data: dict[str, dict[str, Any]]) -> None:
        self.data = data

    def __getitem__(self, key: str) -> Entity:
        return Entity.model_validate(self.data[key])

    def __setitem__(self, key: str, entity: Entity) -> None:
        self.data[key] = entity_data(entity)

    def __delitem__(self, key: str) -> None:
        del self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        return f"EntityTable({len(self.data)} entities)"


def ensure_extensions() -> None:
    """Register ockg's extension attributes once (idempotent)."""
    if not Doc.has_extension("ockg_entities"):
        Doc.set_extension("ockg_entities", getter=_entities)
    if not Doc.has_extension("ockg_country"):
        Doc.set_extension("ockg_country", default=None)
    if not Doc.has_extension("ockg_known"):
        Doc.set_extension("ockg_known", getter=_known, setter=_set_known)
    if not Span.has_extension("ockg_method"):
        Span.set_extension("ockg_method", default=None)
    if not Span.has_extension("ockg_confidence"):
        Span.set_extension("ockg_confidence", default=None)
    if not Span.has_extension("ockg_actor_type"):
        Span.set_extension("ockg_actor_type", default=None)
    if not Span.has_extension("ockg_market"):
        Span.set_extension("ockg_market", default=None)


def _entities(doc: Doc) -> EntityTable:
    return EntityTable(doc.user_data.setdefault(_ENTITIES, {}))


def _known(doc: Doc) -> EntityTable | None:
    data = doc.user_data.get(_KNOWN)
    return None if data is None else EntityTable(data)


def _set_known(doc: Doc, registry: dict[str, Any] | EntityTable | None) -> None:
    """Share ``registry`` (a dict, kept by reference) as the document's registry; entities
    in it are turned into their plain form in place."""
    if registry is None:
        doc.user_data.pop(_KNOWN, None)
        return
    if isinstance(registry, EntityTable):
        registry = registry.data
    if not isinstance(registry, dict):
        raise TypeError(f"doc._.ockg_known must be a dict or None, not {type(registry).__name__}")
    for form, entity in registry.items():
        if isinstance(entity, Entity):
            registry[form] = entity_data(entity)
    doc.user_data[_KNOWN] = registry


def _index(doc: Doc) -> dict[str, list[tuple[int, int, str]]]:
    """Mentions recorded so far, by label (kept beside the span group for fast checks)."""
    return doc.user_data.setdefault(_INDEX, {})


def span_key(doc: Doc) -> str:
    """The span group ockg's components write in ``doc`` (their ``span_key`` setting)."""
    return doc.user_data.get(_SPAN_KEY, SPAN_GROUP)


def use_span_key(doc: Doc, key: str) -> None:
    """Make ``key`` the span group :func:`add_mention` writes and :func:`mentions` reads."""
    if key == SPAN_GROUP:
        doc.user_data.pop(_SPAN_KEY, None)
    else:
        doc.user_data[_SPAN_KEY] = key


def mentions(doc: Doc, kinds: Iterable[EntityKind] | None = None) -> list[Span]:
    """The ockg spans of ``doc`` (optionally of some kinds), in text order."""
    group = doc.spans.get(span_key(doc), [])
    labels = None if kinds is None else {k.value.upper() for k in kinds}
    return sorted(
        (s for s in group if labels is None or s.label_ in labels), key=lambda s: (s.start, s.end)
    )


def overlaps(doc: Doc, start: int, end: int, kinds: Iterable[EntityKind] | None = None) -> bool:
    """Whether tokens ``start:end`` overlap a mention of one of ``kinds`` (any kind if None)."""
    index = _index(doc)
    labels = list(index) if kinds is None else [k.value.upper() for k in kinds]
    return any(s < end and start < e for label in labels for s, e, _ in index.get(label, ()))


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
    recorded = _index(doc).setdefault(label, [])
    if any(s == start and e == end and key == entity.key for s, e, key in recorded):
        return None
    span = Span(doc, start, end, label=label, kb_id=entity.key)
    span._.ockg_method = method
    span._.ockg_confidence = confidence
    if entity.kind in (EntityKind.GROUP, EntityKind.COLLECTIVE):
        span._.ockg_actor_type = entity.actor_type
    key = span_key(doc)
    if key not in doc.spans:
        doc.spans[key] = []
    doc.spans[key].append(span)
    recorded.append((start, end, entity.key))
    registry = doc._.ockg_entities
    known = registry.get(entity.key)
    if known is None:
        if span.text != entity.label and span.text not in entity.aliases:
            entity = entity.model_copy(update={"aliases": (*entity.aliases, span.text)})
        registry[entity.key] = entity
    elif span.text not in known.aliases and span.text != known.label:
        registry[entity.key] = known.model_copy(update={"aliases": (*known.aliases, span.text)})
    return span
