"""``ockg_places``: countries, regions, cities, areas, borders, roads, rivers and facilities.

How each kind is found (the lexicons are data: ``countries.yaml``, ``areas.yaml``, pycountry's
ISO 3166-2 and GeoNames cities through :mod:`kg.lexicon.gazetteer`):

1. gazetteers. Countries and named areas through a ``PhraseMatcher`` on lower-case forms (plus
   one on exact forms for case-sensitive abbreviations such as "US"); regions and the 69,000
   GeoNames cities through a hash index of capitalised names (tokenising that many patterns
   would cost seconds at start-up). Each span's readings are ranked: countries, then named
   areas, then regions and cities; exact spellings before accent-folded ones; the document's
   country before its neighbours before the world.

   - A region needs the document's country, a neighbour, the NER's "GPE" or a cue ("Borno
     State", "the Tumbes and Piura regions", "regions like Cajamarca", "the state of Sinaloa").
     With a cue the region wins over a city of the same name; without one a city wins only if it
     is the largest of its region (Lima, Cusco; not Puno or Guanajuato), and in a list naming
     regions ("Jalisco, Guanajuato and Colima") the region wins.
   - A city needs to lie in the document's country or a neighbour, to have a million
     inhabitants, to be tagged a location by the NER, or (300,000 inhabitants) a context that
     places it ("via Rotterdam", "Antwerp and Rotterdam"). It is refused where the tagger or the
     NER says the word is not a place name (a month, a common noun, a person or organisation
     other than the name itself), or where it is part of a longer name ("Villa El Salvador").
   - A country is refused before a currency ("US dollars") or inside an organisation's name ("US
     State Department"); no place is found inside the name of a body of ``non_actors.yaml``.
2. cues for places no gazetteer knows: "<Name> region/province" (when not ISO), "protected areas
   like La Pampa", "<Name> National Park", rivers ("the <Name> River", "Río <Name>"), roads
   ("<Name> highway", "Route 66"), facilities ("Gioia Tauro port", "Port of Callao", "Gamarra
   Emporium", "markets such as Polvos Azules"), and borders ("the Peru–Ecuador border", "the
   Ecuadorian border", "the borders with Brazil, Colombia and Bolivia"; a tripoint, "the juncture
   with Chile and Bolivia", is not a border zone);
3. the statistical NER's spans left unexplained: a GPE becomes a city of the document's country
   (``place/city/<ISO2>/<slug>``: districts and towns GeoNames lacks), a LOC or FAC an area
   (``place/area/<slug>``, parent None), with a low confidence.

Spans leave out a leading "the" and lower-case type words ("La Libertad" in "La Libertad
region", "Panamericana Sur" in "Panamericana Sur highway"), but keep a demonym that qualifies an
area ("Peruvian Amazon") and the words of a facility ("port of Manzanillo").

Borders: one ``place/border/<A>-<B>`` entity per pair (ISO codes sorted), ``parent`` None, the
two sides being the codes of the key (:mod:`kg.lexicon.place_entities`). The
countries named in a border phrase also get their own mentions, since analysts query both. In a
list ("the borders with Brazil, Colombia and Bolivia") every border spans the whole phrase; if
:func:`kg.nlp.spans.add_mention` refuses a second entity over the same span, the n-th border
falls back to the span from "borders" to the n-th country.

Every mention yields to actor mentions (``ockg_actors`` runs first), so "Tren de Aragua" never
contains the Venezuelan state of Aragua.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from pydantic import BaseModel, ConfigDict
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from kg.lexicon import gazetteer
from kg.lexicon.actors import match_non_actor, resolve_group
from kg.lexicon.countries import countries_by_demonym, resolve_country
from kg.lexicon.gazetteer import AreaEntry, CityEntry, Subdivision
from kg.lexicon.keys import country_key, slug
from kg.lexicon.load import actor_cues, countries, non_actors
from kg.lexicon.models import CountryEntry
from kg.lexicon.normalise import ascii_name, fold, fold_key
from kg.lexicon.place_entities import (
    area_entity,
    border_entity,
    city_entity,
    country_entity,
    region_entity,
)
from kg.models import Entity, EntityKind, PlaceType
from kg.nlp.spans import add_mention, ensure_extensions, mentions
from kg.resources import load_yaml

__all__ = [
    "CAPITAL_CITY_POPULATION",
    "CONFIDENCE",
    "LOCATIVE_CITY_POPULATION",
    "NEIGHBOUR_CITY_POPULATION",
    "WORLD_CITY_POPULATION",
    "FacilityHead",
    "PlaceCues",
    "PlaceFinder",
    "make_place_finder",
    "place_cues",
]

CONFIDENCE: dict[str, float] = {
    "gazetteer-country": 0.95,
    "gazetteer-area": 0.9,
    "gazetteer-region": 0.9,
    "gazetteer-city": 0.85,
    "cue-border": 0.85,
    "cue-road": 0.8,
    "cue-river": 0.8,
    "cue-facility": 0.8,
    "cue-area": 0.75,
    "ner": 0.6,
}
"""Confidence of a mention, by the method that found it."""

WORLD_CITY_POPULATION = 1_000_000
"""A city this large is matched wherever it lies (Lagos, Guayaquil)."""
NEIGHBOUR_CITY_POPULATION = 15_000
"""The smallest city of a neighbouring country, or of one the NER tags a location, matched."""
LOCATIVE_CITY_POPULATION = 300_000
"""A city this large is matched after a locative preposition ("via Rotterdam"), whatever the
NER says."""
CAPITAL_CITY_POPULATION = 50_000
"""Without a cue, a city this large that is also the largest of its region wins over a region
of the same name (Lima); a lesser namesake (Guanajuato, Puno; California, Maryland) does not."""

_YIELD = (EntityKind.GROUP, EntityKind.COLLECTIVE, EntityKind.PERSON)
_KIND_ORDER = {"country": 0, "area": 1, "city": 2, "region": 2}
_NEVER_PLACES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
"""NER labels that rule a capitalised word out as a place ("May", "March")."""
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PARTICLES = frozenset(
    {"de", "del", "la", "las", "los", "el", "di", "da", "do", "dos", "das", "du", "des", "y", "e"}
)
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their"})
_DASHES = frozenset({"-", "–", "—", "/", "‐", "‑"})
_COORDINATION = frozenset({",", "and", "&", "or"})
_PROPER_HEADS = frozenset(
    {"state", "states", "territory", "territories", "department", "departments"}
)
"""Capitalised heads that also end other names ("Islamic State", "State Department"): no
unknown region before them."""
_SCAN = 8
_LIST_WORDS = frozenset({"notably", "including", "especially", "particularly", "like", "namely"})
"""How many tokens a cue may lie from its name."""


# --- the cue lexicon (areas.yaml, section "cues") ------------------------------------------------


class FacilityHead(BaseModel):
    """A facility head noun and how it names its facility."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    term: str
    label: str
    of: bool = False
    city: bool = False


