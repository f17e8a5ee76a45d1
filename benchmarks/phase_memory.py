"""Run ``ockg build ARGS`` in this process and print the peak memory of each of its phases.

Used by ``build_scaling.py --phases``; runnable alone:
``python benchmarks/phase_memory.py corpus/ --out /tmp/out --no-cache -q``.

The phases are marked by wrapping the build's own functions (nothing in ockg is changed):
``extract`` (reading, parsing and extracting every document into the spool), ``store``
(syncing the on-disk store), ``union`` (merging the segments into the union file),
``formats`` (the writers that make their bytes in memory) and ``write`` (the streamed exports
and the report, written atomically). Linux's peak resident set size (``VmHWM``) is reset at
each phase's start (``/proc/self/clear_refs``), so each figure is that phase's own peak
(and the process's ``ru_maxrss`` at exit is only the last phase's: take the largest phase).
The last line printed on stdout is a JSON object: phase -> [peak MiB, seconds] (``other``:
the steps between the named phases), and ``rss_after_document``: the resident memory after
the 1st, 10th and every 100th document was spooled, and after the last (the trend of a long
build, not only its ends).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_phases import around, run_build, wrap

PHASES: dict[str, list[float]] = {}
DOCUMENTS: list[float] = []
"""Resident memory (MiB) after each document was spooled, in the order they came."""
_current: list[tuple[str, float]] = []


def _status(field: str) -> float:
    """A ``/proc/self/status`` memory field in MiB (0 where there is none)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:  # not Linux, or not allowed: the peaks are then cumulative
        pass


def mark(phase: str) -> None:
    """End the running phase (recording its peak and time) and start ``phase``."""
    now = time.perf_counter()
    if _current:
        name, start = _current.pop()
        peak, seconds = PHASES.get(name, [0.0, 0.0])
        PHASES[name] = [max(peak, _status("VmHWM")), seconds + now - start]
    if phase:
        _reset_peak()
        _current.append((phase, time.perf_counter()))


def _phased(phase: str, after: str):
    return lambda function: around(function, lambda: mark(phase), lambda: mark(after))


def instrument() -> None:
    """Wrap the build's phase functions (looked up at call time by their callers)."""
    import kg.spool

    wrap("build", _phased("extract", "other"))
    wrap("store sync", _phased("store", "other"))
    wrap("union", _phased("union", "formats"))
    wrap("write", _phased("write", "other"))
    record = kg.spool.Spool.record

    def recorded(self, *args, **kwargs):
        record(self, *args, **kwargs)
        DOCUMENTS.append(round(_status("VmRSS"), 1))

    kg.spool.Spool.record = recorded


def main() -> None:
    instrument()
    mark("start")
    try:
        run_build(sys.argv[1:])
    finally:
        mark("")
        figures: dict[str, object] = {
            k: [round(v[0], 1), round(v[1], 2)] for k, v in PHASES.items()
        }
        count = len(DOCUMENTS)
        marks = sorted({n for n in (1, 10, *range(100, count + 1, 100), count) if 0 < n <= count})
        figures["rss_after_document"] = {n: DOCUMENTS[n - 1] for n in marks}
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
