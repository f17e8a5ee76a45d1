"""Actors across documents: one node per real actor, typed per country and edition."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.build import build_corpus
from kg.contribution import extraction_of
from kg.graph.iris import entity_iri, indicator_iri
from kg.graph.namespaces import NIF, OCKG, PROV

PERU = (
    "Venezuelan criminal groups, notably Tren de Aragua, dominate extortion in Lima. "
    "The Red Vipers cult smuggles cocaine to Chile.\n\n"
    "Later, the Red Vipers expanded into gold mining in Puno."
)
VENEZUELA = (
    "Tren de Aragua controls extortion rackets in Caracas and across the country. "
    "Peruvian gangs, including the Red Vipers, buy weapons from the group."
)


def _write(folder: Path, name: str, text: str, country: str, edition: int) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    path.with_name(f"{name}.meta.yaml").write_text(
        f"country: {country}\nedition: {edition}\n", encoding="utf-8"
    )
    return path


@pytest.fixture(scope="module")
def profiles(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("two-profiles")
    return (
        _write(folder, "peru", PERU, "PE", 2025),
        _write(folder, "venezuela", VENEZUELA, "VE", 2023),
    )


@pytest.fixture(scope="module")
def both(profiles: tuple[Path, Path]) -> Graph:
    return build_corpus(list(profiles)).graph


def _classifications(graph: Graph, actor: URIRef) -> set[tuple[str, str, int, int]]:
    """(type, country ISO2, edition, number of source sentences) of an actor's classifications."""
    out = set()
    for node in graph.subjects(OCKG.actor, actor):
        if (node, RDF.type, OCKG.Classification) not in graph:
            continue
        kind = str(graph.value(node, OCKG.actorType)).rsplit("/", 1)[-1]
        country = graph.value(graph.value(node, OCKG.inCountry), OCKG.iso3166Alpha2)
        sentences = list(graph.objects(node, PROV.wasDerivedFrom))
        assert all((s, RDF.type, NIF.Sentence) in graph for s in sentences)
        out.add((kind, str(country), int(graph.value(node, OCKG.edition)), len(sentences)))
    return out


def test_one_group_two_classifications_each_with_country_edition_and_sentence(both: Graph) -> None:
    tda = entity_iri("group/tren-de-aragua")
    assert (tda, RDF.type, OCKG.CriminalGroup) in both
    assert _classifications(both, tda) == {
        ("foreign-actors", "PE", 2025, 1),
        ("mafia-style-groups", "VE", 2023, 1),
    }
    # the shortcut keeps every type the actor has anywhere
    assert set(both.objects(tda, OCKG.actorType)) == {
        indicator_iri("foreign-actors"),
        indicator_iri("mafia-style-groups"),
    }
    sentence = next(
        both.value(node, PROV.wasDerivedFrom)
        for node in both.subjects(OCKG.actor, tda)
        if both.value(node, OCKG.actorType) == indicator_iri("mafia-style-groups")
    )
    assert str(both.value(sentence, NIF.anchorOf)).startswith("Tren de Aragua controls")


def test_a_discovered_group_is_one_node_across_documents_and_aliases(both: Graph) -> None:
    vipers = entity_iri("group/red-vipers")
    assert (vipers, RDF.type, OCKG.CriminalGroup) in both
    assert list(both.objects(vipers, RDFS.label)) == [Literal("Red Vipers", lang="en")]
    assert Literal("Red Vipers cult", lang="en") in set(both.objects(vipers, SKOS_ALT))
    assert {k for k, *_ in _classifications(both, vipers)} == {
        "mafia-style-groups",
        "foreign-actors",
    }


def test_the_build_of_several_files_is_the_union_of_single_builds(
    profiles: tuple[Path, Path], both: Graph
) -> None:
    union = Graph()
    for path in profiles:
        union += build_corpus([path]).graph
    assert isomorphic(union, both)
    reverse = build_corpus(list(reversed(profiles))).graph
    assert isomorphic(reverse, both)


SKOS_ALT = URIRef("http://www.w3.org/2004/02/skos/core#altLabel")


def test_a_group_discovered_in_one_paragraph_is_known_in_the_next(
    profiles: tuple[Path, Path],
) -> None:
    extraction = extraction_of(profiles[0])
    vipers = [(m.text, m.sentence) for m in extraction.mentions if m.entity == "group/red-vipers"]
    assert [text for text, _ in vipers] == ["Red Vipers cult", "Red Vipers"]
    second = extraction.sentences[vipers[1][1]]
    assert second.paragraph == 1 and extraction.sentences[vipers[0][1]].paragraph == 0
    assert any(p.actor == "group/red-vipers" for p in extraction.presences)  # claims see it


def test_a_paragraph_alone_does_not_know_the_name() -> None:
    from kg.nlp.pipeline import analyse
    from kg.nlp.spans import mentions

    doc = analyse("Later, the Red Vipers expanded into gold mining in Puno.", "PE")
    assert [s.text for s in mentions(doc) if s.label_ == "GROUP"] == []
