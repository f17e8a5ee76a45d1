"""One self-contained, offline HTML page drawing the graph of who operates where, in which market.

The page holds everything: the data (:mod:`kg.viz.network_data`, the NetworkX view as the page
draws it) as JSON in ``<script type="application/json" id="ockg-data">``, the CSS and a small
vanilla-JS force-directed layout on SVG (``kg/viz/assets/``: no CDN, no request of any kind).
Nodes are actors, places, markets and actor types; edges are the claims (presence, route, and
each relation kind of ``ontology/relation_kinds.yaml``: cooperation, rivalry…) with their
source sentences and confidence, plus the structural ``located in`` and ``actor type`` links.

The data is sorted and the layout uses a seeded random generator, so the same graph gives
byte-identical HTML and the same picture.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.graph.serialize import atomic_write
from kg.viz.network_data import NODE_KINDS, edge_kinds, network_data

__all__ = ["NODE_KINDS", "edge_kinds", "network_data", "network_page", "write_network_page"]

_ASSETS = Path(__file__).resolve().parent / "assets"
_PLACEHOLDER = re.compile(r"__(TITLE|CSS|JS|DATA)__")


@cache
def _asset(name: str) -> str:
    """A file of the page's template, script or style (``kg/viz/assets/network_page.*``)."""
    return (_ASSETS / name).read_text(encoding="utf-8")


def _json_for_script(data: dict[str, Any]) -> str:
    """JSON that cannot end its ``<script>`` element: ``<``, ``>`` and ``&`` as escapes.

    ASCII only, so that any label (even a lone surrogate from a hostile graph) survives.
    """
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def network_page(graph: Graph, title: str = "ockg") -> str:
    """The HTML text of the network page (see :func:`write_network_page`)."""
    parts = {
        "TITLE": html.escape(title),
        "CSS": _asset("network_page.css").strip(),
        "JS": _asset("network_page.js").strip(),
        "DATA": _json_for_script(network_data(graph, title)),
    }
    # One pass over the template: a title or label holding "__DATA__" is never expanded.
    return _PLACEHOLDER.sub(lambda match: parts[match[1]], _asset("network_page.html"))


def write_network_page(graph: Graph, out: str | Path, title: str = "ockg") -> None:
    """Write the graph as one self-contained HTML page to ``out`` (atomically)."""
    atomic_write(Path(out), network_page(graph, title).encode("utf-8", errors="replace"))
