"""A typed NetworkX view of the RDF graph: ockg's one projection of RDF to a network.

The exports (GraphML, GEXF, node-link JSON, Neo4j CSV: :mod:`kg.graph.networkx_export`), the
network page (:mod:`kg.viz.network_data`), the route map and the notebook all read the graph
through it. The view is derived from the RDF graph and never edited back (the RDF graph stays
the one source of truth). Node ids are the IRIs as strings; nodes and edges are added in sorted
order, so every export is byte-identical for the same RDF graph. Attribute values are scalars
only (``str``, ``int``, ``float``, ``bool``); an attribute that has no value is left out, never
``None``.

Nodes (every node has ``kind`` and ``label``):

- actors: ``kind`` ``"group"`` (``ockg:CriminalGroup``), ``"collective"`` (``ockg:ActorCollective``)
  or ``"actor"``; ``aliases`` (``"; "``-joined), ``actor_type`` (label of the actor-type
  concept), ``origin_country`` (label) and ``origin_iso2``.
- places: ``kind`` ``"place"``, ``place_class`` (``Country``, ``Region``, ``City``, ``Area``,
  ``BorderArea``, ``Facility``, ``Road``, ``River``, ``WorldRegion``, ``Continent``, ``World``,
  ``Place``), ``aliases``, ``latitude``/``longitude`` (float), ``iso2``, ``iso3``,
  ``iso3166_2``, ``geonames_id`` (int), ``wikidata`` (a Q-id). Countries also carry their latest
  composite scores (criminality, criminal markets, criminal actors, resilience) as
  ``score_<indicator>``, ``change_<indicator>``, ``edition_<indicator>``, ``inferred_<indicator>``
  (indicator notation with ``-`` as ``_``, e.g. ``score_criminality``).
- markets and actor types: ``kind`` ``"market"`` / ``"actor_type"``, ``notation``,
  ``definition``, and per country (ISO alpha-2, else the area IRI's last segment) the latest
  edition's observation as flat attributes ``score_PE`` (float), ``change_PE`` (float, absent
  where the page prints none), ``edition_PE`` (int), ``inferred_PE`` (bool); ``scores`` holds
  every observation as a JSON string: a list of ``{"area", "edition", "score", "change"?,
  "inferred", "dataset"}`` sorted by area, edition and dataset. The latest is the highest
  edition; a tie prefers printed over inferred values, then the dataset name.

Edges (keys are unique per node pair; every edge has ``kind`` and ``relation``):

- ``ockg:Presence`` claims, ``kind`` ``"presence"``: actor→market (``relation``
  ``"active_in"``), actor→place (``"operates_in"``), market→place (``"market_in"``), whichever
  the claim's roles allow; key ``"<relation>|<claim IRI>"``.
- ``ockg:Route`` claims, ``kind`` ``"route"``: one edge per hop of origin→via…→destination
  (missing ends left out, repeated consecutive stops merged), key ``"route|<claim>|<step>"``,
  with ``step`` (0, 1, …), ``hops`` (edges in the path), ``path`` (labels joined by ``" → "``),
  ``market`` (label), ``market_iri``, ``mode``.
- ``ockg:Relationship`` claims, ``kind`` the relation kind (``"cooperation"``, ``"rivalry"``…)
  and ``relation`` its edge name (``"cooperates_with"``, ``"rival_of"``…), both from
  ``ontology/relation_kinds.yaml``: ONE edge per claim; for a symmetric kind from the lower to
  the higher participant IRI, with ``symmetric=True`` (read it in both directions:
  ``view.to_undirected()``), for a directed one along its shortcut triple. A kind the
  registry does not list raises ``UnknownRelationKind``.
- Every claim edge carries ``claim`` (IRI), ``confidence`` (float), ``sentence`` (the source
  sentence's ``nif:anchorOf``), ``sentence_iri`` (its ``prov:wasDerivedFrom``), ``method`` and,
  where any, ``hedges`` (``"; "``-joined); presence edges also ``market`` (label) where the claim
  names a market.
- ``ockg:locatedIn``: ``kind``/``relation``/key ``"located_in"``; ``ockg:actorType``:
  ``"actor_type"`` (relation ``"has_actor_type"``); ``ockg:originCountry``: ``"origin"``
  (relation ``"origin_country"``).
- Shortcut triples (``operatesIn``, ``activeIn``, each relation kind's predicate) that no claim
  edge covers, e.g. a profile's implicit "operates in the profile's country": ``kind``
  ``"shortcut"``, key = relation, no claim attributes (symmetric ones once, ``symmetric=True``).

Example::

    >>> from rdflib import Graph
    >>> to_networkx(Graph()).number_of_nodes()
    0
"""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import networkx as nx
from rdflib import RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.graph.namespaces import NIF, OCKG, PROV, QB, SDMX_DIM, relation_predicate
from kg.relation_kinds import RelationKind, UnknownRelationKind, relation_kinds

