"""Collectives of criminal actors: heads with their modifiers, coordinated origins, implication
cues, and the collective's entity (key, type, origin, label)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from kg.lexicon.actors import match_non_actor
from kg.lexicon.countries import countries_by_demonym
from kg.lexicon.gazetteer import AreaEntry, resolve_area
from kg.lexicon.keys import (
    collective_key,
    collective_kind,
    kind_label,
    kind_of_head,
    slug,
)
from kg.lexicon.load import actor_cues, collective_kinds, countries, word_lists
from kg.lexicon.models import CueTerm, RegionalDemonym
from kg.models import Entity, EntityKind
from kg.nlp.actors.criminality import (
    acts_in_crime,
    criminal_one,
    market_in,
    market_of,
    one_unnamed,
)
from kg.nlp.actors.descriptions import (
    describes_group,
    group_complement,
    names_groups_after,
    predicative,
    title_word,
)
from kg.nlp.actors.known_names import relative_type
from kg.nlp.actors.matches import (
    Cue,
    Matches,
    Run,
    demonym_at,
    ethnic_at,
    touches_next,
)
from kg.nlp.actors.origin_cues import (
    cue_ending_at,
    from_list,
    modifier_cue,
    possessive_country,
    suffixed_origin,
)
from kg.nlp.actors.words import (
    COLLECTIVE_CONFIDENCE,
    FOREIGN,
    HYPHENS,
    MAX_RUN,
    WEAK_COLLECTIVE_CONFIDENCE,
    HeadCue,
    actor_words,
    crime_words,
)
from kg.nlp.spans import add_mention


def usable_collective_heads(
    doc: Doc, matches: Matches, plain: list[tuple[int, int, HeadCue, Run]] | None = None
) -> Iterator[tuple[int, int, HeadCue, Run]]:
    """The collective heads that stand as actors here, with the words before them; ``plain``
    collects the generic heads with nothing telling before them ("other groups", "two
    groups"), which stand only for a criminal collective the document has named."""
    for start, end, cue in matches.heads:
        if not _usable_head(doc, start, end, cue, matches) or matches.claimed(start, end):
            continue
        run = _modifier_run(doc, start, end, cue, matches)
        if run is None:
            continue
        if one_unnamed(doc, start, end, cue):
            if _named_non_actor(doc, run, end) or not criminal_one(doc, end, cue, run, matches):
                continue
        elif not _qualified(doc, end, cue, run, matches):
            if plain is not None and _plain_generic(doc, end, cue, run):
                plain.append((start, end, cue, run))
            continue
        yield start, end, cue, run


def criminal_trade(end: int, cue: HeadCue, run: Run, matches: Matches) -> bool:
    """Whether traders, suppliers or producers are named by a criminal word or a strong market
    trigger of their own ("illegal producers", "rhino-horn traders"; not "gold traders", a weak
    trigger): implicated by their own words. Not the typed heads (officials, companies:
    "mining companies" may be legal ones)."""
    if cue.term not in actor_cues().collective_heads:
        return False
    strong = any(
        market and not weak and run.start <= s and e == end - 1
        for s, e, market, weak in matches.markets
    )
    return run.criminal or strong


def _plain_generic(doc: Doc, end: int, cue: HeadCue, run: Run) -> bool:
    """A plural generic head after adjectives, participles or a count only ("other groups",
    "two competing groups", "various actors"), not bare ("organizations"), a noun compound
    ("community groups"), a quantity of something ("groups of migrants") nor the subject of a
    copula ("the main actors are small groups")."""
    head = doc[end - 1]
    if not cue.generic or run.parts or head.tag_ != "NNS" or not head.is_lower:
        return False
    if end < len(doc) and doc[end].lower_ == "of":
        return False
    if head.dep_ == "nsubj" and head.head.lemma_ == "be":
        return False
    before = doc[end - 2] if end > 1 else None
    counted = before is not None and before.pos_ == "NUM"
    words = doc[run.start : end - 1]
    if not words and not counted:
        return False
    return all(t.pos_ in ("ADJ", "NUM") or t.tag_ in ("VBG", "VBN") for t in words)


def add_collective(
    doc: Doc,
    start: int,
    end: int,
    entity: Entity,
    cue: HeadCue,
    cues: list[Cue],
    market: str | None,
    *,
    confidence: float = COLLECTIVE_CONFIDENCE,
    weak_confidence: float = WEAK_COLLECTIVE_CONFIDENCE,
) -> None:
    """Record a collective mention with the market its words name ("illegal mining groups");
    a typed mention types a key first seen without a type. ``weak_confidence`` is that of a
    collective whose words state neither origin nor type."""
    by_origin = any(c.country or c.region for c in cues)
    stated = by_origin or any(c.origin or c.actor_type for c in cues) or cue.term.actor_type
    added = add_mention(
        doc,
        start,
        end,
        entity,
        method="collective-demonym" if by_origin else "collective-cue",
        confidence=confidence if stated else weak_confidence,
    )
    if added is not None and market is not None:
        added._.ockg_market = f"market/{market}"
    registry = doc._.ockg_entities
    known = registry.get(entity.key)
    if added is not None and known is not None and known.actor_type is None:
        registry[entity.key] = known.model_copy(update={"actor_type": entity.actor_type})


def _usable_head(doc: Doc, start: int, end: int, cue: HeadCue, matches: Matches) -> bool:
    """A lower-case plural noun head (or one with a demonym), not a compound ("cartel violence")."""
    head = doc[end - 1]
    if head.pos_ not in ("NOUN", "PROPN") or head.tag_ == "JJ":
        return False
    capitals = [
        t
        for t in doc[start:end]
        if t.is_alpha
        and not t.is_lower
        and not _opens_clause(t)
        and not _inside_term(t, start, end)
        and not _abbreviated_head(t, end)
    ]
    if capitals and not all(title_word(t) for t in capitals):
        return False  # a name's word, not a headline's ("Albanian Networks Procure Cocaine")
    titled = bool(capitals) and head in capitals  # the tagger reads a headline as names
    members = member_end(doc, end, cue) > end
    plural = head.tag_ in ("NNS", "NNPS") or (titled and head.lower_.endswith("s")) or members
    if end < len(doc) and doc[end].pos_ in ("NOUN", "PROPN") and doc[end].is_alpha:
        if cue.term.implicated_only and end in matches.implication:
            return True  # "law enforcement corruption"
        if members:
            pass  # "gang members", "cult members": the collective of the gang's kind
        elif titled and plural and title_word(doc[end]):
            pass  # "Albanian Networks Procure Cocaine": the headline's verb
        elif not (plural and _misparsed_verb(doc[end], matches)):
            return False  # "cartel violence", "actors score"
    if start > 0 and doc[start - 1].lower_ in actor_words().anaphoric:
        return False  # "these networks", "both gangs"
    if describes_group(doc, start, matches) or predicative(head):
        return False
    if names_groups_after(doc, end, matches) or group_complement(head, matches):
        return False
    if plural or cue.term.match == "lower" or demonym_at(doc, start) is not None:
        return True
    return one_unnamed(doc, start, end, cue)


def member_end(doc: Doc, end: int, cue: HeadCue) -> int:
    """The end of a criminal head's collective with the plural member noun after it ("gang
    members", "Cult Members"): keyed by the head's kind, as the gold keys them; ``end`` where
    none follows, or the head is generic or typed ("group members", "police members")."""
    if end >= len(doc) or cue.generic or cue.term.implicated_only:
        return end
    after = doc[end]
    if after.lower_ != "members" or doc[end - 1].dep_ != "compound":
        return end
    return end + 1


def _abbreviated_head(token: Token, end: int) -> bool:
    """A head written as an abbreviation among words that are not all capitals ("Turkish OCGs",
    "provide OCGs with"): no name's word, as a capitalised word would be."""
    if token.i != end - 1:
        return False
    letters = token.text[:-1] if token.text.endswith("s") else token.text
    if not (2 <= len(letters) <= 5 and letters.isupper() and letters.isalpha()):
        return False
    doc = token.doc
    around = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc) and doc[i].is_alpha]
    return not any(t.is_upper for t in around)


