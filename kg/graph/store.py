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
import itertools
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import Code, OckgError
from kg.graph.segments import merged_lines, segment_bytes, sorted_difference

__all__ = [
    "DEFAULT_GRAPH",
    "STORE_DIR",
    "StoreFill",
    "StoreUpdate",
    "find_store",
    "open_store",
    "store_graphs",
    "store_lines",
    "store_ntriples",
    "store_segments",
    "sync_store",
    "sync_store_segments",
]

STORE_DIR = "store"
DEFAULT_GRAPH = ""
"""The manifest's key for the default graph (ockg's vocabulary)."""
_MANIFEST = "manifest.json"
_STAGING = "graphs.new"
"""Where a sync writes the segments of the graphs it changes, moved into ``graphs`` at its end."""
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


def sync_store(folder: Path, default_nt: str, named: Iterable[tuple[str, str]]) -> StoreUpdate:
    """Bring the store in ``folder`` (``DIR/store``) to exactly these graphs, incrementally
    (the graphs as N-Triples text; see ``sync_store_segments``)."""
    import tempfile

    grouped: dict[str, list[str]] = {DEFAULT_GRAPH: [default_nt]}
    for iri, text in named:
        grouped.setdefault(iri, []).append(text)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".in-") as tmp:
        graphs = []
        for n, (iri, texts) in enumerate(sorted(grouped.items())):
            path = Path(tmp) / f"{n}.nt"
            path.write_bytes(segment_bytes(texts))
            graphs.append((iri, [path]))
        return sync_store_segments(folder, graphs)


_BATCH = 100_000
"""Lines loaded into or removed from the default graph at a time (then flushed)."""
FLUSH_BYTES = 1 << 20
"""Graphs' N-Triples loaded between two flushes of the store (each graph counted once; a fresh
store takes it twice, into its named graph and the union): RocksDB keeps what it is given in
write buffers (several per index) until they fill, which for a corpus of a thousand
documents is gigabytes; flushing as the load goes keeps memory as flat as the rest. Every
1 MiB (about every document) a sync's memory stays within about 50 MiB of the process's
(measured: 10, 40 and 250 documents); every 16 MiB it reached 170 MiB at 40 documents."""


def _segment_of(parts: list[Path]) -> bytes:
    if len(parts) == 1:
        return parts[0].read_bytes()
    return segment_bytes(path.read_bytes() for path in parts)


def _apply(store, lines: Path, *, add: bool) -> None:
    """Add to or remove from the default graph the N-Triples lines of the file ``lines``."""
    import pyoxigraph as ox

    with open(lines, "rb") as handle:
        while chunk := b"".join(itertools.islice(handle, _BATCH)):
            if add:
                store.load(chunk, format=ox.RdfFormat.N_TRIPLES)
            else:
                for quad in ox.parse(chunk, format=ox.RdfFormat.N_TRIPLES):
                    store.remove(quad)
            store.flush()


def _open_known(folder: Path):
    """The store's database, and the manifest of what it holds; an empty manifest when the
    store must be rebuilt from scratch (a new folder, an interrupted sync, a removed
    database or a missing segment)."""
    import pyoxigraph as ox

    interrupted = (folder / _SYNCING).exists()
    try:
        store = ox.Store(str(folder / "oxigraph"))
    except OSError as error:
        raise OckgError(Code.E201, f"cannot open the store: {error}", path=folder) from None
    manifest = {} if interrupted else _read_manifest(folder)
    if manifest and next(iter(store.quads_for_pattern(None, None, None, None)), None) is None:
        manifest = {}  # the database was removed or never filled: start afresh
    if any(not (folder / "graphs" / _segment_name(iri)).is_file() for iri in manifest):
        manifest = {}  # a segment is missing: start afresh
    return store, manifest