class PlaceCues(BaseModel):
    """The cue words of ``areas.yaml`` (see the file's header)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    region_heads: frozenset[str]
    area_heads: frozenset[str]
    list_markers: tuple[str, ...]
    protected_heads: tuple[str, ...]
    river_heads: frozenset[str]
    river_prefixes: frozenset[str]
    road_heads: frozenset[str]
    road_prefixes: frozenset[str]
    facility_heads: tuple[FacilityHead, ...]
    border_words: frozenset[str]
    locative_prepositions: frozenset[str]
    currency_words: frozenset[str]

    @property
    def facility_terms(self) -> dict[str, FacilityHead]:
        """Facility heads by their term."""
        return {head.term: head for head in self.facility_heads}


@cache
def place_cues() -> PlaceCues:
    """The cue lexicon (cached)."""
    data = load_yaml("areas.yaml")
    assert isinstance(data, dict)
    return PlaceCues.model_validate(data["cues"])


# --- entities found by cues or the NER ----------------------------------------------------------


def _named_entity(
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


# --- the gazetteer tables ------------------------------------------------------------------------

_FIRST_RUN = re.compile(r"[^a-z0-9]*([a-z0-9]+)")


def _key(text: str) -> str:
    """The lookup key of proper names (:func:`kg.lexicon.normalise.fold`: script, accents,
    case, apostrophes, dashes, spaces, "the")."""
    return fold(text)


def _ascii(text: str) -> str:
    """The text in ASCII, case kept ("Culiacán" -> "Culiacan")."""
    return ascii_name(text)


@dataclass(frozen=True, slots=True)
class _Candidate:
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

    phrases: dict[str, list[_Candidate]] = field(default_factory=lambda: defaultdict(list))
    phrase_forms: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    names: dict[str, list[_Candidate]] = field(default_factory=lambda: defaultdict(list))
    first_runs: dict[str, int] = field(default_factory=dict)
    exact: dict[str, list[_Candidate]] = field(default_factory=lambda: defaultdict(list))
    exact_forms: set[str] = field(default_factory=set)

    def add_phrase(self, candidate: _Candidate, name: str) -> None:
        self.phrases[fold_key(name)].append(candidate)
        bare = name[4:] if name[:4].casefold() == "the " else name
        self.phrase_forms[candidate.kind].update({bare, _ascii(bare)})

    def add_name(self, candidate: _Candidate, name: str) -> None:
        key = _key(name)
        run = _FIRST_RUN.match(key)
        if run is None:
            return
        self.names[key].append(candidate)
        width = len(name.split()) + sum(1 for c in name if not c.isalnum() and not c.isspace())
        first = run.group(1)
        self.first_runs[first] = max(self.first_runs.get(first, 0), width)

    def add_exact(self, candidate: _Candidate, name: str) -> None:
        self.exact[name.replace(".", "")].append(candidate)
        self.exact_forms.update({name, name.replace(".", "")})


@cache
def _tables() -> _Tables:
    """Every gazetteer form (built once, then loaded from the compiled cache)."""
    from kg.compiled import compiled

    return compiled("place-forms", _build_tables, _encode_tables, _decode_tables)


_Row = tuple[str, str | int, str | None, str, int, bool, bool]


def _encode_candidate(candidate: _Candidate) -> _Row:
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
    def rows(table: dict[str, list[_Candidate]]) -> dict[str, list[_Row]]:
        return {key: [_encode_candidate(c) for c in found] for key, found in table.items()}

    return (
        rows(tables.phrases),
        {kind: set(forms) for kind, forms in tables.phrase_forms.items()},
        rows(tables.names),
        dict(tables.first_runs),
        rows(tables.exact),
        set(tables.exact_forms),
    )


def _decode_tables(data: object) -> _Tables:
    """The tables :func:`_encode_tables` wrote, their references resolved to live entries."""
    if not isinstance(data, tuple) or len(data) != 6:
        raise ValueError("not a table of place forms")
    phrases, phrase_forms, names, first_runs, exact, exact_forms = data
    refs: dict[str, dict] = {
        "country": countries(),
        "area": {area.key: area for area in gazetteer.areas()},
        "region": {sub.code: sub for sub in gazetteer.subdivisions()},
        "city": gazetteer.cities_by_id(),
    }
    made: dict[_Row, _Candidate] = {}

    def candidate(row: _Row) -> _Candidate:
        found = made.get(row)
        if found is None:
            kind, ref_id, country, name, population, cue_only, primary = row
            found = _Candidate(
                kind, refs[kind][ref_id], country, name, population, cue_only, primary
            )
            made[row] = found
        return found

    def table(rows: dict[str, list[_Row]]) -> defaultdict[str, list[_Candidate]]:
        out: defaultdict[str, list[_Candidate]] = defaultdict(list)
        for key, found in rows.items():
            out[key] = [candidate(row) for row in found]
        return out

    return _Tables(
        phrases=table(phrases),
        phrase_forms=defaultdict(set, phrase_forms),
        names=table(names),
        first_runs=dict(first_runs),
        exact=table(exact),
        exact_forms=set(exact_forms),
    )


def _build_tables() -> _Tables:
    tables = _Tables()
    for entry in countries().values():
        for alias in entry.surface_forms():
            candidate = _Candidate("country", entry, entry.iso2, entry.name)
            add = tables.add_exact if alias.case_sensitive else tables.add_phrase
            add(candidate, alias.name)
    for area in gazetteer.areas():
        for alias in area.surface_forms() if area.match else ():
            candidate = _Candidate("area", area, None, alias.name)
            add = tables.add_exact if alias.case_sensitive else tables.add_phrase
            add(candidate, alias.name)
    for sub in gazetteer.subdivisions():
        for alias in sub.names:
            cue_only = alias.key in sub.cue_only
            candidate = _Candidate("region", sub, sub.country, alias.name, cue_only=cue_only)
            add = tables.add_exact if alias.case_sensitive else tables.add_name
            add(candidate, alias.name)
    largest = _largest_cities()
    for city in gazetteer.cities():
        primary = city.population >= CAPITAL_CITY_POPULATION and city.population >= largest.get(
            (city.country, city.admin1), 0
        )
        candidate = _Candidate(
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


def _entity(candidate: _Candidate) -> Entity:
    ref = candidate.ref
    if isinstance(ref, CountryEntry):
        return country_entity(ref.iso2)
    if isinstance(ref, Subdivision):
        return region_entity(ref.code)
    if isinstance(ref, CityEntry):
        return city_entity(ref)
    return area_entity(ref)


# --- per-document state --------------------------------------------------------------------------


@dataclass(slots=True)
class _Pick:
    """A chosen mention, before it is recorded."""

    start: int
    end: int
    entity: Entity
    method: str
    country: str | None = None
    kind: str = ""
    fallback: tuple[int, int] | None = None
    """A narrower span to record if the span is refused (one already holds another entity)."""


@dataclass(slots=True)
class _Context:
    """The document, its country and neighbours, the tokens no place may take (actor mentions,
    names of organisations), the NER's spans."""

    doc: Doc
    country: str | None
    neighbours: frozenset[str]
    blocked: frozenset[int]
    ent_ends: dict[int, int]

    @classmethod
    def of(cls, doc: Doc, bodies: Iterable[tuple[int, int]] = ()) -> _Context:
        code = (doc._.ockg_country or "").upper()
        entry = countries().get(code)
        neighbours = frozenset(entry.neighbours) if entry else frozenset()
        spans = [(span.start, span.end) for span in mentions(doc, _YIELD)]
        blocked = frozenset(i for start, end in (*spans, *bodies) for i in range(start, end))
        ent_ends = {ent.start: ent.end for ent in doc.ents}
        return cls(doc, entry.iso2 if entry else None, neighbours, blocked, ent_ends)

    def locality(self, iso2: str | None) -> int:
        """0: the document's country, 1: a neighbour, 2: elsewhere."""
        if iso2 is not None and iso2 == self.country:
            return 0
        return 1 if iso2 in self.neighbours else 2

    def free(self, start: int, end: int) -> bool:
        """Whether no actor mention or organisation's name holds any of these tokens."""
        return self.blocked.isdisjoint(range(start, end))

    def exact_ent(self, start: int, end: int) -> str | None:
        """The NER label of an entity spanning exactly these tokens, if any."""
        return self.doc[start].ent_type_ if self.ent_ends.get(start) == end else None

    def home_key(self) -> str | None:
        """The key of the document's country, if known."""
        return country_key(self.country) if self.country else None


