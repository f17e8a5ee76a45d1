"""Routes as movements, table-driven: each row a class of reading an analyst expects.

Wording written for this test (no evaluation text). Each row states the routes a sentence
must give (origin, stops, destination) and those it must not.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from kg.models import Extraction, Route

EUROPE = "place/continent/europe"
COCAINE = "market/cocaine-trade"

Path_ = tuple[str | None, tuple[str, ...], str | None]


@cache
def _extract(text: str, country: str, folder: Path) -> Extraction:
    from kg.contribution import extraction_of

    path = folder / f"{abs(hash((text, country)))}.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return extraction_of(path, country=country)


@pytest.fixture(scope="module")
def extract(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("route_rows")
    return lambda text, country: _extract(text, country, folder)


def _paths(routes: tuple[Route, ...]) -> set[Path_]:
    return {(r.origin, r.via, r.destination) for r in routes}


ROWS = [
    pytest.param(
        "Cocaine is shipped to Europe in banana containers.",
        "EC",
        set(),
        {(None, (), EUROPE), ("place/country/EC", (), EUROPE)},
        id="a direction alone is no route, and a plain text implies no home end",
    ),
    pytest.param(
        "Cocaine is shipped from Colombia to Europe in banana containers.",
        "EC",
        {("place/country/CO", (), EUROPE)},
        {("place/country/EC", (), EUROPE)},
        id="two ends make a route",
    ),
    pytest.param(
        "Cocaine is smuggled to Europe via West Africa.",
        "GN",
        {(None, ("place/world-region/west-africa",), EUROPE)},
        set(),
        id="one end and a stop make a route",
    ),
    pytest.param(
        "Heroin is trafficked out of Afghanistan.",
        "AF",
        set(),
        {("place/country/AF", (), None)},
        id="an origin alone is no route",
    ),
]


@pytest.mark.parametrize(("text", "country", "expected", "forbidden"), ROWS)
def test_route_rows(extract, text: str, country: str, expected: set, forbidden: set) -> None:
    found = _paths(extract(text, country).routes)
    assert expected <= found, found
    assert not found & forbidden, found
    if not expected:
        assert not found, found
