"""Contributions kept on disk: the build's cache and the keeper of worker processes.

:class:`ContributionCache` holds one checked file per :func:`cache_key` (content hash, path,
metadata, options and the versions of code, model and data); :class:`Keeper` lets a worker
process cache and spool a contribution the moment it makes it, so that only its report
(:class:`Kept`) travels back to the build.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import NamedTuple

from kg.contribution import Contribution, DocumentRef, DocumentReport, versions
from kg.models import Document
from kg.spool import Spool

__all__ = ["ContributionCache", "Keeper", "Kept", "cache_key"]


def cache_key(document: Document | DocumentRef, country: str | None, nlp: bool) -> str:
    """The cache key of a document's contribution: its content, path, metadata, the country
    override, whether the NLP runs, and the :func:`~kg.contribution.versions` of ockg."""
    payload = json.dumps(
        [document.sha256, document.path, document.meta.model_dump(), country, nlp, versions()],
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ContributionCache:
    """Contributions on disk, one file per key, each checked before it is trusted.

    An entry is a line ``sha256:DIGEST`` (of the key and the JSON that follows) and the
    contribution as JSON. An entry that is unreadable, whose digest does not match, that
    belongs to another document or whose triples are not valid N-Triples counts as a miss:
    the document is processed again and the entry rewritten. A cache that cannot be written
    (a file named ``.cache``, a folder at an entry's path, a full disk) is skipped, never fatal.
    """

    def __init__(self, folder: str | Path | None) -> None:
        self.folder = Path(folder) if folder is not None else None

    @staticmethod
    def _digest(key: str, body: bytes) -> bytes:
        return b"sha256:" + hashlib.sha256(key.encode("ascii") + b"\0" + body).hexdigest().encode()

    def get(self, key: str, document: Document | DocumentRef) -> Contribution | None:
        if self.folder is None:
            return None
        try:
            data = (self.folder / f"{key}.json").read_bytes()
            digest, _, body = data.partition(b"\n")
            if digest != self._digest(key, body):
                return None
            contribution = Contribution.model_validate_json(body)
        except (OSError, ValueError):
            return None
        report = contribution.report
        if (report.sha256, report.path) != (document.sha256, document.path):
            return None
        return contribution if _valid_ntriples(contribution) else None

    def put(self, key: str, contribution: Contribution) -> None:
        if self.folder is None:
            return
        from kg.graph.serialize import atomic_write

        body = contribution.model_dump_json().encode("utf-8")
        try:
            atomic_write(self.folder / f"{key}.json", self._digest(key, body) + b"\n" + body)
        except OSError:
            return


def _valid_ntriples(contribution: Contribution) -> bool:
    """Whether a cached contribution's triples parse as N-Triples (so the merge cannot fail)."""
    import pyoxigraph as ox

    for text in (contribution.document_nt, contribution.profile_nt):
        try:
            for _ in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
                pass
        except (SyntaxError, ValueError):
            return False
    return True


class Kept(NamedTuple):
    """What a worker process sends back once it has cached and spooled a contribution."""

    report: DocumentReport
    profile_key: tuple[str, int] | None


class Keeper(NamedTuple):
    """Where worker processes put each contribution the moment it is made: the cache and
    the spool's folder, so that only its report travels back (``Kept``). ``keys`` and
    ``indices`` are the cache key and build index of each position of the work list."""

    cache: ContributionCache
    spool: Path
    keys: tuple[str, ...]
    indices: tuple[int, ...]

    def keep(self, position: int, contribution: Contribution) -> Kept:
        self.cache.put(self.keys[position], contribution)
        Spool.write(self.spool, self.indices[position], contribution)
        return Kept(contribution.report, contribution.profile_key)
