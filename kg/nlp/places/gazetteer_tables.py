"""The gazetteer lookup tables (countries, areas, regions, GeoNames cities), compiled once."""

from __future__ import annotations

import marshal
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache

from kg.compiled import DecodedMap
from kg.lexicon import gazetteer
from kg.lexicon.gazetteer import AreaEntry, CityEntry, Subdivision
from kg.lexicon.load import countries
from kg.lexicon.models import CountryEntry
from kg.lexicon.normalise import ascii_name, fold, fold_key
from kg.lexicon.place_entities import (
    area_entity,
    city_entity,
    country_entity,
    region_entity,
)
from kg.models import Entity
from kg.nlp.places.words import CAPITAL_CITY_POPULATION

FIRST_RUN = re.compile(r"[^a-z0-9]*([a-z0-9]+)")


def lookup_key(text: str) -> str:
    """The lookup key of proper names (:func:`kg.lexicon.normalise.fold`: script, accents,
    case, apostrophes, dashes, spaces, "the")."""
    return fold(text)


def _ascii(text: str) -> str:
    """The text in ASCII, case kept ("Culiacán" -> "Culiacan")."""
    return ascii_name(text)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of a gazetteer form."""

    kind: str  # country | area | region | city
    ref: CountryEntry | AreaEntry | Subdivision | CityEntry
    country: str | None
    name: str
    population: int = 0
    cue_only: bool = False
    primary: bool = False
    """A city of 50,000 or more that is the largest of its first-level division (Lima, Cusco;
    not Guanajuato or Puno): without a cue, it wins over a region of the same name."""


@dataclass(slots=True)
class _Tables:
    """Gazetteer forms by lookup key: phrase-matched (countries, areas), indexed (regions, cities)
    and case-sensitive abbreviations."""

    phrases: Mapping[str, list[Candidate]] = field(default_factory=lambda: defaultdict(list))
    phrase_forms: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    names: Mapping[str, list[Candidate]] = field(default_factory=lambda: defaultdict(list))
    first_runs: dict[str, int] = field(default_factory=dict)
    exact: Mapping[str, list[Candidate]] = field(default_factory=lambda: defaultdict(list))
    exact_forms: set[str] = field(default_factory=set)

    def add_phrase(self, candidate: Candidate, name: str) -> None:
        self.phrases[fold_key(name)].append(candidate)
        bare = name[4:] if name[:4].casefold() == "the " else name
        self.phrase_forms[candidate.kind].update({bare, _ascii(bare)})

    def add_name(self, candidate: Candidate, name: str) -> None:
        key = lookup_key(name)
        run = FIRST_RUN.match(key)
        if run is None:
            return
        self.names[key].append(candidate)
        width = len(name.split()) + sum(1 for c in name if not c.isalnum() and not c.isspace())
        first = run.group(1)
        self.first_runs[first] = max(self.first_runs.get(first, 0), width)

    def add_exact(self, candidate: Candidate, name: str) -> None:
        self.exact[name.replace(".", "")].append(candidate)
        self.exact_forms.update({name, name.replace(".", "")})


@cache
def place_tables() -> _Tables:
    """Every gazetteer form (built once, then loaded from the compiled cache)."""
    from kg.compiled import compiled

    return compiled("place-forms", _build_tables, _encode_tables, _decode_tables)


_Row = tuple[str, str | int, str | None, str, int, bool, bool]


def _encode_candidate(candidate: Candidate) -> _Row:
    ref = candidate.ref
    if isinstance(ref, CountryEntry):
        ref_id: str | int = ref.iso2
    elif isinstance(ref, Subdivision):
        ref_id = ref.code
    elif isinstance(ref, CityEntry):
        ref_id = ref.geonames_id
    else:
        ref_id = ref.key
    return (
        candidate.kind,
        ref_id,
        candidate.country,
        candidate.name,
        candidate.population,
        candidate.cue_only,
        candidate.primary,
    )


def _encode_tables(tables: _Tables) -> tuple:
    def rows(table: Mapping[str, list[Candidate]]) -> dict[str, bytes]:
        # each key's rows marshalled on their own: loading the entry then makes one bytes
        # object per key instead of its tuples (a third of the time for 66,000 keys), and the
        # rows are read when a lookup first asks for the key
        return {
            key: marshal.dumps([_encode_candidate(c) for c in found])
            for key, found in table.items()
        }

    return (
        rows(tables.phrases),
        {kind: set(forms) for kind, forms in tables.phrase_forms.items()},
        rows(tables.names),
        dict(tables.first_runs),
        rows(tables.exact),
        set(tables.exact_forms),
    )


def _decode_tables(data: object) -> _Tables:
    """The tables :func:`_encode_tables` wrote. A key's candidates are made, and their
    references resolved to live entries, when a lookup first asks for that key: a document
    looks up a few hundred of the 66,000 keys."""
    if not isinstance(data, tuple) or len(data) != 6:
        raise ValueError("not a table of place forms")
    phrases, phrase_forms, names, first_runs, exact, exact_forms = data
    if not all(isinstance(table, dict) for table in (phrases, phrase_forms, names, exact)):
        raise ValueError("not a table of place forms")
    resolvers: dict[str, Callable[[], Mapping]] = {
        "country": countries,
        "area": lambda: {area.key: area for area in gazetteer.areas()},
        "region": lambda: {sub.code: sub for sub in gazetteer.subdivisions()},
        "city": gazetteer.cities_by_id,
    }
    refs: dict[str, Mapping] = {}
    made: dict[_Row, Candidate] = {}

    def candidate(row: _Row) -> Candidate:
        found = made.get(row)
        if found is None:
            kind, ref_id, country, name, population, cue_only, primary = row
            if kind not in refs:
                refs[kind] = resolvers[kind]()
            found = Candidate(
                kind, refs[kind][ref_id], country, name, population, cue_only, primary
            )
            made[row] = found
        return found

    def candidates(blob: object) -> list[Candidate]:
        try:
            rows = marshal.loads(blob)  # type: ignore[arg-type]
        except EOFError:
            rows = None
        if not isinstance(rows, list):
            raise ValueError("not a list of place candidates")
        return [candidate(row) for row in rows]

    return _Tables(
        phrases=DecodedMap(phrases, candidates),
        phrase_forms=defaultdict(set, phrase_forms),
        names=DecodedMap(names, candidates),
        first_runs=dict(first_runs),
        exact=DecodedMap(exact, candidates),
        exact_forms=set(exact_forms),
    )


_VARIANTS = ((" and ", " & "), ("-", " "), ("Saint ", "St "), ("Saint ", "St. "), ("St. ", "St "))
"""How the name of a country is also written: "Antigua & Barbuda", "Guinea Bissau", "Timor
Leste", "St Kitts and Nevis"."""


