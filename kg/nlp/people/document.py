"""The document's people: ties remembered from paragraph to paragraph in the document's
registry, and the later mentions of a tied person by full name, surname or alias."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from kg.lexicon.actors import resolve_group
from kg.lexicon.countries import resolve_country
from kg.lexicon.load import word_lists
from kg.lexicon.normalise import fold_key
from kg.models import Entity, EntityKind
from kg.nlp.people.ties import doc_memberships
from kg.nlp.people.words import _NOT_PERSON
from kg.nlp.spans import EntityTable, add_mention, mentions

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