# --- token tests ---------------------------------------------------------------------------------


@cache
def _regional_demonyms() -> frozenset[str]:
    return frozenset(item.term for item in actor_cues().regional_demonyms)


@cache
def _generic_words() -> frozenset[str]:
    return gazetteer.subdivision_settings().generic_words


@cache
def _head_words() -> frozenset[str]:
    """Words that may follow a place name without making it part of a longer name."""
    cues = place_cues()
    words = {w for term in cues.facility_terms for w in term.split()}
    words |= {w for term in cues.protected_heads for w in term.split()}
    return frozenset(
        words | cues.region_heads | cues.river_heads | cues.road_heads | cues.border_words
    )


def _is_demonym(token: Token) -> bool:
    if token.lower_ in _regional_demonyms():
        return True
    return token.text[:1].isupper() and bool(countries_by_demonym(token.text))


def _is_name_token(token: Token) -> bool:
    if token.lower_ in _DETERMINERS or not token.text[:1].isalpha():
        return False
    return token.is_title or (token.is_upper and len(token) > 1) or token.pos_ == "PROPN"


def _extends_left(ctx: _Context, start: int, *, by_ner: bool) -> bool:
    """Whether the capitalised word before ``start`` belongs to the same, longer name.

    With ``by_ner`` only where the NER puts both in one entity ("Villa El Salvador"); otherwise
    wherever a proper noun precedes ("President Lima"), except demonyms and direction words.
    """
    if start == 0:
        return False
    doc = ctx.doc
    before = doc[start - 1]
    if not before.is_alpha or not before.is_title or before.lower_ in _DETERMINERS:
        return False
    if _is_demonym(before) or before.lower_ in _generic_words():
        return False
    if by_ner:
        return doc[start].ent_iob_ == "I"
    return before.pos_ == "PROPN" and not before.is_sent_start


def _extends_right(ctx: _Context, end: int) -> bool:
    """Whether a capitalised word after ``end`` continues the name ("Central Única...")."""
    doc = ctx.doc
    if end >= len(doc):
        return False
    after = doc[end]
    return after.is_title and after.pos_ == "PROPN" and after.lower_ not in _head_words()


def _placed(doc: Doc, start: int, end: int) -> bool:
    """Whether the context makes the name a place: a locative preposition opens its list ("to
    Rotterdam and Antwerp"), or it is coordinated with a name the NER takes for a place
    ("Antwerp and Rotterdam")."""
    prepositions = place_cues().locative_prepositions
    i = start
    while i > 0 and start - i < _SCAN:
        before = doc[i - 1]
        if before.lower_ in prepositions:
            return True
        transparent = before.lower_ in _COORDINATION or before.lower_ in _LIST_WORDS
        if not (transparent or _is_name_token(before)):
            break
        i -= 1
    neighbours = (
        doc[start - 2] if start >= 2 else None,
        doc[end + 1] if end + 1 < len(doc) else None,
    )
    joined = (doc[start - 1] if start else None, doc[end] if end < len(doc) else None)
    return any(
        link is not None
        and other is not None
        and link.lower_ in _COORDINATION
        and other.ent_type_ in ("GPE", "LOC")
        for link, other in zip(joined, neighbours, strict=True)
    )


