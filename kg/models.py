"""The pydantic models that are the contract between the stages of the flow.

``Document`` (read) -> ``Profile`` (parsed) -> graph. rdflib objects never appear here:
the models hold plain values, and ``kg.graph`` turns them into triples.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kg.relation_kinds import relation_kind

__all__ = [
    "EDITIONS",
    "Claim",
    "CountryRef",
    "Diagnostic",
    "Document",
    "DocumentMeta",
    "Entity",
    "EntityKind",
    "Extraction",
    "Facts",
    "Indicator",
    "IndicatorKind",
    "Membership",
    "Mention",
    "Paragraph",
    "PlaceType",
    "Presence",
    "Profile",
    "Rank",
    "RankScope",
    "Relationship",
    "Route",
    "Score",
    "Sentence",
]

EDITIONS: tuple[int, ...] = (2021, 2023, 2025)

Edition = Annotated[int, Field(ge=2019, le=2100)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class IndicatorKind(StrEnum):
    """The four families of Index indicators."""

    COMPOSITE = "composite"
    MARKET = "market"
    ACTOR_TYPE = "actor_type"
    RESILIENCE = "resilience"


class Indicator(_Frozen):
    """One indicator of the taxonomy (``ontology/indicators.yaml``)."""

    id: str
    label: str
    kind: IndicatorKind
    broader: str | None = None
    since: Edition
    page_labels: tuple[str, ...] = ()
    definition: str
    definition_source: str | None = None

    def scored_in(self, edition: int) -> bool:
        """Whether the Index scores this indicator in ``edition``."""
        return edition >= self.since


class Diagnostic(_Frozen):
    """A coded warning attached to a parsed document (never raised)."""

    code: str
    message: str
    line: int | None = None


class DocumentMeta(_Frozen):
    """What is known of a document besides its text (sidecar file or command line)."""

    country: str | None = None
    edition: Edition | None = None
    source: str | None = None
    title: str | None = None


class Document(_Frozen):
    """A text as ockg analyses it: decoded, NFC-normalised, with its content hash."""

    path: str
    text: str
    sha256: str
    meta: DocumentMeta = DocumentMeta()

    @property
    def doc_id(self) -> str:
        """Stable identifier: a prefix of the content hash."""
        return self.sha256[:16]


class Score(_Frozen):
    """An indicator's score in one edition, as printed or as inferred."""

    indicator: str
    value: Decimal = Field(ge=Decimal("1.00"), le=Decimal("10.00"))
    change: Decimal | None = None
    inferred: bool = False
    inference: str | None = None
    line: int | None = None


class RankScope(StrEnum):
    """The three scopes a profile ranks a country in."""

    WORLD = "world"
    CONTINENT = "continent"
    REGION = "region"


class Rank(_Frozen):
    """A criminality or resilience rank at one scope, with the change as printed."""

    indicator: str
    scope: RankScope
    scope_name: str
    rank: int = Field(ge=1)
    out_of: int = Field(ge=1)
    change: int | None = None
    previous: int | None = None
    line: int | None = None


class Facts(_Frozen):
    """The profile's header facts; ``None`` where the page prints nothing or "No data"."""

    capital: str | None = None
    population: int | None = None
    gdp_usd_million: Decimal | None = None
    area_km2: Decimal | None = None
    income_group: str | None = None
    geography_type: str | None = None
    gini: Decimal | None = None


class Profile(_Frozen):
    """Everything the profile parser reads from an Organized Crime Index page."""

    country: str | None
    edition: Edition | None
    edition_detected: Edition | None = None
    facts: Facts = Facts()
    scores: tuple[Score, ...] = ()
    ranks: tuple[Rank, ...] = ()
    definitions: dict[str, str] = Field(default_factory=dict)
    analysis_start: int | None = None
    """Character offset where the analysis begins (None: the page has none)."""
    analysis_end: int | None = None
    diagnostics: tuple[Diagnostic, ...] = ()

    def score(self, indicator: str) -> Score | None:
        """The score of one indicator, or None."""
        return next((s for s in self.scores if s.indicator == indicator), None)


class CountryRef(_Frozen):
    """A resolved country: ISO 3166-1 codes and the name used in labels."""

    iso2: str
    iso3: str | None = None
    name: str
    geonames_id: int | None = None


# --- extraction (the NLP stages) ----------------------------------------------------------------


class EntityKind(StrEnum):
    """What an extracted entity is."""

    GROUP = "group"  # a named criminal organisation
    COLLECTIVE = "collective"  # an unnamed collective of criminal actors
    PLACE = "place"
    MARKET = "market"  # one of the Index's criminal markets
    PERSON = "person"  # a named person who leads or belongs to a group


