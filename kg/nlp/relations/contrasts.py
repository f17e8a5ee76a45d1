"""Sentences that turn from one actor to another (", while Y ...", "; Y ..."): each actor keeps
the markets and fellow actors of its own part."""

from __future__ import annotations

from spacy.tokens import Span

from kg.lexicon.load import market_triggers

_CONTRASTS = frozenset({"while", "whereas"})


def _contrast_parts(sent: Span, actors: list[Span]) -> list[int]:
    """Where a sentence turns to another actor's doings (", while Y runs ...", "; Y ..."):
    the first tokens of the parts after such turns, kept only where each side of the turn
    names an actor. Read off the words, so a parse that makes the verbs nouns ("extort
    growers, while a gang traffics rifles") still keeps each side's markets apart."""
    doc = sent.doc
    turns = [
        t.i
        for t in sent[1:]
        if t.text == ";" or (t.lower_ in _CONTRASTS and doc[t.i - 1].text == ",")
    ]
    kept: list[int] = []
    for i, turn in enumerate(turns):
        start = kept[-1] if kept else sent.start
        end = turns[i + 1] if i + 1 < len(turns) else sent.end
        before = any(start <= a.start < turn for a in actors)
        after = any(turn < a.start < end for a in actors)
        if before and after:
            kept.append(turn)
    return kept


def _part(index: int, turns: list[int]) -> int:
    return sum(1 for turn in turns if turn <= index)


def _speaks_of_trade(sent: Span, turns: list[int], part: int) -> bool:
    """Whether a part naming no market speaks of trade ("..., while Albanian networks broker
    shipments to Europe"): its goods are the sentence's, so the other parts' markets stay."""
    lexicon = market_triggers()
    words = lexicon.trade_words.verbs | lexicon.trade_words.nouns | lexicon.market_anaphors.nouns
    return any(_part(t.i, turns) == part and t.lemma_.lower() in words for t in sent)


def own_part(actor: Span, actors: list[Span], markets: list[Span]) -> tuple[list[Span], list[Span]]:
    """The markets and actors of ``actor``'s own part of a sentence that turns to another
    actor; all of them where it does not turn. A part naming no market but speaking of trade
    keeps the sentence's markets."""
    turns = _contrast_parts(actor.sent, actors)
    if not turns:
        return markets, actors
    mine = _part(actor.start, turns)
    own = [m for m in markets if _part(m.start, turns) == mine]
    if own or not _speaks_of_trade(actor.sent, turns, mine):
        markets = own
    return markets, [a for a in actors if _part(a.start, turns) == mine]
