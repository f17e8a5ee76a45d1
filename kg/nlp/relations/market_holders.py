"""Actors that fight a market rather than trade in it.

An actor that acts against crime (the subject or agent of a verb of law enforcement, or the
actor of such a noun: "police seized two tonnes of cocaine", "traffickers arrested by
police", "after a police investigation") takes no market of its clause; the arrested, accused or
investigated keep theirs. The words are data: ``enforcement_words`` in ``ontology/markets.yaml``.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Span

from kg.lexicon.load import market_triggers
from kg.lexicon.models import EnforcementWords

__all__ = ["enforcing"]

_PHRASE = frozenset({"prep", "pobj", "conj", "appos", "compound", "amod", "cc"})
"""Links inside a noun phrase ("police with the involvement of British authorities")."""


@cache
def _words() -> EnforcementWords:
    return market_triggers().enforcement_words


def enforcing(actor: Span) -> bool:
    """Whether an actor acts against the crimes of its clause: the subject of a verb of law
    enforcement, or in its subject's phrase ("police with the help of British authorities
    seized ..."); the agent of one ("arrested by police", "accused by prosecutors"); or a
    modifier or "by" phrase of a noun of one ("the police investigation", "a raid by
    police"). What such a clause acts on keeps its markets ("an investigation uncovered a
    human smuggling syndicate", "police arrested members of the Clan del Golfo for illegal
    mining")."""
    words = _words()
    token = actor.root
    for _ in range(8):
        head = token.head
        if head == token:
            return False
        if token.dep_ in {"nsubj", "csubj"} and head.pos_ in {"VERB", "AUX"}:
            return head.lemma_.lower() in words.verbs
        if token.dep_ == "pobj" and head.dep_ == "agent":
            return head.head.lemma_.lower() in words.verbs
        if token.dep_ == "pobj" and head.lower_ == "by" and head.head.lemma_.lower() in words.nouns:
            return True  # "an investigation by Colombian police"
        if token.dep_ in {"compound", "amod", "nmod"} and head.lemma_.lower() in words.nouns:
            return True
        if token.dep_ not in _PHRASE:
            return False
        token = head
    return False