def _proper(ctx: _Context, start: int, end: int, locality: int, population: int = 0) -> bool:
    """Whether a city or region name is used as a place name (not a person, month, noun).

    Where the NER takes the name for something else (a person, an organisation, a nationality),
    a place of the document's country or a neighbour still counts if the NER's entity is exactly
    the name ("Esmeraldas" as NORP), and a large city if its context places it ("via Rotterdam").
    """
    token = ctx.doc[start]
    if token.pos_ not in ("PROPN", "") or not token.text[:1].isupper():
        return False
    label = token.ent_type_
    if label in _NEVER_PLACES:
        return False
    if _extends_left(ctx, start, by_ner=False):
        return False
    if label and label not in ("GPE", "LOC", "FAC"):
        if locality <= 1 and ctx.exact_ent(start, end) == label:
            return not _extends_right(ctx, end)
        return population >= LOCATIVE_CITY_POPULATION and _placed(ctx.doc, start, end)
    return not _extends_right(ctx, end) or ctx.exact_ent(start, end) in ("GPE", "LOC")


def _acceptable_name(doc: Doc, start: int, end: int) -> bool:
    """A discovered name must not be a demonym, a known actor or a body ("Ecuadorian")."""
    span = doc[start:end]
    if any(t.is_space for t in span) or (len(span) == 1 and _is_demonym(span[0])):
        return False
    if resolve_group(span.text) is not None:
        return False
    match = match_non_actor(span.text, check_groups=False)
    return match is None or match.kind in ("place", "facility")


def _head(token: Token, heads: frozenset[str]) -> bool:
    """Whether the token is one of ``heads``, or its plural."""
    return token.lower_ in heads or token.lemma_.lower() in heads


# --- finding names around cues -------------------------------------------------------------------


def _name_before(doc: Doc, end: int, limit: int = 0) -> int | None:
    """Start of the capitalised name ending just before ``end`` (particles allowed inside)."""
    i = end
    while i > limit:
        token = doc[i - 1]
        inner = token.lower_ in _PARTICLES and i - 1 > limit and _is_name_token(doc[i - 2])
        if not (_is_name_token(token) or inner):
            break
        i -= 1
    while i < end and doc[i].lower_ in _PARTICLES:
        i += 1
    if i == end or doc[end - 1].pos_ not in ("PROPN", ""):
        return None
    return i


def _name_after(doc: Doc, start: int) -> int | None:
    """End of the capitalised name starting at ``start`` (particles allowed inside)."""
    j = start
    while j < len(doc):
        token = doc[j]
        inner = j > start and j + 1 < len(doc) and _is_name_token(doc[j + 1])
        if _is_name_token(token) or (token.lower_ in _PARTICLES and inner):
            j += 1
        else:
            break
    return j if j > start else None


def _marker_start(doc: Doc, end: int) -> int | None:
    """If a list marker ("like", "such as") or "of" ends just before ``end``, where it starts."""
    for marker in (*place_cues().list_markers, "of"):
        words = marker.split()
        start = end - len(words)
        if start >= 0 and [t.lower_ for t in doc[start:end]] == words:
            return start
    return None


def _list_head(doc: Doc, start: int) -> tuple[int, int] | None:
    """(head index, marker start) of the list holding the name at ``start``, or None.

    Walks left over coordinated names to a list marker or "of", then to the noun before it,
    across "in <Name>" ("markets in Lima such as Gamarra Emporium").
    """
    i = start
    while i > 0 and start - i < _SCAN:
        before = doc[i - 1]
        if before.lower_ in _COORDINATION or before.lower_ == "the" or _is_name_token(before):
            i -= 1
        else:
            break
    marker = _marker_start(doc, i)
    if not marker:
        return None
    j = marker - 1
    if _is_name_token(doc[j]):
        k = j
        while k > 0 and _is_name_token(doc[k - 1]):
            k -= 1
        if k >= 2 and doc[k - 1].lower_ == "in":
            j = k - 2
    return j, marker


def _region_cue(doc: Doc, start: int, end: int) -> bool:
    """Whether a region head follows the name (across coordinated names) or opens its list."""
    heads = place_cues().region_heads
    j = end
    while j < len(doc) and j - end < _SCAN:
        token = doc[j]
        if _head(token, heads):
            return True
        if token.lower_ in _COORDINATION or _is_name_token(token):
            j += 1
        else:
            break
    found = _list_head(doc, start)
    return found is not None and _head(doc[found[0]], heads)


# --- choosing among gazetteer readings -----------------------------------------------------------


def _city_big_enough(ctx: _Context, start: int, end: int, population: int, locality: int) -> bool:
    if population >= WORLD_CITY_POPULATION or locality == 0:
        return True
    if population < NEIGHBOUR_CITY_POPULATION:
        return False
    if locality == 1 or ctx.doc[start].ent_type_ in ("GPE", "LOC"):
        return True
    return population >= LOCATIVE_CITY_POPULATION and _placed(ctx.doc, start, end)


def _country_as_modifier(ctx: _Context, end: int) -> bool:
    """Whether a country name only qualifies a currency ("US dollars") or opens an organisation's
    name ("the US State Department")."""
    if end >= len(ctx.doc):
        return False
    after = ctx.doc[end]
    if _head(after, place_cues().currency_words):
        return True
    return after.ent_iob_ == "I" and after.ent_type_ == "ORG" and after.is_title


def _area_licensed(ctx: _Context, start: int, end: int, area: AreaEntry) -> bool:
    """One-word names of ``needs_article`` areas need "the", a demonym or the NER's consent."""
    if not area.needs_article or end - start > 1:
        return True
    doc = ctx.doc
    before = doc[start - 1] if start > 0 else None
    if before is not None and (before.lower_ == "the" or _is_demonym(before)):
        return True
    return doc[start].pos_ == "PROPN" and doc[start].ent_type_ in ("LOC", "GPE")


