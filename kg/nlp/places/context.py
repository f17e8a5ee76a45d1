"""Per-document state of the place finders (picks, context) and the token tests they share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from kg.lexicon.actors import match_non_actor, resolve_group
from kg.lexicon.countries import countries_by_demonym
from kg.lexicon.keys import country_key
from kg.lexicon.load import countries, place_cues, word_lists
from kg.lexicon.normalise import fold_key
from kg.models import Entity
from kg.nlp.places.words import (
    DASHES,
    LOCATIVE_CITY_POPULATION,
    NEVER_PLACES,
    SCAN,
    YIELD,
    head_words,
    market_terms,
    place_words,
    regional_demonym_words,
    subdivision_generic_words,
)
from kg.nlp.spans import mentions


@dataclass(slots=True)
class Pick:
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
class Context:
    """The document, its country and neighbours, the tokens no place may take (actor mentions,
    names of organisations), the NER's spans."""

    doc: Doc
    country: str | None
    neighbours: frozenset[str]
    blocked: frozenset[int]
    ent_ends: dict[int, int]

    @classmethod
    def of(cls, doc: Doc, bodies: Iterable[tuple[int, int]] = ()) -> Context:
        code = (doc._.ockg_country or "").upper()
        entry = countries().get(code)
        neighbours = frozenset(entry.neighbours) if entry else frozenset()
        spans = [(span.start, span.end) for span in mentions(doc, YIELD)]
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


def is_demonym(token: Token) -> bool:
    if token.lower_ in regional_demonym_words():
        return True
    return token.text[:1].isupper() and bool(countries_by_demonym(token.text))


def _is_name_token(token: Token) -> bool:
    if token.lower_ in place_words().determiners or not token.text[:1].isalpha():
        return False
    return token.is_title or (token.is_upper and len(token) > 1) or token.pos_ == "PROPN"


def extends_left(ctx: Context, start: int, *, by_ner: bool) -> bool:
    """Whether the capitalised word before ``start`` belongs to the same, longer name.

    With ``by_ner`` only where the NER puts both in one entity ("Villa El Salvador"); otherwise
    wherever a proper noun precedes ("President Lima"), except demonyms and direction words.
    """
    if start == 0:
        return False
    doc = ctx.doc
    before = doc[start - 1]
    if not before.is_alpha or not before.is_title or before.lower_ in place_words().determiners:
        return False
    if is_demonym(before) or before.lower_ in subdivision_generic_words():
        return False
    if by_ner:
        return doc[start].ent_iob_ == "I"
    return before.pos_ == "PROPN" and not before.is_sent_start


def extends_right(ctx: Context, end: int) -> bool:
    """Whether a capitalised word after ``end`` continues the name ("Central Única...")."""
    doc = ctx.doc
    if end >= len(doc):
        return False
    after = doc[end]
    return after.is_title and after.pos_ == "PROPN" and not _head_word(after.lower_)


def _head_word(word: str) -> bool:
    """A head word that may follow a place name, or its plural ("Laghman Provinces")."""
    heads = head_words()
    return word in heads or _plural_of(word, heads)


def placed(doc: Doc, start: int, end: int) -> bool:
    """Whether the context makes the name a place: a locative preposition opens its list ("to
    Rotterdam and Antwerp"), or it is coordinated with a name the NER takes for a place
    ("Antwerp and Rotterdam")."""
    prepositions = place_cues().locative_prepositions
    i = start
    while i > 0 and start - i < SCAN:
        before = doc[i - 1]
        if before.lower_ in prepositions:
            return True
        transparent = (
            before.lower_ in place_words().coordination
            or before.lower_ in word_lists().listing_words
        )
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
        and link.lower_ in place_words().coordination
        and other.ent_type_ in ("GPE", "LOC")
        for link, other in zip(joined, neighbours, strict=True)
    )


