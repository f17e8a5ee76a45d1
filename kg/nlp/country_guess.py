"""Guess the country a plain analytic text is about, from the countries and demonyms it names."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from kg.lexicon.load import countries
from kg.lexicon.normalise import fold

__all__ = ["guess_country"]


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str], dict[str, str]]:
    """(case-insensitive names, case-sensitive names, folded name -> ISO2, exact -> ISO2)."""
    folded: dict[str, str] = {}
    exact: dict[str, str] = {}
    for iso2, entry in countries().items():
        for alias in (entry.name, *entry.aliases):
            name = getattr(alias, "name", alias)
            if getattr(alias, "case_sensitive", False):
                exact.setdefault(name, iso2)
            else:
                folded.setdefault(fold(name), iso2)
        for demonym in entry.demonyms:
            folded.setdefault(fold(getattr(demonym, "name", demonym)), iso2)

    def alternation(names: list[str]) -> str:
        return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))

    loose = re.compile(rf"(?<!\w)(?:{alternation(list(folded))})(?!\w)")
    strict = re.compile(rf"(?<!\w)(?:{alternation(list(exact))})(?!\w)")
    return loose, strict, folded, exact


def guess_country(text: str) -> str | None:
    """ISO2 of the most-named country (names and demonyms), earliest first on ties; None if none."""
    loose, strict, folded, exact = _patterns()
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for match in loose.finditer(fold(text)):
        iso2 = folded[match.group(0)]
        counts[iso2] += 1
        first.setdefault(iso2, match.start())
    for match in strict.finditer(text):
        iso2 = exact[match.group(0)]
        counts[iso2] += 1
        first.setdefault(iso2, match.start())
    if not counts:
        return None
    return max(counts, key=lambda iso2: (counts[iso2], -first[iso2]))
