"""Contributions on disk while a build runs, so the build holds one document at a time.

Each contribution is written, as it arrives, into a temporary folder as two sorted segments
(:mod:`kg.graph.segments`): the document's own triples and its profile's score
observations; only its report and profile key stay in memory. When every document is in,
``finish`` decides, in content-hash order, which profile adds its scores (a second profile of
the same country and edition adds none: ``W110``), so the result never depends on the order
in which documents completed. The union and each document's named graph are then merged
from the segments on demand. The folder is removed by ``close`` or when the spool is
garbage-collected.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import Code
from kg.graph.segments import merged_lines, segment_bytes
from kg.models import Diagnostic

if TYPE_CHECKING:
    from kg.contribution import Contribution, DocumentReport

__all__ = ["Spool", "private_folder"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def private_folder(parent: str | Path | None, kind: str) -> Path:
    """A new temporary folder ``.ockg-KIND-PID-…`` in ``parent`` (default: the system's
    temporary folder). Folders of the same kind left there by a process that no longer runs
    (a build that was killed) are removed first, so they never pile up."""
    if parent is not None:
        Path(parent).mkdir(parents=True, exist_ok=True)
    base = Path(parent) if parent is not None else Path(tempfile.gettempdir())
    for stale in base.glob(f".ockg-{kind}-*-*"):
        pid = stale.name.split("-")[2]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f".ockg-{kind}-{os.getpid()}-", dir=base))


def _remove(folder: Path, parent: Path | None) -> None:
    """Remove a spool folder, and the parent it made if nothing else was written there (a
    failed first build leaves no output folder behind)."""
    shutil.rmtree(folder, True)
    if parent is not None:
        with contextlib.suppress(OSError):
            parent.rmdir()


class Spool:
    """Each document's contribution as segment files in a private temporary folder."""

    def __init__(self, parent: str | Path | None = None) -> None:
        made = parent is not None and not Path(parent).exists()
        self.folder = private_folder(parent, "spool")
        owned = Path(parent) if made and parent is not None else None
        self._remove = weakref.finalize(self, _remove, self.folder, owned)
        self._entries: dict[int, tuple[DocumentReport, tuple[str, int] | None]] = {}
        self._graphs: list[tuple[str, list[Path]]] = []
        self.reports: list[DocumentReport] = []
        self.vocabulary = self.folder / "vocabulary.nt"

    def close(self) -> None:
        """Remove the folder (idempotent)."""
        self._remove()

    def _part(self, index: int, kind: str) -> Path:
        return self.folder / f"{index:07d}.{kind}.nt"

    def add(self, index: int, contribution: Contribution) -> None:
        """Write the contribution of the document at ``index`` (in build order) and keep only
        its report; the caller drops the contribution."""
        self.write(self.folder, index, contribution)
        self.record(index, contribution.report, contribution.profile_key)

    def record(
        self, index: int, report: DocumentReport, profile_key: tuple[str, int] | None
    ) -> None:
        """Note a contribution another process has written (``write``) into the folder."""
        self._entries[index] = (report, profile_key)

    def parts(self, index: int) -> list[Path]:
        """The segment files of the document at ``index`` written so far: its graph as
        ``finish`` groups it, unless another document shares its graph or its scores."""
        return [path for kind in ("doc", "profile") if (path := self._part(index, kind)).exists()]

    @staticmethod
    def write(folder: Path, index: int, contribution: Contribution) -> None:
        """Write one contribution's segments into a spool's ``folder`` (from any process)."""
        for kind, text in (("doc", contribution.document_nt), ("profile", contribution.profile_nt)):
            data = segment_bytes([text])
            if data:
                (folder / f"{index:07d}.{kind}.nt").write_bytes(data)

    def finish(self, iris: list[str], vocabulary_nt: str) -> list[DocumentReport]:
        """Settle which profile adds its scores and group the segments by named graph
        (``iris[index]`` is each document's graph IRI); the reports, sorted by path."""
        self.vocabulary.write_bytes(segment_bytes([vocabulary_nt]))
        grouped: dict[str, list[Path]] = {}
        seen: set[tuple[str, int]] = set()
        reports = []
        for index in sorted(self._entries):
            report, profile_key = self._entries[index]
            parts = grouped.setdefault(iris[index], [])
            doc, profile = self._part(index, "doc"), self._part(index, "profile")
            if doc.exists():
                parts.append(doc)
            if profile_key is not None and profile_key in seen:
                iso2, edition = profile_key
                message = f"{iso2} {edition} is already in the corpus; its scores are not re-added"
                note = Diagnostic(code=Code.W110.name, message=message)
                report = report.model_copy(update={"diagnostics": (*report.diagnostics, note)})
                # left out of the graph, not deleted: a store filled beside the build may
                # still be reading it (the store's sync loads that graph again without it)
            elif profile.exists():
                parts.append(profile)
                if profile_key is not None:
                    seen.add(profile_key)
            reports.append(report)
        self._entries.clear()
        self._graphs = sorted(grouped.items())
        self.reports = sorted(reports, key=lambda r: r.path)
        return self.reports

    def graphs(self) -> list[tuple[str, list[Path]]]:
        """(graph IRI, its segment files) of every document's named graph, by IRI."""
        return self._graphs

    def segments(self) -> list[Path]:
        """Every segment: the vocabulary's and each document's parts."""
        return [self.vocabulary, *(path for _, parts in self._graphs for path in parts)]

    def union(self) -> Iterator[bytes]:
        """The sorted, unique lines of the whole build."""
        return merged_lines(self.segments(), self.folder)

    @staticmethod
    def graph_bytes(parts: list[Path]) -> bytes:
        """One named graph's segment: its parts merged (one document's worth of memory)."""
        if len(parts) == 1:
            return parts[0].read_bytes()
        return segment_bytes(path.read_bytes() for path in parts)