__all__ = ["Attrs", "Scalar", "route_stops", "to_networkx"]

Scalar = str | int | float | bool
Attrs = dict[str, Scalar]
"""Node or edge attributes: scalars only, so GraphML and GEXF can store them."""

_Edge = tuple[str, str, str, Attrs]  # source, target, key, attributes

_ACTOR_KINDS = (
    (OCKG.CriminalGroup, "group"),
    (OCKG.ActorCollective, "collective"),
    (OCKG.CriminalActor, "actor"),
)
_PLACE_CLASSES = (  # most specific first
    OCKG.BorderArea,
    OCKG.Country,
    OCKG.Region,
    OCKG.City,
    OCKG.Facility,
    OCKG.Road,
    OCKG.River,
    OCKG.Area,
    OCKG.WorldRegion,
    OCKG.Continent,
    OCKG.World,
    OCKG.Place,
)
_INDICATOR_KINDS = ((OCKG.CriminalMarket, "market"), (OCKG.ActorType, "actor_type"))
_PRESENCE_LINKS = (
    ("actor", "market", "active_in"),
    ("actor", "place", "operates_in"),
    ("market", "place", "market_in"),
)
_ROLES = {  # relation -> the node kinds its ends have (for ends the graph does not type)
    "active_in": ("actor", "market"),
    "operates_in": ("actor", "place"),
    "market_in": ("market", "place"),
    "route": ("place", "place"),
    "located_in": ("place", "place"),
    "has_actor_type": ("actor", "actor_type"),
    "origin_country": ("actor", "place"),
}
"""The view's own relations; a relation kind's edge (``relation_kinds.yaml``) joins two actors."""
_ACTOR_SHORTCUTS = ((OCKG.activeIn, "active_in"), (OCKG.operatesIn, "operates_in"))


_EDGE_KINDS = {"presence", "route", "shortcut", "located_in", "actor_type", "origin"}
"""The view's own edge kinds; a relationship's edge has its relation kind's name."""


def _kinds() -> dict[str, RelationKind]:
    """The registered relation kinds, none of whose names is one of the view's own."""
    kinds = relation_kinds()
    for kind in kinds.values():
        if kind.edge in _ROLES:
            raise ValueError(f"relation kind {kind.name}: edge name {kind.edge!r} is taken")
        if kind.name in _EDGE_KINDS:
            raise ValueError(f"relation kind {kind.name}: the view has an edge kind so named")
    return kinds


def _roles(relation: str) -> tuple[str, str]:
    if relation in _ROLES:
        return _ROLES[relation]
    if any(kind.edge == relation for kind in _kinds().values()):
        return ("actor", "actor")
    return ("other", "other")


def _shortcuts() -> list[tuple[URIRef, str, bool]]:
    """(predicate, relation, symmetric) of every shortcut property."""
    kinds = _kinds().values()
    return [
        *((predicate, relation, False) for predicate, relation in _ACTOR_SHORTCUTS),
        *((relation_predicate(kind), kind.edge, kind.symmetric) for kind in kinds),
    ]


_WIKIDATA = "http://www.wikidata.org/entity/"


# --- small readers ---------------------------------------------------------------------------


def _put(attrs: Attrs, name: str, value: Scalar | None) -> None:
    if value is not None and value != "":
        attrs[name] = value


