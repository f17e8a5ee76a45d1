"""The network page's data: the NetworkX view (:mod:`kg.graph.networkx_view`) as the page draws it.

The page has no projection of its own. Its edges are the view's: the claim edges (presences,
routes, relationships of every kind of ``ontology/relation_kinds.yaml``), one page edge per
pair, kind and key holding all their claims; the view's shortcut edges (no claim stands
behind them), with a note; and, for the nodes so drawn, the actors' types and the places'
containers up to the world. Node kinds and labels are the view's; what a node's panel adds
for the reader (all its types, origins and containers, aliases, mentions, Index scores) is
read from the RDF graph. The data is sorted, so the same graph gives the same page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from rdflib import RDF, SKOS, Graph, URIRef

from kg.graph.namespaces import ID, OCKG
from kg.graph.networkx_view import Attrs, to_networkx
from kg.relation_kinds import RelationKind, relation_kinds
from kg.viz.chart import ScoreRow, read_scores

__all__ = ["NODE_KINDS", "edge_kinds", "network_data"]

NODE_KINDS: dict[str, tuple[str, str]] = {
    "group": ("Criminal group", "#e15759"),
    "collective": ("Actor collective", "#f28e2b"),
    "country": ("Country", "#4e79a7"),
    "place": ("Place", "#76b7b2"),
    "market": ("Criminal market", "#b07aa1"),
    "actor_type": ("Actor type", "#9c755f"),
    "other": ("Other", "#9d9d9d"),
}
"""Node kind -> (legend label, colour)."""

_CLAIM_EDGE_KINDS = {"presence": ("Presence", "#59a14f"), "route": ("Route", "#d4a017")}
_STRUCTURE_EDGE_KINDS = {
    "located_in": ("Located in", "#b8b8b8"),
    "actor_type": ("Actor type", "#c9b29b"),
}
_KEY_LABELS = {
    "active_in": "active in",
    "operates_in": "operates in",
    "market_in": "market in",
    "route": "route leg",
    "located_in": "located in",
    "actor_type": "actor type",
}
_ACTOR_KINDS = {"group": "group", "collective": "collective", "actor": "group"}
_PLACE_TYPES = {
    "World": "world",
    "Continent": "continent",
    "WorldRegion": "world region",
    "Region": "region",
    "City": "city",
    "Area": "area",
    "BorderArea": "border area",
    "Facility": "facility",
    "Road": "road",
    "River": "river",
    "Place": "place",
}
_NOTES = {
    "operates_in": "no sentence: the actor is named in the country's profile",
    "shortcut": "asserted in the graph without a source sentence",
    "actor_type": "the Index's actor type of this actor",
    "located_in": "gazetteer",
}
_MAX_ALIASES = 5


def edge_kinds() -> dict[str, tuple[str, str]]:
    """Edge kind -> (legend label, colour): presences, routes, each relation kind
    (``ontology/relation_kinds.yaml``), then the structural links."""
    kinds = relation_kinds()
    taken = [k for k in kinds if k in _CLAIM_EDGE_KINDS or k in _STRUCTURE_EDGE_KINDS]
    if taken:
        raise ValueError(f"relation kind {taken[0]}: the network page has an edge kind so named")
    return {
        **_CLAIM_EDGE_KINDS,
        **{name: (kind.legend, kind.colour) for name, kind in kinds.items()},
        **_STRUCTURE_EDGE_KINDS,
    }


def _key_labels() -> dict[str, str]:
    return {**_KEY_LABELS, **{name: kind.label for name, kind in relation_kinds().items()}}


def _key(node: str) -> str:
    """A node's id on the page: its IRI without the ``ockg:id/`` base."""
    return node.removeprefix(str(ID))


def _page_kind(attrs: Attrs) -> tuple[str, str | None]:
    """(page kind, place subtype) of a view node."""
    kind = str(attrs.get("kind", "other"))
    if kind in _ACTOR_KINDS:
        return _ACTOR_KINDS[kind], None
    if kind == "place":
        place_class = str(attrs.get("place_class", ""))
        if place_class == "Country":
            return "country", None
        return "place", _PLACE_TYPES.get(place_class)
    return (kind, None) if kind in ("market", "actor_type") else ("other", None)


@dataclass
class _Claim:
    sentence: str | None
    confidence: float | None
    method: str | None
    hedges: tuple[str, ...]
    extra: tuple[tuple[str, str], ...] = ()

    def sort_key(self) -> tuple[float, str, str, tuple[tuple[str, str], ...]]:
        return (-(self.confidence or 0.0), self.sentence or "", self.method or "", self.extra)


