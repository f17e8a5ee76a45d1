"""A name's tie to a group, read from the words around it in its sentence (see
:mod:`kg.nlp.people`), and the ties kept on the doc."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.lexicon.actors import resolve_group
from kg.lexicon.countries import resolve_country
from kg.lexicon.gazetteer import city
from kg.models import EntityKind
from kg.nlp.people.words import (
    _NOT_PERSON,
    _POSSESSIVE,
    _QUOTES,
    _role_of,
    _verbs,
    _words,
)
from kg.nlp.spans import mentions


@dataclass(frozen=True)
class Tie:
    """A person mention's tie to a group mention: tokens of both, keys and role."""

    person_start: int
    person_end: int
    person: str
    group: str
    role: str
    method: str = "person-role"


_TIES = ("ockg", "memberships")
"""``user_data`` key: the ties found, as plain tuples (so the doc serialises)."""


def doc_memberships(doc: Doc) -> list[Tie]:
    """The person-group ties found in ``doc``."""
    return [Tie(*fields) for fields in doc.user_data.get(_TIES, ())]


def _record_tie(doc: Doc, tie: Tie) -> None:
    fields = (tie.person_start, tie.person_end, tie.person, tie.group, tie.role, tie.method)
    doc.user_data.setdefault(_TIES, []).append(fields)


def _groups_at(doc: Doc) -> dict[int, Span]:
    """Actor (group) mentions by first token."""
    return {s.start: s for s in mentions(doc, [EntityKind.GROUP])}


def _groups_ending(doc: Doc) -> dict[int, Span]:
    return {s.end: s for s in mentions(doc, [EntityKind.GROUP])}


def _alias_after(doc: Doc, end: int) -> tuple[str | None, int, tuple[int, int]]:
    """A nickname right after a name (", alias 'Pipo'", "(alias Pipo)"): (alias, next token,
    the alias's tokens)."""
    i = end
    limit = doc[end - 1].sent.end
    if i < limit and doc[i].text in (",", "("):
        i += 1
    if i < limit and doc[i].lower_ in _words().alias_adverbs:  # "better known as"
        i += 1
    if i < limit and doc[i].lower_ == "known" and i + 1 < limit and doc[i + 1].lower_ == "as":
        i += 2
    elif i < limit and doc[i].lower_ in _words().alias_words:
        i += 1
    else:
        return None, end, (end, end)
    quoted = i < limit and doc[i].text in _QUOTES
    i += 1 if quoted else 0
    start = i
    while i < limit and not (doc[i].text in _QUOTES or doc[i].text in (",", ")", ";")):
        if not quoted and not doc[i].text[:1].isupper():
            break
        i += 1
    if i == start or i - start > 4:
        return None, end, (end, end)
    alias, tokens = doc[start:i].text, (start, i)
    i += 1 if i < limit and doc[i].text in _QUOTES else 0
    i += 1 if i < limit and doc[i].text == ")" else 0
    return alias, i, tokens


def _role_then_group(doc: Doc, i: int, groups: dict[int, Span]) -> tuple[str, Span] | None:
    """From token ``i``: [","] [the/a/former...] ROLE ("of"|"in") [the] GROUP."""
    limit = doc[i - 1].sent.end if i else len(doc)
    if i < limit and doc[i].text == ",":
        i += 1
    descriptors = _words().descriptors | {"of"}  # "the former leader", "one of the founders"
    while i < limit and doc[i].lower_ in descriptors and _role_of(doc[i].text) is None:
        i += 1
    if i >= limit:
        return None
    role = _role_of(doc[i].text)
    if role is None:
        return None
    i += 1
    if i >= limit or doc[i].lower_ not in _words().role_prepositions:
        return None
    i += 1
    if i < limit and doc[i].lower_ == "the":
        i += 1
    group = groups.get(i)
    return (role, group) if group is not None else None


def _group_then_role(doc: Doc, start: int, ends: dict[int, Span]) -> tuple[str, Span] | None:
    """Before the name: GROUP ["'s"] ROLE [","] NAME, or the ROLE of GROUP "," NAME."""
    i = start
    if i > 0 and doc[i - 1].text == ",":
        i -= 1
    if i > 0 and (role := _role_of(doc[i - 1].text)) is not None:
        j = i - 1
        if j > 0 and doc[j - 1].text in _POSSESSIVE:
            j -= 1
        group = ends.get(j)
        if group is not None:
            return role, group
    if start >= 2 and doc[start - 1].lower_ == "by" and doc[start - 2].lemma_.lower() in _verbs():
        j = start - 2  # "the Gulf Clan, led by Chiquito Malo"
        j -= 1 if j > 0 and doc[j - 1].text == "," else 0
        group = ends.get(j)
        if group is not None:
            return _verbs()[doc[start - 2].lemma_.lower()], group
    naming = i == start and start > 0 and doc[start - 1].lower_ in _words().naming_words
    if i < start or naming:  # "the head of the Kinahan cartel, Daniel Kinahan"
        i -= 1 if naming else 0  # "two leaders of the 'Bagdad' gang named X"
        while (
            i > 0
            and i not in ends
            and (doc[i - 1].text in _QUOTES or doc[i - 1].lower_ in _words().group_name_words)
        ):
            i -= 1
        group = ends.get(i)
        role = _role_before(doc, group) if group is not None else None
        if group is not None and role is not None:
            return role, group
    return None


