"""Typed views of the lexicon files in ``ontology/`` (countries, groups, markets, cues, non-actors).

Every model is frozen; the loaders in :mod:`kg.lexicon.load` validate the YAML into them once.
Field meanings are documented in the header of each YAML file.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from kg.lexicon.normalise import fold_key

__all__ = [
    "OTHER_GROUP_KIND",
    "ActorCues",
    "ActorWords",
    "Alias",
    "CollectiveKind",
    "CollectiveKinds",
    "CountryEntry",
    "CueTerm",
    "FacilityHead",
    "GroupEntry",
    "GroupKind",
    "GroupsFile",
    "HeadNoun",
    "MarketLexicon",
    "MarketTriggers",
    "Modifier",
    "NonActorKind",
    "NonActorOrganisation",
    "NonActors",
    "PeopleWords",
    "PlaceCues",
    "PlaceWords",
    "RegionalDemonym",
    "Term",
    "Umbrella",
    "WordLists",
]

IsoCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]

GroupKind = Slug
"""A kind of named group: one of ``word_lists.yaml``'s ``group_kinds`` or :data:`OTHER_GROUP_KIND`
(the loader of ``groups.yaml`` checks it)."""
OTHER_GROUP_KIND = "other"
"""The kind of a group whose name implies none of the kinds of ``word_lists.yaml``."""


def _lower_case(word: str) -> str:
    if word != word.lower() or word != word.strip():
        raise ValueError(f"{word!r}: words are written in lower case, without surrounding spaces")
    return word


Word = Annotated[str, StringConstraints(min_length=1), AfterValidator(_lower_case)]
"""A lower-case word (or punctuation mark) as the finders compare a token's lower-case form."""
Words = frozenset[Word]
NonActorKind = Literal["international", "agency", "state", "ngo", "media"]
HeadKind = Literal["place", "facility", "state", "media", "ngo"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Alias(_Frozen):
    """A name variant; a plain YAML string is an alias matched case-insensitively."""

    name: NonEmpty
    case_sensitive: bool = False

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: object) -> object:
        return {"name": data} if isinstance(data, str) else data

    @property
    def key(self) -> str:
        """The lookup key: the name as written (dots dropped) if case-sensitive, else folded."""
        return self.name.replace(".", "") if self.case_sensitive else fold_key(self.name)


class _Named(_Frozen):
    """Something with a canonical name and aliases."""

    name: NonEmpty
    aliases: tuple[Alias, ...] = ()

    def surface_forms(self) -> tuple[Alias, ...]:
        """The canonical name (case-insensitive) followed by every alias."""
        return (Alias(name=self.name), *self.aliases)


class CountryEntry(_Named):
    """A country or territory of ``countries.yaml``."""

    iso2: IsoCode
    iso3: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    continent: NonEmpty
    region: str | None = None
    demonyms: tuple[NonEmpty, ...] = ()
    shared_demonyms: tuple[NonEmpty, ...] = ()
    neighbours: tuple[IsoCode, ...] = ()

    @property
    def in_index(self) -> bool:
        """Whether the Organized Crime Index scores this country (it has an Index region)."""
        return self.region is not None


class GroupEntry(_Named):
    """A named criminal group of ``groups.yaml``."""

    id: Slug
    origin: IsoCode | None = None
    actor_type: Slug
    kind: GroupKind
    part_of: Slug | None = None
    wikidata: Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")] | None = None
    regions: tuple[IsoCode, ...] = Field(min_length=1)
    status: Literal["historical"] | None = None


class GroupsFile(_Frozen):
    """The whole of ``groups.yaml``."""

    groups: tuple[GroupEntry, ...]


class Term(_Frozen):
    """A token-pattern term in lower case.

    ``match="lower"`` compares every token's lower-case form; ``match="lemma"`` compares the last
    token (the head) by lemma and the tokens before it by lower-case form.
    """

    term: NonEmpty
    match: Literal["lower", "lemma"] = "lower"
    weak: bool = False

    @model_validator(mode="after")
    def _lower_case(self) -> Term:
        if self.term != self.term.lower():
            raise ValueError(f"term {self.term!r} must be lower-case")
        return self


