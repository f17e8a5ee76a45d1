"""The named query pack (``queries/*.rq``) and the parameters each query declares.

A query declares its parameters in its header comment, one line each::

    # @param market label ?m: the criminal market, e.g. "Cocaine trade"
    # @param origin label ?a/ockg:originCountry: a country the actor comes from
    # @param edition number ?edition: the Index edition, e.g. 2025

that is ``@param NAME KIND ?VARIABLE[/PATH]: MEANING``. A parameter **filters** the rows: the
query's text is kept, and a ``FILTER`` on the variable (or on what the SPARQL property path leads
to from it) is added at the end of its outermost group pattern, so a row whose value does not
match goes, and no column is ever rewritten. A row whose variable is unbound goes too. The kinds:

* ``label``: matches an entity any of whose ``rdfs:label``, ``skos:prefLabel`` or
  ``skos:altLabel`` equals the value, case-insensitively (a literal variable is compared itself);
* ``iri``: ``<http://…>``, ``prefix:local`` (the query's prefixes or ockg's) or a bare
  ``http(s)://`` IRI, compared for identity;
* ``number``: an integer or decimal, compared by value (``9`` matches ``9.00``);
* ``date``: ``YYYY-MM-DD``, compared as an ``xsd:date``.

A name the query does not declare is an error (``E213``) that lists the ones it does. The value
never becomes query syntax: it is written into the filter as one RDF term serialised by pyoxigraph
(N-Triples syntax, quotes and backslashes escaped), so the text with its filters runs unchanged on
Oxigraph, on rdflib and on any SPARQL endpoint (``ockg serve``).

A query may also say which data it needs, ``# @needs { PATTERN } WHAT``: when ``PATTERN`` matches
nothing in the graph, the answer carries a note saying that ``WHAT`` is missing (``ockg query``
prints it on stderr) instead of an unexplained empty table.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import Code, OckgError
from kg.graph.load import graph_files, load_graph, query_store
from kg.graph.namespaces import PREFIXES
from kg.offline import offline, refuse_remote_query
from kg.query import (
    QueryResult,
    _oxigraph_value,
    _rdflib_value,
    read_query_text,
)
from kg.query_limits import DEFAULT_LIMITS, QueryLimits, bounded, take_rows

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "LABEL_PROPERTIES",
    "BoundQuery",
    "Need",
    "Parameter",
    "ParameterKind",
    "Term",
    "bind_parameters",
    "declared_needs",
    "declared_parameters",
    "named_query",
    "parameter_term",
    "parse_params",
    "queries_dir",
    "query_description",
    "query_names",
    "run_named",
    "run_with_params",
]

Term = ox.NamedNode | ox.Literal
"""What a parameter value stands for: an IRI or a literal (pyoxigraph terms)."""

_PACKAGE_DIR = Path(__file__).resolve().parent
_XSD = "http://www.w3.org/2001/XMLSchema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"

LABEL_PROPERTIES = (_RDFS + "label", _SKOS + "prefLabel", _SKOS + "altLabel")
"""The properties a ``label`` parameter matches."""

_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_IRIREF = re.compile(r'<([^<>"{}|^`\\\x00-\x20]*)>')
_PNAME = re.compile(r"([A-Za-z][\w.-]*)?:(\S*)")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+)")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PARAM_LINE = re.compile(r"#\s*@param\b(.*)")
_PARAM = re.compile(
    r"\s+([A-Za-z_][A-Za-z0-9_]*)\s+(label|iri|number|date)\s+\?([A-Za-z_][A-Za-z0-9_]*)"
    r"(?:/(\S+?))?\s*:\s+(\S.*)"
)
_PATH = re.compile(r"[A-Za-z0-9_:/|*+?^()<>#.\-]+")
_NEEDS_LINE = re.compile(r"#\s*@needs\s+(\{.*\})\s+(\S.*)")


class ParameterKind(StrEnum):
    """What a parameter's value is and how it is matched."""

    LABEL = "label"
    IRI = "iri"
    NUMBER = "number"
    DATE = "date"


@dataclass(frozen=True)
class Parameter:
    """A declared parameter: it filters the rows on ``?variable`` (or ``?variable/path``)."""

    name: str
    kind: ParameterKind
    variable: str
    path: str | None
    meaning: str

    @property
    def target(self) -> str:
        """``?variable`` or ``?variable/path``, as declared."""
        return f"?{self.variable}" + (f"/{self.path}" if self.path else "")


@dataclass(frozen=True)
class Need:
    """Data a query needs: ``pattern`` (a group pattern) must match, else ``what`` is missing."""

    pattern: str
    what: str


# --- the pack ----------------------------------------------------------------------------------


@cache
def queries_dir() -> Path:
    """The folder of named queries: ``queries/`` in a checkout, ``kg/_queries`` in a wheel."""
    for candidate in (_PACKAGE_DIR.parent / "queries", _PACKAGE_DIR / "_queries"):
        if candidate.is_dir() and any(candidate.glob("*.rq")):
            return candidate
    raise FileNotFoundError("ockg's queries folder is missing from this installation")


