"""``ockg_markets``: find mentions of the Index's criminal markets from ``ontology/markets.yaml``.

Each trigger becomes a token pattern (lower-case form, or lemma of the head); the longest
match wins, non-triggers shadow the triggers inside them ("maritime piracy"), and weak
triggers ("weapons", "timber") are kept with a low confidence for the extraction stage
to confirm from context.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg import taxonomy
from kg.lexicon.load import market_triggers
from kg.lexicon.models import Term
from kg.models import Entity, EntityKind
from kg.nlp.spans import add_mention, ensure_extensions

__all__ = ["MarketFinder", "market_entity", "term_patterns"]

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


def term_patterns(nlp: Language, term: Term) -> list[list[dict[str, object]]]:
    """Matcher patterns for a lexicon term (two for a lemma term: by lemma and by form)."""
    words = [t.lower_ for t in nlp.make_doc(term.term)]
    lowered: list[dict[str, object]] = [{"LOWER": w} for w in words]
    if term.match == "lower":
        return [lowered]
    by_lemma = [*lowered[:-1], {"LEMMA": words[-1]}]
    plural = [*lowered[:-1], {"LOWER": {"IN": [words[-1] + "s", words[-1] + "es"]}}]
    return [lowered, by_lemma, plural]


class MarketFinder:
    """The ``ockg_markets`` component."""

    def __init__(self, nlp: Language, name: str = "ockg_markets") -> None:
        ensure_extensions()
        self.name = name
        self.matcher = Matcher(nlp.vocab)
        self.weak: set[str] = set()
        lexicon = market_triggers()
        for market, entry in lexicon.markets.items():
            strong = [t for t in entry.triggers if not t.weak]
            weak = [t for t in entry.triggers if t.weak]
            for label, terms in ((market, strong), (f"{market}|weak", weak)):
                patterns = [p for t in terms for p in term_patterns(nlp, t)]
                if patterns:
                    self.matcher.add(label, patterns)
        non = [p for t in lexicon.non_triggers for p in term_patterns(nlp, t)]
        if non:
            self.matcher.add(_NON, non)

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        spans = [Span(doc, start, end, label=strings[key]) for key, start, end in self.matcher(doc)]
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
