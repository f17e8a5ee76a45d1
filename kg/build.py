"""Build the graph of a corpus: read, parse, extract, and assemble the RDF graph.

Each document is processed on its own into a ``Contribution`` (its triples as N-Triples,
split into the document's own facts and its profile's score observations, plus a report).
Contributions are cached by content hash and by the versions of ockg, spaCy, the model and
the ontology data, so an unchanged corpus rebuilds without running the NLP again, a changed
file is re-extracted alone, and a deleted file's facts leave the graph. With ``jobs > 1``
documents are processed in parallel processes, with ``scheduler`` on a Dask cluster (see
:mod:`kg.executors`); the merge is in content-hash order, so the output is the same whatever
the order of inputs, the number of processes or where they ran.

``build_corpus`` is the one entry point the CLI, the notebooks and the tests share. It
raises ``OckgError`` on the first bad document, before anything is written.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import Graph

from kg.contribution import (
    DocumentRef,
    DocumentReport,
    extraction_of,
)
from kg.contribution_cache import ContributionCache, Keeper, Kept, cache_key
from kg.graph.iris import graph_iri
from kg.graph.store import StoreFill
from kg.models import Diagnostic, Document, DocumentMeta, Extraction
from kg.read import collect_inputs, read_document
from kg.spool import Spool

__all__ = [
    "DEFAULT_BUILD",
    "BuildResult",
    "build_corpus",
    "cached_extraction",
    "document_extraction",
]


class BuildResult:
    """The graph of a corpus, kept on disk, and a report per document.

    Each document's contribution is spooled as sorted N-Triples segments (see :mod:`kg.spool`)
    the moment it is made, so the build holds one contribution at a time; the union
    (``ntriples``, ``graph``) and the named graphs (``named``) are derived from the segments
    when asked for, and ``kg.report.write_outputs`` streams them to the outputs.
    """

    def __init__(
        self, reports: list[DocumentReport], spool: Spool, fill: StoreFill | None = None
    ) -> None:
        self.reports = reports
        self.spool = spool
        self.fill = fill
        """The build folder's store, filled while the documents were extracted (or None)."""
        self._triples: int | None = None
        self._graph: Graph | None = None

    @property
    def ntriples(self) -> bytes:
        """The union as sorted, unique N-Triples (the whole corpus in memory: for tests and
        small builds; the outputs are streamed instead)."""
        lines = list(self.spool.union())
        self._triples = len(lines)
        return b"\n".join(lines) + b"\n" if lines else b""

    @property
    def named(self) -> list[tuple[str, str]]:
        """(graph IRI, N-Triples) of each document's graph (TriG, N-Quads, the store)."""
        return [
            (iri, self.spool.graph_bytes(parts).decode("utf-8"))
            for iri, parts in self.spool.graphs()
        ]

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            from kg.graph.vocabulary import bind_prefixes

            self._graph = bind_prefixes(Graph()).parse(data=self.ntriples, format="nt")
        return self._graph

    def count_triples(self, triples: int) -> None:
        """Record the union's size, counted while an export streamed it."""
        self._triples = triples

    @property
    def triples(self) -> int:
        if self._triples is None:
            self._triples = sum(1 for _ in self.spool.union())
        return self._triples

    @property
    def diagnostics(self) -> list[tuple[str, Diagnostic]]:
        return [(r.path, d) for r in self.reports for d in r.diagnostics]


def cached_extraction(
    document: Document, cache_dir: str | Path, *, country: str | None = None
) -> Extraction | None:
    """The extraction of ``document`` kept by an earlier build in ``cache_dir``, if any.

    The entry must be of this very text (content hash), this ``country`` override and the
    current versions of ockg, spaCy, the model and the ontology data; it is looked up by its
    key, then, for a document given by another path, among the folder's entries.
    """
    folder = Path(cache_dir)
    cache = ContributionCache(folder)
    hit = cache.get(cache_key(document, country, True), document)
    if hit is None and folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            try:
                raw = path.read_bytes()
                if document.sha256.encode() not in raw:
                    continue
                recorded = json.loads(raw.partition(b"\n")[2])["report"]["path"]
            except (OSError, ValueError, KeyError, TypeError):
                continue
            same = document.model_copy(update={"path": str(recorded)})
            if path.stem == cache_key(same, country, True):
                hit = cache.get(path.stem, same)
                if hit is not None:
                    break
    if hit is None or hit.extraction is None or hit.extraction.document != document.sha256:
        return None
    return hit.extraction


DEFAULT_BUILD = Path("build")
"""The build folder ``ockg build`` writes by default; its ``.cache`` is looked in first."""


