"""``ockg_markets``: find mentions of the Index's criminal markets from ``ontology/markets.yaml``.

Each trigger is indexed by its last word (lower-case form, or lemma of the head; see
``kg.nlp.terms``); the longest match wins, non-triggers shadow the triggers inside them
("maritime piracy"), and weak
triggers ("weapons", "timber") are kept with a low confidence for the extraction stage
to confirm from context.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg import taxonomy
from kg.lexicon.load import market_triggers
from kg.models import Entity, EntityKind
from kg.nlp.spans import add_mention, ensure_extensions
from kg.nlp.terms import TermIndex

__all__ = ["MarketFinder", "market_entity"]

STRONG_CONFIDENCE = 0.9
WEAK_CONFIDENCE = 0.4
_NON = "NON"


def market_entity(market_id: str) -> Entity:
    """The entity of a market: the indicator concept that carries its scores."""
    return Entity(
        key=f"market/{market_id}",
        kind=EntityKind.MARKET,
        label=taxonomy.indicator(market_id).label,
        market=market_id,
    )


class MarketFinder:
    """The ``ockg_markets`` component."""

    def __init__(self, nlp: Language, name: str = "ockg_markets") -> None:
        ensure_extensions()
        self.name = name
        self.index = TermIndex(nlp.make_doc)
        lexicon = market_triggers()
        for market, entry in lexicon.markets.items():
            for term in entry.triggers:
                self.index.add(f"{market}|weak" if term.weak else market, term, None)
        for term in lexicon.non_triggers:
            self.index.add(_NON, term, None)

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, start, end, label=kind) for start, end, kind, _ in self.index.find(doc)]
        for span in filter_spans(spans):
            if span.label_ == _NON:
                continue
            market, _, weak = span.label_.partition("|")
            add_mention(
                doc,
                span.start,
                span.end,
                market_entity(market),
                method="market-trigger-weak" if weak else "market-trigger",
                confidence=WEAK_CONFIDENCE if weak else STRONG_CONFIDENCE,
            )
        return doc


@Language.factory("ockg_markets")
def make_market_finder(nlp: Language, name: str) -> MarketFinder:
    """Factory of ``ockg_markets``."""
    return MarketFinder(nlp, name)