def _role_before(doc: Doc, group: Span) -> str | None:
    """The role noun governing a group: ROLE "of" [the] [adjectives] ["] GROUP."""
    j = group.start - 1
    while j >= 0 and (doc[j].text in _QUOTES or doc[j].pos_ == "ADJ" or doc[j].lower_ == "the"):
        j -= 1
    if j >= 1 and doc[j].lower_ in _words().role_prepositions:
        return _role_of(doc[j - 1].text)
    return None


def _group_at(token: Token, groups: dict[int, Span]) -> Span | None:
    return next((g for g in groups.values() if g.start <= token.i < g.end), None)


def _role_noun_group(noun: Token, groups: dict[int, Span]) -> Span | None:
    """The group a role or position noun names through its preposition ("leader of Y")."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in _words().role_prepositions:
            for obj in prep.children:
                if obj.dep_ == "pobj" and (group := _group_at(obj, groups)) is not None:
                    return group
    return None


def _verb_tie(span: Span, groups: dict[int, Span]) -> tuple[str, Span] | None:
    """The person is the subject of a role verb whose object is a group ("X leads Y"), of a
    copula whose complement is a role noun ("X is considered the leader of Y"), or of a verb
    holding a post in a group ("X held a key position in Y": a member)."""
    root = span.root
    if root.dep_ not in {"nsubj", "nsubjpass"}:
        return None
    verb = root.head
    lemma = verb.lemma_.lower()
    role = _verbs().get(lemma)
    if role is not None and root.dep_ == "nsubj":
        for child in verb.children:
            if child.dep_ == "dobj" and (group := _group_at(child, groups)) is not None:
                return role, group
    words = _words()
    complements = [c for c in verb.children if c.dep_ in {"attr", "oprd", "xcomp", "dobj"}]
    for complement in list(complements):  # "is believed to be the leader of Y"
        if complement.dep_ == "xcomp":
            complements += [c for c in complement.children if c.dep_ in {"attr", "oprd"}]
    for noun in complements:
        if noun.dep_ == "dobj":
            if lemma not in words.holding_verbs or noun.lemma_.lower() not in words.position_nouns:
                continue
            noun_role: str | None = "member"
        elif lemma in words.copular_verbs or noun.head.lemma_.lower() in words.copular_verbs:
            noun_role = _role_of(noun.text)
        else:
            continue
        if noun_role is not None and (group := _role_noun_group(noun, groups)) is not None:
            return noun_role, group
    return None


def _possessive_names(doc: Doc, groups: dict[int, Span]) -> list[tuple[int, int, Span]]:
    """Names owning a group: "Guzman's Sinaloa cartel", "El Mencho's CJNG" (the owner leads
    it). The name is one to four capitalised proper nouns right before the possessive; a
    place's or a group's possessive is none ("Mexico's Sinaloa cartel")."""
    out = []
    for group in groups.values():
        mark = group.start - 1
        if mark < 1 or not _possessive_mark(doc[mark]):
            continue
        start = mark
        while (
            start > doc[mark].sent.start
            and mark - start < 4
            and doc[start - 1].pos_ == "PROPN"
            and doc[start - 1].text[:1].isupper()
        ):
            start -= 1
        if start < mark and _plausible_name(doc, start, mark):
            out.append((start, mark, group))
    return out


def _possessive_mark(token: Token) -> bool:
    """An "'s" or, after a word ending in s, a bare apostrophe, written against the word
    before (not a closing quote: "Gerry 'The Monk' Hutch")."""
    before = token.nbor(-1)
    if before.whitespace_ or token.text not in _POSSESSIVE:
        return False
    return token.text.endswith("s") or before.text.endswith("s")


def _plausible_name(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens read as a person's name: no place, nationality or group word, not a
    country or a city of the document's country, not a listed group."""
    if any(t.ent_type_ in _NOT_PERSON for t in doc[start:end]):
        return False
    name = doc[start:end].text
    words = name.split()
    if any(_role_of(w) or w.lower() in _words().group_name_words for w in words):
        return False
    country = doc._.ockg_country
    if resolve_country(name) is not None or resolve_group(name) is not None:
        return False
    return not (country and city(name, country.upper()) is not None)


