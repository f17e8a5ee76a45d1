"""Recover indicators a page leaves out, and check averages against their components.

Individual scores lie on a 0.5 grid from 1.00 to 10.00 and every average is the mean of
its components rounded to 2 decimals. With one component missing, exactly one grid value
usually brings the mean back to the printed average; that value is recorded as inferred.
With two or more missing, or no unique solution, nothing is recorded and a warning says so.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from kg import taxonomy
from kg.errors import Code
from kg.models import Diagnostic, IndicatorKind, Score

__all__ = ["GRID", "TOLERANCE", "complete_scores", "mean2", "solve_missing"]

GRID: tuple[Decimal, ...] = tuple((Decimal(n) / 2).quantize(Decimal("0.01")) for n in range(2, 21))
"""The values an individual indicator can take: 1.0, 1.5, ..., 10.0."""

TOLERANCE = Decimal("0.005")
"""Half a unit of the printed 2-decimal rounding."""

_SLACK = Decimal("0.0101")
"""The Index notes differences of 0.01 from binary round-off; tolerated, never preferred."""

_CENT = Decimal("0.01")


def mean2(values: list[Decimal]) -> Decimal:
    """The mean rounded half-up to 2 decimals, as the Index prints averages."""
    return (sum(values, Decimal(0)) / len(values)).quantize(_CENT, rounding=ROUND_HALF_UP)


def solve_missing(known: list[Decimal], average: Decimal, total: int) -> list[Decimal]:
    """Grid values ``x`` for which ``mean(known + [x])`` rounds to ``average``.

    Exact solutions (within half a cent) are preferred; only when there are none, values
    within the Index's stated 0.01 round-off are returned.
    """
    base = sum(known, Decimal(0))
    exact, loose = [], []
    for value in GRID:
        gap = abs((base + value) / total - average)
        if gap <= TOLERANCE:
            exact.append(value)
        elif gap <= _SLACK:
            loose.append(value)
    return exact or loose


def _how(composite: str, average: Decimal, total: int, value: Decimal) -> str:
    label = taxonomy.indicator(composite).label
    return (
        f"recovered from the printed {label} average {average} over {total} indicators: "
        f"{value} is the only score on the 0.5 grid whose mean rounds to it"
    )


def _check(
    composite: str, average: Decimal, values: list[Decimal], code: Code, line: int | None
) -> Diagnostic | None:
    computed = (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.0001"))
    if abs(computed - average) <= _SLACK:
        return None
    label = taxonomy.indicator(composite).label
    return Diagnostic(
        code=code.name,
        message=f"{label} is printed as {average} but its components average {computed}",
        line=line,
    )


def complete_scores(
    printed: dict[str, Score], edition: int | None, structure: int
) -> tuple[tuple[Score, ...], list[Diagnostic]]:
    """Add inferred scores and consistency warnings; return scores in taxonomy order.

    ``structure`` is the edition whose indicator list applies when ``edition`` is unknown.
    """
    scores = dict(printed)
    notes: list[Diagnostic] = []
    year = edition or structure
    for indicator_id in printed:
        item = taxonomy.indicator(indicator_id)
        if not item.scored_in(year):
            message = f"{item.label} is printed but the Index scores it only since {item.since}"
            notes.append(Diagnostic(code=Code.W109.name, message=message))
    averaged = [c for c in taxonomy.scored(year, IndicatorKind.COMPOSITE) if c.broader]
    averaged += [c for c in taxonomy.scored(year, IndicatorKind.COMPOSITE) if not c.broader]
    for composite in averaged:
        parts = taxonomy.components(composite.id, year)
        if not parts:
            continue
        present = [scores[p.id].value for p in parts if p.id in scores]
        missing = [p for p in parts if p.id not in scores]
        average = scores.get(composite.id)
        if average is None:
            if not missing:
                scores[composite.id] = Score(
                    indicator=composite.id,
                    value=mean2(present),
                    inferred=True,
                    inference=f"mean of its {len(parts)} printed components, rounded to 2 decimals",
                )
            continue
        on_grid = all(p.kind != IndicatorKind.COMPOSITE for p in parts)
        if not missing:
            code = Code.W101 if on_grid else Code.W102
            note = _check(composite.id, average.value, present, code, average.line)
            if note is not None:
                notes.append(note)
            continue
        if len(missing) == 1 and on_grid:
            solutions = solve_missing(present, average.value, len(parts))
            if len(solutions) == 1:
                target = missing[0]
                scores[target.id] = Score(
                    indicator=target.id,
                    value=solutions[0],
                    inferred=True,
                    inference=_how(composite.id, average.value, len(parts), solutions[0]),
                )
                continue
            reason = f"{len(solutions)} values fit" if solutions else "no value fits"
        else:
            reason = f"{len(missing)} components missing"
        for target in missing:
            notes.append(
                Diagnostic(
                    code=Code.W103.name,
                    message=f"{target.label}: not printed and not recoverable ({reason})",
                )
            )
    order = {item.id: n for n, item in enumerate(taxonomy.indicators())}
    return tuple(sorted(scores.values(), key=lambda s: order[s.indicator])), notes
