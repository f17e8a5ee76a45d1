"""Definite descriptions of one unnamed group: "the syndicate", "the criminal gang", "the
trafficking network" in a text about a criminal collective it has named without a name ("a
Malaysian drug syndicate ... The syndicate is believed to have been operating since January").

Grammatical class: a singular group noun (``group_nouns`` of ``word_lists.yaml``) under the
definite article, lower case, as the head of its own noun phrase. It is a mention of a
collective, as the gold's guideline reads definite descriptions ("the kidnappers"), only where
the text has no named group it could stand for: the document has named no group before it, and
the last actor before it is a criminal collective, whose key it takes (an origin its own words
state keys it as any collective). Not a head that names or describes ("the gang MaShurugwi",
"the syndicate known as X", "X is the largest gang"), an ordinal or contrastive one ("the first
group", "the other gang", "the latter group": other actors than the last), a quantity noun ("the
group of migrants"), nor a noun compound's modifier ("the gang violence")."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.nlp.actors.descriptions import (
    describes_group,
    group_complement,
    names_groups_after,
    predicative,
)
from kg.nlp.actors.matches import Matches, demonym_at
from kg.nlp.actors.words import HeadCue, actor_words

__all__ = ["definite_one"]

_CONTRASTIVE = {"other", "first", "second", "third", "latter", "former", "last", "same", "next"}
"""Words that point to another actor than the last one named ("the other gang")."""


def definite_one(doc: Doc, start: int, end: int, cue: HeadCue, matches: Matches) -> bool:
    """Whether the head ``start:end`` is one unnamed group under "the" (see module docstring);
    its antecedent is checked by the caller."""
    head = doc[end - 1]
    if head.tag_ != "NN" or not head.is_lower or cue.term.implicated_only:
        return False
    words = actor_words()
    if cue.term.match != "lemma" or head.lemma_.lower() not in words.group_nouns:
        return False
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return False
    phrase = doc[head.left_edge.i : end]
    if any(t.lower_ in _CONTRASTIVE or t.ent_type_ == "ORDINAL" for t in phrase):
        return False
    words_before = [t for t in phrase if t.lower_ != "the"]
    if any(
        t.is_alpha and not t.is_lower and demonym_at(doc, t.i + 1) is None for t in words_before
    ):
        return False  # "the UN Group", "the Dalen network": a name's words
    if end < len(doc):
        after = doc[end]
        if after.pos_ in ("NOUN", "PROPN") or after.is_title or after.text in ("“", '"', "("):
            return False  # "the gang violence", "the gang MaShurugwi", "the group (X)"
        if after.lower_ == "of" or after.lower_ in words.introducers:
            return False  # "the group of migrants", "the syndicate known as X"
    if head.dep_ in ("appos", "compound") or predicative(head):
        return False
    if describes_group(doc, start, matches) or names_groups_after(doc, end, matches):
        return False
    return not group_complement(head, matches)
