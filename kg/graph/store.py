"""The build folder's on-disk store: a named graph per document, updated incrementally.

``DIR/store/`` holds

- ``oxigraph/``: an Oxigraph on-disk store (RocksDB) with each document's contribution in
  its named graph (``kg.graph.iris.graph_iri``) and, in the default graph, the union of
  everything (ockg's vocabulary and every document's triples, each once, so a query that
  names no graph counts each triple once); ``ockg query``, ``serve`` and ``validate`` read it;
- ``graphs/NAME.nt``: the exact N-Triples of each graph, sorted. Oxigraph keeps numbers in
  canonical form (``10.00`` comes back as ``10``), so the exports (``graph.ttl`` and the
  others) stream out of these segments, byte-identical to a build without a store;
- ``manifest.json``: graph IRI -> SHA-256 of its segment.

``sync_store`` adds the graphs of new documents, replaces those of changed ones and drops
those of documents gone, leaving the others untouched, and adds to or removes from the
default graph only the triples that entered or left the union. A sync marks the store while
it runs; a sync that finds the mark of an interrupted one rebuilds the store from scratch.
"""

from __future__ import annotations

import hashlib
import heapq
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import Code, OckgError

__all__ = [
    "DEFAULT_GRAPH",
    "STORE_DIR",
    "StoreUpdate",
    "find_store",
    "open_store",
    "store_graphs",
    "store_ntriples",
    "sync_store",
]

STORE_DIR = "store"
DEFAULT_GRAPH = ""
"""The manifest's key for the default graph (ockg's vocabulary)."""
_MANIFEST = "manifest.json"
_SYNCING = "syncing"
"""Present while a sync runs: found at the start of the next one, the store is rebuilt."""


@dataclass(frozen=True)
class StoreUpdate:
    """What a sync did, graph by graph (default graph included)."""

    added: int = 0
    replaced: int = 0
    dropped: int = 0
    kept: int = 0


def _segment_name(iri: str) -> str:
    if iri == DEFAULT_GRAPH:
        return "default.nt"
    return hashlib.sha256(iri.encode("utf-8")).hexdigest()[:32] + ".nt"


def _segment(texts: Iterable[str]) -> bytes:
    """Sorted, unique N-Triples lines (split on newline only: literals keep U+2028 raw)."""
    lines = {line for text in texts for line in text.split("\n") if line.strip()}
    return ("\n".join(sorted(lines)) + "\n").encode("utf-8") if lines else b""


def _read_manifest(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / _MANIFEST).read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        return {}
    return data


def _write_manifest(folder: Path, manifest: dict[str, str]) -> None:
    from kg.graph.serialize import atomic_write

    data = json.dumps(dict(sorted(manifest.items())), indent=1) + "\n"
    atomic_write(folder / _MANIFEST, data.encode("utf-8"))


def _graph_name(iri: str):
    import pyoxigraph as ox

    return ox.DefaultGraph() if iri == DEFAULT_GRAPH else ox.NamedNode(iri)


def _lines(data: bytes) -> set[bytes]:
    return {line for line in data.split(b"\n") if line}


def sync_store(folder: Path, default_nt: str, named: Iterable[tuple[str, str]]) -> StoreUpdate:
    """Bring the store in ``folder`` (``DIR/store``) to exactly these graphs, incrementally."""
    import pyoxigraph as ox

    from kg.graph.serialize import atomic_write

    grouped: dict[str, list[str]] = {DEFAULT_GRAPH: [default_nt]}
    for iri, text in named:
        grouped.setdefault(iri, []).append(text)
    desired = {iri: _segment(texts) for iri, texts in grouped.items()}
    digests = {iri: hashlib.sha256(data).hexdigest() for iri, data in desired.items()}
    segments = folder / "graphs"
    segments.mkdir(parents=True, exist_ok=True)
    marker = folder / _SYNCING
    interrupted = marker.exists()
    try:
        store = ox.Store(str(folder / "oxigraph"))
    except OSError as error:
        raise OckgError(Code.E201, f"cannot open the store: {error}", path=folder) from None
    manifest = {} if interrupted else _read_manifest(folder)
    if manifest and next(iter(store.quads_for_pattern(None, None, None, None)), None) is None:
        manifest = {}  # the database was removed or never filled: start afresh
    old_union = set()
    if manifest:
        try:
            old_union = {line for _, data in store_graphs(folder) for line in _lines(data)}
        except OckgError:  # a segment is missing: start afresh
            manifest = {}
    marker.touch()
    if not manifest:
        store.clear()
    present = {str(g.value) for g in store.named_graphs()}
    stale = sorted((present | set(manifest)) - set(desired) - {DEFAULT_GRAPH})
    changed = sorted(iri for iri in desired if manifest.get(iri) != digests[iri])
    for iri in stale:
        store.remove_graph(ox.NamedNode(iri))
        (segments / _segment_name(iri)).unlink(missing_ok=True)
    for iri in changed:
        if iri != DEFAULT_GRAPH:
            graph = ox.NamedNode(iri)
            if iri in present:
                store.clear_graph(graph)
            if desired[iri]:
                store.load(desired[iri], format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        atomic_write(segments / _segment_name(iri), desired[iri])
    # The default graph is the union of every graph, so that queries see each triple once.
    new_union = {line for data in desired.values() for line in _lines(data)}
    removed = b"\n".join(sorted(old_union - new_union))
    for quad in ox.parse(removed, format=ox.RdfFormat.N_TRIPLES) if removed else ():
        store.remove(quad)
    added = b"\n".join(sorted(new_union - old_union))
    if added:
        store.load(added, format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    _write_manifest(folder, digests)
    marker.unlink()
    replaced = sum(iri in manifest for iri in changed)
    return StoreUpdate(
        added=len(changed) - replaced,
        replaced=replaced,
        dropped=len(stale),
        kept=len(desired) - len(changed),
    )


def find_store(path: str | Path) -> Path | None:
    """The store of a build folder (``DIR`` or ``DIR/store``), or None if it has none."""
    path = Path(path)
    for candidate in (path / STORE_DIR, path):
        if (candidate / _MANIFEST).is_file() and (candidate / "oxigraph").is_dir():
            return candidate
    return None


def store_graphs(folder: Path) -> list[tuple[str, bytes]]:
    """(graph IRI, exact N-Triples) of every graph the manifest vouches for, by IRI;
    the default graph's IRI is ``DEFAULT_GRAPH``. A missing segment is a coded error."""
    out = []
    for iri in sorted(_read_manifest(folder)):
        path = folder / "graphs" / _segment_name(iri)
        try:
            out.append((iri, path.read_bytes()))
        except OSError:
            detail = f"the store lacks the graph {iri or 'default'}"
            raise OckgError(Code.E201, detail, path=path) from None
    return out


def _merged(segments: list[bytes]) -> Iterator[bytes]:
    previous = None
    for line in heapq.merge(*(s.split(b"\n") for s in segments)):
        if line and line != previous:
            yield line
            previous = line


def store_ntriples(folder: Path) -> bytes:
    """The union of the store's graphs as sorted, unique N-Triples: what ``graph.nt`` holds."""
    lines = list(_merged([data for _, data in store_graphs(folder)]))
    return b"\n".join(lines) + b"\n" if lines else b""


def open_store(folder: Path):
    """The store's Oxigraph database, read-only; its default graph is the union of its
    graphs. Reading while a build writes it is not supported (Oxigraph's rule)."""
    import pyoxigraph as ox

    try:
        return ox.Store.read_only(str(folder / "oxigraph"))
    except OSError as error:
        raise OckgError(Code.E201, f"cannot open the store: {error}", path=folder) from None
