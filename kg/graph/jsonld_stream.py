"""``graph.jsonld`` streamed from the sorted union file, a bounded slice of the graph at a time.

The in-memory writer (``kg.graph.serialize.serialize(graph, "jsonld")``) lets rdflib write
the whole graph as JSON-LD with ockg's context, then sorts every array: the ``@graph`` nodes
by their compact JSON text. Without blank nodes (ockg's graphs have none; refused here as
there), rdflib writes each subject as its own node from that subject's triples alone, so the
same nodes come out of any split of the graph that keeps a subject's triples together. The
union file is sorted, so a subject's lines are adjacent: it is cut into slices of whole
subjects, each slice written by rdflib as JSON-LD, its nodes sorted and kept as compact JSON
lines in a sorted run file; the runs are merged (:func:`kg.graph.segments.merged_lines`)
and each node is written indented, exactly as the in-memory writer places it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kg.graph.segments import merged_lines, write_lines

__all__ = ["SLICE_LINES", "write_jsonld"]

SLICE_LINES = 50_000
"""Triples written by rdflib at a time (whole subjects; a slice ends at a subject's end)."""


def _slices(path: Path, size: int) -> Iterator[list[bytes]]:
    """The lines of the sorted N-Triples file ``path`` in slices of about ``size`` lines,
    each ending where a subject's lines end."""
    chunk: list[bytes] = []
    subject = b""
    with open(path, "rb") as handle:
        for line in handle:
            if not line.strip():
                continue
            this = line.split(b" ", 1)[0]
            if len(chunk) >= size and this != subject:
                yield chunk
                chunk = []
            chunk.append(line)
            subject = this
    if chunk:
        yield chunk


def _context() -> dict:
    from kg.graph.vocabulary import jsonld_context

    return json.loads(jsonld_context())["@context"]  # the published ontology/context.jsonld


def _nodes(lines: list[bytes], context: dict) -> list[bytes]:
    """The JSON-LD nodes of a slice's subjects, sorted, each as compact JSON (sorted keys)."""
    from rdflib import BNode, Graph

    from kg.graph.serialize import _sorted_jsonld

    graph = Graph().parse(data=b"".join(lines), format="nt")
    if any(isinstance(term, BNode) for triple in graph for term in triple):
        raise ValueError("graph holds blank nodes, which would make the output unstable")
    written = json.loads(graph.serialize(format="json-ld", context=context, sort_keys=True))
    if "@graph" in written:
        nodes = written["@graph"]
    else:  # a single subject: rdflib writes it beside the context
        nodes = [{key: value for key, value in written.items() if key != "@context"}]
    texts = (
        json.dumps(_sorted_jsonld(node), sort_keys=True, ensure_ascii=False).encode("utf-8")
        for node in nodes
    )
    return sorted(texts)


def _indented(value: object, depth: int) -> bytes:
    """``value`` as ``json.dumps(..., indent=1)`` writes it ``depth`` levels deep."""
    text = json.dumps(value, sort_keys=True, indent=1, ensure_ascii=False)
    return text.replace("\n", "\n" + " " * depth).encode("utf-8")


def write_jsonld(union: Path, handle: BinaryIO, scratch: Path, size: int = SLICE_LINES) -> None:
    """``graph.jsonld`` of the sorted N-Triples file ``union`` (what ``serialize(graph,
    "jsonld")`` makes of the same graph), holding one slice of ``size`` triples at a time."""
    context = _context()
    runs: list[Path] = []
    count = 0
    for n, lines in enumerate(_slices(union, size)):
        nodes = _nodes(lines, context)
        count += len(nodes)
        run = scratch / f"jsonld-{n:06d}.run"
        with open(run, "wb") as out:
            write_lines(nodes, out)
        runs.append(run)
    if count <= 1:  # rdflib writes a lone node (or none) without "@graph": as it does
        from rdflib import Graph

        from kg.graph.serialize import serialize

        handle.write(serialize(Graph().parse(union, format="nt"), "jsonld"))
    else:
        handle.write(b'{\n "@context": ' + _indented(context, 1) + b',\n "@graph": [')
        for n, node in enumerate(merged_lines(runs, scratch)):
            handle.write((b",\n  " if n else b"\n  ") + _indented(json.loads(node), 2))
        handle.write(b"\n ]\n}")
    for run in runs:
        run.unlink()
