"""The named query pack (``queries/*.rq``) and query parameters bound as RDF terms.

A parameter ``key=value`` binds the query variable ``?key`` to an RDF term made from ``value``:

* ``<http://…>`` is an IRI, and so is ``prefix:local`` when the prefix is declared by the query
  (or is one of ockg's own, :data:`kg.graph.namespaces.PREFIXES`);
* ``"text"``, ``"text"@es`` and ``"text"^^xsd:date`` are literals written out in full (the text is
  everything between the first and the last quote, taken as is: no escapes);
* ``42`` is an ``xsd:integer``, ``9.00`` an ``xsd:decimal``, ``true``/``false`` an ``xsd:boolean``;
* anything else is a string, tagged ``@en`` when the query reads the variable from a property that
  ockg always writes in English (``rdfs:label``, ``skos:prefLabel``, ``rdfs:comment``… see
  ``ENGLISH_PROPERTIES``), so that ``actorName=Tren de Aragua`` matches ``"Tren de Aragua"@en``,
  and a plain ``xsd:string`` otherwise (``kind=presence``, ``mode=sea``). The choice depends on the
  query alone, never on the data, and is the same on both engines.

The value never becomes query text. rdflib receives the terms as ``initBindings``; Oxigraph, whose
``Store.query`` pre-binds only projected variables, receives a ``VALUES`` block placed at the start
of the outermost group pattern, each term written out by pyoxigraph (N-Triples syntax, quotes and
backslashes escaped). A variable that the query computes itself (``BIND(… AS ?x)``, a select
expression) cannot be bound, and nor can a name the query does not use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import Code, OckgError
from kg.graph.load import graph_files, load_graph, oxigraph_store
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
    from rdflib.term import Identifier

__all__ = [
    "ENGLISH_PROPERTIES",
    "BoundQuery",
    "Term",
    "bind_parameters",
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
"""What a parameter binds to: an IRI or a literal (pyoxigraph terms)."""

_PACKAGE_DIR = Path(__file__).resolve().parent
_XSD = "http://www.w3.org/2001/XMLSchema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_DCTERMS = "http://purl.org/dc/terms/"

ENGLISH_PROPERTIES = frozenset(
    {
        _RDFS + "label",
        _RDFS + "comment",
        _SKOS + "prefLabel",
        _SKOS + "altLabel",
        _SKOS + "definition",
        _SKOS + "editorialNote",
        _DCTERMS + "title",
        _DCTERMS + "description",
    }
)
"""Properties whose values ockg always writes as ``@en`` literals."""

_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_IRIREF = re.compile(r'<([^<>"{}|^`\\\x00-\x20]*)>')
_PNAME = re.compile(r"([A-Za-z][\w.-]*)?:(\S*)")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+)")
_LITERAL = re.compile(r'"(.*)"(?:@([^"\s]+)|\^\^(\S+))?', re.DOTALL)


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


def query_description(name: str) -> str:
    """The leading comment lines of a named query, as one paragraph."""
    lines = []
    for line in named_query(name).splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return " ".join(part for part in lines if part)


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
    for match in re.finditer(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:\s*", blanked, re.IGNORECASE):
        iri = _IRIREF.match(text, match.end())
        if iri:
            prefixes[match.group(1) or ""] = iri.group(1)
    return prefixes


def _english_variables(text: str) -> set[str]:
    """Variables that the query reads as the object of one of :data:`ENGLISH_PROPERTIES`."""
    from rdflib.paths import AlternativePath, SequencePath
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef, Variable

    try:
        algebra = prepareQuery(text).algebra
    except Exception:  # left to the engine to report; no variable is then read as English
        return set()

    def last_steps(predicate: object) -> set[str]:
        if isinstance(predicate, URIRef):
            return {str(predicate)}
        if isinstance(predicate, AlternativePath):
            return set().union(*(last_steps(arg) for arg in predicate.args))
        if isinstance(predicate, SequencePath):
            return last_steps(predicate.args[-1])
        return set()

    found: set[str] = set()
    stack: list[object] = [algebra]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "BGP":
                for _, predicate, obj in node.triples:
                    if isinstance(obj, Variable) and last_steps(predicate) & ENGLISH_PROPERTIES:
                        found.add(str(obj))
                continue
            stack.extend(node.values())
        elif isinstance(node, list | tuple):
            stack.extend(node)
    return found


# --- parameters --------------------------------------------------------------------------------


def parse_params(pairs: Iterable[str]) -> dict[str, str]:
    """``["key=value", …]`` (as ``--param`` gives them) as a mapping; ``?key=`` works too."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip().lstrip("?$")
        if not sep or not _VARNAME.fullmatch(key):
            raise OckgError(Code.E202, f"parameter {pair!r} is not of the form name=value")
        if key in params:
            raise OckgError(Code.E202, f"parameter {key!r} is given twice")
        params[key] = value
    return params


