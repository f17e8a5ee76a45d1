"""What the benchmarks share: ``ockg build ARGS`` run in this process, with the build's own
functions wrapped to mark its phases (nothing in ockg is changed), and the environment of a
process that runs ockg as installed (:func:`as_installed`).

``phase_memory.py`` (each phase's peak memory) and ``jobs_phases.py`` (each phase's CPU
seconds) wrap the same functions, named once here: if ockg moves one, both scripts fail at
``wrap`` (an ``AttributeError`` naming it) rather than measure nothing.
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

__all__ = ["PHASES", "around", "as_installed", "run_build", "wrap"]

PHASES = {
    "build": ("kg.build", "build_corpus"),
    "store sync": ("kg.graph.store", "sync_store_segments"),
    "union": ("kg.report", "write_union"),
    "write": ("kg.report", "atomic_write_many"),
}
"""A phase -> (module, function) that runs it: reading and extracting every document (the
build), syncing the on-disk store, merging the segments into the union file, and writing the
outputs atomically. Callers look each up at call time, so replacing the attribute wraps it."""


def wrap(phase: str, wrapper: Callable[[Callable[..., Any]], Callable[..., Any]]) -> None:
    """Replace the function of ``phase`` (:data:`PHASES`) by ``wrapper(function)``."""
    module_name, attribute = PHASES[phase]
    module = importlib.import_module(module_name)
    function = getattr(module, attribute)
    setattr(module, attribute, functools.wraps(function)(wrapper(function)))


def around(
    function: Callable[..., Any], before: Callable[[], None], after: Callable[[], None]
) -> Callable[..., Any]:
    """``function`` with ``before()`` called first and ``after()`` last (even on error)."""

    @functools.wraps(function)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        before()
        try:
            return function(*args, **kwargs)
        finally:
            after()

    return wrapped


def run_build(args: list[str]) -> None:
    """``ockg build ARGS`` in this process; a non-zero exit is raised as ``SystemExit``."""
    import kg.cli

    sys.argv = ["ockg", "build", *args]
    try:
        kg.cli.main()
    except SystemExit as done:
        if done.code not in (None, 0):
            raise


def as_installed(env: dict[str, str], folder: Path) -> dict[str, str]:
    """``env`` for a process that runs ockg as an installed copy would: its modules' bytecode
    cached (in ``folder``, written by the first run) rather than compiled from source at each
    start, as an environment with ``PYTHONDONTWRITEBYTECODE`` set would (about 0.25 CPU s for
    the hundred-odd modules a build imports; spaCy's own, installed, have their bytecode)."""
    out = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out["PYTHONPYCACHEPREFIX"] = str(folder)
    return out
