"""Cold one-document build against the bare model process on the same text.

Each run is a fresh process. The bare process imports spaCy, loads the model and runs
``nlp.pipe`` over the paragraphs ockg analyses (written beforehand to a JSON file, so the bare
process imports nothing of ockg); the ockg process is ``ockg build FILE --no-cache`` (read,
parse, extract, build the graph, write Turtle). Runs alternate to share the machine's load
fairly; the medians are printed, with the first build on an empty compiled-table cache
(gazetteers and lexicons compiled, see ``kg/compiled.py``) on its own line. Both processes
run with their modules' bytecode cached, as installed (``build_phases.as_installed``: the
first build writes ockg's, even where ``PYTHONDONTWRITEBYTECODE`` is set).

Usage: python benchmarks/cold_start.py [--repeat N] [FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from build_phases import as_installed  # noqa: E402

_BARE = (
    "import json, sys, spacy; texts = json.load(open(sys.argv[1], encoding='utf-8')); "
    "nlp = spacy.load(sys.argv[2]); docs = list(nlp.pipe(texts)); "
    "print(sum(len(d) for d in docs))"
)


def _seconds(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("file", nargs="?", default=str(ROOT / "corpus" / "peru_2025.txt"))
    options = parser.parse_args()

    from kg.nlp.model import model_name
    from kg.nlp.segment import paragraphs
    from kg.profile import parse_profile
    from kg.read import read_document

    start_load = os.getloadavg()[0]
    document = read_document(options.file)
    parts = paragraphs(document, parse_profile(document))
    texts = [document.text[p.begin : p.end] for p in parts]
    words = sum(len(t.split()) for t in texts)
    with tempfile.TemporaryDirectory() as tmp:
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "OCKG_CACHE_DIR": str(Path(tmp) / "cc")}
        # ockg's bytecode cached as installed (the first build writes it); spaCy's installed
        # bytecode serves the bare process
        ockg_env = as_installed(env, Path(tmp) / "pyc")
        bare = [sys.executable, "-c", _BARE, str(texts_file), model_name()]
        build = [sys.executable, "-m", "kg.cli", "build", options.file, "-q", "--no-cache"]
        first, _ = _seconds([*build, "--out", str(Path(tmp) / "first")], ockg_env)
        bare_times, build_times = [], []
        for n in range(options.repeat):
            bare_times.append(_seconds(bare, env))
            build_times.append(_seconds([*build, "--out", str(Path(tmp) / f"out{n}")], ockg_env))
    load = os.getloadavg()[0]
    bare_s, build_s = (statistics.median(t[0] for t in runs) for runs in (bare_times, build_times))
    bare_cpu, build_cpu = (
        statistics.median(t[1] for t in runs) for runs in (bare_times, build_times)
    )
    print(f"text: {Path(options.file).name}, {len(texts)} paragraphs, {words} words")
    print(f"load average at the start: {start_load:.2f}")
    print(
        f"bare model process (spacy.load + nlp.pipe): median {bare_s:.2f} s of {options.repeat} "
        f"(CPU {bare_cpu:.2f} s)"
    )
    print(
        f"ockg build, compiled tables cached:        median {build_s:.2f} s of {options.repeat} "
        f"(CPU {build_cpu:.2f} s)"
    )
    print(f"ockg build, first run (tables compiled):   {first:.2f} s")
    print(
        f"ratio build / bare: {build_s / bare_s:.2f}x wall, {build_cpu / bare_cpu:.2f}x CPU "
        f"(load average at the end: {load:.2f})"
    )


if __name__ == "__main__":
    main()
