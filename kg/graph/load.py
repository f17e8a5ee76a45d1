"""Load graph files (Turtle, N-Triples, JSON-LD) written by ockg or anyone else."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.errors import Code, OckgError

__all__ = [
    "GRAPH_SUFFIXES",
    "OXIGRAPH_FORMATS",
    "graph_files",
    "load_graph",
    "oxigraph_store",
    "rdflib_format",
]

GRAPH_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld"}
OXIGRAPH_FORMATS = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".jsonld": "JSON_LD", ".json": "JSON_LD"}
"""Graph file suffix -> ``pyoxigraph.RdfFormat`` member name."""


def rdflib_format(path: Path) -> str:
    """The rdflib parser name for a graph file, from its suffix."""
    try:
        return GRAPH_SUFFIXES[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(GRAPH_SUFFIXES))
        raise OckgError(Code.E201, f"unknown graph format; use one of {known}", path=path) from None


def graph_files(path: str | Path) -> list[Path]:
    """A graph file, or every graph file directly inside a folder (sorted)."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in {".ttl", ".nt", ".jsonld"})
        if not files:
            raise OckgError(Code.E201, "the folder holds no .ttl, .nt or .jsonld file", path=path)
        return files
    if not path.is_file():
        raise OckgError(Code.E001, path=path)
    rdflib_format(path)
    return [path]


def load_graph(path: str | Path) -> Graph:
    """Parse a graph file (or a folder of them) into one rdflib graph."""
    graph = Graph()
    for file in graph_files(path):
        try:
            graph.parse(file, format=rdflib_format(file))
        except Exception as error:  # rdflib raises many unrelated types for bad syntax
            detail = (
                str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            )
            raise OckgError(Code.E201, detail[:300], path=file) from None
    return graph


def oxigraph_store(paths: list[Path], *, bulk: bool = False):
    """An in-memory Oxigraph store holding the graph files (coded error naming a bad file)."""
    import pyoxigraph

    store = pyoxigraph.Store()
    for path in paths:
        fmt = getattr(pyoxigraph.RdfFormat, OXIGRAPH_FORMATS.get(path.suffix.lower(), "TURTLE"))
        load = store.bulk_load if bulk else store.load
        try:
            load(path=str(path), format=fmt)
        except (SyntaxError, ValueError, OSError) as error:
            raise OckgError(Code.E201, str(error).splitlines()[0][:300], path=path) from None
    return store
