"""Places no gazetteer knows, found by cues: facilities, protected areas, rivers, roads and
named areas."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from kg.lexicon import gazetteer
from kg.lexicon.keys import slug
from kg.lexicon.load import place_cues
from kg.lexicon.models import FacilityHead
from kg.lexicon.normalise import fold_key
from kg.lexicon.place_entities import (
    area_entity,
    city_entity,
)
from kg.models import Entity, EntityKind, PlaceType
from kg.nlp.places.context import (
    Context,
    Pick,
    acceptable_name,
    hyphenated_end,
    is_head,
    list_head,
    name_after,
    name_before,
)
from kg.nlp.places.gazetteer_tables import candidate_entity, lookup_key, place_tables
from kg.nlp.places.words import DASHES, SCAN, markers_by_first_word, place_words


def named_entity(
    segment: str, label: str, place_type: PlaceType, parent: str | None, iso2: str | None = None
) -> Entity:
    """An entity discovered by a cue or the NER: ``place/<segment>/[<ISO2>/]<slug>``."""
    prefix = f"place/{segment}/{iso2.upper()}/" if iso2 is not None else f"place/{segment}/"
    return Entity(
        key=prefix + slug(label),  # "Abuja–Kaduna": the dash separates
        kind=EntityKind.PLACE,
        label=label,
        place_type=place_type,
        parent=parent,
    )


def town_entity(ctx: Context, name: str) -> tuple[Entity, str | None]:
    """A town no gazetteer knows by this name: the GeoNames city it is an alternate name of
    (:mod:`kg.nlp.places.alternates`), else a town of the document's country keyed by its
    name; with the country it lies in."""
    from kg.nlp.places.alternates import alternate_city

    entry = alternate_city(ctx, name)
    if entry is not None:
        return city_entity(entry), entry.country
    return named_entity("city", name, PlaceType.CITY, ctx.home_key(), ctx.country), ctx.country


def _facility_name(doc: Doc, start: int, end: int, head: FacilityHead) -> tuple[int, int] | None:
    """The name a facility head goes with: before it, possessive or not ("Mombasa port",
    "Montevideo's port"), or after "of" ("Port of Callao")."""
    before = start - 1 if start > 1 and doc[start - 1].tag_ == "POS" else start
    first = name_before(doc, before)
    if first is not None and acceptable_name(doc, first, before):
        return first, before
    if head.of and end + 1 < len(doc) and doc[end].lower_ == "of":
        last = name_after(doc, end + 1)
        if last is not None and acceptable_name(doc, end + 1, last):
            return end + 1, last
    return None


def _named_city(ctx: Context, start: int, end: int) -> Pick | None:
    """The city a port or airport is named after ("Gioia Tauro port"), anywhere in the world."""
    found = [
        c
        for c in place_tables().names.get(lookup_key(ctx.doc[start:end].text), ())
        if c.kind == "city"
    ]
    if not found:
        from kg.nlp.places.alternates import alternate_city

        entry = alternate_city(ctx, ctx.doc[start:end].text)
        if entry is None:
            return None
        return Pick(start, end, city_entity(entry), "gazetteer-city", entry.country, "city")
    best = min(found, key=lambda c: (ctx.locality(c.country), -c.population))
    return Pick(start, end, candidate_entity(best), "gazetteer-city", best.country, "city")


def _list_parent(ctx: Context, picks: list[Pick], start: int) -> str | None:
    """The place in "markets in Lima such as Gamarra Emporium"."""
    found = list_head(ctx.doc, start)
    if found is None:
        return None
    head, marker = found
    return next((p.entity.key for p in picks if head < p.start and p.end <= marker), None)


def _facility(
    ctx: Context,
    picks: list[Pick],
    span: tuple[int, int],
    name: tuple[int, int],
    label: str,
    head: FacilityHead | None,
) -> Pick:
    """A facility pick, located in the place it is named after, its list's place or the
    document's country."""
    place = next((p for p in picks if (p.start, p.end) == name), None)
    if place is None and head is not None and head.city:
        place = _named_city(ctx, *name)
    named_after = place is not None and place.entity.place_type is PlaceType.CITY
    if head is not None and head.city and named_after and place.entity.label:
        # named after a city: by the city's canonical name ("port of Kismayu": Kismayo)
        label = head.label.format(name=place.entity.label)
    iso = place.country if place is not None else ctx.country
    parent = place.entity.key if place is not None else None
    parent = parent or _list_parent(ctx, picks, name[0]) or ctx.home_key()
    entity = named_entity("facility", label, PlaceType.FACILITY, parent, iso or "XX")
    keeps = place is not None and place in picks
    return Pick(*span, entity, "cue-facility", iso, "facility" if keeps else "")


