"""Cached loaders of the lexicon files; each validates its file and its references on first use.

References are checked against the other ontology files: actor types and markets against
``indicators.yaml`` (their single source of truth), country codes against ``countries.yaml``,
``part_of`` against group ids, group kinds against ``word_lists.yaml``. A bad file raises
:class:`LexiconError` (``E301``) naming the file and entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from kg.errors import Code, OckgError
from kg.lexicon.models import (
    OTHER_GROUP_KIND,
    ActorCues,
    CollectiveKinds,
    CountryEntry,
    GroupEntry,
    GroupsFile,
    MarketTriggers,
    NonActors,
    PlaceCues,
    WordLists,
)
from kg.resources import active_lexicon, load_yaml, ontology_path

__all__ = [
    "LexiconError",
    "actor_cues",
    "actor_type_ids",
    "collective_kinds",
    "countries",
    "groups",
    "market_ids",
    "market_triggers",
    "non_actors",
    "place_cues",
    "word_lists",
]


class LexiconError(OckgError, ValueError):
    """A lexicon file is malformed or refers to something that does not exist (``E301``).

    Built from ``"NAME: detail"``, NAME a file of the ontology folder; ``str(error)`` reads
    ``PATH: E301 malformed ontology data file: detail``.
    """

    def __init__(self, message: str) -> None:
        name, sep, detail = message.partition(": ")
        path = _lexicon_file(name) if sep and name.endswith(".yaml") else None
        super().__init__(Code.E301, detail if path is not None else message, path=path)


def _lexicon_file(name: str) -> str:
    """Where lexicon file ``name`` was read: the active bundle's source, else ockg's folder."""
    bundle = active_lexicon()
    return f"{bundle.source}/{name}" if bundle is not None else str(ontology_path(name))


def _mapping(name: str) -> dict:
    data = load_yaml(name)
    if not isinstance(data, dict):
        raise LexiconError(f"{name}: expected a mapping at the top level")
    return data


_Model = TypeVar("_Model", bound=BaseModel)


def _validate(name: str, model: type[_Model], data: object) -> _Model:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise LexiconError(f"{name}: {error}") from error


@cache
def _indicator_ids(kind: str) -> frozenset[str]:
    items = _mapping("indicators.yaml")["indicators"]
    return frozenset(item["id"] for item in items if item["kind"] == kind)


def market_ids() -> frozenset[str]:
    """The ids of the 15 criminal markets of ``indicators.yaml``."""
    return _indicator_ids("market")


def actor_type_ids() -> frozenset[str]:
    """The ids of the five criminal-actor types of ``indicators.yaml``."""
    return _indicator_ids("actor_type")


def _check(name: str, what: str, values: Iterable[str | None], known: frozenset[str]) -> None:
    unknown = sorted({value for value in values if value is not None} - known)
    if unknown:
        raise LexiconError(f"{name}: unknown {what}: {', '.join(unknown)}")


@cache
def countries() -> dict[str, CountryEntry]:
    """ISO alpha-2 code -> country entry, for every country and territory (treat as read-only)."""
    name = "countries.yaml"
    table = {
        str(code): _validate(name, CountryEntry, {**fields, "iso2": str(code)})
        for code, fields in _mapping(name).items()
    }
    for code, entry in table.items():
        _check(name, f"neighbours of {code}", entry.neighbours, frozenset(table))
    return table


@cache
def groups() -> tuple[GroupEntry, ...]:
    """Every named criminal group, in file order."""
    name = "groups.yaml"
    items = _validate(name, GroupsFile, _mapping(name)).groups
    codes = frozenset(countries())
    ids = [item.id for item in items]
    if len(ids) != len(set(ids)):
        raise LexiconError(f"{name}: duplicate ids: {sorted({i for i in ids if ids.count(i) > 1})}")
    _check(name, "actor types", (item.actor_type for item in items), actor_type_ids())
    _check(name, "origins", (item.origin for item in items), codes)
    _check(name, "regions", (code for item in items for code in item.regions), codes)
    _check(name, "part_of ids", (item.part_of for item in items), frozenset(ids))
    kinds = frozenset({*word_lists().group_kinds, OTHER_GROUP_KIND})
    _check(name, "kinds", (item.kind for item in items), kinds)
    return items


@cache
def market_triggers() -> MarketTriggers:
    """The trigger terms of every criminal market, the umbrellas and the non-triggers."""
    name = "markets.yaml"
    lexicon = _validate(name, MarketTriggers, _mapping(name))
    _check(name, "markets", lexicon.markets, market_ids())
    missing = sorted(market_ids() - set(lexicon.markets))
    if missing:
        raise LexiconError(f"{name}: markets without triggers: {', '.join(missing)}")
    umbrella_markets = (m for umbrella in lexicon.umbrellas.values() for m in umbrella.markets)
    _check(name, "umbrella markets", umbrella_markets, market_ids())
    umbrella_ids = frozenset(lexicon.umbrellas)
    _check(name, "market_anaphors umbrellas", lexicon.market_anaphors.umbrella_nouns, umbrella_ids)
    return lexicon


@cache
def actor_cues() -> ActorCues:
    """The cue vocabulary for recognising and typing actors."""
    name = "actor_cues.yaml"
    cues = _validate(name, ActorCues, _mapping(name))
    typed = (
        *cues.collective_heads,
        *cues.typed_heads,
        *cues.modifiers,
        *cues.name_heads,
        *cues.name_suffixes,
        *cues.apposition_heads,
    )
    _check(name, "actor types", (cue.actor_type for cue in typed), actor_type_ids())
    named = (*cues.regional_demonyms, *cues.ethnic_groups)
    codes = (code for demonym in named for code in demonym.countries)
    _check(name, "countries", codes, frozenset(countries()))
    return cues


@cache
def collective_kinds() -> CollectiveKinds:
    """The kinds of unnamed collectives: labels, head lemmas and the types that decide them."""
    name = "collective_classes.yaml"
    table = _validate(name, CollectiveKinds, _mapping(name))
    types = (kind.actor_type for kind in table.kinds.values())
    _check(name, "actor types", types, actor_type_ids())
    return table


@cache
def non_actors() -> NonActors:
    """Organisations, head nouns and exceptions for names that are never criminal actors."""
    name = "non_actors.yaml"
    table = _validate(name, NonActors, _mapping(name))
    codes = (item.country for item in table.organisations)
    _check(name, "countries", codes, frozenset(countries()))
    return table


@cache
def word_lists() -> WordLists:
    """The word lists of the actor and place finders: listing words, name particles, group
    kinds, and the grammar words of each finder."""
    name = "word_lists.yaml"
    lists = _validate(name, WordLists, _mapping(name))
    _check(name, "stem group kinds", lists.stem_group_kinds, frozenset(lists.group_kinds))
    _check(name, "actor types", lists.actors.type_class_lemmas, actor_type_ids())
    return lists


@cache
def place_cues() -> PlaceCues:
    """The cue words of the place finders (``areas.yaml``, section ``cues``)."""
    name = "areas.yaml"
    return _validate(name, PlaceCues, _mapping(name).get("cues"))
