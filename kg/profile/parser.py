"""Read an Organized Crime Index profile page into a ``Profile``.

The parser follows the page format of the three editions (see DESIGN.md), not any one
sample: it walks the non-blank lines once, pairing each indicator heading with the score
line that follows it (or, for "Criminality score" and "Resilience score", precedes it),
reading rank lines into the most recent composite, header facts into ``Facts``, and the
prose line after a score as that indicator's definition. Missing indicators are then
recovered from the printed averages (``kg.profile.inference``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kg import taxonomy
from kg.errors import Code, OckgError
from kg.models import Diagnostic, Document, Facts, Indicator, Profile, Rank, RankScope, Score
from kg.profile.edition import FormatSignals, recognise_edition
from kg.profile.inference import complete_scores
from kg.profile.values import (
    PrintedRank,
    PrintedScore,
    looks_numeric,
    parse_decimal,
    parse_gdp,
    parse_rank_line,
    parse_score_line,
)

__all__ = ["CONTINENTS", "looks_like_profile", "parse_profile"]

CONTINENTS = frozenset({"africa", "americas", "asia", "europe", "oceania"})
_TRAILING_LABEL = re.compile(r"\bscore$", re.IGNORECASE)
_ANALYSIS = re.compile(r"^analysis$", re.IGNORECASE)
_SECTION_NUMBERS = re.compile(r"^(?:\d{1,2}\s*)+$")
_NOT_A_NUMBER = re.compile(r"^[+\-−]?(?:(?:s?nan|inf(?:inity)?)(?![a-z])|[.,]\d)", re.IGNORECASE)
"""Where a score belongs, a value that is no score: NaN, Infinity, ``.50``."""


@dataclass(frozen=True)
class _Line:
    number: int
    offset: int
    text: str


def _lines(text: str) -> list[_Line]:
    """Non-blank lines, stripped, with 1-based numbers and character offsets."""
    out: list[_Line] = []
    offset = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if stripped:
            out.append(_Line(number, offset + raw.index(stripped[0]), stripped))
        offset += len(raw) + 1
    return out


def _population(text: str) -> int | None:
    value = parse_decimal(text)
    return None if value is None else int(value)


def _text(text: str) -> str | None:
    return None if text.strip().casefold() in {"no data", "n/a", "-"} else text.strip()


# Header labels, matched on their folded start, with the field and value parser.
_FACTS: tuple[tuple[str, str, Callable[[str], Any]], ...] = (
    ("capital", "capital", _text),
    ("population", "population", _population),
    ("gross domestic product", "gdp_usd_million", parse_gdp),
    ("gdp", "gdp_usd_million", parse_gdp),
    ("area", "area_km2", parse_decimal),
    ("income group", "income_group", _text),
    ("geography type", "geography_type", _text),
    ("gini", "gini", parse_decimal),
)


def _fact_for(line: str) -> tuple[str, Callable[[str], Any]] | None:
    folded = line.casefold()
    if len(folded) > 60:
        return None
    for start, name, parser in _FACTS:
        if folded == start or folded.startswith(start + " ") or folded.startswith(start + "("):
            return name, parser
    return None


def _paired(lines: list[_Line]) -> list[_Line]:
    """Indicator headings that sit next to a numeric line (a profile has dozens)."""
    found = []
    for index, line in enumerate(lines):
        if taxonomy.indicator_for_label(line.text) is None:
            continue
        neighbours = lines[max(index - 1, 0) : index] + lines[index + 1 : index + 2]
        if any(looks_numeric(other.text) for other in neighbours):
            found.append(line)
    return found


def _pairs(lines: list[_Line]) -> int:
    """How many indicator headings sit next to a numeric line."""
    return len(_paired(lines))


def looks_like_profile(text: str) -> bool:
    """Whether a text has a profile's score structure (else it is plain analytic text)."""
    return _pairs(_lines(text)) >= 3


@dataclass
class _State:
    document: Document
    facts: dict[str, Any] = field(default_factory=dict)
    scores: dict[str, Score] = field(default_factory=dict)
    printed: dict[str, PrintedScore] = field(default_factory=dict)
    ranks: list[tuple[str, PrintedRank, int]] = field(default_factory=list)
    definitions: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    signals: FormatSignals = field(default_factory=FormatSignals)
    last_structural: int = -1

    def error(self, code: Code, detail: str, line: int) -> OckgError:
        return OckgError(code, detail, path=self.document.path, line=line)

    def warn(self, code: Code, detail: str, line: int | None = None) -> None:
        self.diagnostics.append(Diagnostic(code=code.name, message=detail, line=line))


def _record_score(state: _State, item: Indicator, printed: PrintedScore, line: int) -> None:
    known = state.printed.get(item.id)
    if known is not None:
        if known != printed:
            state.warn(
                Code.W106,
                f"{item.label} printed again as {printed.value} {printed.change_printed or ''}"
                f" (first {known.value} {known.change_printed or ''}); the first is kept",
                line,
            )
        return
    state.printed[item.id] = printed
    state.signals.add_score(item, printed)
    state.scores[item.id] = Score(
        indicator=item.id, value=printed.value, change=printed.change, line=line
    )


