"""Build time and peak memory for 1, 10 and 100 documents; --jobs 2 speed-up; cached rebuild.

The corpora are synthetic, made from the Peru profile's structure: each document is a 2025
page rendered with other scores (on the 0.5 grid, averages consistent) and the Peru analysis
with the country's name and demonym swapped in, so the NLP does realistic work.

Usage: python benchmarks/build_scaling.py [--sizes 1,10,100] [--no-nlp]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_MEASURE = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "subprocess.run(sys.argv[1:], check=True); "
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
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
            f"country: {entry.iso2}\nedition: 2025\n", encoding="utf-8"
        )


def measure(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one build in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, sys.executable, "-m", "kg.cli", "build", *args, "-q"],
        check=True,
        capture_output=True,
        text=True,
    )
    seconds, peak_kib = done.stdout.split()
    return float(seconds), int(peak_kib) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--no-nlp", action="store_true")
    options = parser.parse_args()
    nlp = ["--no-nlp"] if options.no_nlp else []
    sizes = [int(s) for s in options.sizes.split(",")]
    print(f"{'documents':>9s} {'seconds':>8s} {'s/doc':>6s} {'peak MiB':>9s}   (jobs 1, no cache)")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            corpus = Path(tmp) / f"corpus{size}"
            corpus.mkdir()
            synthetic_corpus(corpus, size)
            out = Path(tmp) / f"out{size}"
            seconds, peak = measure([str(corpus), "--out", str(out), "--no-cache", *nlp])
            print(f"{size:9d} {seconds:8.1f} {seconds / size:6.2f} {peak:9.0f}")
        size = sizes[min(1, len(sizes) - 1)]
        corpus = Path(tmp) / f"corpus{size}"
        out = Path(tmp) / "jobs"
        one, _ = measure([str(corpus), "--out", str(out), "--no-cache", "--jobs", "1", *nlp])
        two, _ = measure([str(corpus), "--out", str(out), "--no-cache", "--jobs", "2", *nlp])
        print(f"--jobs 2 on {size} documents: {one:.1f} s -> {two:.1f} s ({one / two:.2f}x)")
        cached = Path(tmp) / "cached"
        cold, _ = measure([str(corpus), "--out", str(cached), *nlp])
        warm, _ = measure([str(corpus), "--out", str(cached), *nlp])
        print(
            f"no-change rebuild of {size} documents: cold {cold:.1f} s, cached {warm:.1f} s "
            f"({cold / warm:.1f}x faster)"
        )


if __name__ == "__main__":
    main()
