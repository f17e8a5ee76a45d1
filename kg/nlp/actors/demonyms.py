"""Demonyms used as nouns for implicated people: "arrest two Chinese and two Guineans", "gangs
comprising Cameroonians, Nigerians and Chadians" are collectives of those origins."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from kg.lexicon.countries import countries_by_demonym
from kg.lexicon.normalise import fold_key
from kg.nlp.actors.criminality import cast_in_crime
from kg.nlp.actors.implication import implicated
from kg.nlp.actors.matches import Cue, Matches, ethnic_at
from kg.nlp.actors.words import actor_words, regions

__all__ = ["demonym_nouns"]


def demonym_nouns(
    doc: Doc,
    matches: Matches,
    origins: set[str] = frozenset(),  # type: ignore[assignment]
) -> Iterator[tuple[int, int, Cue]]:
    """People named by a demonym as a noun ("two Chinese and two Guineans", "the Chechens",
    "North Africans") that the text implicates in crime: arrested or charged, subject of a
    crime verb, or members of a collective ("criminal gangs comprising Cameroonians,
    Nigerians and Chadians"); or, where the document has named criminal actors of that
    foreign country (``origins``: "Chechen militants"), a subject or a party ("the Chechens
    had mobilized", "among Chechens"). Each with its origin cue (a country or a world region)."""
    for token in doc:
        found = _demonym_noun(doc, token.i)
        if found is None or matches.claimed(found[0], token.i + 1):
            continue
        known = found[1].country in origins and _acting(token)
        cast = _in_crime(token, matches) or cast_in_crime(token, matches)
        if known or implicated(doc, token.i, matches) or cast:
            yield found[0], token.i + 1, found[1]


def _acting(token: Token) -> bool:
    """A noun standing as a subject ("the Chechens had mobilized", "Chechens living in X want
    to help") or as a party "among" or "between" others; not the subject of a copula or of a
    verb of fleeing or suffering ("Venezuelans fleeing the crisis are their victims",
    "Venezuelans fled")."""
    first = token
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if first.dep_ == "nsubj":
        verb = first.head.lemma_.lower()
        return verb != "be" and verb not in actor_words().victim_verbs
    return first.dep_ == "pobj" and first.head.lower_ in actor_words().party_prepositions


def _demonym_noun(doc: Doc, i: int) -> tuple[int, Cue] | None:
    """(start, origin cue) of a demonym used as a plural noun ending at token ``i``."""
    token = doc[i]
    if not token.is_alpha or not token.text[:1].isupper():
        return None
    if token.pos_ not in ("NOUN", "PROPN", "ADJ"):
        return None
    following = doc[i + 1] if i + 1 < len(doc) else None
    if following is not None and (following.pos_ in ("NOUN", "PROPN") or following.is_title):
        return None  # a modifier ("Chinese traders") or part of a name ("Chinese Government")
    ethnic = ethnic_at(doc, i + 1)
    if ethnic is not None:  # "jobless Rohingya", "Tuaregs": invariant or plural
        return i, ethnic
    plural = token.lower_.endswith("s") and not token.lower_.endswith("ss")
    before = doc[i - 1] if i > 0 else None
    counted = before is not None and (before.lower_ == "the" or before.pos_ == "NUM")
    for width in (2, 1):  # "North Africans", "Latin Americans": a region's adjective in the plural
        start = i - width + 1
        if start < 0 or not all(t.text[:1].isupper() for t in doc[start : i + 1]):
            continue
        if width == 1 and (plural or counted):
            entries = countries_by_demonym(token.text)
            if entries and entries[0].iso2 and (plural or token.lower_.endswith("ese")):
                return start, Cue(start, i + 1, country=entries[0].iso2)
        if plural:
            adjective = doc[start:i].text + (" " if width > 1 else "") + token.text[:-1]
            region = regions()[0].get(fold_key(adjective))
            if region is not None:
                return start, Cue(start, i + 1, region=region)
    return None


def _in_crime(token: Token, matches: Matches) -> bool:
    """Whether a demonym noun is the subject of a crime verb or a member of a collective
    ("gangs comprising Cameroonians, Nigerians and Chadians"), or named in a criminal role:
    the parties' role a copula gives it ("where the North Africans were their opponents") or
    one after "as" ("singling out Nigerians as primary suspects")."""
    first = token
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    governor = first.head
    words = actor_words()
    if first.dep_ in ("nsubj", "nsubjpass") and governor.lemma_.lower() in words.crime_verbs:
        return True
    heads = {end - 1 for _, end, cue in matches.heads if not cue.term.implicated_only}
    if first.dep_ == "nsubj" and governor.lemma_ == "be":
        roles = [c for c in governor.children if c.dep_ == "attr"]
        if any(_criminal_role(c, heads) for c in roles):
            return True  # "the North Africans were their opponents"
    if first.dep_ == "dobj":
        roles = [
            g
            for c in governor.children
            if c.dep_ == "prep" and c.lower_ == "as"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        if any(_criminal_role(r, heads) for r in roles):
            return True  # "singling out Nigerians as primary suspects"
    return (
        first.dep_ in ("dobj", "pobj")
        and governor.lemma_.lower() in words.member_verbs
        and governor.head.i in heads
    )


def _criminal_role(token: Token, heads: set[int]) -> bool:
    """A noun naming a role in crime: a party or suspect noun, or a criminal collective head."""
    return token.lemma_.lower() in actor_words().party_roles or token.i in heads