def document_extraction(
    path: str | Path, *, country: str | None = None, build: str | Path | None = None
) -> tuple[Document, Extraction, bool]:
    """A document and its extraction, and whether an earlier build's extraction was reused.

    The extraction an earlier ``ockg build`` kept in ``build/.cache`` (``build``, else the
    default ``build/`` when it exists) is reused when it is of this very text, this ``country``
    override and the current code, model and data; otherwise the document is analysed afresh.
    ``country`` (a name or ISO code) overrides the document's metadata, as in ``ockg build``.
    """
    document = read_document(path)
    folder = Path(build) if build is not None else DEFAULT_BUILD
    extraction = None
    if (folder / ".cache").is_dir():
        extraction = cached_extraction(document, folder / ".cache", country=country)
    reused = extraction is not None
    if extraction is None:
        extraction = extraction_of(path, country=country)  # the NLP stack loads on first use
    if extraction.document != document.sha256:
        raise ValueError(f"{path} changed while it was being analysed")
    return document, extraction, reused


def _contributions(
    documents: list[DocumentRef],
    spool: Spool,
    *,
    country: str | None,
    nlp: bool,
    cache: ContributionCache,
    jobs: int,
    scheduler: str | None,
    progress: Callable[[str], None] | None,
    fill: StoreFill | None = None,
) -> None:
    """Spool each document's contribution, from the cache or extracted, the moment it is
    there: the build holds one contribution at a time, whatever the corpus's size."""
    from kg.executors import run_dask, run_processes

    keys = [cache_key(d, country, nlp) for d in documents]
    missing = []
    for index, key in enumerate(keys):
        hit = cache.get(key, documents[index])
        if hit is None:
            missing.append(index)
            continue
        hit = hit.model_copy(update={"report": hit.report.model_copy(update={"cached": True})})
        spool.add(index, hit)
        del hit
        if fill is not None:
            fill.add(str(graph_iri(documents[index].sha256)), spool.parts(index))
        if progress is not None:
            progress(documents[index].path)
    work = [(documents[i], country, nlp) for i in missing]
    if scheduler:
        runs = run_dask(work, scheduler)
    else:
        keeper = Keeper(cache, spool.folder, tuple(keys[i] for i in missing), tuple(missing))
        runs = run_processes(work, jobs, keeper)
    for received, (position, made) in enumerate(runs, start=1):
        index = missing[position]
        if isinstance(made, Kept):  # a worker process cached and spooled it
            spool.record(index, made.report, made.profile_key)
        else:
            cache.put(keys[index], made)
            spool.add(index, made)
        del made
        if fill is not None:  # the store loads it while the next documents are extracted
            fill.add(str(graph_iri(documents[index].sha256)), spool.parts(index))
            if len(missing) - received < jobs:  # a worker has no document left: its core
                fill.load_now()  # loads what the fill holds, rather than the end
        if progress is not None:
            progress(documents[index].path)


def build_corpus(
    paths: Iterable[str | Path],
    *,
    edition: int | None = None,
    country: str | None = None,
    progress: Callable[[str], None] | None = None,
    nlp: bool = True,
    cache_dir: str | Path | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    scratch: str | Path | None = None,
    store: str | Path | None = None,
) -> BuildResult:
    """Build the graph of every document under ``paths`` (files or folders).

    ``cache_dir`` keeps each document's contribution between builds (None: no cache);
    ``jobs`` processes documents in that many processes; ``scheduler`` (a Dask scheduler's
    address, ``tcp://HOST:PORT``) sends each document's extraction to that cluster instead.
    Contributions are spooled in a temporary folder under ``scratch`` (default: the system's
    temporary folder), removed when the result is closed or dropped, or when the build fails.
    ``store`` (a build folder's ``store``, which ``kg.report.write_outputs`` syncs) is filled
    while the documents are extracted, when it is new (see ``kg.graph.store.StoreFill``).
    """
    from kg.graph.vocabulary import vocabulary_ntriples

    override = DocumentMeta(edition=edition) if edition is not None else None
    documents = [DocumentRef.of(read_document(path, override)) for path in collect_inputs(paths)]
    documents.sort(key=lambda d: (d.sha256, d.path))
    created = scratch is not None and not Path(scratch).exists()
    new_store = store is not None and not Path(store).exists()
    spool = Spool(scratch)
    fill = StoreFill(Path(store)) if store is not None else None
    try:
        _contributions(
            documents,
            spool,
            country=country,
            nlp=nlp,
            cache=ContributionCache(cache_dir),
            jobs=max(1, jobs),
            scheduler=scheduler,
            progress=progress,
            fill=fill,
        )
        iris = [str(graph_iri(d.sha256)) for d in documents]
        if fill is not None:  # the last graphs load while the outputs are written
            fill.end_input()
        reports = spool.finish(iris, vocabulary_ntriples())
    except BaseException:
        spool.close()
        if fill is not None:
            fill.close()
            if new_store:  # a failed build leaves no store it began
                shutil.rmtree(str(store), ignore_errors=True)
        if created:  # a failed build leaves no folder it made (unless the cache filled it)
            with contextlib.suppress(OSError):
                Path(scratch).rmdir()
        raise
    return BuildResult(reports, spool, fill)