class MarketLexicon(_Frozen):
    """The triggers of one criminal market."""

    triggers: tuple[Term, ...]


class Umbrella(_Frozen):
    """Triggers that signal a group of markets without naming one ("drug trafficking")."""

    markets: tuple[Slug, ...] = Field(min_length=2)
    triggers: tuple[Term, ...]


class TradeWords(_Frozen):
    """Lemmas that confirm a weak trigger from its clause: verbs that move or deal in goods
    ("buy weapons"), nouns of their trade ("the sale of firearms"), and nouns of a quantity
    between them ("shipping large quantities of charcoal")."""

    verbs: frozenset[NonEmpty] = frozenset()
    nouns: frozenset[NonEmpty] = frozenset()
    quantities: frozenset[NonEmpty] = frozenset()

    @model_validator(mode="after")
    def _lower_case(self) -> TradeWords:
        for word in (*self.verbs, *self.nouns, *self.quantities):
            if word != word.lower():
                raise ValueError(f"trade word {word!r} must be lower-case")
        return self


class MarketAnaphors(_Frozen):
    """Phrases that point back to a paragraph's market: a determiner before a noun of trade
    ("these shipments", "this logistics chain"), or before a noun of an umbrella's goods,
    which stands for one of the umbrella's markets only ("the drugs": a drug market)."""

    determiners: frozenset[NonEmpty] = frozenset()
    nouns: frozenset[NonEmpty] = frozenset()
    umbrella_nouns: dict[Slug, frozenset[NonEmpty]] = Field(default_factory=dict)
    """Umbrella id -> nouns of its goods (lemmas)."""

    @model_validator(mode="after")
    def _lower_case(self) -> MarketAnaphors:
        goods = [w for words in self.umbrella_nouns.values() for w in words]
        for word in (*self.determiners, *self.nouns, *goods):
            if word != word.lower():
                raise ValueError(f"market anaphor word {word!r} must be lower-case")
        return self


class EnforcementWords(_Frozen):
    """Lemmas of acting against crime ("seize", "arrest"; "operation", "seizure"): the subject
    or agent of such a verb, or the actor of such a noun, fights the markets of its clause."""

    verbs: frozenset[NonEmpty] = frozenset()
    nouns: frozenset[NonEmpty] = frozenset()

    @model_validator(mode="after")
    def _lower_case(self) -> EnforcementWords:
        for word in (*self.verbs, *self.nouns):
            if word != word.lower():
                raise ValueError(f"enforcement word {word!r} must be lower-case")
        return self


class MarketTriggers(_Frozen):
    """The whole of ``markets.yaml``: market id -> triggers, umbrellas, non-triggers, and the
    trade words that confirm weak triggers."""

    markets: dict[Slug, MarketLexicon]
    umbrellas: dict[Slug, Umbrella] = Field(default_factory=dict)
    non_triggers: tuple[Term, ...] = ()
    trade_words: TradeWords = Field(default_factory=TradeWords)
    market_anaphors: MarketAnaphors = Field(default_factory=MarketAnaphors)
    enforcement_words: EnforcementWords = Field(default_factory=EnforcementWords)

    def market_of(self, term: str) -> str | None:
        """The market a trigger term (any spelling, folded) belongs to, if any."""
        key = fold_key(term)
        for market, lexicon in self.markets.items():
            if any(fold_key(trigger.term) == key for trigger in lexicon.triggers):
                return market
        return None


class CueTerm(Term):
    """An actor cue: a term with an optional default actor type."""

    actor_type: Slug | None = None
    implicated_only: bool = False


class Modifier(Term):
    """A word before a head that sets its type, or marks it domestic (blocking foreign-actors)."""

    actor_type: Slug | None = None
    domestic: bool = False

    @model_validator(mode="after")
    def _sets_something(self) -> Modifier:
        if (self.actor_type is None) == (not self.domestic):
            raise ValueError(f"modifier {self.term!r} needs exactly one of actor_type, domestic")
        return self


