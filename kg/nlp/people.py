"""Named people: leaders and members of criminal groups, never groups themselves.

A person is a PERSON entity of the statistical model that the sentence ties to a group
mention through a role noun or verb of ``ontology/actor_cues.yaml`` (``person_roles``,
``person_verbs``):

- after the name: "Wilmer Chavarría, alias 'Pipo', (the) (former) leader of Los Lobos",
  "X, a member of Y", "X, one of the founders of Y";
- before the name: "Los Lobos leader Wilmer Chavarría", "Los Choneros' boss, Fito",
  "the head of the Kinahan cartel, Daniel Kinahan", "the Gulf Clan, led by Chiquito Malo";
- as the subject of a role verb: "X leads Y", "X founded Y", "X joined Y".

An alias written after the name ("alias 'Pipo'", "known as "El Mencho"") becomes an alias of
the person. The person's key is ``person/<slug of the name>`` (one node across documents); the
tie is kept on the doc (:func:`doc_memberships`) for the extraction to turn into a
``Membership`` claim with its sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from kg.lexicon.actors import resolve_group
from kg.lexicon.countries import resolve_country
from kg.lexicon.gazetteer import city
from kg.lexicon.keys import slug
from kg.lexicon.load import actor_cues, word_lists
from kg.lexicon.models import PeopleWords
from kg.lexicon.normalise import fold_key
from kg.models import Entity, EntityKind
from kg.nlp.spans import EntityTable, add_mention, mentions

__all__ = [
    "PERSON_CONFIDENCE",
    "Tie",
    "doc_memberships",
    "find_people",
    "known_people",
    "person_before",
    "person_key",
    "registered_person",
]

PERSON_CONFIDENCE = 0.8

_QUOTES = frozenset("'\"‘’“”«»")
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_PERSON_LABELS = frozenset({"PERSON", "ORG"})
_NOT_PERSON = frozenset({"GPE", "LOC", "NORP", "FAC"})


@dataclass(frozen=True)
class Tie:
    """A person mention's tie to a group mention: tokens of both, keys and role."""

    person_start: int
    person_end: int
    person: str
    group: str
    role: str
    method: str = "person-role"


def _words() -> PeopleWords:
    """The people finder's word lists (``word_lists.yaml``, section ``people``)."""
    return word_lists().people


@cache
def _roles() -> dict[str, str]:
    """Role noun (lower case) -> "leader" or "member"."""
    roles = actor_cues().person_roles
    return {word: role for role, words in roles.items() for word in words}


@cache
def _verbs() -> dict[str, str]:
    verbs = actor_cues().person_verbs
    return {word: role for role, words in verbs.items() for word in words}


def _role_of(token_text: str) -> str | None:
    word = token_text.lower()
    return _roles().get(word) or _roles().get(word.removesuffix("s"))


def person_key(name: str) -> str:
    return f"person/{slug(name)}"


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


def _add_alias(
    doc: Doc,
    person: Entity,
    span: tuple[int, int],
    claimed: Callable[[int, int], bool],
    confidence: float,
) -> bool:
    """Record an alias written after a name as a mention of the person."""
    start, end = span
    if start == end or claimed(start, end):
        return False
    added = add_mention(doc, start, end, person, method="person-alias", confidence=confidence)
    return added is not None


def _named_people(
    doc: Doc, claimed: Callable[[int, int], bool], confidence: float
) -> list[tuple[int, int]]:
    """Names a role noun announces before its group is known ("two leaders of the powerful
    'Bagdad' gang named X"): people, so that no finder takes them for a group; their tie is
    read once the group is found (:func:`_pending_ties`)."""
    words = _words()
    out = []
    for ent in doc.ents:
        start, end = ent.start, ent.end
        if ent.label_ != "PERSON" or start < 2 or claimed(start, end):
            continue
        if doc[start - 1].lower_ not in words.naming_words:
            continue
        window = doc[max(ent.sent.start, start - 12) : start - 1]
        announced = any(
            _role_of(t.text) and t.i + 1 < start and doc[t.i + 1].lower_ in words.role_prepositions
            for t in window
        )
        if not announced:
            continue
        name, inner = _inner_alias(doc, start, end)
        alias, _, alias_span = _alias_after(doc, end)
        person = _add_person(
            doc, (start, end), name, alias or inner, None, "person-role", confidence
        )
        if person is not None:
            out.append((start, end))
            if alias and _add_alias(doc, person, alias_span, claimed, confidence):
                out.append(alias_span)
    return out


