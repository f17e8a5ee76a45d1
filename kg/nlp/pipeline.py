"""The ockg pipeline: the statistical model plus ockg's components, loaded once per process.

Components, in order (each yields to the ones before it where spans would overlap):
``ockg_actors`` (named groups and collectives), ``ockg_places`` (countries, regions,
cities, areas, borders, roads, rivers), ``ockg_markets`` (market triggers).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.spans import ensure_extensions

__all__ = ["OCKG_COMPONENTS", "analyse", "analyse_many", "ockg_pipeline", "prepared_doc"]

OCKG_COMPONENTS = ("ockg_actors", "ockg_places", "ockg_markets")


def _register() -> None:
    """Import the component modules so that their factories are registered."""
    import kg.nlp.actors
    import kg.nlp.markets
    import kg.nlp.places  # noqa: F401


@cache
def ockg_pipeline() -> Language:
    """A fresh copy of the model with ockg's components appended (cached per process)."""
    from kg.nlp.model import model_name
    from kg.nlp.tokenizer import load_with_ockg_infixes

    _register()
    ensure_extensions()
    nlp = load_with_ockg_infixes(model_name())  # an opening bracket glued to a word splits
    for name in OCKG_COMPONENTS:
        nlp.add_pipe(name).initialize()  # compile the lexicon tables now: forked workers share them
    return nlp


def prepared_doc(
    nlp: Language, text: str, country: str | None, registry: dict[str, Any] | None = None
) -> Doc:
    """A doc of ``text`` ready for ``nlp.pipe``: its country and the document's registry set.

    ``registry`` is one plain dict shared by the docs of a document (``{}`` at first): the
    ``ockg_actors`` component reads and fills it as the docs pass in order.
    """
    doc = nlp.make_doc(text)
    doc._.ockg_country = country
    doc._.ockg_known = registry
    return doc


def analyse(text: str, country: str | None = None) -> Doc:
    """Run the whole pipeline on one text about ``country`` (ISO2, or None if unknown)."""
    return next(analyse_many([(text, country)]))


def _batches(
    items: Iterable[tuple[str, str | None]], size: int, max_chars: int
) -> Iterator[list[tuple[str, str | None]]]:
    """Consecutive items, at most ``size`` and about ``max_chars`` characters a batch."""
    batch: list[tuple[str, str | None]] = []
    chars = 0
    for item in items:
        if batch and (len(batch) == size or chars + len(item[0]) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += len(item[0])
    if batch:
        yield batch


BATCH_CHARS = 40_000
"""Characters the statistical model parses at once: its working memory grows with the batch
(about 10 MB per 5,000-character chunk), so batches are bounded by text, not only by count."""


def analyse_many(
    items: Iterable[tuple[str, str | None]],
    batch_size: int = 32,
    registry: dict[str, Any] | None = None,
) -> Iterator[Doc]:
    """Run the pipeline on (text, country) pairs, batching the statistical model.

    Lazy: texts are parsed a batch at a time (at most ``batch_size`` texts and about
    :data:`BATCH_CHARS` characters) as the caller consumes the docs, so a caller that drops
    each doc once used holds one batch of parses, whatever the length of the document.
    ``registry`` (the paragraphs of one document: a plain dict, ``{}`` at first) is shared by
    the docs in order: spaCy runs ockg's components (which batch nothing) on one doc after
    the other, so each knows the groups discovered before it.
    """
    nlp = ockg_pipeline()
    for batch in _batches(items, batch_size, BATCH_CHARS):
        docs = [prepared_doc(nlp, text, country, registry) for text, country in batch]
        yield from nlp.pipe(docs, batch_size=len(batch))
