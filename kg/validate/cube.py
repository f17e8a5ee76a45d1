"""Well-formedness checks for RDF Data Cube graphs (W3C Recommendation, 16 January 2014).

Implements the two-phase normalisation algorithm of section 10.2 and the integrity
constraints IC-1 .. IC-21 of section 11.1 of https://www.w3.org/TR/vocab-data-cube/.
The SPARQL text of each step lives, as published, in ``qb_constraints/`` (one ASK query
per constraint, true when the constraint is violated).

:func:`normalise` runs the SPARQL UPDATE phases with rdflib on a copy of the graph, so
the result keeps every input term exactly. :func:`check_cube` loads the graph into an
in-memory pyoxigraph store, normalises it there and asks each constraint's query. Two
constraints are instead evaluated by an equivalent linear-time procedure, because the
spec's queries compare every pair of observations (minutes on a few thousand):

* IC-12 (no duplicate observations): observations are hashed on their dimension values.
* IC-17 (all measures present in a measure-dimension cube): per-observation counts of
  the observations sharing its non-measure dimension values.

Both follow the queries' semantics, including their treatment of observations that lack
a dimension or repeat one, on the assumption that IC-1 and IC-2 hold (one data set per
observation, one structure per data set); where they do not, IC-1 or IC-2 is reported.
Values are compared as RDF terms, numeric literals by value (SPARQL ``=``/``!=``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from itertools import islice, pairwise, product

import pyoxigraph as ox
from pydantic import BaseModel, ConfigDict
from rdflib import Graph

__all__ = ["CubeViolation", "check_cube", "normalise"]

SPEC_URL = "https://www.w3.org/TR/vocab-data-cube/"
_QB = "http://purl.org/linked-data/cube#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_PREFIXES = f"""PREFIX qb: <{_QB}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# The Data Cube vocabulary itself declares this range; a cube graph rarely includes
# the vocabulary, and without it every measure-dimension cube would fail IC-4.
_VOCABULARY_FACTS = (
    ox.Quad(
        ox.NamedNode(f"{_QB}measureType"),
        ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#range"),
        ox.NamedNode(f"{_QB}MeasureProperty"),
    ),
)
_MAX_EXAMPLES = 5
_HEADER = re.compile(r"^# (IC-\d+)\. (.+)\n# (.+)$", re.MULTILINE)

# Variables named in a violation's detail: those that identify the offending nodes.
_FOCUS: dict[str, tuple[str, ...]] = {
    "IC-1": ("obs",),
    "IC-2": ("dataset",),
    "IC-3": ("dsd",),
    "IC-4": ("dim",),
    "IC-5": ("dim",),
    "IC-6": ("dsd", "component"),
    "IC-7": ("sliceKey",),
    "IC-8": ("slicekey", "prop"),
    "IC-9": ("slice",),
    "IC-10": ("slice", "dim"),
    "IC-11": ("obs", "dim"),
    "IC-13": ("obs", "attr"),
    "IC-14": ("obs", "measure"),
    "IC-15": ("obs", "measure"),
    "IC-16": ("obs", "omeasure"),
    "IC-18": ("dataset", "slice", "obs"),
    "IC-19": ("obs", "dim", "v"),
    "IC-20": ("obs", "dim", "v"),
    "IC-21": ("obs", "dim", "v"),
}


class CubeViolation(BaseModel):
    """One violated integrity constraint."""

    model_config = ConfigDict(frozen=True)

    constraint: str
    """The constraint's id, e.g. ``"IC-12"``."""
    title: str
    """Its title in the spec, e.g. ``"No duplicate observations"``."""
    detail: str
    """The spec's statement of the constraint and up to five offending nodes."""


@dataclass(frozen=True)
class _Constraint:
    id: str
    title: str
    statement: str
    query: str
    params_query: str | None = None  # the instantiation query of a template (IC-20, IC-21)


def _read(name: str) -> str:
    return resources.files(__package__).joinpath("qb_constraints", name).read_text("utf-8")


@cache
def _constraints() -> tuple[_Constraint, ...]:
    found = []
    for number in range(1, 22):
        query = _read(f"ic-{number:02d}.rq")
        header = _HEADER.match(query)
        if header is None:
            raise ValueError(f"ic-{number:02d}.rq lacks its '# IC-n. Title' header")
        params = _read(f"ic-{number:02d}-params.rq") if "$p" in query else None
        found.append(_Constraint(*header.groups(), query=query, params_query=params))
    return tuple(found)


@cache
def _normalisation_updates() -> tuple[str, str]:
    return _read("normalise-phase1.ru"), _read("normalise-phase2.ru")


