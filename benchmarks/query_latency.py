"""Latency of each named query on rdflib and on Oxigraph over a build of the corpus.

Usage: python benchmarks/query_latency.py [--graph build/graph.ttl] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--graph", type=Path, default=ROOT / "build" / "graph.ttl")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.graph.exists():
        sys.exit(f"{args.graph} not found: run `make` (or ockg build) first")
    from kg.sparql.engine import run_query

    print(f"{'query':30s} {'rdflib':>10s} {'oxigraph':>10s} {'rows':>6s}")
    for path in sorted((ROOT / "queries").glob("*.rq")):
        line = f"{path.stem:30s}"
        rows = 0
        for engine in ("rdflib", "oxigraph"):
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                result = run_query(args.graph, str(path), engine=engine)
                times.append(time.perf_counter() - started)
            rows = len(result.rows)
            line += f" {statistics.median(times) * 1000:8.0f}ms"
        print(f"{line} {rows:6d}")
    print("(each time includes loading the graph file into the engine)")


if __name__ == "__main__":
    main()