def _literal(graph: Graph, node: Node, predicate: URIRef) -> Literal | None:
    values = [v for v in graph.objects(node, predicate) if isinstance(v, Literal)]
    return min(values, key=_literal_key) if values else None


def _literal_key(value: Literal) -> tuple[str, str, str]:
    return (str(value), value.language or "", str(value.datatype or ""))


def _iri(graph: Graph, node: Node, predicate: URIRef) -> URIRef | None:
    values = sorted(v for v in graph.objects(node, predicate) if isinstance(v, URIRef))
    return values[0] if values else None


def _text(graph: Graph, node: Node, predicate: URIRef) -> str | None:
    value = _literal(graph, node, predicate)
    return None if value is None else str(value)


def _float(value: Literal | None) -> float | None:
    return None if value is None else float(value.toPython())


def _int(value: Literal | None) -> int | None:
    return None if value is None else int(value.toPython())


def _label(graph: Graph, node: Node) -> str:
    """English (or untagged) ``rdfs:label``/``skos:prefLabel``, else the IRI's last segment."""
    values = [
        v
        for predicate in (RDFS.label, SKOS.prefLabel)
        for v in graph.objects(node, predicate)
        if isinstance(v, Literal)
    ]
    if not values:
        return str(node).rstrip("/").rsplit("/", 1)[-1]
    return str(min(values, key=lambda v: (v.language not in (None, "en"), *_literal_key(v))))


def _aliases(graph: Graph, node: Node) -> str | None:
    return "; ".join(sorted({str(v) for v in graph.objects(node, SKOS.altLabel)})) or None


def _typed(graph: Graph, classes: Iterable[URIRef]) -> list[URIRef]:
    found = {s for c in classes for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef)}
    return sorted(found)


def _first_match(graph: Graph, node: Node, table: Iterable[tuple[URIRef, str]]) -> str:
    types = set(graph.objects(node, RDF.type))
    return next(name for cls, name in table if cls in types)


def _pair_key(pair: tuple[Node, Node]) -> tuple[str, str]:
    return (str(pair[0]), str(pair[1]))


def _attr_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", text)


# --- score observations ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Observation:
    indicator: URIRef
    area: URIRef
    code: str
    edition: int
    score: float
    change: float | None
    inferred: bool
    dataset: str

    @property
    def rank(self) -> tuple[int, bool, str]:
        """Ordering for "latest": edition, printed over inferred, dataset name."""
        return (self.edition, not self.inferred, self.dataset)

    def as_json(self) -> dict[str, Scalar]:
        data: dict[str, Scalar] = {
            "area": self.code,
            "edition": self.edition,
            "score": self.score,
            "inferred": self.inferred,
            "dataset": self.dataset,
        }
        if self.change is not None:
            data["change"] = self.change
        return data


def _area_code(graph: Graph, area: URIRef) -> str:
    code = _text(graph, area, OCKG.iso3166Alpha2) or str(area).rstrip("/").rsplit("/", 1)[-1]
    return _attr_name(code)


def _observation(graph: Graph, node: Node) -> _Observation | None:
    indicator = _iri(graph, node, OCKG.indicator)
    area = _iri(graph, node, SDMX_DIM.refArea)
    edition = _int(_literal(graph, node, OCKG.edition))
    score = _float(_literal(graph, node, OCKG.score))
    if indicator is None or area is None or edition is None or score is None:
        return None
    dataset = _iri(graph, node, QB.dataSet)
    return _Observation(
        indicator=indicator,
        area=area,
        code=_area_code(graph, area),
        edition=edition,
        score=score,
        change=_float(_literal(graph, node, OCKG.scoreChange)),
        inferred=bool(_literal(graph, node, OCKG.inferred) == Literal(True)),
        dataset=str(dataset).rsplit("/", 1)[-1] if dataset is not None else "",
    )


def _observations(graph: Graph) -> list[_Observation]:
    nodes = sorted(set(graph.subjects(OCKG.score, None)), key=str)
    found = (_observation(graph, node) for node in nodes)
    return sorted(
        (o for o in found if o is not None),
        key=lambda o: (o.code, o.edition, o.dataset, str(o.indicator)),
    )