def _score_at(state: _State, line: _Line) -> PrintedScore | None:
    try:
        return parse_score_line(line.text)
    except ValueError as error:
        raise state.error(Code.E102, str(error), line.number) from None


def _scan(state: _State, lines: list[_Line]) -> None:
    """Walk the lines of the page, filling ``state``."""
    pending: Indicator | None = None  # heading waiting for its score line
    loose: tuple[PrintedScore, int] | None = None  # score line waiting for a trailing label
    last_scored: Indicator | None = None  # the indicator whose definition may follow
    rank_owner: str | None = None
    seen_score = False
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if _ANALYSIS.match(line.text) and seen_score:
            break
        if not seen_score and (fact := _fact_for(line.text)) is not None:
            name, parse = fact
            if index < len(lines) and not looks_like_label(lines[index].text):
                value_line = lines[index]
                index += 1
                try:
                    state.facts[name] = parse(value_line.text)
                except ValueError as error:
                    raise state.error(Code.E105, str(error), value_line.number) from None
                state.signals.add_fact(name, value_line.text)
            continue
        item = taxonomy.indicator_for_label(line.text)
        if item is not None:
            if _TRAILING_LABEL.search(line.text) and loose is not None:
                _record_score(state, item, loose[0], loose[1])
                last_scored, loose, pending = item, None, None
                rank_owner = item.id
                state.last_structural = index - 1
                continue
            if index >= len(lines):
                if seen_score:
                    raise state.error(
                        Code.E103, f"{item.label} has no score: the text ends", line.number
                    )
                continue
            nxt = lines[index]
            printed = _score_at(state, nxt)
            if printed is not None:
                _record_score(state, item, printed, nxt.number)
                seen_score, last_scored, pending = True, item, None
                if item.kind.value == "composite" and item.broader is None:
                    rank_owner = item.id
                index += 1
                state.last_structural = index - 1
            elif (looks_numeric(nxt.text) or _NOT_A_NUMBER.match(nxt.text)) and parse_rank_line(
                nxt.text
            ) is None:
                raise state.error(
                    Code.E101, f"cannot read {nxt.text!r} as the score of {item.label}", nxt.number
                )
            else:
                pending = item
            continue
        printed = _score_at(state, line)
        if printed is not None:
            seen_score = True
            loose = (printed, line.number)
            state.last_structural = index - 1
            continue
        try:
            rank = parse_rank_line(line.text)
        except ValueError as error:
            raise state.error(Code.E104, str(error), line.number) from None
        if rank is not None:
            if rank_owner is None:
                raise state.error(Code.E104, "rank line before any composite score", line.number)
            state.ranks.append((rank_owner, rank, line.number))
            state.signals.add_rank(rank)
            state.last_structural = index - 1
            continue
        if pending is not None:
            pending = None  # a heading followed by prose is a section title, not an indicator
        if last_scored is not None and state.last_structural == index - 2:
            if len(line.text.split()) >= 4:  # the definition printed under the score
                state.definitions.setdefault(last_scored.id, line.text)
                state.last_structural = index - 1
            last_scored = None
    if loose is not None and seen_score and not state.ranks and not state.scores:
        raise state.error(Code.E103, "a score line with no indicator", loose[1])


def looks_like_label(text: str) -> bool:
    """Whether a line is a heading of the page (a fact label or an indicator name)."""
    return _fact_for(text) is not None or taxonomy.indicator_for_label(text) is not None


def _analysis_span(lines: list[_Line], state: _State, text: str) -> tuple[int | None, int | None]:
    """Where the analysis prose starts: after the "Analysis" heading or the score block."""
    start_index = state.last_structural + 1
    for position, line in enumerate(lines):
        if position > state.last_structural and _ANALYSIS.match(line.text):
            start_index = position + 1
            break
    while start_index < len(lines) and _SECTION_NUMBERS.match(lines[start_index].text):
        start_index += 1
    if start_index >= len(lines):
        return None, None
    return lines[start_index].offset, len(text.rstrip())


def _ranks(state: _State, edition: int | None) -> tuple[Rank, ...]:
    """Turn printed rank lines into ``Rank`` models, deriving the previous rank."""
    out: list[Rank] = []
    seen: set[tuple[str, RankScope]] = set()
    for owner, printed, number in state.ranks:
        if printed.scope_name is None:
            scope, name = RankScope.WORLD, "World"
        elif printed.scope_name.casefold() in CONTINENTS:
            scope, name = RankScope.CONTINENT, printed.scope_name
        else:
            scope, name = RankScope.REGION, printed.scope_name
        if (owner, scope) in seen:
            continue
        seen.add((owner, scope))
        previous = None
        if printed.change is not None and edition is not None:
            # 2025 prints current minus previous; 2023 prints previous minus current.
            previous = (
                printed.rank - printed.change if edition >= 2025 else printed.rank + printed.change
            )
            if previous > printed.out_of:
                detail = (
                    f"rank change {printed.change} implies a previous rank of {previous},"
                    f" beyond the {printed.out_of} countries ranked; not stored"
                )
                state.warn(Code.W113, detail, number)
                previous = None
            elif previous < 1:
                state.warn(
                    Code.W105, f"rank change {printed.change} implies rank {previous}", number
                )
                previous = None
        out.append(
            Rank(
                indicator=owner,
                scope=scope,
                scope_name=name,
                rank=printed.rank,
                out_of=printed.out_of,
                change=printed.change,
                previous=previous,
                line=number,
            )
        )
    return tuple(out)


