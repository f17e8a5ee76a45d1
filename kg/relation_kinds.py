"""Kinds of relationship between actors: the registry of ``ontology/relation_kinds.yaml``.

Every part of ockg that knows a kind reads it here: the claim rules (its cue words), the RDF
graph (its shortcut predicate, symmetric or not, and that predicate's declaration in the
vocabulary), the NetworkX view (its edge name) and the network page (its legend and colour).
Adding a kind is one entry in the file; a kind the file does not list is an error
(:class:`UnknownRelationKind`), never taken for another.

Example::

    >>> relation_kind("rivalry").predicate
    'rivalOf'
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kg.resources import load_yaml

__all__ = [
    "REGISTRY_FILE",
    "RelationKind",
    "UnknownRelationKind",
    "cue_words",
    "relation_kind",
    "relation_kinds",
]

REGISTRY_FILE = "relation_kinds.yaml"
"""The registry's file in the ontology folder."""


class UnknownRelationKind(ValueError):
    """A relationship of a kind that ``ontology/relation_kinds.yaml`` does not list."""

    def __init__(self, name: object) -> None:
        known = ", ".join(relation_kinds())
        super().__init__(
            f"unknown relation kind {name!r}; the kinds of ontology/{REGISTRY_FILE} are {known}"
        )


class RelationKind(BaseModel):
    """One kind of relationship between two actors (see the file's header for each field)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    predicate: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    """Local name of the shortcut property in the ockg vocabulary (``cooperatesWith``)."""
    label: str = Field(min_length=1)
    symmetric: bool
    edge: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    legend: str = Field(min_length=1)
    colour: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    cues: tuple[str, ...] | str
    """The cue words, or the name of a list of them in ``relations.yaml``."""
    not_with: tuple[str, ...] = ()
    """Collective kinds (``collective_classes.yaml``) never party to a claim of this kind."""


def _distinct(kinds: list[RelationKind], field: str) -> None:
    seen: dict[str, str] = {}
    for kind in kinds:
        value = getattr(kind, field)
        if value in seen:
            raise ValueError(
                f"ontology/{REGISTRY_FILE}: kinds {seen[value]} and {kind.name} share the "
                f"{field} {value!r}"
            )
        seen[value] = kind.name


@cache
def relation_kinds() -> dict[str, RelationKind]:
    """Every registered kind by name, in the file's order."""
    data = load_yaml(REGISTRY_FILE)
    entries = data.get("kinds") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise ValueError(f"ontology/{REGISTRY_FILE}: expected a non-empty mapping `kinds`")
    kinds = []
    for name, entry in entries.items():
        try:
            kinds.append(RelationKind.model_validate({"name": name, **(entry or {})}))
        except (ValidationError, TypeError) as error:
            raise ValueError(f"ontology/{REGISTRY_FILE}: kind {name!r}: {error}") from None
    for field in ("predicate", "edge", "legend"):
        _distinct(kinds, field)
    return {kind.name: kind for kind in kinds}


def relation_kind(name: str) -> RelationKind:
    """The registered kind called ``name``; :class:`UnknownRelationKind` if there is none."""
    try:
        return relation_kinds()[name]
    except KeyError:
        raise UnknownRelationKind(name) from None


def cue_words(kind: RelationKind) -> frozenset[str]:
    """The kind's cue words and phrases, lower-cased."""
    words = kind.cues
    if isinstance(words, str):
        lists = load_yaml("relations.yaml")
        listed = lists.get(words) if isinstance(lists, dict) else None
        if not isinstance(listed, list):
            raise ValueError(
                f"ontology/{REGISTRY_FILE}: kind {kind.name!r} names cue list {words!r}, "
                "which ontology/relations.yaml does not hold"
            )
        words = tuple(str(word) for word in listed)
    return frozenset(word.lower() for word in words)