def _iri(value: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(value)
    except ValueError as error:
        raise OckgError(Code.E202, f"{value!r} is not a valid IRI: {error}") from None


def _datatype(value: str, prefixes: Mapping[str, str]) -> ox.NamedNode:
    if match := _IRIREF.fullmatch(value):
        return _iri(match.group(1))
    if (match := _PNAME.fullmatch(value)) and (match.group(1) or "") in prefixes:
        return _iri(prefixes[match.group(1) or ""] + match.group(2))
    raise OckgError(Code.E202, f"unknown datatype {value!r}; write <iri> or a declared prefix")


def parameter_term(
    value: str, prefixes: Mapping[str, str] | None = None, *, english: bool = False
) -> Term:
    """The RDF term a parameter value stands for (the rules are in the module's docstring).

    ``english``: a bare string becomes ``"value"@en`` rather than a plain ``xsd:string``.
    """
    prefixes = PREFIXES if prefixes is None else prefixes
    if match := _IRIREF.fullmatch(value):
        return _iri(match.group(1))
    if match := _LITERAL.fullmatch(value):
        text, language, datatype = match.groups()
        if language:
            try:
                return ox.Literal(text, language=language)
            except ValueError as error:
                raise OckgError(Code.E202, f"bad language tag {language!r}: {error}") from None
        if datatype:
            return ox.Literal(text, datatype=_datatype(datatype, prefixes))
        return ox.Literal(text)
    if _INTEGER.fullmatch(value):
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(_XSD + "integer"))
    if _DECIMAL.fullmatch(value):
        return ox.Literal(value, datatype=ox.NamedNode(_XSD + "decimal"))
    if value in ("true", "false"):
        return ox.Literal(value, datatype=ox.NamedNode(_XSD + "boolean"))
    if (match := _PNAME.fullmatch(value)) and (match.group(1) or "") in prefixes:
        return _iri(prefixes[match.group(1) or ""] + match.group(2))
    if english:
        return ox.Literal(value, language="en")
    return ox.Literal(value)


def _rdflib_term(term: Term) -> Identifier:
    from rdflib import Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD + "string":
        return Literal(term.value)  # rdflib keeps plain strings without a datatype
    return Literal(term.value, datatype=URIRef(term.datatype.value))


@dataclass(frozen=True)
class BoundQuery:
    """A query's text, unchanged, and the terms its parameters bind (variable name -> term)."""

    text: str
    terms: Mapping[str, Term] = field(default_factory=dict)

    def rdflib_bindings(self) -> dict[str, Identifier]:
        """The terms as rdflib ``initBindings``."""
        return {name: _rdflib_term(term) for name, term in self.terms.items()}

    def with_values(self) -> str:
        """The query with a ``VALUES`` block of the terms opening its outermost group pattern.

        This is the form to run on Oxigraph or to send to any SPARQL endpoint.
        """
        if not self.terms:
            return self.text
        brace = _blanked(self.text).find("{")
        if brace < 0:
            raise OckgError(Code.E202, "the query has no group pattern to bind parameters in")
        names = " ".join(f"?{name}" for name in self.terms)
        row = " ".join(str(term) for term in self.terms.values())  # serialised by pyoxigraph
        block = f" VALUES ({names}) {{ ({row}) }}\n"
        return self.text[: brace + 1] + block + self.text[brace + 1 :]


