"""GeoNames' alternate names of cities, for reading a city the text spells its own way or names
by an exonym ("Kismayu", "Marseilles"): a compiled table per country, each decoded when a
document of that country first asks for it (``tests/data/README.md``, place keys)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from functools import cache

from kg.compiled import DecodedMap
from kg.lexicon.gazetteer import _FINAL_H, CityEntry, _geonames, cities, cities_by_id

__all__ = ["city_by_alternate"]


def _latin_name(name: str) -> bool:
    """Whether a GeoNames alternate name is one an English text may write: three characters or
    more, every letter Latin, not an all-capitals code ("KMU")."""
    import unicodedata

    if len(name) < 3 or not name[:1].isalpha() or name.isupper():
        return False
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in name)


def _build_city_alternates() -> dict[str, dict[str, int]]:
    from kg.lexicon.keys import slug

    own = {(slug(entry.name), entry.country) for entry in cities()}
    table: dict[str, dict[str, CityEntry]] = defaultdict(dict)
    for geonames_id, raw in _geonames().get_cities().items():
        entry = cities_by_id().get(int(geonames_id))
        if entry is None:
            continue
        names = table[entry.country]
        for name in raw.get("alternatenames") or ():
            key = slug(name)
            if (key, entry.country) in own or not _latin_name(name):
                continue
            known = names.get(key)
            if known is None or known.population < entry.population:
                names[key] = entry
    return {
        iso2: {key: entry.geonames_id for key, entry in names.items()}
        for iso2, names in table.items()
    }


def _alternate_rows(table: Mapping[str, Mapping[str, int]]) -> dict[str, bytes]:
    import marshal

    # one marshalled table per country, read when a lookup first asks for that country
    return {iso2: marshal.dumps(dict(names)) for iso2, names in table.items()}


def _alternates_from_rows(rows: object) -> Mapping[str, dict[str, int]]:
    import marshal

    if not isinstance(rows, dict):
        raise ValueError("not a table of alternate names")

    def names(blob: object) -> dict[str, int]:
        try:
            found = marshal.loads(blob)  # type: ignore[arg-type]
        except (EOFError, TypeError):
            found = None
        if not isinstance(found, dict):
            raise ValueError("not a table of alternate names")
        return found

    return DecodedMap(rows, names)


@cache
def _city_alternates() -> Mapping[str, dict[str, int]]:
    """ISO2 -> slug of a GeoNames alternate name -> the GeoNames id of the most populous city of
    that country bearing it, where no city of that country has it as its own name."""
    from kg.compiled import compiled

    return compiled(
        "city-alternates", _build_city_alternates, _alternate_rows, _alternates_from_rows
    )


def city_by_alternate(name: str, iso2: str) -> CityEntry | None:
    """The GeoNames city an alternate spelling or exonym names in this country ("Kismayu" ->
    Kismayo, "Marseilles" -> Marseille; a final "h" after a vowel may be dropped: "Hodeidah" ->
    Al Hudaydah, listed as "Hodeida"), where no city of the country is called so itself; a place
    keys by its canonical name (``tests/data/README.md``, place keys)."""
    from kg.lexicon.keys import slug

    names = _city_alternates().get(iso2.upper())
    if names is None:
        return None
    key = slug(name)
    geonames_id = names.get(key)
    if geonames_id is None and _FINAL_H.search(key):  # "Hodeidah" for GeoNames' "Hodeida"
        geonames_id = names.get(key[:-1])
    return cities_by_id().get(geonames_id) if geonames_id is not None else None
