"""The official dataset, the page renderer and the profile parser checked against each other.

The official Index data (third-party) is read from ``../shared/ocindex`` beside the checkout
and never committed; without it these tests skip. For every country and edition a page is
rendered from the official values and parsed back: the parser must recover every score,
change, rank and fact, and recognise the edition from the format alone; with one indicator
left out it must recover the official value from the printed average or abstain (W103).
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path

import pyoxigraph
import pytest
from typer.testing import CliRunner

from kg import taxonomy
from kg.cli import app
from kg.errors import Code, OckgError
from kg.index_import import (
    INDEX_FILE,
    IndexRow,
    add_changes,
    column_indicator,
    import_index,
    read_index,
)
from kg.models import Document, DocumentMeta, Facts, IndicatorKind, Profile, Rank, RankScope
from kg.profile import parse_profile
from kg.profile.render import PAGE_OMITS, ordinal, rank_line, render_page, score_line

OCINDEX = Path(__file__).resolve().parents[2] / "shared" / "ocindex"
WORKBOOK = OCINDEX / "global_oc_index_2025_workbook.xlsx"
LONG = OCINDEX / "ocindex_long.csv"
RANKS = OCINDEX / "ocindex_ranks.csv"
EDITIONS = taxonomy.editions()

needs_data = pytest.mark.skipif(
    not all(p.is_file() for p in (WORKBOOK, LONG, RANKS)),
    reason=f"the official Index data (third-party, never committed) is not at {OCINDEX}",
)

Key = tuple[str, int]


# --- the official data, read once ---------------------------------------------------------------


@cache
def workbook_rows() -> dict[Key, IndexRow]:
    return {(row.country, row.edition): row for row in read_index(WORKBOOK)}


@cache
def long_rows() -> tuple[dict[str, str], ...]:
    with LONG.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@cache
def official_scores() -> dict[Key, dict[str, tuple[Decimal, str, str]]]:
    """(country, edition) -> indicator id -> (score, delta_as_shown, page_string)."""
    out: dict[Key, dict[str, tuple[Decimal, str, str]]] = {}
    for row in long_rows():
        indicator = column_indicator(row["indicator"])
        assert indicator is not None, row["indicator"]
        key = (row["country"], int(row["edition"]))
        out.setdefault(key, {})[indicator] = (
            Decimal(row["score"]),
            row["delta_as_shown"],
            row["page_string"],
        )
    return out


@cache
def rank_rows() -> dict[Key, dict[str, str]]:
    with RANKS.open(encoding="utf-8", newline="") as handle:
        return {(row["country"], int(row["edition"])): row for row in csv.DictReader(handle)}


def _change(shown: str) -> Decimal | None:
    return None if shown in {"", "n/a"} else Decimal(shown)


def _ranks(row: dict[str, str], edition: int) -> list[Rank]:
    """Rank models from the rank table, whose change is previous - current, in the page's sign."""
    scopes = (
        (RankScope.WORLD, "World", "global", "193"),
        (RankScope.CONTINENT, row["continent"], "continent", row["n_continent"]),
        (RankScope.REGION, row["region"], "region", row["n_region"]),
    )
    out: list[Rank] = []
    for indicator, prefix in (("criminality", ""), ("resilience", "res_")):
        for scope, name, key, out_of in scopes:
            rank = int(row[f"{prefix}rank_{key}"])
            moved = row[f"{prefix}change_{key}"]
            previous = change = None
            if moved:
                previous = rank + int(moved)
                change = rank - previous if edition >= 2025 else previous - rank
            out.append(
                Rank(
                    indicator=indicator,
                    scope=scope,
                    scope_name=name,
                    rank=rank,
                    out_of=int(out_of),
                    change=change,
                    previous=previous,
                )
            )
    return out