def _eligible(
    ctx: _Context, start: int, end: int, candidate: _Candidate, locality: int, cue: bool
) -> bool:
    ref = candidate.ref
    if isinstance(ref, CountryEntry):
        return not (_extends_left(ctx, start, by_ner=True) or _country_as_modifier(ctx, end))
    if isinstance(ref, AreaEntry):
        return _area_licensed(ctx, start, end, ref)
    if not ctx.doc[start].text[:1].isupper() or _extends_left(ctx, start, by_ner=True):
        return False
    if isinstance(ref, Subdivision):
        if cue:
            return True
        if candidate.cue_only or not _proper(ctx, start, end, locality):
            return False
        return locality <= 1 or ctx.exact_ent(start, end) in ("GPE", "LOC")
    if not _proper(ctx, start, end, locality, candidate.population):
        return False
    if ref.name.casefold() in _generic_words() and ctx.exact_ent(start, end) != "GPE":
        return False
    return _city_big_enough(ctx, start, end, candidate.population, locality)


def _prefer_area(ctx: _Context, candidates: list[_Candidate]) -> _Candidate:
    """Among areas sharing a name, the one spanning the document's country, else the first."""
    for candidate in candidates:
        if isinstance(candidate.ref, AreaEntry) and ctx.country in candidate.ref.countries:
            return candidate
    return candidates[0]


def _rank(candidate: _Candidate, exact: bool, locality: int, cue: bool) -> tuple[int, ...]:
    """Sort key of a reading: kind (countries, areas, then regions and cities; regions first
    after a cue), exact spelling, locality, then a primary city before a region before a town."""
    kind = -1 if cue and candidate.kind == "region" else _KIND_ORDER[candidate.kind]
    size = 0 if candidate.primary else 1 if candidate.kind != "city" else 2
    return (kind, 0 if exact else 1, locality, size, -candidate.population)


def _choose(
    ctx: _Context, start: int, end: int, readings: list[tuple[_Candidate, bool]]
) -> _Pick | None:
    """The best eligible reading of a span, or None."""
    if not any(char.isupper() for char in ctx.doc[start:end].text):
        return None
    cue = _region_cue(ctx.doc, start, end)
    ranked: list[tuple[tuple[int, ...], _Candidate]] = []
    for candidate, exact in readings:
        locality = ctx.locality(candidate.country)
        if not _eligible(ctx, start, end, candidate, locality, cue):
            continue
        ranked.append((_rank(candidate, exact, locality, cue), candidate))
    if not ranked:
        return None
    best = min(ranked, key=lambda item: item[0])[1]
    if best.kind == "area":
        best = _prefer_area(ctx, [c for _, c in ranked if c.kind == "area"])
        start = _with_demonym(ctx, start, end)
    return _Pick(start, end, _entity(best), f"gazetteer-{best.kind}", best.country, best.kind)


def _with_demonym(ctx: _Context, start: int, end: int) -> int:
    """Start a one-word area's span at the demonym that qualifies it ("Peruvian Amazon")."""
    qualified = end - start == 1 and start > 0 and _is_demonym(ctx.doc[start - 1])
    return start - 1 if qualified and ctx.free(start - 1, start) else start


def _indexed_spans(doc: Doc) -> Iterator[tuple[int, int, list[_Candidate]]]:
    """Regions and cities: capitalised token runs whose text is an indexed name."""
    tables = _tables()
    text = doc.text
    for i, token in enumerate(doc):
        if not token.text[:1].isupper():
            continue
        run = _FIRST_RUN.match(_key(token.text))
        width = tables.first_runs.get(run.group(1), 0) if run else 0
        begin = token.idx
        for j in range(i + 1, min(len(doc), i + width) + 1):
            last = doc[j - 1]
            found = tables.names.get(_key(text[begin : last.idx + len(last)]))
            if found:
                yield i, j, found


def _coordinated(doc: Doc, picks: list[_Pick]) -> list[list[_Pick]]:
    """Runs of picks joined only by commas and "and"/"or" ("Jalisco, Guanajuato and Colima")."""
    groups: list[list[_Pick]] = []
    for pick in picks:
        if groups:
            last = groups[-1][-1]
            between = doc[last.end : pick.start]
            if 0 < len(between) <= 2 and all(t.lower_ in _COORDINATION for t in between):
                groups[-1].append(pick)
                continue
        groups.append([pick])
    return groups


def _harmonise(
    ctx: _Context,
    picks: list[_Pick],
    readings: dict[tuple[int, int], list[tuple[_Candidate, bool]]],
) -> list[_Pick]:
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
            region = _choose(ctx, pick.start, pick.end, regions) if regions else None
            if region is not None:
                out[out.index(pick)] = region
    return out


# --- cue finders ---------------------------------------------------------------------------------


def _facility_name(doc: Doc, start: int, end: int, head: FacilityHead) -> tuple[int, int] | None:
    """The name a facility head goes with: before it, or after "of" ("Port of Callao")."""
    first = _name_before(doc, start)
    if first is not None and _acceptable_name(doc, first, start):
        return first, start
    if head.of and end + 1 < len(doc) and doc[end].lower_ == "of":
        last = _name_after(doc, end + 1)
        if last is not None and _acceptable_name(doc, end + 1, last):
            return end + 1, last
    return None


def _named_city(ctx: _Context, start: int, end: int) -> _Pick | None:
    """The city a port or airport is named after ("Gioia Tauro port"), anywhere in the world."""
    found = [c for c in _tables().names.get(_key(ctx.doc[start:end].text), ()) if c.kind == "city"]
    if not found:
        return None
    best = min(found, key=lambda c: (ctx.locality(c.country), -c.population))
    return _Pick(start, end, _entity(best), "gazetteer-city", best.country, "city")


def _list_parent(ctx: _Context, picks: list[_Pick], start: int) -> str | None:
    """The place in "markets in Lima such as Gamarra Emporium"."""
    found = _list_head(ctx.doc, start)
    if found is None:
        return None
    head, marker = found
    return next((p.entity.key for p in picks if head < p.start and p.end <= marker), None)


