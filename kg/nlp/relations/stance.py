"""How a sentence holds its claims: hedges, modality and time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span

from kg.nlp.relations.cues import _HEDGE_FACTOR, _cues, _phrases

_NOT_MODAL = {"PROPN", "NUM"}  # "May 2021", "Could" as a name


@dataclass(frozen=True)
class _Stance:
    """How a sentence holds its claims: hedge words, modality, time."""

    hedges: tuple[str, ...] = ()
    modality: str | None = None
    time: str | None = None


_YEAR = r"(?:(?:early|late|mid)[- ])?(?:[A-Z][a-z]+ )?(?:19|20)\d\d(?:s)?"


@cache
def _time_pattern() -> re.Pattern[str]:
    preps = "|".join(re.escape(p) for p in _cues().time_prepositions)
    return re.compile(
        rf"\b(?:{preps})\s+(?:the\s+)?{_YEAR}(?:\s*(?:and|to|-|–)\s*{_YEAR})?\b",
        re.IGNORECASE,
    )


def _stance(sent: Span) -> _Stance:
    """The hedges, modality and time a sentence gives its claims."""
    cues = _cues()
    hedges: list[str] = []
    modality = None
    for name, vocabulary in cues.modality:
        found = [
            phrase
            for i, phrase in _phrases(sent, vocabulary)
            if " " in phrase or sent.doc[i].pos_ not in _NOT_MODAL
        ]
        if not found:
            continue
        modality = modality or name
        if name != "former":
            hedges += found
    time = _time_pattern().search(sent.text)
    return _Stance(
        hedges=tuple(sorted(set(hedges))),
        modality=modality,
        time=time.group(0) if time else None,
    )


def _confidence(base: float, stance: _Stance) -> float:
    return round(base * (_HEDGE_FACTOR if stance.hedges else 1.0), 3)


def _claim_fields(base: float, stance: _Stance) -> dict[str, object]:
    return {
        "confidence": _confidence(base, stance),
        "hedges": stance.hedges,
        "modality": stance.modality,
        "time": stance.time,
    }