def sync_store_segments(
    folder: Path, graphs: Iterable[tuple[str, list[Path]]], fill: StoreFill | None = None
) -> StoreUpdate:
    """Bring the store in ``folder`` to exactly ``graphs``: (graph IRI, its segment files),
    ``DEFAULT_GRAPH`` for ockg's vocabulary. One graph is in memory at a time; the default
    graph's update is the difference of the old and new unions, merged from the segments.
    With a ``fill`` (a fresh store loaded while the documents were extracted), the graphs it
    loaded as they are now are only checked and kept."""
    import pyoxigraph as ox

    from kg.graph.serialize import atomic_write

    segments = folder / "graphs"
    staging = folder / _STAGING
    segments.mkdir(parents=True, exist_ok=True)
    marker = folder / _SYNCING
    graphs = list(graphs)
    filled = fill.finish(graphs) if fill is not None else None
    if filled is not None:  # a fresh store, filled (and its segments staged) meanwhile
        store, preloaded = filled
        manifest: dict[str, str] = {}
    else:
        store, manifest = _open_known(folder)
        preloaded = {}
        marker.touch()
        if not manifest:
            store.clear()
        _new_staging(folder)
    present = {str(g.value) for g in store.named_graphs()}
    digests: dict[str, str] = {}
    changed: set[str] = set()
    fresh = not manifest  # an empty store: the default graph is filled graph by graph
    loaded = 0
    for iri, parts in graphs:
        if iri in preloaded:  # loaded, and its segment staged, while the build extracted
            digests[iri] = preloaded[iri]
            changed.add(iri)
            continue
        data = _segment_of(parts)
        digests[iri] = hashlib.sha256(data).hexdigest()
        if manifest.get(iri) == digests[iri]:
            continue
        changed.add(iri)
        if iri != DEFAULT_GRAPH:
            graph = ox.NamedNode(iri)
            if iri in present:
                store.clear_graph(graph)
            if data:
                store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        if fresh and data:  # the union: a triple in several graphs is stored once
            store.load(data, format=ox.RdfFormat.N_TRIPLES)
        loaded += len(data)
        if loaded >= FLUSH_BYTES:  # RocksDB's write buffers to disk: memory stays flat
            store.flush()
            loaded = 0
        atomic_write(staging / _segment_name(iri), data)
        del data
    stale = sorted((present | set(manifest)) - set(digests) - {DEFAULT_GRAPH})
    for iri in stale:
        store.remove_graph(ox.NamedNode(iri))
    if not fresh:
        # The default graph is the union of every graph, so that queries see each triple
        # once: what left the union is removed from it, then what entered is added.
        old = [segments / _segment_name(iri) for iri in sorted(manifest)]
        new = [(staging if iri in changed else segments) / _segment_name(iri) for iri in digests]
        removed, added = staging / ".removed", staging / ".added"
        with open(removed, "wb") as gone, open(added, "wb") as came:
            for entered, line in sorted_difference(
                merged_lines(old, folder), merged_lines(new, folder)
            ):
                (came if entered else gone).write(line + b"\n")
        _apply(store, removed, add=False)
        _apply(store, added, add=True)
        removed.unlink()
        added.unlink()
    store.flush()
    for path in staging.iterdir():
        os.replace(path, segments / path.name)
    staging.rmdir()
    for iri in stale:
        (segments / _segment_name(iri)).unlink(missing_ok=True)
    _write_manifest(folder, digests)
    marker.unlink()
    replaced = sum(iri in manifest for iri in changed)
    return StoreUpdate(
        added=len(changed) - replaced,
        replaced=replaced,
        dropped=len(stale),
        kept=len(digests) - len(changed),
    )


FILL_DOCUMENTS = 40
"""Graphs a ``StoreFill`` loads (the first to come) before it closes the store and leaves the
rest to the sync at the end: enough for a small build's speed (a one-document build,
``--jobs 2`` on 20 documents), few enough that the open store costs the extraction a few MiB."""