def _tie_around(
    doc: Doc, start: int, end: int, groups: dict[int, Span], ends: dict[int, Span]
) -> tuple[str, Span] | None:
    """The role and group the words around a name tie it to, if any."""
    if not groups:
        return None
    _, after, _ = _alias_after(doc, end)
    found = _role_then_group(doc, after, groups) or _group_then_role(doc, start, ends)
    return found or _verb_tie(doc[start:end], groups)


def _joined_tie(
    doc: Doc, ent: Span, tied: list[tuple[Span, tuple[str, Span]]]
) -> tuple[str, Span] | None:
    """The tie of a tied name this one is joined to by "and": by the parse, or, where it
    fails, by the words ("X, alias 'A', and Y")."""
    if ent.root.dep_ == "conj":
        head = ent.root.head.i
        found = next((t for s, t in tied if s.start <= head < s.end), None)
        if found is not None:
            return found
    i = ent.start - 1
    if i < 0 or doc[i].lower_ != "and":
        return None
    while i > 0 and (doc[i - 1].text in _QUOTES or doc[i - 1].text == ","):
        i -= 1
    return next((t for s, t in tied if s.end == i), None)


def _focus_tie(doc: Doc, start: int, end: int, groups: dict[int, Span]) -> tuple[str, Span] | None:
    """A tie to the group in focus, where the sentence names none: the person rules or leads
    without naming what ("Rawa Majid ... sat and ruled from his exile in Turkey", "X has ruled
    a criminal gang"), or leads what the sentence calls by an anaphor ("The gang is led by X",
    "They are led by X", "Its founder and leader is X")."""
    span = doc[start:end]
    sent = span.sent
    if any(sent.start <= g.start < sent.end for g in groups.values()):
        return None
    role = _focus_role(span.root)
    if role is None:
        return None
    group = _focus_group(doc, sent, groups)
    return (role, group) if group is not None else None


def _focus_role(root: Token) -> str | None:
    words = _words()
    verb = root.head
    if root.dep_ == "nsubj":  # "X ruled (a gang)"
        verbs = [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB")]
        for candidate in verbs:
            if candidate.lemma_.lower() not in words.focus_verbs:
                continue
            objects = [c for c in candidate.children if c.dep_ == "dobj"]
            if all(o.lemma_.lower() in words.group_name_words for o in objects):
                return "leader"
        return None
    if root.dep_ == "pobj" and verb.dep_ == "agent":  # "The gang is led by X"
        led = verb.head
        role = _verbs().get(led.lemma_.lower())
        subjects = [c for c in led.children if c.dep_ == "nsubjpass"]
        return role if role and subjects and _anaphoric(subjects[0]) else None
    if root.dep_ == "attr" and verb.lemma_ == "be":  # "Its founder and leader is X"
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects and any(c.lower_ in words.owner_pronouns for c in subjects[0].children):
            return _role_of(subjects[0].text)
    return None


def _anaphoric(token: Token) -> bool:
    """A subject standing for a group named before: "they", "the gang", "this group"."""
    words = _words()
    if token.lower_ in words.group_pronouns:
        return True
    determiners = {c.lower_ for c in token.children if c.dep_ == "det"}
    return token.lemma_.lower() in words.group_name_words and bool(
        determiners & words.pointing_determiners
    )


def _focus_group(doc: Doc, sent: Span, groups: dict[int, Span]) -> Span | None:
    """The group in focus before ``sent``: of the last earlier sentence of the paragraph
    naming a group, its subject's group, else its only group."""
    earlier = [g for g in groups.values() if g.end <= sent.start]
    if not earlier:
        return None
    last = max(earlier, key=lambda g: g.start).sent
    named = [g for g in earlier if last.start <= g.start < last.end]
    subjects = [
        g
        for g in named
        if any(
            t.dep_ in {"nsubj", "nsubjpass"}
            and t.head == last.root
            and t.left_edge.i <= g.start
            and g.start <= t.right_edge.i
            for t in last
        )
    ]
    for choice in (subjects, named):
        if len({g.kb_id_ for g in choice}) == 1:
            return choice[0]
    return None


def _inner_alias(doc: Doc, start: int, end: int) -> tuple[str, str | None]:
    """A name with a quoted nickname inside ("Gerry 'The Monk' Hutch"): (name, nickname)."""
    quotes = [i for i in range(start, end) if doc[i].text in _QUOTES]
    if len(quotes) != 2 or quotes[0] == start or quotes[1] - quotes[0] < 2:
        return doc[start:end].text, None
    outside = [t.text for t in doc[start:end] if not quotes[0] <= t.i <= quotes[1]]
    return " ".join(outside), doc[quotes[0] + 1 : quotes[1]].text


def _personal(span: Span) -> bool:
    """An organisation entity that reads as a person's name: two to four capitalised words,
    no group or place word ("Wilmer Chavarría", not "Gulf Clan")."""
    words = span.text.split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return False
    return not any(_role_of(w) or w.lower() in _words().group_name_words for w in words)
