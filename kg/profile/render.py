"""Render an Organized Crime Index profile page as text, in one edition's format.

The inverse of ``kg.profile.parse_profile``: given scores, changes, ranks and header facts,
write the page text the way ocindex.net's pages read once copied to text (see DESIGN.md,
"Page formats", and ``corpus/peru_2025.txt``): navigation lines, ``Profile``, the country,
the header facts, the criminality block (score line, then ``Criminality score``, then the
three rank lines), the markets and actor-type blocks (heading, score line, definition), the
resilience block printed twice, then ``Analysis`` and a placeholder paragraph.

Used by the tests to cross-check the parser against the official data, and usable to
generate synthetic corpora. Nothing here is specific to one country.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal

from kg import taxonomy
from kg.models import Facts, Indicator, Rank, RankScope

__all__ = [
    "PAGE_OMITS",
    "format_change",
    "ordinal",
    "rank_line",
    "render_page",
    "score_line",
]

PAGE_OMITS: Mapping[int, frozenset[str]] = {
    2025: frozenset({"mafia-style-groups", "political-leadership-and-governance"}),
}
"""Indicators the published pages of an edition leave out (pass as ``omit`` to imitate them)."""

_CENT = Decimal("0.01")
_SCOPE_ORDER = {RankScope.WORLD: 0, RankScope.CONTINENT: 1, RankScope.REGION: 2}
_HEADER = ("The Organized Crime Index | ENACT", "Read the report")
_GDP_LABEL = "Gross domestic product (GDP - CURRENT $US MILLION)"
_PLACEHOLDER = (
    "This page was rendered from the official Organized Crime Index scores for {country} "
    "({edition}); it carries no analysis. The text stands where the published profile "
    "discusses criminal markets, criminal actors and resilience."
)


def ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``12th``, ``13th``, ``21st``, ``112th``."""
    if 11 <= number % 100 <= 13:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def _two(value: Decimal) -> str:
    text = f"{value.quantize(_CENT):.2f}"
    return "0.00" if text == "-0.00" else text


def format_change(change: Decimal) -> str:
    """A score change as pages print it: ``0.22``, ``-0.50``, ``0.00`` (no plus sign)."""
    return _two(change)


def score_line(value: Decimal, change: Decimal | None, *, not_available: bool = False) -> str:
    """Score and change run together (``6.620.22``), ``8.00 n/a``, or the score alone."""
    if change is not None:
        return f"{_two(value)}{format_change(change)}"
    return f"{_two(value)} n/a" if not_available else _two(value)


def _printed_rank_change(rank: Rank, edition: int) -> int | None:
    """The number a page prints after a rank: 2025 current - previous, 2023 previous - current."""
    if edition <= taxonomy.editions()[0]:
        return None
    if rank.previous is None:
        return rank.change
    return rank.rank - rank.previous if edition >= 2025 else rank.previous - rank.rank


def rank_line(rank: Rank, edition: int) -> str:
    """``31st of 193 countries -1``, ``10th of 35 countries in Americas 0`` (2025);
    ``4th of 35 countries in Americas6`` (2023: a space only on the world line); no change in 2021.

    The printed change is derived from ``rank.previous`` where given, else ``rank.change``
    is printed as it stands.
    """
    text = f"{ordinal(rank.rank)} of {rank.out_of} countries"
    if rank.scope is not RankScope.WORLD:
        text += f" in {rank.scope_name}"
    change = _printed_rank_change(rank, edition)
    if change is None:
        return text
    space = "" if edition == 2023 and rank.scope is not RankScope.WORLD else " "
    return f"{text}{space}{change}"


def _header_facts(facts: Facts | None, edition: int) -> list[str]:
    if facts is None:
        return []
    lines: list[str] = []
    if facts.capital is not None:
        lines += ["Capital", facts.capital]
    if facts.population is not None:
        lines += ["Population", f"{facts.population:,}"]
    if edition == 2023:  # always printed, with decimals, or "No data"
        gdp = facts.gdp_usd_million
        lines += [_GDP_LABEL, "No data" if gdp is None else f"USD {gdp:,.2f} million"]
    elif edition >= 2025 and facts.gdp_usd_million is not None:
        lines += [_GDP_LABEL, f"USD {facts.gdp_usd_million:,} million"]
    if facts.area_km2 is not None:
        lines += ["Area (KM²)", f"{facts.area_km2:,} km²"]
    if edition == 2023:
        for label, value in (
            ("Income group", facts.income_group),
            ("Geography type", facts.geography_type),
            ("GINI Index", None if facts.gini is None else str(facts.gini)),
        ):
            if value is not None:
                lines += [label, value]
    return lines


