"""Gazetteer places as entities: countries, ISO 3166-2 regions, GeoNames cities, named areas and
border zones, keyed by :mod:`kg.lexicon.keys`.

Shared by the place finder (``ockg_places``), which mentions them, and by the graph, which adds
the ancestors of every extracted place (:func:`place_entity`, :func:`place_lineage`).
"""

from __future__ import annotations

from functools import cache

from kg.lexicon import gazetteer
from kg.lexicon.admin1 import admin1_region
from kg.lexicon.gazetteer import AreaEntry, CityEntry
from kg.lexicon.keys import border_key, border_sides, city_key, country_key, region_key, slug
from kg.lexicon.load import countries
from kg.models import Entity, EntityKind, PlaceType

__all__ = [
    "area_entity",
    "border_entity",
    "city_entity",
    "country_entity",
    "place_entity",
    "place_lineage",
    "region_entity",
]


@cache
def country_entity(iso2: str) -> Entity:
    """The entity of a country: label as countries.yaml writes it, parent its continent."""
    entry = countries()[iso2.upper()]
    return Entity(
        key=country_key(entry.iso2),
        kind=EntityKind.PLACE,
        label=entry.name,
        place_type=PlaceType.COUNTRY,
        parent=f"place/continent/{slug(entry.continent)}",
        iso_code=entry.iso2,
        geonames_id=gazetteer.country_geonames_id(entry.iso2),
    )


@cache
def region_entity(code: str) -> Entity:
    """The entity of a first-level ISO 3166-2 subdivision, located in its country."""
    sub = gazetteer.subdivision(code)
    if sub is None:
        raise KeyError(code)
    return Entity(
        key=region_key(sub.code),
        kind=EntityKind.PLACE,
        label=sub.label,
        place_type=PlaceType.REGION,
        parent=country_key(sub.country),
        iso_code=sub.code,
    )


@cache
def city_entity(entry: CityEntry) -> Entity:
    """The entity of a GeoNames city, located in its ISO region where known, else its country."""
    region = admin1_region(entry.country, entry.admin1)
    return Entity(
        key=city_key(entry.country, entry.name),
        kind=EntityKind.PLACE,
        label=entry.name,
        place_type=PlaceType.CITY,
        parent=region_key(region) if region else country_key(entry.country),
        geonames_id=entry.geonames_id,
        latitude=entry.latitude,
        longitude=entry.longitude,
    )


@cache
def area_entity(entry: AreaEntry) -> Entity:
    """The entity of a named area, world region, continent, river, road or sea."""
    return Entity(
        key=entry.key,
        kind=EntityKind.PLACE,
        label=entry.name,
        place_type=entry.place_type,
        parent=entry.parent,
        wikidata=entry.wikidata,
        geonames_id=entry.geonames,
    )


def border_entity(first: str, second: str) -> Entity:
    """The border zone between two countries (``place/border/<A>-<B>``, codes sorted)."""
    a, b = sorted((first.upper(), second.upper()))
    names = countries()
    return Entity(
        key=border_key(a, b),
        kind=EntityKind.PLACE,
        label=f"{names[a].name}–{names[b].name} border",
        place_type=PlaceType.BORDER,
    )


def place_entity(key: str) -> Entity | None:
    """The entity of a gazetteer place key (country, region, city, continent, world region,
    named area, road, river), to add the ancestors of extracted places to a graph; None for keys
    no gazetteer defines (borders, facilities and places found by cues or the NER)."""
    parts = key.split("/")
    if len(parts) < 3 or parts[0] != "place":
        return None
    segment, rest = parts[1], "/".join(parts[2:])
    if segment == "country":
        return country_entity(rest) if rest.upper() in countries() else None
    if segment == "region":
        return region_entity(rest) if gazetteer.subdivision(rest) is not None else None
    if segment == "city" and len(parts) == 4:
        entry = _city_by_slug(parts[2].upper(), parts[3])
        return city_entity(entry) if entry is not None else None
    area = next((a for a in gazetteer.areas() if a.key == key), None)
    return area_entity(area) if area is not None else None


def place_lineage(entity: Entity) -> list[Entity]:
    """The places ``entity`` lies in, nearest first, as far as the gazetteers know them
    (Cusco -> Cusco region -> Peru -> Americas); both countries for a border."""
    if entity.place_type is PlaceType.BORDER:
        sides = [country_entity(code) for code in border_sides(entity.key) if code in countries()]
        return [*sides, *(a for side in sides[:1] for a in place_lineage(side))]
    out: list[Entity] = []
    parent = entity.parent
    while parent is not None and all(e.key != parent for e in out):
        found = place_entity(parent)
        if found is None:
            break
        out.append(found)
        parent = found.parent
    return out


@cache
def _cities_by_slug() -> dict[tuple[str, str], CityEntry]:
    from kg.compiled import compiled

    return compiled(
        "cities-by-slug", _build_cities_by_slug, gazetteer.city_ids, gazetteer.cities_from_ids
    )


def _build_cities_by_slug() -> dict[tuple[str, str], CityEntry]:
    table: dict[tuple[str, str], CityEntry] = {}
    for entry in gazetteer.cities():
        key = (entry.country, slug(entry.name))
        known = table.get(key)
        if known is None or known.population < entry.population:
            table[key] = entry
    return table


def _city_by_slug(iso2: str, name_slug: str) -> CityEntry | None:
    return _cities_by_slug().get((iso2, name_slug))
