"""Split the analysis into sections and paragraphs, and align each paragraph to its indicators.

A profile's analysis has eleven sections (``ontology/sections.yaml``); each section's
paragraphs discuss its indicators in order, but profiles merge, skip or split paragraphs.
The alignment is therefore inferred, per section, by an order-preserving dynamic programme
over content evidence: every paragraph covers a contiguous run of the section's indicators,
runs never go backwards, and covering an extra indicator needs evidence for it.

Plain analytic texts have no sections; each paragraph is aligned to the markets it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg import taxonomy
from kg.lexicon.load import actor_cues, market_triggers
from kg.lexicon.normalise import fold
from kg.models import Document, IndicatorKind, Paragraph, Profile
from kg.resources import load_yaml

__all__ = ["SectionSpec", "evidence", "paragraphs", "section_for_heading", "sections"]

_EXTRA_SHARE = 0.14
"""An indicator beyond a paragraph's first needs this share of the paragraph's evidence."""
_REPEAT_PENALTY = 0.05
"""Small cost of a paragraph staying on the previous paragraph's indicator."""
_MIN_WORDS = 6


@dataclass(frozen=True)
class SectionSpec:
    """One analysis section: its id, printed titles and indicators in usual order."""

    id: str
    titles: tuple[str, ...]
    indicators: tuple[str, ...]


def _fold(text: str) -> str:
    """A heading or boilerplate line folded (:func:`kg.lexicon.normalise.fold`), hyphens as
    spaces."""
    return re.sub(r"[\s\-]+", " ", fold(text)).strip()


@cache
def sections() -> tuple[SectionSpec, ...]:
    """The sections of ``ontology/sections.yaml``, in page order."""
    data = load_yaml("sections.yaml")
    assert isinstance(data, dict)
    return tuple(
        SectionSpec(s["id"], tuple(s["titles"]), tuple(s["indicators"])) for s in data["sections"]
    )


@cache
def _boilerplate() -> tuple[str, ...]:
    data = load_yaml("sections.yaml")
    assert isinstance(data, dict)
    return tuple(_fold(line) for line in data.get("boilerplate", ()))


def section_for_heading(line: str) -> SectionSpec | None:
    """The section whose title is exactly this line (case and dashes ignored)."""
    folded = _fold(line)
    return next((s for s in sections() if any(_fold(t) == folded for t in s.titles)), None)


def _term_regex(terms: list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    alternatives = sorted({re.escape(t) for t in terms}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?:s|es)?(?![\w-])")


@cache
def _cue_patterns() -> dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]]:
    """Indicator id -> (strong pattern, weak pattern) over lower-case text."""
    data = load_yaml("sections.yaml")
    assert isinstance(data, dict)
    cues: dict[str, list[str]] = {k: list(v) for k, v in data.get("cues", {}).items()}
    out: dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]] = {}
    lexicon = market_triggers()
    for market, entry in lexicon.markets.items():
        strong = [t.term for t in entry.triggers if not t.weak] + cues.get(market, [])
        weak = [t.term for t in entry.triggers if t.weak]
        out[market] = (_term_regex(strong), _term_regex(weak))
    cue_table = actor_cues()
    for item in taxonomy.indicators():
        if item.id in out or item.kind == IndicatorKind.COMPOSITE:
            continue
        words = list(cues.get(item.id, []))
        for cue in (*cue_table.collective_heads, *cue_table.typed_heads, *cue_table.modifiers):
            if cue.actor_type == item.id and not cue.weak:
                words.append(cue.term)
        out[item.id] = (_term_regex(words), None)
    return out


def evidence(text: str, indicator_id: str) -> float:
    """How strongly a paragraph's text speaks of an indicator (weighted trigger count)."""
    strong, weak = _cue_patterns().get(indicator_id, (None, None))
    lowered = text.casefold()
    score = 0.0
    if strong is not None:
        score += len(strong.findall(lowered))
    if weak is not None:
        score += 0.3 * len(weak.findall(lowered))
    return score