def _opens_clause(token: Token) -> bool:
    """A word a capital opens as a sentence's: at its start, or after a colon or a bullet
    ("cocaine: Criminal groups are now branching out")."""
    if token.is_sent_start:
        return True
    before = token.doc[token.i - 1] if token.i else None
    return before is not None and before.text in (":", "•") and token.i + 1 < len(token.doc)


def _inside_term(token: Token, start: int, end: int) -> bool:
    """A capitalised word of a listed head term before its last word ("Mafia-type
    associations"), or any word of a listed term of several words written in capitals as a
    whole ("the First Family", "the Red Berets"): the term is no name."""
    if not token.is_title or token.ent_type_ == "PERSON":
        return False
    whole = end - start > 1 and all(t.is_title for t in token.doc[start:end])
    return token.i < end - 1 or whole


def _misparsed_verb(token: Token, matches: Matches) -> bool:
    """A noun the tagger took from a verb after a plural subject ("groups traffic cocaine",
    "networks broker shipments", "kidnappers team up with"): a crime verb, or a singular noun
    with an object or a verb's particle after it."""
    lemma = token.lemma_.lower()
    words = actor_words()
    if lemma in words.crime_verbs or lemma in words.control_verbs or token.i in matches.implication:
        return True
    doc = token.doc
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if token.tag_ == "NN" and after is not None and after.tag_ == "RP":
        return True  # "team up", "carve out": a phrasal verb
    return token.tag_ == "NN" and after is not None and after.pos_ in ("NOUN", "DET", "PROPN")


