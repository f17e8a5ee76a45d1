"""``ockg_markets``: find mentions of the Index's criminal markets from ``ontology/markets.yaml``.

Each trigger is indexed by its last word (lower-case form, or lemma of the head; see
``kg.nlp.terms``); the longest match wins, non-triggers shadow the triggers inside them
("maritime piracy"), and weak
triggers ("weapons", "timber") are kept with a low confidence for the extraction stage
to confirm from context, unless their own clause confirms them: a weak trigger that a trade
verb moves or a trade noun deals in ("buy weapons", "the export of charcoal"; the
``trade_words`` of ``markets.yaml``) is strong.

Settings (``default_config``): ``span_key``, ``lexicon`` (a folder holding ``markets.yaml``
and the other lexicon files; null: ockg's own), ``strong_confidence``, ``weak_confidence``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg import taxonomy
from kg.lexicon.load import market_triggers
from kg.lexicon.models import TradeWords
from kg.models import Entity, EntityKind
from kg.nlp.component import SCORER, LexiconComponent, check_confidence, score_weights
from kg.nlp.spans import SPAN_GROUP, add_mention
from kg.nlp.terms import TermIndex

__all__ = ["MarketFinder", "market_entity", "traded"]

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
        self.trade = TradeWords()

    def compile(self) -> None:
        index = TermIndex(self.make_doc)
        lexicon = market_triggers()
        for market, entry in lexicon.markets.items():
            for term in entry.triggers:
                index.add(f"{market}|weak" if term.weak else market, term, None)
        for term in lexicon.non_triggers:
            index.add(_NON, term, None)
        self.index = index
        self.trade = lexicon.trade_words

    def annotate(self, doc: Doc) -> None:
        spans = [Span(doc, start, end, label=kind) for start, end, kind, _ in self.index.find(doc)]
        for span in filter_spans(spans):
            if span.label_ == _NON:
                continue
            market, _, weak = span.label_.partition("|")
            confirmed = bool(weak) and traded(span, self.trade)
            if confirmed:
                weak = ""
            add_mention(
                doc,
                span.start,
                span.end,
                market_entity(market),
                method="market-trigger-weak"
                if weak
                else ("market-trigger-traded" if confirmed else "market-trigger"),
                confidence=self.weak_confidence if weak else self.strong_confidence,
            )


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def traded(span: Span, trade: TradeWords) -> bool:
    """Whether a trigger's own clause trades it: the object of a trade verb ("buy weapons",
    "sell them firearms"), a participle of one on it ("weapons smuggled from X"), what a trade
    verb deals in or a trade noun is of ("deals in arms", "the sale of firearms", "charcoal
    exports"), through a list ("deals in drugs, women, arms and cigarettes") or a quantity
    ("shipping large quantities of charcoal")."""
    token = span.root
    for child in token.children:
        if child.dep_ in {"acl", "relcl"} and _lemma(child) in trade.verbs:
            return True
        if child.dep_ == "compound" and _lemma(child) in trade.verbs:
            return True  # "traffics rifles" parsed as one noun phrase; not "trafficking racket"
    for _ in range(6):
        while token.dep_ in {"conj", "appos"} and token.head != token:
            token = token.head
        head = token.head
        if head == token:
            return False
        if token.dep_ in {"dobj", "nsubjpass", "dative", "attr"} and _lemma(head) in trade.verbs:
            return True
        if token.dep_ == "compound" and _lemma(head) in trade.nouns:
            return True
        if token.dep_ != "pobj" or head.dep_ != "prep":
            return False
        governor = head.head
        if head.lower_ == "in" and _lemma(governor) in trade.verbs | trade.nouns:
            return True  # "deals in arms", "trafficking in weapons"
        if head.lower_ != "of":
            return False
        if _lemma(governor) in trade.nouns | trade.verbs:
            return True  # "the sale of firearms", "smuggling of weapons"
        if _lemma(governor) not in trade.quantities:
            return False
        token = governor  # "quantities of charcoal": the quantity's own clause decides
    return False


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
