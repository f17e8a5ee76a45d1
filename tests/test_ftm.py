"""FollowTheMoney export: every entity valid against the FtM model, read back by FtM's reader."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from typer.testing import CliRunner

from kg.build import build_corpus
from kg.cli import app
from kg.graph.ftm import FTM_FILE, entity_id, ftm_entities, ftm_lines
from kg.graph.namespaces import OCKG, ORG
from kg.report import write_outputs

followthemoney = pytest.importorskip("followthemoney", reason="the ftm extra is not installed")
from followthemoney import model  # noqa: E402
from followthemoney.cli.util import path_entities  # noqa: E402
from followthemoney.proxy import EntityProxy  # noqa: E402

TEXTS = Path(__file__).resolve().parent / "data" / "texts"
ID = "https://w3id.org/ockg/id/"
runner = CliRunner()


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Graph, Path]:
    result = build_corpus([TEXTS / "ecuador.txt", TEXTS / "mexico.txt"])
    out = tmp_path_factory.mktemp("ftm")
    write_outputs(result, out, ["ftm"], report=b"{}")
    return result.graph, out / FTM_FILE


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_bytes().splitlines()]


def _validate(entities: list[dict]) -> None:
    """Each entity against its FtM schema: known properties, required ones present, clean
    values, and every entity reference pointing at an entity of the file in the right range."""
    by_id = {e["id"]: e for e in entities}
    assert len(by_id) == len(entities), "ids are unique"
    for entity in entities:
        schema = model.get(entity["schema"])
        assert schema is not None, entity["schema"]
        properties = entity["properties"]
        assert set(properties) <= set(schema.properties), entity
        assert set(schema.required) <= set(properties), (entity, schema.required)
        schema.validate(entity)  # raises InvalidData on a bad value
        cleaned = EntityProxy.from_dict(entity, cleaned=False).to_dict()
        assert cleaned["properties"] == properties, "values are already in FtM's clean form"
        for name, values in properties.items():
            prop = schema.properties[name]
            if prop.type.name == "entity":
                for value in values:
                    assert value in by_id, (entity["id"], name, value)
                    assert model.get(by_id[value]["schema"]).is_a(prop.range), (name, value)


def test_every_exported_entity_is_valid_ftm(export) -> None:
    _, path = export
    entities = _lines(path)
    assert entities
    _validate(entities)


def test_ftms_own_reader_reads_the_file_back(export) -> None:
    _, path = export
    read = list(path_entities(path, EntityProxy))
    assert [e.to_dict() for e in read] == _lines(path)
    assert [e.id for e in read] == sorted(e.id for e in read)


def test_the_validation_catches_a_broken_entity(export) -> None:
    from followthemoney.exc import InvalidData

    _, path = export
    entities = _lines(path)
    event = next(e for e in entities if e["schema"] == "Event")
    broken = {**event, "properties": {**event["properties"], "country": ["not a country"]}}
    with pytest.raises(InvalidData):
        _validate([broken])
    nameless = {
        **event,
        "properties": {k: v for k, v in event["properties"].items() if k != "name"},
    }
    with pytest.raises(AssertionError):
        _validate([nameless])
    dangling = {**event, "properties": {**event["properties"], "involved": ["ockg-missing"]}}
    with pytest.raises(AssertionError):
        _validate([dangling])


def test_export_has_an_entity_per_actor_claim_and_document(export) -> None:
    graph, path = export
    entities = _lines(path)
    count = {s: sum(e["schema"] == s for e in entities) for s in {e["schema"] for e in entities}}
    actors = set(graph.subjects(RDF.type, OCKG.CriminalActor))
    claims = {cls: set(graph.subjects(RDF.type, cls)) for cls in (OCKG.Presence, OCKG.Route)}
    relationships = set(graph.subjects(RDF.type, OCKG.Relationship))
    assert count["Organization"] == len(actors) > 5
    assert count["Event"] == sum(map(len, claims.values())) > 0
    assert count.get("UnknownLink", 0) == len(relationships)
    assert count["Document"] == 2
    assert "Person" not in count and "Membership" not in count  # this graph has no people
    lobos = next(e for e in entities if e["properties"].get("name") == ["Los Lobos"])
    assert lobos["id"] == entity_id(f"{ID}group/los-lobos")
    assert "crime" in lobos["properties"]["topics"]
    assert lobos["properties"]["mainCountry"] == ["ec"]
    assert lobos["properties"]["classification"]
    events = [e for e in entities if lobos["id"] in e["properties"].get("involved", [])]
    assert events and all(e["properties"]["summary"] for e in events)


def test_export_is_byte_identical_on_a_rebuild(export) -> None:
    graph, path = export
    assert ftm_lines(graph) == path.read_bytes()


def _people_graph() -> Graph:
    graph = Graph()
    group, boss, member, clerk = (
        URIRef(ID + k) for k in ("group/g", "person/a", "person/b", "p/c")
    )
    graph.add((group, RDF.type, OCKG.CriminalGroup))
    graph.add((group, RDF.type, OCKG.CriminalActor))
    graph.add((group, RDFS.label, Literal("Clan Example")))
    person = URIRef(f"{OCKG._NS}Person")
    for node, name in ((boss, "Ana Example"), (member, "Ben Example")):
        graph.add((node, RDF.type, person))
        graph.add((node, RDFS.label, Literal(name)))
    graph.add((boss, ORG.headOf, group))
    membership = URIRef(ID + "membership/1")
    graph.add((membership, RDF.type, ORG.Membership))
    graph.add((membership, ORG.member, member))
    graph.add((membership, ORG.organization, group))
    graph.add((clerk, ORG.memberOf, group))  # not a person or actor in the graph: left out
    return graph


def test_people_and_memberships_become_ftm_persons_and_memberships() -> None:
    entities = [e.to_dict() for e in ftm_entities(_people_graph())]
    _validate(entities)
    people = {e["properties"]["name"][0]: e for e in entities if e["schema"] == "Person"}
    assert set(people) == {"Ana Example", "Ben Example"}
    assert "crime.boss" in people["Ana Example"]["properties"]["topics"]
    assert "crime.boss" not in people["Ben Example"]["properties"]["topics"]
    memberships = {
        (e["properties"]["member"][0], e["properties"]["role"][0])
        for e in entities
        if e["schema"] == "Membership"
    }
    group = entity_id(f"{ID}group/g")
    assert memberships == {
        (people["Ana Example"]["id"], "leader"),
        (people["Ben Example"]["id"], "member"),
    }
    assert all(
        e["properties"]["organization"] == [group] for e in entities if e["schema"] == "Membership"
    )


def test_build_without_the_ftm_extra_fails_with_a_coded_error_before_building(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "followthemoney", None)  # import now raises ImportError
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(TEXTS / "ecuador.txt"), "-o", str(out), "-f", "ftm"])
    assert result.exit_code == 1
    assert "E220" in result.output and "ockg[ftm]" in result.output
    assert not out.exists()


def test_cli_build_writes_the_ftm_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["build", str(TEXTS / "italy.txt"), "-o", str(out), "-f", "ftm", "-f", "ttl", "-q"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    _validate(_lines(out / FTM_FILE))