def spelling_variants(name: str) -> set[str]:
    """A country's name as texts also write it (:data:`_VARIANTS`, applied in turn)."""
    forms = {name}
    for written, other in _VARIANTS:
        forms |= {form.replace(written, other) for form in forms if written in form}
    return forms


def _build_tables() -> _Tables:
    tables = _Tables()
    for entry in countries().values():
        for alias in entry.surface_forms():
            candidate = Candidate("country", entry, entry.iso2, entry.name)
            if alias.case_sensitive:
                tables.add_exact(candidate, alias.name)
                continue
            for form in sorted(spelling_variants(alias.name)):
                tables.add_phrase(candidate, form)
    for area in gazetteer.areas():
        for alias in area.surface_forms() if area.match else ():
            candidate = Candidate("area", area, None, alias.name)
            add = tables.add_exact if alias.case_sensitive else tables.add_phrase
            add(candidate, alias.name)
    for sub in gazetteer.subdivisions():
        for alias in sub.names:
            cue_only = alias.key in sub.cue_only
            candidate = Candidate("region", sub, sub.country, alias.name, cue_only=cue_only)
            add = tables.add_exact if alias.case_sensitive else tables.add_name
            add(candidate, alias.name)
    largest = _largest_cities()
    for city in gazetteer.cities():
        primary = city.population >= CAPITAL_CITY_POPULATION and city.population >= largest.get(
            (city.country, city.admin1), 0
        )
        candidate = Candidate(
            "city", city, city.country, city.name, city.population, False, primary
        )
        tables.add_name(candidate, city.name)
    return tables


def _largest_cities() -> dict[tuple[str, str | None], int]:
    """(country, GeoNames admin1) -> the population of its largest city."""
    largest: dict[tuple[str, str | None], int] = {}
    for city in gazetteer.cities():
        key = (city.country, city.admin1)
        largest[key] = max(largest.get(key, 0), city.population)
    return largest


def candidate_entity(candidate: Candidate) -> Entity:
    ref = candidate.ref
    if isinstance(ref, CountryEntry):
        return country_entity(ref.iso2)
    if isinstance(ref, Subdivision):
        return region_entity(ref.code)
    if isinstance(ref, CityEntry):
        return city_entity(ref)
    return area_entity(ref)
