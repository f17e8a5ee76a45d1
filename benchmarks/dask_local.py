"""The Dask path on a local cluster: ``ockg build --scheduler`` against a local build.

Starts a scheduler and two single-threaded worker processes on 127.0.0.1, builds a synthetic
corpus (see ``build_scaling.py``) with ``--scheduler`` and locally with ``--jobs 1``, each in a
fresh process without the contribution cache, prints the wall times and whether the outputs
are byte-identical, and stops the cluster. The workers load the pipeline on their first task,
as a local process does, so that cost is in both figures.

Usage: python benchmarks/dask_local.py [--documents 10]
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _build(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    command = [sys.executable, "-m", "kg.cli", "build", *args, "-q", "--no-cache"]
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=10)
    options = parser.parse_args()

    from build_scaling import synthetic_corpus
    from distributed import LocalCluster

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["OCKG_CACHE_DIR"] = str(Path(tmp) / "cc")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        synthetic_corpus(corpus, options.documents)
        _build([str(corpus), "--out", str(Path(tmp) / "first")], env)  # compiles the tables
        local = _build([str(corpus), "--out", str(Path(tmp) / "local")], env)
        started = time.perf_counter()
        cluster = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            scheduler_port=0,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        try:
            up = time.perf_counter() - started
            address = cluster.scheduler_address
            remote = _build(
                [str(corpus), "--out", str(Path(tmp) / "dask"), "--scheduler", address], env
            )
        finally:
            cluster.close(timeout=60)
        same = all(
            (Path(tmp) / "local" / name).read_bytes() == (Path(tmp) / "dask" / name).read_bytes()
            for name in ("graph.ttl", "report.json")
        )
    print(f"{options.documents} synthetic documents (load average {os.getloadavg()[0]:.1f})")
    print(f"local build, --jobs 1:                  {local:.1f} s")
    print(f"--scheduler, 2 workers on 127.0.0.1:    {remote:.1f} s (cluster start {up:.1f} s)")
    print(f"speed-up {local / remote:.2f}x; graph.ttl and report.json identical: {same}")


if __name__ == "__main__":
    main()
