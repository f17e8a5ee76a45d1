"""Named people: leaders and members of groups become ockg:Person actors, never groups."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph

from kg.build import build_corpus
from kg.contribution import extraction_of
from kg.graph.iris import entity_iri
from kg.graph.namespaces import NIF, OCKG, ORG, PROV
from kg.models import EntityKind
from kg.nlp.people import doc_memberships
from kg.nlp.pipeline import analyse
from kg.nlp.spans import mentions
from kg.sparql.engine import run_named
from kg.validate.shacl import check_shapes

TEXT = (
    "Wilmer Chavarría, alias 'Pipo', leader of Los Lobos, was arrested in Spain. "
    "Los Choneros leader Adolfo Macías escaped from prison in Guayaquil.\n\n"
    "José Adolfo Macías, a member of Los Choneros, was killed. "
    "The head of the Kinahan cartel, Daniel Kinahan, lives in Dubai."
)


def _people(text: str, country: str = "EC") -> tuple[list[tuple[str, str]], list[tuple]]:
    doc = analyse(text, country)
    found = [(s.text, s.kb_id_) for s in mentions(doc, [EntityKind.PERSON])]
    ties = [(t.person, t.group, t.role) for t in doc_memberships(doc)]
    return found, ties


@pytest.mark.parametrize(
    ("text", "person", "group", "role"),
    [
        (
            "Wilmer Chavarría, alias 'Pipo', leader of Los Lobos, was arrested in Spain.",
            "Wilmer Chavarría",
            "group/los-lobos",
            "leader",
        ),
        (
            "Los Choneros leader Adolfo Macías escaped from prison.",
            "Adolfo Macías",
            "group/los-choneros",
            "leader",
        ),
        (
            "The head of the Kinahan cartel, Daniel Kinahan, lives in Dubai.",
            "Daniel Kinahan",
            "group/kinahan-cartel",
            "leader",
        ),
        (
            "José Adolfo Macías, a member of Los Choneros, was killed.",
            "José Adolfo Macías",
            "group/los-choneros",
            "member",
        ),
        ("Giovanni Brusca joined the Cosa Nostra in 1980.", "Giovanni Brusca", None, "member"),
    ],
)
def test_a_named_leader_or_member_is_a_person_tied_to_the_group(
    text: str, person: str, group: str | None, role: str
) -> None:
    found, ties = _people(text)
    assert [name for name, _ in found] == [person]
    key = found[0][1]
    assert key.startswith("person/")
    assert len(ties) == 1 and ties[0][0] == key and ties[0][2] == role
    assert group is None or ties[0][1] == group
    doc = analyse(text, "EC")
    assert all(not s.kb_id_.startswith("group/") or s.text != person for s in mentions(doc))


def test_an_alias_after_the_name_is_the_persons_alias() -> None:
    doc = analyse(TEXT.split("\n\n")[0], "EC")
    assert doc._.ockg_entities["person/wilmer-chavarria"].aliases == ("Pipo",)


@pytest.mark.parametrize(
    "text",
    [
        "Los Lobos control mining in Zamora Chinchipe.",  # no person
        "President Daniel Noboa declared war on Los Lobos.",  # a person, no tie to the group
        "Journalist Ana Pérez wrote about Los Lobos.",
        "Wilmer Chavarría, alias 'Pipo', was arrested in Spain.",  # no group named
    ],
)
def test_no_tie_no_person(text: str) -> None:
    found, ties = _people(text)
    assert found == [] and ties == []


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Graph]:
    folder = tmp_path_factory.mktemp("people")
    path = folder / "ecuador_people.txt"
    path.write_text(TEXT, encoding="utf-8")
    path.with_name("ecuador_people.meta.yaml").write_text("country: EC\n", encoding="utf-8")
    result = build_corpus([path])
    graph_file = folder / "graph.ttl"
    graph_file.write_bytes(result.graph.serialize(format="turtle").encode("utf-8"))
    return graph_file, result.graph


def test_memberships_are_claims_with_their_sentence(built: tuple[Path, Graph]) -> None:
    path, graph = built
    extraction = extraction_of(path.with_name("ecuador_people.txt"))
    assert {(m.person, m.group, m.role) for m in extraction.memberships} == {
        ("person/wilmer-chavarria", "group/los-lobos", "leader"),
        ("person/adolfo-macias", "group/los-choneros", "leader"),
        ("person/jose-adolfo-macias", "group/los-choneros", "member"),
        ("person/daniel-kinahan", "group/kinahan-cartel", "leader"),
    }
    pipo = entity_iri("person/wilmer-chavarria")
    assert (pipo, RDF.type, OCKG.Person) in graph
    assert (pipo, RDF.type, OCKG.CriminalGroup) not in graph
    assert (pipo, OCKG.leads, entity_iri("group/los-lobos")) in graph
    node = next(graph.subjects(ORG.member, pipo))
    assert (node, RDF.type, ORG.Membership) in graph
    sentence = graph.value(node, PROV.wasDerivedFrom)
    assert str(graph.value(sentence, NIF.anchorOf)).startswith("Wilmer Chavarría, alias")
    member = entity_iri("person/jose-adolfo-macias")
    assert (member, OCKG.memberOf, entity_iri("group/los-choneros")) in graph


def test_the_people_query_and_shapes(built: tuple[Path, Graph]) -> None:
    path, graph = built
    result = run_named(path, "people", {"group": "Los Choneros"})
    rows = {(r[0], r[2]) for r in result.rows}
    assert rows == {("Adolfo Macías", "leader"), ("José Adolfo Macías", "member")}
    everyone = run_named(path, "people")
    alias = everyone.variables.index("alias")
    assert {r[alias] for r in everyone.rows if r[0] == "Wilmer Chavarría"} == {"Pipo"}
    assert check_shapes(graph) == []


def test_a_person_typed_as_a_group_breaks_the_shapes(built: tuple[Path, Graph]) -> None:
    _, graph = built
    broken = Graph()
    for triple in graph:
        broken.add(triple)
    broken.add((entity_iri("person/wilmer-chavarria"), RDF.type, OCKG.CriminalGroup))
    assert any("never a group" in v.message for v in check_shapes(broken))
