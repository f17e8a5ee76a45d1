"""A document's analysis as HTML with ockg's entity mentions highlighted by spaCy's displaCy.

displaCy runs in manual mode on ockg's own mentions (no spaCy parse of its own): one label
per entity kind (GROUP, COLLECTIVE, PLACE, MARKET), one displaCy document per section of the
analysis. Each highlight carries the entity key, method and confidence as a tooltip, and its
character offsets into the document text as ``data-begin``/``data-end``. displaCy cannot
nest highlights: a mention inside a longer one is listed in the longer one's tooltip.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.graph.serialize import atomic_write
from kg.models import Document, EntityKind, Extraction, Mention

__all__ = [
    "ENTITY_COLOURS",
    "ENTITY_LABELS",
    "annotated_html",
    "displacy_docs",
    "write_annotated_html",
]

ENTITY_LABELS: dict[EntityKind, str] = {
    EntityKind.GROUP: "GROUP",
    EntityKind.COLLECTIVE: "COLLECTIVE",
    EntityKind.PLACE: "PLACE",
    EntityKind.MARKET: "MARKET",
}
"""displaCy label of each entity kind."""

ENTITY_COLOURS: dict[str, str] = {
    "GROUP": "#f4a3a4",
    "COLLECTIVE": "#fbc98e",
    "PLACE": "#a9d8d4",
    "MARKET": "#dcbfd8",
}

_DESCRIPTIONS = {
    "GROUP": "a named criminal group",
    "COLLECTIVE": "an unnamed collective of criminal actors",
    "PLACE": "a place",
    "MARKET": "one of the Index's criminal markets",
}

# displaCy's entity template, plus a tooltip and the offsets ({title} etc. come from "params")
_TEMPLATE = (
    '<mark class="entity" title="{title}" data-entity="{entity}" data-begin="{begin}" '
    'data-end="{end}" style="background: {bg}; padding: 0.3em 0.45em; margin: 0 0.15em; '
    'line-height: 1; border-radius: 0.35em;">{text}<span class="entity-label" '
    'style="font-size: 0.7em; font-weight: bold; line-height: 1; border-radius: 0.35em; '
    'vertical-align: middle; margin-left: 0.4rem">{label}</span></mark>'
)


@dataclass
class _Span:
    mention: Mention
    nested: list[Mention] = field(default_factory=list)


def _outermost(mentions: Sequence[Mention]) -> list[_Span]:
    """Non-overlapping spans, longest first where mentions overlap; the rest nested in them."""
    spans: list[_Span] = []
    for mention in sorted(mentions, key=lambda m: (m.begin, -m.end, m.kind.value, m.entity)):
        if spans and mention.begin < spans[-1].mention.end:
            spans[-1].nested.append(mention)
        else:
            spans.append(_Span(mention))
    return spans


def _title(span: _Span) -> str:
    def describe(m: Mention) -> str:
        return f"{m.entity} ({m.method}, confidence {m.confidence:.2f})"

    text = describe(span.mention)
    if span.nested:
        text += "; also: " + "; ".join(f"“{m.text}” {describe(m)}" for m in span.nested)
    return html.escape(text, quote=True)


def _sections(document: Document, extraction: Extraction) -> list[tuple[str | None, int, int]]:
    """(section, begin, end) runs of consecutive paragraphs; the whole text if there are none."""
    runs: list[tuple[str | None, int, int]] = []
    for paragraph in extraction.paragraphs:
        if runs and runs[-1][0] == paragraph.section:
            runs[-1] = (paragraph.section, runs[-1][1], paragraph.end)
        else:
            runs.append((paragraph.section, paragraph.begin, paragraph.end))
    return runs or [(None, 0, len(document.text))]


def displacy_docs(document: Document, extraction: Extraction) -> list[dict[str, object]]:
    """displaCy's manual-mode input: one doc per section, its mentions as ``ents``."""
    spans = _outermost(extraction.mentions)
    docs: list[dict[str, object]] = []
    for section, begin, end in _sections(document, extraction):
        ents = []
        for span in spans:
            m = span.mention
            if begin <= m.begin and m.end <= end:
                params = {
                    "title": _title(span),
                    "entity": html.escape(m.entity, quote=True),
                    "begin": m.begin,
                    "end": m.end,
                }
                label = ENTITY_LABELS[m.kind]
                ents.append(
                    {
                        "start": m.begin - begin,
                        "end": m.end - begin,
                        "label": label,
                        "params": params,
                    }
                )
        title = html.escape(section) if section else None
        docs.append({"text": document.text[begin:end], "ents": ents, "title": title})
    return docs


def annotated_html(document: Document, extraction: Extraction, title: str | None = None) -> str:
    """A complete HTML page of the analysis with the mentions highlighted."""
    from spacy import displacy  # local: importing spaCy takes seconds

    docs = displacy_docs(document, extraction)
    body = displacy.render(
        docs,
        style="ent",
        manual=True,
        page=False,
        jupyter=False,
        options={
            "ents": list(ENTITY_COLOURS),
            "colors": ENTITY_COLOURS,
            "template": _TEMPLATE,
        },
    )
    shown = sum(len(d["ents"]) for d in docs)  # type: ignore[arg-type]
    counts = {label: 0 for label in ENTITY_COLOURS}
    for mention in extraction.mentions:
        counts[ENTITY_LABELS[mention.kind]] += 1
    legend = " ".join(
        f'<mark class="legend" title="{html.escape(_DESCRIPTIONS[label])}" '
        f'style="background: {colour}; padding: 0.2em 0.45em; border-radius: 0.35em">'
        f"{label} ({counts[label]})</mark>"
        for label, colour in ENTITY_COLOURS.items()
    )
    heading = html.escape(title or document.meta.title or Path(document.path).name)
    nested = len(extraction.mentions) - shown
    note = (
        f" {nested} mention(s) inside longer ones are listed in those highlights' tooltips."
        if nested
        else ""
    )
    country = f" Country: {html.escape(extraction.country)}." if extraction.country else ""
    return _PAGE.format(
        title=heading,
        legend=legend,
        summary=(
            f"{len(extraction.mentions)} mentions of {len(extraction.entities)} entities in "
            f"{len(extraction.sentences)} sentences.{country}{note} "
            "Hover a highlight for its entity key."
        ),
        body=body,
    )


def write_annotated_html(document: Document, extraction: Extraction, out: str | Path) -> None:
    """Write ``document``'s analysis with the mentions of ``extraction`` highlighted, as HTML.

    The extraction must be of this very text (``ValueError`` otherwise); see
    :func:`kg.build.document_extraction` for one reused from a build or made afresh.
    """
    if extraction.document != document.sha256:
        raise ValueError(f"{document.path}: the extraction is of another text")
    atomic_write(Path(out), annotated_html(document, extraction).encode("utf-8"))


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ockg (spaCy displaCy)">
<title>{title}</title>
</head>
<body style="font-size: 16px; font-family: -apple-system, BlinkMacSystemFont, 'Segoe UI',
 Helvetica, Arial, sans-serif; padding: 2rem; max-width: 60rem; margin: auto; color: #222">
<h1 style="margin-top: 0">{title}</h1>
<p>{legend}</p>
<p style="color: #555">{summary}</p>
{body}
</body>
</html>
"""
