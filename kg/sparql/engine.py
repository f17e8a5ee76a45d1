"""Run SPARQL queries over graph files and build stores, on Oxigraph (default) or rdflib, with
the same answers; every run is offline, bounded (:mod:`kg.sparql.limits`) and filtered by the
query's declared parameters (:mod:`kg.sparql.params`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import Code, OckgError
from kg.graph.load import (
    OXIGRAPH_FORMATS,
    check_jsonld_offline,
    graph_files,
    is_store,
    load_graph,
    rdflib_format,
)
from kg.offline import offline
from kg.sparql.guard import refuse_remote_query
from kg.sparql.limits import DEFAULT_LIMITS, QueryLimits, bounded, take_rows
from kg.sparql.named import named_query
from kg.sparql.params import Need, bind_parameters, declared_needs
from kg.sparql.text import read_query_text

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "QueryResult",
    "display_decimal",
    "oxigraph_store",
    "query_store",
    "run_named",
    "run_query",
]


@dataclass(frozen=True)
class QueryResult:
    """A SELECT's variables and rows (values as strings, None where unbound), or an ASK's answer.

    ``notes`` say what data the query needs and the graph lacks (its ``# @needs`` lines).
    """

    variables: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]
    boolean: bool | None = None
    notes: tuple[str, ...] = ()


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


def oxigraph_store(paths: list[Path], *, bulk: bool = False):
    """An in-memory Oxigraph store holding the graph files (coded error naming a bad file)."""
    import pyoxigraph

    store = pyoxigraph.Store()
    for path in paths:
        if is_store(path):
            from kg.graph.store import store_ntriples

            store.bulk_load(store_ntriples(path), format=pyoxigraph.RdfFormat.N_TRIPLES)
            continue
        if rdflib_format(path) == "json-ld":
            check_jsonld_offline(path)
        fmt = getattr(pyoxigraph.RdfFormat, OXIGRAPH_FORMATS.get(path.suffix.lower(), "TURTLE"))
        load = store.bulk_load if bulk else store.load
        try:
            load(path=str(path), format=fmt)
        except (SyntaxError, ValueError, OSError) as error:
            raise OckgError(Code.E201, str(error).splitlines()[0][:300], path=path) from None
    return store


def query_store(paths: list[Path]):
    """A store to query: a build's on-disk store read directly where it is the only source
    (its default graph is the union of its graphs), else an in-memory one holding them all."""
    if len(paths) == 1 and is_store(paths[0]):
        from kg.graph.store import open_store

        return open_store(paths[0])
    return oxigraph_store(paths)


def _needs_query(text: str, need: Need) -> str:
    declarations = re.findall(r"^\s*PREFIX\s+[^\n]*$", text, re.IGNORECASE | re.MULTILINE)
    return "\n".join([*declarations, f"ASK WHERE {need.pattern}"])


def _oxigraph(
    paths: list[Path], text: str, params: Mapping[str, str], limits: QueryLimits
) -> QueryResult:
    store = query_store(paths)  # a build's on-disk store is read directly
    bound = bind_parameters(text, params)
    try:
        answer = store.query(bound.sparql())
    except SyntaxError as error:
        raise OckgError(Code.E202, str(error).splitlines()[0][:300]) from None
    notes = tuple(
        f"this query needs {need.what}, and the graph has none"
        for need in declared_needs(text)
        if not bool(store.query(_needs_query(text, need)))
    )
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult((), (), bool(answer), notes)
    if not isinstance(answer, ox.QuerySolutions):
        raise OckgError(Code.E202, "only SELECT and ASK queries are supported")
    variables = tuple(v.value for v in answer.variables)
    rows = take_rows((tuple(_oxigraph_value(sol[v]) for v in variables) for sol in answer), limits)
    return QueryResult(variables, tuple(rows), notes=notes)


_LOADED: dict[tuple[tuple[str, int, int], ...], Graph] = {}


def _rdflib_graph(paths: list[Path]) -> Graph:
    """The graph files as one rdflib Graph; the last one loaded is kept while no file changes."""
    from rdflib import Graph

    key = tuple((str(p.resolve()), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    if key not in _LOADED:
        graph = Graph()
        for path in paths:
            graph += load_graph(path)
        _LOADED.clear()
        _LOADED[key] = graph
    return _LOADED[key]


def _rdflib(
    paths: list[Path], text: str, params: Mapping[str, str], limits: QueryLimits
) -> QueryResult:
    from rdflib.plugins import sparql

    sparql.SPARQL_LOAD_GRAPHS = False  # FROM <url> names a graph; it is never fetched

    bound = bind_parameters(text, params)
    graph = _rdflib_graph(paths)
    try:
        answer = graph.query(bound.sparql())
    except Exception as error:  # pyparsing and rdflib raise several types for bad queries
        raise OckgError(Code.E202, str(error).splitlines()[0][:300]) from None
    notes = tuple(
        f"this query needs {need.what}, and the graph has none"
        for need in declared_needs(text)
        if not graph.query(_needs_query(text, need)).askAnswer
    )
    if answer.type == "ASK":
        return QueryResult((), (), bool(answer.askAnswer), notes)
    if answer.type != "SELECT":
        raise OckgError(Code.E202, "only SELECT and ASK queries are supported")
    variables = tuple(str(v) for v in answer.vars or ())
    rows = take_rows((tuple(_rdflib_value(value) for value in row) for row in answer), limits)
    return QueryResult(variables, tuple(rows), notes=notes)


def _run(
    graph: str | Path,
    text: str,
    params: Mapping[str, str],
    engine: str,
    limits: QueryLimits | None = None,
) -> QueryResult:
    if engine not in ("oxigraph", "rdflib"):
        raise OckgError(Code.E202, f"unknown engine {engine!r}; use oxigraph or rdflib")
    paths = graph_files(graph)
    limits = limits or DEFAULT_LIMITS
    run = _oxigraph if engine == "oxigraph" else _rdflib
    try:
        refuse_remote_query(text)
        with offline():
            return bounded(lambda: run(paths, text, params, limits), limits)
    except OckgError as error:
        raise (error if error.path is not None else error.at(graph)) from None


def run_query(
    graph: str | Path,
    query: str,
    params: Mapping[str, str] | None = None,
    *,
    engine: str = "oxigraph",
    limits: QueryLimits | None = None,
) -> QueryResult:
    """Run ``query`` (text or a ``.rq`` path) over a graph file or folder, filtered by the
    values of the parameters it declares (``params``: name -> value).

    ``limits``: time, rows and memory (:mod:`kg.sparql.limits`; default 60 s, 100,000 rows).
    """
    return _run(graph, read_query_text(query), params or {}, engine, limits)


def run_named(
    graph: str | Path,
    name: str,
    params: Mapping[str, str] | None = None,
    *,
    engine: str = "oxigraph",
    limits: QueryLimits | None = None,
) -> QueryResult:
    """Run the named query ``name`` over a graph file or folder, filtered by ``params``."""
    return _run(graph, named_query(name), params or {}, engine, limits)
