"""GeoNames admin1 codes mapped to ISO 3166-2 first-level subdivisions, from cities named like
their region and, where those show GeoNames using ISO suffixes, from the codes themselves."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from kg.lexicon.gazetteer import CityEntry, cities, subdivisions

__all__ = ["admin1_region"]


_NAMESAKE_SHARE = 0.1
"""A namesake city counts only if it has this share of its admin1's largest city's population:
Caldas (Antioquia, 80,000 people) is not the capital of the Caldas department."""


def _namesake_evidence() -> dict[str, dict[str, CityEntry]]:
    """Country -> subdivision code -> the most populous city named like the subdivision."""
    from kg.lexicon.normalise import fold_key

    largest: dict[tuple[str, str], int] = {}
    for entry in cities():
        if entry.admin1 is not None:
            place = (entry.country, entry.admin1)
            largest[place] = max(largest.get(place, 0), entry.population)

    by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    for sub in subdivisions():
        for alias in sub.names:
            keys = {
                alias.key,
                re.sub(r"^(?:el|la|los|las|le|les|al|an|ar|as|ash|az) ", "", alias.key),
            }
            for key in keys:
                by_name[(sub.country, key)].append(sub.code)
    evidence: dict[str, dict[str, CityEntry]] = defaultdict(dict)
    for entry in cities():
        if entry.admin1 is None:
            continue
        if entry.population < _NAMESAKE_SHARE * largest[(entry.country, entry.admin1)]:
            continue
        for code in by_name.get((entry.country, fold_key(entry.name)), ()):
            known = evidence[entry.country].get(code)
            if known is None or known.population < entry.population:
                evidence[entry.country][code] = entry
    return evidence


def _identity_admin1(country: str, admin1_codes: set[str]) -> dict[str, str]:
    """admin1 -> ISO code where the admin1 code is the ISO suffix itself."""
    suffixes = {
        sub.code.split("-", 1)[1]: sub.code for sub in subdivisions() if sub.country == country
    }
    return {admin1: suffixes[admin1] for admin1 in admin1_codes if admin1 in suffixes}


def _country_admin1(
    country: str, admin1_codes: set[str], namesakes: dict[str, CityEntry]
) -> dict[str, str]:
    """admin1 -> ISO code for one country.

    Alphabetic GeoNames codes that are nearly all ISO suffixes (US ``CA``, Switzerland ``ZH``) are
    taken as they are; otherwise cities named like their region decide, and the codes themselves
    fill the gaps only where those namesakes show GeoNames using ISO suffixes.
    """
    identity = _identity_admin1(country, admin1_codes)
    alphabetic = sum(1 for code in admin1_codes if code.isalpha())
    if (
        admin1_codes
        and len(identity) >= 0.9 * len(admin1_codes)
        and 2 * alphabetic > len(admin1_codes)
    ):
        return identity
    claims: dict[str, tuple[int, str]] = {}
    for code, entry in namesakes.items():
        admin1 = entry.admin1 or ""
        known = claims.get(admin1)
        if known is None or known[0] < entry.population:
            claims[admin1] = (entry.population, code)
    table = {admin1: code for admin1, (_, code) in claims.items()}
    agreeing = sum(1 for admin1, code in table.items() if identity.get(admin1) == code)
    if len(table) >= 2 and 2 * agreeing >= len(table):
        mapped = set(table.values())
        for admin1, code in identity.items():
            if admin1 not in table and code not in mapped:
                table[admin1] = code
    return table


def _admin1_pairs(table: dict[tuple[str, str], str]) -> tuple[tuple[tuple[str, str], str], ...]:
    return tuple(table.items())


def _admin1_from_pairs(pairs: object) -> dict[tuple[str, str], str]:
    if not isinstance(pairs, tuple):
        raise ValueError("not an admin1 table")
    return dict(pairs)


@cache
def _admin1_table() -> dict[tuple[str, str], str]:
    from kg.compiled import compiled

    return compiled("admin1-regions", _build_admin1_table, _admin1_pairs, _admin1_from_pairs)


def _build_admin1_table() -> dict[tuple[str, str], str]:
    codes: dict[str, set[str]] = defaultdict(set)
    for entry in cities():
        if entry.admin1 is not None:
            codes[entry.country].add(entry.admin1)
    evidence = _namesake_evidence()
    table: dict[tuple[str, str], str] = {}
    for country, admin1_codes in codes.items():
        for admin1, code in _country_admin1(
            country, admin1_codes, evidence.get(country, {})
        ).items():
            table[(country, admin1)] = code
    return table


def admin1_region(iso2: str, admin1: str | None) -> str | None:
    """The ISO 3166-2 code of a GeoNames admin1 division, where it can be inferred.

    GeoNames admin1 codes are not ISO codes (Peru's Puno is ``21``, ISO ``PE-PUN``). The mapping
    comes from cities named like their region (Puno in admin1 ``21``) and, in countries where
    those show GeoNames using the ISO suffixes themselves (the US, Switzerland), from the codes.
    """
    if admin1 is None:
        return None
    return _admin1_table().get((iso2.upper(), admin1))
