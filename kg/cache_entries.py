"""Checked cache entries on disk: plain data kept in a file, verified before it is trusted.

The compiled tables (:mod:`kg.compiled`) and the parsed lexicon files
(:func:`kg.resources.load_yaml`) keep their data here. An entry is one file: a magic line, the
SHA-256 of its payload and the payload, :mod:`marshal` data (plain values only: loading it never
runs code). A truncated, corrupted or unreadable entry reads as missing; an entry is written
atomically, and stale entries of the same name (another digest) are removed when it is.

The folder is ``$OCKG_CACHE_DIR`` if set (``off`` disables the cache), else
``$XDG_CACHE_HOME/ockg``, else ``~/.cache/ockg``. An unwritable folder only costs the rebuild.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from contextlib import suppress
from pathlib import Path

__all__ = ["CACHE_ENV", "cache_dir", "entry_path", "read_entry", "write_entry"]

CACHE_ENV = "OCKG_CACHE_DIR"
"""Environment variable naming the folder of compiled tables (``off``: no cache)."""

_MAGIC = b"ockg-compiled 1\n"
_DIGEST_SIZE = 64  # hex SHA-256 of the payload, then a newline
_DISABLED = {"off", "none", "0", "false", "no"}


def cache_dir() -> Path | None:
    """The folder of compiled tables, or None when ``$OCKG_CACHE_DIR`` is ``off``."""
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured:
        return None if configured.lower() in _DISABLED else Path(configured).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "ockg"


def entry_path(name: str, digest: str) -> Path | None:
    """The entry ``name`` for inputs of ``digest`` (None: no cache). ``name`` is the part that
    stale entries share: it must not end in ``-`` followed by a digest of its own."""
    folder = cache_dir()
    return None if folder is None else folder / f"{name}-{digest[:32]}.bin"


def read_entry(path: Path) -> object | None:
    """The payload of an intact entry, else None (missing, truncated, corrupted, unreadable)."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC)
    if not blob.startswith(_MAGIC) or blob[head + _DIGEST_SIZE : head + _DIGEST_SIZE + 1] != b"\n":
        return None
    payload = memoryview(blob)[head + _DIGEST_SIZE + 1 :]
    if hashlib.sha256(payload).hexdigest().encode() != blob[head : head + _DIGEST_SIZE]:
        return None
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None


def write_entry(path: Path, data: object) -> bool:
    """Store ``data`` atomically and drop stale entries of the same name; False when it was not
    stored (data :mod:`marshal` cannot hold, an unwritable folder)."""
    try:
        payload = marshal.dumps(data)
    except ValueError:  # an object marshal cannot hold (a date parsed from YAML, say)
        return False
    blob = _MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    stem = path.name.rsplit("-", 1)[0]
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(blob)
        os.replace(temporary, path)
        for stale in path.parent.glob(f"{stem}-*.bin"):
            if stale.name != path.name and stale.name.rsplit("-", 1)[0] == stem:
                stale.unlink(missing_ok=True)
    except OSError:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
        return False
    return True
