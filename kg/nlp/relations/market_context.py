"""A paragraph's market kept through its sentences: phrases that point back to it.

"Los Choneros run this logistics chain", "Mexican cartels finance these shipments": a
demonstrative phrase whose noun is a word for a market's trade (``market_anaphors`` in
``ontology/markets.yaml``) stands for the market the paragraph has named so far, when it has
named exactly one; where it has named several, for the one market of its latest sentence
naming any ("... transit country for hashish and cocaine. Hashish is trafficked from Morocco.
Rebels profit from the trafficking": hashish). A noun of an umbrella's goods ("the drugs",
``umbrella_nouns``) stands for one of that umbrella's markets only. Such a phrase takes part
in the claims of its clause like a market trigger, but is never a market mention.
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
    A noun of an umbrella's goods ("the drugs") looks back at that umbrella's markets only.
    ``inside``: the sentence's own market spans (a phrase holding one is no anaphor)."""
    if not earlier:
        return []
    lexicon = market_triggers()
    cues = lexicon.market_anaphors
    goods = {
        noun: frozenset(f"market/{m}" for m in lexicon.umbrellas[umbrella].markets)
        for umbrella, nouns in cues.umbrella_nouns.items()
        if umbrella in lexicon.umbrellas
        for noun in nouns
    }
    taken = {t for m in inside for t in range(m.start, m.end)}
    out = []
    for token in sent:
        lemma = token.lemma_.lower()
        if token.pos_ != "NOUN" or token.i in taken:
            continue
        if lemma in cues.nouns:
            market = referent_market(earlier)
        elif lemma in goods and token.dep_ != "compound":  # not "the drug cartel"
            market = referent_market([m for m in earlier if m.kb_id_ in goods[lemma]])
        else:
            continue
        if market is None:
            continue
        if any(c.dep_ == "det" and c.lower_ in cues.determiners for c in token.children):
            out.append(Span(sent.doc, token.i, token.i + 1, label=ANAPHORIC_MARKET, kb_id=market))
    return out
