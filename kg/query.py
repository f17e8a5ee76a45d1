"""Run SPARQL queries over graph files, on Oxigraph (default) or rdflib, with the same results."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import Code, OckgError
from kg.graph.load import graph_files, load_graph

__all__ = ["QueryResult", "display_decimal", "read_query_text", "run_query"]

_OXIGRAPH_FORMATS = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".jsonld": "JSON_LD"}


@dataclass(frozen=True)
class QueryResult:
    """A SELECT's variables and rows (values as strings, None where unbound), or an ASK's answer."""

    variables: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]
    boolean: bool | None = None


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
    engines' answers are shown this way so that they agree.
    """
    from decimal import Decimal, InvalidOperation

    try:
        value = Decimal(lexical)
    except InvalidOperation:
        return lexical
    exponent = value.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{value:.{places}f}"


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


def _oxigraph(paths: list[Path], text: str) -> QueryResult:
    import pyoxigraph as ox

    store = ox.Store()
    for path in paths:
        fmt = getattr(ox.RdfFormat, _OXIGRAPH_FORMATS.get(path.suffix.lower(), "TURTLE"))
        try:
            store.load(path=str(path), format=fmt)
        except (SyntaxError, ValueError, OSError) as error:
            raise OckgError(Code.E201, str(error).splitlines()[0][:300], path=path) from None
    try:
        answer = store.query(text)
    except SyntaxError as error:
        raise OckgError(Code.E202, str(error).splitlines()[0][:300]) from None
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult((), (), bool(answer))
    if not isinstance(answer, ox.QuerySolutions):
        raise OckgError(Code.E202, "only SELECT and ASK queries are supported")
    variables = tuple(v.value for v in answer.variables)
    rows = tuple(tuple(_oxigraph_value(sol[v]) for v in variables) for sol in answer)
    return QueryResult(variables, rows)


def _rdflib(paths: list[Path], text: str) -> QueryResult:
    from rdflib import Graph

    graph = Graph()
    for path in paths:
        graph += load_graph(path)
    try:
        answer = graph.query(text)
    except Exception as error:  # pyparsing and rdflib raise several types for bad queries
        raise OckgError(Code.E202, str(error).splitlines()[0][:300]) from None
    if answer.type == "ASK":
        return QueryResult((), (), bool(answer.askAnswer))
    if answer.type != "SELECT":
        raise OckgError(Code.E202, "only SELECT and ASK queries are supported")
    variables = tuple(str(v) for v in answer.vars or ())
    rows = tuple(tuple(_rdflib_value(value) for value in row) for row in answer)
    return QueryResult(variables, rows)


def run_query(graph: str | Path, query: str, *, engine: str = "oxigraph") -> QueryResult:
    """Run ``query`` (text or a ``.rq`` path) over a graph file or folder."""
    paths = graph_files(graph)
    text = read_query_text(query)
    if engine == "oxigraph":
        return _oxigraph(paths, text)
    if engine == "rdflib":
        return _rdflib(paths, text)
    raise OckgError(Code.E202, f"unknown engine {engine!r}; use oxigraph or rdflib")