FILL_BATCH = 4
"""Graphs a ``StoreFill`` loads with one call of the bulk loader. Each call writes a set of
database files and ingests them, which costs about as much as loading a graph: measured on
20 synthetic profiles (1.2 MiB of N-Triples each), 3.0 CPU s one graph at a time (two calls
each, its named graph and the union), 2.0–2.2 CPU s four graphs a call (one call of N-Quads
holding both), 2.1–2.3 s all 20 at once. The last graphs of a build are loaded when its
input ends, beside the exports (``kg.report.write_outputs``)."""


_NOW = ("", [])
"""Queued by ``StoreFill.load_now``: load what is held now (compared by identity)."""


def _as_quads(data: bytes, iri: str) -> bytes | None:
    """The N-Triples segment ``data`` as N-Quads in the graph ``iri`` (None unless each line
    ends as one triple a line does: `` .`` and a newline)."""
    if data and (not data.endswith(b" .\n") or data.count(b" .\n") != data.count(b"\n")):
        return None
    return data.replace(b" .\n", f" <{iri}> .\n".encode())


class StoreFill:
    """A store loaded while a build is still extracting: each document's graph goes into
    the store, in a background thread, the moment its contribution is spooled, so that the
    sync at the end (``sync_store_segments(..., fill=...)``) only checks it and writes its
    segment. Oxigraph parses and indexes outside Python's lock, so the loading runs beside
    the extraction (in this process with ``--jobs 1``, beside the workers otherwise).

    Only a store the sync would rebuild from scratch is filled early (a new build folder,
    an interrupted sync, a removed database); an existing store is left to the incremental
    sync, and so is everything whenever the fill fails. A graph that changed after it was
    loaded (a profile whose scores another document of the same country and edition already
    adds, ``W110``) is loaded again alone at the end, and the union loses the triples that
    left it and no other graph holds (``reloaded`` names those graphs); the others stay as
    loaded. The graphs go in ``batch`` at a time (``FILL_BATCH``; fewer once ``load_now``
    says that a core has nothing left to extract), each batch as one call of
    Oxigraph's bulk loader, which writes the database's files directly (a third less CPU than
    a transactional load, and nothing left in write buffers); it is not atomic, which the
    sync's interruption mark covers: a fill cut short leaves the store to be rebuilt.
    Memory: one batch of graphs at a time.

    Only the first ``limit`` graphs to come (``FILL_DOCUMENTS``) are loaded early; then the
    store is closed, and the sync at the end loads the others (as without a fill, flushed
    every ``FLUSH_BYTES``), so that a long build's extraction never runs beside a growing
    store. Measured over 1,000 documents, a store filled to the end grew the build's memory
    without bound: each bulk load of one graph leaves RocksDB files that are never compacted
    (a graph's keys in the graph-first indexes overlap no other file's), each with its index
    and filter held in memory (about 0.13 MiB a document); loaded transactionally, the
    store's own caches still grew beside the extraction's (0.09 MiB a document).
    """

    def __init__(self, folder: Path, limit: int | None = None, batch: int | None = None) -> None:
        import queue
        import threading

        self.folder = folder
        self.limit = FILL_DOCUMENTS if limit is None else limit
        """How many graphs, the first to come, are loaded early (the sync loads the rest)."""
        self.batch = max(1, FILL_BATCH if batch is None else batch)
        """How many graphs are loaded together (the last ones when the input ends)."""
        self._full = False
        self._queue: queue.SimpleQueue[tuple[str, list[Path]] | None] = queue.SimpleQueue()
        self._store = None
        self._loaded: dict[str, tuple[list[Path], str]] = {}
        self._failed = False
        self._ended = False
        self._input_ended = False
        self.reloaded: dict[str, str] = {}
        """The graphs ``finish`` loaded again, having changed after the fill (IRI -> digest)."""
        self._thread = threading.Thread(target=self._run, name="ockg-store-fill", daemon=True)
        self._thread.start()

    def add(self, iri: str, parts: list[Path]) -> None:
        """Load the graph ``iri`` made of the segment files ``parts`` (from the build)."""
        self._queue.put((iri, list(parts)))

    def load_now(self) -> None:
        """Load the graphs held for a batch without waiting for it to fill: the build calls
        this when a core has no document left to extract (its last documents), so that they
        load on that idle core rather than after the last one, beside the exports."""
        self._queue.put(_NOW)

    def _run(self) -> None:
        try:
            self._fill()
        except Exception:  # the sync loads everything itself, and reports what fails
            self._failed = True
            self._store = None
            while not self._ended and self._queue.get() is not None:  # let the build go on
                pass

    def _fill(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        store, manifest = _open_known(self.folder)
        if manifest:  # an existing store: the incremental sync keeps what is unchanged
            del store
            raise _NotFresh
        (self.folder / _SYNCING).touch()  # interrupted from here on: rebuilt next time
        store.clear()
        self._store = store
        _new_staging(self.folder)
        if self.limit <= 0:
            store = self._let_go()
        pending: dict[str, list[Path]] = {}
        while True:
            item = self._queue.get()
            self._ended = item is None
            now = item is _NOW
            if item is not None and not now and store is not None:  # past the limit: the sync's
                iri, parts = item
                if iri in pending:  # another document of the same text: the graph holds both
                    parts = [*pending[iri], *parts]
                elif iri in self._loaded:
                    parts = [*self._loaded[iri][0], *parts]
                pending[iri] = parts
            due = item is None or now or len(pending) >= self.batch
            if pending and (due or len(self._loaded) + len(pending) >= self.limit):
                self._load(store, pending)
                pending = {}
                if len(self._loaded) >= self.limit:
                    store = self._let_go()
            if item is None:
                break

    def _load(self, store, graphs: dict[str, list[Path]]) -> None:
        """Load ``graphs`` (IRI -> segment files) into their named graphs and the union with
        one call of Oxigraph's bulk loader, which writes the database's files directly (no
        write buffers to flush), and stage each graph's segment."""
        import pyoxigraph as ox

        from kg.graph.serialize import atomic_write

        segments = {iri: _segment_of(parts) for iri, parts in graphs.items()}
        quads = [_as_quads(data, iri) for iri, data in segments.items()]
        if all(q is not None for q in quads):
            batch = b"".join([*quads, *segments.values()])  # type: ignore[list-item]
            if batch:
                store.bulk_load(batch, format=ox.RdfFormat.N_QUADS)
            del batch
        else:  # a segment without one triple a line: each graph loaded as N-Triples
            for iri, data in segments.items():
                if data:
                    named = ox.NamedNode(iri)
                    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=named)
                    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)  # the union
        del quads
        for iri, data in segments.items():
            atomic_write(self.folder / _STAGING / _segment_name(iri), data)
            self._loaded[iri] = (graphs[iri], hashlib.sha256(data).hexdigest())

    def _let_go(self) -> None:
        """Close the store, full: the sync at the end reopens it and loads the rest."""
        self._full = True
        self._store = None

    @property
    def loaded(self) -> list[str]:
        """The graphs loaded so far, in the order they came."""
        return list(self._loaded.copy())  # (the copy is atomic; the fill thread may add)

    def close(self) -> None:
        """Stop filling and let the store go (a build that failed, or one written without a
        store); the store stays marked as interrupted, so the next sync rebuilds it."""
        self.close_input()
        self._store = None

    def finish(self, graphs: list[tuple[str, list[Path]]]):
        """Wait for the fill; the store (open) and the digest of each graph it holds, or None
        when the sync must do it all (the fill failed, or the store was not fresh). A graph
        whose parts are no longer those loaded is loaded again from ``graphs`` first."""
        self.close_input()
        store, self._store = self._store, None
        if self._failed or (store is None and not self._full):
            return None
        if store is None:  # closed at the limit: reopened for the sync
            import pyoxigraph as ox

            try:
                store = ox.Store(str(self.folder / "oxigraph"))
            except OSError:  # the sync opens it itself and reports what fails
                return None
        final = {iri: parts for iri, parts in graphs if iri != DEFAULT_GRAPH}
        changed = [iri for iri, (parts, _) in self._loaded.items() if final.get(iri) != parts]
        self.reloaded = _reload_changed(store, self.folder, changed, final)
        digests = {iri: digest for iri, (_, digest) in self._loaded.items()}
        digests.update(self.reloaded)
        return store, {iri: digest for iri, digest in digests.items() if iri in final}

    def end_input(self) -> None:
        """No more graphs: the fill loads those it still holds, and ends (not waited for)."""
        if not self._input_ended:
            self._input_ended = True
            self._queue.put(None)

    def close_input(self) -> None:
        """No more graphs: the fill ends once it has loaded those it was given (waited for)."""
        self.end_input()
        self._thread.join()


