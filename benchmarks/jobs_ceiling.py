"""What two extracting processes cost the machine: the ceiling of ``--jobs 2``'s speed-up.

The pipeline is loaded and warmed once (as ``--jobs`` does before it forks); then the same
documents are extracted, alternating, three ways: in this process, in one forked child alone,
and in two forked children at once (each its own half of the documents, twice as many).
Each prints its CPU seconds per document. Where one core's work slows the other's (shared
caches and memory bandwidth, a host's hyper-threads, a lower turbo clock with both cores
busy), two processes at once take more CPU per document than one alone, and ``--jobs 2``
can gain at most ``2 / (that ratio)`` on its extraction, before the serial start and end.

Usage: python benchmarks/jobs_ceiling.py CORPUS [--documents 8] [--repeat 2]
(CORPUS: e.g. the synthetic corpus ``jobs_speedup.py`` makes; at least twice ``--documents``).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _extract(documents: list) -> float:
    """CPU seconds of this process to extract ``documents``."""
    from kg.contribution import contribution_of

    start = time.process_time()
    for document in documents:
        contribution_of(document, country=None, nlp=True)
    return time.process_time() - start


def _forked(groups: list[list]) -> list[float]:
    """Extract each group in its own forked child, all at once; their CPU seconds."""
    children = []
    for documents in groups:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            os.write(write, repr(_extract(documents)).encode())
            os._exit(0)
        os.close(write)
        children.append((pid, read))
    seconds = []
    for pid, read in children:
        with os.fdopen(read) as pipe:
            seconds.append(float(pipe.read()))
        os.waitpid(pid, 0)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--documents", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=2)
    options = parser.parse_args()
    from kg.executors import _warm
    from kg.read import collect_inputs, read_document

    documents = [read_document(path) for path in collect_inputs([options.corpus])]
    n = options.documents
    if len(documents) < 2 * n:
        raise SystemExit(f"{options.corpus}: {len(documents)} documents, fewer than {2 * n}")
    first, second = documents[:n], documents[n : 2 * n]
    load = os.getloadavg()[0]
    _warm(True)
    _extract(first[:1])  # what the first real document loads lazily, loaded before a fork too
    gc.freeze()
    seen: dict[str, list[float]] = {"here": [], "one child": [], "two children": []}
    for _ in range(options.repeat):
        seen["here"].append(_extract(first) / n)
        seen["one child"].append(_forked([first])[0] / n)
        seen["two children"].extend(s / n for s in _forked([first, second]))
    medians = {way: statistics.median(found) for way, found in seen.items()}
    for way, found in seen.items():
        every = ", ".join(f"{s:.3f}" for s in found)
        print(f"{way:13} median {medians[way]:.3f} CPU s a document ({every})")
    ratio = medians["two children"] / medians["one child"]
    print(
        f"two at once cost {ratio:.2f}x the CPU per document of one alone: the extraction's "
        f"--jobs 2 speed-up is at most {2 / ratio:.2f}x; load average {load:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after"
    )


if __name__ == "__main__":
    main()