def query_names() -> list[str]:
    """The names of the named queries (their file names without ``.rq``), sorted."""
    return sorted(path.stem for path in queries_dir().glob("*.rq"))


def named_query(name: str) -> str:
    """The text of the named query ``name``; an unknown name raises ``E202`` listing the known."""
    names = query_names()
    if name not in names:
        raise OckgError(Code.E202, f"unknown named query {name!r}; known: {', '.join(names)}")
    return (queries_dir() / f"{name}.rq").read_text(encoding="utf-8")


def _header(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def query_description(name: str) -> str:
    """The leading comment lines of a named query, as one paragraph (declarations left out)."""
    lines = [
        line.lstrip("#").strip()
        for line in _header(named_query(name))
        if not re.match(r"#\s*@(param|needs)\b", line)
    ]
    return " ".join(part for part in lines if part)


def declared_parameters(text: str) -> tuple[Parameter, ...]:
    """The parameters a query declares in its header (``# @param …`` lines), in order.

    A malformed declaration, a name declared twice or a variable the query does not use
    raises ``E202``.
    """
    found: list[Parameter] = []
    blanked = _blanked(text)
    variables = set(re.findall(r"[?$]([A-Za-z_0-9]+)", blanked))
    for line in _header(text):
        if not (start := _PARAM_LINE.match(line)):
            continue
        match = _PARAM.fullmatch(start.group(1).rstrip())
        if not match:
            raise OckgError(
                Code.E202,
                f"malformed parameter declaration {line.strip()!r}; "
                "write: # @param NAME label|iri|number|date ?VARIABLE[/PATH]: MEANING",
            )
        name, kind, variable, path, meaning = match.groups()
        if path is not None and not _PATH.fullmatch(path):
            raise OckgError(Code.E202, f"parameter {name!r}: bad property path {path!r}")
        if any(p.name == name for p in found):
            raise OckgError(Code.E202, f"parameter {name!r} is declared twice")
        if variable not in variables:
            raise OckgError(Code.E202, f"parameter {name!r} filters ?{variable}, not in the query")
        found.append(Parameter(name, ParameterKind(kind), variable, path or None, meaning.strip()))
    return tuple(found)


def declared_needs(text: str) -> tuple[Need, ...]:
    """The data a query says it needs (``# @needs { PATTERN } WHAT`` header lines)."""
    return tuple(
        Need(match.group(1), match.group(2).strip())
        for line in _header(text)
        if (match := _NEEDS_LINE.match(line))
    )


# --- reading a query's structure ---------------------------------------------------------------


def _blanked(text: str) -> str:
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
        elif char == "<" and (match := _IRIREF.match(text, i)):
            blank(i, match.end())
            i = match.end()
        else:
            i += 1
    return "".join(out)


def _query_form(blanked: str) -> str | None:
    match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", blanked, re.IGNORECASE)
    return match.group(1).upper() if match else None


def _prefixes(text: str, blanked: str) -> dict[str, str]:
    """ockg's prefixes, overridden by the ones the query declares."""
    prefixes = dict(PREFIXES)
    for match in re.finditer(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", blanked, re.IGNORECASE):
        space = re.compile(r"\s*").match(text, match.end())
        iri = _IRIREF.match(text, space.end() if space else match.end())
        if iri:
            prefixes[match.group(1) or ""] = iri.group(1)
    return prefixes


# --- parameters --------------------------------------------------------------------------------


def parse_params(pairs: Iterable[str]) -> dict[str, str]:
    """``["key=value", …]`` (as ``--param`` gives them) as a mapping."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not _VARNAME.fullmatch(key):
            raise OckgError(Code.E213, f"parameter {pair!r} is not of the form name=value")
        if key in params:
            raise OckgError(Code.E213, f"parameter {key!r} is given twice")
        params[key] = value
    return params


def _iri(value: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(value)
    except ValueError as error:
        raise OckgError(Code.E213, f"{value!r} is not a valid IRI: {error}") from None


def parameter_term(
    kind: ParameterKind | str, value: str, prefixes: Mapping[str, str] | None = None
) -> Term:
    """The RDF term a value of a parameter of ``kind`` stands for (see the module docstring).

    A value that is not of the kind (``number=nine``) raises ``E213``.
    """
    kind = ParameterKind(kind)
    prefixes = PREFIXES if prefixes is None else prefixes
    value = value.strip() if kind is not ParameterKind.LABEL else value
    if kind is ParameterKind.LABEL:
        return ox.Literal(value)
    if kind is ParameterKind.NUMBER:
        if _INTEGER.fullmatch(value):
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(_XSD + "integer"))
        if _DECIMAL.fullmatch(value):
            return ox.Literal(value, datatype=ox.NamedNode(_XSD + "decimal"))
        raise OckgError(Code.E213, f"{value!r} is not a number")
    if kind is ParameterKind.DATE:
        try:
            if not _DATE.fullmatch(value):
                raise ValueError
            dt.date.fromisoformat(value)
        except ValueError:
            raise OckgError(Code.E213, f"{value!r} is not a date (YYYY-MM-DD)") from None
        return ox.Literal(value, datatype=ox.NamedNode(_XSD + "date"))
    if match := _IRIREF.fullmatch(value):
        return _iri(match.group(1))
    if re.match(r"https?://", value):
        return _iri(value)
    if (match := _PNAME.fullmatch(value)) and (match.group(1) or "") in prefixes:
        return _iri(prefixes[match.group(1) or ""] + match.group(2))
    raise OckgError(Code.E213, f"{value!r} is not an IRI: write <http://…> or prefix:local")


def _label_filter(parameter: Parameter, term: Term) -> str:
    """The FILTER of a ``label`` parameter with value ``term`` (a plain literal)."""
    v, n = f"?{parameter.variable}", parameter.name
    labels = "|".join(f"<{p}>" for p in LABEL_PROPERTIES)
    same = f"LCASE(STR(?ockg_label_{n})) = LCASE({term})"
    if parameter.path is None:
        return (
            f"FILTER(BOUND({v}) && ((isLiteral({v}) && LCASE(STR({v})) = LCASE({term})) || "
            f"EXISTS {{ {v} {labels} ?ockg_label_{n} . FILTER({same}) }}))"
        )
    return (
        f"FILTER(BOUND({v}) && EXISTS {{ {v} {parameter.path} ?ockg_node_{n} . "
        f"?ockg_node_{n} {labels} ?ockg_label_{n} . FILTER({same}) }})"
    )


def _value_filter(parameter: Parameter, term: Term) -> str:
    """The FILTER of an ``iri``, ``number`` or ``date`` parameter."""
    v, n = f"?{parameter.variable}", parameter.name
    if parameter.path is None:
        test = f"sameTerm({v}, {term})" if isinstance(term, ox.NamedNode) else f"{v} = {term}"
        return f"FILTER(BOUND({v}) && {test})"
    if isinstance(term, ox.NamedNode):
        return f"FILTER(BOUND({v}) && EXISTS {{ {v} {parameter.path} {term} }})"
    return (
        f"FILTER(BOUND({v}) && EXISTS {{ {v} {parameter.path} ?ockg_node_{n} . "
        f"FILTER(?ockg_node_{n} = {term}) }})"
    )


@dataclass(frozen=True)
class BoundQuery:
    """A query's text and the FILTERs its parameters add (``text`` itself is unchanged)."""

    text: str
    filters: tuple[str, ...] = ()
    terms: Mapping[str, Term] = field(default_factory=dict)

    def sparql(self) -> str:
        """The query with the filters closing its outermost group pattern.

        This is the text run on both engines, and the one to send to ``ockg serve`` or any
        SPARQL endpoint.
        """
        if not self.filters:
            return self.text
        blanked = _blanked(self.text)
        close = _outer_group_end(blanked)
        block = "".join(f"\n  {line}" for line in self.filters) + "\n"
        return self.text[:close] + block + self.text[close:]


def _outer_group_end(blanked: str) -> int:
    """The offset of the ``}`` that closes the first (outermost) group pattern."""
    start = blanked.find("{")
    depth = 0
    for i in range(max(start, 0), len(blanked)):
        if blanked[i] == "{":
            depth += 1
        elif blanked[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise OckgError(Code.E202, "the query has no group pattern to filter")


def bind_parameters(query_text: str, params: Mapping[str, str]) -> BoundQuery:
    """The filters that ``params`` (parameter name -> value) add to ``query_text``.

    Raises ``E213`` for a name the query does not declare (listing those it does) or a value
    not of the parameter's kind, ``E202`` for parameters on a query other than SELECT or ASK.
    """
    if not params:
        return BoundQuery(query_text)
    declared = {p.name: p for p in declared_parameters(query_text)}
    blanked = _blanked(query_text)
    if _query_form(blanked) not in ("SELECT", "ASK"):
        raise OckgError(Code.E202, "parameters filter only SELECT and ASK queries")
    prefixes = _prefixes(query_text, blanked)
    filters: list[str] = []
    terms: dict[str, Term] = {}
    for name, value in params.items():
        if name not in declared:
            known = ", ".join(declared) if declared else "none (declare one: # @param …)"
            detail = f"the query has no parameter {name!r}; its parameters: {known}"
            raise OckgError(Code.E213, detail)
        parameter = declared[name]
        term = parameter_term(parameter.kind, value, prefixes)
        terms[name] = term
        if parameter.kind is ParameterKind.LABEL:
            filters.append(_label_filter(parameter, term))
        else:
            filters.append(_value_filter(parameter, term))
    return BoundQuery(query_text, tuple(filters), terms)


# --- running -----------------------------------------------------------------------------------


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


def run_with_params(
    graph: str | Path,
    query: str,
    params: Mapping[str, str] | None = None,
    *,
    engine: str = "oxigraph",
    limits: QueryLimits | None = None,
) -> QueryResult:
    """Run ``query`` (text or a ``.rq`` path) over a graph file or folder, filtered by params.

    ``limits``: time, rows and memory (``kg.query_limits``; default 60 s, 100,000 rows).
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
