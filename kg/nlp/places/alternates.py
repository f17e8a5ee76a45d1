"""Alternate spellings and exonyms of GeoNames cities ("Kismayu", "Marseilles", "Wari"): a name
the gazetteers do not know as a city's own name, but GeoNames lists as another name of a city of
the document's country, is that city, keyed by its canonical name
(``tests/data/README.md``, place keys)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.lexicon.city_alternates import city_by_alternate
from kg.lexicon.gazetteer import CityEntry
from kg.nlp.places.context import Context
from kg.nlp.places.gazetteer_tables import Candidate


def alternate_city(ctx: Context, name: str) -> CityEntry | None:
    """The city of the document's country that ``name`` is an alternate name of; None without
    a document country (a neighbour's alternates are not read: "Khorasan" in Iran is no
    Turkish Horasan)."""
    return city_by_alternate(name, ctx.country) if ctx.country is not None else None


ALTERNATE_WIDTH = 4
"""The most tokens of an alternate name read in running text ("Al - Hudaydah")."""


def alternate_spans(
    ctx: Context, taken: Iterable[tuple[int, int]]
) -> Iterator[tuple[int, int, list[Candidate]]]:
    """Cities of the document's country named by an alternate spelling ("Hodeidah" for Al
    Ḩudaydah): capitalised runs crossing no span the gazetteers already read, each the most
    populous city of the country bearing that name (no city of the country has it as its own)."""
    if ctx.country is None:
        return
    doc = ctx.doc
    busy = {i for start, end in taken for i in range(start, end)}
    for i, token in enumerate(doc):
        if not token.text[:1].isupper() or i in busy or token.is_stop:
            continue
        for j in range(i + 1, min(len(doc), i + ALTERNATE_WIDTH) + 1):
            last = doc[j - 1]
            if last.is_space or j - 1 in busy:
                break
            if not last.text[:1].isupper():
                continue
            entry = city_by_alternate(doc[i:j].text, ctx.country)
            if entry is not None:
                yield i, j, [Candidate("city", entry, entry.country, entry.name, entry.population)]
