"""Actor lookups: the named group a name refers to, and whether a name is a known non-actor.

:func:`resolve_group` reads ``groups.yaml``; :func:`match_non_actor` reads ``non_actors.yaml``
(international bodies, agencies, state bodies, places, facilities, media) after the groups, so a
group named like a state body ("Revolutionary Armed Forces") stays an actor.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from kg.lexicon.load import groups, non_actors
from kg.lexicon.models import GroupEntry, HeadNoun, NonActorOrganisation
from kg.lexicon.normalise import fold_key

__all__ = ["NonActorMatch", "group_by_id", "match_non_actor", "resolve_group"]

_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")


@cache
def _by_name() -> tuple[dict[str, GroupEntry], dict[str, GroupEntry]]:
    """(folded name -> group, case-sensitive abbreviation -> group); a clash is a data error."""
    folded: dict[str, GroupEntry] = {}
    exact: dict[str, GroupEntry] = {}
    for entry in groups():
        for alias in entry.surface_forms():
            table = exact if alias.case_sensitive else folded
            known = table.setdefault(alias.key, entry)
            if known.id != entry.id:
                raise ValueError(f"groups.yaml: {alias.name!r} names {known.id} and {entry.id}")
    return folded, exact


@cache
def _by_id() -> dict[str, GroupEntry]:
    return {entry.id: entry for entry in groups()}


def group_by_id(group_id: str) -> GroupEntry:
    """The group with this id (KeyError if unknown)."""
    return _by_id()[group_id]


def resolve_group(name: str) -> GroupEntry | None:
    """The group a name refers to ("the 'Ndrangheta", "Cartel de Sinaloa", "CJNG"), or None.

    Names fold case, accents, apostrophes, punctuation and a leading "the"; abbreviations marked
    case-sensitive ("CV", "ELN") match only as written, dots optional.
    """
    folded, exact = _by_name()
    entry = folded.get(fold_key(name))
    if entry is None:
        entry = exact.get(_LEADING_ARTICLE.sub("", name.strip()).replace(".", ""))
    return entry


class NonActorMatch(BaseModel):
    """Why a name is not a criminal actor: a listed organisation, or a head noun."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["international", "agency", "state", "ngo", "media", "place", "facility"]
    organisation: NonActorOrganisation | None = None
    head: HeadNoun | None = None


@cache
def _organisations() -> tuple[dict[str, NonActorOrganisation], dict[str, NonActorOrganisation]]:
    folded: dict[str, NonActorOrganisation] = {}
    exact: dict[str, NonActorOrganisation] = {}
    for organisation in non_actors().organisations:
        for alias in organisation.surface_forms():
            (exact if alias.case_sensitive else folded).setdefault(alias.key, organisation)
    return folded, exact


@cache
def _heads() -> tuple[tuple[tuple[str, ...], HeadNoun], ...]:
    """Head nouns as folded token tuples, longest first."""
    heads = ((tuple(fold_key(head.term).split()), head) for head in non_actors().head_nouns)
    return tuple(sorted(heads, key=lambda item: -len(item[0])))


@cache
def _exceptions() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(fold_key(phrase).split()) for phrase in non_actors().exceptions)


def _contains(tokens: tuple[str, ...], part: tuple[str, ...]) -> bool:
    width = len(part)
    return any(tokens[i : i + width] == part for i in range(len(tokens) - width + 1))


def _ends_with(tokens: tuple[str, ...], head: tuple[str, ...]) -> bool:
    width = len(head)
    if len(tokens) < width or tokens[len(tokens) - width : -1] != head[:-1]:
        return False
    last = tokens[-1]
    return last == head[-1] or (last.endswith("s") and last[:-1] == head[-1])


def _head_match(tokens: tuple[str, ...]) -> HeadNoun | None:
    for head_tokens, head in _heads():
        width = len(head_tokens)
        if head.position == "first":
            if len(tokens) > width and tokens[:width] == head_tokens:
                return head
        elif _ends_with(tokens, head_tokens) or (
            tokens[:width] == head_tokens and tokens[width : width + 1] == ("of",)
        ):
            return head
    return None


def match_non_actor(name: str, *, check_groups: bool = True) -> NonActorMatch | None:
    """Why ``name`` can never be a criminal actor, or None if nothing says so.

    Order: a group of ``groups.yaml`` is an actor (skipped with ``check_groups=False``); a listed
    organisation is not; a name containing an exception phrase ("Revolutionary Armed Forces") is
    left alone; otherwise a head noun decides ("Interior Ministry", "Port of Callao").
    """
    if check_groups and resolve_group(name) is not None:
        return None
    folded, exact = _organisations()
    organisation = folded.get(fold_key(name)) or exact.get(
        _LEADING_ARTICLE.sub("", name.strip()).replace(".", "")
    )
    if organisation is not None:
        return NonActorMatch(kind=organisation.kind, organisation=organisation)
    tokens = tuple(fold_key(name).split())
    if not tokens or any(_contains(tokens, phrase) for phrase in _exceptions()):
        return None
    head = _head_match(tokens)
    return NonActorMatch(kind=head.kind, head=head) if head is not None else None
