"""One self-contained, offline HTML page drawing the graph of who operates where, in which market.

The page holds everything: the data as JSON in ``<script type="application/json"
id="ockg-data">``, the CSS and a small vanilla-JS force-directed layout on SVG (no CDN, no
request of any kind). Nodes are actors, places, markets and actor types; edges are the
claims (presence, route, and each relation kind of ``ontology/relation_kinds.yaml``:
cooperation, rivalry…) with their source sentences and confidence,
plus the structural ``located in`` and ``actor type`` links.

The data is sorted and the layout uses a seeded random generator, so the same graph gives
byte-identical HTML and the same picture.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from kg.graph.namespaces import ID, NIF, OCKG, PROV, relation_predicate
from kg.graph.serialize import atomic_write
from kg.relation_kinds import UnknownRelationKind, relation_kinds
from kg.viz.chart import ScoreRow, label_of, read_scores

__all__ = ["NODE_KINDS", "edge_kinds", "network_data", "network_page", "write_network_page"]

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


_KIND_BY_CLASS = (
    (OCKG.CriminalGroup, "group"),
    (OCKG.ActorCollective, "collective"),
    (OCKG.CriminalActor, "group"),
    (OCKG.Country, "country"),
    (OCKG.CriminalMarket, "market"),
    (OCKG.ActorType, "actor_type"),
)
_PLACE_TYPES = {
    OCKG.World: "world",
    OCKG.Continent: "continent",
    OCKG.WorldRegion: "world region",
    OCKG.Region: "region",
    OCKG.City: "city",
    OCKG.Area: "area",
    OCKG.BorderArea: "border area",
    OCKG.Facility: "facility",
    OCKG.Road: "road",
    OCKG.River: "river",
    OCKG.Place: "place",
}
_KIND_BY_PREFIX = (
    ("group/", "group"),
    ("collective/", "collective"),
    ("place/country/", "country"),
    ("place/", "place"),
    ("indicator/", "market"),
)
_MAX_ALIASES = 5


def _key(node: Node) -> str:
    """A node's id on the page: its IRI without the ``ockg:id/`` base."""
    return str(node).removeprefix(str(ID))


def _kind(graph: Graph, node: URIRef) -> tuple[str, str | None]:
    """(kind, place subtype) of a node, from its classes or, failing that, its IRI."""
    types = set(graph.objects(node, RDF.type))
    for cls, kind in _KIND_BY_CLASS:
        if cls in types:
            return kind, None
    subtypes = sorted(_PLACE_TYPES[t] for t in types if t in _PLACE_TYPES)
    if subtypes:
        return "place", subtypes[0]
    key = _key(node)
    return next((kind for prefix, kind in _KIND_BY_PREFIX if key.startswith(prefix)), "other"), None


def _number(value: Node | None) -> float | None:
    if isinstance(value, Literal):
        try:
            return float(str(value))
        except ValueError:
            return None
    return None


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
    source: URIRef
    target: URIRef
    kind: str
    key: str
    directed: bool
    claims: list[_Claim] = field(default_factory=list)
    note: str | None = None


