"""The profile parser on the real Peru 2025 page, checked against the official data."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from kg import taxonomy
from kg.models import Profile, RankScope


def _official(ocindex_dir: Path, country: str, edition: str) -> dict[str, tuple[str, str]]:
    rows = {}
    with (ocindex_dir / "ocindex_long.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["country"] == country and row["edition"] == edition:
                item = taxonomy.indicator_for_label(row["indicator"])
                assert item is not None, row["indicator"]
                rows[item.id] = (row["score"], row["delta_as_shown"])
    return rows


def test_peru_reads_country_edition_and_facts(peru_profile: Profile) -> None:
    assert peru_profile.country == "Peru"
    assert peru_profile.edition == 2025
    assert peru_profile.edition_detected == 2025
    facts = peru_profile.facts
    assert facts.capital == "Lima"
    assert facts.population == 34_217_848
    assert facts.gdp_usd_million == Decimal("289070")
    assert facts.area_km2 == Decimal("1285220")
    assert facts.income_group is None and facts.gini is None


def test_peru_every_printed_score_and_change_matches_the_official_data(
    peru_profile: Profile, ocindex_dir: Path
) -> None:
    official = _official(ocindex_dir, "Peru", "2025")
    printed = [s for s in peru_profile.scores if not s.inferred]
    assert len(printed) == 34  # 30 indicators and 4 composites
    for score in printed:
        value, change = official[score.indicator]
        assert score.value == Decimal(value), score.indicator
        assert score.change == Decimal(change), score.indicator
        assert str(score.value) == value  # two decimals, as printed


def test_peru_missing_indicators_are_inferred_from_the_averages(peru_profile: Profile) -> None:
    inferred = {s.indicator: s for s in peru_profile.scores if s.inferred}
    assert set(inferred) == {"mafia-style-groups", "political-leadership-and-governance"}
    assert inferred["mafia-style-groups"].value == Decimal("7.00")
    assert inferred["political-leadership-and-governance"].value == Decimal("2.50")
    for score in inferred.values():
        assert score.change is None
        assert score.inference and "average" in score.inference
    assert len(peru_profile.scores) == 36


def test_peru_ranks_with_previous_rank_by_the_2025_sign_convention(peru_profile: Profile) -> None:
    ranks = {(r.indicator, r.scope): r for r in peru_profile.ranks}
    assert len(ranks) == 6
    world = ranks["criminality", RankScope.WORLD]
    assert (world.rank, world.out_of, world.change, world.previous) == (31, 193, -1, 32)
    region = ranks["criminality", RankScope.REGION]
    assert (region.scope_name, region.rank, region.out_of, region.previous) == (
        "South America",
        6,
        12,
        6,
    )
    resilience = ranks["resilience", RankScope.WORLD]
    assert (resilience.rank, resilience.change, resilience.previous) == (114, -5, 119)
    continent = ranks["resilience", RankScope.CONTINENT]
    assert (continent.scope_name, continent.rank, continent.out_of) == ("Americas", 24, 35)


def test_peru_ranks_match_the_official_rank_table(peru_profile: Profile, ocindex_dir: Path) -> None:
    with (ocindex_dir / "ocindex_ranks.csv").open(encoding="utf-8") as handle:
        row = next(
            r for r in csv.DictReader(handle) if r["country"] == "Peru" and r["edition"] == "2025"
        )
    ranks = {(r.indicator, r.scope): r for r in peru_profile.ranks}
    for prefix, indicator in (("", "criminality"), ("res_", "resilience")):
        for scope, column in (
            (RankScope.WORLD, "global"),
            (RankScope.CONTINENT, "continent"),
            (RankScope.REGION, "region"),
        ):
            rank = ranks[indicator, scope]
            assert rank.rank == int(row[f"{prefix}rank_{column}"])
            # the table's change is previous minus current
            assert rank.previous == rank.rank + int(row[f"{prefix}change_{column}"])


def test_peru_definitions_are_read_once_per_indicator(peru_profile: Profile) -> None:
    assert len(peru_profile.definitions) == 32
    assert peru_profile.definitions["cocaine-trade"].startswith(
        "The production, distribution and sale of cocaine"
    )
    for indicator_id, text in peru_profile.definitions.items():
        assert text == " ".join(taxonomy.indicator(indicator_id).definition.split())


def test_peru_is_consistent_so_no_warning_is_raised(peru_profile: Profile) -> None:
    assert peru_profile.diagnostics == ()


def test_peru_analysis_starts_at_the_first_section(peru_profile: Profile, peru_document) -> None:
    assert peru_profile.analysis_start is not None
    text = peru_document.text[peru_profile.analysis_start :]
    assert text.startswith("People\n")
    assert "Sendero Luminoso" in text


@pytest.mark.parametrize(
    ("line", "value", "change"),
    [
        ("6.620.22", "6.62", "0.22"),
        ("8.50-0.50", "8.50", "-0.50"),
        ("10.000.00", "10.00", "0.00"),
        ("10.00-1.50", "10.00", "-1.50"),
        ("1.000.50", "1.00", "0.50"),
        ("8.00 n/a", "8.00", None),
        ("6.35", "6.35", None),
    ],
)
def test_score_lines_split_score_and_change(line: str, value: str, change: str | None) -> None:
    from kg.profile.values import parse_score_line

    printed = parse_score_line(line)
    assert printed is not None
    assert printed.value == Decimal(value)
    assert printed.change == (None if change is None else Decimal(change))


@pytest.mark.parametrize(
    ("line", "rank", "out_of", "scope", "change", "spaced"),
    [
        ("31st of 193 countries -1", 31, 193, None, -1, True),
        ("10th of 35 countries in Americas 0", 10, 35, "Americas", 0, True),
        ("4th of 35 countries in Americas6", 4, 35, "Americas", 6, False),
        ("6th of 12 countries in South America-1", 6, 12, "South America", -1, False),
        (
            "1st of 17 countries in Central & Eastern Europe",
            1,
            17,
            "Central & Eastern Europe",
            None,
            False,
        ),
        ("11th of 193 countries 20", 11, 193, None, 20, True),
    ],
)
def test_rank_lines_of_every_edition(line, rank, out_of, scope, change, spaced) -> None:
    from kg.profile.values import parse_rank_line

    printed = parse_rank_line(line)
    assert printed is not None
    assert (printed.rank, printed.out_of, printed.scope_name, printed.change) == (
        rank,
        out_of,
        scope,
        change,
    )
    assert printed.space_before_change is spaced


def _render_parse(edition: int, scores: dict[str, Decimal], changes, facts=None):
    import hashlib

    from kg.models import Document
    from kg.profile import parse_profile
    from kg.profile.render import render_page

    text = render_page("Peru", edition, scores, changes, facts=facts)
    digest = hashlib.sha256(text.encode()).hexdigest()
    return parse_profile(Document(path="rendered.txt", text=text, sha256=digest))


def test_edition_is_recognised_without_rank_lines(peru_profile: Profile) -> None:
    from kg.models import Facts

    scores = {s.indicator: s.value for s in peru_profile.scores}
    changes = {s.indicator: s.change for s in peru_profile.scores}
    assert _render_parse(2025, scores, changes).edition == 2025
    # a 2025 page whose GDP happens to print decimals is still read as 2025
    facts = Facts(gdp_usd_million=Decimal("1234.5"))
    assert _render_parse(2025, scores, changes, facts).edition == 2025
    new = {i.id for i in taxonomy.indicators() if i.since == 2023}
    old_changes = {k: (None if k in new else v) for k, v in changes.items()}
    assert _render_parse(2023, scores, old_changes).edition == 2023
