"""Memory of the exports that hold the whole graph, beside the streamed JSON-LD, on a build.

Usage: python benchmarks/export_memory.py BUILD_DIR [FORMAT ...]
(for 10 / 100 synthetic profiles: ``python benchmarks/phase_memory.py CORPUS --out BUILD_DIR``
on a corpus that ``build_scaling.synthetic_corpus`` writes)

``BUILD_DIR`` is a build folder with its store (``ockg build … --out BUILD_DIR``). The union
is merged from the store's segments; in one process the rdflib graph of the union and the
NetworkX view are made (what ``ftm``, ``graphml``, ``gexf``, ``nodelink`` and ``neo4j`` are
written from) and each FORMAT's writer is run (default: all five), printing the memory each
step added and the process's peak after each export; then, in a fresh process, JSON-LD is
streamed from the union (its peak beside the memory before). Linux only (``/proc/self/status``).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WHOLE_GRAPH = ("graphml", "gexf", "nodelink", "neo4j", "ftm")


def _mib(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    import kg.output_writers as writers
    from kg.graph.store import DEFAULT_GRAPH, find_store, store_segments
    from kg.graph.streamed import write_union

    folder = find_store(sys.argv[1])
    if folder is None:
        raise SystemExit(f"{sys.argv[1]}: no store (build it without --no-store)")
    formats = sys.argv[2:] or list(WHOLE_GRAPH)
    kept = store_segments(folder)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        union = write_union([path for _, path in kept], scratch / "union.nt", scratch)
        print(f"{union.triples:,} triples", flush=True)
        graphs = [(iri, [path]) for iri, path in kept if iri != DEFAULT_GRAPH]
        sources = writers.ExportSources(dict(kept)[DEFAULT_GRAPH], graphs, union, scratch)
        before = _mib("VmRSS")
        start = time.perf_counter()
        sources.graph  # noqa: B018 - made on first use
        parsed = _mib("VmRSS")
        seconds = time.perf_counter() - start
        print(f"rdflib graph of the union: +{parsed - before:.0f} MiB, {seconds:.0f} s")
        start = time.perf_counter()
        view = sources.view
        print(
            f"NetworkX view ({view.number_of_nodes():,} nodes, {view.number_of_edges():,} edges): "
            f"+{_mib('VmRSS') - parsed:.0f} MiB, {time.perf_counter() - start:.0f} s"
        )
        for name in formats:
            start = time.perf_counter()
            getattr(writers, name)(sources)
            print(
                f"{name}: process peak {_mib('VmHWM'):.0f} MiB after it, "
                f"{time.perf_counter() - start:.1f} s",
                flush=True,
            )
        subprocess.run([sys.executable, __file__, "--jsonld", str(union.path)], check=True)


def jsonld(union: Path) -> None:
    """Stream ``graph.jsonld`` from the union file (in a fresh process) and print its peak."""
    from kg.graph.jsonld_stream import write_jsonld

    base = _mib("VmRSS")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, open(Path(tmp) / "graph.jsonld", "wb") as handle:
        write_jsonld(union, handle, Path(tmp))
    print(
        f"streamed JSON-LD (fresh process): peak {_mib('VmHWM'):.0f} MiB "
        f"(before: {base:.0f} MiB), {time.perf_counter() - start:.0f} s"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--jsonld"]:
        jsonld(Path(sys.argv[2]))
    else:
        main()
