"""Recognise a page's edition from its format, where the editions' formats differ.

- 2021 prints scores without changes and scores 10 markets and 4 actor types;
- 2023 prints ``n/a`` for indicators new in 2023, rank lines with no space before the change
  except on the world line, GDP with decimals (``USD 106,166.00 million``) or ``No data``, and
  adds Income group, Geography type and GINI to the header;
- 2025 prints every change, and rank lines with a space before every change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.models import EDITIONS, Indicator
from kg.profile.values import PrintedRank, PrintedScore

__all__ = ["FormatSignals", "recognise_edition"]

_GDP_DECIMALS = re.compile(r"\d\.\d+\s*million", re.IGNORECASE)


@dataclass
class FormatSignals:
    """What the parser noticed of the page's format, edition by edition."""

    scores: int = 0
    changes: int = 0
    not_available: int = 0
    newest_since: int = 2021
    new_with_change: int = 0
    """Indicators first scored in the newest edition's predecessor printed with a numeric change."""
    rank_spacing: set[bool] = field(default_factory=set)
    facts: dict[str, str] = field(default_factory=dict)

    def add_score(self, item: Indicator, printed: PrintedScore) -> None:
        self.scores += 1
        self.newest_since = max(self.newest_since, item.since)
        if printed.change_printed is None:
            return
        if printed.change is None:
            self.not_available += 1
        else:
            self.changes += 1
            if item.since > min(EDITIONS):
                self.new_with_change += 1

    def add_rank(self, rank: PrintedRank) -> None:
        if rank.scope_name is not None and rank.change is not None:
            self.rank_spacing.add(rank.space_before_change)

    def add_fact(self, name: str, value: str) -> None:
        self.facts[name] = value

    def candidates(self) -> set[int]:
        """The editions consistent with every signal."""
        editions = set(EDITIONS)
        if self.scores and not self.changes and not self.not_available:
            editions &= {2021}
        if self.changes or self.not_available:
            editions -= {2021}
        if self.newest_since > 2021:
            editions -= {2021}
        if self.not_available:
            editions &= {2023}
        if self.new_with_change:  # 2023 prints n/a for the indicators it introduced
            editions -= {2023}
        if self.rank_spacing == {False}:
            editions &= {2023}
        elif self.rank_spacing == {True}:
            editions -= {2023}
        # Header conventions are weaker evidence: applied only where they contradict nothing.
        gdp = self.facts.get("gdp_usd_million", "")
        header_2023 = "income_group" in self.facts or "geography_type" in self.facts
        if header_2023 or _GDP_DECIMALS.search(gdp) or gdp.strip().casefold() == "no data":
            editions = (editions & {2023}) or editions
        return editions

    def structure_edition(self) -> int:
        """The edition whose list of indicators best fits the page, for averaging."""
        editions = self.candidates()
        if len(editions) == 1:
            return next(iter(editions))
        return max(EDITIONS) if self.newest_since > 2021 or not editions else min(editions)


def recognise_edition(signals: FormatSignals) -> int | None:
    """The page's edition if its format pins one down, else None."""
    editions = signals.candidates()
    return next(iter(editions)) if len(editions) == 1 else None