def _align(texts: list[str], indicators: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Order-preserving alignment of paragraphs to runs of indicators (see module docstring)."""
    n, m = len(texts), len(indicators)
    if n == 0 or m == 0:
        return [() for _ in texts]
    table = [[evidence(text, ind) for ind in indicators] for text in texts]
    totals = [sum(row) + 1.0 for row in table]

    def gain(k: int, a: int, b: int) -> float:
        shares = [table[k][i] / totals[k] for i in range(a, b + 1)]
        return shares[0] + sum(s - _EXTRA_SHARE for s in shares[1:])

    # best[k][b]: best score with paragraph k's run ending at b; back-pointers for the runs.
    neg = float("-inf")
    best = [[neg] * m for _ in range(n)]
    back: list[list[tuple[int, int]]] = [[(-1, -1)] * m for _ in range(n)]
    for k in range(n):
        for a in range(m):
            for b in range(a, m):
                if k == 0:
                    score, prev = gain(0, a, b), -1
                else:
                    score, prev = neg, -1
                    for j in range(0, a + 1):  # previous run ended at j <= a
                        if best[k - 1][j] == neg:
                            continue
                        penalty = _REPEAT_PENALTY if j == a else 0.0
                        if j == a and b != a:
                            continue  # sharing an indicator only for single-indicator runs
                        candidate = best[k - 1][j] + gain(k, a, b) - penalty
                        if candidate > score:
                            score, prev = candidate, j
                    if prev == -1:
                        continue
                if score > best[k][b] or (score == best[k][b] and back[k][b][0] > a):
                    best[k][b], back[k][b] = score, (a, prev)
    end = max(range(m), key=lambda b: (best[n - 1][b], -b))
    runs: list[tuple[str, ...]] = []
    for k in range(n - 1, -1, -1):
        a, prev = back[k][end]
        runs.append(indicators[a : end + 1])
        end = prev
    return runs[::-1]


def _market_run(text: str) -> tuple[str, ...]:
    """Markets a plain-text paragraph names, strongest first."""
    scored = [
        (evidence(text, item.id), item.id)
        for item in taxonomy.indicators()
        if item.kind == "market"
    ]
    return tuple(market for score, market in sorted(scored, key=lambda x: -x[0]) if score >= 1)


@dataclass(frozen=True)
class _Block:
    begin: int
    end: int
    text: str


def _blocks(text: str, start: int, end: int) -> list[_Block]:
    """Blank-line separated blocks of ``text[start:end]``, stripped, with exact offsets."""
    out = []
    for match in re.finditer(r"\S(?:.*\S)?(?:\n[ \t]*\S.*)*", text[start:end]):
        raw = match.group(0).rstrip()
        begin = start + match.start()
        out.append(_Block(begin, begin + len(raw), raw))
    return out


def paragraphs(document: Document, profile: Profile | None) -> list[Paragraph]:
    """The analysed paragraphs of a document, with section and indicator alignment."""
    text = document.text
    if profile is not None:
        if profile.analysis_start is None:
            return []
        start, end = profile.analysis_start, profile.analysis_end or len(text)
    else:
        start, end = 0, len(text)
    boilerplate = _boilerplate()
    current: SectionSpec | None = None
    grouped: list[tuple[SectionSpec | None, list[_Block]]] = []
    for block in _blocks(text, start, end):
        folded = _fold(block.text)
        if profile is not None and any(folded.startswith(b) for b in boilerplate):
            break
        heading = section_for_heading(block.text)
        if heading is not None:
            current = heading
            grouped.append((current, []))
            continue
        if profile is not None and len(block.text.split()) < _MIN_WORDS:
            continue  # a profile's short lines are its headings and labels; a plain text's
            # short blocks (titles, captions, datelines) are text like any other
        if not grouped or grouped[-1][0] is not current:
            grouped.append((current, []))
        grouped[-1][1].append(block)
    out: list[Paragraph] = []
    for section, blocks in grouped:
        if section is None:
            runs = [_market_run(b.text) for b in blocks]
        else:
            runs = _align([b.text for b in blocks], section.indicators)
        for block, run in zip(blocks, runs, strict=True):
            out.append(
                Paragraph(
                    begin=block.begin,
                    end=block.end,
                    section=section.titles[0] if section else None,
                    indicators=run,
                )
            )
    return out
