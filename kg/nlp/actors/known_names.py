"""Known groups: their entities, the spellings of their aliases, and common variants of their
names ("Jalisco Cartel" for the Jalisco New Generation Cartel)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from spacy.tokens import Doc, Token

from kg.lexicon.actors import group_by_id, resolve_group
from kg.lexicon.countries import countries_by_demonym, resolve_country
from kg.lexicon.keys import (
    group_key,
)
from kg.lexicon.load import actor_cues, groups, word_lists
from kg.lexicon.models import OTHER_GROUP_KIND, GroupEntry
from kg.lexicon.normalise import ascii_name, fold_key
from kg.models import Entity, EntityKind
from kg.nlp.actors.words import FOREIGN, kind_of_word, name_glue, place_names, regions


def strip_accents(text: str) -> str:
    return ascii_name(text)


def alias_variants(name: str) -> set[str]:
    """Spellings a case-insensitive alias may take in text: accents and apostrophe shapes vary."""
    if name.lower().startswith("the "):
        name = name[4:]
    forms = {name, strip_accents(name)}
    return (
        forms
        | {f.replace("'", "\u2019") for f in forms}
        | {f.replace("\u2019", "'") for f in forms}
    )


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


def group_kind_of(words: Iterable[str]) -> str:
    """The group kind the first telling word implies ("cult" -> confraternity), else "other"."""
    kinds = kind_of_word()
    for word in words:
        kind = kinds.get(word.lower())
        if kind is not None:
            return kind
    return OTHER_GROUP_KIND


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
    stem_kinds = word_lists().stem_group_kinds  # the kinds whose head another head may replace
    for group in groups():
        for alias in group.surface_forms():
            if alias.case_sensitive:
                continue
            words = fold_key(alias.name).split()
            stem = _stem(words) if group_kind_of(words[-1:]) in stem_kinds else ""
            for table, key in ((particles, _without_particles(words)), (stems, stem)):
                if key:
                    table[key] = group.id if table.get(key, group.id) == group.id else ""
    return particles, stems


def _without_particles(words: list[str]) -> str:
    """A folded name without its connecting particles ("primeiro comando capital")."""
    kept = [w for w in words if w not in name_glue()]
    return " ".join(kept) if len(kept) >= 2 else ""


def _stem(words: list[str]) -> str:
    """The words of a folded name before its trailing group head ("mongols" of "mongols outlaw
    motorcycle gang"), if the head is a cue's and the stem is distinctive (not a place)."""
    heads = _head_words()
    for cut in range(1, len(words)):
        if " ".join(words[cut:]) in heads:
            stem = " ".join(words[:cut])
            place = stem in place_names() or resolve_country(stem) is not None
            origin = stem in regions()[0] or any(countries_by_demonym(w) for w in stem.split())
            return "" if place or origin or len(stem) < 4 else stem
    return ""


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


_JOINERS = {"and", "or", "&", ","}


def shared_head_groups(doc: Doc) -> list[tuple[int, int, GroupEntry]]:
    """Known groups named by coordinated names sharing one plural head: "the Sinaloa and Gulf
    cartels" (the Sinaloa Cartel and the Gulf Cartel), "the Kinahan and the Hutch gangs". Each
    name is tried with the head in the singular; the last name's span keeps the head."""
    out: list[tuple[int, int, GroupEntry]] = []
    for head in doc:
        if not head.is_lower or head.lower_ not in _head_words() or head.lower_[-1:] != "s":
            continue  # a plural group head, whatever tag the parse gives it
        names: list[tuple[int, int]] = []
        end = head.i
        while True:
            start = end
            while start > 0 and _name_word(doc[start - 1]):
                start -= 1
            if start == end:
                break
            names.append((start, end))
            before = start - (start > 0 and doc[start - 1].lower_ == "the")
            if before == 0 or doc[before - 1].lower_ not in _JOINERS:
                break
            end = before - 1 - (before > 1 and doc[before - 2].text == ",")  # ", and"
        if len(names) < 2:
            continue
        singular = head.lemma_.lower() if head.pos_ == "NOUN" else head.lower_.removesuffix("s")
        for start, end in names:
            name = f"{doc[start:end].text} {singular}"
            group = resolve_group(name) or variant_group(name)
            if group is not None:
                out.append((start, head.i + 1 if end == head.i else end, group))
    return out


def _name_word(token: Token) -> bool:
    """A word of a capitalised name ("Sinaloa", "Beltrán-Leyva"), not a determiner."""
    return token.text[:1].isupper() and token.pos_ in {"PROPN", "NOUN", "ADJ"}