class RegionalDemonym(Term):
    """A regional adjective ("Balkan", "West African"), the region's names and its countries."""

    places: tuple[NonEmpty, ...] = ()
    countries: tuple[IsoCode, ...] = Field(min_length=1)


class EthnicGroup(Term):
    """An ethnic or national group named without a country's demonym ("Rohingya", "Tebu"): the
    one country it comes from, or none where it lives across several (origin unstated)."""

    countries: tuple[IsoCode, ...] = Field(default=(), max_length=1)


class CollectiveKind(_Frozen):
    """A kind of unnamed collective (``collective_classes.yaml``): its label, heads and type."""

    label: NonEmpty
    heads: tuple[NonEmpty, ...] = ()
    actor_type: Slug | None = None
    claims_unlisted: bool = False
    """A collective of this type whose head is listed under no kind is of this kind."""


class CollectiveKinds(_Frozen):
    """The whole of ``collective_classes.yaml``: the kinds and the default (generic) kind."""

    default: Slug
    kinds: dict[Slug, CollectiveKind]

    @model_validator(mode="after")
    def _consistent(self) -> CollectiveKinds:
        if self.default not in self.kinds:
            raise ValueError(f"unknown default kind: {self.default}")
        heads = [head for kind in self.kinds.values() for head in kind.heads]
        twice = sorted({head for head in heads if heads.count(head) > 1})
        if twice:
            raise ValueError(f"heads in two kinds: {', '.join(twice)}")
        return self


class ActorCues(_Frozen):
    """The whole of ``actor_cues.yaml``."""

    collective_heads: tuple[CueTerm, ...]
    typed_heads: tuple[CueTerm, ...]
    modifiers: tuple[Modifier, ...]
    regional_demonyms: tuple[RegionalDemonym, ...]
    ethnic_groups: tuple[EthnicGroup, ...] = ()
    name_prefixes: tuple[Term, ...]
    name_heads: tuple[CueTerm, ...]
    name_suffixes: tuple[CueTerm, ...]
    apposition_heads: tuple[CueTerm, ...]
    implication_cues: tuple[Term, ...]
    non_actor_heads: tuple[Term, ...]
    person_roles: dict[Literal["leader", "member"], tuple[NonEmpty, ...]] = Field(
        default_factory=dict
    )
    """Role nouns tying a named person to a group ("leader of", "a member of")."""
    person_verbs: dict[Literal["leader", "member"], tuple[NonEmpty, ...]] = Field(
        default_factory=dict
    )
    """Verb lemmas tying a named person (subject) to a group (object): "leads", "joined"."""


class NonActorOrganisation(_Named):
    """A named body that is never a criminal actor."""

    kind: NonActorKind
    country: IsoCode | None = None


class HeadNoun(_Frozen):
    """A head noun that marks a proper name as a non-actor (a body, a place, a facility)."""

    term: NonEmpty
    kind: HeadKind
    position: Literal["last", "first"] = "last"


class NonActors(_Frozen):
    """The whole of ``non_actors.yaml``."""

    organisations: tuple[NonActorOrganisation, ...]
    head_nouns: tuple[HeadNoun, ...]
    exceptions: tuple[NonEmpty, ...] = ()


