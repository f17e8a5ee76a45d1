"""Build the graph of a corpus: read, parse, (extract,) and assemble the RDF graph.

``build_corpus`` is the one entry point the CLI, the notebooks and the tests share. It
raises ``OckgError`` on the first bad document, before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.errors import Code
from kg.gazetteer import country_ref
from kg.graph.iris import document_iri
from kg.graph.namespaces import OCKG
from kg.graph.profile_graph import add_country, add_document, add_profile
from kg.graph.vocabulary import vocabulary
from kg.models import CountryRef, Diagnostic, Document, DocumentMeta, Profile
from kg.profile import parse_profile
from kg.read import collect_inputs, read_document

__all__ = ["BuildResult", "DocumentReport", "build_corpus", "process_document"]


@dataclass(frozen=True)
class DocumentReport:
    """What a build made of one document."""

    path: str
    sha256: str
    kind: str  # "profile" or "text"
    country: str | None
    edition: int | None
    scores: int
    inferred: int
    ranks: int
    diagnostics: tuple[Diagnostic, ...]
    mentions: dict[str, int] = field(default_factory=dict)
    """Mentions found per entity kind (empty when NLP was off)."""


@dataclass
class BuildResult:
    """The graph of a corpus and a report per document."""

    graph: Graph
    reports: list[DocumentReport] = field(default_factory=list)

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


def _extract(graph: Graph, document: Document, profile: Profile | None, ref: CountryRef | None):
    """Run the NLP stages and add their results; return (mention counts, diagnostics)."""
    from collections import Counter

    from kg.graph.extraction_graph import add_extraction, add_profile_country_presence
    from kg.nlp.country_guess import guess_country
    from kg.nlp.extract import extract

    notes: list[Diagnostic] = []
    iso2 = ref.iso2 if ref is not None else None
    if iso2 is None:
        iso2 = guess_country(document.text)
        if iso2 is not None:
            guessed = country_ref(iso2)
            if guessed is not None:
                graph.add(
                    (document_iri(document.sha256), OCKG.aboutCountry, add_country(graph, guessed))
                )
            notes.append(
                Diagnostic(code=Code.W112.name, message=f"country inferred from the text: {iso2}")
            )
    extraction = extract(document, profile, iso2)
    add_extraction(graph, document, extraction)
    if profile is not None and ref is not None:
        add_profile_country_presence(graph, extraction, add_country(graph, ref))
    counts = Counter(m.kind.value for m in extraction.mentions)
    return dict(sorted(counts.items())), notes


def extraction_of(path: str | Path, *, country: str | None = None):
    """Read, parse and extract one document (what ``ockg eval`` scores)."""
    from kg.nlp.country_guess import guess_country
    from kg.nlp.extract import extract

    document = read_document(path)
    profile = parse_profile(document)
    ref, _ = _resolve(document, profile, country)
    iso2 = ref.iso2 if ref is not None else guess_country(document.text)
    return extract(document, profile, iso2)


def process_document(
    graph: Graph,
    document: Document,
    *,
    country: str | None = None,
    seen: set[tuple[str, int]] | None = None,
    nlp: bool = True,
) -> DocumentReport:
    """Parse one document (and, with ``nlp``, extract from its text) into ``graph``."""
    profile = parse_profile(document)
    ref, notes = _resolve(document, profile, country)
    add_document(graph, document, ref)
    diagnostics = list(profile.diagnostics) if profile else []
    diagnostics += notes
    if profile is not None and ref is not None:
        key = (ref.iso2, profile.edition or 0)
        if seen is not None and profile.edition is not None and key in seen:
            message = f"{ref.name} {profile.edition} is already in the corpus; scores not re-added"
            diagnostics.append(Diagnostic(code=Code.W110.name, message=message))
        else:
            if seen is not None:
                seen.add(key)
            add_profile(graph, document, profile, ref)
    if profile is not None and profile.edition is None:
        message = "scores and ranks are not added to the graph without an edition"
        diagnostics.append(Diagnostic(code=Code.W104.name, message=message))
    counts: dict[str, int] = {}
    if nlp:
        counts, extraction_notes = _extract(graph, document, profile, ref)
        diagnostics += extraction_notes
    return DocumentReport(
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


def build_corpus(
    paths: Iterable[str | Path],
    *,
    edition: int | None = None,
    country: str | None = None,
    progress: Callable[[str], None] | None = None,
    nlp: bool = True,
) -> BuildResult:
    """Build the graph of every document under ``paths`` (files or folders).

    Documents are processed in content-hash order, so the result does not depend on the
    order the paths were given in.
    """
    override = DocumentMeta(edition=edition) if edition is not None else None
    documents = [read_document(path, override) for path in collect_inputs(paths)]
    documents.sort(key=lambda d: (d.sha256, d.path))
    graph = vocabulary()
    result = BuildResult(graph=graph)
    seen: set[tuple[str, int]] = set()
    for document in documents:
        report = process_document(graph, document, country=country, seen=seen, nlp=nlp)
        result.reports.append(report)
        if progress is not None:
            progress(document.path)
    result.reports.sort(key=lambda r: r.path)
    return result
