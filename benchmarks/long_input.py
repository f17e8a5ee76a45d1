"""Extraction time and peak memory for one long paragraph of 1, 4 and 16 MiB.

Each input is the Peru profile's analysis sentences, shuffled (seeded) and joined with spaces
into a single paragraph with no blank line: the worst case for a paragraph-at-a-time
pipeline. Each size runs in a fresh process that loads and warms the pipeline, then reads the
file and runs the NLP stage (``kg.nlp.extract.extract``: segmentation, chunking, spaCy,
ockg's components and the relation rules). It prints the characters, chunks, mentions,
seconds, seconds per MiB, the resident memory after warm-up and the peak: flat memory per
paragraph means the peak stays near the warm-up figure whatever the size.

Usage: python benchmarks/long_input.py [--sizes 1,4,16]   (sizes in MiB; fractions allowed)
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_MEASURE = r"""
import json, resource, sys, time
from kg.nlp.pipeline import analyse
from kg.read import read_document
from kg.nlp.extract import extract
analyse("Cocaine leaves Lima for Europe.", "PE")
warm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
document = read_document(sys.argv[1])
extraction = extract(document, None, "PE")
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"chars": len(document.text), "chunks": len(extraction.paragraphs),
                  "mentions": len(extraction.mentions), "seconds": seconds,
                  "warm_kib": warm, "peak_kib": peak}))
"""


def long_paragraph(size: int, seed: int = 11) -> str:
    """About ``size`` bytes of analysis sentences in one paragraph (a single line)."""
    peru = (ROOT / "corpus" / "peru_2025.txt").read_text(encoding="utf-8")
    analysis = peru[peru.index("\n    Analysis\n") :]
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", analysis) if len(s.split()) > 5]
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        sentence = rng.choice(sentences).replace("\n", " ")
        parts.append(sentence)
        total += len(sentence.encode("utf-8")) + 1
    text = " ".join(parts)
    return text.encode("utf-8")[: size - 1].decode("utf-8", "ignore") + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,4,16", help="MiB, comma-separated")
    args = parser.parse_args()
    print(
        f"{'MiB':>6} {'chars':>10} {'chunks':>7} {'mentions':>9} {'s':>8} {'s/MiB':>7} "
        f"{'warm MB':>8} {'peak MB':>8}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for raw in args.sizes.split(","):
            mib = float(raw)
            path = Path(folder) / f"long_{raw}.txt"
            path.write_text(long_paragraph(int(mib * 1024 * 1024)), encoding="utf-8")
            done = subprocess.run(
                [sys.executable, "-c", _MEASURE, str(path)],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
                env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
            )
            row = json.loads(done.stdout.strip().splitlines()[-1])
            print(
                f"{mib:>6g} {row['chars']:>10,} {row['chunks']:>7,} {row['mentions']:>9,} "
                f"{row['seconds']:>8.1f} {row['seconds'] / mib:>7.1f} "
                f"{row['warm_kib'] / 1024:>8.0f} {row['peak_kib'] / 1024:>8.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