def _facility(
    ctx: _Context,
    picks: list[_Pick],
    span: tuple[int, int],
    name: tuple[int, int],
    label: str,
    head: FacilityHead | None,
) -> _Pick:
    """A facility pick, located in the place it is named after, its list's place or the
    document's country."""
    place = next((p for p in picks if (p.start, p.end) == name), None)
    if place is None and head is not None and head.city:
        place = _named_city(ctx, *name)
    iso = place.country if place is not None else ctx.country
    parent = place.entity.key if place is not None else None
    parent = parent or _list_parent(ctx, picks, name[0]) or ctx.home_key()
    entity = _named_entity("facility", label, PlaceType.FACILITY, parent, iso or "XX")
    keeps = place is not None and place in picks
    return _Pick(*span, entity, "cue-facility", iso, "facility" if keeps else "")


def _facilities(
    ctx: _Context, picks: list[_Pick], matches: list[tuple[int, int, str]]
) -> Iterator[_Pick]:
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
            yield _facility(ctx, picks, span, name, label, head)


def _protected_areas(ctx: _Context, matches: list[tuple[int, int]]) -> Iterator[_Pick]:
    doc = ctx.doc
    for start, end in matches:
        first = _name_before(doc, start)
        if first is None or not _acceptable_name(doc, first, start) or not ctx.free(first, end):
            continue
        label = f"{doc[first:start].text} {doc[start:end].text.title()}"
        yield _Pick(
            first, end, _named_entity("area", label, PlaceType.AREA, ctx.home_key()), "cue-area"
        )


def _river(ctx: _Context, start: int, end: int, name: str) -> _Pick:
    known = gazetteer.resolve_area(name, ctx.country, types=["river"]) or gazetteer.resolve_area(
        f"{name} River", ctx.country, types=["river"]
    )
    if known is not None:
        return _Pick(start, end, area_entity(known), "cue-river")
    entity = _named_entity("river", name, PlaceType.RIVER, ctx.home_key())
    return _Pick(start, end, entity.model_copy(update={"label": f"{name} River"}), "cue-river")


def _rivers(ctx: _Context) -> Iterator[_Pick]:
    cues = place_cues()
    doc = ctx.doc
    for i, token in enumerate(doc):
        if token.lower_ in cues.river_heads:
            first = _name_before(doc, i)
            if first is not None and _acceptable_name(doc, first, i):
                yield _river(ctx, first, i + 1, doc[first:i].text)
                continue
        if token.lower_ in cues.river_prefixes and token.is_title and i + 1 < len(doc):
            last = _name_after(doc, i + 1)
            if last is not None and _acceptable_name(doc, i + 1, last):
                yield _river(ctx, i, last, doc[i + 1 : last].text)


def _joined_name_start(doc: Doc, first: int) -> int:
    """Extend a name left across dashes: "Abuja–Kaduna" before "highway"."""
    while first >= 2 and doc[first - 1].text in _DASHES:
        before = _name_before(doc, first - 1)
        if before is None:
            break
        first = before
    return first


def _road(ctx: _Context, start: int, end: int, label: str, name: str) -> _Pick:
    known = gazetteer.resolve_area(label, ctx.country, types=["road"]) or gazetteer.resolve_area(
        name, ctx.country, types=["road"]
    )
    if known is not None:
        return _Pick(start, end, area_entity(known), "cue-road", kind="road")
    entity = _named_entity("road", label, PlaceType.ROAD, ctx.home_key())
    return _Pick(start, end, entity, "cue-road", kind="road")


def _roads(ctx: _Context) -> Iterator[_Pick]:
    cues = place_cues()
    doc = ctx.doc
    for i, token in enumerate(doc):
        if token.lower_ in cues.road_heads:
            first = _name_before(doc, i)
            if first is not None and _acceptable_name(doc, first, i):
                first = _joined_name_start(doc, first)
                name = doc[first:i].text
                end = i if token.is_lower else i + 1  # "Panamericana Sur (highway)"
                yield _road(ctx, first, end, f"{name} {token.text}", name)
        elif token.lower_ in cues.road_prefixes and token.is_title and i + 1 < len(doc):
            numbered = doc[i + 1].like_num
            last = i + 2 if numbered else _name_after(doc, i + 1)
            if last is not None and (numbered or _acceptable_name(doc, i + 1, last)):
                yield _road(ctx, i, last, doc[i:last].text, doc[i:last].text)


def _area_pick(ctx: _Context, start: int, end: int) -> _Pick:
    name = ctx.doc[start:end].text
    known = gazetteer.resolve_area(name, ctx.country)
    if known is not None:
        return _Pick(start, end, area_entity(known), "gazetteer-area")
    return _Pick(
        start, end, _named_entity("area", name, PlaceType.AREA, ctx.home_key()), "cue-area"
    )


def _coordinated_names(ctx: _Context, taken: set[int], head: int) -> Iterator[_Pick]:
    """Unknown names before a region head: "the Pataz province", "the X and Y districts"."""
    doc = ctx.doc
    end = head
    while end > 0:
        first = _name_before(doc, end, max(0, head - _SCAN))
        if first is None:
            return
        free = taken.isdisjoint(range(first, end)) and ctx.free(first, end)
        if free and _acceptable_name(doc, first, end):
            yield _area_pick(ctx, first, end)
        if first == 0 or doc[first - 1].lower_ not in _COORDINATION:
            return
        end = first - 1


def _listed_names(
    ctx: _Context, picks: list[_Pick], taken: set[int], start: int
) -> Iterator[_Pick]:
    """Unknown names listed after an area or facility head ("mining areas like Pataz",
    "markets in Lima such as Gamarra Emporium and Polvos Azules")."""
    doc = ctx.doc
    cues = place_cues()
    found = _list_head(doc, start)
    if found is None:
        return
    head = doc[found[0]]
    facility = head.lemma_.lower() in cues.facility_terms or head.lower_ in cues.facility_terms
    if not facility and not _head(head, cues.area_heads):
        return
    i = start
    while i < len(doc):
        i += 1 if doc[i].lower_ == "the" else 0
        last = _name_after(doc, i) if i < len(doc) else None
        if last is None:
            return
        if (
            _acceptable_name(doc, i, last)
            and taken.isdisjoint(range(i, last))
            and ctx.free(i, last)
        ):
            if facility:
                yield _facility(ctx, picks, (i, last), (i, last), doc[i:last].text, None)
            else:
                yield _area_pick(ctx, i, last)
        if last >= len(doc) or doc[last].lower_ not in _COORDINATION:
            return
        i = last + 1


