"""A paragraph's market kept through its sentences: phrases that point back to it.

"Los Choneros run this logistics chain", "Mexican cartels finance these shipments": a
demonstrative phrase whose noun is a word for a market's trade (``market_anaphors`` in
``ontology/markets.yaml``) stands for the market the paragraph has named so far, when it has
named exactly one; where it has named several, for the one market of its latest sentence
naming any ("... transit country for hashish and cocaine. Hashish is trafficked from Morocco.
Rebels profit from the trafficking": hashish). Such a phrase takes part in the claims of its
clause like a market trigger, but is never a market mention.
"""

from __future__ import annotations

from spacy.tokens import Span

from kg.lexicon.load import market_triggers

__all__ = ["ANAPHORIC_MARKET", "anaphoric_markets", "referent_market"]

ANAPHORIC_MARKET = "MARKET_ANAPHOR"
"""The label of a phrase standing for a market: it takes the market, not the route its clause
moves along ("run this chain, ... shipments to Europe" puts no runner in Europe)."""


def referent_market(earlier: list[Span]) -> str | None:
    """The market a phrase pointing back stands for: the one market of ``earlier`` (market
    spans before it, in text order), else the one market of the latest sentence naming any;
    None where that sentence named several too."""
    named = {m.kb_id_ for m in earlier}
    if len(named) <= 1:
        return next(iter(named), None)
    latest = max(m.sent.start for m in earlier)
    recent = {m.kb_id_ for m in earlier if m.sent.start == latest}
    return next(iter(recent)) if len(recent) == 1 else None


def anaphoric_markets(sent: Span, earlier: list[Span], inside: list[Span]) -> list[Span]:
    """Market spans (label ``ANAPHORIC_MARKET``, ``kb_id_`` the market key) for the phrases
    of ``sent`` that point back to the market of ``earlier`` (the paragraph's market spans
    before the sentence, :func:`referent_market`); none where the paragraph named no market.
    ``inside``: the sentence's own market spans (a phrase holding one is no anaphor)."""
    market = referent_market(earlier)
    if market is None:
        return []
    cues = market_triggers().market_anaphors
    taken = {t for m in inside for t in range(m.start, m.end)}
    out = []
    for token in sent:
        if token.pos_ != "NOUN" or token.lemma_.lower() not in cues.nouns or token.i in taken:
            continue
        if any(c.dep_ == "det" and c.lower_ in cues.determiners for c in token.children):
            out.append(Span(sent.doc, token.i, token.i + 1, label=ANAPHORIC_MARKET, kb_id=market))
    return out