def find_facilities(
    ctx: Context, picks: list[Pick], matches: list[tuple[int, int, str]]
) -> Iterator[Pick]:
    heads = place_cues().facility_terms
    doc = ctx.doc
    named = {(p.start, p.end): p for p in picks}
    for start, end, term in matches:
        head = heads[term]
        name = _facility_name(doc, start, end, head)
        if name is None:
            continue
        place = named.get(name)
        if place is not None and not (head.city and place.kind == "city"):
            continue  # "the US market", "the Lima market": an economy, not a marketplace
        span = (min(name[0], start), max(name[1], end))
        if ctx.free(*span):
            label = head.label.format(name=doc[name[0] : name[1]].text)
            if place is None and name[1] == start and all(t.is_title for t in doc[start:end]):
                label = doc[name[0] : end].text  # a name of its own: "Freeport Container Port"
            yield _facility(ctx, picks, span, name, label, head)


def find_protected_areas(ctx: Context, matches: list[tuple[int, int]]) -> Iterator[Pick]:
    doc = ctx.doc
    for start, end in matches:
        first = name_before(doc, start)
        if first is None or not acceptable_name(doc, first, start) or not ctx.free(first, end):
            continue
        label = f"{doc[first:start].text} {doc[start:end].text.title()}"
        yield Pick(
            first, end, named_entity("area", label, PlaceType.AREA, ctx.home_key()), "cue-area"
        )


def _river(ctx: Context, start: int, end: int, name: str) -> Pick:
    known = gazetteer.resolve_area(name, ctx.country, types=["river"]) or gazetteer.resolve_area(
        f"{name} River", ctx.country, types=["river"]
    )
    if known is not None:
        return Pick(start, end, area_entity(known), "cue-river")
    entity = named_entity("river", name, PlaceType.RIVER, ctx.home_key())
    return Pick(start, end, entity.model_copy(update={"label": f"{name} River"}), "cue-river")


def find_rivers(ctx: Context) -> Iterator[Pick]:
    cues = place_cues()
    doc = ctx.doc
    for i, token in enumerate(doc):
        if token.lower_ in cues.river_heads:
            first = name_before(doc, i)
            if first is not None and acceptable_name(doc, first, i):
                yield _river(ctx, first, i + 1, doc[first:i].text)
                continue
        if token.lower_ in cues.river_prefixes and token.is_title and i + 1 < len(doc):
            last = name_after(doc, i + 1)
            if last is not None and acceptable_name(doc, i + 1, last):
                yield _river(ctx, i, last, doc[i + 1 : last].text)


def _joined_name_start(doc: Doc, first: int) -> int:
    """Extend a name left across dashes: "Abuja–Kaduna" before "highway"."""
    while first >= 2 and doc[first - 1].text in DASHES:
        before = name_before(doc, first - 1)
        if before is None:
            break
        first = before
    return first


def _road(ctx: Context, start: int, end: int, label: str, name: str) -> Pick:
    known = gazetteer.resolve_area(label, ctx.country, types=["road"]) or gazetteer.resolve_area(
        name, ctx.country, types=["road"]
    )
    if known is not None:
        return Pick(start, end, area_entity(known), "cue-road", kind="road")
    entity = named_entity("road", label, PlaceType.ROAD, ctx.home_key())
    return Pick(start, end, entity, "cue-road", kind="road")


def _suffixed_road(token: Token) -> bool:
    """A one-word street name ending in a street word: "Wildenbruchstrasse", "Kalverstraat"."""
    lower = token.lower_
    return token.is_title and any(
        lower.endswith(suffix) and len(lower) >= len(suffix) + 3
        for suffix in place_cues().road_suffixes
    )


def find_roads(ctx: Context) -> Iterator[Pick]:
    cues = place_cues()
    doc = ctx.doc
    for i, token in enumerate(doc):
        if _suffixed_road(token) and ctx.free(i, i + 1) and acceptable_name(doc, i, i + 1):
            yield _road(ctx, i, i + 1, token.text, token.text)
            continue
        if token.lower_ in cues.road_heads:
            first = name_before(doc, i)
            if first is not None and acceptable_name(doc, first, i):
                first = _joined_name_start(doc, first)
                name = doc[first:i].text
                end = i if token.is_lower else i + 1  # "Panamericana Sur (highway)"
                yield _road(ctx, first, end, f"{name} {token.text}", name)
        elif token.lower_ in cues.road_prefixes and token.is_title and i + 1 < len(doc):
            numbered = doc[i + 1].like_num
            last = i + 2 if numbered else name_after(doc, i + 1)
            if last is not None and (numbered or acceptable_name(doc, i + 1, last)):
                yield _road(ctx, i, last, doc[i:last].text, doc[i:last].text)


