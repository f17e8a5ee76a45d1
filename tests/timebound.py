"""A time bound for tests of hostile input: a hang fails the test instead of stalling CI.

``@time_bound(seconds)`` runs the test under ``SIGALRM`` (``setitimer``) and fails it with
``TimeoutError`` when the bound passes. It interrupts Python code; work that may block inside
native code or another process is bounded by that process's own timeout (``subprocess.run``'s
``timeout``) instead. Decorate under ``@given`` to bound each example.
"""

from __future__ import annotations

import functools
import signal
from collections.abc import Callable
from typing import ParamSpec, TypeVar

__all__ = ["time_bound"]

P = ParamSpec("P")
R = TypeVar("R")


def time_bound(seconds: float) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Fail the decorated test if it runs longer than ``seconds`` (POSIX main thread only)."""

    def decorate(test: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(test)
        def bounded(*args: P.args, **kwargs: P.kwargs) -> R:
            def expire(signum: int, frame: object) -> None:
                raise TimeoutError(f"{test.__name__} ran past its bound of {seconds} s")

            previous = signal.signal(signal.SIGALRM, expire)
            signal.setitimer(signal.ITIMER_REAL, seconds)
            try:
                return test(*args, **kwargs)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)

        return bounded

    return decorate