def _reload_changed(
    store, folder: Path, changed: list[str], final: dict[str, list[Path]]
) -> dict[str, str]:
    """Bring the graphs ``changed`` since the fill loaded them to their ``final`` parts (a
    graph no longer among them is removed): each named graph is cleared and loaded anew, its
    staged segment rewritten, and the default graph (the union) loses the triples that left
    these graphs and are in no other graph loaded so far (the graphs the sync loads later
    add theirs to the union themselves); the triples that entered are added to it. The other
    graphs are left as loaded. The digest of each graph reloaded (a removed one has none)."""
    import pyoxigraph as ox

    from kg.graph.serialize import atomic_write

    digests: dict[str, str] = {}
    left: set[bytes] = set()
    for iri in changed:
        staged = folder / _STAGING / _segment_name(iri)
        old = set(staged.read_bytes().splitlines())
        parts = final.get(iri)
        data = _segment_of(parts) if parts is not None else b""
        new = set(data.splitlines())
        named = ox.NamedNode(iri)
        store.clear_graph(named)
        if parts is None:
            store.remove_graph(named)
            staged.unlink()
        else:
            if data:
                store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=named)
            atomic_write(staged, data)
            digests[iri] = hashlib.sha256(data).hexdigest()
        if new - old:
            store.load(b"\n".join(sorted(new - old)) + b"\n", format=ox.RdfFormat.N_TRIPLES)
        left |= old - new
    union = ox.DefaultGraph()
    for line in sorted(left):
        for triple in ox.parse(line + b"\n", format=ox.RdfFormat.N_TRIPLES):
            quads = store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)
            if all(quad.graph_name == union for quad in quads):  # in no named graph any more
                store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, union))
    store.flush()
    return digests


