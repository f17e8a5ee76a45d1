"""Sorted N-Triples segments on disk, and their union streamed without holding it.

A segment is a file of unique N-Triples lines in byte order, each ending in a newline. A
build keeps every document's contribution as segments (see :mod:`kg.spool` and
:mod:`kg.graph.store`) and derives the union (``graph.nt``, ``graph.ttl``, the store's
default graph) by a k-way merge of the files, so memory does not grow with the corpus.
Lines are split on newline only: N-Triples escapes it, but U+2028 and friends stay raw.
"""

from __future__ import annotations

import heapq
import itertools
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "FAN_IN",
    "merged_lines",
    "segment_bytes",
    "sorted_difference",
    "write_lines",
]

FAN_IN = 128
"""Most segment files open at once in a merge; more are merged in rounds through temporary
files (so a corpus of any size stays within the process's file-descriptor limit)."""


def segment_bytes(texts: Iterable[str | bytes]) -> bytes:
    """Sorted, unique N-Triples lines of ``texts`` as one segment (empty when there are none)."""
    lines = {
        line
        for text in texts
        for line in (text.encode("utf-8") if isinstance(text, str) else text).split(b"\n")
        if line.strip()
    }
    return b"\n".join(sorted(lines)) + b"\n" if lines else b""


def _file_lines(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        for line in handle:
            yield line[:-1] if line.endswith(b"\n") else line


def _unique(lines: Iterable[bytes]) -> Iterator[bytes]:
    previous = None
    for line in lines:
        if line and line != previous:
            yield line
            previous = line


def merged_lines(paths: Iterable[Path], scratch: Path | None = None) -> Iterator[bytes]:
    """The sorted union of the segments at ``paths``, line by line (without newlines).

    At most :data:`FAN_IN` files are open at once: beyond that, groups are merged first into
    temporary segments in ``scratch`` (default: the system's temporary folder), removed after.
    """
    paths = list(paths)
    with tempfile.TemporaryDirectory(dir=scratch, prefix=".merge-") as tmp:
        round_ = 0
        while len(paths) > FAN_IN:
            merged = []
            for start in range(0, len(paths), FAN_IN):
                target = Path(tmp) / f"{round_}-{start}.nt"
                group = paths[start : start + FAN_IN]
                with open(target, "wb") as handle:
                    write_lines(_unique(heapq.merge(*(_file_lines(p) for p in group))), handle)
                merged.append(target)
            for old in paths:
                if old.parent == Path(tmp):
                    old.unlink()
            paths, round_ = merged, round_ + 1
        yield from _unique(heapq.merge(*(_file_lines(p) for p in paths)))


def write_lines(lines: Iterable[bytes], handle: BinaryIO, batch: int = 20_000) -> int:
    """Write ``lines`` (without newlines) to ``handle``, one per line; returns how many."""
    count = 0
    iterator = iter(lines)
    while chunk := list(itertools.islice(iterator, batch)):
        handle.write(b"\n".join(chunk) + b"\n")
        count += len(chunk)
    return count


def sorted_difference(old: Iterable[bytes], new: Iterable[bytes]) -> Iterator[tuple[bool, bytes]]:
    """Walk two sorted, unique line streams: ``(False, line)`` for a line only in ``old``
    (removed), ``(True, line)`` for one only in ``new`` (added)."""
    sentinel = object()
    old_iter, new_iter = iter(old), iter(new)
    a = next(old_iter, sentinel)
    b = next(new_iter, sentinel)
    while a is not sentinel or b is not sentinel:
        if b is sentinel or (a is not sentinel and a < b):
            yield False, a  # type: ignore[misc]
            a = next(old_iter, sentinel)
        elif a is sentinel or b < a:  # type: ignore[operator]
            yield True, b  # type: ignore[misc]
            b = next(new_iter, sentinel)
        else:
            a = next(old_iter, sentinel)
            b = next(new_iter, sentinel)


def fsync_close(handle: BinaryIO) -> None:
    """Flush and sync ``handle`` to disk, then close it."""
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()