class _Collector:
    """Collects nodes and aggregated edges (one per source, target, kind and key)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.nodes: set[URIRef] = set()
        self.edges: dict[tuple[URIRef, URIRef, str, str], _Edge] = {}

    def edge(
        self,
        source: URIRef,
        target: URIRef,
        kind: str,
        key: str,
        *,
        directed: bool = True,
        claim: _Claim | None = None,
        note: str | None = None,
    ) -> None:
        if source == target:
            return
        if not directed and str(target) < str(source):
            source, target = target, source
        self.nodes.update((source, target))
        edge = self.edges.setdefault(
            (source, target, kind, key), _Edge(source, target, kind, key, directed)
        )
        if claim is not None:
            edge.claims.append(claim)
        elif edge.note is None:
            edge.note = note

    def has(self, source: URIRef, target: URIRef, kind: str, key: str) -> bool:
        return (source, target, kind, key) in self.edges or (
            (target, source, kind, key) in self.edges
        )

    def claim(self, node: URIRef, *extra: tuple[str, str]) -> _Claim:
        graph = self.graph
        sentences = sorted(
            str(text)
            for source in graph.objects(node, PROV.wasDerivedFrom)
            for text in graph.objects(source, NIF.anchorOf)
        )
        method = graph.value(node, OCKG.method)
        return _Claim(
            sentence=sentences[0] if sentences else None,
            confidence=_number(graph.value(node, OCKG.confidence)),
            method=str(method) if method is not None else None,
            hedges=tuple(sorted(str(h) for h in graph.objects(node, OCKG.hedge))),
            extra=tuple(e for e in extra if e[1]),
        )

    def uri(self, node: URIRef, predicate: URIRef) -> URIRef | None:
        value = self.graph.value(node, predicate)
        return value if isinstance(value, URIRef) else None


def _collect_claims(c: _Collector) -> None:
    graph = c.graph
    for node in sorted(graph.subjects(RDF.type, OCKG.Presence)):
        actor, market, place = (c.uri(node, p) for p in (OCKG.actor, OCKG.market, OCKG.place))
        claim = c.claim(node)
        if actor is not None and market is not None:
            c.edge(actor, market, "presence", "active_in", claim=claim)
        if actor is not None and place is not None:
            c.edge(actor, place, "presence", "operates_in", claim=claim)
        if market is not None and place is not None:
            c.edge(market, place, "presence", "market_in", claim=claim)
    for node in sorted(graph.subjects(RDF.type, OCKG.Route)):
        via_list = graph.value(node, OCKG.via)
        via = [v for v in graph.items(via_list) if isinstance(v, URIRef)] if via_list else []
        stops = [c.uri(node, OCKG.origin), *via, c.uri(node, OCKG.destination)]
        points = [p for p in stops if p is not None]
        market = c.uri(node, OCKG.market)
        mode = graph.value(node, OCKG.mode)
        claim = c.claim(
            node,
            ("market", label_of(graph, market) if market is not None else ""),
            ("mode", str(mode) if mode is not None else ""),
            ("path", " → ".join(label_of(graph, p) for p in points)),
        )
        for first, second in itertools.pairwise(points):
            c.edge(first, second, "route", "route", claim=claim)
    kinds = relation_kinds()
    for node in sorted(graph.subjects(RDF.type, OCKG.Relationship)):
        name = str(graph.value(node, OCKG.relationKind) or "")
        if name not in kinds:
            raise UnknownRelationKind(name)
        kind = kinds[name]
        actors = sorted(a for a in graph.objects(node, OCKG.participant) if isinstance(a, URIRef))
        if len(actors) != 2:
            continue
        predicate = relation_predicate(kind)
        if not kind.symmetric and (actors[0], predicate, actors[1]) not in graph:
            actors.reverse()  # a directed kind runs as its shortcut triple does
        directed = not kind.symmetric
        c.edge(actors[0], actors[1], name, name, directed=directed, claim=c.claim(node))


def _collect_shortcuts(c: _Collector) -> None:
    """Shortcut triples no claim stands behind (e.g. an actor named in a country's profile)."""
    graph = c.graph
    shortcuts = (
        (OCKG.activeIn, "presence", "active_in", True),
        (OCKG.operatesIn, "presence", "operates_in", True),
        *(
            (relation_predicate(kind), name, name, not kind.symmetric)
            for name, kind in relation_kinds().items()
        ),
    )
    for predicate, kind, key, directed in shortcuts:
        for s, o in sorted(graph.subject_objects(predicate)):
            if isinstance(s, URIRef) and isinstance(o, URIRef) and not c.has(s, o, kind, key):
                note = "no sentence: the actor is named in the country's profile"
                if predicate != OCKG.operatesIn:
                    note = "asserted in the graph without a source sentence"
                c.edge(s, o, kind, key, directed=directed, note=note)


def _collect_structure(c: _Collector) -> None:
    """Actor types of the actors shown, and the places shown up to the world."""
    graph = c.graph
    for actor in sorted(c.nodes):
        if _kind(graph, actor)[0] in ("group", "collective"):
            for actor_type in sorted(graph.objects(actor, OCKG.actorType)):
                if isinstance(actor_type, URIRef):
                    note = "the Index's actor type of this actor"
                    c.edge(actor, actor_type, "actor_type", "actor_type", note=note)
    pending = sorted(n for n in c.nodes if _kind(graph, n)[0] in ("place", "country"))
    seen: set[URIRef] = set()
    while pending:
        place = pending.pop()
        if place in seen:
            continue
        seen.add(place)
        for parent in sorted(graph.objects(place, OCKG.locatedIn)):
            if isinstance(parent, URIRef):
                c.edge(place, parent, "located_in", "located_in", note="gazetteer")
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


def _node_record(
    graph: Graph, node: URIRef, scores: list[ScoreRow], composites: set[URIRef]
) -> dict[str, Any]:
    kind, subtype = _kind(graph, node)
    record: dict[str, Any] = {"id": _key(node), "label": label_of(graph, node), "kind": kind}
    if subtype is not None:
        record["type"] = subtype
    details: list[list[str]] = []
    if kind in ("group", "collective"):
        for predicate, name in ((OCKG.actorType, "actor type"), (OCKG.originCountry, "origin")):
            values = sorted(label_of(graph, o) for o in graph.objects(node, predicate))
            if values:
                details.append([name, ", ".join(values)])
    aliases = sorted({str(o) for o in graph.objects(node, SKOS.altLabel)} - {record["label"]})
    if aliases and kind not in ("market", "actor_type"):
        details.append(["also", ", ".join(aliases[:_MAX_ALIASES])])
    parents = sorted(label_of(graph, o) for o in graph.objects(node, OCKG.locatedIn))
    if parents:
        details.append(["in", ", ".join(parents)])
    if details:
        record["details"] = details
    latitude = _number(graph.value(node, OCKG.latitude))
    longitude = _number(graph.value(node, OCKG.longitude))
    if latitude is not None and longitude is not None:
        record["lat"], record["lon"] = round(latitude, 5), round(longitude, 5)
    mentions = len(set(graph.objects(node, OCKG.mentionedIn)))
    if mentions:
        record["mentions"] = mentions
    if kind in ("market", "actor_type"):
        entries = _score_entries([s for s in scores if s.indicator == node], by_area=False)
    else:
        own = [s for s in scores if s.area == node and s.indicator in composites]
        entries = _score_entries(own, by_area=True)
    if entries:
        record["scores"] = entries
    return record


def network_data(graph: Graph, title: str = "ockg") -> dict[str, Any]:
    """The page's data: sorted nodes, edges (node indices, claims) and de-duplicated sentences."""
    collector = _Collector(graph)
    _collect_claims(collector)
    _collect_shortcuts(collector)
    _collect_structure(collector)
    scores = read_scores(graph)
    composites = set(graph.subjects(RDF.type, OCKG.CompositeIndicator))
    order = sorted(collector.nodes, key=_key)
    index = {node: n for n, node in enumerate(order)}
    nodes = [_node_record(graph, node, scores, composites) for node in order]
    sentences = sorted(
        {c.sentence for e in collector.edges.values() for c in e.claims if c.sentence}
    )
    sentence_index = {text: n for n, text in enumerate(sentences)}
    edges = []
    for edge in sorted(
        collector.edges.values(),
        key=lambda e: (index[e.source], index[e.target], e.kind, e.key),
    ):
        record: dict[str, Any] = {
            "s": index[edge.source],
            "t": index[edge.target],
            "kind": edge.kind,
            "key": edge.key,
            "directed": edge.directed,
        }
        claims = []
        for claim in sorted(edge.claims, key=_Claim.sort_key):
            item: dict[str, Any] = {"sentence": sentence_index.get(claim.sentence or "", -1)}
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
        edges.append(record)
    return {
        "title": title,
        "base": str(ID),
        "nodes": nodes,
        "edges": edges,
        "sentences": sentences,
        "legend": {
            "nodes": [[k, label, colour] for k, (label, colour) in NODE_KINDS.items()],
            "edges": [[k, label, colour] for k, (label, colour) in edge_kinds().items()],
            "keys": _key_labels(),
        },
    }


def _json_for_script(data: dict[str, Any]) -> str:
    """JSON that cannot end its ``<script>`` element: ``<``, ``>`` and ``&`` as escapes.

    ASCII only, so that any label (even a lone surrogate from a hostile graph) survives.
    """
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def network_page(graph: Graph, title: str = "ockg") -> str:
    """The HTML text of the network page (see :func:`write_network_page`)."""
    data = network_data(graph, title)
    parts = {
        "TITLE": html.escape(title),
        "CSS": _CSS.strip(),
        "JS": _JS.strip(),
        "DATA": _json_for_script(data),
    }
    # One pass over the template: a title or label holding "__DATA__" is never expanded.
    return _PLACEHOLDER.sub(lambda match: parts[match[1]], _PAGE)


_PLACEHOLDER = re.compile(r"__(TITLE|CSS|JS|DATA)__")


def write_network_page(graph: Graph, out: str | Path, title: str = "ockg") -> None:
    """Write the graph as one self-contained HTML page to ``out`` (atomically)."""
    atomic_write(Path(out), network_page(graph, title).encode("utf-8", errors="replace"))


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ockg">
<title>__TITLE__</title>
<style>
__CSS__
</style>
</head>
<body>
<div id="ockg-root" data-rendered-nodes="0" data-rendered-edges="0" data-layout="pending">
<header>
<h1>__TITLE__</h1>
<input id="search" type="search" placeholder="Find a node…" list="node-names" autocomplete="off"
 aria-label="Find a node">
<datalist id="node-names"></datalist>
<span id="search-count" aria-live="polite"></span>
<label><input id="all-labels" type="checkbox"> all labels</label>
<button id="fit" type="button">Fit</button>
<span id="stats"></span>
</header>
<main>
<svg id="graph" role="img" aria-label="network of actors, places and markets">
<defs id="markers"></defs>
<g id="viewport"><g id="edges"></g><g id="nodes"></g><g id="labels"></g></g>
</svg>
<aside id="legend" aria-label="legend"></aside>
<aside id="details" hidden></aside>
<div id="tooltip" role="tooltip" hidden></div>
<noscript><p class="noscript">This page needs JavaScript to draw the graph.</p></noscript>
</main>
</div>
<script type="application/json" id="ockg-data">__DATA__</script>
<script>
__JS__
</script>
</body>
</html>
"""

_CSS = """
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
  color: #222; background: #fafafa; }
#ockg-root { display: flex; flex-direction: column; height: 100vh; }
header { display: flex; gap: 12px; align-items: center; padding: 6px 12px;
  border-bottom: 1px solid #ddd; background: #fff; flex-wrap: wrap; }
header h1 { font-size: 16px; margin: 0 8px 0 0; }
#search { width: 16em; padding: 3px 6px; }
#stats, #search-count { color: #666; }
main { position: relative; flex: 1; min-height: 300px; overflow: hidden; }
#graph { width: 100%; height: 100%; display: block; cursor: grab; touch-action: none;
  user-select: none; }
#graph.panning { cursor: grabbing; }
.edge { fill: none; }
.hit { fill: none; stroke: transparent; stroke-width: 9; cursor: pointer; }
.edge.hover { stroke-opacity: 1 !important; }
.node { stroke: #fff; stroke-width: 1.5; cursor: pointer; }
.node.match { stroke: #111; stroke-width: 3; }
.node.selected { stroke: #111; stroke-width: 2.5; }
.label { font-size: 10px; fill: #222; pointer-events: none; paint-order: stroke;
  stroke: #fafafa; stroke-width: 3px; stroke-linejoin: round; }
.dim { opacity: 0.12; }
.hidden { display: none; }
#legend { position: absolute; left: 10px; bottom: 10px; background: rgba(255,255,255,.94);
  border: 1px solid #ddd; border-radius: 6px; padding: 6px 8px; max-width: 260px; }
#legend h2 { font-size: 11px; text-transform: uppercase; color: #666; margin: 4px 0 2px; }
#legend button { display: flex; align-items: center; gap: 6px; border: 0; background: none;
  padding: 1px 2px; font: inherit; cursor: pointer; width: 100%; text-align: left; }
#legend button.off { opacity: 0.35; text-decoration: line-through; }
.swatch { width: 12px; height: 12px; border-radius: 50%; flex: none; }
.swatch.line { height: 4px; border-radius: 2px; width: 18px; }
#legend .hint { color: #777; font-size: 11px; margin-top: 4px; }
#details, #tooltip { background: #fff; border: 1px solid #ccc; border-radius: 6px;
  box-shadow: 0 2px 8px rgba(0,0,0,.15); }
#details { position: absolute; right: 10px; top: 10px; bottom: 10px; width: 360px;
  overflow: auto; padding: 10px 12px; }
#details .close { float: right; border: 0; background: none; font-size: 18px; cursor: pointer; }
#tooltip { position: fixed; max-width: 380px; padding: 6px 9px; pointer-events: none;
  z-index: 10; }
.info-title { font-weight: 600; font-size: 14px; }
.info-sub { color: #666; margin-bottom: 4px; }
.info-row { margin: 1px 0; }
.info-row b { font-weight: 600; }
.claim { border-left: 3px solid #ccc; margin: 6px 0; padding: 1px 0 1px 8px; }
.claim q { font-style: italic; }
.claim .meta { color: #666; font-size: 11px; }
table.scores { border-collapse: collapse; margin-top: 4px; }
table.scores td { padding: 0 8px 0 0; }
.noscript { padding: 20px; }
"""

_JS = r"""
window.addEventListener("error", function (ev) {
  var root = document.getElementById("ockg-root");
  if (root) root.setAttribute("data-error", String(ev.message));
});
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var root = document.getElementById("ockg-root");
  var data = JSON.parse(document.getElementById("ockg-data").textContent);
  var nodes = data.nodes, edges = data.edges, sentences = data.sentences;
  var svg = document.getElementById("graph");
  var viewport = document.getElementById("viewport");
  var tooltip = document.getElementById("tooltip");
  var details = document.getElementById("details");
  var nodeInfoKind = {}, edgeInfoKind = {};
  data.legend.nodes.forEach(function (k) { nodeInfoKind[k[0]] = { label: k[1], color: k[2] }; });
  data.legend.edges.forEach(function (k) { edgeInfoKind[k[0]] = { label: k[1], color: k[2] }; });
  var keyLabels = data.legend.keys;

  // ---- seeded random numbers (mulberry32): the same graph gives the same picture ------------
  var seed = 0x0c6b;
  function random() {
    seed = (seed + 0x6d2b79f5) | 0;
    var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  // ---- simulation state ----------------------------------------------------------------------
  var n = nodes.length;
  var CHARGE = 260, MAX_DIST2 = 600 * 600, GRAVITY = 0.035, GEO_PULL = 0.08;
  var VELOCITY_DECAY = 0.4, ALPHA_MIN = 0.002, ALPHA_DECAY = 1 - Math.pow(ALPHA_MIN, 1 / 300);
  var alpha = 1, alphaTarget = 0;
  nodes.forEach(function (d, i) {
    d.index = i; d.degree = 0; d.vx = 0; d.vy = 0; d.fx = null; d.fy = null;
  });
  edges.forEach(function (e) { nodes[e.s].degree++; nodes[e.t].degree++; });
  nodes.forEach(function (d) { d.r = 4 + 2.2 * Math.sqrt(d.degree); });

  // one spring per connected pair, whatever the number of edges between them
  var links = [], pairIndex = {};
  edges.forEach(function (e) {
    var a = Math.min(e.s, e.t), b = Math.max(e.s, e.t), key = a + "," + b;
    if (pairIndex[key] === undefined) {
      pairIndex[key] = links.length;
      links.push({ s: a, t: b, count: 0, structural: true });
    }
    var link = links[pairIndex[key]];
    link.count++;
    if (e.kind !== "located_in" && e.kind !== "actor_type") link.structural = false;
  });
  links.forEach(function (l) {
    var s = nodes[l.s], t = nodes[l.t];
    l.distance = (l.structural ? 70 : 45) + s.r + t.r;
    l.strength = 1 / Math.max(1, Math.min(s.degree, t.degree));
    l.bias = s.degree / (s.degree + t.degree || 1);
  });

  // curved offsets for parallel edges between the same two nodes
  var byPair = {};
  edges.forEach(function (e, i) {
    var key = Math.min(e.s, e.t) + "," + Math.max(e.s, e.t);
    (byPair[key] = byPair[key] || []).push(i);
  });
  Object.keys(byPair).forEach(function (key) {
    var list = byPair[key];
    list.forEach(function (i, j) {
      var e = edges[i];
      e.curve = (j - (list.length - 1) / 2) * 16 * (e.s < e.t ? 1 : -1);
    });
  });

  // start positions: places with coordinates from lon/lat, the others at random in a disc
  var spread = 40 * Math.sqrt(n + 1);
  var geo = nodes.filter(function (d) {
    return typeof d.lat === "number" && typeof d.lon === "number";
  });
  if (geo.length) {
    var meanLat = geo.reduce(function (a, d) { return a + d.lat; }, 0) / geo.length;
    var cos = Math.cos(meanLat * Math.PI / 180);
    var xs = geo.map(function (d) { return d.lon * cos; });
    var ys = geo.map(function (d) { return -d.lat; });
    var minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
    var minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
    var span = Math.max(maxX - minX, maxY - minY);
    var scale = span > 0 ? (1.6 * spread) / span : 0;
    geo.forEach(function (d, i) {
      d.gx = (xs[i] - (minX + maxX) / 2) * scale;
      d.gy = (ys[i] - (minY + maxY) / 2) * scale;
    });
  }
  nodes.forEach(function (d) {
    if (d.gx !== undefined) { d.x = d.gx; d.y = d.gy; return; }
    var a = random() * 2 * Math.PI, r = spread * Math.sqrt(random());
    d.x = r * Math.cos(a); d.y = r * Math.sin(a);
  });

  function tick() {
    var i, j, p, q, dx, dy, d2, f;
    for (i = 0; i < n; i++) {  // repulsion between every pair (fine for a few hundred nodes)
      p = nodes[i];
      for (j = i + 1; j < n; j++) {
        q = nodes[j];
        dx = q.x - p.x; dy = q.y - p.y; d2 = dx * dx + dy * dy;
        if (d2 > MAX_DIST2) continue;
        if (d2 < 1) { dx = random() - 0.5; dy = random() - 0.5; d2 = 1; }
        f = CHARGE * alpha / d2;
        p.vx -= dx * f; p.vy -= dy * f; q.vx += dx * f; q.vy += dy * f;
      }
    }
    links.forEach(function (l) {  // springs
      var s = nodes[l.s], t = nodes[l.t];
      var lx = t.x + t.vx - s.x - s.vx, ly = t.y + t.vy - s.y - s.vy;
      var len = Math.sqrt(lx * lx + ly * ly) || 1e-6;
      var k = (len - l.distance) / len * alpha * l.strength;
      lx *= k; ly *= k;
      t.vx -= lx * l.bias; t.vy -= ly * l.bias;
      s.vx += lx * (1 - l.bias); s.vy += ly * (1 - l.bias);
    });
    nodes.forEach(function (d) {  // gravity, geographic anchors, integration
      d.vx -= d.x * GRAVITY * alpha; d.vy -= d.y * GRAVITY * alpha;
      if (d.gx !== undefined) {
        d.vx += (d.gx - d.x) * GEO_PULL * alpha; d.vy += (d.gy - d.y) * GEO_PULL * alpha;
      }
      if (d.fx !== null) { d.x = d.fx; d.y = d.fy; d.vx = 0; d.vy = 0; return; }
      d.vx *= 1 - VELOCITY_DECAY; d.vy *= 1 - VELOCITY_DECAY;
      d.x += d.vx; d.y += d.vy;
    });
    alpha += (alphaTarget - alpha) * ALPHA_DECAY;
  }

  // ---- drawing -------------------------------------------------------------------------------
  function el(tag, attrs, parent) {
    var e = document.createElementNS(SVGNS, tag);
    Object.keys(attrs).forEach(function (k) {
      if (attrs[k] !== null) e.setAttribute(k, attrs[k]);
    });
    if (parent) parent.appendChild(e);
    return e;
  }
  var markers = document.getElementById("markers");
  data.legend.edges.forEach(function (k) {
    var m = el("marker", { id: "arrow-" + k[0], viewBox: "0 0 10 10", refX: 9, refY: 5,
      markerWidth: 7, markerHeight: 7, markerUnits: "userSpaceOnUse", orient: "auto" }, markers);
    el("path", { d: "M0,0L10,5L0,10z", fill: k[2] }, m);
  });
  var edgeLayer = document.getElementById("edges"), nodeLayer = document.getElementById("nodes");
  var labelLayer = document.getElementById("labels");
  edges.forEach(function (e, i) {
    var kind = edgeInfoKind[e.kind] || { color: "#999" };
    var confidence = typeof e.confidence === "number" ? e.confidence : 0.6;
    var structural = e.kind === "located_in" || e.kind === "actor_type";
    e.path = el("path", { "class": "edge", stroke: kind.color,
      "stroke-width": (1 + Math.log2(1 + (e.claims ? e.claims.length : 0))).toFixed(2),
      "stroke-opacity": (0.3 + 0.6 * confidence).toFixed(2),
      "stroke-dasharray": e.claims ? null : (structural ? "2 3" : "5 3"),
      "marker-end": e.directed ? "url(#arrow-" + e.kind + ")" : null }, edgeLayer);
    e.hit = el("path", { "class": "hit", "data-edge": i }, edgeLayer);
  });
  var labelled = nodes.slice()
    .sort(function (a, b) { return b.degree - a.degree || a.index - b.index; })
    .slice(0, 30).map(function (d) { return d.index; });
  nodes.forEach(function (d, i) {
    var colour = (nodeInfoKind[d.kind] || nodeInfoKind.other).color;
    d.circle = el("circle", { "class": "node", r: d.r.toFixed(1), fill: colour,
      "data-node": i, "data-kind": d.kind, "data-id": d.id }, nodeLayer);
    d.text = el("text", { "class": "label", dy: "0.35em" }, labelLayer);
    d.text.textContent = d.label;
    d.major = labelled.indexOf(i) >= 0 || d.kind === "group";
  });

  function fmt(v) { return Math.round(v * 10) / 10; }
  function edgePath(e) {
    var s = nodes[e.s], t = nodes[e.t];
    var dx = t.x - s.x, dy = t.y - s.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
    var cx = (s.x + t.x) / 2 - dy / len * e.curve, cy = (s.y + t.y) / 2 + dx / len * e.curve;
    var ex = t.x, ey = t.y;
    if (e.directed) {
      var ux = t.x - cx, uy = t.y - cy, ul = Math.sqrt(ux * ux + uy * uy) || 1;
      ex -= ux / ul * (t.r + 1.5); ey -= uy / ul * (t.r + 1.5);
    }
    var start = "M" + fmt(s.x) + "," + fmt(s.y), end = fmt(ex) + "," + fmt(ey);
    return e.curve ? start + "Q" + fmt(cx) + "," + fmt(cy) + " " + end : start + "L" + end;
  }
  function draw() {
    edges.forEach(function (e) {
      var d = edgePath(e);
      e.path.setAttribute("d", d); e.hit.setAttribute("d", d);
    });
    nodes.forEach(function (d) {
      d.circle.setAttribute("cx", fmt(d.x)); d.circle.setAttribute("cy", fmt(d.y));
      d.text.setAttribute("x", fmt(d.x + d.r + 2)); d.text.setAttribute("y", fmt(d.y));
    });
  }

  // ---- view: zoom and pan --------------------------------------------------------------------
  var view = { k: 1, x: 0, y: 0 };
  function applyView() {
    viewport.setAttribute("transform", "translate(" + fmt(view.x) + "," + fmt(view.y) + ") " +
      "scale(" + view.k.toFixed(4) + ")");
  }
  function size() {
    var box = svg.getBoundingClientRect();
    return { w: box.width || 800, h: box.height || 600, left: box.left, top: box.top };
  }
  function fit() {
    var shown = nodes.filter(function (d) { return !d.hidden; });
    if (!shown.length) shown = nodes;
    if (!shown.length) return;
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    shown.forEach(function (d) {  // 60: room for the label on the right
      x0 = Math.min(x0, d.x - d.r); y0 = Math.min(y0, d.y - d.r);
      x1 = Math.max(x1, d.x + d.r + 60); y1 = Math.max(y1, d.y + d.r);
    });
    var s = size(), pad = 30, left = s.w > 900 ? legend.offsetWidth + 20 : pad;
    var w = Math.max(x1 - x0, 1), hgt = Math.max(y1 - y0, 1);
    view.k = Math.min((s.w - left - pad) / w, (s.h - 2 * pad) / hgt, 3);
    view.x = left + (s.w - left - pad) / 2 - (x0 + x1) / 2 * view.k;
    view.y = s.h / 2 - (y0 + y1) / 2 * view.k;
    applyView();
  }
  function centreOn(d) {
    var s = size();
    view.k = Math.max(view.k, 1.2);
    view.x = s.w / 2 - d.x * view.k; view.y = s.h / 2 - d.y * view.k;
    applyView();
  }
  function toGraph(ev) {
    var s = size();
    return {
      x: (ev.clientX - s.left - view.x) / view.k, y: (ev.clientY - s.top - view.y) / view.k
    };
  }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var s = size(), px = ev.clientX - s.left, py = ev.clientY - s.top;
    var k = Math.min(8, Math.max(0.1, view.k * Math.exp(-ev.deltaY * 0.0015)));
    view.x = px - (px - view.x) * k / view.k; view.y = py - (py - view.y) * k / view.k; view.k = k;
    applyView();
  }, { passive: false });

  // ---- animation after a drag ----------------------------------------------------------------
  var running = false;
  function frame() {
    tick(); draw();
    if (alpha > ALPHA_MIN || alphaTarget > 0) requestAnimationFrame(frame); else running = false;
  }
  function restart() { if (!running) { running = true; requestAnimationFrame(frame); } }

  // ---- information: tooltip and details panel ------------------------------------------------
  function h(tag, cls, text, parent) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function nodeInfo(d, full) {
    var box = h("div");
    h("div", "info-title", d.label, box);
    var kind = (nodeInfoKind[d.kind] || nodeInfoKind.other).label;
    var linkText = d.degree + " link" + (d.degree === 1 ? "" : "s");
    h("div", "info-sub", kind + (d.type ? " · " + d.type : "") + " · " + linkText, box);
    (d.details || []).forEach(function (row) {
      var line = h("div", "info-row", null, box);
      h("b", null, row[0] + ": ", line); line.appendChild(document.createTextNode(row[1]));
    });
    if (d.mentions) h("div", "info-row", "mentioned " + d.mentions + "× in the text", box);
    if (d.scores) {
      h("div", "info-row", "Index scores", box).style.fontWeight = "600";
      var table = h("table", "scores", null, box);
      d.scores.forEach(function (s) {
        var tr = h("tr", null, null, table);
        h("td", null, s.label, tr); h("td", null, s.score, tr);
        h("td", null, s.change ? "(" + s.change + ")" : "", tr);
        h("td", null, s.inferred ? "inferred" : "", tr);
      });
    }
    if (full) h("div", "info-sub", d.id, box);
    return box;
  }
  function edgeInfo(e, full) {
    var s = nodes[e.s], t = nodes[e.t], box = h("div");
    h("div", "info-title", s.label + (e.directed ? " → " : " ↔ ") + t.label, box);
    var kind = (edgeInfoKind[e.kind] || { label: e.kind }).label;
    var count = e.claims ? e.claims.length : 0;
    var sub = kind + (e.key !== e.kind ? " · " + (keyLabels[e.key] || e.key) : "");
    sub += " · " + count + " claim" + (count === 1 ? "" : "s");
    if (typeof e.confidence === "number") sub += " · confidence up to " + e.confidence.toFixed(2);
    h("div", "info-sub", sub, box);
    if (e.note) h("div", "info-row", e.note, box);
    var claims = e.claims || [], shown = full ? claims : claims.slice(0, 3);
    shown.forEach(function (c) {
      var div = h("div", "claim", null, box);
      if (c.sentence >= 0) h("q", null, sentences[c.sentence], div);
      var meta = [];
      if (typeof c.confidence === "number") meta.push("confidence " + c.confidence.toFixed(2));
      if (c.method) meta.push(c.method);
      if (c.hedges) meta.push("hedged: " + c.hedges.join(", "));
      ["market", "mode", "path"].forEach(function (k) { if (c[k]) meta.push(k + ": " + c[k]); });
      h("div", "meta", meta.join(" · "), div);
    });
    if (claims.length > shown.length) {
      h("div", "info-sub", "+ " + (claims.length - shown.length) + " more: click the edge", box);
    }
    return box;
  }
  function showTip(content, ev) {
    tooltip.replaceChildren(content);
    tooltip.hidden = false;
    moveTip(ev);
  }
  function moveTip(ev) {
    var x = ev.clientX + 14, y = ev.clientY + 14;
    var w = tooltip.offsetWidth, hgt = tooltip.offsetHeight;
    if (x + w > window.innerWidth - 4) x = Math.max(4, ev.clientX - w - 14);
    if (y + hgt > window.innerHeight - 4) y = Math.max(4, ev.clientY - hgt - 14);
    tooltip.style.left = x + "px"; tooltip.style.top = y + "px";
  }
  function hideTip() { tooltip.hidden = true; hovered = null; }
  function showDetails(content) {
    var close = h("button", "close", "×");
    close.type = "button"; close.title = "close";
    close.addEventListener("click", function () { select(null); });
    details.replaceChildren(close, content);
    details.hidden = false;
  }

  // ---- highlighting: selection, search -------------------------------------------------------
  var selected = null;
  function focusOn(set, edgeSet) {
    nodes.forEach(function (d) {
      var dim = set !== null && !set[d.index];
      d.circle.classList.toggle("dim", dim); d.text.classList.toggle("dim", dim);
    });
    edges.forEach(function (e, i) {
      var dim = set !== null && !(edgeSet ? edgeSet[i] : set[e.s] && set[e.t]);
      e.path.classList.toggle("dim", dim);
    });
    updateLabels(set);
  }
  function select(item) {
    if (selected && selected.circle) selected.circle.classList.remove("selected");
    selected = item;
    if (!item) { details.hidden = true; applySearch(); return; }
    var set = {}, edgeSet = {};
    if (item.circle) {
      item.circle.classList.add("selected");
      set[item.index] = true;
      edges.forEach(function (e, i) {
        if (e.s === item.index || e.t === item.index) {
          set[e.s] = set[e.t] = true; edgeSet[i] = true;
        }
      });
      showDetails(nodeInfo(item, true));
    } else {
      set[item.s] = set[item.t] = true; edgeSet[edges.indexOf(item)] = true;
      showDetails(edgeInfo(item, true));
    }
    focusOn(set, edgeSet);
  }
  var search = document.getElementById("search");
  var searchCount = document.getElementById("search-count");
  var matches = [];
  function applySearch() {
    var q = search.value.trim().toLowerCase();
    matches = q ? nodes.filter(function (d) { return d.label.toLowerCase().indexOf(q) >= 0; }) : [];
    matches.sort(function (a, b) {
      var exact = (b.label.toLowerCase() === q) - (a.label.toLowerCase() === q);
      return exact || b.degree - a.degree || a.index - b.index;
    });
    nodes.forEach(function (d) { d.circle.classList.remove("match"); });
    matches.forEach(function (d) { d.circle.classList.add("match"); });
    var plural = matches.length === 1 ? "" : "es";
    searchCount.textContent = q ? matches.length + " match" + plural : "";
    if (selected) return;
    if (!q) { focusOn(null); return; }
    var set = {};
    matches.forEach(function (d) { set[d.index] = true; });
    var edgeSet = {};
    edges.forEach(function (e, i) { if (set[e.s] || set[e.t]) edgeSet[i] = true; });
    focusOn(set, edgeSet);
  }
  search.addEventListener("input", function () { if (selected) select(null); applySearch(); });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && matches.length) { centreOn(matches[0]); select(matches[0]); }
    if (ev.key === "Escape") { search.value = ""; select(null); }
  });
  var names = document.getElementById("node-names");
  nodes.map(function (d) { return d.label; }).sort()
    .filter(function (v, i, a) { return i === 0 || a[i - 1] !== v; })
    .forEach(function (label) { h("option", null, null, names).value = label; });

  var allLabels = document.getElementById("all-labels");
  function updateLabels(set) {
    nodes.forEach(function (d) {
      var show = !d.hidden && (allLabels.checked || d.major || (set && set[d.index]));
      d.text.classList.toggle("hidden", !show);
    });
  }
  allLabels.addEventListener("change", function () {
    if (selected) select(selected); else applySearch();
  });
  document.getElementById("fit").addEventListener("click", fit);

  // ---- legend: colours, counts, and toggles --------------------------------------------------
  var hiddenKinds = {};
  function applyVisibility() {
    nodes.forEach(function (d) {
      d.hidden = !!hiddenKinds["node:" + d.kind];
      d.circle.classList.toggle("hidden", d.hidden);
    });
    edges.forEach(function (e) {
      var hide = !!hiddenKinds["edge:" + e.kind] || nodes[e.s].hidden || nodes[e.t].hidden;
      e.path.classList.toggle("hidden", hide); e.hit.classList.toggle("hidden", hide);
    });
    updateLabels(null);
    if (selected) select(selected); else applySearch();
  }
  var legend = document.getElementById("legend");
  function legendGroup(title, entries, prefix, items, line) {
    var counts = {};
    items.forEach(function (x) { counts[x.kind] = (counts[x.kind] || 0) + 1; });
    h("h2", null, title, legend);
    entries.forEach(function (k) {
      if (!counts[k[0]]) return;
      var b = h("button", null, null, legend);
      b.type = "button"; b.title = "show or hide";
      var sw = h("span", "swatch" + (line ? " line" : ""), null, b);
      sw.style.background = k[2];
      b.appendChild(document.createTextNode(k[1] + " (" + counts[k[0]] + ")"));
      b.addEventListener("click", function () {
        var key = prefix + k[0];
        hiddenKinds[key] = !hiddenKinds[key];
        b.classList.toggle("off", hiddenKinds[key]);
        applyVisibility();
      });
    });
  }
  legendGroup("Nodes", data.legend.nodes, "node:", nodes, false);
  legendGroup("Edges", data.legend.edges, "edge:", edges, true);
  h("div", "hint", "Dashed: no source sentence. Drag nodes, wheel to zoom, drag the background " +
    "to pan; click for details.", legend);
  var stats = nodes.length + " nodes · " + edges.length + " edges";
  document.getElementById("stats").textContent = stats;

  // ---- pointer: drag nodes, pan, hover, click ------------------------------------------------
  var drag = null, hovered = null;
  svg.addEventListener("pointerdown", function (ev) {
    var t = ev.target;
    if (t.dataset.node !== undefined) {
      var d = nodes[+t.dataset.node];
      drag = { node: d, moved: false };
      d.fx = d.x; d.fy = d.y;
    } else if (t.dataset.edge === undefined) {
      drag = { pan: true, moved: false, x0: ev.clientX, y0: ev.clientY, vx: view.x, vy: view.y };
      svg.classList.add("panning");
    } else return;
    try { svg.setPointerCapture(ev.pointerId); } catch (error) { /* synthetic events */ }
    hideTip();
  });
  svg.addEventListener("pointermove", function (ev) {
    if (drag) {
      drag.moved = true;
      if (drag.node) {
        var p = toGraph(ev);
        drag.node.fx = drag.node.x = p.x; drag.node.fy = drag.node.y = p.y;
        draw(); alphaTarget = 0.3; restart();
      } else {
        view.x = drag.vx + ev.clientX - drag.x0; view.y = drag.vy + ev.clientY - drag.y0;
        applyView();
      }
      return;
    }
    var t = ev.target, item = null;
    if (t.dataset.node !== undefined) item = nodes[+t.dataset.node];
    else if (t.dataset.edge !== undefined) item = edges[+t.dataset.edge];
    if (item === hovered) { if (item) moveTip(ev); return; }
    if (hovered && hovered.path) hovered.path.classList.remove("hover");
    hovered = item;
    if (!item) { tooltip.hidden = true; return; }
    if (item.path) item.path.classList.add("hover");
    showTip(item.circle ? nodeInfo(item, false) : edgeInfo(item, false), ev);
  });
  svg.addEventListener("pointerleave", function () { if (!drag) hideTip(); });
  function endDrag() {
    if (!drag) return;
    if (drag.node) {
      drag.node.fx = null; drag.node.fy = null; alphaTarget = 0;
      if (!drag.moved) select(drag.node);
    } else if (!drag.moved) select(null);
    svg.classList.remove("panning");
    drag = null;
  }
  svg.addEventListener("pointerup", endDrag);
  svg.addEventListener("pointercancel", endDrag);
  svg.addEventListener("click", function (ev) {
    var t = ev.target;
    if (t.dataset && t.dataset.edge !== undefined) select(edges[+t.dataset.edge]);
  });

  // ---- first layout, synchronously, then the page reports what it drew -----------------------
  for (var step = 0; step < 400 && alpha > ALPHA_MIN; step++) tick();
  draw();
  updateLabels(null);
  fit();
  window.addEventListener("resize", fit);
  var drawnNodes = nodeLayer.querySelectorAll("circle.node").length;
  var drawnEdges = edgeLayer.querySelectorAll("path.edge").length;
  root.setAttribute("data-rendered-nodes", String(drawnNodes));
  root.setAttribute("data-rendered-edges", String(drawnEdges));
  root.setAttribute("data-layout", "done");
})();
"""
