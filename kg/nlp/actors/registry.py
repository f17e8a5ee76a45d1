"""The document's implicated actors: a body or person of an implicated-only head ("officials",
"the government", "traders") that the text implicates once stays an actor wherever the same
document names it again, keyed as the same node ("the regime is involved in smuggling heroin
... the regime's revenues"), unless it acts there against crime ("the government arrested
them", "the police launched a crackdown"). The keys live in the document's registry
(``doc._.ockg_known``), shared by its paragraphs in order."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.nlp.actors.words import actor_words

__all__ = ["enforcing", "implicated_keys", "remember_implicated"]

IMPLICATED_ENTRY = "\x1fimplicated\x1f"
"""Prefix of the registry's entries for the keys of implicated collectives (``<prefix><key,
lower case>`` -> the entity); never a folded name, so the group finders skip them."""


def implicated_keys(doc: Doc) -> set[str]:
    """The keys (lower case) of the implicated-only collectives the document has implicated in
    earlier paragraphs."""
    known = doc._.ockg_known
    if known is None:
        return set()
    entry = IMPLICATED_ENTRY
    return {form.removeprefix(entry) for form in known if form.startswith(entry)}


def remember_implicated(doc: Doc, keys: set[str]) -> None:
    """Record the implicated collectives of this paragraph for the later ones."""
    known = doc._.ockg_known
    if known is None:
        return
    entities = doc._.ockg_entities
    for entity in entities.values():
        if entity.key.lower() in keys:
            known.setdefault(IMPLICATED_ENTRY + entity.key.lower(), entity)


def enforcing(token: Token) -> bool:
    """Whether a head acts against crime in its clause: the subject of an enforcement verb
    ("the government arrested", "police seized") or of an action noun it carries out ("launched
    a crackdown"), or the agent of such a verb ("arrested by the police")."""
    words = actor_words()
    against = words.object_only | words.enforcement_verbs
    first = token
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    verb = first.head
    if first.dep_ == "pobj" and verb.dep_ == "agent":
        return verb.head.lemma_.lower() in against
    if first.dep_ != "nsubj":
        return False
    if verb.lemma_.lower() in against:
        return True
    objects = (c for c in verb.children if c.dep_ == "dobj")
    return any(o.lemma_.lower() in words.action_nouns for o in objects)