def _pending_ties(
    doc: Doc, groups: dict[int, Span], ends: dict[int, Span]
) -> list[tuple[Span, tuple[str, Span]]]:
    """Ties for person mentions that have none where they stand (a name announced before its
    group was found, a known person's later mention): the words around each, read again."""
    stated = {t.person_start for t in doc_memberships(doc)}
    out = []
    for span in mentions(doc, [EntityKind.PERSON]):
        if span.start in stated or span._.ockg_method == "person-alias":
            continue
        found = _tie_around(doc, span.start, span.end, groups, ends)
        if found is None:
            continue
        role, group = found
        _record_tie(doc, Tie(span.start, span.end, span.kb_id_, group.kb_id_, role))
        out.append((span, found))
        _, _, (alias_start, alias_end) = _alias_after(doc, span.end)
        if alias_end > alias_start:
            out.append((doc[alias_start:alias_end], found))
    return out


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


def _add_person(
    doc: Doc,
    span: tuple[int, int],
    name: str,
    alias: str | None,
    tie: tuple[str, Span] | None,
    method: str,
    confidence: float,
) -> Entity | None:
    start, end = span
    person = _known_forms(doc).get(fold_key(name)) or Entity(
        key=person_key(name),
        kind=EntityKind.PERSON,
        label=name,
        aliases=(alias,) if alias else (),
    )  # a person the document tied before keeps their key ("Zambada's" after Ismael Zambada)
    added = add_mention(doc, start, end, person, method=method, confidence=confidence)
    if added is None:
        return None
    if tie is not None:
        role, group = tie
        _record_tie(doc, Tie(start, end, person.key, group.kb_id_, role, method))
    return person


def find_people(
    doc: Doc, claimed: Callable[[int, int], bool], confidence: float = PERSON_CONFIDENCE
) -> list[tuple[int, int]]:
    """Record the named people ``doc`` ties to a group mention found so far, and their ties
    (``doc_memberships``), then the later mentions of people tied so far in the document (by
    full name, surname or alias: :func:`known_people`); returns their token spans. The model
    may take a name for an organisation ("Wilmer Chavarría" as ORG): a PERSON or ORG entity
    counts as a person only where a role ties it to a group."""
    groups, ends = _groups_at(doc), _groups_ending(doc)
    found_spans = _named_people(doc, claimed, confidence)
    tied = _pending_ties(doc, groups, ends)
    for ent in doc.ents if groups else ():
        if ent.label_ not in _PERSON_LABELS or claimed(ent.start, ent.end):
            continue
        if any(s < ent.end and ent.start < e for s, e in found_spans):
            continue
        start, end = ent.start, ent.end
        while end > start and doc[end - 1].text in _POSSESSIVE:
            end -= 1
        if end - start < 1 or not doc[start].text[:1].isupper():
            continue
        alias, _, (alias_start, alias_end) = _alias_after(doc, end)
        found, method = _tie_around(doc, start, end, groups, ends), "person-role"
        if found is None:  # "X and Y, leaders of Z", "... named X, alias 'A', and Y"
            found = _joined_tie(doc, ent, tied)
        if found is None and ent.label_ == "PERSON" and end - start >= 2:
            found, method = _focus_tie(doc, start, end, groups), "person-focus"
        if found is None or (ent.label_ != "PERSON" and not _personal(doc[start:end])):
            continue
        name, inner = _inner_alias(doc, start, end)
        alias = alias or inner
        person = _add_person(doc, (start, end), name, alias, found, method, confidence)
        if person is not None:
            found_spans.append((start, end))
            tied.append((doc[start:end], found))
            alias_span = (alias_start, alias_end)
            if alias and _add_alias(doc, person, alias_span, claimed, confidence):
                found_spans.append(alias_span)
                tied.append((doc[alias_start:alias_end], found))
    for start, end, group in _possessive_names(doc, groups) if groups else ():
        if claimed(start, end) or any(s < end and start < e for s, e in found_spans):
            continue
        name = doc[start:end].text
        tie = ("leader", group)
        if _add_person(doc, (start, end), name, None, tie, "person-possessive", confidence):
            found_spans.append((start, end))
    later = _later_mentions(doc, claimed, found_spans, confidence)
    _pending_ties(doc, groups, ends)  # a known person's new tie ("Vukotić held a post in Y")
    found_spans += [(start, end) for start, end, _ in later]
    _remember(doc)
    return found_spans