def _country(lines: list[_Line], document: Document) -> str | None:
    if document.meta.country:
        return document.meta.country
    for position, line in enumerate(lines[:-1]):
        if line.text.casefold() == "profile":
            return lines[position + 1].text
    return None


def parse_profile(document: Document) -> Profile | None:
    """Parse a profile page; None when the text has no profile structure at all.

    Raises ``OckgError`` (naming the file and line) for a malformed or truncated score block.
    """
    lines = _lines(document.text)
    if _pairs(lines) < 3:
        return None
    state = _State(document)
    _scan(state, lines)
    if not state.scores:
        raise OckgError(Code.E103, "no score could be read", path=document.path)
    detected = recognise_edition(state.signals)
    edition = document.meta.edition
    if edition is None:
        edition = detected
        if detected is None:
            state.warn(Code.W104, "edition unknown: give --edition or a metadata file")
    elif detected is not None and detected != edition:
        state.warn(Code.W105, f"the page reads as {detected}, the metadata says {edition}")
    _require_composites(state, lines, edition)
    scores, notes = complete_scores(state.scores, edition, state.signals.structure_edition())
    _require_tail(state, lines, edition, {score.indicator for score in scores})
    state.diagnostics.extend(notes)
    start, end = _analysis_span(lines, state, document.text)
    _refuse_second_profile(state, lines, start)
    return Profile(
        country=_country(lines, document),
        edition=edition,
        edition_detected=detected,
        facts=Facts(**state.facts),
        scores=scores,
        ranks=_ranks(state, edition),
        definitions=state.definitions,
        analysis_start=start,
        analysis_end=end,
        diagnostics=tuple(state.diagnostics),
    )


def _refuse_second_profile(state: _State, lines: list[_Line], start: int | None) -> None:
    """A second score block after the analysis starts is another profile: ``E106``.

    Reading only the first would drop the second profile's scores and give its actors and
    places to the first country; one profile per file is what ockg reads.
    """
    if start is None:
        return
    paired = _paired([line for line in lines if line.offset >= start])
    if len(paired) < 3:
        return
    first = paired[0]
    detail = (
        f"a second score block starts at line {first.number}, after the analysis;"
        " give one profile per file"
    )
    raise state.error(Code.E106, detail, first.number)


def _ends_in_block(state: _State, lines: list[_Line]) -> bool:
    """Whether the text stops at a score, rank or definition line (or one line after it)."""
    return state.last_structural >= len(lines) - 2


def _page_order(edition: int) -> list[str]:
    """Indicator ids in the order a page prints them: each composite, then its components."""
    order: list[str] = []

    def walk(item: Indicator) -> None:
        order.append(item.id)
        for part in taxonomy.components(item.id, edition):
            walk(part)

    for item in taxonomy.scored(edition):
        if item.kind.value == "composite" and item.broader is None:
            walk(item)
    return order


def _require_tail(state: _State, lines: list[_Line], edition: int | None, have: set[str]) -> None:
    """A page that stops in its score block before its last indicators is truncated.

    Indicators printed after the last one read, neither printed nor recoverable from an
    average, are what a cut-off page lacks (an indicator merely left out of the middle of
    a page only gets a warning).
    """
    if not _ends_in_block(state, lines):
        return
    order = _page_order(edition or state.signals.structure_edition())
    last = max((order.index(i) for i in state.printed if i in order), default=-1)
    missing = [taxonomy.indicator(i).label for i in order[last + 1 :] if i not in have]
    if missing:
        line = lines[state.last_structural].number if state.last_structural >= 0 else 1
        detail = f"the text ends after line {line}; missing {', '.join(missing)}"
        raise state.error(Code.E103, detail, line)


def _require_composites(state: _State, lines: list[_Line], edition: int | None) -> None:
    """A page that stops inside its score block is truncated, not merely incomplete."""
    structure = edition or state.signals.structure_edition()
    composites = [c for c in taxonomy.scored(structure) if c.kind.value == "composite"]
    missing = [c.label for c in composites if c.id not in state.scores]
    ends_in_block = _ends_in_block(state, lines)
    if missing and ends_in_block:
        last = lines[state.last_structural].number if state.last_structural >= 0 else 1
        raise state.error(
            Code.E103, f"the text ends after line {last}; missing {', '.join(missing)}", last
        )
    for label in missing:
        state.warn(Code.W111, f"{label} is not printed")
