"""Reading a SPARQL query's text without parsing it: comments, strings and IRIs blanked out, its
form, its prefixes, its header comment, the end of its outermost group pattern."""

from __future__ import annotations

import re
from pathlib import Path

from kg.errors import Code, OckgError
from kg.graph.namespaces import PREFIXES

__all__ = [
    "IRIREF",
    "blanked",
    "header",
    "outer_group_end",
    "query_form",
    "query_prefixes",
    "read_query_text",
]

IRIREF = re.compile(r'<([^<>"{}|^`\\\x00-\x20]*)>')
"""An IRI reference as SPARQL writes it, ``<…>``."""


def read_query_text(query: str) -> str:
    """A query given inline, or the text of a ``.rq``/``.sparql`` file."""
    candidate = Path(query)
    if candidate.suffix.lower() in {".rq", ".sparql"}:
        if not candidate.is_file():
            raise OckgError(Code.E001, path=candidate)
        return candidate.read_text(encoding="utf-8")
    return query


def blanked(text: str) -> str:
    """``text`` with comments, strings and IRIs replaced by spaces (same length and offsets)."""
    out = list(text)
    i, n = 0, len(text)

    def blank(start: int, end: int) -> None:
        out[start:end] = " " * (end - start)

    while i < n:
        char = text[i]
        if char == "#":
            end = text.find("\n", i)
            end = n if end < 0 else end
            blank(i, end)
            i = end
        elif char in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else char
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            end = min(n, j + len(quote))
            blank(i, end)
            i = end
        elif char == "<" and (match := IRIREF.match(text, i)):
            blank(i, match.end())
            i = match.end()
        else:
            i += 1
    return "".join(out)


def query_form(bare: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a blanked query (None if none)."""
    match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", bare, re.IGNORECASE)
    return match.group(1).upper() if match else None


def query_prefixes(text: str, bare: str) -> dict[str, str]:
    """ockg's prefixes, overridden by the ones the query ``text`` declares (``bare``: the
    text :func:`blanked`)."""
    prefixes = dict(PREFIXES)
    for match in re.finditer(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", bare, re.IGNORECASE):
        space = re.compile(r"\s*").match(text, match.end())
        iri = IRIREF.match(text, space.end() if space else match.end())
        if iri:
            prefixes[match.group(1) or ""] = iri.group(1)
    return prefixes


def header(text: str) -> list[str]:
    """The leading comment lines of a query."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def outer_group_end(bare: str) -> int:
    """The offset of the ``}`` that closes the first (outermost) group pattern."""
    start = bare.find("{")
    depth = 0
    for i in range(max(start, 0), len(bare)):
        if bare[i] == "{":
            depth += 1
        elif bare[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise OckgError(Code.E202, "the query has no group pattern to filter")