def _facts(position: int, edition: int) -> Facts:
    """Header facts varied deterministically: GDP absent or "No data", GINI absent, decimals."""
    area = Decimal(10_000 + position * 6_337) if position % 9 else Decimal("2.02")
    gdp: Decimal | None = None
    if edition >= 2025 and position % 4:
        gdp = Decimal(1_000 + position * 1_499)
    elif edition == 2023 and position % 4 != 1:
        gdp = Decimal(f"{1_000 + position * 997}.{position % 100:02d}")
    extra = {}
    if edition == 2023:
        extra = {
            "income_group": ("Low income", "Lower middle income", "Upper middle income")[
                position % 3
            ],
            "geography_type": ("Coastal", "Landlocked", "Small island state")[position % 3],
            "gini": None if position % 3 == 0 else Decimal(f"{25 + position % 30}.{position % 10}"),
        }
    return Facts(
        capital=f"Capital{position}",
        population=100_000 + position * 1_234_567,
        gdp_usd_million=gdp,
        area_km2=area,
        **extra,
    )


def _parse(text: str, edition: int | None = None) -> Profile:
    document = Document(
        path="rendered.txt",
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        meta=DocumentMeta(country=None, edition=edition),
    )
    profile = parse_profile(document)
    assert profile is not None
    return profile


def _countries(edition: int) -> list[str]:
    return sorted(country for country, year in workbook_rows() if year == edition)


def _rank_tuple(rank: Rank) -> tuple[object, ...]:
    return (
        rank.indicator,
        rank.scope,
        rank.scope_name,
        rank.rank,
        rank.out_of,
        rank.change,
        rank.previous,
    )


# --- (a) the workbook ---------------------------------------------------------------------------


@needs_data
def test_workbook_has_193_countries_in_every_edition() -> None:
    counts = Counter(edition for _, edition in workbook_rows())
    assert counts == dict.fromkeys(EDITIONS, 193)
    for (_, edition), row in workbook_rows().items():
        assert set(row.scores) == {item.id for item in taxonomy.scored(edition)}
        assert row.continent and row.region


@needs_data
def test_workbook_agrees_value_for_value_with_the_long_table() -> None:
    official = official_scores()
    assert set(official) == set(workbook_rows())
    for key, row in workbook_rows().items():
        assert row.scores == {i: value for i, (value, _, _) in official[key].items()}, key
        # The workbook has no changes: they are computed, and match what pages print.
        assert row.changes == {i: _change(shown) for i, (_, shown, _) in official[key].items()}


@needs_data
def test_workbook_spellings_are_unified_across_sheets() -> None:
    names = {country for country, _ in workbook_rows()}
    assert {"Congo, Dem. Rep.", "St. Lucia", "Korea, Rep."} <= names
    assert not any(name.endswith(",") or ", Rep," in name for name in names)
    assert len({row.iso2 for row in workbook_rows().values()}) == 193


# --- (b) the CSV exports ------------------------------------------------------------------------


@needs_data
def test_wide_csv_exports_read_as_the_workbook() -> None:
    rows: list[IndexRow] = []
    for edition in EDITIONS:
        part = read_index(OCINDEX / f"ocindex_scores_{edition}.csv")
        assert {row.edition for row in part} == {edition}  # the year in the file name
        rows += part
    latest = {row.country: row.region for row in rows if row.edition == max(EDITIONS)}
    workbook = workbook_rows()
    assert {(row.country, row.edition) for row in rows} == set(workbook)
    for row in add_changes(rows):
        expected = workbook[(row.country, row.edition)]
        assert (row.iso2, row.continent, row.scores, row.changes) == (
            expected.iso2,
            expected.continent,
            expected.scores,
            expected.changes,
        )
        # The exports normalise regions (the 2023 sheet has "Caribbean & Central").
        assert row.region in {expected.region, latest[row.country]}


@needs_data
def test_long_csv_export_reads_as_the_workbook() -> None:
    rows = read_index(LONG)
    workbook = workbook_rows()
    assert len(rows) == len(workbook)
    for row in rows:
        expected = workbook[(row.country, row.edition)]
        assert row == expected.model_copy(update={"continent": None, "region": None})


# --- (c) render every page, parse it back -------------------------------------------------------


def test_ordinals() -> None:
    numbers = (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111, 112, 193)
    assert [ordinal(n) for n in numbers] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
        "111th",
        "112th",
        "193rd",
    ]