def _modifier_run(doc: Doc, start: int, end: int, cue: HeadCue, matches: Matches) -> Run | None:
    """The cues and words before a head; None when a group name or a sense-changing compound
    ("security network", "Camorra clans") precedes it."""
    if start > 0 and cue.ambiguous and _blocking_compound(doc[start - 1], matches):
        return None
    run = Run(start=start)
    crime = crime_words()
    part = _inner_cues(start, end, matches)
    i = start
    floor = max(doc[start].sent.start, start - MAX_RUN)
    edge = doc[end - 1].left_edge.i
    while i > floor:
        found = cue_ending_at(doc, i, matches)
        if found is not None:
            part.insert(0, found)
            run.start = i = found.start
            continue
        token = doc[i - 1]
        if token.pos_ == "CCONJ" and i == start and _coordinated_modifier(doc, i - 1, end, matches):
            edge = doc[i - 2].left_edge.i
            run.split = run.start = i = i - 1
            continue
        if token.text in (",", "/") or token.pos_ == "CCONJ":  # "Chinese/Asian gangs"
            if part and i - 1 > floor and cue_ending_at(doc, i - 1, matches) is not None:
                run.parts.insert(0, part)
                part = []
                i -= 1
                continue
            break
        if token.text in HYPHENS and i - 1 > floor and touches_next(doc, i - 2):
            origin = cue_ending_at(doc, i - 1, matches)
            if origin is not None and doc[i].lower_ in actor_words().origin_suffixes:
                part.insert(0, origin)  # "Albanian-speaking groups", "Nigerian-led networks"
                run.start = i = origin.start
                continue
            if not _plain_modifier(doc[i - 2]):
                break
            run.criminal |= doc[i - 2].lower_ in crime
            run.start = i = i - 2
            continue
        if token.lower_ in actor_words().quantifiers:
            break  # "several drug kingpins": the count is no part of the collective
        if not _plain_modifier(token) or (token.i < edge and not _premodifier(token)):
            break  # outside the head's phrase: "embezzlement involving officials"
        run.criminal |= token.lower_ in crime
        run.start = i = i - 1
    if not run.parts and not any(c.origin for c in part):
        owner = possessive_country(doc, run.start)
        if owner is not None:
            part.append(owner)  # "Mexico's drug trafficking organizations"
    if part:
        run.parts.insert(0, part)
    if run.start > 0 and matches.claimed(run.start - 1, run.start):
        return None
    head_words = doc[start : end - 1].text.lower().replace("-", " ").split()
    run.criminal |= any(word in crime for word in head_words)
    return run