class PlaceType(StrEnum):
    """The kinds of place ockg distinguishes (each an ``ockg:`` class)."""

    WORLD = "world"
    CONTINENT = "continent"
    WORLD_REGION = "world-region"
    COUNTRY = "country"
    REGION = "region"  # first-level subdivision (ISO 3166-2)
    CITY = "city"
    AREA = "area"
    BORDER = "border"
    FACILITY = "facility"
    ROAD = "road"
    RIVER = "river"


class Entity(_Frozen):
    """One real-world thing the text names, under a canonical key unique across documents.

    Keys (``kg.lexicon.keys``): ``group/<slug>``, ``collective/<origin>/<kind>``,
    ``place/country/<ISO2>``,
    ``place/region/<ISO 3166-2>``, ``place/city/<ISO2>/<slug>``, ``place/area/<slug>``,
    ``place/border/<ISO2>-<ISO2>``, ``market/<indicator id>``.
    """

    key: str
    kind: EntityKind
    label: str
    aliases: tuple[str, ...] = ()
    actor_type: str | None = None
    """Actor-type indicator id (actors), relative to the document's country."""
    origin: str | None = None
    """ISO 3166-1 alpha-2 of the actor's origin country."""
    origin_region: str | None = None
    """Place key of the world region an actor comes from ("Balkan networks"), if no country."""
    group_kind: str | None = None
    place_type: PlaceType | None = None
    parent: str | None = None
    """Key of the place this place is located in."""
    iso_code: str | None = None
    geonames_id: int | None = None
    wikidata: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    market: str | None = None
    """Market indicator id (markets)."""


class Mention(_Frozen):
    """A span of the document naming an entity; offsets are into ``Document.text``."""

    entity: str
    kind: EntityKind
    begin: int
    end: int
    text: str
    sentence: int
    """Index into ``Extraction.sentences``."""
    method: str
    confidence: float = Field(ge=0.0, le=1.0)
    actor_type: str | None = None
    """Actors: the actor type this mention states, relative to the document's country (mentions
    of one collective may state different types; ``Entity.actor_type`` is the first stated)."""


class Sentence(_Frozen):
    """A sentence of the analysed text, with the section and paragraph it lies in."""

    begin: int
    end: int
    paragraph: int
    section: str | None = None


class Paragraph(_Frozen):
    """A paragraph of the analysis and the indicator(s) it discusses."""

    begin: int
    end: int
    section: str | None = None
    indicators: tuple[str, ...] = ()


class Claim(_Frozen):
    """What every extracted fact carries: its sentence, how it was derived, how sure."""

    sentence: int
    """Index into ``Extraction.sentences``."""
    method: str
    confidence: float = Field(ge=0.0, le=1.0)
    hedges: tuple[str, ...] = ()
    modality: str | None = None
    """How the text holds the claim when not as plain fact: alleged, reported, possible, former."""
    time: str | None = None
    """The time the sentence gives the claim, as written ("since 2022", "in 2021")."""


class Presence(Claim):
    """Who operates where in which market: at least two of actor, market and place (entity keys)."""

    actor: str | None = None
    market: str | None = None
    place: str | None = None


class Route(Claim):
    """A trafficking route: origin, ordered transit places, destination (place keys)."""

    market: str | None = None
    origin: str | None = None
    via: tuple[str, ...] = ()
    destination: str | None = None
    mode: str | None = None


class Relationship(Claim):
    """A relationship between two actors (entity keys, sorted) of a registered kind
    (``ontology/relation_kinds.yaml``: cooperation, rivalry…)."""

    kind: str
    actors: tuple[str, str]

    @field_validator("kind")
    @classmethod
    def _registered(cls, kind: str) -> str:
        return relation_kind(kind).name  # UnknownRelationKind (a ValueError) if not listed


class Membership(Claim):
    """A named person's tie to a group: ``role`` "leader" or "member" (entity keys)."""

    person: str
    group: str
    role: str


class Extraction(_Frozen):
    """Everything the NLP stages found in one document."""

    document: str
    """The document's sha256."""
    country: str | None = None
    """ISO2 of the country the document is about (given, or inferred from the text)."""
    edition: Edition | None = None
    """The Index edition of the profile (or the document's metadata), if known."""
    paragraphs: tuple[Paragraph, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    presences: tuple[Presence, ...] = ()
    routes: tuple[Route, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    memberships: tuple[Membership, ...] = ()