@needs_data
def test_score_lines_are_printed_as_the_pages_print_them() -> None:
    for (_, edition), values in official_scores().items():
        for indicator, (value, shown, page_string) in values.items():
            new = shown == "n/a"
            assert score_line(value, _change(shown), not_available=new) == page_string
            assert new == (edition > EDITIONS[0] and taxonomy.indicator(indicator).since == edition)


@needs_data
def test_rendered_peru_2025_reads_as_the_published_page() -> None:
    published = (Path(__file__).resolve().parents[1] / "corpus" / "peru_2025.txt").read_text()
    row = workbook_rows()[("Peru", 2025)]
    facts = Facts(
        capital="Lima",
        population=34_217_848,
        gdp_usd_million=Decimal(289_070),
        area_km2=Decimal(1_285_220),
    )
    ranks = _ranks(rank_rows()[("Peru", 2025)], 2025)
    text = render_page("Peru", 2025, row.scores, row.changes, ranks, facts, PAGE_OMITS[2025])

    def score_block(page: str) -> list[str]:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        return lines[: lines.index("Analysis") + 1]

    assert score_block(text) == score_block(published)


@needs_data
@pytest.mark.parametrize("edition", EDITIONS)
def test_every_rendered_page_parses_back_to_the_official_values(edition: int) -> None:
    tens = 0
    for position, country in enumerate(_countries(edition)):
        official = official_scores()[(country, edition)]
        scores = {i: value for i, (value, _, _) in official.items()}
        changes = {i: _change(shown) for i, (_, shown, _) in official.items()}
        rank_row = rank_rows()[(country, edition)]
        ranks = _ranks(rank_row, edition)
        facts = _facts(position, edition)

        criminality = [r for r in ranks if r.indicator == "criminality"]
        printed = [rank_line(r, edition) for r in criminality]
        assert printed == rank_row["page_rank_lines"].split(" | "), country

        text = render_page(country, edition, scores, changes, ranks, facts)
        profile = _parse(text)
        where = f"{country} {edition}"
        assert profile.edition == profile.edition_detected == edition, where
        assert profile.country == country, where
        assert profile.diagnostics == (), (where, profile.diagnostics)
        assert profile.facts == facts, where
        got = {s.indicator: (s.value, s.change, s.inferred) for s in profile.scores}
        assert got == {i: (scores[i], changes[i], False) for i in scores}, where
        assert sorted(map(_rank_tuple, profile.ranks), key=str) == sorted(
            map(_rank_tuple, ranks), key=str
        ), where
        expected_definitions = {
            item.id: " ".join(item.definition.split())
            for item in taxonomy.scored(edition)
            if item.broader is not None
        }
        assert profile.definitions == expected_definitions, where
        tens += sum(value == Decimal("10.00") for value in scores.values())
    assert tens > 0, "no score of 10.00 was exercised"


@needs_data
def test_pages_of_each_edition_differ_where_the_formats_do() -> None:
    row = workbook_rows()[("Peru", 2023)]
    ranks = _ranks(rank_rows()[("Peru", 2023)], 2023)
    text = render_page("Peru", 2023, row.scores, row.changes, ranks, _facts(1, 2023))
    assert any(line.endswith(" n/a") for line in text.splitlines())
    assert "No data" in text  # GDP
    assert "32nd of 193 countries -6" in text and "10th of 35 countries in Americas-1" in text
    old = workbook_rows()[("Peru", 2021)]
    text = render_page(
        "Peru", 2021, old.scores, old.changes, _ranks(rank_rows()[("Peru", 2021)], 2021)
    )
    assert "26th of 193 countries\n" in text and "Private sector actors" not in text


# --- (d) leave one indicator out: recovered exactly, or an abstention -------------------------


def _omissions(edition: int, position: int) -> list[str]:
    """Every actor type and resilience indicator, and one market rotating with the country."""
    markets = taxonomy.scored(edition, IndicatorKind.MARKET)
    chosen = [markets[position % len(markets)].id]
    for kind in (IndicatorKind.ACTOR_TYPE, IndicatorKind.RESILIENCE):
        chosen += [item.id for item in taxonomy.scored(edition, kind)]
    return chosen


