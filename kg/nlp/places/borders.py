"""Borders: "the Peru–Ecuador border", "the Ecuadorian border", "the borders with Brazil …"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from kg.lexicon.countries import countries_by_demonym, resolve_country
from kg.lexicon.load import countries, place_cues
from kg.lexicon.place_entities import (
    border_entity,
)
from kg.models import Entity, PlaceType
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


_LAST_BORDER = "\x1fborder\x1f"
"""Key of the document registry's entry (``doc._.ockg_known``) for the last border the
document named, which an unnamed "the border" of a later paragraph may stand for; never a
group's name, so the group finders skip it."""


def _unnamed_border(ctx: Context, countries: list[Pick], last: Entity | None, i: int) -> list[Pick]:
    """A border the text does not name at the word: "smuggled across the border from
    Tajikistan", "both countries share a long border", "near the border" after "the
    Iranian-Azerbaijani border", "the Rwanda border" in a text about Rwanda.

    Its sides: the document's country and the one other country the sentence names, a
    neighbour of it (none where it names several: "villages in Angola, Zimbabwe and Zambia
    close to the border"), else the border the document named last. Only a definite singular
    border noun ("the border", "its border", "the border areas"), not a generic one ("in
    border regions"), a modifier ("border guards", "cross-border trade"), one side of it
    ("the Afghan side of the border"), or one whose sides are written after it ("the border
    with the Central American nation", "the border of Lunga Lunga")."""
    doc = ctx.doc
    token = doc[i]
    start, end = i, i + 1
    if token.tag_ != "NN" or (i > 0 and doc[i - 1].text in DASHES):
        return []
    following = doc[i + 1] if i + 1 < len(doc) else None
    if following is not None and following.pos_ in {"NOUN", "PROPN"}:
        if following.lemma_.lower() not in place_cues().area_heads:
            return []  # "border guards", whatever the parse makes of them
        end = i + 2  # "the border areas"
    noun = doc[end - 1]
    if not any(c.dep_ in {"det", "poss"} for c in noun.children):
        return []  # a generic border: "in border regions"
    if noun.dep_ == "pobj" and noun.head.head.lemma_.lower() == "side":
        return []  # "the Afghan side of the border": one country's side
    after = doc[end : end + 2]
    if after and (
        after[0].lower_ in ("with", "between")
        or (after[0].lower_ == "of" and len(after) == 2 and after[1].text[:1].isupper())
    ):
        return []
    home = ctx.country
    if i > 0 and doc[i - 1].pos_ in {"PROPN", "ADJ"} and doc[i - 1].text[:1].isupper():
        before = next((c for c in countries if c.end == i), None)
        if before is not None and before.country == home:
            start = before.start  # "the Rwanda border" in a text about Rwanda
        elif home and doc[i - 1].lower_ in _home_demonyms(home):
            start = i - 1  # "the Afghan border" in a text about Afghanistan
        else:
            return []  # a side the text names that no table reads
    sent = token.sent
    named = {c.country for c in countries if sent.start <= c.start < sent.end} - {home}
    if home and len(named) == 1 and named <= ctx.neighbours:
        return _border_pick(start, end, home, named.pop())
    if named or last is None:
        return []  # several countries, or one no neighbour: which border is unsaid
    return [Pick(start, end, last, "cue-border")]


def _home_demonyms(home: str) -> set[str]:
    entry = countries().get(home)
    return {d.lower() for d in entry.demonyms} if entry is not None else set()


def find_borders(ctx: Context, picks: list[Pick]) -> Iterator[Pick]:
    """The borders a paragraph names; a bare "the border" is the one its sentence or the
    document's last named border implies (the registry keeps the last for later paragraphs)."""
    words = place_cues().border_words
    found = [p for p in picks if p.entity.place_type == PlaceType.COUNTRY]
    country_at = {p.end: p for p in found}
    country_from = {p.start: p for p in found}
    known = ctx.doc._.ockg_known
    last: Entity | None = known.get(_LAST_BORDER) if known is not None else None
    taken = {t for p in picks for t in range(p.start, p.end)}
    for i, token in enumerate(ctx.doc):
        if token.lower_ not in words:
            continue
        named = [*_border_before(ctx, country_at, i), *_border_after(ctx, country_from, i)]
        if not named and i not in taken:
            named = _unnamed_border(ctx, found, last, i)
        if named:  # a phrase naming several borders leaves no one border to stand for
            last = named[0].entity if len({p.entity.key for p in named}) == 1 else None
        yield from named
    if known is not None:
        if last is None:
            known.pop(_LAST_BORDER, None)
        else:
            known[_LAST_BORDER] = last