# ---------------------------------------------------------------- the document's people

_REGISTERED = "\x1fperson\x1f"
"""Prefix of the document registry's entries for people's ties (``doc._.ockg_known``):
``<prefix><person key>\x1f<group key>\x1f<role>`` -> the person. Never a folded name, so
the group finders never read them as groups."""
_KNOWN = ("ockg", "people")
"""``user_data`` key: the ties of the people known when the doc was read, as plain lists
``[person, group, role, token]`` (token: where the doc states the tie, -1 for an earlier
paragraph)."""


_LAST = f"{_REGISTERED}last"
"""Registry entry: the tied person the document named last, where no other name followed."""
_BEFORE = ("ockg", "person-before")
"""``user_data`` key: that person's key as it stood before this doc (or None)."""


def registered_person(form: str) -> bool:
    """Whether a registry entry is a person's tie, not a group's name."""
    return form.startswith(_REGISTERED)


def _registry_ties(doc: Doc) -> list[tuple[Entity, str, str]]:
    known = doc._.ockg_known
    if known is None:
        return []
    out = []
    for form in list(known):
        if registered_person(form) and form != _LAST:
            _, group, role = form.removeprefix(_REGISTERED).split("\x1f")
            out.append((known[form], group, role))
    return out


def _remember_last(doc: Doc, known: EntityTable) -> None:
    """Keep in the registry the tied person this doc names last, where no other name follows
    (for a pronoun opening the next paragraph); forget it where another name does."""
    doc.user_data.setdefault(_BEFORE, known[_LAST].key if _LAST in known else None)
    tied = {row[0] for row in doc.user_data.get(_KNOWN, ())}
    people = [(s.start, s.kb_id_) for s in mentions(doc, [EntityKind.PERSON])]
    names = [(e.start, None) for e in doc.ents if e.label_ == "PERSON"]
    named = sorted([*names, *people], key=lambda item: (item[0], item[1] is None))
    if not named:
        return
    start, key = named[-1]
    key = key or next((k for s, k in people if s == start), None)
    if key in tied:
        known[_LAST] = doc._.ockg_entities[key]
    elif _LAST in known:
        del known[_LAST]


def person_before(doc: Doc) -> str | None:
    """The tied person the document named last before this doc, where no other name came
    after (what "he" opening the paragraph stands for)."""
    return doc.user_data.get(_BEFORE)


def _remember(doc: Doc) -> None:
    """Write this doc's ties into the document's registry and keep on the doc the ties of
    every person known so far (the relation rules read them: :func:`known_people`)."""
    entities = doc._.ockg_entities
    local = [
        (entities[t.person], t.group, t.role, t.person_start)
        for t in doc_memberships(doc)
        if t.person in entities
    ]
    known = doc._.ockg_known
    if known is not None:
        for person, group, role, _ in local:
            known[f"{_REGISTERED}{person.key}\x1f{group}\x1f{role}"] = person
    rows = [[p.key, g, r, -1] for p, g, r in _registry_ties(doc)]
    rows += [[p.key, g, r, i] for p, g, r, i in local]
    unique: dict[tuple[str, str, str], list] = {}
    for row in rows:
        unique.setdefault((row[0], row[1], row[2]), row)
    doc.user_data[_KNOWN] = list(unique.values())
    if known is not None:
        _remember_last(doc, known)