def _coordinated_modifier(doc: Doc, conj: int, end: int, matches: Matches) -> bool:
    """Whether the word before "and" modifies the head with its first words ("legal logging and
    gold-mining companies": the parse makes the head a conjunct of "logging")."""
    if conj < 1 or end - conj < 3:
        return False
    head = doc[end - 1]
    if any(e == conj for _, e, _ in matches.heads):  # "politicians and judiciary members"
        return False
    return head.dep_ == "conj" and head.head.i == conj - 1 and head.head.pos_ == "NOUN"


def _inner_cues(start: int, end: int, matches: Matches) -> list[Cue]:
    """Modifiers inside a head term ("foreign" in "foreign actors")."""
    cues: list[Cue] = []
    for stop in range(start + 1, end):
        modifier = matches.modifiers.get(stop)
        if modifier is not None and modifier[0] >= start:
            cues.append(modifier_cue(*modifier, stop))
    return cues


def _blocking_compound(token: Token, matches: Matches) -> bool:
    """A noun compound that changes the head's sense ("security network", "task groups")."""
    if token.dep_ != "compound" or token.pos_ not in ("NOUN", "PROPN"):
        return False
    if token.lower_ in crime_words() or token.i + 1 in matches.modifiers:
        return False
    if matches.market_within(token.i, token.i + 1):
        return False
    if ethnic_at(token.doc, token.i + 1) is not None:
        return False  # "Tebu smuggling networks"
    if suffixed_origin(token.doc, token.i + 1, matches) is not None:
        return False  # "Turkish-origin groups"
    return demonym_at(token.doc, token.i + 1) is None and not matches.claimed(token.i, token.i + 1)


def _premodifier(token: Token) -> bool:
    """A noun or adjective modifying something to its right (the parse may misplace the head:
    "Construction mafias extort ...")."""
    return (
        token.pos_ in ("NOUN", "ADJ")
        and token.dep_ in ("compound", "amod")
        and (token.head.i > token.i)
    )


def _plain_modifier(token: Token) -> bool:
    """A lower-case adjective, noun or participle that may stand before a head (capitalised in
    a headline: "Illegal Fishing Crews")."""
    if token.is_sent_start and token.pos_ == "PROPN":  # "Clan-based networks", mis-tagged
        return token.is_alpha
    if token.pos_ == "PROPN" and title_word(token):
        return True
    if token.pos_ not in ("ADJ", "NOUN", "VERB", "ADV"):
        return False
    if token.pos_ == "VERB" and token.tag_ not in ("VBN", "VBG"):
        return False
    return token.is_lower or token.is_sent_start or title_word(token)


def collective_parts(
    doc: Doc, run: Run, end: int, matches: Matches
) -> list[tuple[int, int, list[Cue]]]:
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
        left = market_in(run.start, split, matches)
        if left and left != market_of(end, split + 1, matches):
            return [(run.start, split, cues), (split + 1, end, cues)]
    if not any(c.origin for c in cues):
        origins = from_list(doc, end)
        if origins:  # one mention per origin over the head phrase; the places stay places
            return [(run.start, end, [origin, *cues]) for origin in origins]
    return [(run.start, end, cues)]


def _qualified(doc: Doc, end: int, cue: HeadCue, run: Run, matches: Matches) -> bool:
    """Whether a head is an actor here: not a named body; a generic head needs a telling cue
    (a criminal word, a market, a type, an origin other than "domestic" alone)."""
    if _named_non_actor(doc, run, end):
        return False
    if not cue.generic or run.criminal or market_of(end, run.start, matches):
        return True
    cues = [c for part in run.parts for c in part] + from_list(doc, end)
    if any(((c.actor_type or c.foreign) and not c.weak) or c.country or c.region for c in cues):
        return True
    if any(c.unstated for c in cues):  # an ethnic group: "Tebu groups"
        return True
    return acts_in_crime(doc[end - 1], matches)


