"""One RDF -> NetworkX projection: the network page and the route map draw the NetworkX view.

The view (:func:`kg.graph.networkx_view.to_networkx`) is the only reading of the RDF graph as a
network: the page's nodes and edges are the view's, and the route map's paths are the view's
route paths, so a change to the view shows on both.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef

import kg.viz.network_data
from kg.graph.namespaces import ID, OCKG
from kg.graph.networkx_view import route_stops, to_networkx
from kg.relation_kinds import relation_kinds
from kg.viz.network_data import network_data
from kg.viz.route_map import route_paths


@pytest.fixture(scope="module")
def peru_graph(peru_build: Path) -> Graph:
    return Graph().parse(peru_build / "graph.ttl", format="turtle")


def _edge(data: dict, edge: dict) -> tuple[str, str, str, str]:
    nodes = data["nodes"]
    return (nodes[edge["s"]]["id"], nodes[edge["t"]]["id"], edge["kind"], edge["key"])


def _as_page_edge(source: str, target: str, attrs: dict) -> tuple[str, str, str, str]:
    """The page edge a view edge becomes: (source, target, kind, key), ids without the base."""
    kinds = relation_kinds()
    by_edge = {kind.edge: kind for kind in kinds.values()}
    kind, relation = str(attrs["kind"]), str(attrs["relation"])
    if relation in ("active_in", "operates_in", "market_in"):
        kind, key = "presence", relation
    elif kind == "route":
        key = "route"
    else:
        relation_kind = kinds.get(kind) or by_edge[relation]
        kind = key = relation_kind.name
        if relation_kind.symmetric:
            source, target = sorted((source, target))
    return (source.removeprefix(str(ID)), target.removeprefix(str(ID)), kind, key)


def test_the_page_draws_the_claim_and_shortcut_edges_of_the_view(peru_graph: Graph) -> None:
    view = to_networkx(peru_graph)
    data = network_data(peru_graph)
    claimed = {_as_page_edge(s, t, a) for s, t, a in view.edges(data=True) if "claim" in a}
    shortcuts = {
        _as_page_edge(s, t, a) for s, t, a in view.edges(data=True) if a["kind"] == "shortcut"
    }
    assert len(claimed) > 150 and shortcuts
    assert {_edge(data, e) for e in data["edges"] if "claims" in e} == claimed
    assert {
        _edge(data, e)
        for e in data["edges"]
        if "claims" not in e and e["kind"] not in ("located_in", "actor_type")
    } == shortcuts
    for node in data["nodes"]:
        attrs = view.nodes[str(ID) + node["id"]]
        assert node["label"] == attrs["label"]
        if attrs["kind"] == "place":
            assert node["kind"] == ("country" if attrs["place_class"] == "Country" else "place")


def test_the_page_follows_the_view_it_is_given(
    peru_graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = to_networkx(peru_graph)
    routes = [(s, t, k) for s, t, k, d in view.edges(keys=True, data=True) if d["kind"] == "route"]
    trimmed = view.copy()
    trimmed.remove_edges_from(routes)
    monkeypatch.setattr(kg.viz.network_data, "to_networkx", lambda graph: trimmed)
    data = network_data(peru_graph)
    assert not [e for e in data["edges"] if e["kind"] == "route"]
    assert [e for e in data["edges"] if e["kind"] == "presence"]


def test_route_map_paths_are_the_views_route_paths(peru_graph: Graph) -> None:
    view = to_networkx(peru_graph)
    by_claim: dict[str, list[tuple[int, str, str]]] = {}
    for source, target, attrs in view.edges(data=True):
        if attrs["kind"] == "route":
            by_claim.setdefault(str(attrs["claim"]), []).append((attrs["step"], source, target))
    paths = route_paths(peru_graph)
    assert len(paths) == len(set(peru_graph.subjects(RDF.type, OCKG.Route))) > 20
    for path in paths:
        assert list(path.places) == route_stops(peru_graph, path.route)
        hops = sorted(by_claim.get(str(path.route), []))
        if len(path.places) > 1:
            assert [URIRef(hops[0][1]), *(URIRef(t) for _, _, t in hops)] == list(path.places)
