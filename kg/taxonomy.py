"""The indicator taxonomy, read from ``ontology/indicators.yaml`` (its single source of truth)."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from kg.models import EDITIONS, Indicator, IndicatorKind
from kg.resources import load_yaml

__all__ = [
    "components",
    "editions",
    "indicator",
    "indicator_for_label",
    "indicators",
    "scored",
]


@cache
def indicators() -> tuple[Indicator, ...]:
    """All indicators, in the order pages print them."""
    data = load_yaml("indicators.yaml")
    assert isinstance(data, dict)
    items = tuple(Indicator.model_validate(item) for item in data["indicators"])
    ids = {item.id for item in items}
    for item in items:
        if item.broader is not None and item.broader not in ids:
            raise ValueError(f"indicators.yaml: {item.id} has unknown broader {item.broader}")
    return items


def editions() -> tuple[int, ...]:
    """The editions the taxonomy knows."""
    data = load_yaml("indicators.yaml")
    assert isinstance(data, dict)
    return tuple(data.get("editions", EDITIONS))


@cache
def _by_id() -> dict[str, Indicator]:
    return {item.id: item for item in indicators()}


def indicator(indicator_id: str) -> Indicator:
    """The indicator with this id (KeyError if unknown)."""
    return _by_id()[indicator_id]


@lru_cache(maxsize=8192)
def _fold_label(text: str) -> str:
    return re.sub(r"[\s\-‐-―]+", " ", text.replace("’", "'")).strip().casefold()


@cache
def _by_label() -> dict[str, Indicator]:
    table: dict[str, Indicator] = {}
    for item in indicators():
        for label in (item.label, *item.page_labels):
            table[_fold_label(label)] = item
    return table


def indicator_for_label(line: str) -> Indicator | None:
    """The indicator whose name (or a page variant of it) is exactly this line."""
    return _by_label().get(_fold_label(line))


def scored(edition: int, kind: IndicatorKind | None = None) -> tuple[Indicator, ...]:
    """Indicators scored in ``edition`` (optionally of one kind), in page order."""
    return tuple(
        item
        for item in indicators()
        if item.scored_in(edition) and (kind is None or item.kind == kind)
    )


def components(composite_id: str, edition: int) -> tuple[Indicator, ...]:
    """The indicators whose mean is ``composite_id`` in ``edition``."""
    return tuple(item for item in scored(edition) if item.broader == composite_id)
