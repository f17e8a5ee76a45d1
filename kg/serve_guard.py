"""Clean up after ``ockg serve`` however it stops, even when it is killed with SIGKILL.

``python -m kg.serve_guard FOLDER`` is started by :func:`kg.serve.serve` in its own session,
with its standard input a pipe from ``serve``, on which ``serve`` writes the process id of the
Oxigraph server once it starts it. When that pipe closes (``serve`` ended, in any way), the
guard stops that server if it still runs and removes the temporary store ``FOLDER``. Only
the standard library is imported: the guard starts in milliseconds.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from pathlib import Path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _serves(pid: int, folder: Path) -> bool:
    """Whether ``pid`` is still the server of ``folder`` (not a process that reused its id)."""
    try:
        return str(folder).encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return sys.platform.startswith("linux") is False and _alive(pid)
    except OSError:
        return False


def _stop(pid: int, grace: float = 5.0) -> None:
    """SIGTERM, then SIGKILL after ``grace`` seconds."""
    for signum, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, grace)):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not _alive(pid):
                return
            time.sleep(0.05)


def main(argv: list[str]) -> int:
    """Wait for the pipe from ``serve`` to close, then stop the server and remove the store."""
    folder = Path(argv[0])
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for serve; the guard cleans up
    pids = [int(line) for line in sys.stdin.buffer if line.strip().isdigit()]
    for pid in pids:
        if _serves(pid, folder):
            _stop(pid)
    if folder.name.startswith("ockg-serve-"):  # never anything but serve's own store
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