def _named_areas(ctx: _Context, picks: list[_Pick]) -> Iterator[_Pick]:
    """Names no gazetteer knows, before region heads or in lists after area/facility heads."""
    cues = place_cues()
    doc = ctx.doc
    taken = {i for p in picks for i in range(p.start, p.end)}
    markers = _markers()
    for token in doc:
        lower = token.lower_
        if lower in markers:
            for words in markers[lower]:
                following = [t.lower_ for t in doc[token.i + 1 : token.i + len(words)]]
                if following == words[1:]:
                    yield from _listed_names(ctx, picks, taken, token.i + len(words))
        elif _head(token, cues.region_heads) and not (token.is_title and lower in _PROPER_HEADS):
            yield from _coordinated_names(ctx, taken, token.i)


@cache
def _markers() -> dict[str, tuple[list[str], ...]]:
    """List markers by their first word."""
    table: dict[str, list[list[str]]] = defaultdict(list)
    for marker in place_cues().list_markers:
        words = marker.split()
        table[words[0]].append(words)
    return {first: tuple(options) for first, options in table.items()}


# --- borders -------------------------------------------------------------------------------------


def _country_code(word: str) -> str | None:
    entry = resolve_country(word) or next(iter(countries_by_demonym(word)), None)
    return entry.iso2 if entry else None


def _sides_of_word(text: str, home: str | None) -> tuple[str, str] | None:
    """The sides a word before "border" names: a joined pair ("U.S.-Mexico") or a demonym
    ("Ecuadorian": the document's country and Ecuador)."""
    for dash in _DASHES:
        if dash in text.strip(dash):
            left, _, right = text.partition(dash)
            a, b = _country_code(left), _country_code(right)
            if a and b and a != b:
                return a, b
    owners = countries_by_demonym(text) if text[:1].isupper() else ()
    if owners and home and owners[0].iso2 != home:
        return home, owners[0].iso2
    return None


def _border_pick(start: int, end: int, first: str | None, second: str | None) -> list[_Pick]:
    if not first or not second or first == second:
        return []
    return [_Pick(start, end, border_entity(first, second), "cue-border")]


def _border_before(ctx: _Context, country_at: dict[int, _Pick], i: int) -> list[_Pick]:
    """ "the Peru–Ecuador border", "the Ecuador border", "the Ecuadorian border"."""
    doc = ctx.doc
    second = country_at.get(i)
    if second is not None:
        first = None
        if second.start >= 2 and doc[second.start - 1].text in _DASHES:
            first = country_at.get(second.start - 1)
        if first is not None:
            return _border_pick(first.start, i + 1, first.country, second.country)
        return _border_pick(second.start, i + 1, ctx.country, second.country)
    if i == 0:
        return []
    sides = _sides_of_word(doc[i - 1].text, ctx.country)
    if sides is None:
        return []
    if i >= 3 and doc[i - 2].text in _DASHES:
        other = _sides_of_word(doc[i - 3].text, ctx.country)
        if other is not None and other[1] != sides[1]:
            return _border_pick(i - 3, i + 1, other[1], sides[1])
    return _border_pick(i - 1, i + 1, *sides)


def _countries_after(country_from: dict[int, _Pick], doc: Doc, j: int) -> list[_Pick]:
    """The coordinated country mentions starting at token ``j``."""
    named: list[_Pick] = []
    while j < len(doc):
        j += 1 if doc[j].lower_ == "the" else 0
        pick = country_from.get(j)
        if pick is None:
            break
        named.append(pick)
        j = pick.end
        if j >= len(doc) or doc[j].lower_ not in _COORDINATION:
            break
        j += 1
    return named


def _border_after(ctx: _Context, country_from: dict[int, _Pick], i: int) -> list[_Pick]:
    """ "the border with Ecuador", "borders with Brazil, Colombia and Bolivia", "the border
    between Peru and Ecuador"."""
    doc = ctx.doc
    if i + 2 >= len(doc) or doc[i + 1].lower_ not in ("with", "between"):
        return []
    named = _countries_after(country_from, doc, i + 2)
    if doc[i + 1].lower_ == "between":
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


def _borders(ctx: _Context, picks: list[_Pick]) -> Iterator[_Pick]:
    words = place_cues().border_words
    found = [p for p in picks if p.entity.place_type == PlaceType.COUNTRY]
    country_at = {p.end: p for p in found}
    country_from = {p.start: p for p in found}
    for i, token in enumerate(ctx.doc):
        if token.lower_ in words:
            yield from _border_before(ctx, country_at, i)
            yield from _border_after(ctx, country_from, i)


# --- the statistical NER -------------------------------------------------------------------------