def normalise(graph: Graph) -> Graph:
    """Return a new graph: ``graph`` after the spec's normalisation algorithm (section 10.2).

    Phase 1 adds the implied ``rdf:type`` and ``qb:componentProperty`` triples; phase 2
    copies components attached to data sets and slices down onto their observations.
    The input graph is left unchanged.
    """
    result = Graph()
    for prefix, namespace in graph.namespaces():
        result.bind(prefix, namespace, replace=True)
    result.addN((s, p, o, result) for s, p, o in graph)
    for update in _normalisation_updates():
        result.update(update)
    return result


def check_cube(graph: Graph, *, normalised: bool = False) -> list[CubeViolation]:
    """Check ``graph`` against IC-1 .. IC-21; return the violations (empty: well-formed).

    The graph is normalised first (on a private copy) unless ``normalised`` says it
    already is. Violations come in constraint order, at most one per constraint. The
    vocabulary's own ``qb:measureType rdfs:range qb:MeasureProperty`` is taken as given.
    """
    store = _to_store(graph)
    if not normalised:
        for update in _normalisation_updates():
            store.update(update)
    store.extend(_VOCABULARY_FACTS)
    violations = []
    for constraint in _constraints():
        fast = _FAST_PATHS.get(constraint.id)
        examples = fast(store) if fast is not None else _run_query(store, constraint)
        if examples is not None:
            violations.append(_violation(constraint, examples))
    return violations


