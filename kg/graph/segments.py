"""Sorted N-Triples segments on disk, and their union streamed without holding it.

A segment is a file of unique N-Triples lines in byte order, each ending in a newline. A
build keeps every document's contribution as segments (see :mod:`kg.spool` and
:mod:`kg.graph.store`) and derives the union (``graph.nt``, ``graph.ttl``, the store's
default graph) by a k-way merge of the files, so memory does not grow with the corpus.
Lines are split on newline only: N-Triples escapes it, but U+2028 and friends stay raw.
"""

from __future__ import annotations

import bisect
import itertools
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "FAN_IN",
    "MERGE_BUFFER",
    "merged_batches",
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


MERGE_BUFFER = 2 << 20
"""Bytes of segment files a merge reads ahead, shared by the files it has open (at least
:data:`_MIN_BLOCK` each): memory stays bounded whatever the corpus's size."""
_MIN_BLOCK = 16 << 10


def _blocks(path: Path, size: int) -> Iterator[list[bytes]]:
    """The lines of ``path`` (without newlines), a block of about ``size`` bytes at a time;
    never an empty block."""
    with open(path, "rb") as handle:
        rest = b""
        while data := handle.read(size):
            data = rest + data
            cut = data.rfind(b"\n")
            if cut < 0:
                rest = data
                continue
            rest = data[cut + 1 :]
            yield data[:cut].split(b"\n")
        if rest:
            yield [rest]


def _merged(paths: list[Path]) -> Iterator[list[bytes]]:
    """The sorted union of the segments at ``paths``, in sorted batches of unique lines.

    A block of lines is held from each file; the lines up to the smallest last line of those
    blocks (the bound) are taken from every block and sorted together, which Python does in
    C, where a heap would compare them one line at a time. No line left in any file sorts
    before the bound (each file is sorted, and every block's last line is at least the
    bound), so the batches follow each other in order."""
    size = max(_MIN_BLOCK, MERGE_BUFFER // max(1, len(paths)))
    sources = [_blocks(path, size) for path in paths]
    held: dict[int, tuple[list[bytes], int]] = {}
    for i, source in enumerate(sources):
        if (block := next(source, None)) is not None:
            held[i] = (block, 0)
    previous = b""
    while held:
        bound = min(block[-1] for block, _ in held.values())
        batch: list[bytes] = []
        for i, (block, start) in list(held.items()):
            end = bisect.bisect_right(block, bound, start)
            batch.extend(itertools.islice(block, start, end))
            if end < len(block):
                held[i] = (block, end)
            elif (block := next(sources[i], None)) is not None:
                held[i] = (block, 0)
            else:
                del held[i]
        batch.sort()
        lines = list(dict.fromkeys(batch))  # unique, in order
        first = 0
        while first < len(lines) and lines[first] <= previous:  # empty, or yielded last time
            first += 1
        if first < len(lines):
            previous = lines[-1]
            yield lines[first:] if first else lines


def merged_batches(paths: Iterable[Path], scratch: Path | None = None) -> Iterator[list[bytes]]:
    """The sorted union of the segments at ``paths``: what :func:`merged_lines` yields, in
    consecutive sorted batches (for writers that write a batch at a time).

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
                    for batch in _merged(group):
                        handle.write(b"\n".join(batch) + b"\n")
                merged.append(target)
            for old in paths:
                if old.parent == Path(tmp):
                    old.unlink()
            paths, round_ = merged, round_ + 1
        yield from _merged(paths)


def merged_lines(paths: Iterable[Path], scratch: Path | None = None) -> Iterator[bytes]:
    """The sorted union of the segments at ``paths``, line by line (without newlines).

    At most :data:`FAN_IN` files are open at once: beyond that, groups are merged first into
    temporary segments in ``scratch`` (default: the system's temporary folder), removed after.
    """
    for batch in merged_batches(paths, scratch):
        yield from batch


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
