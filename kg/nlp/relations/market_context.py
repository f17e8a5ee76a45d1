"""A paragraph's market kept through its sentences: phrases that point back to it.

"Los Choneros run this logistics chain", "Mexican cartels finance these shipments": a
demonstrative phrase whose noun is a word for a market's trade (``market_anaphors`` in
``ontology/markets.yaml``) stands for the market the paragraph has named so far, when it has
named exactly one. Such a phrase takes part in the claims of its clause like a market trigger,
but is never a market mention.
"""

from __future__ import annotations

from spacy.tokens import Span

from kg.lexicon.load import market_triggers

__all__ = ["ANAPHORIC_MARKET", "anaphoric_markets"]

ANAPHORIC_MARKET = "MARKET_ANAPHOR"
"""The label of a phrase standing for a market: it takes the market, not the route its clause
moves along ("run this chain, ... shipments to Europe" puts no runner in Europe)."""


def anaphoric_markets(sent: Span, earlier: list[Span], inside: list[Span]) -> list[Span]:
    """Market spans (label ``ANAPHORIC_MARKET``, ``kb_id_`` the market key) for the phrases
    of ``sent`` that point back to the one market of ``earlier`` (the paragraph's market spans
    before the sentence); none where the paragraph named no market or several. ``inside``: the
    sentence's own market spans (a phrase holding one is no anaphor)."""
    named = {m.kb_id_ for m in earlier}
    if len(named) != 1:
        return []
    market = next(iter(named))
    cues = market_triggers().market_anaphors
    taken = {t for m in inside for t in range(m.start, m.end)}
    out = []
    for token in sent:
        if token.pos_ != "NOUN" or token.lemma_.lower() not in cues.nouns or token.i in taken:
            continue
        if any(c.dep_ == "det" and c.lower_ in cues.determiners for c in token.children):
            out.append(Span(sent.doc, token.i, token.i + 1, label=ANAPHORIC_MARKET, kb_id=market))
    return out
