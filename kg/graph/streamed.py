"""Exports streamed from segment files: a corpus of any size is never held in memory.

Each writer produces exactly the bytes of its in-memory counterpart in
:mod:`kg.graph.serialize` (``turtle_from_ntriples``, ``nquads_from_named``,
``trig_from_nquads``): the union is merged from sorted segments (:mod:`kg.graph.segments`)
into a file, and Oxigraph's serialisers read that file and write another, line by line.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from kg.graph.segments import merged_batches, merged_lines

__all__ = ["UnionFile", "write_nquads", "write_trig", "write_turtle", "write_union"]

_BATCH = 20_000


class UnionFile:
    """The sorted union of a build written to ``path``: its line count and the namespaces
    (of ``kg.graph.namespaces.PREFIXES``) it uses."""

    def __init__(self, path: Path, triples: int, used: dict[str, str]) -> None:
        self.path = path
        self.triples = triples
        self.used = used

    def copy_to(self, handle: BinaryIO) -> None:
        with open(self.path, "rb") as source:
            shutil.copyfileobj(source, handle, 1 << 20)


class _Namespaces:
    """Which of ockg's namespaces occur in the lines written so far."""

    def __init__(self) -> None:
        from kg.graph.namespaces import PREFIXES

        self._prefixes = PREFIXES
        self._missing = {p: ns.encode() for p, ns in PREFIXES.items()}

    def see(self, chunk: bytes) -> None:
        for prefix, namespace in list(self._missing.items()):
            if namespace in chunk:
                del self._missing[prefix]

    def used(self) -> dict[str, str]:
        return {p: ns for p, ns in self._prefixes.items() if p not in self._missing}


def _write_chunks(lines: Iterable[bytes], handle: BinaryIO, seen: _Namespaces) -> int:
    count, chunk = 0, []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= _BATCH:
            data = b"\n".join(chunk) + b"\n"
            seen.see(data)
            handle.write(data)
            count, chunk = count + len(chunk), []
    if chunk:
        data = b"\n".join(chunk) + b"\n"
        seen.see(data)
        handle.write(data)
        count += len(chunk)
    return count


def write_union(segments: list[Path], path: Path, scratch: Path) -> UnionFile:
    """Merge ``segments`` into ``path``: what ``graph.nt`` holds (written a merged batch at
    a time, never line by line)."""
    seen = _Namespaces()
    count, chunk = 0, []
    with open(path, "wb") as handle:
        for batch in merged_batches(segments, scratch):
            chunk.extend(batch)
            if len(chunk) >= _BATCH:
                count += _write_chunk(chunk, handle, seen)
                chunk = []
        if chunk:
            count += _write_chunk(chunk, handle, seen)
    return UnionFile(path, count, seen.used())


def _write_chunk(lines: list[bytes], handle: BinaryIO, seen: _Namespaces) -> int:
    data = b"\n".join(lines) + b"\n"
    seen.see(data)
    handle.write(data)
    return len(lines)


def _oxigraph_text(source: Path, raw: Path, quads: bool, used: dict[str, str]) -> None:
    import pyoxigraph as ox

    parsed = ox.parse(path=source, format=ox.RdfFormat.N_QUADS if quads else ox.RdfFormat.N_TRIPLES)
    target = ox.RdfFormat.TRIG if quads else ox.RdfFormat.TURTLE
    ox.serialize(parsed, str(raw), format=target, prefixes=used)


_BLOCK = 1 << 20
"""Bytes of Oxigraph's output read at a time (whole lines) when it is copied."""


def _blocks(raw: Path) -> Iterator[bytes]:
    """The file ``raw`` in blocks of whole lines (the last may lack its newline)."""
    with open(raw, "rb") as source:
        rest = b""
        while block := source.read(_BLOCK):
            block = rest + block
            cut = block.rfind(b"\n") + 1
            rest = block[cut:]
            if cut:
                yield block[:cut]
        if rest:
            yield rest


def _split_prefixes(block: bytes) -> tuple[list[bytes], bytes]:
    """The ``@prefix`` lines of a block of whole lines, and the block without them."""
    if not block.startswith(b"@prefix") and b"\n@prefix" not in block:
        return [], block  # nearly always: Oxigraph writes its prefixes first
    lines = block.split(b"\n")
    last = lines.pop()  # after the final newline: b"" unless the file ends without one
    lines = [line + b"\n" for line in lines]
    if last:
        lines.append(last)
    prefixes = [line for line in lines if line.startswith(b"@prefix")]
    return prefixes, b"".join(line for line in lines if not line.startswith(b"@prefix"))


def _prefixed(raw: Path, handle: BinaryIO) -> None:
    """Oxigraph's output with its ``@prefix`` lines sorted first and U+FFFE/U+FFFF raw (as
    ``kg.graph.serialize`` writes them); copied a block of whole lines at a time."""
    from kg.graph.serialize import _raw_noncharacters

    header = sorted(line for block in _blocks(raw) for line in _split_prefixes(block)[0])
    handle.write(b"".join(header) + b"\n")
    for block in _blocks(raw):
        handle.write(_raw_noncharacters(_split_prefixes(block)[1]))


def write_turtle(union: UnionFile, handle: BinaryIO, scratch: Path) -> None:
    """``graph.ttl`` from the union file (``turtle_from_ntriples`` of its bytes)."""
    raw = scratch / "graph.raw.ttl"
    _oxigraph_text(union.path, raw, False, union.used)
    _prefixed(raw, handle)
    raw.unlink()


def write_nquads(
    vocabulary: Path, graphs: Iterable[tuple[str, list[Path]]], handle: BinaryIO
) -> dict[str, str]:
    """``graph.nq`` (``nquads_from_named``): the vocabulary's lines, then each named graph's
    quads, graph by graph in IRI order, each sorted; one graph in memory at a time.
    Returns the namespaces used (for TriG)."""
    seen = _Namespaces()
    _write_chunks(merged_lines([vocabulary]), handle, seen)
    for iri, parts in sorted(graphs):
        suffix = f" <{iri}> .".encode()
        quads = set()
        for part in parts:
            for line in part.read_bytes().split(b"\n"):
                line = line.rstrip()
                if not line:
                    continue
                if not line.endswith(b" ."):
                    raise ValueError(f"not an N-Triples line: {line[:80]!r}")
                quads.add(line[:-2] + suffix)
        _write_chunks(sorted(quads), handle, seen)
    return seen.used()


def write_trig(
    vocabulary: Path, graphs: Iterable[tuple[str, list[Path]]], handle: BinaryIO, scratch: Path
) -> None:
    """``graph.trig`` (``trig_from_nquads`` of the N-Quads), streamed through files."""
    nquads, raw = scratch / "graph.raw.nq", scratch / "graph.raw.trig"
    with open(nquads, "wb") as out:
        used = write_nquads(vocabulary, graphs, out)
    _oxigraph_text(nquads, raw, True, used)
    _prefixed(raw, handle)
    nquads.unlink()
    raw.unlink()