def after_locative(doc: Doc, start: int) -> bool:
    """Whether a locative preposition comes just before the name ("the killing in Tsim Sha
    Tsui", which the NER took for a title running on into "18 months ago")."""
    return start > 0 and doc[start - 1].lower_ in place_cues().locative_prepositions


def _possessor(ctx: Context, start: int, end: int) -> bool:
    """Whether the name opens an NER entity only as its possessor ("Michoacán's Tierra
    Caliente" taken as one organisation): the name ends where the possessive begins."""
    doc = ctx.doc
    return doc[start].ent_iob_ == "B" and end < len(doc) and doc[end].tag_ == "POS"


def proper_name(ctx: Context, start: int, end: int, locality: int, population: int = 0) -> bool:
    """Whether a city or region name is used as a place name (not a person, month, noun).

    Where the NER takes the name for something else (a person, an organisation, a nationality),
    a place of the document's country or a neighbour still counts if the NER's entity is exactly
    the name ("Esmeraldas" as NORP), and a large city if its context places it ("via Rotterdam").
    """
    token = ctx.doc[start]
    # a name of several capitalised words is a name whatever the tagger says of its first
    # ("Port-au-Prince": "Port" tagged a noun)
    named = any(t.text[:1].isupper() for t in ctx.doc[start + 1 : end])
    if (token.pos_ not in ("PROPN", "") and not named) or not token.text[:1].isupper():
        return False
    label = token.ent_type_
    if label in NEVER_PLACES:
        return False
    if extends_left(ctx, start, by_ner=False):
        return False
    if label and label not in ("GPE", "LOC", "FAC"):
        if locality <= 1 and (ctx.exact_ent(start, end) == label or _possessor(ctx, start, end)):
            return not extends_right(ctx, end)
        if locality == 0 and label not in ("PERSON", "NORP") and after_locative(ctx.doc, start):
            return not extends_right(ctx, end)
        return population >= LOCATIVE_CITY_POPULATION and placed(ctx.doc, start, end)
    return not extends_right(ctx, end) or ctx.exact_ent(start, end) in ("GPE", "LOC")


def acceptable_name(doc: Doc, start: int, end: int) -> bool:
    """A discovered name must not be a demonym, a market's trigger term, a known actor or a body
    ("Ecuadorian", "Captagon")."""
    span = doc[start:end]
    if any(t.is_space for t in span) or (len(span) == 1 and is_demonym(span[0])):
        return False
    if fold_key(span.text) in market_terms():
        return False
    if resolve_group(span.text) is not None:
        return False
    match = match_non_actor(span.text, check_groups=False)
    return match is None or match.kind in ("place", "facility")


def is_head(token: Token, heads: frozenset[str]) -> bool:
    """Whether the token is one of ``heads``, or its plural (also capitalised, which the
    lemmatiser leaves as it is: "Laghman Provinces", "the Rivers and Bayelsa States")."""
    lower = token.lower_
    return (
        lower in heads
        or token.lemma_.lower() in heads
        or (token.is_title and _plural_of(lower, heads))
    )


def _plural_of(word: str, heads: frozenset[str]) -> bool:
    return (word.endswith("s") and word[:-1] in heads) or (
        word.endswith("ies") and word[:-3] + "y" in heads
    )


def name_before(doc: Doc, end: int, limit: int = 0) -> int | None:
    """Start of the capitalised name ending just before ``end`` (particles allowed inside)."""
    i = end
    while i > limit:
        token = doc[i - 1]
        inner = (
            token.lower_ in word_lists().name_particles
            and i - 1 > limit
            and _is_name_token(doc[i - 2])
        )
        if not (_is_name_token(token) or inner):
            break
        i -= 1
    while i < end and (doc[i].lower_ in word_lists().name_particles or _title_word(doc[i])):
        i += 1
    if i == end or doc[end - 1].pos_ not in ("PROPN", ""):
        return None
    return i


def _title_word(token: Token) -> bool:
    """A capitalised grammar word opening a name only as a headline's or sentence's first word
    ("How Mombasa port became …", "When Callao port reopened")."""
    return token.is_stop and token.pos_ != "PROPN" and token.text[:1].isupper()


