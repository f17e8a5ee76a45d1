"""``ockg diff``: score and rank moves between editions, actors and claims between builds.

Two editions of one country are pages rendered from the official data in ``../shared/ocindex``
(third-party, never committed; those tests skip without it) and built like any page; the
expected moves are computed here straight from the official CSV, independently of ockg.
"""

from __future__ import annotations

import csv
import json
import shutil
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import taxonomy
from kg.build import build_corpus
from kg.cli import app
from kg.diff import GraphDiff, diff_graphs
from kg.index_import import IndexRow, read_index
from kg.models import Rank, RankScope
from kg.profile.render import render_page
from kg.report import write_outputs

runner = CliRunner()
COUNTRY = "Peru"
TEXTS = Path(__file__).resolve().parent / "data" / "texts"


# --- the official data, read independently of ockg's importer where it gives expectations ------


@cache
def _official_rows(ocindex: Path) -> dict[int, IndexRow]:
    return {r.edition: r for r in read_index(ocindex / "ocindex_long.csv") if r.country == COUNTRY}


def _official_long(ocindex: Path, edition: int) -> dict[str, tuple[Decimal, str]]:
    """Indicator label (the Index's English name) -> (score, change as the page prints it)."""
    with (ocindex / "ocindex_long.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["country"] == COUNTRY]
    out = {}
    for row in rows:
        if int(row["edition"]) == edition:
            indicator = taxonomy.indicator_for_label(row["indicator"])
            assert indicator is not None, row["indicator"]
            out[indicator.label] = (Decimal(row["score"]), row["delta_as_shown"])
    return out


def _rank_row(ocindex: Path, edition: int) -> dict[str, str]:
    with (ocindex / "ocindex_ranks.csv").open(encoding="utf-8", newline="") as handle:
        (row,) = (
            r
            for r in csv.DictReader(handle)
            if r["country"] == COUNTRY and int(r["edition"]) == edition
        )
    return row


_SCOPES = (("World", "global"), ("continent", "continent"), ("region", "region"))


def _ranks(row: dict[str, str], edition: int) -> list[Rank]:
    """The page's ranks; the table's change is previous - current, pages print their own sign."""
    out = []
    for indicator, prefix in (("criminality", ""), ("resilience", "res_")):
        for scope, name, key, out_of in (
            (RankScope.WORLD, "World", "global", "193"),
            (RankScope.CONTINENT, row["continent"], "continent", row["n_continent"]),
            (RankScope.REGION, row["region"], "region", row["n_region"]),
        ):
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


def _edition_build(
    ocindex: Path, edition: int, out: Path, changes: dict[str, Decimal] | None = None
) -> Path:
    """Render the edition's page from the official data, build it (no NLP) into ``out``."""
    row = _official_rows(ocindex)[edition]
    ranks = _ranks(_rank_row(ocindex, edition), edition)
    page = out / "pages" / f"peru_{edition}.txt"
    page.parent.mkdir(parents=True, exist_ok=True)
    printed = {**row.changes, **(changes or {})}
    page.write_text(render_page(COUNTRY, edition, row.scores, printed, ranks), encoding="utf-8")
    result = build_corpus([page], nlp=False)
    write_outputs(result, out, ["ttl"], report=b"{}")
    return out


@pytest.fixture(scope="module")
def builds(ocindex_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    root = tmp_path_factory.mktemp("editions")
    return {e: _edition_build(ocindex_dir, e, root / str(e)) for e in taxonomy.editions()}


def _expected_moves(ocindex: Path, old: int, new: int) -> dict[str, tuple[str, Decimal | None]]:
    before, after = _official_long(ocindex, old), _official_long(ocindex, new)
    out: dict[str, tuple[str, Decimal | None]] = {}
    for label in before.keys() | after.keys():
        if label not in before:
            out[label] = ("added", None)
        elif label not in after:
            out[label] = ("dropped", None)
        elif after[label][0] != before[label][0]:
            out[label] = ("moved", after[label][0] - before[label][0])
    return out


# --- two editions of one country ----------------------------------------------------------------


@pytest.mark.parametrize(("old", "new"), [(2021, 2023), (2023, 2025), (2021, 2025)])
def test_diff_of_two_editions_gives_the_official_score_moves_exactly(
    builds: dict[int, Path], ocindex_dir: Path, old: int, new: int
) -> None:
    diff = diff_graphs(builds[old], builds[new])
    got = {s.indicator: (s.status, s.change) for s in diff.scores if s.status != "same"}
    expected = _expected_moves(ocindex_dir, old, new)
    assert expected, "the official data should show moves between editions"
    assert got == expected
    assert {s.country for s in diff.scores} == {COUNTRY}
    assert all((s.old_edition, s.new_edition) == (old, new) for s in diff.scores if s.old and s.new)
    assert not diff.actors and not diff.claims  # rendered pages carry no analysis


@pytest.mark.parametrize(("old", "new"), [(2021, 2023), (2023, 2025)])
def test_diff_reports_exactly_the_printed_changes_that_disagree_with_the_move(
    builds: dict[int, Path], ocindex_dir: Path, old: int, new: int
) -> None:
    before, after = _official_long(ocindex_dir, old), _official_long(ocindex_dir, new)
    expected = {
        label
        for label, (score, shown) in after.items()
        if label in before
        and shown not in {"", "n/a"}
        and Decimal(shown) != score - before[label][0]
    }
    diff = diff_graphs(builds[old], builds[new])
    disagreeing = {s.indicator for s in diff.scores if s.disagrees}
    assert disagreeing == expected
    assert len(diff.disagreements()) == len(expected) + sum(r.disagrees for r in diff.ranks)
    for s in diff.scores:  # every printed change compared is the page's own
        if s.printed is not None:
            assert s.printed == Decimal(after[s.indicator][1])


def test_diff_checks_no_printed_change_across_a_skipped_edition(builds: dict[int, Path]) -> None:
    diff = diff_graphs(builds[2021], builds[2025])
    assert diff.scores and all(s.printed is None and not s.disagrees for s in diff.scores)
    assert all(r.printed_previous is None for r in diff.ranks)


def test_a_tampered_printed_change_is_reported(ocindex_dir: Path, builds, tmp_path: Path) -> None:
    official = _official_rows(ocindex_dir)[2025].changes["cocaine-trade"]
    tampered = _edition_build(
        ocindex_dir, 2025, tmp_path / "tampered", {"cocaine-trade": official + Decimal("0.50")}
    )
    diff = diff_graphs(builds[2023], tampered)
    (cocaine,) = [s for s in diff.scores if s.indicator == "Cocaine trade"]
    assert cocaine.disagrees and cocaine.printed == official + Decimal("0.50")
    assert cocaine.change == official  # the move itself comes from the two scores
    assert any(note.startswith("Peru Cocaine trade: 2025 prints") for note in diff.disagreements())


def test_diff_gives_the_official_rank_moves(builds: dict[int, Path], ocindex_dir: Path) -> None:
    old, new = _rank_row(ocindex_dir, 2023), _rank_row(ocindex_dir, 2025)
    diff = diff_graphs(builds[2023], builds[2025])
    got = {(r.indicator, r.scope): (r.old, r.new, r.disagrees) for r in diff.ranks}
    expected = {}
    for indicator, prefix in (("Criminality", ""), ("Resilience", "res_")):
        for scope, key in (("World", "global"), (old["continent"], "continent")):
            key_rank = f"{prefix}rank_{key}"
            before, after = int(old[key_rank]), int(new[key_rank])
            previous = after + int(new[f"{prefix}change_{key}"])
            if before != after or previous != before:
                expected[(indicator, scope)] = (before, after, previous != before)
        before, after = int(old[f"{prefix}rank_region"]), int(new[f"{prefix}rank_region"])
        previous = after + int(new[f"{prefix}change_region"])
        if before != after or previous != before:
            expected[(indicator, new["region"])] = (before, after, previous != before)
    assert got == expected
    assert got, "Peru's ranks moved between 2023 and 2025"


def test_the_same_edition_twice_shows_no_differences(builds: dict[int, Path]) -> None:
    diff = diff_graphs(builds[2025], builds[2025] / "graph.ttl")
    assert diff.is_empty() and diff.disagreements() == []


# --- two builds of one text ---------------------------------------------------------------------


REMOVED = "Los Tiguerones and the Guardianes del Estero, a smaller gang based in the mangroves"
ADDED = "Tren de Aragua smuggles migrants from Venezuela to Quito and extorts bus companies there."


@pytest.fixture(scope="module")
def text_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The Ecuador test text built, rebuilt unchanged, and built with one sentence swapped."""
    root = tmp_path_factory.mktemp("texts")
    text = (TEXTS / "ecuador.txt").read_text(encoding="utf-8")
    start = text.index(REMOVED)
    end = text.index(".", start) + 1
    edited = text[:start] + ADDED + text[end:]
    outs = []
    for name, body in (("first", text), ("again", text), ("edited", edited)):
        folder = root / name / "in"
        folder.mkdir(parents=True)
        (folder / "ecuador.txt").write_text(body, encoding="utf-8")
        shutil.copy(TEXTS / "ecuador.meta.yaml", folder / "ecuador.meta.yaml")
        out = root / name / "out"
        write_outputs(build_corpus([folder]), out, ["ttl"], report=b"{}")
        outs.append(out)
    return outs[0], outs[1], outs[2]


def test_two_builds_of_one_unchanged_text_show_no_differences(text_builds) -> None:
    first, again, _ = text_builds
    assert diff_graphs(first, again).is_empty()


def test_an_edited_text_shows_the_actors_and_claims_of_the_swapped_sentence(text_builds) -> None:
    first, _, edited = text_builds
    diff = diff_graphs(first, edited)
    added = {a.label for a in diff.actors if a.status == "added"}
    dropped = {a.label for a in diff.actors if a.status == "dropped"}
    assert "Tren de Aragua" in added
    assert {"Los Tiguerones", "Guardianes del Estero"} <= dropped
    assert diff.claims, "the swapped sentence states claims"
    for claim in diff.claims:  # each added or dropped claim comes from the swapped sentence
        sentence = claim.sentence or ""
        assert (ADDED in sentence) if claim.status == "added" else sentence.startswith(REMOVED)
    assert any(c.status == "added" and "Tren de Aragua" in c.label for c in diff.claims)
    assert not diff.scores and not diff.ranks
    back = diff_graphs(edited, first)  # the reverse diff swaps added and dropped
    assert {a.label for a in back.actors if a.status == "dropped"} == added


# --- the command --------------------------------------------------------------------------------


def test_cli_diff_writes_csv_and_json(builds: dict[int, Path]) -> None:
    result = runner.invoke(app, ["diff", str(builds[2023]), str(builds[2025]), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.stdout.splitlines()))
    cocaine = [r for r in rows if r["section"] == "score" and r["item"] == "Heroin trade"]
    assert cocaine and cocaine[0]["old"] == "5.50" and cocaine[0]["new"] == "4.50"
    assert cocaine[0]["change"] == "-1.00" and cocaine[0]["printed"] == "-1.00"
    result = runner.invoke(app, ["diff", str(builds[2023]), str(builds[2025]), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert GraphDiff.model_validate(
        {k: v for k, v in payload.items() if k != "disagreements"}
    ) == diff_graphs(builds[2023], builds[2025])
    assert payload["disagreements"] == diff_graphs(builds[2023], builds[2025]).disagreements()
    args = ["diff", str(builds[2023]), str(builds[2025])]
    table = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "score moves" in table.stdout and "Heroin trade" in table.stdout


def test_cli_diff_rejects_a_missing_graph_and_an_unknown_format(tmp_path: Path) -> None:
    good = tmp_path / "g.ttl"
    good.write_text("<https://example.org/a> <https://example.org/b> 1 .\n")
    result = runner.invoke(app, ["diff", str(tmp_path / "nope.ttl"), str(good)])
    assert result.exit_code == 1 and "E001" in result.output and "nope.ttl" in result.output
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n")
    result = runner.invoke(app, ["diff", str(good), str(bad)])
    assert result.exit_code == 1 and "E201" in result.output and "bad.ttl" in result.output
    result = runner.invoke(app, ["diff", str(good), str(good), "--format", "xml"])
    assert result.exit_code == 1 and "unknown format" in result.output
    result = runner.invoke(app, ["diff", str(good), str(good)])
    assert result.exit_code == 0 and "no differences" in result.stdout
