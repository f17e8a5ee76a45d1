"""Run ``ockg build ARGS`` in this process and print the CPU seconds of each phase, in the
parent process and in the ``--jobs`` workers.

What bounds ``--jobs 2`` on two cores is the work that is serial (the parent's start before
the workers fork, its end after the last document) or that competes with the workers for
the cores (the store filled beside them); CPU seconds show it on a shared machine, where
wall-clock times are noise. Runnable alone, e.g.
``python benchmarks/jobs_phases.py CORPUS --out /tmp/out --no-cache --jobs 2 -q``.

The phases are marked by wrapping the build's own functions (nothing in ockg is changed):

- parent ``start``: the interpreter, ockg's imports and the command line, up to the build;
- parent ``read``: reading and hashing the documents, up to handing them out;
- parent ``warm-up``: loading the pipeline and extracting a one-sentence text before the fork
  (``--jobs`` > 1 only; spaCy's import included), ``of which pipeline``: the model and
  ockg's components loaded;
- parent ``extraction``: the parent's main thread while the documents are extracted (with
  ``--jobs 1`` the extraction itself); ``other threads``: the parent's other threads in a
  phase (the store filled beside the extraction, with Oxigraph's loader threads; the process
  pool's), ``of which the fill thread``: the Python thread that fills the store;
- parent ``end``: the spool settled, the vocabulary, the store sync, the union, the exports
  and the report (``of which store sync``, ``union``, ``exports``);
- ``workers``: each worker's CPU, and the per-document split into extracting and keeping
  (caching and spooling).

Prints one line per phase (CPU seconds, wall seconds) and, last, a JSON object of them.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_phases import run_build, wrap

MARKS: list[tuple[str, float, float, float]] = []
"""(phase starting, process CPU seconds, main thread's CPU seconds, wall seconds)."""
SPANS: dict[str, list[float]] = {}
"""A nested phase -> [CPU seconds, wall seconds] (summed over its calls, main thread)."""
FILL: list[float] = []
"""The fill thread's own CPU seconds."""
_WORKER_LOG = Path(tempfile.mkdtemp(prefix="ockg-jobs-phases-"))
_STARTED = time.perf_counter()


def mark(phase: str) -> None:
    MARKS.append((phase, time.process_time(), time.thread_time(), time.perf_counter()))


def _span(name: str, function=None, *, before: str | None = None, after: str | None = None):
    if function is None:  # as a wrapper for ``build_phases.wrap``
        return lambda function: _span(name, function, before=before, after=after)

    @functools.wraps(function)
    def wrapped(*args, **kwargs):
        if before:
            mark(before)
        cpu, wall = time.thread_time(), time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seen = SPANS.setdefault(name, [0.0, 0.0])
            seen[0] += time.thread_time() - cpu
            seen[1] += time.perf_counter() - wall
            if after:
                mark(after)

    return wrapped


def _contributions_marked(function):
    @functools.wraps(function)
    def wrapped(*args, **kwargs):
        mark("extraction")
        try:
            return function(*args, **kwargs)
        finally:
            mark("end")

    return wrapped


def _worker_timed(function):
    @functools.wraps(function)
    def wrapped(position, task):
        import kg.executors

        cpu = time.process_time()
        contribution = kg.executors.extract(task)
        made = time.process_time()
        keeper = kg.executors._KEEPER
        kept = contribution if keeper is None else keeper.keep(position, contribution)
        done = time.process_time()
        with open(_WORKER_LOG / f"{os.getpid()}.log", "a") as log:
            log.write(f"{made - cpu} {done - made} {done}\n")
        return kept

    return wrapped


def instrument() -> None:
    """Wrap the build's phase functions (looked up at call time by their callers)."""
    import kg.build
    import kg.executors
    import kg.graph.store

    wrap("build", _span("build", before="read"))
    kg.build._contributions = _contributions_marked(kg.build._contributions)
    warm = kg.executors._warm

    def warmed(nlp: bool) -> None:
        import kg.nlp.pipeline  # here, not earlier: its imports count in the warm-up

        kg.nlp.pipeline.ockg_pipeline = _span("pipeline", kg.nlp.pipeline.ockg_pipeline)
        warm(nlp)

    kg.executors._warm = _span("warm-up", warmed)
    kg.executors._extract_and_keep = _worker_timed(kg.executors._extract_and_keep)
    for phase in ("store sync", "union", "write"):
        wrap(phase, _span(phase))
    run = kg.graph.store.StoreFill._run

    def filled(self) -> None:
        try:
            run(self)
        finally:
            FILL.append(time.thread_time())

    kg.graph.store.StoreFill._run = filled


def _workers() -> list[tuple[int, float, float, float]]:
    """(documents, extracting, keeping, total CPU) of each worker, from their logs."""
    out = []
    for log in sorted(_WORKER_LOG.glob("*.log")):
        rows = [[float(x) for x in line.split()] for line in log.read_text().splitlines()]
        out.append(
            (len(rows), sum(r[0] for r in rows), sum(r[1] for r in rows), max(r[2] for r in rows))
        )
    return out


def report() -> dict[str, object]:
    mark("exit")
    figures: dict[str, list[float]] = {}
    others: dict[str, float] = {}
    for (phase, cpu, own, wall), (_, cpu2, own2, wall2) in itertools.pairwise(MARKS):
        seen = figures.setdefault(phase, [0.0, 0.0])
        seen[0] += own2 - own
        seen[1] += wall2 - wall
        others[phase] = others.get(phase, 0.0) + (cpu2 - cpu) - (own2 - own)
    start = figures.setdefault("start", [0.0, 0.0])
    start[0] += MARKS[0][1] if MARKS else 0.0
    start[1] += (MARKS[0][3] - _STARTED) if MARKS else 0.0
    for phase, cpu in others.items():
        if cpu >= 0.005:
            figures[f"{phase}: other threads"] = [cpu, 0.0]
    if FILL:
        figures["  of which the fill thread"] = [FILL[0], 0.0]
    for name, (cpu, wall) in SPANS.items():
        if name != "build":
            figures[f"  of which {name}"] = [cpu, wall]
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers = _workers()
    total = time.process_time()
    figures["parent total"] = [total, time.perf_counter() - _STARTED]
    figures["workers total"] = [children.ru_utime + children.ru_stime, 0.0]
    figures["  of which system (kernel)"] = [children.ru_stime, 0.0]
    figures["  minor page faults (thousands)"] = [children.ru_minflt / 1000, 0.0]
    own = resource.getrusage(resource.RUSAGE_SELF)
    figures["parent system (kernel)"] = [own.ru_stime, 0.0]
    for n, (documents, extracting, keeping, cpu) in enumerate(workers):
        figures[f"worker {n + 1} ({documents} documents)"] = [cpu, 0.0]
        figures[f"  extracting / keeping {n + 1}"] = [extracting, keeping]
    return {k: [round(a, 3), round(b, 3)] for k, (a, b) in figures.items()}


def main() -> None:
    mark("start-script")
    import kg.cli  # noqa: F401  (its imports count in the start)

    instrument()
    try:
        run_build(sys.argv[1:])
    finally:
        MARKS.pop(0)
        figures = report()
        for name, (cpu, wall) in figures.items():
            print(f"{name:32} {cpu:8.2f} {wall:8.2f}")
        print(json.dumps(figures))
        for log in _WORKER_LOG.glob("*.log"):
            log.unlink()
        _WORKER_LOG.rmdir()


if __name__ == "__main__":
    main()