def hyphenated_end(doc: Doc, end: int) -> int:
    """End of a name joined by dashes without spaces: "Mayo-Tsanaga", "Logone-et-Chari"."""
    while (
        end + 1 < len(doc)
        and doc[end].text in DASHES
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
    ):
        nxt = name_after(doc, end + 1)
        end = nxt if nxt is not None else end + 2
    return end


def name_after(doc: Doc, start: int) -> int | None:
    """End of the capitalised name starting at ``start`` (particles allowed inside)."""
    j = start
    while j < len(doc):
        token = doc[j]
        inner = j > start and j + 1 < len(doc) and _is_name_token(doc[j + 1])
        if _is_name_token(token) or (token.lower_ in word_lists().name_particles and inner):
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


def list_head(doc: Doc, start: int) -> tuple[int, int] | None:
    """(head index, marker start) of the list holding the name at ``start``, or None.

    Walks left over coordinated names to a list marker or "of", then to the noun before it,
    across "in <Name>" ("markets in Lima such as Gamarra Emporium").
    """
    i = start
    while i > 0 and start - i < SCAN:
        before = doc[i - 1]
        if (
            before.lower_ in place_words().coordination
            or before.lower_ == "the"
            or _is_name_token(before)
        ):
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


def region_cue(doc: Doc, start: int, end: int) -> bool:
    """Whether a region head follows the name (across coordinated names) or opens its list.

    A head after a further name joined to this one without a comma or "and" is that name's
    ("Northern Shan State", "West Panama province", "East African region"): no cue for this one.
    A head in the singular after a list names the list's region together ("the Sahel and Sahara
    region"), not a first-level region each.
    """
    heads = place_cues().region_heads
    j = end
    while j < len(doc) and j - end < SCAN:
        token = doc[j]
        if is_head(token, heads):
            # one region after a list is the list's together ("the Sahel and Sahara region")
            return j == end or token.tag_ in ("NNS", "NNPS")
        if j == end and _is_name_token(token):
            break
        if token.lower_ in place_words().coordination or _is_name_token(token):
            j += 1
        else:
            break
    found = list_head(doc, start)
    return (found is not None and is_head(doc[found[0]], heads)) or office_cue(doc, start, end)


def office_cue(doc: Doc, start: int, end: int) -> bool:
    """Whether an office of a region's level goes with the name anywhere in its sentence: "the
    Malacca police chief", "Zurich cantonal police", "the governor of Malacca" (a cue for every
    mention of that name in the sentence: "... using Malacca as a transit point")."""
    offices = [tuple(word.split()) for word in place_cues().office_words]
    if not offices or not doc.has_annotation("SENT_START"):
        return False
    name = [t.lower_ for t in doc[start:end]]
    sent = doc[start].sent
    width = end - start
    for i in range(sent.start, sent.end - width + 1):
        if [t.lower_ for t in doc[i : i + width]] != name:
            continue
        after = [t.lower_ for t in doc[i + width : min(i + width + 2, sent.end)]]
        if any(tuple(after[: len(office)]) == office for office in offices):
            return True
        before = [t.lower_ for t in doc[max(i - 2, sent.start) : i]]
        if before == ["governor", "of"]:
            return True
    return False


def town_cue(doc: Doc, start: int, end: int) -> bool:
    """Whether a lower-case settlement head, or a facility a city names, goes with the name:
    "the city of Puno", "Puno city", "the town of Colima", "Boke airport" (the city, not the
    region of the same name)."""
    cues = place_cues()
    heads = cues.settlement_heads | {head.term for head in cues.facility_heads if head.city}
    if end < len(doc) and doc[end].is_lower and is_head(doc[end], heads):
        return True
    return (
        start >= 2
        and doc[start - 1].lower_ == "of"
        and doc[start - 2].is_lower
        and is_head(doc[start - 2], cues.settlement_heads)
    )