def known_people(doc: Doc) -> dict[str, list[tuple[str, str, int]]]:
    """Person key -> its ties known when the doc was read: (group, role, token of the tie in
    this doc or -1 for an earlier paragraph), in the order the document states them."""
    out: dict[str, list[tuple[str, str, int]]] = {}
    for person, group, role, token in doc.user_data.get(_KNOWN, ()):
        out.setdefault(person, []).append((group, role, token))
    return out


def _name_forms(people: list[Entity]) -> dict[str, Entity]:
    """Folded forms naming one known person each: the full name, an alias (without a leading
    particle: "Mencho" for "El Mencho"), the surname (the name's last word, of three letters
    or more). A form two people share names neither."""
    forms: dict[str, set[str]] = {}
    by_key = {p.key: p for p in people}
    particles = word_lists().name_particles
    for person in people:
        words = person.label.split()
        names = [person.label, *person.aliases]
        if len(words) >= 2 and len(words[-1]) >= 3 and words[-1].lower() not in particles:
            names.append(words[-1])
        for alias in person.aliases:  # "El Mencho": "Mencho"
            first, _, rest = alias.partition(" ")
            if first.lower() in particles and rest and " " not in rest:
                names.append(rest)
        for name in names:
            form = fold_key(name)
            if form and resolve_group(name) is None and resolve_country(name) is None:
                forms.setdefault(form, set()).add(person.key)
    return {form: by_key[next(iter(keys))] for form, keys in forms.items() if len(keys) == 1}


def _known_forms(doc: Doc) -> dict[str, Entity]:
    """The folded forms of the people the document has tied so far (:func:`_name_forms`)."""
    entities = doc._.ockg_entities
    people = {p.key: p for p, _, _ in _registry_ties(doc)}
    ties = [t for t in doc_memberships(doc) if t.person in entities]
    people.update({t.person: entities[t.person] for t in ties})
    return _name_forms(list(people.values())) if people else {}


def _later_mentions(
    doc: Doc,
    claimed: Callable[[int, int], bool],
    taken: list[tuple[int, int]],
    confidence: float,
) -> list[tuple[int, int, str]]:
    """Mentions of people tied so far in the document ("Guzman", "Barbecue" after "Joaquín
    Guzmán, alias 'Barbecue', leader of ..."): a capitalised name not part of a longer one,
    never a group's or a place's words."""
    forms = _known_forms(doc)
    if not forms:
        return []
    longest = max(len(form.split()) for form in forms) + 2
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(doc):
        match = None
        if doc[i].text[:1].isupper():
            for j in range(min(len(doc), i + longest), i, -1):
                if doc[j - 1].is_punct or fold_key(doc[i:j].text) not in forms:
                    continue
                match = j
                break
        spans = [*taken, *((s, e) for s, e, _ in out)]
        if match is None or not _free_name(doc, i, match, claimed, spans):
            i += 1
            continue
        person = forms[fold_key(doc[i:match].text)]
        if add_mention(doc, i, match, person, method="person-name", confidence=confidence):
            out.append((i, match, person.key))
        i = match
    return out


def _free_name(
    doc: Doc, start: int, end: int, claimed: Callable[[int, int], bool], taken: list
) -> bool:
    """A name's tokens are no one else's: unclaimed, not a place or nationality, not the end or
    the start of a longer capitalised name ("Christy Kinahan" is not "Daniel Kinahan")."""
    if claimed(start, end) or any(s < end and start < e for s, e in taken):
        return False
    if any(t.ent_type_ in _NOT_PERSON for t in doc[start:end]):
        return False
    before = doc[start - 1] if start > doc[start].sent.start else None
    after = doc[end] if end < doc[start].sent.end else None
    return not any(
        t is not None and t.pos_ == "PROPN" and t.text[:1].isupper() for t in (before, after)
    )


def _personal(span: Span) -> bool:
    """An organisation entity that reads as a person's name: two to four capitalised words,
    no group or place word ("Wilmer Chavarría", not "Gulf Clan")."""
    words = span.text.split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return False
    return not any(_role_of(w) or w.lower() in _words().group_name_words for w in words)