def _latest(observations: Iterable[_Observation], group: str) -> dict[str, _Observation]:
    """The latest observation per ``code`` (group="area") or per indicator (group="indicator")."""
    latest: dict[str, _Observation] = {}
    for obs in observations:
        name = obs.code if group == "area" else str(obs.indicator)
        if name not in latest or obs.rank > latest[name].rank:
            latest[name] = obs
    return latest


def _score_attrs(attrs: Attrs, suffix: str, obs: _Observation) -> None:
    attrs[f"score_{suffix}"] = obs.score
    _put(attrs, f"change_{suffix}", obs.change)
    attrs[f"edition_{suffix}"] = obs.edition
    attrs[f"inferred_{suffix}"] = obs.inferred


# --- nodes -----------------------------------------------------------------------------------


def _actor_nodes(graph: Graph) -> dict[str, Attrs]:
    nodes: dict[str, Attrs] = {}
    for node in _typed(graph, (cls for cls, _ in _ACTOR_KINDS)):
        attrs: Attrs = {
            "kind": _first_match(graph, node, _ACTOR_KINDS),
            "label": _label(graph, node),
        }
        _put(attrs, "aliases", _aliases(graph, node))
        actor_type = _iri(graph, node, OCKG.actorType)
        if actor_type is not None:
            attrs["actor_type"] = _label(graph, actor_type)
        origin = _iri(graph, node, OCKG.originCountry)
        if origin is not None:
            attrs["origin_country"] = _label(graph, origin)
            _put(attrs, "origin_iso2", _text(graph, origin, OCKG.iso3166Alpha2))
        nodes[str(node)] = attrs
    return nodes


def _place_nodes(graph: Graph, composites: dict[str, list[_Observation]]) -> dict[str, Attrs]:
    nodes: dict[str, Attrs] = {}
    classes = [(cls, cls.split("#")[-1]) for cls in _PLACE_CLASSES]
    for node in _typed(graph, _PLACE_CLASSES):
        attrs: Attrs = {"kind": "place", "place_class": _first_match(graph, node, classes)}
        attrs["label"] = _label(graph, node)
        _put(attrs, "aliases", _aliases(graph, node))
        _put(attrs, "latitude", _float(_literal(graph, node, OCKG.latitude)))
        _put(attrs, "longitude", _float(_literal(graph, node, OCKG.longitude)))
        _put(attrs, "iso2", _text(graph, node, OCKG.iso3166Alpha2))
        _put(attrs, "iso3", _text(graph, node, OCKG.iso3166Alpha3))
        _put(attrs, "iso3166_2", _text(graph, node, OCKG.iso3166_2))
        _put(attrs, "geonames_id", _int(_literal(graph, node, OCKG.geonamesId)))
        wikidata = [m for m in graph.objects(node, SKOS.exactMatch) if str(m).startswith(_WIKIDATA)]
        if wikidata:
            attrs["wikidata"] = str(min(wikidata)).removeprefix(_WIKIDATA)
        for _, obs in sorted(_latest(composites.get(str(node), []), "indicator").items()):
            notation = _text(graph, obs.indicator, SKOS.notation) or _label(graph, obs.indicator)
            _score_attrs(attrs, _attr_name(notation.lower()), obs)
        nodes[str(node)] = attrs
    return nodes


def _indicator_nodes(graph: Graph, scores: dict[str, list[_Observation]]) -> dict[str, Attrs]:
    nodes: dict[str, Attrs] = {}
    for node in _typed(graph, (cls for cls, _ in _INDICATOR_KINDS)):
        kind = _first_match(graph, node, _INDICATOR_KINDS)
        attrs: Attrs = {"kind": kind, "label": _label(graph, node)}
        _put(attrs, "notation", _text(graph, node, SKOS.notation))
        _put(attrs, "definition", _text(graph, node, SKOS.definition))
        observations = scores.get(str(node), [])
        for code, obs in sorted(_latest(observations, "area").items()):
            _score_attrs(attrs, code, obs)
        if observations:
            rows = [obs.as_json() for obs in observations]
            attrs["scores"] = json.dumps(rows, sort_keys=True, separators=(",", ":"))
        nodes[str(node)] = attrs
    return nodes


