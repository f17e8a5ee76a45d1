"""One document's contribution to the graph, made on its own: read, parse, extract, triples.

:func:`contribution_of` turns a document into a :class:`Contribution`: its own facts and its
profile's score observations as N-Triples, what the NLP found, and a report. It is what a
worker process or a Dask worker runs (:mod:`kg.executors`) and what :mod:`kg.build` caches by
content hash and :func:`versions` and merges; :func:`extraction_of` is the NLP part alone
(what ``ockg eval`` scores).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from rdflib import Graph

from kg.errors import Code, OckgError
from kg.graph.iris import document_iri
from kg.graph.namespaces import OCKG
from kg.graph.profile_graph import add_country, add_document, add_profile
from kg.lexicon.gazetteer import country_ref
from kg.models import CountryRef, Diagnostic, Document, DocumentMeta, Extraction, Profile
from kg.profile import parse_profile
from kg.read import read_document

__all__ = [
    "Contribution",
    "DocumentRef",
    "DocumentReport",
    "contribution_of",
    "extraction_of",
    "versions",
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


@cache
def versions() -> str:
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