def _to_store(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def _violation(constraint: _Constraint, examples: Sequence[str]) -> CubeViolation:
    detail = constraint.statement
    if examples:
        shown = "; ".join(examples[:_MAX_EXAMPLES])
        more = f" (first {_MAX_EXAMPLES} shown)" if len(examples) > _MAX_EXAMPLES else ""
        detail = f"{detail} Offending{more}: {shown}"
    return CubeViolation(constraint=constraint.id, title=constraint.title, detail=detail)


def _instances(constraint: _Constraint, store: ox.Store) -> Iterator[str]:
    """The constraint's ASK queries: itself, or one per instantiation of its template."""
    if constraint.params_query is None:
        yield constraint.query
        return
    for row in store.query(constraint.params_query):
        yield constraint.query.replace("<$p>", str(row["p"]))


def _run_query(store: ox.Store, constraint: _Constraint) -> list[str] | None:
    """Ask the constraint; when violated, name offenders with a SELECT derived from the ASK."""
    examples: list[str] | None = None
    for query in _instances(constraint, store):
        if not bool(store.query(query)):
            continue
        examples = [] if examples is None else examples
        focus = _FOCUS.get(constraint.id)
        if focus:
            examples.extend(_select_examples(store, query, focus))
    return examples


def _select_examples(store: ox.Store, ask: str, focus: tuple[str, ...]) -> list[str]:
    projection = " ".join(f"?{name}" for name in focus)
    select = re.sub(
        r"^ASK\s*\{", f"SELECT DISTINCT {projection} WHERE {{", ask, count=1, flags=re.M
    )
    if select == ask:
        return []
    rows = store.query(f"{select}\nLIMIT {_MAX_EXAMPLES + 1}")
    return [_describe(focus, [row[name] for name in focus]) for row in rows]


def _describe(names: Iterable[str], terms: Iterable[object]) -> str:
    return ", ".join(f"{name}={term}" for name, term in zip(names, terms, strict=True))


# --- Linear-time evaluation of IC-12 and IC-17 -------------------------------------------

_NUMERIC = {
    f"{_XSD}{name}"
    for name in (
        *("decimal", "integer", "long", "int", "short", "byte", "float", "double"),
        *("nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger"),
        *("unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"),
    )
}
_MULTI = object()  # a dimension with several values: unequal to any value, itself included


def _key(term: object) -> Hashable:
    """A hashable stand-in for ``term`` under SPARQL ``=``: numeric literals by value."""
    if isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC:
        try:
            number = Decimal(term.value)
        except InvalidOperation:
            return term  # NaN, INF or ill-typed: compare as a term
        if number.is_finite():
            return ("number", number)
    return term


def _dimension_values(
    store: ox.Store, where: str
) -> dict[tuple[object, object], dict[object, dict[object, object]]]:
    """Map (data set, structure) -> observation -> dimension -> value key (or ``_MULTI``).

    ``where`` must bind ?dataset, ?dsd, ?obs, ?dim and ?value.
    """
    sets: dict[tuple[object, object], dict[object, dict[object, set[Hashable]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(set))
    )
    query = f"{_PREFIXES}SELECT DISTINCT ?dataset ?dsd ?obs ?dim ?value WHERE {{ {where} }}"
    for row in store.query(query):
        sets[row["dataset"], row["dsd"]][row["obs"]][row["dim"]].add(_key(row["value"]))
    return {
        group: {
            obs: {dim: next(iter(keys)) if len(keys) == 1 else _MULTI for dim, keys in dims.items()}
            for obs, dims in observations.items()
        }
        for group, observations in sets.items()
    }


def _by_signature(
    observations: Iterable[object], values: dict[object, dict[object, object]]
) -> dict[frozenset[object], list[object]]:
    """Group observations by the set of dimensions they have a value for."""
    groups: dict[frozenset[object], list[object]] = defaultdict(list)
    for obs in observations:
        groups[frozenset(values.get(obs, {}))].append(obs)
    return groups


def _project(dims: dict[object, object], on: Sequence[object]) -> tuple[object, ...] | None:
    """The observation's values on ``on``; None if one of them is multi-valued."""
    key = tuple(dims[dim] for dim in on)
    return None if any(value is _MULTI for value in key) else key


def _duplicate_observations(store: ox.Store) -> list[str] | None:
    """IC-12: pairs of distinct observations of one data set whose shared dimensions agree.

    As in the spec's query only dimensions both observations have are compared, and a
    pair with no dimension in common is never a duplicate.
    """
    pairs = islice(_duplicate_pairs(store), _MAX_EXAMPLES + 1)
    return [_describe(("obs1", "obs2"), pair) for pair in pairs] or None


def _duplicate_pairs(store: ox.Store) -> Iterator[tuple[object, object]]:
    where = (
        "?obs qb:dataSet ?dataset . ?dataset qb:structure ?dsd . "
        "?dsd qb:component/qb:componentProperty ?dim . ?dim a qb:DimensionProperty . "
        "?obs ?dim ?value ."
    )
    for observations in _dimension_values(store, where).values():
        groups = _by_signature(observations, observations)
        signatures = list(groups)
        for i, first in enumerate(signatures):
            for second in signatures[i:]:
                shared = sorted(first & second, key=str)
                if not shared:
                    continue
                index: dict[tuple[object, ...], list[object]] = defaultdict(list)
                for obs in groups[first]:
                    key = _project(observations[obs], shared)
                    if key is not None:
                        index[key].append(obs)
                if first == second:
                    for same in index.values():
                        yield from pairwise(same)
                    continue
                for obs in groups[second]:
                    key = _project(observations[obs], shared)
                    for other in index.get(key, ()) if key is not None else ():
                        yield other, obs


def _incomplete_measure_sets(store: ox.Store) -> list[str] | None:
    """IC-17: observations whose point lacks an observation for some declared measure.

    Per the spec's query: for each observation O1 with a ``qb:measureType``, the number
    of (O2, measure-type) rows with O2 in the same data set, also with a measure type,
    and not differing from O1 on any shared non-measure dimension (O1 itself included),
    times O1's own measure types, must equal the number of the structure's measures.
    """
    counts = f"""{_PREFIXES}SELECT ?dsd (COUNT(?m) AS ?n) WHERE {{
        ?dsd qb:component/qb:componentProperty ?m . ?m a qb:MeasureProperty .
    }} GROUP BY ?dsd"""
    measures = {row["dsd"]: int(row["n"].value) for row in store.query(counts)}
    if not measures:
        return None
    typed = f"""{_PREFIXES}SELECT ?dataset ?dsd ?obs (COUNT(DISTINCT ?type) AS ?types) WHERE {{
        ?obs qb:dataSet ?dataset ; qb:measureType ?type . ?dataset qb:structure ?dsd .
    }} GROUP BY ?dataset ?dsd ?obs"""
    members: dict[tuple[object, object], dict[object, int]] = defaultdict(dict)
    for row in store.query(typed):
        if row["dsd"] in measures:
            members[row["dataset"], row["dsd"]][row["obs"]] = int(row["types"].value)
    where = (
        "?obs qb:dataSet ?dataset ; qb:measureType [] . ?dataset qb:structure ?dsd . "
        "?dsd qb:component/qb:componentProperty ?dim . ?dim a qb:DimensionProperty . "
        "FILTER (?dim != qb:measureType) ?obs ?dim ?value ."
    )
    values = _dimension_values(store, where)
    offenders: list[str] = []
    for group, types in members.items():
        dims = values.get(group, {})
        groups = _by_signature(types, dims)
        found: dict[object, int] = dict.fromkeys(types, 0)
        for first, second in product(groups, repeat=2):
            shared = sorted(first & second, key=str)
            index: dict[tuple[object, ...], int] = defaultdict(int)
            for obs in groups[second]:
                key = _project(dims.get(obs, {}), shared)
                if key is not None:
                    index[key] += types[obs]
            for obs in groups[first]:
                key = _project(dims.get(obs, {}), shared)
                if key is not None:
                    found[obs] += index.get(key, 0)
        expected = measures[group[1]]
        for obs, matches in found.items():
            rows = matches * types[obs]
            if rows != expected:
                offenders.append(f"obs={obs} (measures at its point: {rows}, declared: {expected})")
    return offenders or None


_FAST_PATHS: dict[str, Callable[[ox.Store], list[str] | None]] = {
    "IC-12": _duplicate_observations,
    "IC-17": _incomplete_measure_sets,
}
