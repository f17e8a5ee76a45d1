"""Bounds on a SPARQL query: time, rows and memory, the same on both engines.

A query runs in a forked child process (POSIX), so a runaway query, a cartesian product, a
regular expression that backtracks for ever, is stopped by killing the child, whether it is
busy in Python (rdflib) or in native code (Oxigraph). The child has an address-space limit,
and the rows it may return are counted as they come. Each bound gives its own coded error
(``E210`` time, ``E211`` rows, ``E212`` memory); nothing partial is printed.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from kg.errors import Code, OckgError

__all__ = [
    "DEFAULT_LIMITS",
    "QueryLimits",
    "bounded",
    "parent_death_signal",
    "take_rows",
]

T = TypeVar("T")


@dataclass(frozen=True)
class QueryLimits:
    """``timeout`` in seconds, ``max_rows`` and ``max_memory`` (bytes); 0 or None: no bound."""

    timeout: float | None = 60.0
    max_rows: int | None = 100_000
    max_memory: int | None = 4 * 1024**3


DEFAULT_LIMITS = QueryLimits()
"""60 s, 100,000 rows, 4 GiB: far above what a query over a corpus of profiles needs."""


def take_rows(rows: Iterable[T], limits: QueryLimits) -> list[T]:
    """The rows, counted as they come: ``E211`` as soon as there is one over the limit."""
    if not limits.max_rows:
        return list(rows)
    out: list[T] = []
    for row in rows:
        if len(out) == limits.max_rows:
            detail = f"more than {limits.max_rows:,} rows; add LIMIT or raise --max-rows"
            raise OckgError(Code.E211, detail)
        out.append(row)
    return out


def parent_death_signal(signum: int = signal.SIGKILL) -> None:
    """Ask Linux to send ``signum`` to this process when its parent dies (PR_SET_PDEATHSIG).

    A no-op elsewhere. Used in query children and in ``ockg serve``'s server process.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signum, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return


def _limit_memory(extra: int) -> None:
    """Cap the address space at what the process uses now plus ``extra`` bytes."""
    import resource

    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return
    try:
        resource.setrlimit(resource.RLIMIT_AS, (used + extra, used + extra))
    except (ValueError, OSError):
        return


def _child(work: Callable[[], T], limits: QueryLimits, pipe: int) -> None:
    """Run ``work`` and send back ("ok", result) or ("error", (code, detail)); never return."""
    status = 0
    try:
        parent_death_signal()
        if limits.max_memory:
            _limit_memory(limits.max_memory)
        try:
            payload: tuple[str, object] = ("ok", work())
        except OckgError as error:
            payload = ("error", (error.code.name, error.detail))
        except MemoryError:
            payload = ("error", (Code.E212.name, "the query needs more memory than allowed"))
        except RecursionError:
            payload = ("error", (Code.E202.name, "the query is nested too deeply"))
        except Exception as error:  # an engine failing on odd data: said, not a traceback
            first = str(error).splitlines()[0][:300] if str(error).strip() else ""
            detail = f"the query failed: {type(error).__name__}" + (f": {first}" if first else "")
            payload = ("error", (Code.E202.name, detail))
        data = pickle.dumps(payload)
        view = memoryview(data)
        while view:
            written = os.write(pipe, view)
            view = view[written:]
    except BaseException:  # a child must never unwind into the parent's code
        status = 1
    finally:
        os._exit(status)


def _read_all(pipe: int, pid: int, limits: QueryLimits) -> bytes:
    deadline = None if not limits.timeout else time.monotonic() + limits.timeout
    chunks: list[bytes] = []
    while True:
        wait = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([pipe], [], [], wait)
        if not ready:
            os.kill(pid, signal.SIGKILL)
            detail = f"stopped after {limits.timeout:g} s; simplify it or raise --timeout"
            raise OckgError(Code.E210, detail)
        chunk = os.read(pipe, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def bounded(work: Callable[[], T], limits: QueryLimits = DEFAULT_LIMITS) -> T:
    """``work()`` run within ``limits``; its ``OckgError`` is raised here as it was there.

    Without ``os.fork`` (Windows), ``work`` runs here and only the row limit holds.
    """
    if not hasattr(os, "fork") or not (limits.timeout or limits.max_memory):
        return work()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child process
        os.close(read_end)
        _child(work, limits, write_end)
    os.close(write_end)
    try:
        data = _read_all(read_end, pid, limits)
    except BaseException:  # a timeout, Ctrl-C: the child must not outlive the wait
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
    if not data:
        if os.WIFSIGNALED(status) or limits.max_memory:
            detail = "the query process died (most likely it needed more memory than allowed)"
            raise OckgError(Code.E212, detail)
        raise OckgError(Code.E202, "the query process failed")
    kind, value = pickle.loads(data)
    if kind == "error":
        code, detail = value
        raise OckgError(Code[code], detail)
    return value