def _trim(ent: Span) -> tuple[int, int]:
    doc = ent.doc
    start, end = ent.start, ent.end
    while start < end and (doc[start].lower_ in _DETERMINERS or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _ner_name(span: Span) -> bool:
    """Whether an NER location span is a plausible place name of its own."""
    if any(t.is_space or "\n" in t.text for t in span):
        return False
    if not span.text[:1].isupper() or span[-1].pos_ not in ("PROPN", ""):
        return False
    if countries_by_demonym(span.text):
        return False
    return _acceptable_name(span.doc, span.start, span.end)


def _ner(ctx: _Context, picks: list[_Pick]) -> Iterator[_Pick]:
    taken = {i for p in picks for i in range(p.start, p.end)}
    for ent in ctx.doc.ents:
        if ent.label_ not in _PLACE_LABELS:
            continue
        start, end = _trim(ent)
        if start >= end or not taken.isdisjoint(range(start, end)) or not ctx.free(start, end):
            continue
        span = ctx.doc[start:end]
        if not _ner_name(span):
            continue
        if ent.label_ == "GPE" and ctx.country is not None:
            city = _named_entity("city", span.text, PlaceType.CITY, ctx.home_key(), ctx.country)
            yield _Pick(start, end, city, "ner")
        else:
            yield _Pick(start, end, _named_entity("area", span.text, PlaceType.AREA, None), "ner")


# --- merging -------------------------------------------------------------------------------------


def _longest_first(picks: list[_Pick]) -> list[_Pick]:
    """Non-overlapping picks, longer spans first, then earlier ones."""
    out: list[_Pick] = []
    taken: set[int] = set()
    for pick in sorted(picks, key=lambda p: (p.start - p.end, p.start)):
        if taken.isdisjoint(range(pick.start, pick.end)):
            out.append(pick)
            taken.update(range(pick.start, pick.end))
    return sorted(out, key=lambda p: p.start)


def _merge(picks: list[_Pick], found: list[_Pick]) -> list[_Pick]:
    """Add cue picks to the gazetteer's.

    A cue pick that crosses a gazetteer pick, or repeats its span, is dropped; one that contains
    gazetteer picks replaces them ("Amazon River"), except that facilities and roads keep the
    places they are named after ("Gioia Tauro port", "Abuja–Kaduna highway").
    """
    out = list(picks)
    for cue in _longest_first(found):
        inside = [p for p in out if cue.start <= p.start and p.end <= cue.end]
        crossing = [p for p in out if p not in inside and p.start < cue.end and cue.start < p.end]
        if crossing or any((p.start, p.end) == (cue.start, cue.end) for p in inside):
            continue
        named_after = cue.kind in ("facility", "road")
        keep = [p for p in inside if named_after and p.kind in ("city", "region", "country")]
        out = [p for p in out if p not in inside or p in keep]
        out.append(cue)
    return sorted(out, key=lambda p: (p.start, -p.end))


# --- the component -------------------------------------------------------------------------------


class PlaceFinder:
    """The ``ockg_places`` component (see the module docstring)."""

    def __init__(self, nlp: Language, name: str = "ockg_places") -> None:
        ensure_extensions()
        self.name = name
        tables = _tables()
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        for kind, forms in tables.phrase_forms.items():
            self.phrases.add(kind, list(nlp.tokenizer.pipe(sorted(forms))))
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.exact.add("exact", list(nlp.tokenizer.pipe(sorted(tables.exact_forms))))
        cues = place_cues()
        self.heads = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.heads.add("protected", list(nlp.tokenizer.pipe(cues.protected_heads)))
        for head in cues.facility_heads:
            self.heads.add(head.term, [nlp.make_doc(head.term)])
        self.bodies = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.bodies.add("body", list(nlp.tokenizer.pipe(_organisation_names())))
        _warm_up()

    def __call__(self, doc: Doc) -> Doc:
        bodies = [(start, end) for _, start, end in self.bodies(doc)]
        ctx = _Context.of(doc, bodies)
        picks = self._cues(ctx, self._gazetteer(ctx))
        borders = list(_borders(ctx, picks))
        ner = list(_ner(ctx, [*picks, *borders]))
        for pick in sorted([*picks, *borders, *ner], key=lambda p: (p.start, -p.end)):
            _record(doc, pick)
        return doc

    def _readings(self, doc: Doc) -> dict[tuple[int, int], list[tuple[_Candidate, bool]]]:
        """Every gazetteer reading of every span, with whether it is spelled exactly."""
        tables = _tables()
        spans: dict[tuple[int, int], list[tuple[_Candidate, bool]]] = defaultdict(list)
        for match_id, start, end in self.phrases(doc):
            kind = doc.vocab.strings[match_id]
            text = doc[start:end].text
            for candidate in tables.phrases.get(fold_key(text), ()):
                if candidate.kind == kind:
                    spans[(start, end)].append((candidate, text == candidate.name))
        for _, start, end in self.exact(doc):
            for candidate in tables.exact.get(doc[start:end].text.replace(".", ""), ()):
                spans[(start, end)].append((candidate, True))
        for start, end, found in _indexed_spans(doc):
            text = doc[start:end].text
            spans[(start, end)].extend((c, text == c.name) for c in found)
        return spans

    def _gazetteer(self, ctx: _Context) -> list[_Pick]:
        readings = self._readings(ctx.doc)
        chosen = [
            pick
            for (start, end), found in readings.items()
            if ctx.free(start, end) and (pick := _choose(ctx, start, end, found)) is not None
        ]
        return _harmonise(ctx, _longest_first(chosen), readings)

    def _cues(self, ctx: _Context, picks: list[_Pick]) -> list[_Pick]:
        strings = ctx.doc.vocab.strings
        facilities: list[tuple[int, int, str]] = []
        protected: list[tuple[int, int]] = []
        for match_id, start, end in self.heads(ctx.doc):
            label = strings[match_id]
            if label == "protected":
                protected.append((start, end))
            else:
                facilities.append((start, end, label))
        found = [
            *_facilities(ctx, picks, facilities),
            *_protected_areas(ctx, protected),
            *_rivers(ctx),
            *_roads(ctx),
            *_named_areas(ctx, picks),
        ]
        return _merge(picks, found)


def _organisation_names() -> list[str]:
    """Names of bodies that contain place names ("United States Department of State", "UN
    Regional Centre ... in Latin America and the Caribbean"): no place mention inside them."""
    names = {
        alias.name
        for body in non_actors().organisations
        for alias in body.surface_forms()
        if not alias.case_sensitive and len(alias.name.split()) > 1
    }
    return sorted(names)


def _record(doc: Doc, pick: _Pick) -> None:
    """Record a pick, over its fallback span if its own is refused."""
    spans = [(pick.start, pick.end), *([pick.fallback] if pick.fallback else [])]
    for start, end in spans:
        confidence = CONFIDENCE[pick.method]
        found = add_mention(
            doc, start, end, pick.entity, method=pick.method, confidence=confidence, yield_to=_YIELD
        )
        if found is not None:
            return


def _warm_up() -> None:
    """Load the lexicons the first document would otherwise wait for."""
    _regional_demonyms()
    _generic_words()
    _head_words()
    _markers()
    countries_by_demonym("Peruvian")
    resolve_country("Peru")
    match_non_actor("Port of Spain")


@Language.factory("ockg_places")
def make_place_finder(nlp: Language, name: str) -> PlaceFinder:
    """Factory of ``ockg_places``."""
    return PlaceFinder(nlp, name)