@dataclass
class _Edge:
    source: str
    target: str
    kind: str
    key: str
    directed: bool
    claims: list[_Claim] = field(default_factory=list)
    note: str | None = None


class _Edges:
    """The page's edges, one per source, target, kind and key, with their claims."""

    def __init__(self) -> None:
        self.nodes: set[str] = set()
        self.edges: dict[tuple[str, str, str, str], _Edge] = {}

    def add(
        self,
        source: str,
        target: str,
        kind: str,
        key: str,
        *,
        directed: bool = True,
        claim: _Claim | None = None,
        note: str | None = None,
    ) -> None:
        if source == target:
            return
        if not directed and target < source:
            source, target = target, source
        self.nodes.update((source, target))
        edge = self.edges.setdefault(
            (source, target, kind, key), _Edge(source, target, kind, key, directed)
        )
        if claim is not None:
            edge.claims.append(claim)
        elif edge.note is None:
            edge.note = note

    def has(self, source: str, target: str, kind: str, key: str) -> bool:
        edges = self.edges
        return (source, target, kind, key) in edges or (target, source, kind, key) in edges


def _claim(graph: Graph, attrs: Attrs, *extra: tuple[str, str]) -> _Claim:
    """A view edge's claim; its hedges, a list the view joins, from the claim node."""
    hedges = graph.objects(URIRef(str(attrs["claim"])), OCKG.hedge)
    confidence, method, sentence = (attrs.get(n) for n in ("confidence", "method", "sentence"))
    return _Claim(
        sentence=str(sentence) if sentence is not None else None,
        confidence=float(confidence) if confidence is not None else None,
        method=str(method) if method is not None else None,
        hedges=tuple(sorted(str(h) for h in hedges)),
        extra=tuple(e for e in extra if e[1]),
    )


def _page_edge(
    attrs: Attrs, kinds: dict[str, RelationKind], by_edge: dict[str, RelationKind]
) -> tuple[str, str, bool]:
    """(page kind, key, directed) of a view claim or shortcut edge."""
    kind, relation = str(attrs["kind"]), str(attrs["relation"])
    if kind == "route":
        return "route", "route", True
    if relation in ("active_in", "operates_in", "market_in"):
        return "presence", relation, True
    relation_kind = kinds[kind] if kind in kinds else by_edge[relation]
    return relation_kind.name, relation_kind.name, not relation_kind.symmetric


def _claims_and_shortcuts(graph: Graph, view: nx.MultiDiGraph, page: _Edges) -> None:
    kinds = relation_kinds()
    by_edge = {kind.edge: kind for kind in kinds.values()}
    for source, target, attrs in view.edges(data=True):
        if "claim" not in attrs:
            continue
        kind, key, directed = _page_edge(attrs, kinds, by_edge)
        extra = ()
        if kind == "route":
            extra = tuple((name, str(attrs.get(name, ""))) for name in ("market", "mode", "path"))
        page.add(source, target, kind, key, directed=directed, claim=_claim(graph, attrs, *extra))
    for source, target, attrs in view.edges(data=True):
        if attrs["kind"] != "shortcut":
            continue
        kind, key, directed = _page_edge(attrs, kinds, by_edge)
        if not page.has(source, target, kind, key):
            note = _NOTES.get(str(attrs["relation"]), _NOTES["shortcut"])
            page.add(source, target, kind, key, directed=directed, note=note)


