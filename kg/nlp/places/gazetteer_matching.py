"""Choosing among the gazetteer readings of a span: licences, ranking, harmonising lists."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from kg.lexicon.countries import resolve_country
from kg.lexicon.gazetteer import (
    AreaEntry,
    Subdivision,
    transliterated_regions,
    transliteration_key,
)
from kg.lexicon.load import place_cues
from kg.lexicon.models import CountryEntry
from kg.lexicon.place_entities import city_entity
from kg.lexicon.towns import small_town
from kg.models import PlaceType
from kg.nlp.places.alternates import alternate_city
from kg.nlp.places.context import (
    Context,
    Pick,
    after_locative,
    extends_left,
    is_demonym,
    is_head,
    placed,
    proper_name,
    region_cue,
    town_cue,
)
from kg.nlp.places.gazetteer_tables import (
    FIRST_RUN,
    Candidate,
    candidate_entity,
    lookup_key,
    place_tables,
)
from kg.nlp.places.words import (
    KIND_ORDER,
    LOCATIVE_CITY_POPULATION,
    NEIGHBOUR_CITY_POPULATION,
    WORLD_CITY_POPULATION,
    place_words,
    subdivision_generic_words,
)


def _city_big_enough(ctx: Context, start: int, end: int, population: int, locality: int) -> bool:
    if population >= WORLD_CITY_POPULATION or locality == 0:
        return True
    if population < NEIGHBOUR_CITY_POPULATION:
        return False
    if locality == 1 or ctx.doc[start].ent_type_ in ("GPE", "LOC"):
        return True
    return population >= LOCATIVE_CITY_POPULATION and placed(ctx.doc, start, end)


_PLACING_WORDS = frozenset({"in", "the", "across", "throughout", "within", "inside"})
"""Words before an abbreviated country that keep it a place before a common noun."""


def country_as_modifier(ctx: Context, start: int, end: int) -> bool:
    """Whether a country name only qualifies a currency ("US dollars"), opens an organisation's
    name ("the US State Department"), or is an abbreviation qualifying a common noun ("US
    agents", "U.S. narcotics officials", "a US territory")."""
    if end >= len(ctx.doc):
        return False
    after = ctx.doc[end]
    if is_head(after, place_cues().currency_words):
        return True
    if after.ent_iob_ == "I" and after.ent_type_ == "ORG" and after.is_title:
        return True
    last = ctx.doc[end - 1]
    abbreviation = all(c.isupper() or c == "." for c in ctx.doc[start:end].text)
    before = ctx.doc[start - 1].lower_ if start else ""
    return (
        abbreviation
        and before not in _PLACING_WORDS  # "in U.S. cities", "the PNG island of Daru"
        and after.pos_ == "NOUN"
        and after.is_lower
        and last.dep_ in ("compound", "nmod", "amod")
    )


def _area_licensed(ctx: Context, start: int, end: int, area: AreaEntry) -> bool:
    """One-word names of ``needs_article`` areas need "the", a demonym, a geographic noun after
    them ("other Caribbean nations": the region's own name qualifying its parts, where a
    demonym reading would otherwise refuse it) or the NER's consent; ``locative_only`` areas
    (bodies such as the EU) a locative preposition ("into the EU")."""
    doc = ctx.doc
    if area.locative_only:
        at = start - 1 if start and doc[start - 1].lower_ == "the" else start
        return after_locative(doc, at)
    if not area.needs_article or end - start > 1:
        return True
    after = doc[end] if end < len(doc) else None
    if (
        after is not None
        and after.pos_ == "NOUN"
        and doc[start].text[:1].isupper()
        and after.lemma_.lower() in place_cues().geographic_heads
    ):
        return True
    before = doc[start - 1] if start > 0 else None
    if before is not None and (before.lower_ == "the" or is_demonym(before)):
        return True
    return doc[start].pos_ == "PROPN" and doc[start].ent_type_ in ("LOC", "GPE")


def _eligible(
    ctx: Context, start: int, end: int, candidate: Candidate, locality: int, cue: bool
) -> bool:
    ref = candidate.ref
    if isinstance(ref, CountryEntry):
        return not (extends_left(ctx, start, by_ner=True) or country_as_modifier(ctx, start, end))
    if isinstance(ref, AreaEntry):
        return _area_licensed(ctx, start, end, ref)
    if not ctx.doc[start].text[:1].isupper() or extends_left(ctx, start, by_ner=True):
        return False
    if isinstance(ref, Subdivision):
        if cue:
            return True
        if candidate.cue_only or not proper_name(ctx, start, end, locality):
            return False
        return locality <= 1 or ctx.exact_ent(start, end) in ("GPE", "LOC")
    if not proper_name(ctx, start, end, locality, candidate.population):
        return False
    if ref.name.casefold() in subdivision_generic_words() and ctx.exact_ent(start, end) != "GPE":
        return False
    return _city_big_enough(ctx, start, end, candidate.population, locality)


def _prefer_area(ctx: Context, candidates: list[Candidate]) -> Candidate:
    """Among areas sharing a name, the one spanning the document's country, else the first."""
    for candidate in candidates:
        if isinstance(candidate.ref, AreaEntry) and ctx.country in candidate.ref.countries:
            return candidate
    return candidates[0]


def _rank(
    candidate: Candidate, exact: bool, locality: int, cue: bool, town: bool = False
) -> tuple[int, ...]:
    """Sort key of a reading: kind (countries, areas, then regions and cities; regions first
    after a region cue, cities after a town cue), exact spelling, locality, then a primary city
    before a region before a town."""
    kind = KIND_ORDER[candidate.kind]
    if (cue and candidate.kind == "region") or (town and not cue and candidate.kind == "city"):
        kind = -1
    size = 0 if candidate.primary else 1 if candidate.kind != "city" else 2
    return (kind, 0 if exact else 1, locality, size, -candidate.population)


def stated_country(ctx: Context, end: int) -> str | None:
    """The country a name is placed in by the words after it: "Valencia, Spain"."""
    doc = ctx.doc
    if end + 1 >= len(doc) or doc[end].text != ",":
        return None
    for width in (1, 2, 3):
        if end + 1 + width > len(doc):
            break
        words = doc[end + 1 : end + 1 + width]
        if not words[0].text[:1].isupper() or any(t.is_space for t in words):
            break
        entry = resolve_country(words.text)
        if entry is not None:
            after = doc[end + 1 + width] if end + 1 + width < len(doc) else None
            if after is None or not (after.is_title and after.pos_ == "PROPN"):
                return entry.iso2
    return None


def choose(
    ctx: Context, start: int, end: int, readings: list[tuple[Candidate, bool]]
) -> Pick | None:
    """The best eligible reading of a span, or None; a country stated after the name ("Valencia,
    Spain") ranks its readings as the document's own, or names a town of the small table where
    none of the readings lies there ("Paradise, Guyana")."""
    if not any(char.isupper() for char in ctx.doc[start:end].text):
        return None
    cue = region_cue(ctx.doc, start, end)
    town = town_cue(ctx.doc, start, end)
    stated = stated_country(ctx, end) if any(c.kind != "country" for c, _ in readings) else None
    if stated is not None and all(c.country != stated for c, _ in readings):
        town = small_town(ctx.doc[start:end].text, stated)  # "Paradise, Guyana"
        if town is not None:
            return Pick(start, end, city_entity(town), "gazetteer-city", stated, "city")
    ranked: list[tuple[tuple[int, ...], Candidate]] = []
    for candidate, exact in readings:
        locality = ctx.locality(candidate.country)
        if stated is not None:
            locality = 0 if candidate.country == stated else 2
        if not _eligible(ctx, start, end, candidate, locality, cue):
            continue
        ranked.append((_rank(candidate, exact, locality, cue, town), candidate))
    if not ranked:
        return None
    best = min(ranked, key=lambda item: item[0])[1]
    home = best.kind == "city" and ctx.locality(best.country) == 0
    if cue and home and not town and _division_head(ctx.doc, end):
        return _division(ctx, start, end, best)
    if best.kind == "city" and ctx.locality(best.country) == 2:
        # a larger home city spelled so: "Wari" in Nigeria is Warri, not India's Wāri;
        # "Philadelphia" stays the US city, not Brazil's Filadélfia
        near = alternate_city(ctx, ctx.doc[start:end].text)
        if near is not None and near.population >= best.population:
            return Pick(start, end, city_entity(near), "gazetteer-city", near.country, "city")
    if best.kind == "area":
        best = _prefer_area(ctx, [c for _, c in ranked if c.kind == "area"])
        start = _with_demonym(ctx, start, end)
    return Pick(
        start, end, candidate_entity(best), f"gazetteer-{best.kind}", best.country, best.kind
    )


def _division_head(doc: Doc, end: int) -> bool:
    """Whether a division head follows the name ("Kambia District", "Cox's Bazar district";
    not "the Helsinki region": ``division_heads`` of ``areas.yaml``)."""
    return end < len(doc) and is_head(doc[end], place_cues().division_heads)


def _division(ctx: Context, start: int, end: int, city: Candidate) -> Pick:
    """A division below the first level named after a town ("Kambia District"): an area of
    the town's name, in the town's country (``tests/data/README.md``, place keys)."""
    from kg.nlp.places.cues import named_entity

    town = candidate_entity(city)  # named by the town's canonical name
    entity = named_entity("area", town.label or city.name, PlaceType.AREA, town.parent)
    return Pick(start, end, entity, "cue-area", city.country, "area")


def _with_demonym(ctx: Context, start: int, end: int) -> int:
    """Start a one-word area's span at the demonym that qualifies it ("Peruvian Amazon")."""
    qualified = end - start == 1 and start > 0 and is_demonym(ctx.doc[start - 1])
    return start - 1 if qualified and ctx.free(start - 1, start) else start


def indexed_spans(doc: Doc) -> Iterator[tuple[int, int, list[Candidate]]]:
    """Regions and cities: capitalised token runs whose text is an indexed name; a run never
    takes in a whitespace token (a name does not cross a line break: "in Jamaica\\nANALYSIS")."""
    tables = place_tables()
    text = doc.text
    for i, token in enumerate(doc):
        if not token.text[:1].isupper():
            continue
        run = FIRST_RUN.match(lookup_key(token.text))
        width = tables.first_runs.get(run.group(1), 0) if run else 0
        begin = token.idx
        for j in range(i + 1, min(len(doc), i + width) + 1):
            last = doc[j - 1]
            if last.is_space:
                break
            found = tables.names.get(lookup_key(text[begin : last.idx + len(last)]))
            if found:
                yield i, j, found


TRANSLITERATED_WIDTH = 6
"""The most tokens of a name read by its transliteration key ("Al - Suwaidaa")."""


def transliterated_spans(
    ctx: Context, readings: dict[tuple[int, int], list[tuple[Candidate, bool]]]
) -> Iterator[tuple[int, int, list[Candidate]]]:
    """Regions of the document's country or a neighbour named in another romanisation
    ("Al-Suwaidaa" for "As Suwaydā'", "Sistan-Baluchistan" for "Sīstān va Balūchestān"):
    capitalised runs that cross no span the gazetteers read exactly, matched by
    :func:`~kg.lexicon.gazetteer.transliteration_key`. An English stop word is an article only
    before a dash ("As-Suwayda", not "As Sinaloa grew")."""
    doc, table, names = ctx.doc, transliterated_regions(), place_tables().names
    taken = {i for start, end in readings for i in range(start, end)}
    for i, token in enumerate(doc):
        if not token.text[:1].isupper() or i in taken:
            continue
        stop_article = token.is_stop and not (i + 1 < len(doc) and doc[i + 1].text in "-‐–")
        for j in range(i + 1, min(len(doc), i + TRANSLITERATED_WIDTH) + 1):
            last = doc[j - 1]
            if last.is_space or j - 1 in taken:
                break
            if not last.text[:1].isupper() or (stop_article and j - i > 1):
                continue
            key = transliteration_key(doc[i:j].text)
            found = [
                c
                for name in table.get(key, ())
                for c in names.get(name, ())
                if c.kind == "region" and ctx.locality(c.country) <= 1
            ]
            if found:
                yield i, j, found


def _coordinated(doc: Doc, picks: list[Pick]) -> list[list[Pick]]:
    """Runs of picks joined only by commas and "and"/"or" ("Jalisco, Guanajuato and Colima")."""
    groups: list[list[Pick]] = []
    for pick in picks:
        if groups:
            last = groups[-1][-1]
            between = doc[last.end : pick.start]
            if 0 < len(between) <= 2 and all(
                t.lower_ in place_words().coordination for t in between
            ):
                groups[-1].append(pick)
                continue
        groups.append([pick])
    return groups


def harmonise(
    ctx: Context,
    picks: list[Pick],
    readings: dict[tuple[int, int], list[tuple[Candidate, bool]]],
) -> list[Pick]:
    """In a list naming regions, read a city that shares its name with a region as the region
    ("Jalisco, Guanajuato and Colima": three states, not two cities)."""
    out = list(picks)
    for group in _coordinated(ctx.doc, picks):
        if len(group) < 2 or not any(p.kind == "region" for p in group):
            continue
        for pick in group:
            if pick.kind != "city":
                continue
            regions = [
                (c, exact)
                for c, exact in readings.get((pick.start, pick.end), ())
                if c.kind == "region"
            ]
            region = choose(ctx, pick.start, pick.end, regions) if regions else None
            if region is not None:
                out[out.index(pick)] = region
    return out
