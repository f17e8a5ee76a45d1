"""Where documents are extracted: in this process, in local worker processes, or on Dask.

Each runner takes the documents still to extract as :data:`Task` tuples and yields
``(position, Contribution)`` pairs as they complete. The build files them by position and
merges them in content-hash order, so the output never depends on the runner, the number
of workers or which one finished first.

- :func:`run_here`: one after the other, in this process.
- :func:`run_processes`: ``--jobs N``. The pipeline is loaded and warmed once, before the
  workers are forked, so they share it (where ``fork`` exists; elsewhere each worker loads it
  once); documents are handed out one at a time, longest first, so no worker idles while
  another finishes a long tail.
- :func:`run_dask`: ``--scheduler tcp://HOST:PORT``. Each document is one task on a Dask
  distributed cluster; a worker loads the pipeline once and keeps it for every task it runs.
  Each result carries the worker's code, data and model versions, and a worker whose versions
  differ from this process's stops the build (``E215``): its contributions would not be the
  ones a local build makes. The build is offline (``E209``) but for the scheduler and workers
  of that cluster.
"""

from __future__ import annotations

import gc
import itertools
import threading
from collections.abc import Iterator, Sequence

from kg.contribution import Contribution, DocumentRef, contribution_of
from kg.contribution_cache import Keeper, Kept
from kg.errors import Code, OckgError
from kg.models import Document
from kg.offline import online

__all__ = [
    "DASK_CONNECT_TIMEOUT",
    "Task",
    "extract",
    "run_dask",
    "run_here",
    "run_processes",
]

Task = tuple[Document | DocumentRef, str | None, bool]
"""A document to extract (or a reference to it, read when its turn comes), the country given
on the command line, and whether to run the NLP."""

DASK_CONNECT_TIMEOUT = 20
"""Seconds to wait for the Dask scheduler to answer."""

_WARM_TEXT = "Los Choneros ship cocaine from Guayaquil to Antwerp, Peruvian police say."
_LOCK = threading.Lock()


def extract(task: Task) -> Contribution:
    """One document's contribution (the work each runner hands out)."""
    document, country, nlp = task
    if isinstance(document, DocumentRef):
        document = document.load()
    return contribution_of(document, country=country, nlp=nlp)


def run_here(tasks: Sequence[Task]) -> Iterator[tuple[int, Contribution]]:
    """Extract the documents one after the other in this process."""
    for position, task in enumerate(tasks):
        yield position, extract(task)


def _warm(nlp: bool) -> None:
    """Load the pipeline, the tables and the lexicons the first document would otherwise wait
    for, by extracting a one-sentence document (before a fork, the workers share them all)."""
    import hashlib

    text = _WARM_TEXT
    document = Document(
        path="<warm-up>", text=text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest()
    )
    contribution_of(document, country=None, nlp=nlp)


def _length(document: Document | DocumentRef) -> int:
    return document.length if isinstance(document, DocumentRef) else len(document.text)


def _longest_first(tasks: Sequence[Task]) -> list[int]:
    return sorted(range(len(tasks)), key=lambda i: (-_length(tasks[i][0]), i))


_KEEPER: Keeper | None = None
"""In a worker process: where it puts each contribution it makes (see ``run_processes``)."""


def _start_worker(nlp: bool, keeper: Keeper | None, warm: bool) -> None:
    global _KEEPER
    _KEEPER = keeper
    if warm:  # a forked worker inherited the parent's warm pipeline
        _warm(nlp)


def _extract_and_keep(position: int, task: Task) -> Contribution | Kept:
    contribution = extract(task)
    return contribution if _KEEPER is None else _KEEPER.keep(position, contribution)


def run_processes(
    tasks: Sequence[Task], jobs: int, keeper: Keeper | None = None
) -> Iterator[tuple[int, Contribution | Kept]]:
    """Extract the documents in ``jobs`` worker processes, one document per hand-out.

    With a ``keeper``, each worker caches and spools the contribution it makes and sends
    back only its report (``Kept``): the parent process, which shares the machine's cores
    with the workers, neither unpickles nor writes the contributions.
    """
    if jobs <= 1 or len(tasks) <= 1:
        yield from run_here(tasks)
        return
    import multiprocessing  # here: a build in one process never loads them
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    nlp = any(task[2] for task in tasks)
    context = None
    if "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        _warm(nlp)  # forked workers share the loaded pipeline copy-on-write
        gc.freeze()  # and the workers' collections never walk (and copy) the parent's objects
    try:
        with ProcessPoolExecutor(
            max_workers=min(jobs, len(tasks)),
            mp_context=context,
            initializer=_start_worker,
            initargs=(nlp, keeper, context is None),
        ) as pool:
            # A few documents in flight per worker, never the whole corpus: each result is
            # handed on and dropped as soon as it is in.
            order = iter(_longest_first(tasks))
            running: dict = {}
            try:
                while True:
                    while len(running) < 2 * jobs and (i := next(order, None)) is not None:
                        running[pool.submit(_extract_and_keep, i, tasks[i])] = i
                    if not running:
                        break
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        yield running.pop(future), future.result()
                        del future
            except BaseException:
                for future in running:
                    future.cancel()
                raise
    finally:
        if context is not None:
            gc.unfreeze()


def _remote_extract(task: Task) -> tuple[str, Contribution]:
    """A Dask task: the worker's versions and the document's contribution.

    Threads of one worker take turns: the pipeline is shared per process and switches its
    components on and off while it runs (a worker gains nothing from threads on this work).
    """
    from kg.contribution import versions

    with _LOCK:
        return versions(), extract(task)


def _client(address: str):
    try:
        from distributed import Client
    except ImportError:
        raise OckgError(
            Code.E220, "--scheduler needs Dask: pip install 'ockg[distributed]'"
        ) from None
    try:
        return Client(address, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise OckgError(Code.E214, f"{address}: {error}") from None


def run_dask(tasks: Sequence[Task], address: str) -> Iterator[tuple[int, Contribution]]:
    """Extract each document as one task on the Dask cluster whose scheduler is ``address``."""
    if not tasks:
        return
    from kg.contribution import versions

    local = versions()
    with online():
        client = _client(address)
    from distributed import as_completed as dask_completed

    def submit(i: int):
        document, country, nlp = tasks[i]
        if isinstance(document, DocumentRef):  # the workers cannot read this machine's files
            document = document.load()
        key = f"ockg-extract-{document.sha256[:16]}-{i}"
        with online():
            return client.submit(_remote_extract, (document, country, nlp), key=key, pure=False)

    try:
        # A bounded number of documents in flight (a few per worker thread), never the whole
        # corpus: each result is handed on and dropped as soon as it is in.
        order = iter(_longest_first(tasks))
        with online():
            window = max(4, 2 * sum(client.nthreads().values()))
        first = [(submit(i), i) for i in itertools.islice(order, window)]
        positions = {future.key: i for future, i in first}
        pending = dask_completed([future for future, _ in first], loop=client.loop)
        del first
        for future in pending:
            with online():
                remote, contribution = future.result()
            if remote != local:
                raise OckgError(
                    Code.E215,
                    f"worker has {remote!r}, this process {local!r}: install the same ockg, "
                    "spaCy and model on every worker",
                )
            position = positions.pop(future.key)
            future.release()
            if (i := next(order, None)) is not None:
                follow = submit(i)
                positions[follow.key] = i
                pending.add(follow)
            yield position, contribution
            del contribution
    finally:
        with online():
            client.close()
