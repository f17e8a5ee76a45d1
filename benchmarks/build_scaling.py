"""Build time and peak memory for 1, 10 and 100 documents; --jobs 2 speed-up; cached rebuild.

The corpora are synthetic, made from the Peru profile's structure: each document is a 2025
page rendered with other scores (on the 0.5 grid, averages consistent) and the Peru analysis
with the country's name and demonym swapped in, so the NLP does realistic work.

Every build is a fresh process (``ockg build --no-cache``; the compiled gazetteer tables are
built once, before the first measurement, in a private ``OCKG_CACHE_DIR``). Besides wall time
and peak memory (the largest process), the CPU seconds of the build and its workers are
printed, with the load average: on a shared machine the wall-time speed-up of ``--jobs 2``
is bounded by the cores other work leaves free, while CPU seconds show what parallel work
costs.

With ``--phases`` each size's build runs under ``benchmarks/phase_memory.py``, which prints
the peak memory and time of each phase (extraction, store sync, union, exports) and the
memory after the 1st, 10th and every 100th document. The load average is sampled every
10 seconds while a build runs (mean and maximum printed). ``--jobs-documents 0`` skips the
``--jobs`` and cached-rebuild parts.

Usage: python benchmarks/build_scaling.py [--sizes 1,10,100] [--jobs-documents 20] [--no-nlp]
       [--phases]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_MEASURE = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "subprocess.run(sys.argv[1:], check=True); w = time.perf_counter() - t; "
    "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(w, u.ru_maxrss, u.ru_utime + u.ru_stime)"
)


def synthetic_corpus(folder: Path, size: int, seed: int = 7) -> None:
    """Write ``size`` profile documents (with metadata) into ``folder``."""
    from kg import taxonomy
    from kg.lexicon.load import countries
    from kg.profile.inference import mean2
    from kg.profile.render import render_page

    peru = (ROOT / "corpus" / "peru_2025.txt").read_text(encoding="utf-8")
    analysis = peru[peru.index("\n    Analysis\n") :]
    rng = random.Random(seed)
    pool = sorted(
        (e for e in countries().values() if e.in_index and e.iso2 != "PE" and e.demonyms),
        key=lambda e: e.iso2,
    )
    for n in range(size):
        entry = pool[n % len(pool)]
        scores: dict[str, Decimal] = {}
        for item in taxonomy.scored(2025):
            if item.kind.value != "composite":
                scores[item.id] = Decimal(rng.randint(2, 20)) / 2
        for composite in ("criminal-markets", "criminal-actors", "resilience"):
            parts = [scores[p.id] for p in taxonomy.components(composite, 2025)]
            scores[composite] = mean2(parts)
        scores["criminality"] = mean2([scores["criminal-markets"], scores["criminal-actors"]])
        changes = {key: Decimal("0.00") for key in scores}
        page = render_page(entry.name, 2025, scores, changes)
        page = page[: page.index("\nAnalysis\n")] if "\nAnalysis\n" in page else page
        text = analysis.replace("Peruvian", entry.demonyms[0]).replace("Peru", entry.name)
        stem = f"doc{n:03d}_{entry.iso2.lower()}"
        (folder / f"{stem}.txt").write_text(page + text, encoding="utf-8")
        (folder / f"{stem}.meta.yaml").write_text(
            f'country: "{entry.iso2}"\nedition: 2025\n',
            encoding="utf-8",  # "NO" is not false
        )


LOADS: list[float] = []
"""The 1-minute load average sampled every 10 s during the last measured build."""
PHASES: dict = {}
"""What ``phase_memory.py`` printed for the last build measured with ``phases``."""


def measure(
    args: list[str], env: dict[str, str], *, phases: bool = False
) -> tuple[float, float, float]:
    """Wall seconds, peak resident memory (MiB) and CPU seconds of one build (fresh process)."""
    program = (
        [str(ROOT / "benchmarks" / "phase_memory.py")] if phases else ["-m", "kg.cli", "build"]
    )
    command = [sys.executable, "-c", _MEASURE, sys.executable, *program, *args, "-q"]
    LOADS.clear()
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) as process:
        while process.poll() is None:
            LOADS.append(os.getloadavg()[0])
            time.sleep(10 if LOADS else 1)
        output = process.stdout.read() if process.stdout else ""
    if process.returncode:
        raise SystemExit(f"build failed ({process.returncode}): {' '.join(command)}")
    lines = output.strip().splitlines()
    if phases:
        PHASES.clear()
        PHASES.update(json.loads(lines[-2]))
    seconds, peak_kib, cpu = lines[-1].split()
    peak = int(peak_kib) / 1024
    if phases:  # each phase resets the process's peak: the build's is the largest of theirs
        peak = max(v[0] for k, v in PHASES.items() if k != "rss_after_document")
    return float(seconds), peak, float(cpu)


def _print_phases(size: int) -> None:
    after = ", ".join(f"{n}: {mib:.0f}" for n, mib in PHASES.pop("rss_after_document").items())
    each = ", ".join(
        f"{name} {peak:.0f} MiB / {secs:.0f} s" for name, (peak, secs) in PHASES.items()
    )
    print(f"  {size} documents, peak per phase: {each}")
    print(f"  {size} documents, resident MiB after document N: {after}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--jobs-documents", type=int, default=20)
    parser.add_argument("--no-nlp", action="store_true")
    parser.add_argument("--phases", action="store_true", help="peak memory per build phase")
    options = parser.parse_args()
    nlp = ["--no-nlp"] if options.no_nlp else []
    sizes = [int(s) for s in options.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "OCKG_CACHE_DIR": str(Path(tmp) / "cc")}
        warm = Path(tmp) / "warm"
        warm.mkdir()
        synthetic_corpus(warm, 1)
        measure([str(warm), "--out", str(Path(tmp) / "warm-out"), "--no-cache", *nlp], env)
        header = f"{'documents':>9s} {'seconds':>8s} {'s/doc':>6s} {'peak MiB':>9s} {'CPU s':>7s}"
        print(header + " load (mean, max)", flush=True)
        for size in sizes:
            corpus = Path(tmp) / f"corpus{size}"
            corpus.mkdir()
            synthetic_corpus(corpus, size)
            out = Path(tmp) / f"out{size}"
            args = [str(corpus), "--out", str(out), "--no-cache", *nlp]
            seconds, peak, cpu = measure(args, env, phases=options.phases)
            load = f"{sum(LOADS) / len(LOADS):.1f}, {max(LOADS):.1f}"
            triples = json.loads((out / "report.json").read_bytes())["triples"]
            print(
                f"{size:9d} {seconds:8.1f} {seconds / size:6.2f} {peak:9.0f} {cpu:7.1f} {load}"
                f"  ({triples:,} triples)",
                flush=True,
            )
            if options.phases:
                _print_phases(size)
            shutil.rmtree(out)
            shutil.rmtree(corpus)
        size = options.jobs_documents
        if size <= 0:
            return
        corpus = Path(tmp) / f"jobs{size}"
        corpus.mkdir()
        synthetic_corpus(corpus, size)
        runs = {}
        for jobs in (1, 2):
            out = Path(tmp) / f"jobs-out{jobs}"
            args = [str(corpus), "--out", str(out), "--no-cache", "--jobs", str(jobs), *nlp]
            runs[jobs] = (*measure(args, env), os.getloadavg()[0])
        same = (Path(tmp) / "jobs-out1" / "graph.ttl").read_bytes() == (
            Path(tmp) / "jobs-out2" / "graph.ttl"
        ).read_bytes()
        for jobs, (seconds, peak, cpu, load) in runs.items():
            print(
                f"--jobs {jobs} on {size} documents: {seconds:.1f} s, peak {peak:.0f} MiB, "
                f"CPU {cpu:.1f} s, load {load:.1f}"
            )
        print(
            f"--jobs 2 speed-up: {runs[1][0] / runs[2][0]:.2f}x wall; "
            f"graph.ttl identical to --jobs 1: {same}"
        )
        cached = Path(tmp) / "cached"
        cold, _, _ = measure([str(corpus), "--out", str(cached), *nlp], env)
        warm_s, _, _ = measure([str(corpus), "--out", str(cached), *nlp], env)
        print(
            f"no-change rebuild of {size} documents: cold {cold:.1f} s, cached {warm_s:.1f} s "
            f"({cold / warm_s:.1f}x faster)"
        )


if __name__ == "__main__":
    main()
