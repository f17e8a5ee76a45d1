"""Gates: no committed gold set may fall more than the tolerance below its recorded figures.

The floors are in ``tests/data/eval_floors.yaml`` (written from ``ockg eval SET --json``). A set
whose texts are not on disk (third-party texts are kept out of git) is skipped.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.evaluate import document_available, evaluate_file, figures, gold_files, totals

ROOT = Path(__file__).resolve().parents[1]
FLOORS = yaml.safe_load((ROOT / "tests/data/eval_floors.yaml").read_text(encoding="utf-8"))


def _value(measure: dict[str, float]) -> float:
    return measure["f1"] if "f1" in measure else measure["accuracy"]


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS["sets"]))
def test_gold_set_stays_above_its_recorded_figures(name: str) -> None:
    files = [p for _, p in gold_files([ROOT / name]) if document_available(p, ROOT)]
    if not files:
        pytest.skip(f"{name}: no gold file with its text on disk")
    measured = figures(totals(evaluate_file(p, ROOT)[1] for p in files))
    tolerance = FLOORS["tolerance"]
    drops = [
        f"{measure}: {_value(measured[measure]):.3f} < recorded {floor:.3f}"
        for measure, floor in FLOORS["sets"][name].items()
        if measure in measured and _value(measured[measure]) < floor - tolerance
    ]
    assert not drops, f"{name} fell below its recorded figures: " + "; ".join(drops)


def test_floors_name_existing_sets_and_measures() -> None:
    known = {
        "group", "collective", "place", "market", "linking", "typing", "origin", "presence",
        "actor-market", "group-market", "group-place", "market-place", "route", "route-path",
        "relationship",
    }  # fmt: skip
    assert 0 < FLOORS["tolerance"] <= 0.05
    for name, floors in FLOORS["sets"].items():
        assert (ROOT / name).is_dir(), name
        assert set(floors) <= known, set(floors) - known
        assert all(0.0 <= v <= 1.0 for v in floors.values()), name