def _nodes(graph: Graph) -> dict[str, Attrs]:
    by_indicator: dict[str, list[_Observation]] = defaultdict(list)
    composites: dict[str, list[_Observation]] = defaultdict(list)
    composite_ids = {str(c) for c in graph.subjects(RDF.type, OCKG.CompositeIndicator)}
    for obs in _observations(graph):
        by_indicator[str(obs.indicator)].append(obs)
        if str(obs.indicator) in composite_ids:
            composites[str(obs.area)].append(obs)
    nodes = _place_nodes(graph, composites)
    nodes.update(_indicator_nodes(graph, by_indicator))
    nodes.update(_actor_nodes(graph))
    return nodes


# --- edges -----------------------------------------------------------------------------------


def _claim_attrs(graph: Graph, claim: URIRef, kind: str, relation: str) -> Attrs:
    attrs: Attrs = {"kind": kind, "relation": relation, "claim": str(claim)}
    _put(attrs, "confidence", _float(_literal(graph, claim, OCKG.confidence)))
    sentence = _iri(graph, claim, PROV.wasDerivedFrom)
    if sentence is not None:
        _put(attrs, "sentence", _text(graph, sentence, NIF.anchorOf))
        attrs["sentence_iri"] = str(sentence)
    _put(attrs, "method", _text(graph, claim, OCKG.method))
    _put(attrs, "hedges", "; ".join(sorted({str(h) for h in graph.objects(claim, OCKG.hedge)})))
    return attrs


def _presence_edges(graph: Graph) -> Iterator[_Edge]:
    for claim in _typed(graph, (OCKG.Presence,)):
        roles = {
            "actor": _iri(graph, claim, OCKG.actor),
            "market": _iri(graph, claim, OCKG.market),
            "place": _iri(graph, claim, OCKG.place),
        }
        for source_role, target_role, relation in _PRESENCE_LINKS:
            source, target = roles[source_role], roles[target_role]
            if source is None or target is None:
                continue
            attrs = _claim_attrs(graph, claim, "presence", relation)
            if roles["market"] is not None:
                attrs["market"] = _label(graph, roles["market"])
            yield str(source), str(target), f"{relation}|{claim}", attrs


def _rdf_list(graph: Graph, head: Node | None) -> list[Node]:
    items: list[Node] = []
    seen: set[Node] = set()
    while isinstance(head, URIRef | BNode) and head != RDF.nil and head not in seen:
        seen.add(head)
        item = graph.value(head, RDF.first)
        if item is not None:
            items.append(item)
        head = graph.value(head, RDF.rest)
    return items


def route_stops(graph: Graph, claim: URIRef) -> list[URIRef]:
    """A route claim's path: origin, via…, destination, missing ends left out and repeated
    consecutive stops merged (the route map and the view's route edges both read it)."""
    stops = [
        _iri(graph, claim, OCKG.origin),
        *_rdf_list(graph, _iri(graph, claim, OCKG.via)),
        _iri(graph, claim, OCKG.destination),
    ]
    path: list[URIRef] = []
    for stop in stops:
        if isinstance(stop, URIRef) and (not path or path[-1] != stop):
            path.append(stop)
    return path


def _route_edges(graph: Graph) -> Iterator[_Edge]:
    for claim in _typed(graph, (OCKG.Route,)):
        path = route_stops(graph, claim)
        if len(path) < 2:
            continue
        base = _claim_attrs(graph, claim, "route", "route")
        market = _iri(graph, claim, OCKG.market)
        if market is not None:
            base["market"] = _label(graph, market)
            base["market_iri"] = str(market)
        _put(base, "mode", _text(graph, claim, OCKG.mode))
        base["hops"] = len(path) - 1
        base["path"] = " → ".join(_label(graph, stop) for stop in path)
        for step, (source, target) in enumerate(itertools.pairwise(path)):
            yield str(source), str(target), f"route|{claim}|{step}", {**base, "step": step}