def _new_staging(folder: Path) -> None:
    """An empty staging folder for the segments a sync writes (replacing any left over)."""
    shutil.rmtree(folder / _STAGING, ignore_errors=True)
    (folder / _STAGING).mkdir()


class _NotFresh(Exception):
    """The store holds an earlier build: it is left to the incremental sync."""


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


def store_segments(folder: Path) -> list[tuple[str, Path]]:
    """(graph IRI, segment file) of every graph the manifest vouches for, by IRI; a missing
    segment is a coded error."""
    out = []
    for iri in sorted(_read_manifest(folder)):
        path = folder / "graphs" / _segment_name(iri)
        if not path.is_file():
            detail = f"the store lacks the graph {iri or 'default'}"
            raise OckgError(Code.E201, detail, path=path)
        out.append((iri, path))
    return out


def store_lines(folder: Path) -> Iterator[bytes]:
    """The union of the store's graphs, sorted and unique, line by line (streamed)."""
    return merged_lines([path for _, path in store_segments(folder)])


def store_ntriples(folder: Path) -> bytes:
    """The union of the store's graphs as sorted, unique N-Triples: what ``graph.nt`` holds."""
    lines = list(store_lines(folder))
    return b"\n".join(lines) + b"\n" if lines else b""


def open_store(folder: Path):
    """The store's Oxigraph database, read-only; its default graph is the union of its
    graphs. Reading while a build writes it is not supported (Oxigraph's rule)."""
    import pyoxigraph as ox

    try:
        return ox.Store.read_only(str(folder / "oxigraph"))
    except OSError as error:
        raise OckgError(Code.E201, f"cannot open the store: {error}", path=folder) from None
