"""--jobs 2 against --jobs 1 on the same synthetic corpus, alternating, with medians.

The corpus is ``build_scaling.py``'s (profiles made from the Peru page's structure, 20 by
default). Each build is a fresh ``ockg build CORPUS --no-cache --jobs N`` process into a new
folder (so the store is built from scratch, as in a first build), after one unmeasured build
that compiles the gazetteer tables into a private ``OCKG_CACHE_DIR`` and writes ockg's
bytecode into a private cache (``build_phases.as_installed``). Runs alternate between
``--jobs 1`` and ``--jobs 2`` so that both share the machine's load; the medians, the CPU
seconds of each build and its workers, the load average before and after, and whether
``graph.ttl`` and ``report.json`` are byte-identical across the two are printed.

Usage: python benchmarks/jobs_speedup.py [--documents 20] [--repeat 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from build_phases import as_installed  # noqa: E402
from build_scaling import measure, synthetic_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=2)
    options = parser.parse_args()
    start_load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "OCKG_CACHE_DIR": str(Path(tmp) / "cc")}
        env = as_installed(env, Path(tmp) / "pyc")  # the warm-up build writes the bytecode
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        synthetic_corpus(corpus, options.documents)
        warm = Path(tmp) / "warm"
        warm.mkdir()
        synthetic_corpus(warm, 1)
        measure([str(warm), "--out", str(Path(tmp) / "warm-out"), "--no-cache"], env)
        runs: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
        outputs: dict[int, Path] = {}
        for n in range(options.repeat):
            for jobs in (1, 2):
                out = Path(tmp) / f"out-{jobs}-{n}"
                args = [str(corpus), "--out", str(out), "--no-cache", "--jobs", str(jobs)]
                seconds, _peak, cpu = measure(args, env)
                runs[jobs].append((seconds, cpu))
                outputs[jobs] = out
        same = all(
            (outputs[1] / name).read_bytes() == (outputs[2] / name).read_bytes()
            for name in ("graph.ttl", "report.json")
        )
    end_load = os.getloadavg()[0]
    wall = {jobs: statistics.median(s for s, _ in found) for jobs, found in runs.items()}
    cpu = {jobs: statistics.median(c for _, c in found) for jobs, found in runs.items()}
    print(f"{options.documents} documents, {options.repeat} alternating runs of each")
    for jobs in (1, 2):
        every = ", ".join(f"{s:.1f}" for s, _ in runs[jobs])
        print(f"--jobs {jobs}: median {wall[jobs]:.1f} s wall ({every}), CPU {cpu[jobs]:.1f} s")
    print(
        f"--jobs 2 speed-up: {wall[1] / wall[2]:.2f}x wall; graph.ttl and report.json "
        f"identical to --jobs 1: {same}; load average {start_load:.1f} before, "
        f"{end_load:.1f} after"
    )


if __name__ == "__main__":
    main()
