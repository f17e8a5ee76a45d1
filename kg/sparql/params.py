"""The parameters a query declares in its header, and the filters their values add.

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

import pyoxigraph as ox

from kg.errors import Code, OckgError
from kg.graph.namespaces import PREFIXES
from kg.sparql.text import IRIREF, blanked, header, outer_group_end, query_form, query_prefixes

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
    "parameter_term",
    "parse_params",
]

Term = ox.NamedNode | ox.Literal
"""What a parameter value stands for: an IRI or a literal (pyoxigraph terms)."""

_XSD = "http://www.w3.org/2001/XMLSchema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"

LABEL_PROPERTIES = (_RDFS + "label", _SKOS + "prefLabel", _SKOS + "altLabel")
"""The properties a ``label`` parameter matches."""

_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
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


def declared_parameters(text: str) -> tuple[Parameter, ...]:
    """The parameters a query declares in its header (``# @param …`` lines), in order.

    A malformed declaration, a name declared twice or a variable the query does not use
    raises ``E202``.
    """
    found: list[Parameter] = []
    bare = blanked(text)
    variables = set(re.findall(r"[?$]([A-Za-z_0-9]+)", bare))
    for line in header(text):
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
        for line in header(text)
        if (match := _NEEDS_LINE.match(line))
    )


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
    if match := IRIREF.fullmatch(value):
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
        bare = blanked(self.text)
        close = outer_group_end(bare)
        block = "".join(f"\n  {line}" for line in self.filters) + "\n"
        return self.text[:close] + block + self.text[close:]


def bind_parameters(query_text: str, params: Mapping[str, str]) -> BoundQuery:
    """The filters that ``params`` (parameter name -> value) add to ``query_text``.

    Raises ``E213`` for a name the query does not declare (listing those it does) or a value
    not of the parameter's kind, ``E202`` for parameters on a query other than SELECT or ASK.
    """
    if not params:
        return BoundQuery(query_text)
    declared = {p.name: p for p in declared_parameters(query_text)}
    bare = blanked(query_text)
    if query_form(bare) not in ("SELECT", "ASK"):
        raise OckgError(Code.E202, "parameters filter only SELECT and ASK queries")
    prefixes = query_prefixes(query_text, bare)
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