def _targets(view: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    return sorted({t for _, t, r in view.out_edges(node, data="relation") if r == relation})


def _structure(view: nx.MultiDiGraph, page: _Edges) -> None:
    """Actor types of the actors shown, and the places shown up to the world."""
    for actor in sorted(page.nodes):
        if _page_kind(view.nodes[actor])[0] in ("group", "collective"):
            for actor_type in _targets(view, actor, "has_actor_type"):
                page.add(actor, actor_type, "actor_type", "actor_type", note=_NOTES["actor_type"])
    places = (n for n in page.nodes if _page_kind(view.nodes[n])[0] in ("place", "country"))
    pending, seen = sorted(places), set()
    while pending:
        place = pending.pop()
        if place in seen:
            continue
        seen.add(place)
        for parent in _targets(view, place, "located_in"):
            page.add(place, parent, "located_in", "located_in", note=_NOTES["located_in"])
            pending.append(parent)


def _score_entries(rows: list[ScoreRow], by_area: bool) -> list[dict[str, Any]]:
    entries = []
    for row in rows:
        label = f"{row.indicator_label if by_area else row.area_label} {row.edition}"
        entry: dict[str, Any] = {"label": label, "score": f"{row.score:.2f}"}
        if row.change is not None:
            entry["change"] = f"{row.change:+.2f}"
        if row.inferred:
            entry["inferred"] = True
        entries.append(entry)
    return sorted(entries, key=lambda e: e["label"])


def _labels(graph: Graph, view: nx.MultiDiGraph, node: URIRef, predicate: URIRef) -> list[str]:
    """The view's labels of the nodes ``node`` points to by ``predicate``, sorted."""
    targets = (str(o) for o in graph.objects(node, predicate) if isinstance(o, URIRef))
    return sorted(str(view.nodes[t]["label"]) for t in targets if t in view)


def _node_record(
    graph: Graph, view: nx.MultiDiGraph, node: str, scores: list[ScoreRow], composites: set
) -> dict[str, Any]:
    attrs, iri = view.nodes[node], URIRef(node)
    kind, subtype = _page_kind(attrs)
    record: dict[str, Any] = {"id": _key(node), "label": str(attrs["label"]), "kind": kind}
    if subtype is not None:
        record["type"] = subtype
    details: list[list[str]] = []
    if kind in ("group", "collective"):
        for predicate, name in ((OCKG.actorType, "actor type"), (OCKG.originCountry, "origin")):
            values = _labels(graph, view, iri, predicate)
            if values:
                details.append([name, ", ".join(values)])
    aliases = sorted({str(o) for o in graph.objects(iri, SKOS.altLabel)} - {record["label"]})
    if aliases and kind not in ("market", "actor_type"):
        details.append(["also", ", ".join(aliases[:_MAX_ALIASES])])
    parents = _labels(graph, view, iri, OCKG.locatedIn)
    if parents:
        details.append(["in", ", ".join(parents)])
    if details:
        record["details"] = details
    latitude, longitude = attrs.get("latitude"), attrs.get("longitude")
    if isinstance(latitude, float) and isinstance(longitude, float):
        record["lat"], record["lon"] = round(latitude, 5), round(longitude, 5)
    mentions = len(set(graph.objects(iri, OCKG.mentionedIn)))
    if mentions:
        record["mentions"] = mentions
    if kind in ("market", "actor_type"):
        entries = _score_entries([s for s in scores if s.indicator == iri], by_area=False)
    else:
        own = [s for s in scores if s.area == iri and s.indicator in composites]
        entries = _score_entries(own, by_area=True)
    if entries:
        record["scores"] = entries
    return record


def _edge_record(edge: _Edge, index: dict[str, int], sentences: dict[str, int]) -> dict:
    record: dict[str, Any] = {
        "s": index[edge.source],
        "t": index[edge.target],
        "kind": edge.kind,
        "key": edge.key,
        "directed": edge.directed,
    }
    claims: list[dict[str, Any]] = []
    for claim in sorted(edge.claims, key=_Claim.sort_key):
        item: dict[str, Any] = {"sentence": sentences.get(claim.sentence or "", -1)}
        if claim.confidence is not None:
            item["confidence"] = claim.confidence
        if claim.method:
            item["method"] = claim.method
        if claim.hedges:
            item["hedges"] = list(claim.hedges)
        item.update(dict(claim.extra))
        if item not in claims:
            claims.append(item)
    if claims:
        record["claims"] = claims
        record["confidence"] = max((c.get("confidence", 0.0) for c in claims), default=0.0)
    if edge.note and not claims:
        record["note"] = edge.note
    return record


def network_data(graph: Graph, title: str = "ockg") -> dict[str, Any]:
    """The page's data: sorted nodes, edges (node indices, claims) and de-duplicated sentences."""
    view = to_networkx(graph)
    page = _Edges()
    _claims_and_shortcuts(graph, view, page)
    _structure(view, page)
    scores = read_scores(graph)
    composites = set(graph.subjects(RDF.type, OCKG.CompositeIndicator))
    order = sorted(page.nodes, key=_key)
    index = {node: n for n, node in enumerate(order)}
    texts = {c.sentence for e in page.edges.values() for c in e.claims if c.sentence}
    sentences = sorted(texts)
    sentence_index = {text: n for n, text in enumerate(sentences)}
    edges = sorted(
        page.edges.values(), key=lambda e: (index[e.source], index[e.target], e.kind, e.key)
    )
    return {
        "title": title,
        "base": str(ID),
        "nodes": [_node_record(graph, view, node, scores, composites) for node in order],
        "edges": [_edge_record(edge, index, sentence_index) for edge in edges],
        "sentences": sentences,
        "legend": {
            "nodes": [[k, label, colour] for k, (label, colour) in NODE_KINDS.items()],
            "edges": [[k, label, colour] for k, (label, colour) in edge_kinds().items()],
            "keys": _key_labels(),
        },
    }
