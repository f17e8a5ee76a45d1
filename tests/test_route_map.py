"""The route map: a position for every place that has one, every route drawn as an ordered path."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg.graph.namespaces import ID, OCKG
from kg.sparql.engine import run_named
from kg.viz.route_map import place_positions, route_map, route_paths

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def peru(peru_build: Path) -> Graph:
    return Graph().parse(peru_build / "graph.ttl", format="turtle")


def _place(key: str) -> URIRef:
    return URIRef(ID[f"place/{key}"])


def test_every_place_on_perus_routes_has_a_position(peru: Graph, peru_build: Path) -> None:
    paths = route_paths(peru)
    assert len(paths) == len(run_named(peru_build, "routes").rows)
    stops = {p for path in paths for p in path.places}
    positions = place_positions(peru, stops)
    assert set(positions) == stops
    for position in positions.values():
        assert -90 <= position.latitude <= 90 and -180 <= position.longitude <= 180


def test_positions_come_from_geonames_centroids_and_stated_approximations(peru: Graph) -> None:
    positions = place_positions(peru)
    lima = positions[_place("city/PE/lima")]
    assert lima.source == "geonames" and not lima.approximate
    assert (lima.latitude, lima.longitude) == (
        float(peru.value(_place("city/PE/lima"), OCKG.latitude)),
        float(peru.value(_place("city/PE/lima"), OCKG.longitude)),
    )
    peru_centre = positions[_place("country/PE")]
    brazil = positions[_place("country/BR")]
    assert peru_centre.source == "centroid" and (peru_centre.latitude, peru_centre.longitude) == (
        -10.0,
        -76.0,
    )
    border = positions[_place("border/BR-PE")]
    assert border.source == "midpoint" and border.approximate
    assert border.latitude == pytest.approx((peru_centre.latitude + brazil.latitude) / 2)
    assert border.longitude == pytest.approx((peru_centre.longitude + brazil.longitude) / 2)
    cusco = positions[_place("region/PE-CUS")]
    assert cusco.source == "capital"
    assert (cusco.latitude, cusco.longitude) == (
        positions[_place("city/PE/cusco")].latitude,
        positions[_place("city/PE/cusco")].longitude,
    )
    # a region whose capital has another name lies, approximately, in its country
    libertad = positions[_place("region/PE-LAL")]
    assert libertad.source == "container" and libertad.latitude == peru_centre.latitude
    europe = positions[_place("continent/europe")]
    assert europe.source == "continent" and 35 < europe.latitude < 65


def test_routes_are_ordered_paths(peru: Graph) -> None:
    cocaine = [p.labels(peru) for p in route_paths(peru, market="cocaine trade")]
    assert ["Peru", "Amazon", "Brazil", "Europe"] in cocaine
    assert all(path[0] == "Peru" for path in cocaine)
    assert route_paths(peru, market="no such market") == []


def test_the_map_draws_every_route_and_every_place(peru: Graph) -> None:
    figure = route_map(peru)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    svg = ET.fromstring(buffer.getvalue())
    ids = [g.get("id", "") for g in svg.iter(f"{SVG}g")]
    paths = route_paths(peru)
    stops = {p for path in paths for p in path.places}
    assert sum(i.startswith("route-") for i in ids) == len(paths) > 20
    assert sum(i.startswith("place-") for i in ids) == len(stops)
    assert figure.ockg_missing == []


def test_a_place_without_any_position_is_listed_not_drawn(tmp_path: Path) -> None:
    graph = Graph()
    town, sea, route = _place("city/ZZ/town"), _place("area/deep-sea"), URIRef(ID["route/r1"])
    graph.add((town, RDF.type, OCKG.City))
    graph.add((town, RDFS.label, Literal("Town")))
    graph.add((town, OCKG.latitude, Literal(10.5)))
    graph.add((town, OCKG.longitude, Literal(-20.25)))
    graph.add((sea, RDF.type, OCKG.Area))
    graph.add((sea, RDFS.label, Literal("Deep Sea")))
    graph.add((route, RDF.type, OCKG.Route))
    graph.add((route, OCKG.origin, town))
    graph.add((route, OCKG.destination, sea))
    positions = place_positions(graph)
    assert set(positions) == {town} and positions[town].latitude == 10.5
    figure = route_map(graph)
    assert figure.ockg_missing == ["Deep Sea"]
    figure.savefig(tmp_path / "map.png")
    assert (tmp_path / "map.png").stat().st_size > 1000
