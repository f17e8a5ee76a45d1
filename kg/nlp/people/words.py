"""The people finder's words: role nouns and verbs (``actor_cues.yaml``), its grammar words
(``word_lists.yaml``, section ``people``), and the person's key."""

from __future__ import annotations

from functools import cache

from kg.lexicon.keys import slug
from kg.lexicon.load import actor_cues, word_lists
from kg.lexicon.models import PeopleWords

PERSON_CONFIDENCE = 0.8


_QUOTES = frozenset("'\"‘’“”«»")


_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


_PERSON_LABELS = frozenset({"PERSON", "ORG"})


_NOT_PERSON = frozenset({"GPE", "LOC", "NORP", "FAC"})


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