def _directed(graph: Graph, kind: RelationKind, first: URIRef, second: URIRef) -> bool:
    """Whether a claim of a directed kind runs from ``first`` to ``second``: as its shortcut
    triple runs, where only one direction is asserted (else from the lower IRI)."""
    predicate = relation_predicate(kind)
    return (second, predicate, first) not in graph or (first, predicate, second) in graph


def _relationship_edges(graph: Graph) -> Iterator[_Edge]:
    """One edge per relationship claim; a kind the registry lacks is an error, not dropped."""
    kinds = _kinds()
    for claim in _typed(graph, (OCKG.Relationship,)):
        actors = sorted(
            {p for p in graph.objects(claim, OCKG.participant) if isinstance(p, URIRef)}
        )
        name = _text(graph, claim, OCKG.relationKind) or ""
        if name not in kinds:
            raise UnknownRelationKind(name)
        if len(actors) != 2:
            continue
        kind = kinds[name]
        attrs = _claim_attrs(graph, claim, kind.name, kind.edge)
        if kind.symmetric:
            attrs["symmetric"] = True
        elif not _directed(graph, kind, actors[0], actors[1]):
            actors.reverse()
        yield str(actors[0]), str(actors[1]), f"{kind.edge}|{claim}", attrs


def _plain_edges(graph: Graph) -> Iterator[_Edge]:
    """``locatedIn``, ``actorType`` and ``originCountry``: one edge per triple, key = relation."""
    table = (
        (OCKG.locatedIn, "located_in", "located_in"),
        (OCKG.actorType, "actor_type", "has_actor_type"),
        (OCKG.originCountry, "origin", "origin_country"),
    )
    for predicate, kind, relation in table:
        for source, target in sorted(graph.subject_objects(predicate), key=_pair_key):
            if isinstance(source, URIRef) and isinstance(target, URIRef):
                yield str(source), str(target), relation, {"kind": kind, "relation": relation}


def _shortcut_edges(graph: Graph, claimed: set[tuple[str, str, str]]) -> Iterator[_Edge]:
    """Shortcut triples that no claim edge covers (e.g. a profile's implicit country)."""
    for predicate, relation, symmetric in _shortcuts():
        done: set[tuple[str, str]] = set()
        for s, o in sorted(graph.subject_objects(predicate), key=_pair_key):
            if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
                continue
            source, target = (min(s, o), max(s, o)) if symmetric else (s, o)
            pair = (str(source), str(target))
            if pair in done or (*pair, relation) in claimed:
                continue
            if symmetric and (pair[1], pair[0], relation) in claimed:
                continue
            done.add(pair)
            attrs: Attrs = {"kind": "shortcut", "relation": relation}
            if symmetric:
                attrs["symmetric"] = True
            yield *pair, relation, attrs


def _edges(graph: Graph) -> dict[tuple[str, str, str], Attrs]:
    edges: dict[tuple[str, str, str], Attrs] = {}
    for source, target, key, attrs in (
        *_presence_edges(graph),
        *_route_edges(graph),
        *_relationship_edges(graph),
        *_plain_edges(graph),
    ):
        edges[(source, target, key)] = attrs
    claimed = {(s, t, str(a["relation"])) for (s, t, _), a in edges.items() if "claim" in a}
    for source, target, key, attrs in _shortcut_edges(graph, claimed):
        edges[(source, target, key)] = attrs
    return edges


def _add_missing_ends(
    graph: Graph, nodes: dict[str, Attrs], edges: dict[tuple[str, str, str], Attrs]
) -> None:
    """An edge end the graph does not type gets a node whose kind its role implies."""
    for (source, target, _), attrs in edges.items():
        roles = _roles(str(attrs["relation"]))
        for node, role in zip((source, target), roles, strict=True):
            if node not in nodes:
                nodes[node] = {"kind": role, "label": _label(graph, URIRef(node))}


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """The typed, deterministic NetworkX view of an ockg RDF graph (schema: module docstring)."""
    nodes = _nodes(graph)
    edges = _edges(graph)
    _add_missing_ends(graph, nodes, edges)
    view = nx.MultiDiGraph()
    for node in sorted(nodes):
        view.add_node(node, **nodes[node])
    for (source, target, key), attrs in sorted(edges.items()):
        view.add_edge(source, target, key=key, **attrs)
    return view
