"""Run SPARQL queries over graph files, on Oxigraph (default) or rdflib, with the same results."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import Code, OckgError

__all__ = ["QueryResult", "display_decimal", "read_query_text", "run_query"]


@dataclass(frozen=True)
class QueryResult:
    """A SELECT's variables and rows (values as strings, None where unbound), or an ASK's answer.

    ``notes`` say what data the query needs and the graph lacks (its ``# @needs`` lines).
    """

    variables: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]
    boolean: bool | None = None
    notes: tuple[str, ...] = ()


def read_query_text(query: str) -> str:
    """A query given inline, or the text of a ``.rq``/``.sparql`` file."""
    candidate = Path(query)
    if candidate.suffix.lower() in {".rq", ".sparql"}:
        if not candidate.is_file():
            raise OckgError(Code.E001, path=candidate)
        return candidate.read_text(encoding="utf-8")
    return query


_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


def display_decimal(lexical: str) -> str:
    """Decimals as analysts read scores: at least two places (``9`` -> ``9.00``).

    Oxigraph canonicalises ``9.00`` to ``9`` while rdflib keeps the lexical form; both
    engines' answers are shown this way so that they agree. Done on the text, never through
    arithmetic, so that any length of digits is cheap; a value that is not an ``xsd:decimal``
    lexical form (``1E+99999999``, ``NaN``) is shown as written.
    """
    match = _DECIMAL_LEXICAL.fullmatch(lexical.strip())
    if match is None:
        return lexical
    sign, whole, fraction = match.groups()
    whole = whole.lstrip("0") or "0"
    fraction = (fraction or "").rstrip("0").ljust(2, "0")
    return f"{'-' if sign == '-' else ''}{whole}.{fraction}"


_DECIMAL_LEXICAL = re.compile(r"([+-]?)(?=\.?[0-9])([0-9]*)(?:\.([0-9]*))?")


def _oxigraph_value(term) -> str | None:
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    if datatype is not None and datatype.value == _DECIMAL:
        return display_decimal(term.value)
    return term.value


def _rdflib_value(term) -> str | None:
    if term is None:
        return None
    if getattr(term, "datatype", None) is not None and str(term.datatype) == _DECIMAL:
        return display_decimal(str(term))
    return str(term)


def run_query(graph: str | Path, query: str, *, engine: str = "oxigraph") -> QueryResult:
    """Run ``query`` (text or a ``.rq`` path) over a graph file or folder.

    The engines live in ``kg.queries``, which also binds parameters.
    """
    from kg.queries import run_with_params

    return run_with_params(graph, query, engine=engine)
