"""Exports of the NetworkX view (:mod:`kg.graph.networkx_view`): GraphML, GEXF, node-link JSON
and the CSV files of Neo4j's bulk import, each byte-identical for the same RDF graph.

GraphML and GEXF replace characters XML cannot hold (controls, U+FFFE, U+FFFF) by U+FFFD;
node-link JSON and the Neo4j CSV keep the text exactly.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter
from rdflib import Graph

from kg.graph.networkx_view import Attrs, Scalar, to_networkx
from kg.graph.serialize import atomic_write, atomic_write_many

__all__ = ["VIEW_FORMATS", "export_bytes", "neo4j_csv", "write_neo4j_csv", "write_networkx"]

VIEW_FORMATS = ("graphml", "gexf", "nodelink")
"""The serialisations of the view :func:`export_bytes` writes (``ockg build --format``)."""

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold, even escaped."""


def _xml_safe(view: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The view with XML-illegal characters in string attributes replaced by U+FFFD."""
    attrs = [d for _, d in view.nodes(data=True)] + [d for *_, d in view.edges(data=True)]
    if not any(isinstance(v, str) and _XML_ILLEGAL.search(v) for d in attrs for v in d.values()):
        return view
    safe = view.copy()
    for data in [d for _, d in safe.nodes(data=True)] + [d for *_, d in safe.edges(data=True)]:
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = _XML_ILLEGAL.sub("\ufffd", value)
    return safe


def _gexf_bytes(view: nx.MultiDiGraph) -> bytes:
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(view)
    meta = writer.xml.find("meta")
    if meta is not None:  # today's date would make the bytes differ from day to day
        meta.attrib.pop("lastmodifieddate", None)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def export_bytes(view: nx.MultiDiGraph, fmt: str) -> bytes:
    """Serialise a view (from ``to_networkx``) as ``graphml``, ``gexf`` or ``nodelink`` JSON."""
    if fmt == "graphml":
        buffer = io.BytesIO()
        nx.write_graphml_xml(
            _xml_safe(view), buffer
        )  # the stdlib writer, whether or not lxml is installed
        return buffer.getvalue()
    if fmt == "gexf":
        return _gexf_bytes(_xml_safe(view))
    if fmt == "nodelink":
        data = nx.node_link_data(view, edges="edges")
        return (json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1) + "\n").encode()
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(VIEW_FORMATS)}")


def write_networkx(graph: Graph, path: str | Path, fmt: str) -> None:
    """Write the NetworkX view of ``graph`` to ``path``, atomically, as ``fmt``
    (one of ``VIEW_FORMATS``)."""
    atomic_write(path, export_bytes(to_networkx(graph), fmt))


# --- Neo4j CSV -------------------------------------------------------------------------------

_NODE_FIXED = (("label", ""), ("kind", ""))
_EDGE_FIXED = (
    ("key", ""),
    ("kind", ""),
    ("claim", ""),
    ("confidence", ":double"),
    ("sentence", ""),
)
_NEO4J_LABELS = {
    "group": "CriminalActor;CriminalGroup",
    "collective": "ActorCollective;CriminalActor",
    "actor": "CriminalActor",
    "market": "CriminalMarket;Indicator",
    "actor_type": "ActorType;Indicator",
}


def _neo4j_type(types: set[type]) -> str:
    if types == {bool}:
        return ":boolean"
    if types and types <= {int}:
        return ":long"
    if types and types <= {int, float}:
        return ":double"
    return ""


def _columns(
    rows: Iterable[Attrs], fixed: tuple[tuple[str, str], ...], skip: set[str]
) -> list[tuple[str, str]]:
    """(attribute, header) pairs: the fixed ones first, then the rest sorted, typed by value."""
    types: dict[str, set[type]] = defaultdict(set)
    for attrs in rows:
        for name, value in attrs.items():
            types[name].add(type(value))
    names = {name for name, _ in fixed} | skip
    rest = sorted(name for name in types if name not in names)
    return [(n, n + t) for n, t in fixed] + [(n, n + _neo4j_type(types[n])) for n in rest]


def _cell(value: Scalar | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def _csv(header: list[str], rows: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _node_labels(attrs: Attrs) -> str:
    if attrs.get("kind") == "place":
        place_class = str(attrs.get("place_class", "Place"))
        return "Place" if place_class == "Place" else ";".join(sorted(("Place", place_class)))
    return _NEO4J_LABELS.get(str(attrs.get("kind")), "Resource")


def _nodes_csv(view: nx.MultiDiGraph) -> bytes:
    columns = _columns((a for _, a in view.nodes(data=True)), _NODE_FIXED, set())
    header = ["id:ID", *(h for _, h in columns[:2]), ":LABEL", *(h for _, h in columns[2:])]
    rows = []
    for node, attrs in view.nodes(data=True):
        cells = [_cell(attrs.get(name)) for name, _ in columns]
        rows.append([node, *cells[:2], _node_labels(attrs), *cells[2:]])
    return _csv(header, rows)


def _relationships_csv(view: nx.MultiDiGraph) -> bytes:
    edges = list(view.edges(keys=True, data=True))
    columns = _columns((a for *_, a in edges), _EDGE_FIXED, {"relation"})
    header = [":START_ID", ":END_ID", ":TYPE", *(h for _, h in columns)]
    rows = []
    for source, target, key, attrs in edges:
        values = {**attrs, "key": key}
        cells = [_cell(values.get(name)) for name, _ in columns]
        rows.append([source, target, str(attrs["relation"]).upper(), *cells])
    return _csv(header, rows)


def write_neo4j_csv(graph: Graph, folder: str | Path) -> list[Path]:
    """Write ``nodes.csv`` and ``relationships.csv`` for ``neo4j-admin database import``.

    Import with ``neo4j-admin database import full --nodes=nodes.csv
    --relationships=relationships.csv <database>`` (add ``--multiline-fields=true`` if a sentence
    holds a line break). Node labels (``:LABEL``, ``;``-separated) come from the node kind and
    place class, relationship types (``:TYPE``) from the edge's ``relation`` in upper case
    (``ACTIVE_IN``, ``ROUTE``…); empty cells are absent properties. Both files are written
    atomically, together, in the view's sorted order.
    """
    folder = Path(folder)
    files = {folder / name: data for name, data in neo4j_csv(to_networkx(graph)).items()}
    atomic_write_many(files)
    return list(files)


def neo4j_csv(view: nx.MultiDiGraph) -> dict[str, bytes]:
    """``nodes.csv`` and ``relationships.csv`` of a view (see :func:`write_neo4j_csv`)."""
    return {"nodes.csv": _nodes_csv(view), "relationships.csv": _relationships_csv(view)}