def _check_omitted(profile: Profile, row: IndexRow, omitted: set[str], outcome: Counter) -> None:
    for indicator in omitted:
        score = profile.score(indicator)
        if score is None:
            label = taxonomy.indicator(indicator).label
            assert any(d.code == "W103" and label in d.message for d in profile.diagnostics)
            outcome["abstained"] += 1
        else:
            assert score.inferred and score.value == row.scores[indicator], (row.country, score)
            outcome["exact"] += 1
    printed = {s.indicator: s.value for s in profile.scores if s.indicator not in omitted}
    assert printed == {i: v for i, v in row.scores.items() if i not in omitted}


@needs_data
@pytest.mark.parametrize("edition", EDITIONS)
def test_an_omitted_indicator_is_recovered_exactly_or_not_at_all(edition: int) -> None:
    outcome: Counter[str] = Counter()
    for position, country in enumerate(_countries(edition)):
        row = workbook_rows()[(country, edition)]
        for indicator in _omissions(edition, position):
            text = render_page(country, edition, row.scores, row.changes, omit={indicator})
            _check_omitted(_parse(text), row, {indicator}, outcome)
    assert outcome["exact"] + outcome["abstained"] == sum(
        len(_omissions(edition, p)) for p in range(193)
    )
    # A single score on the 0.5 grid is always pinned down by a mean over at most 15.
    assert outcome["abstained"] == 0, outcome


@needs_data
def test_pages_as_published_in_2025_recover_both_unprinted_indicators() -> None:
    outcome: Counter[str] = Counter()
    for country in _countries(2025):
        row = workbook_rows()[(country, 2025)]
        text = render_page(country, 2025, row.scores, row.changes, omit=PAGE_OMITS[2025])
        _check_omitted(_parse(text), row, set(PAGE_OMITS[2025]), outcome)
    assert outcome == {"exact": 2 * 193}


@needs_data
def test_two_omitted_from_one_average_are_not_guessed() -> None:
    row = workbook_rows()[("Peru", 2025)]
    omitted = {"criminal-networks", "foreign-actors"}
    text = render_page("Peru", 2025, row.scores, row.changes, omit=omitted)
    outcome: Counter[str] = Counter()
    _check_omitted(_parse(text), row, omitted, outcome)
    assert outcome == {"abstained": 2}


# --- bad input ----------------------------------------------------------------------------------


def test_column_headers_map_to_indicators() -> None:
    assert column_indicator("Criminality avg.") == "criminality"
    assert column_indicator("Criminal actors avg,") == "criminal-actors"
    assert column_indicator("Criminal markets avg") == "criminal-markets"
    assert column_indicator("Resilience") == "resilience"
    assert column_indicator(" Private-sector actors ") == "private-sector-actors"
    assert column_indicator("Region") is None


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "lines", "code", "line"),
    [
        ("scores_2025.txt", ["country,Criminality", "Peru,6.62"], Code.E203, None),
        ("scores_2025.csv", ["name,value", "Peru,6.62"], Code.E203, None),
        ("scores.csv", ["country,Criminality", "Peru,6.62"], Code.E203, 1),
        ("scores_2019.csv", ["country,edition,Criminality", "Peru,2019,6.62"], Code.E204, 2),
        ("long.csv", ["country,edition,indicator,score", "Peru,2025,Drugs,6.62"], Code.E203, 2),
        ("scores_2025.csv", ["country,Criminality", "Peru,11.00"], Code.E203, 2),
        ("scores_2021.csv", ["country,Financial crimes", "Peru,5.00"], Code.E203, 2),
    ],
    ids=["suffix", "no-header", "no-edition", "edition", "indicator", "range", "not-scored"],
)
def test_malformed_datasets_raise_e203_naming_file_and_line(
    tmp_path: Path, name: str, lines: list[str], code: Code, line: int | None
) -> None:
    path = _write(tmp_path / name, lines)
    with pytest.raises(OckgError) as caught:
        read_index(path)
    assert caught.value.code is code
    assert caught.value.path == str(path)
    assert caught.value.line == line


def test_missing_file_and_bad_workbook_raise_e203(tmp_path: Path) -> None:
    with pytest.raises(OckgError, match="E203"):
        read_index(tmp_path / "absent.xlsx")
    with pytest.raises(OckgError, match=r"not a readable \.xlsx"):
        read_index(_write(tmp_path / "fake.xlsx", ["not a zip"]))


