"""Compare two graphs (files or build folders): score and rank moves, actors and claims.

``diff_graphs(old, new)`` reads both sides and returns a ``GraphDiff``:

- **scores**: per country and indicator, the latest edition's score on each side, the move
  ``new - old`` and, where the new side's edition directly follows the old side's, the change
  the new page printed (``ockg:scoreChange``) checked against that move;
- **ranks**: per country, ranked indicator and scope, the rank on each side, the move
  ``new - old`` (negative: towards 1st) and the new page's ``ockg:previousRank`` checked
  against the old rank;
- **actors** (criminal actors and people) added and dropped, by IRI;
- **claims** (presences, routes, relationships) added and dropped, by what they state (kind,
  actor, market, place, route stops, participants), not by their IRIs, which carry the
  document's hash.

Rows list only what differs: a move, an indicator or rank on one side only, or a printed
change that disagrees with the computed one.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, computed_field
from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.graph.load import load_graph
from kg.graph.namespaces import NIF, OCKG, PROV, QB, SDMX_DIM

__all__ = [
    "GraphDiff",
    "ItemChange",
    "RankMove",
    "ScoreMove",
    "diff_graphs",
    "diff_rows",
    "graph_diff",
]


class ScoreMove(BaseModel):
    """One indicator of one country whose score differs between the two sides."""

    model_config = ConfigDict(frozen=True)

    country: str
    indicator: str
    old_edition: int | None
    new_edition: int | None
    old: Decimal | None
    new: Decimal | None
    printed: Decimal | None = None
    """The change the new side's page printed, where it refers to the old side's edition."""

    @computed_field
    @property
    def change(self) -> Decimal | None:
        return None if self.old is None or self.new is None else self.new - self.old

    @computed_field
    @property
    def status(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "dropped"
        return "moved" if self.change != 0 else "same"

    @computed_field
    @property
    def disagrees(self) -> bool:
        return self.printed is not None and self.change is not None and self.printed != self.change


class RankMove(BaseModel):
    """One rank (country, indicator, scope) that differs between the two sides."""

    model_config = ConfigDict(frozen=True)

    country: str
    indicator: str
    scope: str
    old_edition: int | None
    new_edition: int | None
    old: int | None
    new: int | None
    printed_previous: int | None = None
    """The previous rank the new side's page gives, where it refers to the old side's edition."""

    @computed_field
    @property
    def change(self) -> int | None:
        return None if self.old is None or self.new is None else self.new - self.old

    @computed_field
    @property
    def status(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "dropped"
        return "moved" if self.change != 0 else "same"

    @computed_field
    @property
    def disagrees(self) -> bool:
        return (
            self.printed_previous is not None
            and self.old is not None
            and (self.printed_previous != self.old)
        )


class ItemChange(BaseModel):
    """An actor or claim found on one side only."""

    model_config = ConfigDict(frozen=True)

    status: str  # "added" or "dropped"
    kind: str  # group, collective, person, actor; presence, route, relationship
    label: str
    sentence: str | None = None


class GraphDiff(BaseModel):
    """What changed from the old graph to the new one."""

    model_config = ConfigDict(frozen=True)

    old: str
    new: str
    scores: tuple[ScoreMove, ...] = ()
    ranks: tuple[RankMove, ...] = ()
    actors: tuple[ItemChange, ...] = ()
    claims: tuple[ItemChange, ...] = ()

    def disagreements(self) -> list[str]:
        """Each printed change that disagrees with the move computed from the two sides."""
        notes = []
        for s in self.scores:
            if s.disagrees:
                notes.append(
                    f"{s.country} {s.indicator}: {s.new_edition} prints a change of "
                    f"{s.printed}, but {s.new} - {s.old} ({s.old_edition}) is {s.change}"
                )
        for r in self.ranks:
            if r.disagrees:
                notes.append(
                    f"{r.country} {r.indicator} rank in {r.scope}: {r.new_edition} gives a "
                    f"previous rank of {r.printed_previous}, but {r.old_edition} ranks {r.old}"
                )
        return notes

    def is_empty(self) -> bool:
        return not (self.scores or self.ranks or self.actors or self.claims)


# --- reading one side ---------------------------------------------------------------------------

_ACTOR_KINDS = {
    OCKG.CriminalGroup: "group",
    OCKG.ActorCollective: "collective",
    URIRef(f"{OCKG._NS}Person"): "person",  # unchecked: in the vocabulary once people are
    OCKG.CriminalActor: "actor",
}
_CLAIM_KINDS = {OCKG.Presence: "presence", OCKG.Route: "route", OCKG.Relationship: "relationship"}
_PRINTED_DATASET = "/dataset/profile-"  # observations read from a page, preferred to imports


class _Observation(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    edition: int
    printed: bool
    value: Decimal | int
    change: Decimal | None = None
    previous: int | None = None


def _label(graph: Graph, node: Node) -> str:
    for predicate in (RDFS.label, SKOS.prefLabel):
        labels = sorted(str(v) for v in graph.objects(node, predicate))
        if labels:
            return labels[0]
    return str(node).rstrip("/").rsplit("/", 1)[-1].split("#")[-1]


def _one(graph: Graph, node: Node, predicate: URIRef) -> Node | None:
    values = sorted(graph.objects(node, predicate))
    return values[0] if values else None


def _prefer(current: _Observation | None, candidate: _Observation) -> _Observation:
    """The latest edition; within one, a printed observation before an imported one."""
    if current is None:
        return candidate
    return max(current, candidate, key=lambda o: (o.edition, o.printed))


def _observations(graph: Graph, value: URIRef) -> dict[tuple[Node, ...], _Observation]:
    """Latest observation per (area, indicator[, scope]) of observations carrying ``value``."""
    found: dict[tuple[Node, ...], _Observation] = {}
    for node in sorted(graph.subjects(RDF.type, QB.Observation)):
        number = _one(graph, node, value)
        area = _one(graph, node, SDMX_DIM.refArea)
        indicator = _one(graph, node, OCKG.indicator)
        edition = _one(graph, node, OCKG.edition)
        if number is None or area is None or indicator is None or edition is None:
            continue
        key: tuple[Node, ...] = (area, indicator)
        if value == OCKG.rank:
            scope = _one(graph, node, OCKG.rankingScope)
            if scope is None:
                continue
            key = (area, indicator, scope)
        change = _one(graph, node, OCKG.scoreChange)
        previous = _one(graph, node, OCKG.previousRank)
        dataset = _one(graph, node, QB.dataSet)
        observation = _Observation(
            edition=int(edition.toPython()),
            printed=dataset is not None and _PRINTED_DATASET in str(dataset),
            value=number.toPython() if value == OCKG.rank else Decimal(str(number)),
            change=Decimal(str(change)) if change is not None else None,
            previous=int(previous.toPython()) if previous is not None else None,
        )
        found[key] = _prefer(found.get(key), observation)
    return found


def _actors(graph: Graph) -> dict[Node, tuple[str, str]]:
    """Actor IRI -> (kind, label)."""
    out: dict[Node, tuple[str, str]] = {}
    for cls, kind in _ACTOR_KINDS.items():
        for node in graph.subjects(RDF.type, cls):
            if node not in out:
                out[node] = (kind, _label(graph, node))
    return out


def _claim_statement(graph: Graph, node: Node, kind: str) -> tuple[str, ...]:
    """What a claim states, as labels (its IRI carries the document's hash, so is not used)."""

    def labels(predicate: URIRef) -> str:
        return " & ".join(sorted(_label(graph, v) for v in graph.objects(node, predicate)))

    if kind == "presence":
        return (labels(OCKG.actor), labels(OCKG.market), labels(OCKG.place))
    if kind == "route":
        head = _one(graph, node, OCKG.via)
        via = [_label(graph, v) for v in Collection(graph, head)] if head is not None else []
        return (
            labels(OCKG.market),
            labels(OCKG.origin),
            " → ".join(via),
            labels(OCKG.destination),
            labels(OCKG.mode),
        )
    return (labels(OCKG.relationKind), labels(OCKG.participant))


def _describe(kind: str, statement: tuple[str, ...]) -> str:
    if kind == "presence":
        return " · ".join(part or "?" for part in statement)
    if kind == "route":
        market, origin, via, destination, mode = statement
        path = " → ".join(p for p in (origin or "?", via, destination or "?") if p)
        return f"{market or '?'}: {path}" + (f" by {mode}" if mode else "")
    relation, participants = statement
    return f"{relation}: {participants}"


def _claims(graph: Graph) -> dict[tuple[str, ...], str | None]:
    """(kind, *statement) -> a source sentence (the first by IRI) for each claim stated."""
    out: dict[tuple[str, ...], str | None] = {}
    for cls, kind in _CLAIM_KINDS.items():
        for node in sorted(graph.subjects(RDF.type, cls)):
            key = (kind, *_claim_statement(graph, node, kind))
            if key in out:
                continue
            source = _one(graph, node, PROV.wasDerivedFrom)
            anchor = _one(graph, source, NIF.anchorOf) if source is not None else None
            out[key] = str(anchor) if anchor is not None else None
    return out


# --- comparing ----------------------------------------------------------------------------------


def _follows(old: int, new: int) -> bool:
    """Whether ``new`` is the edition right after ``old`` (what a page's change refers to)."""
    from kg import taxonomy

    editions = taxonomy.editions()
    return old in editions and new in editions and editions.index(new) == editions.index(old) + 1


@cache
def _page_order() -> dict[Node, int]:
    from kg import taxonomy
    from kg.graph.iris import indicator_iri

    return {indicator_iri(item.id): n for n, item in enumerate(taxonomy.indicators())}


def _indicator_order(node: Node) -> tuple[int, str]:
    """Indicators in the order pages print them; unknown ones after, by IRI."""
    order = _page_order()
    return order.get(node, len(order)), str(node)


def _score_moves(old: Graph, new: Graph) -> list[ScoreMove]:
    before, after = _observations(old, OCKG.score), _observations(new, OCKG.score)
    rows = []
    for key in sorted(before.keys() | after.keys()):
        area, indicator = key
        a, b = before.get(key), after.get(key)
        printed = None
        if (
            a is not None
            and b is not None
            and b.change is not None
            and _follows(a.edition, b.edition)
        ):
            printed = b.change
        move = ScoreMove(
            country=_label(new if b else old, area),
            indicator=_label(new if b else old, indicator),
            old_edition=a.edition if a else None,
            new_edition=b.edition if b else None,
            old=a.value if a else None,
            new=b.value if b else None,
            printed=printed,
        )
        if move.status != "same" or move.disagrees:
            rows.append((move.country, _indicator_order(indicator), move))
    return [move for *_, move in sorted(rows, key=lambda r: r[:2])]


def _rank_moves(old: Graph, new: Graph) -> list[RankMove]:
    before, after = _observations(old, OCKG.rank), _observations(new, OCKG.rank)
    rows = []
    for key in sorted(before.keys() | after.keys()):
        area, indicator, scope = key
        a, b = before.get(key), after.get(key)
        printed = None
        if (
            a is not None
            and b is not None
            and b.previous is not None
            and _follows(a.edition, b.edition)
        ):
            printed = b.previous
        side = new if b else old
        move = RankMove(
            country=_label(side, area),
            indicator=_label(side, indicator),
            scope=_label(side, scope),
            old_edition=a.edition if a else None,
            new_edition=b.edition if b else None,
            old=int(a.value) if a else None,
            new=int(b.value) if b else None,
            printed_previous=printed,
        )
        if move.status != "same" or move.disagrees:
            rows.append(((move.country, move.indicator, move.scope), move))
    return [move for _, move in sorted(rows, key=lambda r: r[0])]


def _item_changes(before: dict, after: dict, describe) -> list[ItemChange]:
    changes = [
        ItemChange(status=status, **describe(key, side[key]))
        for status, keys, side in (
            ("added", after.keys() - before.keys(), after),
            ("dropped", before.keys() - after.keys(), before),
        )
        for key in keys
    ]
    return sorted(changes, key=lambda c: (c.status, c.kind, c.label, c.sentence or ""))


def graph_diff(
    old: Graph, new: Graph, *, old_name: str = "old", new_name: str = "new"
) -> GraphDiff:
    """Compare two rdflib graphs."""
    actors = _item_changes(
        _actors(old), _actors(new), lambda _node, value: {"kind": value[0], "label": value[1]}
    )
    claims = _item_changes(
        _claims(old),
        _claims(new),
        lambda key, sentence: {
            "kind": key[0],
            "label": _describe(key[0], key[1:]),
            "sentence": sentence,
        },
    )
    return GraphDiff(
        old=old_name,
        new=new_name,
        scores=tuple(_score_moves(old, new)),
        ranks=tuple(_rank_moves(old, new)),
        actors=tuple(actors),
        claims=tuple(claims),
    )


def diff_graphs(old: str | Path, new: str | Path) -> GraphDiff:
    """Compare two graph files or build folders (coded error naming an unreadable one)."""
    return graph_diff(load_graph(old), load_graph(new), old_name=str(old), new_name=str(new))


def diff_rows(diff: GraphDiff) -> Iterable[dict[str, object]]:
    """One flat row per change, for CSV: section, status, country, item, scope, editions,
    old, new, change, printed and a note (a disagreement or a claim's sentence)."""
    for s in diff.scores:
        yield {
            "section": "score",
            "status": s.status,
            "country": s.country,
            "item": s.indicator,
            "scope": "",
            "old_edition": s.old_edition,
            "new_edition": s.new_edition,
            "old": s.old,
            "new": s.new,
            "change": s.change,
            "printed": s.printed,
            "note": "printed change disagrees" if s.disagrees else "",
        }
    for r in diff.ranks:
        yield {
            "section": "rank",
            "status": r.status,
            "country": r.country,
            "item": r.indicator,
            "scope": r.scope,
            "old_edition": r.old_edition,
            "new_edition": r.new_edition,
            "old": r.old,
            "new": r.new,
            "change": r.change,
            "printed": r.printed_previous,
            "note": "printed previous rank disagrees" if r.disagrees else "",
        }
    for section, items in (("actor", diff.actors), ("claim", diff.claims)):
        for item in items:
            yield {
                "section": section,
                "status": item.status,
                "country": "",
                "item": item.label,
                "scope": item.kind,
                "old_edition": None,
                "new_edition": None,
                "old": None,
                "new": None,
                "change": None,
                "printed": None,
                "note": item.sentence or "",
            }
