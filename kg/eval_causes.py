"""Why claims are missed or spurious: ``ockg eval --causes`` counts each error by its cause.

A missed claim is a gold claim the extraction lacks; a spurious one an extracted claim the gold
lacks (the same content matching as :mod:`kg.evaluate`). Each gets one cause, the first that
holds, from what was found or annotated in the whole document: an actor or place not found at
all calls for better mentions, one found but not paired for better attachment rules. The
counts name no document, sentence or entity, so they can be read on a held-out set without
reading it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from kg.evaluate import GoldDocument, claim_sets
from kg.models import Extraction

__all__ = ["CauseKey", "error_causes"]

CauseKey = tuple[str, str, str]
"""(claim kind, "missed" or "spurious", cause)."""

_Pair = tuple[str, str]


def error_causes(gold: GoldDocument, extraction: Extraction) -> Counter[CauseKey]:
    """The missed and spurious claims of one document, counted by claim kind and cause."""
    home = f"place/country/{gold.country}" if gold.country else None
    found = {m.entity for m in extraction.mentions} | {home}
    annotated = {m.entity for m in gold.mentions} | {home}
    sets = claim_sets(gold, extraction)
    counts: Counter[CauseKey] = Counter()
    _pairs(counts, "group-place", *sets["group-place"], found, annotated, home, ("actor", "place"))
    _pairs(counts, "group-market", *sets["group-market"], found, annotated, None, ("actor", None))
    _pairs(counts, "market-place", *sets["market-place"], found, annotated, home, (None, "place"))
    _relationships(counts, *sets["relationship"], found, annotated)
    _routes(counts, *sets["route"], found, annotated)
    return counts


def _pairs(
    counts: Counter[CauseKey],
    kind: str,
    gold: set[_Pair],
    found_pairs: set[_Pair],
    found: set[str | None],
    annotated: set[str | None],
    home: str | None,
    roles: tuple[str | None, str | None],
) -> None:
    """Causes of one kind of pair claim; ``roles`` names the sides that are mentions."""
    for first, second in gold - found_pairs:
        missing = _first_missing((first, second), roles, found, "not found")
        if missing:
            cause = missing
        elif any(f == first for f, _ in found_pairs):
            cause = f"{roles[0] or 'market'} paired elsewhere"
        else:
            cause = "both found, not paired"
        counts[(kind, "missed", cause)] += 1
    for first, second in found_pairs - gold:
        missing = _first_missing((first, second), roles, annotated, "not in the gold")
        if missing:
            cause = missing
        elif home is not None and second == home:
            cause = "place is the document's country"
        elif any(g == first for g, _ in gold):
            cause = f"{roles[0] or 'market'} paired elsewhere in the gold"
        else:
            cause = "both in the gold, not paired"
        counts[(kind, "spurious", cause)] += 1


def _first_missing(
    pair: _Pair, roles: tuple[str | None, str | None], known: set[str | None], how: str
) -> str | None:
    for value, role in zip(pair, roles, strict=True):
        if role is not None and value not in known:
            return f"{role} {how}"
    return None


def _relationships(
    counts: Counter[CauseKey],
    gold: set[tuple[str, ...]],
    found_rel: set[tuple[str, ...]],
    found: set[str | None],
    annotated: set[str | None],
) -> None:
    gold_pairs = {tuple(sorted(r[1:])) for r in gold}
    found_pairs = {tuple(sorted(r[1:])) for r in found_rel}
    for rel in gold - found_rel:
        counts[("relationship", "missed", _rel_cause(rel, found_pairs, found, "not found"))] += 1
    for rel in found_rel - gold:
        cause = _rel_cause(rel, gold_pairs, annotated, "not in the gold")
        counts[("relationship", "spurious", cause)] += 1


def _rel_cause(
    rel: tuple[str, ...], other_pairs: set[tuple[str, ...]], known: set[str | None], how: str
) -> str:
    if tuple(sorted(rel[1:])) in other_pairs:
        return "pair right, kind differs"
    if any(actor not in known for actor in rel[1:]):
        return f"an actor {how}"
    return "both actors there, not paired"


def _routes(
    counts: Counter[CauseKey],
    gold: set[tuple[str | None, ...]],
    found_routes: set[tuple[str | None, ...]],
    found: set[str | None],
    annotated: set[str | None],
) -> None:
    def cause_of(route: tuple[str | None, ...], others: set, known: set, how: str) -> str:
        _, origin, destination = route
        paths = {(o, d) for _, o, d in others}
        if (origin, destination) in paths:
            return "path right, market differs"
        if (destination, origin) in paths:
            return "reversed"
        if any(stop is not None and stop not in known for stop in (origin, destination)):
            return f"a stop {how}"
        if _one_end(origin, destination, paths):
            return "one end right"
        return "both stops there, not paired"

    for route in gold - found_routes:
        counts[("route", "missed", cause_of(route, found_routes, found, "not found"))] += 1
    for route in found_routes - gold:
        cause = cause_of(route, gold, annotated, "not in the gold")
        counts[("route", "spurious", cause)] += 1


def _one_end(origin: str | None, destination: str | None, paths: Iterable[_Pair]) -> bool:
    """Whether some path shares the route's origin or its destination (a stop, not None)."""
    return any(
        (origin is not None and origin == o) or (destination is not None and destination == d)
        for o, d in paths
    )