class ActorWords(_Frozen):
    """The word lists of the actor finders (``word_lists.yaml``, section ``actors``)."""

    name_connectors: Words
    introducers: Words
    self_naming: Words
    list_glue: Words
    member_nouns: Words
    person_nouns: Words
    crime_verbs: Words
    control_verbs: Words
    crime_forms: Words
    control_forms: Words
    kin: Words
    anaphoric: Words
    quantifiers: Words = frozenset()
    origin_suffixes: Words = frozenset()
    counterpart_nouns: Words = frozenset()
    party_roles: Words = frozenset()
    group_nouns: Words = frozenset()
    designating_verbs: Words = frozenset()
    party_prepositions: Words = frozenset()
    victim_verbs: Words = frozenset()
    member_verbs: Words = frozenset()
    ties: Words
    locatives: Words
    adverbs: Words
    object_cues: Words
    object_only: Words
    enlisting_verbs: Words = frozenset()
    action_nouns: Words = frozenset()
    undergo_verbs: Words = frozenset()
    crime_roles: Words = frozenset()
    recruiting_verbs: Words = frozenset()
    becoming_verbs: Words = frozenset()
    of_prepositions: Words
    list_prepositions: Words
    generic_heads: Words
    ambiguous_heads: Words
    generic_name_heads: Words
    not_crime_words: Words
    bare_words: Words
    type_class_lemmas: dict[Slug, Word]


class PlaceWords(_Frozen):
    """The word lists of the place finders (``word_lists.yaml``, section ``places``)."""

    determiners: Words
    coordination: Words
    proper_heads: Words


class PeopleWords(_Frozen):
    """The word lists of the people finder (``word_lists.yaml``, section ``people``)."""

    alias_words: Words
    descriptors: Words
    role_prepositions: Words
    group_name_words: Words
    alias_adverbs: Words = frozenset()
    copular_verbs: Words = frozenset()
    position_nouns: Words = frozenset()
    holding_verbs: Words = frozenset()
    naming_words: Words = frozenset()
    person_pronouns: Words = frozenset()
    person_possessives: Words = frozenset()
    focus_verbs: Words = frozenset()
    group_pronouns: Words = frozenset()
    owner_pronouns: Words = frozenset()
    pointing_determiners: Words = frozenset()


class WordLists(_Frozen):
    """The whole of ``word_lists.yaml``: shared lists, group kinds, the finders' words."""

    listing_words: Words
    name_particles: Words
    group_kinds: dict[Slug, tuple[Word, ...]]
    stem_group_kinds: frozenset[Slug]
    actors: ActorWords
    places: PlaceWords
    people: PeopleWords

    @model_validator(mode="after")
    def _kinds_known(self) -> WordLists:
        if OTHER_GROUP_KIND in self.group_kinds:
            raise ValueError(f"group_kinds: {OTHER_GROUP_KIND!r} is the fallback, not a kind")
        words = [word for implied in self.group_kinds.values() for word in implied]
        shared = sorted({w for w in words if words.count(w) > 1 or w in self.group_kinds})
        if shared:
            raise ValueError(f"group_kinds: words that imply two kinds: {', '.join(shared)}")
        return self

    def kind_of_word(self) -> dict[str, str]:
        """Word -> the group kind it implies; each kind implies itself."""
        table = {kind: kind for kind in self.group_kinds}
        table.update((w, kind) for kind, implied in self.group_kinds.items() for w in implied)
        return table


class FacilityHead(_Frozen):
    """A facility head noun and how it names its facility."""

    term: str
    label: str
    of: bool = False
    city: bool = False


class PlaceCues(_Frozen):
    """The cue words of ``areas.yaml`` (see the file's header)."""

    region_heads: frozenset[str]
    area_heads: frozenset[str]
    settlement_heads: frozenset[str] = frozenset()
    division_heads: frozenset[str] = frozenset()
    coast_heads: frozenset[str] = frozenset()
    office_words: tuple[str, ...] = ()
    compass_words: frozenset[str] = frozenset()
    list_markers: tuple[str, ...]
    protected_heads: tuple[str, ...]
    river_heads: frozenset[str]
    river_prefixes: frozenset[str]
    road_heads: frozenset[str]
    road_prefixes: frozenset[str]
    road_suffixes: tuple[str, ...] = ()
    facility_heads: tuple[FacilityHead, ...]
    border_words: frozenset[str]
    geographic_heads: frozenset[str] = frozenset()
    locative_prepositions: frozenset[str]
    currency_words: frozenset[str]

    @property
    def facility_terms(self) -> dict[str, FacilityHead]:
        """Facility heads by their term."""
        return {head.term: head for head in self.facility_heads}
