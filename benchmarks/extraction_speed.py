"""Words per second of ockg's extraction against the bare spaCy model on the same text.

Usage: python benchmarks/extraction_speed.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from kg.nlp.extract import extract
    from kg.nlp.model import load_model
    from kg.nlp.pipeline import ockg_pipeline
    from kg.nlp.segment import paragraphs
    from kg.profile import parse_profile
    from kg.read import read_document

    document = read_document(ROOT / "corpus" / "peru_2025.txt")
    profile = parse_profile(document)
    parts = paragraphs(document, profile)
    texts = [document.text[p.begin : p.end] for p in parts]
    words = sum(len(t.split()) for t in texts)

    started = time.perf_counter()
    bare = load_model()
    ockg_pipeline()
    print(f"model and components load: {time.perf_counter() - started:.2f} s (once per process)")

    def bare_run() -> None:
        list(bare.pipe(texts))

    def ockg_run() -> None:  # segmentation, the pipeline with ockg's components, relations
        extract(document, profile, "PE")

    bare_run()
    ockg_run()  # warm both
    results = {}
    for name, run in (("bare model nlp.pipe", bare_run), ("ockg full extraction", ockg_run)):
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            run()
            times.append(time.perf_counter() - started)
        results[name] = words / statistics.median(times)
        print(f"{name:22s} {results[name]:8.0f} words/s (median of {args.repeat}, {words} words)")
    ratio = results["ockg full extraction"] / results["bare model nlp.pipe"]
    print(f"ockg keeps {ratio:.0%} of the bare model's throughput")

    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "kg.cli",
                "build",
                str(ROOT / "corpus"),
                "--out",
                out,
                "-q",
                "--no-cache",
            ],
            check=True,
        )
        print(f"full Peru build (cold process, no cache): {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
