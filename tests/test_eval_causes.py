"""``ockg eval --causes``: each missed or spurious claim counted once, under the first cause that
holds, and nothing that names a document or an item."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from kg.cli import app
from kg.eval_causes import error_causes
from kg.evaluate import GoldDocument
from kg.models import EntityKind, Extraction, Mention, Presence, Relationship, Route

LOBOS, CHONEROS, TIGUERONES = "group/los-lobos", "group/los-choneros", "group/los-tiguerones"
QUITO, GUAYAQUIL, MANTA = "place/city/EC/quito", "place/city/EC/guayaquil", "place/city/EC/manta"
CO, EC, ES, NL = (f"place/country/{c}" for c in ("CO", "EC", "ES", "NL"))


def _gold(**claims: list[dict]) -> GoldDocument:
    mentions = [
        {"text": "x", "begin": i, "end": i + 1, "kind": key.split("/")[0], "entity": key}
        for i, key in enumerate((LOBOS, CHONEROS, QUITO, GUAYAQUIL, CO, ES))
    ]
    return GoldDocument.model_validate(
        {"document": "t.txt", "country": "EC", "mentions": mentions, **claims}
    )


def _extraction(found: tuple[str, ...], **claims: tuple) -> Extraction:
    mentions = tuple(
        Mention(
            entity=key,
            kind=EntityKind(key.split("/")[0]),
            begin=i,
            end=i + 1,
            text="x",
            sentence=0,
            method="t",
            confidence=1.0,
        )
        for i, key in enumerate(found)
    )
    return Extraction(document="0" * 64, mentions=mentions, **claims)


def _presence(actor: str | None, market: str | None, place: str | None) -> Presence:
    return Presence(sentence=0, method="t", confidence=0.8, actor=actor, market=market, place=place)


def _route(market: str | None, origin: str | None, destination: str | None) -> Route:
    return Route(
        sentence=0,
        method="t",
        confidence=0.8,
        market=market,
        origin=origin,
        destination=destination,
    )


def _rel(kind: str, *actors: str) -> Relationship:
    return Relationship(
        sentence=0, method="t", confidence=0.7, kind=kind, actors=tuple(sorted(actors))
    )


ALL = (LOBOS, CHONEROS, QUITO, GUAYAQUIL, CO, ES)
COCAINE = "market/cocaine-trade"


@pytest.mark.parametrize(
    ("gold", "extraction", "expected"),
    [
        pytest.param(
            _gold(presences=[{"actor": LOBOS, "place": QUITO}]),
            _extraction(tuple(k for k in ALL if k != LOBOS)),
            {("group-place", "missed", "actor not found"): 1},
            id="a pair whose actor ockg never found",
        ),
        pytest.param(
            _gold(presences=[{"actor": LOBOS, "place": QUITO}]),
            _extraction(tuple(k for k in ALL if k != QUITO)),
            {("group-place", "missed", "place not found"): 1},
            id="a pair whose place ockg never found",
        ),
        pytest.param(
            _gold(presences=[{"actor": LOBOS, "place": QUITO}]),
            _extraction(ALL, presences=(_presence(LOBOS, None, GUAYAQUIL),)),
            {
                ("group-place", "missed", "actor paired elsewhere"): 1,
                ("group-place", "spurious", "actor paired elsewhere in the gold"): 1,
            },
            id="the actor placed in the wrong place: one miss and one spurious pair",
        ),
        pytest.param(
            _gold(presences=[{"actor": LOBOS, "place": QUITO}]),
            _extraction(ALL),
            {("group-place", "missed", "both found, not paired"): 1},
            id="both found, no claim",
        ),
        pytest.param(
            _gold(),
            _extraction(ALL, presences=(_presence(LOBOS, None, EC), _presence(LOBOS, None, MANTA))),
            {
                ("group-place", "spurious", "place is the document's country"): 1,
                ("group-place", "spurious", "place not in the gold"): 1,
            },
            id="the document's country is in every gold file, an unannotated place is not",
        ),
        pytest.param(
            _gold(presences=[{"actor": LOBOS, "market": "cocaine-trade"}]),
            _extraction(ALL, presences=(_presence(LOBOS, COCAINE, None),)),
            {},
            id="gold market ids match the extraction's market keys",
        ),
        pytest.param(
            _gold(presences=[{"market": "cocaine-trade", "place": QUITO}]),
            _extraction(ALL, presences=(_presence(None, COCAINE, GUAYAQUIL),)),
            {
                ("market-place", "missed", "market paired elsewhere"): 1,
                ("market-place", "spurious", "market paired elsewhere in the gold"): 1,
            },
            id="a market placed in the wrong place",
        ),
        pytest.param(
            _gold(relationships=[{"kind": "rivalry", "actors": [LOBOS, CHONEROS]}]),
            _extraction(ALL, relationships=(_rel("cooperation", LOBOS, CHONEROS),)),
            {
                ("relationship", "missed", "pair right, kind differs"): 1,
                ("relationship", "spurious", "pair right, kind differs"): 1,
            },
            id="rivals made partners",
        ),
        pytest.param(
            _gold(relationships=[{"kind": "rivalry", "actors": [LOBOS, CHONEROS]}]),
            _extraction(
                tuple(k for k in ALL if k != CHONEROS),
                relationships=(_rel("rivalry", LOBOS, TIGUERONES),),
            ),
            {
                ("relationship", "missed", "an actor not found"): 1,
                ("relationship", "spurious", "an actor not in the gold"): 1,
            },
            id="a relationship with an actor found on neither side",
        ),
        pytest.param(
            _gold(routes=[{"market": "cocaine-trade", "origin": CO, "destination": ES}]),
            _extraction(ALL, routes=(_route(COCAINE, ES, CO),)),
            {("route", "missed", "reversed"): 1, ("route", "spurious", "reversed"): 1},
            id="a route read backwards",
        ),
        pytest.param(
            _gold(routes=[{"market": "cocaine-trade", "origin": CO, "destination": ES}]),
            _extraction(ALL, routes=(_route(None, CO, ES), _route(COCAINE, CO, NL))),
            {
                ("route", "missed", "path right, market differs"): 1,
                ("route", "spurious", "path right, market differs"): 1,
                ("route", "spurious", "a stop not in the gold"): 1,
            },
            id="a route without its market and one to an unannotated place",
        ),
        pytest.param(
            _gold(routes=[{"market": "cocaine-trade", "origin": CO, "destination": ES}]),
            _extraction(ALL, routes=(_route(COCAINE, CO, QUITO),)),
            {("route", "missed", "one end right"): 1, ("route", "spurious", "one end right"): 1},
            id="a route to the wrong end",
        ),
    ],
)
def test_each_error_is_counted_under_its_first_cause(
    gold: GoldDocument, extraction: Extraction, expected: dict
) -> None:
    assert error_causes(gold, extraction) == Counter(expected)


def test_named_people_are_out_of_the_gold_scope() -> None:
    extraction = _extraction(ALL, relationships=(_rel("cooperation", LOBOS, "person/el-fito"),))
    assert error_causes(_gold(), extraction) == Counter()


def test_the_cli_prints_causes_per_set_and_names_no_document(tmp_path: Path) -> None:
    text = "Los Lobos operate in Quito."
    (tmp_path / "t.txt").write_text(text)
    gold = {
        "document": str(tmp_path / "t.txt"),
        "country": "EC",
        "mentions": [
            {"text": "Los Lobos", "begin": 0, "end": 9, "kind": "group", "entity": LOBOS},
            {"text": "Quito", "begin": 21, "end": 26, "kind": "place", "entity": QUITO},
        ],
        "presences": [{"actor": LOBOS, "place": "place/city/EC/guayaquil"}],
    }
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "t.yaml").write_text(yaml.safe_dump(gold))
    result = CliRunner().invoke(app, ["eval", str(folder), "--causes"])
    assert result.exit_code == 0, result.output
    assert "errors by cause" in result.output
    assert "place not found" in result.output
    assert "t.txt" not in result.output.replace(str(folder), "")
