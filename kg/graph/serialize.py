"""Serialise graphs deterministically and write files atomically.

Outputs are written to a temporary file beside the target and moved into place only when
complete, so a failed run never leaves a half-written file and never clobbers a good one.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import BinaryIO

from rdflib import BNode, Graph

__all__ = [
    "atomic_write",
    "atomic_write_many",
    "nquads_from_named",
    "serialize",
    "trig_from_nquads",
    "turtle_from_ntriples",
]

_RDFLIB_FORMATS: dict[str, str] = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
"""What :func:`serialize` writes -> rdflib serialiser (a build's formats: output_formats.yaml)."""

_NONCHARACTER_ESCAPE = re.compile(rb"(?<!\\)((?:\\\\)*)\\u(FFF[EF])", re.IGNORECASE)
"""``\\uFFFE`` or ``\\uFFFF`` not itself escaped (group 1 keeps preceding ``\\\\`` pairs)."""


def serialize(graph: Graph, fmt: str = "ttl") -> bytes:
    """Serialise ``graph`` to bytes, identically for identical graphs.

    N-Triples lines are sorted; Turtle relies on rdflib's sorted subjects and predicates,
    which is stable because ockg graphs hold no blank nodes (asserted here); JSON-LD nodes
    and values are sorted after rdflib writes them (it walks subjects in hash order).
    """
    if fmt not in _RDFLIB_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(_RDFLIB_FORMATS)}")
    if any(isinstance(term, BNode) for triple in graph for term in triple):
        raise ValueError("graph holds blank nodes, which would make the output unstable")
    if fmt == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
        return b"".join(sorted(line for line in lines if line.strip()))
    if fmt == "ttl":
        return _turtle(graph)
    if fmt == "jsonld":
        import json

        from kg.graph.vocabulary import jsonld_context

        context = json.loads(jsonld_context())["@context"]  # the published ontology/context.jsonld
        text = graph.serialize(format="json-ld", context=context, sort_keys=True, indent=1)
        ordered = _sorted_jsonld(json.loads(text))
        return json.dumps(ordered, sort_keys=True, indent=1, ensure_ascii=False).encode("utf-8")
    return graph.serialize(format=_RDFLIB_FORMATS[fmt], encoding="utf-8")


def _sorted_jsonld(value: object, *, ordered: bool = False) -> object:
    """Sort every JSON-LD array (unordered sets of nodes or values) except ``@list`` ones.

    ``@context`` is left as written: the order of a context array is significant.
    """
    if isinstance(value, dict):
        return {
            key: item if key == "@context" else _sorted_jsonld(item, ordered=key == "@list")
            for key, item in value.items()
        }
    if isinstance(value, list):
        items = [_sorted_jsonld(item) for item in value]
        if ordered:
            return items
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _turtle(graph: Graph) -> bytes:
    """Turtle grouped by subject in sorted order, written by Oxigraph (fast and stable).

    rdflib's pretty Turtle serialiser spends seconds computing prefixed names on a graph of
    tens of thousands of triples; sorting the N-Triples and letting Oxigraph abbreviate them
    gives the same graph in a fraction of the time, byte-identical from run to run.
    """
    lines = graph.serialize(format="nt", encoding="utf-8").splitlines()
    ordered = b"\n".join(sorted(line for line in lines if line.strip())) + b"\n"
    return turtle_from_ntriples(ordered)


def turtle_from_ntriples(ordered: bytes) -> bytes:
    """Turtle from sorted N-Triples lines (see ``_turtle``)."""
    import pyoxigraph

    from kg.graph.namespaces import PREFIXES

    triples = pyoxigraph.parse(ordered, format=pyoxigraph.RdfFormat.N_TRIPLES)
    used = {p: ns for p, ns in PREFIXES.items() if ns.encode() in ordered}
    text = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=used)
    header = sorted(line for line in text.splitlines(keepends=True) if line.startswith(b"@prefix"))
    body = [line for line in text.splitlines(keepends=True) if not line.startswith(b"@prefix")]
    return b"".join(header) + b"\n" + _raw_noncharacters(b"".join(body))


def nquads_from_named(default_nt: str, named: Iterable[tuple[str, str]]) -> bytes:
    """N-Quads of a dataset: ``default_nt`` in the default graph, each (IRI, N-Triples) pair
    in its named graph. Default-graph lines come first, then graph by graph, each sorted.

    Lines are split on newline only: N-Triples escapes it, but U+2028 and friends stay raw.
    """
    default = {line for line in default_nt.split("\n") if line.strip()}
    quads: set[tuple[str, str]] = set()
    for iri, text in named:
        for line in text.split("\n"):
            line = line.rstrip()
            if not line:
                continue
            if not line.endswith(" ."):
                raise ValueError(f"not an N-Triples line: {line[:80]!r}")
            quads.add((iri, f"{line[:-2]} <{iri}> ."))
    ordered = [*sorted(default), *(quad for _, quad in sorted(quads))]
    return ("\n".join(ordered) + "\n").encode("utf-8") if ordered else b""


def trig_from_nquads(ordered: bytes) -> bytes:
    """TriG from N-Quads ordered as ``nquads_from_named`` writes them: the default graph
    first, then one ``<graph> { … }`` block per named graph, with ockg's prefixes."""
    import pyoxigraph

    from kg.graph.namespaces import PREFIXES

    quads = pyoxigraph.parse(ordered, format=pyoxigraph.RdfFormat.N_QUADS)
    used = {p: ns for p, ns in PREFIXES.items() if ns.encode() in ordered}
    text = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.TRIG, prefixes=used)
    header = sorted(line for line in text.splitlines(keepends=True) if line.startswith(b"@prefix"))
    body = [line for line in text.splitlines(keepends=True) if not line.startswith(b"@prefix")]
    return b"".join(header) + b"\n" + _raw_noncharacters(b"".join(body))


def _raw_noncharacters(turtle: bytes) -> bytes:
    """Write U+FFFE and U+FFFF raw rather than as ``\\u`` escapes, which Raptor rejects.

    Oxigraph escapes these two noncharacters; the Turtle grammar allows them either way,
    and rdflib and Oxigraph read the raw form as well, so every parser gets the same graph.
    """
    if b"\\u" not in turtle and b"\\U" not in turtle:  # nearly always: no escape to rewrite
        return turtle
    return _NONCHARACTER_ESCAPE.sub(lambda m: m[1] + chr(int(m[2], 16)).encode("utf-8"), turtle)


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file, fsync, rename)."""
    atomic_write_many({Path(path): data})


def atomic_write_many(
    files: Mapping[str | Path, bytes | Callable[[BinaryIO], None]],
    *,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Write several files; each appears complete or not at all, and none if any write fails.

    A file's content is bytes or a function that writes it to the handle it is given (so a
    large export is streamed to disk rather than held in memory). ``before_replace`` is
    called once every file is written, before any replaces its old version: what it raises
    leaves them all as they were."""
    files = {Path(path): data for path, data in files.items()}
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((Path(temp), path))
            os.chmod(temp, 0o666 & ~_umask())
            with os.fdopen(handle, "wb") as out:
                if callable(data):
                    data(out)
                else:
                    out.write(data)
                out.flush()
                os.fsync(out.fileno())
        if before_replace is not None:
            before_replace()
        for temp, path in staged:
            os.replace(temp, path)
    finally:
        for temp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