def test_unknown_country_and_duplicates_raise_e203(tmp_path: Path) -> None:
    path = _write(tmp_path / "s_2025.csv", ["country,Criminality", "Peru,6.62", "Atlantis,5.00"])
    with pytest.raises(OckgError, match="Atlantis") as caught:
        read_index(path)
    assert caught.value.line == 3
    path = _write(tmp_path / "s_2025.csv", ["country,Criminality", "Peru,6.62", "Peru,6.00"])
    with pytest.raises(OckgError, match="repeats line 2") as caught:
        read_index(path)
    assert caught.value.line == 3


def test_changes_are_none_for_new_indicators_and_first_editions(tmp_path: Path) -> None:
    _write(tmp_path / "a_2021.csv", ["country,Criminality,Human trafficking", "Peru,5.00,5.00"])
    _write(
        tmp_path / "b_2023.csv",
        ["country,Criminality,Human trafficking,Financial crimes", "Peru,5.50,6.00,4.00"],
    )
    rows = add_changes(read_index(tmp_path / "a_2021.csv") + read_index(tmp_path / "b_2023.csv"))
    first, second = sorted(rows, key=lambda r: r.edition)
    assert set(first.changes.values()) == {None}
    assert second.changes == {
        "criminality": Decimal("0.50"),
        "human-trafficking": Decimal("1.00"),
        "financial-crimes": None,
    }


# --- (e) the command ----------------------------------------------------------------------------


@needs_data
def test_import_index_command_writes_every_observation(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["import-index", str(LONG), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    target = tmp_path / INDEX_FILE
    assert "193 countries × 3 editions" in result.output and str(target) in result.output
    expected = 193 * sum(len(taxonomy.scored(edition)) for edition in EDITIONS)
    store = pyoxigraph.Store()
    store.bulk_load(target.read_bytes(), pyoxigraph.RdfFormat.TURTLE)
    query = """
        PREFIX qb: <http://purl.org/linked-data/cube#>
        PREFIX ockg: <https://w3id.org/ockg/def#>
        SELECT (COUNT(?o) AS ?n) (COUNT(?c) AS ?changes) (COUNT(DISTINCT ?area) AS ?areas) {
          ?o a qb:Observation ; qb:dataSet <https://w3id.org/ockg/id/dataset/official-scores> ;
             <http://purl.org/linked-data/sdmx/2009/dimension#refArea> ?area .
          OPTIONAL { ?o ockg:scoreChange ?c }
        }"""
    (solution,) = list(store.query(query))
    assert int(solution["n"].value) == expected == 19_686
    assert int(solution["areas"].value) == 193
    changes = sum(1 for row in long_rows() if _change(row["delta_as_shown"]) is not None)
    assert int(solution["changes"].value) == changes


def test_import_index_summary(tmp_path: Path) -> None:
    source = _write(
        tmp_path / "two.csv",
        [
            "country,edition,Criminality,Human trafficking,Financial crimes",
            "Peru,2021,5.00,5.00,",
            "Peru,2023,5.50,6.00,4.00",
            "Chile,2023,4.00,4.50,3.50",
        ],
    )
    summary = import_index(source, tmp_path / "out")
    target = tmp_path / "out" / INDEX_FILE
    assert summary == f"2 countries × 2 editions, 8 observations -> {target}"
    assert [p.name for p in target.parent.iterdir()] == [INDEX_FILE]  # no temporary left


def test_malformed_csv_fails_with_file_and_line_and_writes_nothing(tmp_path: Path) -> None:
    bad = _write(
        tmp_path / "ocindex_scores_2025.csv",
        [
            "country,continent,region,Criminality",
            "Peru,Americas,South America,6.62",
            "Chile,Americas,South America,high",
        ],
    )
    out = tmp_path / "build"
    result = CliRunner().invoke(app, ["import-index", str(bad), "--out", str(out)])
    assert result.exit_code != 0
    assert f"{bad}:3" in result.output and "E203" in result.output
    assert not out.exists() or not any(out.iterdir())
