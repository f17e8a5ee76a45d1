"""``ockg eval``'s scoring: mention matching, claim measures, scope, sets and missing texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import (
    GoldDocument,
    document_available,
    evaluate,
    figures,
    gold_files,
    totals,
)
from kg.models import EntityKind, Extraction, Mention, Presence, Relationship, Route


def _mention(entity: str, kind: str, begin: int, end: int) -> Mention:
    return Mention(
        entity=entity,
        kind=EntityKind(kind),
        begin=begin,
        end=end,
        text="x" * (end - begin),
        sentence=0,
        method="test",
        confidence=1.0,
    )


GOLD = GoldDocument.model_validate(
    {
        "document": "t.txt",
        "country": "EC",
        "scope": ["group", "place"],
        "mentions": [
            {
                "text": "Los Lobos",
                "begin": 0,
                "end": 9,
                "kind": "group",
                "entity": "group/los-lobos",
            },
            {
                "text": "Quito",
                "begin": 20,
                "end": 25,
                "kind": "place",
                "entity": "place/city/EC/quito",
            },
            {
                "text": "gangs",
                "begin": 30,
                "end": 35,
                "kind": "collective",
                "entity": "collective/EC/gangs",
            },
        ],
        "presences": [
            {"actor": "group/los-lobos", "market": "cocaine-trade", "place": "place/city/EC/quito"},
            {"actor": "collective/EC/gangs", "market": "extortion-and-protection-racketeering"},
        ],
        "routes": [
            {
                "market": "cocaine-trade",
                "origin": "place/country/CO",
                "destination": "place/country/EC",
            },
            {
                "market": "cocaine-trade",
                "origin": "place/country/EC",
                "destination": "place/continent/europe",
            },
        ],
        "relationships": [
            {"kind": "rivalry", "actors": ["group/los-lobos", "group/los-choneros"]},
        ],
    }
)


def _extraction() -> Extraction:
    return Extraction(
        document="0" * 64,
        mentions=(
            _mention("group/los-lobos", "group", 0, 9),
            _mention("place/city/EC/guayaquil", "place", 20, 25),  # right span, wrong entity
            _mention("collective/EC/gangs", "collective", 30, 35),  # out of scope: not scored
        ),
        presences=(
            Presence(
                sentence=0,
                method="t",
                confidence=0.8,
                actor="group/los-lobos",
                market="market/cocaine-trade",
                place="place/city/EC/guayaquil",
            ),
        ),
        routes=(
            Route(
                sentence=0,
                method="t",
                confidence=0.8,
                market="market/arms-trafficking",
                origin="place/country/CO",
                destination="place/country/EC",
            ),
        ),
        relationships=(
            Relationship(
                sentence=0,
                method="t",
                confidence=0.7,
                kind="rivalry",
                actors=("group/los-choneros", "group/los-lobos"),
            ),
        ),
    )


def test_scope_limits_the_mention_kinds_scored() -> None:
    scores = evaluate(GOLD, _extraction())
    assert "collective" not in scores and "market" not in scores
    assert (scores["group"].tp, scores["group"].fp, scores["group"].fn) == (1, 0, 0)
    assert scores["place"].tp == 1  # spans overlap ...
    assert scores["linking"].correct == 1 and scores["linking"].judged == 2  # ... entity differs


def test_group_measures_count_named_groups_only() -> None:
    scores = evaluate(GOLD, _extraction())
    assert (scores["group-market"].tp, scores["group-market"].fn) == (1, 0)
    assert (scores["actor-market"].tp, scores["actor-market"].fn) == (1, 1)
    place = scores["group-place"]
    assert (place.tp, place.fp, place.fn) == (0, 1, 1)
    assert "missed ('group/los-lobos', 'place/city/EC/quito')" in place.errors


def test_route_path_ignores_the_market_and_route_does_not() -> None:
    scores = evaluate(GOLD, _extraction())
    assert (scores["route"].tp, scores["route"].fp, scores["route"].fn) == (0, 1, 2)
    assert (scores["route-path"].tp, scores["route-path"].fn) == (1, 1)
    assert scores["route-path"].recall == 0.5


def test_relationship_pairs_match_in_any_order() -> None:
    scores = evaluate(GOLD, _extraction())
    assert (scores["relationship"].tp, scores["relationship"].fp) == (1, 0)


def test_totals_and_figures_round_per_measure() -> None:
    scores = evaluate(GOLD, _extraction())
    total = totals([scores, scores])
    assert total["route-path"].tp == 2 and total["route-path"].fn == 2
    table = figures(total)
    assert table["route-path"] == {"precision": 1.0, "recall": 0.5, "f1": 0.667}
    assert table["linking"] == {"accuracy": 0.5}


def test_gold_files_takes_folders_as_sets_and_skips_sidecars(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    for name in ("b.yaml", "a.yaml", "a.meta.yaml", "notes.txt"):
        (folder / name).write_text("document: x\n", encoding="utf-8")
    lone = tmp_path / "c.yaml"
    lone.write_text("document: x\n", encoding="utf-8")
    found = gold_files([folder, lone])
    assert found == [
        (str(folder), folder / "a.yaml"),
        (str(folder), folder / "b.yaml"),
        (str(tmp_path), lone),
    ]


def test_document_available_resolves_from_the_root(tmp_path: Path) -> None:
    gold = tmp_path / "g.yaml"
    gold.write_text("document: texts/t.txt\n", encoding="utf-8")
    assert not document_available(gold, root=tmp_path)
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "t.txt").write_text("Los Lobos.\n", encoding="utf-8")
    assert document_available(gold, root=tmp_path)


def test_malformed_gold_is_a_coded_error(tmp_path: Path) -> None:
    from kg.errors import OckgError
    from kg.evaluate import load_gold

    bad = tmp_path / "bad.yaml"
    bad.write_text("document: [unclosed\n", encoding="utf-8")
    with pytest.raises(OckgError) as caught:
        load_gold(bad)
    assert "E005" in str(caught.value) and "bad.yaml" in str(caught.value)


def test_a_gold_file_with_yaml_aliases_is_refused_fast(tmp_path: Path) -> None:
    from kg.errors import OckgError
    from kg.evaluate import load_gold

    bomb = tmp_path / "bomb.yaml"
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}] " for i in range(8)]
    bomb.write_text("\n".join(lines) + "\ndocument: t.txt\n", encoding="utf-8")
    with pytest.raises(OckgError) as caught:
        load_gold(bomb)
    assert "E005" in str(caught.value) and "aliases" in str(caught.value)
