"""Validation graph by graph, read from a build folder's store: memory for one document.

``ockg validate BUILD --per-graph`` checks each document's named graph, together with ockg's
vocabulary (the store's default-graph segment), on its own: the SHACL shapes and the Data
Cube integrity constraints of :func:`kg.validate.report.validate_graph`, one graph in memory
at a time, whatever the size of the corpus. Graph files beside the store (``index.ttl`` of
``ockg import-index``) are checked the same way, each with the vocabulary.

What it cannot see is what only the whole graph shows: a node that several documents
describe is checked in each document's terms (a count over two documents' values, a type
stated by another document), and Data Cube checks across documents (IC-12, two documents'
observations of the same dimension values) are not run. Without ``--per-graph``, ``ockg
validate`` checks the whole graph at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import Code, OckgError
from kg.validate.report import ValidationReport, validate_graph

__all__ = ["PerGraphReport", "graph_reports", "validate_per_graph"]


@dataclass(frozen=True)
class PerGraphReport:
    """Each graph's report, by graph (its IRI, or a file's name)."""

    graphs: tuple[tuple[str, ValidationReport], ...]

    @property
    def ok(self) -> bool:
        return all(report.ok for _, report in self.graphs)

    def lines(self) -> list[str]:
        """Each problem, prefixed by its graph; then a verdict over every graph."""
        out = []
        for name, report in self.graphs:
            out += [f"{name}: {line}" for line in report.lines()[:-1]]
        bad = [report for _, report in self.graphs if not report.ok]
        problems = sum(len(r.shapes) + len(r.cube) for r in bad)
        some = f"{len(bad)} graph{'s' if len(bad) != 1 else ''}"
        verdict = "valid" if not bad else f"INVALID: {problems} problems in {some}"
        triples = sum(report.triples for _, report in self.graphs)
        plural = "s" if len(self.graphs) != 1 else ""
        out.append(
            f"{len(self.graphs):,} graph{plural}, {triples:,} triples (each graph with ockg's "
            f"vocabulary); SHACL and Data Cube integrity constraints, graph by graph: {verdict}"
        )
        return out


def _with_vocabulary(vocabulary: Path | None, file: Path, fmt: str | None = None):
    from rdflib import Graph

    from kg.graph.load import parse_graph_file

    graph = Graph()
    if vocabulary is not None:
        parse_graph_file(graph, vocabulary, "nt")
    return parse_graph_file(graph, file, fmt)


def graph_reports(path: str | Path) -> Iterator[tuple[str, ValidationReport]]:
    """(graph, its report) for each named graph of the store of the build folder ``path``
    (by IRI), then each graph file beside it; one graph in memory at a time."""
    from kg.graph.load import graph_files, is_store
    from kg.graph.store import DEFAULT_GRAPH, store_segments

    files = graph_files(path)
    if not is_store(files[0]):
        detail = "--per-graph reads a build folder's store (ockg build --store); none here"
        raise OckgError(Code.E201, detail, path=Path(path))
    segments = store_segments(files[0])
    vocabulary = next((segment for iri, segment in segments if iri == DEFAULT_GRAPH), None)
    for iri, segment in segments:
        if iri != DEFAULT_GRAPH:
            yield iri, validate_graph(_with_vocabulary(vocabulary, segment, "nt"))
    for file in files[1:]:
        yield file.name, validate_graph(_with_vocabulary(vocabulary, file))


def validate_per_graph(path: str | Path) -> PerGraphReport:
    """Validate the build folder ``path`` graph by graph (see the module's docstring)."""
    return PerGraphReport(tuple(graph_reports(path)))