def _area_pick(ctx: Context, start: int, end: int) -> Pick:
    name = ctx.doc[start:end].text
    known = gazetteer.resolve_area(name, ctx.country)
    if known is not None:
        return Pick(start, end, area_entity(known), "gazetteer-area")
    return Pick(start, end, named_entity("area", name, PlaceType.AREA, ctx.home_key()), "cue-area")


_QUOTES = frozenset({'"', "“", "”", "‘", "’", "'", "«", "»"})


def _unquoted_end(doc: Doc, head: int) -> int:
    """Where a quoted name before a head ends: “Telembí Triangle” region."""
    if head >= 2 and doc[head - 1].text in _QUOTES and not doc[head - 2].whitespace_:
        return head - 1
    return head


def _coordinated_names(
    ctx: Context, taken: set[int], head: int, settlement: bool = False
) -> Iterator[Pick]:
    """Unknown names before a region head ("the Pataz province", "the X and Y districts"), or
    before a settlement head, towns of the document's country ("Salkhad town", "the Tepito
    and Doctores neighbourhoods")."""
    doc = ctx.doc
    end = _unquoted_end(doc, head)
    while end > 0:
        first = name_before(doc, end, max(0, head - SCAN))
        if first is None:
            return
        if end < head and (first == 0 or doc[first - 1].text not in _QUOTES):
            return  # a closing quote without its opening one
        if settlement:
            first = _hyphenated_start(doc, first)  # "Al-Sha’ab village"
        free = taken.isdisjoint(range(first, end)) and ctx.free(first, end)
        if free and acceptable_name(doc, first, end):
            if not settlement:
                yield _area_pick(ctx, first, end)
            elif ctx.country is not None and ctx.exact_ent(first, end) not in _NOT_PLACE_NAMES:
                yield _town(ctx, first, end)
        if first == 0 or doc[first - 1].lower_ not in place_words().coordination:
            return
        end = first - 1


def _listed_names(ctx: Context, picks: list[Pick], taken: set[int], start: int) -> Iterator[Pick]:
    """Unknown names listed after an area or facility head ("mining areas like Pataz",
    "markets in Lima such as Gamarra Emporium and Polvos Azules")."""
    doc = ctx.doc
    cues = place_cues()
    found = list_head(doc, start)
    if found is None:
        return
    head = doc[found[0]]
    facility = head.lemma_.lower() in cues.facility_terms or head.lower_ in cues.facility_terms
    if not facility and not is_head(head, cues.area_heads):
        return
    i = start
    while i < len(doc):
        i += 1 if doc[i].lower_ == "the" else 0
        last = name_after(doc, i) if i < len(doc) else None
        if last is None:
            return
        if acceptable_name(doc, i, last) and taken.isdisjoint(range(i, last)) and ctx.free(i, last):
            if facility:
                yield _facility(ctx, picks, (i, last), (i, last), doc[i:last].text, None)
            else:
                yield _area_pick(ctx, i, last)
        if last >= len(doc) or doc[last].lower_ not in place_words().coordination:
            return
        i = last + 1


_NOT_PLACE_NAMES = frozenset({"NORP"})
"""NER labels of a whole name that make it no town after "of" ("a community of Rohingya"); a
person's label is the NER's slip there ("the communities of Tchika and Kofia")."""


def _town(ctx: Context, start: int, end: int) -> Pick:
    """A town of the document's country that no gazetteer knows, found by a settlement head."""
    city, country = town_entity(ctx, ctx.doc[start:end].text)
    return Pick(start, end, city, "cue-area", country, "city")


def _without_head(doc: Doc, start: int, end: int) -> int:
    """A name without its capitalised type word: "Baluchistan" of "Baluchistan Province"."""
    cues = place_cues()
    heads = cues.region_heads | cues.area_heads | cues.settlement_heads
    while end - start > 1 and is_head(doc[end - 1], heads):
        end -= 1
    return end


def _hyphenated_start(doc: Doc, start: int) -> int:
    """Start of a name joined by dashes without spaces: "Al-Sha’ab" before "village"."""
    while (
        start >= 2
        and doc[start - 1].text in DASHES
        and not doc[start - 2].whitespace_
        and not doc[start - 1].whitespace_
        and doc[start - 2].is_alpha
        and doc[start - 2].text[:1].isupper()
    ):
        start -= 2
    return start


def _after_aside(doc: Doc, i: int) -> int:
    """Past a short parenthesis after a name: "Tchika (in August) and Kofia"."""
    if i < len(doc) and doc[i].text == "(":
        for j in range(i + 1, min(len(doc), i + SCAN)):
            if doc[j].text == ")":
                return j + 1
    return i


