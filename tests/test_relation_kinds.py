"""Relation kinds are one registry (``ontology/relation_kinds.yaml``) that every consumer reads.

A kind added to a copy of the registry flows to the claim model, the cue rules, the RDF graph,
the vocabulary, the NetworkX view and the network page; a kind the registry lacks is a clear
error everywhere, never taken for a rivalry.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError
from rdflib import OWL, RDF, RDFS, Graph, Literal
from typer.testing import CliRunner

from kg.cli import app
from kg.graph.extraction_graph import add_extraction
from kg.graph.iris import entity_iri
from kg.graph.namespaces import OCKG, relation_predicate
from kg.graph.networkx_view import to_networkx
from kg.graph.vocabulary import relation_properties, vocabulary
from kg.models import Document, Entity, EntityKind, Extraction, Relationship, Sentence
from kg.nlp.relations.cues import _cues
from kg.relation_kinds import UnknownRelationKind, relation_kind, relation_kinds
from kg.resources import LexiconBundle, active_lexicon, load_yaml, ontology_dir, use_lexicon
from kg.viz.network_data import network_data

TEXT = "Los Lobos shields the Sinaloa Cartel in Guayaquil."
GROUPS = ("group/los-lobos", "group/sinaloa-cartel")
PROTECTION = {
    "predicate": "protects",
    "label": "protects",
    "symmetric": False,
    "edge": "protects",
    "legend": "Protection",
    "colour": "#123456",
    "cues": ["shield", "shields", "protection racket"],
}


@pytest.fixture
def registry(tmp_path: Path) -> Iterator[Callable[..., None]]:
    """Make a copy of the ontology, whose relation kinds the test rewrites, the lexicon the
    process reads (the registry is lexicon data: a saved pipeline carries its own)."""
    folder = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), folder)
    original = yaml.safe_load((folder / "relation_kinds.yaml").read_text(encoding="utf-8"))
    previous = active_lexicon()

    def use(**changes: dict | None) -> None:
        kinds = dict(original["kinds"])
        for name, entry in changes.items():
            if entry is None:
                kinds.pop(name, None)
            else:
                kinds[name] = entry
        text = yaml.safe_dump({"kinds": kinds}, sort_keys=False)
        (folder / "relation_kinds.yaml").write_text(text, encoding="utf-8")
        use_lexicon(LexiconBundle.from_folder(folder))

    yield use
    use_lexicon(previous)


def _document() -> Document:
    return Document(
        path="protection.txt", text=TEXT, sha256=hashlib.sha256(TEXT.encode()).hexdigest()
    )


def _extraction(*relationships: Relationship) -> Extraction:
    document = _document()
    return Extraction(
        document=document.sha256,
        sentences=(Sentence(begin=0, end=len(TEXT), paragraph=0),),
        entities=tuple(
            Entity(key=key, kind=EntityKind.GROUP, label=label)
            for key, label in zip(GROUPS, ("Los Lobos", "Sinaloa Cartel"), strict=True)
        ),
        relationships=relationships,
    )


def _graph(extraction: Extraction) -> Graph:
    graph = Graph()
    add_extraction(graph, _document(), extraction)
    return graph


def _relationship(kind: str) -> Relationship:
    return Relationship(sentence=0, method=f"{kind}-cue", confidence=0.7, kind=kind, actors=GROUPS)


def test_the_registry_holds_cooperation_and_rivalry_as_symmetric_shortcuts() -> None:
    kinds = relation_kinds()
    assert list(kinds) == ["cooperation", "rivalry"]
    assert (kinds["cooperation"].predicate, kinds["rivalry"].predicate) == (
        "cooperatesWith",
        "rivalOf",
    )
    assert all(kind.symmetric for kind in kinds.values())
    assert relation_predicate(kinds["rivalry"]) == OCKG._NS["rivalOf"]
    words = dict(_cues().relation_kinds)
    assert words["rivalry"] == {w.lower() for w in load_yaml("relations.yaml")["rivalry"]}
    assert [name for name, _ in _cues().relation_kinds] == ["rivalry", "cooperation"]
    declared = vocabulary()
    for kind in kinds.values():
        predicate = relation_predicate(kind)
        assert (predicate, RDF.type, OWL.SymmetricProperty) in declared
        assert (predicate, RDFS.label, Literal(kind.label, lang="en")) in declared


def test_a_kind_added_to_the_registry_flows_to_rdf_networkx_and_the_page(registry) -> None:
    registry(protection=PROTECTION)
    claim = _relationship("protection")  # the claim model accepts the new kind
    assert _cues().relation_kinds[0] == ("protection", {"shield", "shields", "protection racket"})

    graph = _graph(_extraction(claim))
    lobos, sinaloa = (entity_iri(key) for key in GROUPS)
    protects = OCKG._NS["protects"]
    assert (lobos, protects, sinaloa) in graph
    assert (sinaloa, protects, lobos) not in graph  # a directed kind: one way only
    assert not set(graph.subject_objects(relation_predicate(relation_kind("rivalry"))))
    node = next(graph.subjects(RDF.type, OCKG.Relationship))
    assert graph.value(node, OCKG.relationKind) == Literal("protection")

    declared = relation_properties()
    assert (protects, RDF.type, OWL.ObjectProperty) in declared
    assert (protects, RDF.type, OWL.SymmetricProperty) not in declared
    assert (protects, RDFS.label, Literal("protects", lang="en")) in declared

    view = to_networkx(graph)
    edges = [(s, t, d) for s, t, d in view.edges(data=True) if d.get("claim") == str(node)]
    assert [(s, t, d["kind"], d["relation"]) for s, t, d in edges] == [
        (str(lobos), str(sinaloa), "protection", "protects")
    ]
    assert "symmetric" not in edges[0][2]

    data = network_data(graph)
    assert ["protection", "Protection", "#123456"] in data["legend"]["edges"]
    assert data["legend"]["keys"]["protection"] == "protects"
    ids = [n["id"] for n in data["nodes"]]
    (edge,) = [e for e in data["edges"] if e["kind"] == "protection"]
    assert (ids[edge["s"]], ids[edge["t"]], edge["directed"]) == (*GROUPS, True)
    assert edge["claims"][0]["sentence"] == data["sentences"].index(TEXT)


def test_a_kind_removed_from_the_registry_is_no_longer_a_claim_kind(registry) -> None:
    registry(cooperation=None)
    with pytest.raises(ValidationError, match="unknown relation kind 'cooperation'"):
        _relationship("cooperation")
    assert [name for name, _ in _cues().relation_kinds] == ["rivalry"]


def test_an_unknown_kind_is_a_clear_error_never_a_rivalry(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"unknown relation kind 'friendship'.*rivalry"):
        _relationship("friendship")
    unchecked = Relationship.model_construct(
        sentence=0, method="x", confidence=0.5, kind="friendship", actors=GROUPS
    )
    graph = Graph()
    with pytest.raises(UnknownRelationKind, match=r"relation_kinds\.yaml"):
        add_extraction(
            graph, _document(), _extraction().model_copy(update={"relationships": (unchecked,)})
        )
    assert not set(graph.subject_objects(relation_predicate(relation_kind("rivalry"))))

    # a graph from elsewhere, whose claim has a kind this ockg lacks
    foreign = _graph(_extraction(_relationship("rivalry")))
    node = next(foreign.subjects(RDF.type, OCKG.Relationship))
    foreign.set((node, OCKG.relationKind, Literal("friendship")))
    with pytest.raises(UnknownRelationKind, match="'friendship'"):
        to_networkx(foreign)
    with pytest.raises(UnknownRelationKind, match="'friendship'"):
        network_data(foreign)

    source, page = tmp_path / "foreign.ttl", tmp_path / "page.html"
    foreign.serialize(source, format="turtle")
    result = CliRunner().invoke(app, ["viz", str(source), "--out", str(page)])
    assert result.exit_code == 1
    assert (
        "E201" in result.output and "friendship" in result.output and str(source) in result.output
    )
    assert not page.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"protection": {**PROTECTION, "colour": "red"}}, "kind 'protection'.*colour"),
        ({"protection": {**PROTECTION, "predicate": "rivalOf"}}, "share the predicate 'rivalOf'"),
        ({"protection": {**PROTECTION, "cues": "no_such_list"}}, "cue list 'no_such_list'"),
        ({"protection": {**PROTECTION, "colour_": "#000000"}}, "kind 'protection'.*colour_"),
    ],
)
def test_a_malformed_registry_entry_is_refused_naming_the_file_and_kind(
    registry, changes: dict, message: str
) -> None:
    registry(**changes)
    with pytest.raises(ValueError, match=f"(?s)relation_kinds.yaml: .*{message}"):
        _cues()


def test_a_kind_whose_edge_name_is_taken_is_refused_by_the_view(registry) -> None:
    registry(protection={**PROTECTION, "edge": "located_in"})
    with pytest.raises(ValueError, match="edge name 'located_in' is taken"):
        to_networkx(_graph(_extraction(_relationship("protection"))))


def test_every_excluded_party_is_a_collective_kind() -> None:
    """A `not_with` entry names a kind of ``collective_classes.yaml``: a typo would exclude
    nothing, silently."""
    from kg.lexicon.load import collective_kinds
    from kg.relation_kinds import relation_kinds

    known = set(collective_kinds().kinds)
    excluded = {name for kind in relation_kinds().values() for name in kind.not_with}
    assert excluded, "the registry excludes no collective kind from any relation kind"
    assert excluded <= known, excluded - known
