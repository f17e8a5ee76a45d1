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

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict
from rdflib import Graph

from kg.errors import Code, OckgError
from kg.graph.iris import document_iri, graph_iri
from kg.graph.namespaces import OCKG
from kg.graph.profile_graph import add_country, add_document, add_profile
from kg.lexicon.gazetteer import country_ref
from kg.models import CountryRef, Diagnostic, Document, DocumentMeta, Extraction, Profile
from kg.profile import parse_profile
from kg.read import collect_inputs, read_document
from kg.spool import Spool

__all__ = [
    "DEFAULT_BUILD",
    "BuildResult",
    "Contribution",
    "DocumentRef",
    "DocumentReport",
    "build_corpus",
    "cached_extraction",
    "contribution_of",
    "document_extraction",
    "extraction_of",
]


class DocumentReport(BaseModel):
    """What a build made of one document."""

    model_config = ConfigDict(frozen=True)

    path: str
    sha256: str
    kind: str  # "profile" or "text"
    country: str | None
    edition: int | None
    scores: int
    inferred: int
    ranks: int
    diagnostics: tuple[Diagnostic, ...]
    mentions: dict[str, int] = {}
    """Mentions found per entity kind (empty when NLP was off)."""
    cached: bool = False


class Contribution(BaseModel):
    """One document's share of the graph, computed in isolation (and cacheable)."""

    model_config = ConfigDict(frozen=True)

    report: DocumentReport
    profile_key: tuple[str, int] | None = None
    """(ISO2, edition) of the profile whose observations ``profile_nt`` holds."""
    document_nt: str
    profile_nt: str = ""
    extraction: Extraction | None = None
    """What the NLP found (None without NLP): ``ockg annotate`` reuses it instead of parsing."""


class DocumentRef(BaseModel):
    """A document read once for its content hash, without its text: the build reads the
    text again when the document's turn comes, so no step holds the whole corpus."""

    model_config = ConfigDict(frozen=True)

    path: str
    sha256: str
    meta: DocumentMeta = DocumentMeta()
    length: int
    """Characters of the text (documents are handed out longest first)."""

    @classmethod
    def of(cls, document: Document) -> DocumentRef:
        return cls(
            path=document.path,
            sha256=document.sha256,
            meta=document.meta,
            length=len(document.text),
        )

    def load(self) -> Document:
        """The document's text again, checked against the hash it had when first read."""
        from kg.read import reader_for

        path = Path(self.path)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise OckgError(Code.E001, f"cannot read it ({error.strerror})", path=path) from None
        text = reader_for(path).read(data, path)
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != self.sha256:
            raise OckgError(Code.E008, path=path)
        return Document(path=self.path, text=text, sha256=self.sha256, meta=self.meta)


class BuildResult:
    """The graph of a corpus, kept on disk, and a report per document.

    Each document's contribution is spooled as sorted N-Triples segments (see :mod:`kg.spool`)
    the moment it is made, so the build holds one contribution at a time; the union
    (``ntriples``, ``graph``) and the named graphs (``named``) are derived from the segments
    when asked for, and ``kg.report.write_outputs`` streams them to the outputs.
    """

    def __init__(self, reports: list[DocumentReport], spool: Spool) -> None:
        self.reports = reports
        self.spool = spool
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


def _resolve(
    document: Document, profile: Profile | None, country: str | None
) -> tuple[CountryRef | None, list[Diagnostic]]:
    name = country or document.meta.country or (profile.country if profile else None)
    if name is None:
        return None, []
    ref = country_ref(name)
    if ref is None:
        note = Diagnostic(code=Code.W108.name, message=f"{name!r} is not a country ockg knows")
        return None, [note]
    return ref, []