class _Page:
    """The indicator blocks of one page, with what is printed and how."""

    def __init__(
        self,
        edition: int,
        scores: Mapping[str, Decimal],
        changes: Mapping[str, Decimal | None],
        ranks: Sequence[Rank],
        omit: Collection[str],
    ) -> None:
        self.edition = edition
        self.scores = scores
        self.changes = changes
        self.ranks = ranks
        self.omit = omit
        self.first = taxonomy.editions()[0]

    def printed(self, item: Indicator) -> bool:
        return item.id in self.scores and item.id not in self.omit

    def score(self, item: Indicator) -> str:
        change = None if self.edition == self.first else self.changes.get(item.id)
        new = self.edition > self.first and item.since == self.edition
        return score_line(self.scores[item.id], change, not_available=new)

    def rank_lines(self, composite: str) -> list[str]:
        own = sorted(
            (r for r in self.ranks if r.indicator == composite),
            key=lambda r: _SCOPE_ORDER[r.scope],
        )
        return [rank_line(r, self.edition) for r in own]

    def headline(self, composite: Indicator) -> list[str]:
        """A top composite: score line, then its label (``Criminality score``), then ranks."""
        if not self.printed(composite):
            return []
        label = composite.page_labels[0] if composite.page_labels else composite.label
        return [self.score(composite), label, *self.rank_lines(composite.id)]

    def block(self, item: Indicator) -> list[str]:
        """An indicator or sub-composite: heading, score line, definition."""
        if not self.printed(item):
            return []
        return [item.label, self.score(item), " ".join(item.definition.split())]

    def family(self, composite: str) -> list[str]:
        lines: list[str] = []
        for item in taxonomy.components(composite, self.edition):
            lines += self.block(item)
        return lines

    def resilience(self) -> list[str]:
        return self.headline(taxonomy.indicator("resilience")) + self.family("resilience")

    def pyramid(self) -> list[str]:
        """The graphic's labels: resilience, actors, markets, twice (as text copies show)."""
        ids = ("resilience", "criminal-actors", "criminal-markets")
        if not all(i in self.scores and i not in self.omit for i in ids):
            return []
        return [" ".join([_two(self.scores[i]) for i in ids] * 2)]


def _check(edition: int, scores: Mapping[str, Decimal], omit: Iterable[str]) -> None:
    if edition not in taxonomy.editions():
        raise ValueError(f"unknown edition {edition}; known: {taxonomy.editions()}")
    known = {item.id for item in taxonomy.scored(edition)}
    for indicator_id in (*scores, *omit):
        if indicator_id not in known:
            raise ValueError(f"{indicator_id!r} is not an indicator scored in {edition}")


def render_page(
    country: str,
    edition: int,
    scores: Mapping[str, Decimal],
    changes: Mapping[str, Decimal | None],
    ranks: Sequence[Rank] = (),
    facts: Facts | None = None,
    omit: Collection[str] = frozenset(),
) -> str:
    """Render the profile page of ``country`` in ``edition``'s format.

    ``scores`` and ``changes`` are keyed by indicator id; an indicator missing from
    ``scores`` or listed in ``omit`` is not printed (omitting ``criminality`` or
    ``resilience`` also drops their rank lines). A change of ``None`` prints ``n/a`` for an
    indicator new in ``edition`` and nothing otherwise; 2021 pages print no changes.
    Raises ``ValueError`` for an unknown edition or an indicator not scored in it.
    """
    _check(edition, scores, omit)
    page = _Page(edition, scores, changes, ranks, omit)
    body: list[str] = ["Profile", country, *_header_facts(facts, edition)]
    body += page.headline(taxonomy.indicator("criminality"))
    for composite in ("criminal-markets", "criminal-actors"):
        body += page.block(taxonomy.indicator(composite)) + page.family(composite)
    body += page.resilience() + page.pyramid() + page.resilience()
    body += ["Analysis", _PLACEHOLDER.format(country=country, edition=edition)]
    head = "\n".join([*_HEADER, country, "x"])
    return head + "\n\n" + "\n\n".join(f"    {line}" for line in body) + "\n"
