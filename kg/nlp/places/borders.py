"""Borders: "the Peru–Ecuador border", "the Ecuadorian border", "the borders with Brazil …"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from kg.lexicon.countries import countries_by_demonym, resolve_country
from kg.lexicon.load import place_cues
from kg.lexicon.place_entities import (
    border_entity,
)
from kg.models import PlaceType
from kg.nlp.places.context import Context, Pick
from kg.nlp.places.words import DASHES, SCAN, place_words


def _country_code(word: str) -> str | None:
    entry = resolve_country(word) or next(iter(countries_by_demonym(word)), None)
    return entry.iso2 if entry else None


def _sides_of_word(text: str, home: str | None) -> tuple[str, str] | None:
    """The sides a word before "border" names: a joined pair ("U.S.-Mexico") or a demonym
    ("Ecuadorian": the document's country and Ecuador)."""
    for dash in DASHES:
        if dash in text.strip(dash):
            left, _, right = text.partition(dash)
            a, b = _country_code(left), _country_code(right)
            if a and b and a != b:
                return a, b
    owners = countries_by_demonym(text) if text[:1].isupper() else ()
    if owners and home and owners[0].iso2 != home:
        return home, owners[0].iso2
    return None


def _border_pick(start: int, end: int, first: str | None, second: str | None) -> list[Pick]:
    if not first or not second or first == second:
        return []
    return [Pick(start, end, border_entity(first, second), "cue-border")]


def _border_before(ctx: Context, country_at: dict[int, Pick], i: int) -> list[Pick]:
    """ "the Peru–Ecuador border", "the Ecuador border", "the Ecuadorian border"."""
    doc = ctx.doc
    second = country_at.get(i)
    if second is not None:
        first = None
        if second.start >= 2 and doc[second.start - 1].text in DASHES:
            first = country_at.get(second.start - 1)
        if first is not None:
            return _border_pick(first.start, i + 1, first.country, second.country)
        return _border_pick(second.start, i + 1, ctx.country, second.country)
    if i == 0:
        return []
    if i >= 3 and doc[i - 2].text in DASHES:  # "the Iran-Afghan border"
        a, b = _country_code(doc[i - 3].text), _country_code(doc[i - 1].text)
        if a and b and a != b:
            return _border_pick(i - 3, i + 1, a, b)
    sides = _sides_of_word(doc[i - 1].text, ctx.country)
    if sides is None:
        return []
    if i >= 3 and doc[i - 2].text in DASHES:
        other = _sides_of_word(doc[i - 3].text, ctx.country)
        if other is not None and other[1] != sides[1]:
            return _border_pick(i - 3, i + 1, other[1], sides[1])
    return _border_pick(i - 1, i + 1, *sides)


def _countries_after(country_from: dict[int, Pick], doc: Doc, j: int) -> list[Pick]:
    """The coordinated country mentions starting at token ``j``."""
    named: list[Pick] = []
    while j < len(doc):
        j += 1 if doc[j].lower_ == "the" else 0
        pick = country_from.get(j)
        if pick is None:
            break
        named.append(pick)
        j = pick.end
        if j >= len(doc) or doc[j].lower_ not in place_words().coordination:
            break
        j += 1
    return named


def _placed_sides(country_from: dict[int, Pick], doc: Doc, j: int) -> list[Pick]:
    """The countries of "between <place> in <country> and <place> in <country>", within the
    sentence ("the border between Norte de Santander in Colombia and Táchira in Venezuela")."""
    end = min(len(doc), j + 2 * SCAN, doc[j].sent.end)
    named = [
        pick
        for k in range(j + 1, end)
        if (pick := country_from.get(k)) is not None and doc[k - 1].lower_ == "in"
    ]
    return named if len({pick.country for pick in named}) == 2 else []


def _border_after(ctx: Context, country_from: dict[int, Pick], i: int) -> list[Pick]:
    """ "the border with Ecuador", "borders with Brazil, Colombia and Bolivia", "the border
    between Peru and Ecuador"."""
    doc = ctx.doc
    if i + 2 >= len(doc) or doc[i + 1].lower_ not in ("with", "between"):
        return []
    named = _countries_after(country_from, doc, i + 2)
    if doc[i + 1].lower_ == "between":
        if len(named) != 2:
            named = _placed_sides(country_from, doc, i + 2)
        if len(named) != 2:
            return []
        return _border_pick(i, named[1].end, named[0].country, named[1].country)
    end = named[-1].end if named else i
    out = []
    for pick in reversed(named):  # the last one first: its narrower span is the whole span
        for border in _border_pick(i, end, ctx.country, pick.country):
            border.fallback = (i, pick.end)
            out.append(border)
    return out


def find_borders(ctx: Context, picks: list[Pick]) -> Iterator[Pick]:
    words = place_cues().border_words
    found = [p for p in picks if p.entity.place_type == PlaceType.COUNTRY]
    country_at = {p.end: p for p in found}
    country_from = {p.start: p for p in found}
    for i, token in enumerate(ctx.doc):
        if token.lower_ in words:
            yield from _border_before(ctx, country_at, i)
            yield from _border_after(ctx, country_from, i)