def _document_country(
    graph: Graph, document: Document, ref: CountryRef | None
) -> tuple[str | None, list[Diagnostic]]:
    """The country the text is about: resolved from metadata, else guessed from the text."""
    from kg.nlp.country_guess import guess_country

    if ref is not None:
        return ref.iso2, []
    iso2 = guess_country(document.text)
    if iso2 is None:
        return None, []
    guessed = country_ref(iso2)
    if guessed is not None:
        graph.add((document_iri(document.sha256), OCKG.aboutCountry, add_country(graph, guessed)))
    note = Diagnostic(code=Code.W112.name, message=f"country inferred from the text: {iso2}")
    return iso2, [note]


def _extract(
    graph: Graph, document: Document, profile: Profile | None, ref: CountryRef | None
) -> tuple[Extraction, list[Diagnostic]]:
    """Run the NLP stages and add their results to ``graph``."""
    from kg.graph.extraction_graph import add_extraction, add_profile_country_presence
    from kg.nlp.extract import extract

    iso2, notes = _document_country(graph, document, ref)
    extraction = extract(document, profile, iso2)
    add_extraction(graph, document, extraction)
    if profile is not None and ref is not None:
        add_profile_country_presence(graph, extraction, add_country(graph, ref))
    return extraction, notes


def extraction_of(path: str | Path, *, country: str | None = None) -> Extraction:
    """Read, parse and extract one document (what ``ockg eval`` scores)."""
    from kg.nlp.country_guess import guess_country
    from kg.nlp.extract import extract

    document = read_document(path)
    profile = parse_profile(document)
    ref, _ = _resolve(document, profile, country)
    iso2 = ref.iso2 if ref is not None else guess_country(document.text)
    return extract(document, profile, iso2)


def contribution_of(document: Document, *, country: str | None, nlp: bool) -> Contribution:
    """Process one document on its own: its triples and its report."""
    profile = parse_profile(document)
    ref, notes = _resolve(document, profile, country)
    own, observations = Graph(), Graph()
    add_document(own, document, ref)
    diagnostics = [*(profile.diagnostics if profile else ()), *notes]
    profile_key = None
    if profile is not None and ref is not None:
        add_profile(observations, document, profile, ref)
        if profile.edition is not None:
            profile_key = (ref.iso2, profile.edition)
    if profile is not None and profile.edition is None:
        message = "scores and ranks are not added to the graph without an edition"
        diagnostics.append(Diagnostic(code=Code.W104.name, message=message))
    counts: dict[str, int] = {}
    extraction = None
    if nlp:
        extraction, extraction_notes = _extract(own, document, profile, ref)
        diagnostics += extraction_notes
        counts = dict(sorted(Counter(m.kind.value for m in extraction.mentions).items()))
    report = DocumentReport(
        path=document.path,
        sha256=document.sha256,
        kind="profile" if profile is not None else "text",
        country=ref.name if ref else None,
        edition=profile.edition if profile else document.meta.edition,
        scores=len(profile.scores) if profile else 0,
        inferred=sum(s.inferred for s in profile.scores) if profile else 0,
        ranks=len(profile.ranks) if profile else 0,
        diagnostics=tuple(diagnostics),
        mentions=counts,
    )
    return Contribution(
        report=report,
        profile_key=profile_key,
        document_nt=own.serialize(format="nt"),
        profile_nt=observations.serialize(format="nt"),
        extraction=extraction,
    )


def cached_extraction(
    document: Document, cache_dir: str | Path, *, country: str | None = None
) -> Extraction | None:
    """The extraction of ``document`` kept by an earlier build in ``cache_dir``, if any.

    The entry must be of this very text (content hash), this ``country`` override and the
    current versions of ockg, spaCy, the model and the ontology data; it is looked up by its
    key, then, for a document given by another path, among the folder's entries.
    """
    folder = Path(cache_dir)
    cache = _Cache(folder)
    hit = cache.get(_cache_key(document, country, True), document)
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
            if path.stem == _cache_key(same, country, True):
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


