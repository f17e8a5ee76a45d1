"""``ockg_markets``: find mentions of the Index's criminal markets from ``ontology/markets.yaml``.

Each trigger is indexed by its last word (lower-case form, or lemma of the head; see
``kg.nlp.terms``); the longest match wins, non-triggers shadow the triggers inside them
("maritime piracy"), and weak
triggers ("weapons", "timber") are kept with a low confidence for the extraction stage
to confirm from context.

Settings (``default_config``): ``span_key``, ``lexicon`` (a folder holding ``markets.yaml``
and the other lexicon files; null: ockg's own), ``strong_confidence``, ``weak_confidence``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg import taxonomy
from kg.lexicon.load import market_triggers
from kg.models import Entity, EntityKind
from kg.nlp.component import SCORER, LexiconComponent, check_confidence, score_weights
from kg.nlp.spans import SPAN_GROUP, add_mention
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


class MarketFinder(LexiconComponent):
    """The ``ockg_markets`` component (settings, lexicon, saving, scoring:
    :class:`~kg.nlp.component.LexiconComponent`)."""

    def __init__(
        self,
        nlp: Language,
        name: str = "ockg_markets",
        *,
        span_key: str = SPAN_GROUP,
        lexicon: str | Path | None = None,
        strong_confidence: float = STRONG_CONFIDENCE,
        weak_confidence: float = WEAK_CONFIDENCE,
        scorer: Callable[..., dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(nlp, name, span_key=span_key, lexicon=lexicon, scorer=scorer)
        self.strong_confidence = check_confidence(name, "strong_confidence", strong_confidence)
        self.weak_confidence = check_confidence(name, "weak_confidence", weak_confidence)
        self.index = TermIndex(self.make_doc)

    def compile(self) -> None:
        index = TermIndex(self.make_doc)
        lexicon = market_triggers()
        for market, entry in lexicon.markets.items():
            for term in entry.triggers:
                index.add(f"{market}|weak" if term.weak else market, term, None)
        for term in lexicon.non_triggers:
            index.add(_NON, term, None)
        self.index = index

    def annotate(self, doc: Doc) -> None:
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
                confidence=self.weak_confidence if weak else self.strong_confidence,
            )


@Language.factory(
    "ockg_markets",
    default_config={
        "span_key": SPAN_GROUP,
        "lexicon": None,
        "strong_confidence": STRONG_CONFIDENCE,
        "weak_confidence": WEAK_CONFIDENCE,
        "scorer": SCORER,
    },
    assigns=["doc.spans", "doc._.ockg_entities", "span._.ockg_method", "span._.ockg_confidence"],
    default_score_weights=score_weights(),
)
def make_market_finder(
    nlp: Language,
    name: str,
    span_key: str,
    lexicon: str | None,
    strong_confidence: float,
    weak_confidence: float,
    scorer: Callable[..., dict[str, Any]] | None,
) -> MarketFinder:
    """Factory of ``ockg_markets``."""
    return MarketFinder(
        nlp,
        name,
        span_key=span_key,
        lexicon=lexicon,
        strong_confidence=strong_confidence,
        weak_confidence=weak_confidence,
        scorer=scorer,
    )
