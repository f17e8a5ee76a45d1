"""Bound the text the NLP sees at once: a long paragraph is split into chunks at sentence ends.

spaCy refuses a text over its ``max_length`` (E088) and the relation rules look across a
paragraph's sentences, so one paragraph of a megabyte would be an error or would take hours.
A paragraph longer than :data:`MAX_CHUNK_CHARS` is cut into consecutive chunks, each ending at
the last sentence end (``.``, ``!``, ``?`` or ``…`` and a space) in its second half, else at a
line break, else at a space, else (text with no space at all) at the bound itself. Every chunk
is a ``Paragraph`` with the original's section and indicators and exact offsets into the
document, so ``text[begin:end]`` stays the chunk and provenance stays exact. Splitting is
linear in the paragraph's length; real paragraphs (a few thousand characters) are untouched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from kg.models import Paragraph

__all__ = ["MAX_CHUNK_CHARS", "chunk_bounds", "chunked"]

MAX_CHUNK_CHARS = 5_000
"""About fifty sentences; the longest paragraph of a real profile is about 2,000 characters."""

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s")
_LINE_BREAK = re.compile(r"\n")
_SPACE = re.compile(r"\s")


def _last(pattern: re.Pattern[str], text: str, start: int, stop: int) -> int | None:
    """The end of the last match of ``pattern`` in ``text[start:stop]``, or None."""
    end = None
    for match in pattern.finditer(text, start, stop):
        end = match.end()
    return end


def chunk_bounds(
    text: str, begin: int, end: int, limit: int = MAX_CHUNK_CHARS
) -> list[tuple[int, int]]:
    """``[begin, end)`` cut into spans of at most ``limit`` characters, none blank, with
    surrounding whitespace left out (see the module docstring for where cuts fall)."""
    bounds: list[tuple[int, int]] = []
    position = begin
    while position < end:
        while position < end and text[position].isspace():
            position += 1
        if position >= end:
            break
        stop = min(end, position + limit)
        if stop < end:
            half = position + limit // 2
            for pattern in (_SENTENCE_END, _LINE_BREAK, _SPACE):
                cut = _last(pattern, text, half, stop)
                if cut is not None:
                    stop = cut
                    break
        chunk_end = stop
        while chunk_end > position and text[chunk_end - 1].isspace():
            chunk_end -= 1
        bounds.append((position, chunk_end))
        position = stop
    return bounds


def chunked(parts: Iterable[Paragraph], text: str, limit: int | None = None) -> Iterator[Paragraph]:
    """The paragraphs, each over ``limit`` (:data:`MAX_CHUNK_CHARS`) characters replaced by
    its chunks."""
    limit = limit or MAX_CHUNK_CHARS
    for paragraph in parts:
        if paragraph.end - paragraph.begin <= limit:
            yield paragraph
            continue
        for begin, end in chunk_bounds(text, paragraph.begin, paragraph.end, limit):
            yield paragraph.model_copy(update={"begin": begin, "end": end})
