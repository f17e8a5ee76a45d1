"""Words per second of ockg's extraction against the bare spaCy model on the same text, the two
run alternately; by wall time and by the process's CPU time.

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
    runs = (("bare model nlp.pipe", bare_run), ("ockg full extraction", ockg_run))
    wall: dict[str, list[float]] = {name: [] for name, _ in runs}
    cpu: dict[str, list[float]] = {name: [] for name, _ in runs}
    for _ in range(args.repeat):  # alternating, so a change of machine load hits both alike
        for name, run in runs:
            started, started_cpu = time.perf_counter(), time.process_time()
            run()
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - started_cpu)
    for name, _ in runs:
        rate, cpu_rate = words / statistics.median(wall[name]), words / statistics.median(cpu[name])
        print(
            f"{name:22s} {rate:8.0f} words/s, {cpu_rate:8.0f} per CPU s"
            f" (medians of {args.repeat}, {words} words)"
        )
    bare_name, ockg_name = (name for name, _ in runs)
    ratio = statistics.median(wall[bare_name]) / statistics.median(wall[ockg_name])
    cpu_ratio = statistics.median(cpu[bare_name]) / statistics.median(cpu[ockg_name])
    print(
        f"ockg keeps {ratio:.0%} of the bare model's throughput ({cpu_ratio:.0%} by CPU time,"
        " which the machine's load disturbs less)"
    )

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
