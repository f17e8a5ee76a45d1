"""Which countries a place key covers: a country itself, its regions and cities, and the
countries of a continent, world region or cross-border area.

A named area's countries are its ``countries`` in ``areas.yaml``; an Index continent or
ranking region also covers every country ``countries.yaml`` files under it (its ``continent``
or ``region``), so those member lists are written once.
"""

from __future__ import annotations

from functools import cache

from kg.lexicon.gazetteer import areas
from kg.lexicon.load import countries

__all__ = ["countries_of", "covers"]


@cache
def _area_countries() -> dict[str, frozenset[str]]:
    """Area key -> the ISO codes it covers (explicit members and the Index's own filing)."""
    by_continent: dict[str, set[str]] = {}
    by_region: dict[str, set[str]] = {}
    for code, entry in countries().items():
        by_continent.setdefault(entry.continent.casefold(), set()).add(code)
        if entry.region:
            by_region.setdefault(entry.region.casefold(), set()).add(code)
    out: dict[str, frozenset[str]] = {}
    for area in areas():
        members = set(area.countries)
        name = area.name.casefold()
        if area.type == "continent":
            members |= by_continent.get(name, set())
        elif area.type == "world-region":
            members |= by_region.get(name, set())
        out[area.key] = frozenset(members)
    return out


def countries_of(key: str) -> frozenset[str]:
    """The ISO codes a place key covers: its country for a country, region, city or facility;
    both sides of a border; a continent's, world region's or area's members; empty when
    unknown (a road or river without listed countries)."""
    parts = key.split("/")
    if len(parts) < 3 or parts[0] != "place":
        return frozenset()
    kind, rest = parts[1], parts[2]
    if kind == "country":
        return frozenset({rest})
    if kind in {"city", "facility"}:
        return frozenset({rest})
    if kind == "region":
        return frozenset({rest.split("-", 1)[0]})
    if kind == "border":
        return frozenset(rest.split("-"))
    return _area_countries().get(key, frozenset())


def covers(key: str, iso2: str) -> bool:
    """Whether the place ``key`` covers the country ``iso2`` (Latin America covers Peru)."""
    return iso2 in countries_of(key)