def _of_names(ctx: Context, taken: set[int], head: int, settlement: bool) -> Iterator[Pick]:
    """Unknown names after "<head> of": "the town of Moín", "the communities of Tchika (in
    August) and Kofia", "the divisions of Mayo-Sava and Logone-et-Chari". A town is a city of
    the document's country; an administrative or other area is an area."""
    doc = ctx.doc
    i = head + 2
    while i < len(doc):
        last = name_after(doc, i)
        if last is None or not doc[i].text[:1].isupper():
            return
        last = hyphenated_end(doc, last)
        if i > head + 2 and doc[last - 1].dep_ in ("nsubj", "nsubjpass"):
            return  # "the town of Moín, and Smith said": a new clause, not the list
        last = _without_head(doc, i, last)
        label = ctx.exact_ent(i, last)
        free = taken.isdisjoint(range(i, last)) and ctx.free(i, last)
        if free and label not in _NOT_PLACE_NAMES and acceptable_name(doc, i, last):
            if settlement and ctx.country is not None:
                yield _town(ctx, i, last)
            else:
                yield _area_pick(ctx, i, last)
        i = j = _after_aside(doc, last)
        while i < len(doc) and i - j < 2 and doc[i].lower_ in place_words().coordination:
            i += 1
        if i == j:
            return


def _of_head(token: Token) -> bool | None:
    """Whether a lower-case head before "of" names towns (True), areas (False) or neither."""
    doc = token.doc
    if not token.is_lower or token.i + 2 >= len(doc) or doc[token.i + 1].lower_ != "of":
        return None
    cues = place_cues()
    if is_head(token, cues.settlement_heads):
        return True
    if is_head(token, cues.area_heads) and not is_head(token, frozenset(cues.facility_terms)):
        return False
    return None


def find_named_areas(ctx: Context, picks: list[Pick]) -> Iterator[Pick]:
    """Names no gazetteer knows, before region heads, after "<head> of" or in lists after
    area/facility heads."""
    cues = place_cues()
    doc = ctx.doc
    taken = {i for p in picks for i in range(p.start, p.end)}
    markers = markers_by_first_word()
    for token in doc:
        lower = token.lower_
        settlement = _of_head(token)
        if settlement is not None:
            yield from _of_names(ctx, taken, token.i, settlement)
        if lower in markers:
            for words in markers[lower]:
                following = [t.lower_ for t in doc[token.i + 1 : token.i + len(words)]]
                if following == words[1:]:
                    yield from _listed_names(ctx, picks, taken, token.i + len(words))
        elif is_head(token, cues.region_heads) and not (
            token.is_title and lower in place_words().proper_heads
        ):
            yield from _coordinated_names(ctx, taken, token.i)
        elif token.is_lower and is_head(token, cues.settlement_heads):
            yield from _coordinated_names(ctx, taken, token.i, settlement=True)
        elif token.is_lower and is_head(token, cues.coast_heads):
            yield from _coast(ctx, picks, token.i)


def _sea_before(doc: Doc, head: int) -> int | None:
    """Start of a capitalised sea's or world region's name just before ``head``, however the
    tagger reads it ("Caribbean", an adjective)."""
    for width in (3, 2, 1):
        start = head - width
        if start < 0 or not doc[start].text[:1].isupper():
            continue
        found = place_tables().phrases.get(fold_key(doc[start:head].text), ())
        if any(c.kind == "area" for c in found):
            return start
    return None


def _coast(ctx: Context, picks: list[Pick], head: int) -> Iterator[Pick]:
    """A coast named after a sea, a world region or a name no gazetteer knows ("the Pacific
    coast", "Belize’s Caribbean coast", "the Makran coast"): an area of its own, not the sea. A
    country's, region's or city's coast stays that place ("Mexico’s coast")."""
    doc = ctx.doc
    sea = _sea_before(doc, head)
    first = sea if sea is not None else name_before(doc, head, max(0, head - SCAN))
    if first is None or not ctx.free(first, head):
        return
    inside = [p for p in picks if first <= p.start and p.end <= head]
    if any(p.kind in ("country", "region", "city") for p in inside):
        return
    if sea is None and not acceptable_name(doc, first, head):
        return
    label = f"{doc[first:head].text} {doc[head].lemma_.lower()}"
    area = gazetteer.resolve_area(label, ctx.country)
    if area is not None:
        yield Pick(first, head + 1, area_entity(area), "gazetteer-area")
        return
    yield Pick(first, head + 1, named_entity("area", label, PlaceType.AREA, None), "cue-area")
