"""The writers of ``ockg build --format``, one function per format of
``ontology/output_formats.yaml``, each making its output from a build's :class:`ExportSources`.

A writer returns the file's bytes, or a function that streams them to a binary handle (the
RDF serialisations, written from segment files without holding the graph); a folder format
returns its files by name. Every output is byte-identical for the same graph.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kg.graph.streamed import UnionFile, write_nquads, write_trig, write_turtle

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

__all__ = [
    "ExportSources",
    "ftm",
    "gexf",
    "graphml",
    "jsonld",
    "neo4j",
    "nodelink",
    "nquads",
    "ntriples",
    "trig",
    "turtle",
]

Stream = Callable[[BinaryIO], None]


class ExportSources:
    """Where the exports of a build come from: segment files (the store's, or the build's
    own without a store), merged once into a union file in a scratch folder; the rdflib graph
    and the NetworkX view are made on first use, once, for the formats that need them."""

    def __init__(
        self, vocabulary: Path, graphs: list[tuple[str, list[Path]]], union: UnionFile, tmp: Path
    ) -> None:
        self.vocabulary = vocabulary
        self.graphs = graphs
        self.union = union
        self.tmp = tmp
        self._graph: Graph | None = None
        self._view: nx.MultiDiGraph | None = None

    @property
    def graph(self) -> Graph:
        """The build as an rdflib graph (for the exports that need the whole graph)."""
        if self._graph is None:
            from rdflib import Graph

            from kg.graph.vocabulary import bind_prefixes

            self._graph = bind_prefixes(Graph()).parse(self.union.path, format="nt")
        return self._graph

    @property
    def view(self) -> nx.MultiDiGraph:
        """The NetworkX view of the graph (:func:`kg.graph.networkx_view.to_networkx`)."""
        if self._view is None:
            from kg.graph.networkx_view import to_networkx

            self._view = to_networkx(self.graph)
        return self._view


def ntriples(sources: ExportSources) -> Stream:
    """N-Triples: the merged lines, already sorted."""
    return sources.union.copy_to


def turtle(sources: ExportSources) -> Stream:
    return lambda handle: write_turtle(sources.union, handle, sources.tmp)


def nquads(sources: ExportSources) -> Stream:
    """N-Quads: the vocabulary in the default graph, each document in its named graph."""
    return lambda handle: write_nquads(sources.vocabulary, sources.graphs, handle)


def trig(sources: ExportSources) -> Stream:
    return lambda handle: write_trig(sources.vocabulary, sources.graphs, handle, sources.tmp)


def jsonld(sources: ExportSources) -> Stream:
    """JSON-LD, written from the union file a slice of subjects at a time."""
    from kg.graph.jsonld_stream import write_jsonld

    return lambda handle: write_jsonld(sources.union.path, handle, sources.tmp)


def ftm(sources: ExportSources) -> bytes:
    from kg.graph.ftm import ftm_lines

    return ftm_lines(sources.graph)


def graphml(sources: ExportSources) -> bytes:
    from kg.graph.networkx_export import export_bytes

    return export_bytes(sources.view, "graphml")


def gexf(sources: ExportSources) -> bytes:
    from kg.graph.networkx_export import export_bytes

    return export_bytes(sources.view, "gexf")


def nodelink(sources: ExportSources) -> bytes:
    from kg.graph.networkx_export import export_bytes

    return export_bytes(sources.view, "nodelink")


def neo4j(sources: ExportSources) -> dict[str, bytes]:
    """``nodes.csv`` and ``relationships.csv`` for ``neo4j-admin database import``."""
    from kg.graph.networkx_export import neo4j_csv

    return neo4j_csv(sources.view)
