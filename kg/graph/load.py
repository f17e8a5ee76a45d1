"""Load graph files (Turtle, N-Triples, JSON-LD) written by ockg or anyone else.

A build folder that holds a store (``DIR/store``, see :mod:`kg.graph.store`) is read from the
store: its ``graph.*`` files are the store's own exports and are not read again; any other
graph file in the folder (``index.ttl`` from ``ockg import-index``) is read beside it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.errors import Code, OckgError

__all__ = [
    "GRAPH_SUFFIXES",
    "OXIGRAPH_FORMATS",
    "check_jsonld_offline",
    "graph_files",
    "is_store",
    "load_graph",
    "parse_graph_file",
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
    """A graph file, or every graph file directly inside a folder (sorted); for a build
    folder with a store, the store's folder first, then the graph files it did not export."""
    from kg.graph.store import find_store

    path = Path(path)
    store = find_store(path) if path.is_dir() else None
    if store is not None:
        others = [] if store == path else _graph_files_in(path, exports=False)
        return [store, *others]
    if path.is_dir():
        files = _graph_files_in(path, exports=True)
        if not files:
            raise OckgError(Code.E201, "the folder holds no .ttl, .nt or .jsonld file", path=path)
        return files
    if not path.is_file():
        raise OckgError(Code.E001, path=path)
    rdflib_format(path)
    return [path]


def _graph_files_in(folder: Path, *, exports: bool) -> list[Path]:
    files = (p for p in folder.iterdir() if p.suffix.lower() in {".ttl", ".nt", ".jsonld"})
    return sorted(p for p in files if exports or p.stem != "graph")


def is_store(path: Path) -> bool:
    """Whether ``path`` is a build's on-disk store folder."""
    from kg.graph.store import find_store

    return path.is_dir() and find_store(path) == path


@contextmanager
def _literals_as_written() -> Iterator[None]:
    """Keep literals' lexical forms as written while parsing.

    rdflib otherwise rewrites every typed literal through its Python value, and
    ``"1E+99999999"^^xsd:decimal`` becomes a hundred million digits (seconds and a gigabyte).
    """
    import rdflib

    previous = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = previous


def load_graph(path: str | Path) -> Graph:
    """Parse a graph file (or a folder of them) into one rdflib graph.

    Offline: a JSON-LD file whose ``@context`` refers to another document (a URL or a file)
    is refused rather than fetched (see :func:`check_jsonld_offline`).
    """
    graph = Graph()
    for file in graph_files(path):
        if is_store(file):
            from kg.graph.store import store_ntriples

            with _literals_as_written():
                graph.parse(data=store_ntriples(file), format="nt")
            continue
        parse_graph_file(graph, file)
    return graph


def parse_graph_file(graph: Graph, file: Path, fmt: str | None = None) -> Graph:
    """Parse the graph file ``file`` into ``graph`` (its format from its suffix unless given),
    literals as written; bad syntax is a coded error naming the file."""
    fmt = fmt or rdflib_format(file)
    if fmt == "json-ld":
        check_jsonld_offline(file)
    try:
        with _literals_as_written():
            graph.parse(file, format=fmt)
    except Exception as error:  # rdflib raises many unrelated types for bad syntax
        detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise OckgError(Code.E201, detail[:300], path=file) from None
    return graph


def _remote_references(node: Any) -> Iterator[str]:
    """Every context reference in a JSON-LD document: ``@context`` strings and ``@import``."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in ("@context", "@import"):
                    for entry in value if isinstance(value, list) else [value]:
                        if isinstance(entry, str):
                            yield entry
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)


def check_jsonld_offline(path: Path) -> None:
    """Refuse (``E201``) a JSON-LD file that names a remote or local context to load.

    ockg never fetches a URL or reads a file that the user did not name; a context must be
    embedded in the document (ockg's own output embeds ``ontology/context.jsonld``).
    """
    try:
        data = json.loads(path.read_bytes())
    except (ValueError, RecursionError) as error:
        detail = str(error).splitlines()[0] if str(error) else "nested too deeply"
        raise OckgError(Code.E201, f"not valid JSON: {detail}"[:300], path=path) from None
    except OSError as error:
        raise OckgError(Code.E201, f"cannot read it ({error.strerror})", path=path) from None
    for reference in _remote_references(data):
        detail = f"the JSON-LD context {reference[:200]!r} would be fetched; embed the context"
        detail += " (ockg reads no file or URL it is not given)"
        raise OckgError(Code.E201, detail, path=path)