def _named_non_actor(doc: Doc, run: Run, end: int) -> bool:
    """A capitalised head phrase naming a body that is never an actor ("the National Police");
    a demonym's capital makes no name ("the Syrian military")."""
    named = any(
        t.is_alpha
        and not t.is_lower
        and demonym_at(doc, t.i + 1) is None
        and ethnic_at(doc, t.i + 1) is None
        for t in doc[run.start : end]
    )
    return named and match_non_actor(doc[run.start : end].text, check_groups=False) is not None


def _collective_type(cue: HeadCue, cues: list[Cue]) -> str | None:
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
    compounds = [c.lemma_.lower() for c in head.lefts if c.dep_ == "compound"]
    specific = [w for w in compounds if kinds.get(w, generic) != generic]
    if specific and kinds.get(term.term, generic) == generic:
        return specific[0]  # "Militia groups": armed groups
    if term.term in kinds:  # "armed group"
        return term.term
    for lemma in (head.lemma_.lower(), written):
        if lemma in kinds:
            specific = [w for w in before if kinds.get(w, generic) != generic]
            return specific[0] if kinds[lemma] == generic and specific else lemma
    if term.match == "lemma":  # unlisted heads key as their lemma: "tourist", "wholesaler"
        return written
    class_lemmas = actor_words().type_class_lemmas
    if actor_type in class_lemmas:  # "law enforcement", "armed forces", "military"
        return class_lemmas[actor_type]
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


def _origin_of(cues: list[Cue], country: str | None) -> _Origin:
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
    if any(c.unstated for c in cues):
        return _Origin()  # an ethnic group of several countries ("Tebu networks")
    if any(c.domestic for c in cues) or not any(c.foreign for c in cues):
        return _Origin(country=country)
    return _Origin(foreign=True)


def _listed_origins(doc: Doc, end: int) -> set[str]:
    """The countries of the demonyms an "including" list after a collective names ("networks,
    including Venezuelan, Brazilian and Colombian groups"), up to the list's verb."""
    if (
        end + 1 >= len(doc)
        or doc[end].text != ","
        or doc[end + 1].lower_ not in word_lists().listing_words
    ):
        return set()
    codes: set[str] = set()
    for token in doc[end + 2 : doc[end].sent.end]:
        if token.pos_ in {"VERB", "AUX"}:
            break
        found = countries_by_demonym(token.text) if token.text[:1].isupper() else ()
        codes.update(entry.iso2 for entry in found[:1])
    return codes


def collective_entity(
    doc: Doc, end: int, cue: HeadCue, cues: list[Cue], country: str | None
) -> Entity:
    """The collective one mention names: one per origin and kind of actor."""
    cues = _origin_cues(doc, end, cues)
    own = _collective_type(cue, cues)
    lemma = _class_lemma(doc[end - 1], cue.term, own)
    origin = _origin_of(cues, country)
    listed = _listed_origins(doc, end)
    stated = any(c.origin for c in cues)
    if not stated and listed and country not in listed:
        origin = _Origin()  # "smuggling networks, including Venezuelan and Colombian groups"
    elif _foreign_people(cue, cues):
        origin = _Origin(foreign=True)  # "mercenaries", "three expatriates", "five foreigners"
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


def _foreign_people(cue: HeadCue, cues: list[Cue]) -> bool:
    """Whether a head names people as foreign by its own word ("mercenaries", "expatriates",
    "foreigners": a one-word term whose type is foreign-actors; in "private and foreign actors"
    the word "foreign" is a modifier of its own) and nothing states where they come from or
    that they are local: a foreign collective of no stated origin, not the document's
    country's."""
    if cue.term.actor_type != FOREIGN or " " in cue.term.term:
        return False
    return not any(c.country or c.region or c.unstated or c.domestic for c in cues)


def _origin_cues(doc: Doc, end: int, cues: list[Cue]) -> list[Cue]:
    """The cues that say where one group comes from: for a singular group noun, a weak
    foreign word ("an international organized crime group", "an international syndicate", "a
    transnational drug trafficking ring") states its reach, not a foreign origin, so the group
    keys by the document's country as a domestic one would."""
    head = doc[end - 1]
    if head.tag_ != "NN" or head.lemma_.lower() not in actor_words().group_nouns:
        return cues
    return [c for c in cues if not (c.weak and c.foreign and not (c.country or c.region))]


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
