"""Country lookups: by any name the Index or a text uses, and by demonym."""

from __future__ import annotations

import re
from functools import cache

from kg.lexicon.load import countries
from kg.lexicon.models import CountryEntry
from kg.lexicon.normalise import fold_key

__all__ = ["countries_by_demonym", "country_by_demonym", "resolve_country"]

_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")


@cache
def _by_name() -> tuple[dict[str, str], dict[str, str]]:
    """(folded name -> code, case-sensitive abbreviation -> code); a clash is a data error.

    Folding some 2,000 names costs a cold start about 0.1 s, so the table is compiled
    (:mod:`kg.compiled`, keyed by the lexicon's digest)."""
    from kg.compiled import compiled

    return compiled("country-names", _build_by_name, _identity, _name_tables)


def _identity(tables: tuple[dict[str, str], dict[str, str]]) -> object:
    return tables


def _name_tables(data: object) -> tuple[dict[str, str], dict[str, str]]:
    """The two tables of a compiled entry; ``ValueError`` for anything else."""
    if not (isinstance(data, tuple) and len(data) == 2 and all(isinstance(t, dict) for t in data)):
        raise ValueError("not the country name tables")
    return data


def _build_by_name() -> tuple[dict[str, str], dict[str, str]]:
    folded: dict[str, str] = {}
    exact: dict[str, str] = {}
    for code, entry in countries().items():
        for alias in entry.surface_forms():
            table = exact if alias.case_sensitive else folded
            known = table.setdefault(alias.key, code)
            if known != code:
                raise ValueError(f"countries.yaml: {alias.name!r} names both {known} and {code}")
    return folded, exact


@cache
def _by_demonym() -> dict[str, tuple[str, ...]]:
    """Folded demonym -> codes, the owner first and countries sharing the demonym after."""
    owners: dict[str, str] = {}
    sharers: dict[str, list[str]] = {}
    for code, entry in countries().items():
        for word in entry.demonyms:
            known = owners.setdefault(fold_key(word), code)
            if known != code:
                raise ValueError(f"countries.yaml: demonym {word!r} owned by {known} and {code}")
        for word in entry.shared_demonyms:
            sharers.setdefault(fold_key(word), []).append(code)
    table: dict[str, tuple[str, ...]] = {key: (code,) for key, code in owners.items()}
    for key, codes in sharers.items():
        if key not in table:
            raise ValueError(f"countries.yaml: shared demonym {key!r} has no owner")
        table[key] = (*table[key], *sorted(codes))
    return table


def resolve_country(name: str) -> CountryEntry | None:
    """The country a name refers to, or None.

    Case-, accent-, article- and punctuation-insensitive for names ("the United States",
    "Congo, Dem. Rep.", "Cote d'Ivoire"); abbreviations that are words in lower case match only
    as written, dots optional ("US", "U.S.", "UK", "DRC").
    """
    folded, exact = _by_name()
    code = folded.get(fold_key(name))
    if code is None:
        code = exact.get(_LEADING_ARTICLE.sub("", name.strip()).replace(".", ""))
    return countries()[code] if code is not None else None


def countries_by_demonym(word: str) -> tuple[CountryEntry, ...]:
    """Every country a demonym can refer to: its owner first ("Congolese": DR Congo, Congo)."""
    codes = _by_demonym().get(fold_key(word), ())
    return tuple(countries()[code] for code in codes)


def country_by_demonym(word: str, prefer: str | None = None) -> CountryEntry | None:
    """The country of a demonym ("Peruvians" -> Peru, "Filipino" -> Philippines), or None.

    A demonym shared by several countries ("Congolese", "Korean", "Dominican") resolves to its
    owner unless ``prefer`` (an ISO alpha-2 code, e.g. the profile's own country) is one of them.
    """
    candidates = countries_by_demonym(word)
    if not candidates:
        return None
    if prefer is not None:
        for entry in candidates:
            if entry.iso2 == prefer.upper():
                return entry
    return candidates[0]