@cache
def _versions() -> str:
    """What a cached contribution depends on besides the document: code, model and data.

    The digest covers ockg's own sources and ontology files, so any change to the code or
    the lexicons invalidates the cache, as do other spaCy or model versions.
    """
    import importlib.metadata

    from kg import __version__
    from kg.nlp.model import model_name
    from kg.resources import ontology_dir

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    sources = [*sorted(package.rglob("*.py")), *sorted(package.rglob("*.rq"))]
    for path in [*sources, *sorted(p for p in ontology_dir().glob("*") if p.is_file())]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    parts = [__version__, importlib.metadata.version("spacy"), digest.hexdigest()]
    try:
        name = model_name()
        parts += [name, importlib.metadata.version(name)]
    except (RuntimeError, importlib.metadata.PackageNotFoundError):
        parts.append("no-model")
    return "|".join(parts)


def _cache_key(document: Document | DocumentRef, country: str | None, nlp: bool) -> str:
    payload = json.dumps(
        [document.sha256, document.path, document.meta.model_dump(), country, nlp, _versions()],
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class _Cache:
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

    cache: _Cache
    spool: Path
    keys: tuple[str, ...]
    indices: tuple[int, ...]

    def keep(self, position: int, contribution: Contribution) -> Kept:
        self.cache.put(self.keys[position], contribution)
        Spool.write(self.spool, self.indices[position], contribution)
        return Kept(contribution.report, contribution.profile_key)


def _contributions(
    documents: list[DocumentRef],
    spool: Spool,
    *,
    country: str | None,
    nlp: bool,
    cache: _Cache,
    jobs: int,
    scheduler: str | None,
    progress: Callable[[str], None] | None,
) -> None:
    """Spool each document's contribution, from the cache or extracted, the moment it is
    there: the build holds one contribution at a time, whatever the corpus's size."""
    from kg.executors import run_dask, run_processes

    keys = [_cache_key(d, country, nlp) for d in documents]
    missing = []
    for index, key in enumerate(keys):
        hit = cache.get(key, documents[index])
        if hit is None:
            missing.append(index)
            continue
        hit = hit.model_copy(update={"report": hit.report.model_copy(update={"cached": True})})
        spool.add(index, hit)
        del hit
        if progress is not None:
            progress(documents[index].path)
    work = [(documents[i], country, nlp) for i in missing]
    if scheduler:
        runs = run_dask(work, scheduler)
    else:
        keeper = Keeper(cache, spool.folder, tuple(keys[i] for i in missing), tuple(missing))
        runs = run_processes(work, jobs, keeper)
    for position, made in runs:
        index = missing[position]
        if isinstance(made, Kept):  # a worker process cached and spooled it
            spool.record(index, made.report, made.profile_key)
        else:
            cache.put(keys[index], made)
            spool.add(index, made)
        del made
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
) -> BuildResult:
    """Build the graph of every document under ``paths`` (files or folders).

    ``cache_dir`` keeps each document's contribution between builds (None: no cache);
    ``jobs`` processes documents in that many processes; ``scheduler`` (a Dask scheduler's
    address, ``tcp://HOST:PORT``) sends each document's extraction to that cluster instead.
    Contributions are spooled in a temporary folder under ``scratch`` (default: the system's
    temporary folder), removed when the result is closed or dropped, or when the build fails.
    """
    from kg.graph.vocabulary import vocabulary_ntriples

    override = DocumentMeta(edition=edition) if edition is not None else None
    documents = [DocumentRef.of(read_document(path, override)) for path in collect_inputs(paths)]
    documents.sort(key=lambda d: (d.sha256, d.path))
    spool = Spool(scratch)
    try:
        _contributions(
            documents,
            spool,
            country=country,
            nlp=nlp,
            cache=_Cache(cache_dir),
            jobs=max(1, jobs),
            scheduler=scheduler,
            progress=progress,
        )
        iris = [str(graph_iri(d.sha256)) for d in documents]
        reports = spool.finish(iris, vocabulary_ntriples())
    except BaseException:
        spool.close()
        raise
    return BuildResult(reports, spool)
