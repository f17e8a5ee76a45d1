"""The market of a route whose movers are people: "asylum seekers … people being smuggled from
the Middle East" is human smuggling, "workers trafficked from Vietnam" human trafficking,
whatever market the sentence names nearer (``traveller_markets`` in ``relations.yaml``)."""

from __future__ import annotations

from functools import cache

from spacy.tokens import Span

from kg.nlp.relations.cues import _cues
from kg.resources import load_yaml


@cache
def _people_markets() -> tuple[tuple[str, frozenset[str]], ...]:
    """(market key, the verbs that move people in it), in the file's order."""
    data = load_yaml("relations.yaml")
    assert isinstance(data, dict)
    return tuple(
        (f"market/{market}", frozenset(str(w).lower() for w in words))
        for market, words in data["traveller_markets"].items()
    )


def _people_market(sent: Span, places: list[Span]) -> str | None:
    """The market of the verb moving travellers whose phrase holds one of ``places``."""
    travellers = _cues().travellers
    for token in sent:
        if token.lemma_.lower() not in travellers:
            continue
        verbs = [token.head] if token.dep_ in {"nsubj", "nsubjpass", "dobj"} else []
        verbs += [c for c in token.children if c.dep_ in {"acl", "relcl"}]  # "people smuggled"
        for verb in verbs:
            lemma = verb.lemma_.lower()
            market = next((m for m, words in _people_markets() if lemma in words), None)
            if market is None:
                continue
            edge = range(verb.left_edge.i, verb.right_edge.i + 1)
            if any(p.start in edge and p.end - 1 in edge for p in places):
                return market
    return None