def bind_parameters(query_text: str, params: Mapping[str, str]) -> BoundQuery:
    """Bind ``params`` (variable name -> value) to RDF terms for ``query_text``.

    Raises ``E202`` for a name the query does not use, a variable the query computes itself, a
    value that is no valid term, or parameters on a query other than SELECT or ASK.
    """
    if not params:
        return BoundQuery(query_text)
    blanked = _blanked(query_text)
    if _query_form(blanked) not in ("SELECT", "ASK"):
        raise OckgError(Code.E202, "parameters bind only in SELECT and ASK queries")
    variables = set(re.findall(r"[?$]([A-Za-z_0-9]+)", blanked))
    computed = set(re.findall(r"\bAS\s+[?$]([A-Za-z_0-9]+)", blanked, re.IGNORECASE))
    prefixes = _prefixes(query_text, blanked)
    english = _english_variables(query_text)
    terms: dict[str, Term] = {}
    for name, value in params.items():
        name = name.lstrip("?$")
        if not _VARNAME.fullmatch(name):
            raise OckgError(Code.E202, f"{name!r} is not a SPARQL variable name")
        if name not in variables:
            known = ", ".join(f"?{v}" for v in sorted(variables - computed)) or "none"
            raise OckgError(Code.E202, f"the query has no variable ?{name} (it has {known})")
        if name in computed:
            raise OckgError(Code.E202, f"?{name} is computed by the query and cannot be bound")
        terms[name] = parameter_term(value, prefixes, english=name in english)
    return BoundQuery(query_text, terms)


# --- running -----------------------------------------------------------------------------------


def _oxigraph(
    paths: list[Path], text: str, params: Mapping[str, str], limits: QueryLimits
) -> QueryResult:
    store = oxigraph_store(paths)
    bound = bind_parameters(text, params)
    try:
        answer = store.query(bound.with_values())
    except SyntaxError as error:
        raise OckgError(Code.E202, str(error).splitlines()[0][:300]) from None
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult((), (), bool(answer))
    if not isinstance(answer, ox.QuerySolutions):
        raise OckgError(Code.E202, "only SELECT and ASK queries are supported")
    variables = tuple(v.value for v in answer.variables)
    rows = take_rows((tuple(_oxigraph_value(sol[v]) for v in variables) for sol in answer), limits)
    return QueryResult(variables, tuple(rows))


def _rdflib(
    paths: list[Path], text: str, params: Mapping[str, str], limits: QueryLimits
) -> QueryResult:
    from rdflib import Graph
    from rdflib.plugins import sparql

    sparql.SPARQL_LOAD_GRAPHS = False  # FROM <url> names a graph; it is never fetched

    bound = bind_parameters(text, params)
    graph = Graph()
    for path in paths:
        graph += load_graph(path)
    try:
        answer = graph.query(text, initBindings=bound.rdflib_bindings())
    except Exception as error:  # pyparsing and rdflib raise several types for bad queries
        raise OckgError(Code.E202, str(error).splitlines()[0][:300]) from None
    if answer.type == "ASK":
        return QueryResult((), (), bool(answer.askAnswer))
    if answer.type != "SELECT":
        raise OckgError(Code.E202, "only SELECT and ASK queries are supported")
    variables = tuple(str(v) for v in answer.vars or ())
    rows = take_rows((tuple(_rdflib_value(value) for value in row) for row in answer), limits)
    return QueryResult(variables, tuple(rows))


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
    """Run ``query`` (text or a ``.rq`` path) over a graph file or folder with ``params`` bound.

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
    """Run the named query ``name`` over a graph file or folder with ``params`` bound."""
    return _run(graph, named_query(name), params or {}, engine, limits)
