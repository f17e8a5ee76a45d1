"""Per-document matches of the actor finders and the token tests they share."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.lexicon.actors import match_non_actor
from kg.lexicon.countries import countries_by_demonym, resolve_country
from kg.lexicon.models import CueTerm, Modifier, RegionalDemonym, Term
from kg.lexicon.normalise import fold_key
from kg.nlp.actors.words import HYPHENS, HeadCue, actor_words, ethnic_groups, regions


@dataclass
class Matches:
    """What the matchers found in one document."""

    heads: list[tuple[int, int, HeadCue]] = field(default_factory=list)
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
class Cue:
    """A word before a collective head: a demonym, a regional adjective or a modifier."""

    start: int
    end: int
    country: str | None = None
    region: RegionalDemonym | None = None
    foreign: bool = False
    domestic: bool = False
    actor_type: str | None = None
    weak: bool = False
    unstated: bool = False
    """An ethnic group living across several countries ("Tebu"): the origin is named but no
    country, so it is not the document's country either."""

    @property
    def origin(self) -> bool:
        """Whether the cue says where the actors come from."""
        return bool(self.country or self.region or self.foreign or self.domestic or self.unstated)


@dataclass
class Run:
    """The words before a collective head, split where a coordination joins origins."""

    start: int
    parts: list[list[Cue]] = field(default_factory=list)
    criminal: bool = False
    split: int | None = None
    """The "and" joining a modifier to a compound head ("legal logging and gold-mining")."""


@dataclass(frozen=True)
class Candidate:
    """A discovered group name before it becomes a mention."""

    start: int
    end: int
    method: str
    head: Term | None = None
    origin: str | None = None


def is_capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def name_token(token: Token) -> bool:
    """A token that can belong to a proper name: capitalised, not a sentence-initial common word."""
    if not is_capitalised(token):
        return False
    return not (token.is_sent_start and token.pos_ not in ("PROPN", "NUM"))


def _wordlike(span: Span) -> bool:
    """Words only, hyphens inside allowed: a candidate demonym or country name."""
    return span[-1].is_alpha and all(t.is_alpha or t.text in HYPHENS for t in span)


def opens_other_name(doc: Doc, end: int) -> bool:
    """Whether an abbreviation ending before ``end`` opens another body's name, in running text:
    a capitalised generic head or a non-actor head follows ("EPP Group standing", "CV Party
    said"; not "G9 Fanmi e Alye", "MS-13 Gang" nor "CJNG Expands Into" in a title)."""
    if end + 1 >= len(doc):
        return False
    following, after = doc[end], doc[end + 1]
    if not name_token(following) or not (after.is_alpha and after.is_lower):
        return False
    word = following.lower_
    other = match_non_actor(f"X {following.text}", check_groups=False) is not None
    return word in actor_words().generic_name_heads or other


def former_members(doc: Doc, start: int) -> bool:
    """Whether a name at ``start`` is glued to "ex-" ("ex-FARC"): its former members, not it."""
    return (
        start >= 2
        and doc[start - 2].lower_ == "ex"
        and doc[start - 1].text in HYPHENS
        and touches_next(doc, start - 2)
        and touches_next(doc, start - 1)
    )


def touches_next(doc: Doc, left: int) -> bool:
    """Whether token ``left`` touches the next one ("Dugo-Dugo")."""
    return left + 1 < len(doc) and not doc[left].whitespace_


def demonym_at(doc: Doc, end: int) -> tuple[int, tuple[str, ...], RegionalDemonym | None] | None:
    """The demonym or regional adjective ending before token ``end``: (start, codes, region).
    A sentence's opening article stays outside ("The Russian government")."""
    for width in (3, 2, 1):
        start = end - width
        if start < 0 or not is_capitalised(doc[start]) or not _wordlike(doc[start:end]):
            continue
        if width > 1 and doc[start].lower_ == "the":
            continue
        text = doc[start:end].text
        region = regions()[0].get(fold_key(text))
        if region is not None:
            return start, region.countries, region
        found = countries_by_demonym(text)
        if found:
            return start, tuple(entry.iso2 for entry in found), None
    return None


def ethnic_at(doc: Doc, end: int) -> Cue | None:
    """An ethnic group's name ending before token ``end`` ("Rohingya", "Tebu"): a cue with its
    one country, or with the origin unstated."""
    if end < 1:
        return None
    token = doc[end - 1]
    if not token.is_alpha or not token.text[:1].isupper():
        return None
    group = ethnic_groups().get(fold_key(token.text))
    if group is None:
        return None
    country = group.countries[0] if group.countries else None
    return Cue(end - 1, end, country=country, unstated=country is None)


def country_demonym(doc: Doc, end: int) -> str | None:
    """ISO2 of a country demonym ending before token ``end``."""
    found = demonym_at(doc, end)
    return found[1][0] if found is not None and found[2] is None else None


def country_at(doc: Doc, start: int, limit: int) -> tuple[int, int, Cue] | None:
    """A country or region named from token ``start`` ("the Balkans"): (begin, end, cue)."""
    begin = start + 1 if start < limit and doc[start].lower_ == "the" else start
    if begin >= limit or not is_capitalised(doc[begin]):
        return None
    for end in range(min(limit, begin + 6), begin, -1):
        if not _wordlike(doc[begin:end]):
            continue
        text = doc[begin:end].text
        region = regions()[1].get(fold_key(text))
        if region is not None:
            return begin, end, Cue(begin, end, region=region)
        entry = resolve_country(text)
        if entry is not None:
            return begin, end, Cue(begin, end, country=entry.iso2)
    return None


def country_ending_at(doc: Doc, end: int) -> str | None:
    """ISO2 of a country name ending before token ``end`` ("Ecuador" in "Ecuador's")."""
    for start in range(end - 1, max(-1, end - 6), -1):
        if not _wordlike(doc[start:end]):
            break
        entry = resolve_country(doc[start:end].text)
        if entry is not None:
            return entry.iso2
    return None
