"""``ockg eval``: precision, recall and F1 of the extraction against gold annotations.

Gold files (``tests/data/gold/*.yaml``, see ``tests/data/README.md``) list every mention with
offsets, kind and canonical entity, and the presences, routes and relationships the text
states. Mentions match when they are of the same kind and their character spans overlap
(one-to-one, largest overlap first); linking accuracy is then the share of matched mentions
with the right entity, typing accuracy the share of matched actors with the right actor type,
and origin accuracy the share with the right origin country. Claims match by content.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from kg.errors import Code, OckgError
from kg.models import Extraction, Mention

__all__ = [
    "ClaimSets",
    "GoldDocument",
    "Score",
    "claim_market",
    "claim_sets",
    "document_available",
    "evaluate",
    "evaluate_file",
    "extract_gold_document",
    "figures",
    "gold_files",
    "group_actor",
    "load_gold",
    "person_actor",
    "totals",
    "write_figures",
]

KINDS = ("group", "collective", "place", "market")
ACCURACIES = ("linking", "typing", "origin")
MAX_GOLD_BYTES = 8 * 1024 * 1024
"""A gold file annotates one text; anything bigger is refused before it is parsed."""


class _Gold(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class GoldMention(_Gold):
    text: str
    begin: int
    end: int
    kind: str
    entity: str
    origin: str | None = None
    actor_type: str | None = None
    place_type: str | None = None


class GoldPresence(_Gold):
    sentence: str | None = None
    actor: str | None = None
    market: str | None = None
    place: str | None = None


class GoldRoute(_Gold):
    sentence: str | None = None
    market: str | None = None
    origin: str | None = None
    via: tuple[str, ...] = ()
    destination: str | None = None
    mode: str | None = None


class GoldRelationship(_Gold):
    sentence: str | None = None
    kind: str
    actors: tuple[str, str]


class GoldDocument(_Gold):
    document: str
    country: str | None = None
    scope: tuple[str, ...] | None = None
    """Mention kinds annotated completely (all of them when absent); others are not scored."""
    mentions: tuple[GoldMention, ...] = ()
    presences: tuple[GoldPresence, ...] = ()
    routes: tuple[GoldRoute, ...] = ()
    relationships: tuple[GoldRelationship, ...] = ()


@dataclass
class Score:
    """Counts and ratios of one measure."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    correct: int = 0
    judged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        return self.correct / self.judged if self.judged else 1.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.correct += other.correct
        self.judged += other.judged
        self.errors += other.errors


def load_gold(path: str | Path) -> GoldDocument:
    """Read and validate one gold file."""
    from kg.read import load_plain_yaml

    path = Path(path)
    try:
        if path.stat().st_size > MAX_GOLD_BYTES:
            raise OckgError(Code.E005, f"over {MAX_GOLD_BYTES:,} bytes", path=path)
        data = load_plain_yaml(path.read_text(encoding="utf-8"))
        return GoldDocument.model_validate(data)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValidationError, RecursionError) as error:
        raise OckgError(Code.E005, str(error).splitlines()[0], path=path) from None


def _match(gold: list[GoldMention], found: list[Mention]) -> list[tuple[GoldMention, Mention]]:
    pairs = []
    for g in gold:
        for f in found:
            overlap = min(g.end, f.end) - max(g.begin, f.begin)
            if overlap > 0:
                pairs.append((overlap, g.entity == f.entity, g, f))
    # largest overlap first; on equal spans, the pairing that agrees on the entity
    pairs.sort(key=lambda x: (-x[0], not x[1], x[2].begin, x[3].begin))
    used_g: set[int] = set()
    used_f: set[int] = set()
    out = []
    for _, _, g, f in pairs:
        if id(g) in used_g or id(f) in used_f:
            continue
        used_g.add(id(g))
        used_f.add(id(f))
        out.append((g, f))
    return out


def claim_market(value: str | None) -> str | None:
    """A gold market id as the extraction keys it (``market/<id>``)."""
    if value is None or value.startswith("market/"):
        return value
    return f"market/{value}"


def group_actor(actor: str | None) -> bool:
    """Whether an actor key is a named group's."""
    return actor is not None and actor.startswith("group/")


def person_actor(actor: str | None) -> bool:
    """Whether an actor key is a named person's (the gold annotates no people)."""
    return actor is not None and actor.startswith("person/")


def _set_score(gold: Iterable[tuple], found: Iterable[tuple]) -> Score:
    expected, predicted = set(gold), set(found)
    score = Score(
        tp=len(expected & predicted),
        fp=len(predicted - expected),
        fn=len(expected - predicted),
    )
    score.errors += [f"missed {t}" for t in sorted(expected - predicted, key=repr)]
    score.errors += [f"spurious {t}" for t in sorted(predicted - expected, key=repr)]
    return score


ClaimSets = dict[str, tuple[set[tuple], set[tuple]]]
"""Per claim measure, the gold's claims and the extraction's, as comparable tuples."""


def claim_sets(gold: GoldDocument, extraction: Extraction) -> ClaimSets:
    """The claims of each measure on both sides: what "claims match by content" compares.

    The gold annotates no named people: their own claims are out of its scope (their groups'
    claims through them are scored like any other).
    """
    presences = [p for p in extraction.presences if not person_actor(p.actor)]
    relationships = [r for r in extraction.relationships if not any(map(person_actor, r.actors))]
    wanted = [(p, claim_market(p.market)) for p in gold.presences]
    return {
        "presence": (
            {(p.actor, market, p.place) for p, market in wanted},
            {(p.actor, p.market, p.place) for p in presences},
        ),
        "actor-market": (
            {(p.actor, market) for p, market in wanted if p.actor and market},
            {(p.actor, p.market) for p in presences if p.actor and p.market},
        ),
        "group-market": (
            {(p.actor, market) for p, market in wanted if group_actor(p.actor) and market},
            {(p.actor, p.market) for p in presences if group_actor(p.actor) and p.market},
        ),
        "group-place": (
            {(p.actor, p.place) for p in gold.presences if group_actor(p.actor) and p.place},
            {(p.actor, p.place) for p in presences if group_actor(p.actor) and p.place},
        ),
        "market-place": (
            {(market, p.place) for p, market in wanted if market and p.place},
            {(p.market, p.place) for p in presences if p.market and p.place},
        ),
        "route": (
            {(claim_market(r.market), r.origin, r.destination) for r in gold.routes},
            {(r.market, r.origin, r.destination) for r in extraction.routes},
        ),
        "route-path": (
            {(r.origin, r.destination) for r in gold.routes},
            {(r.origin, r.destination) for r in extraction.routes},
        ),
        "relationship": (
            {(r.kind, *sorted(r.actors)) for r in gold.relationships},
            {(r.kind, *r.actors) for r in relationships},
        ),
    }


def evaluate(gold: GoldDocument, extraction: Extraction) -> dict[str, Score]:
    """Scores per measure: mention kinds, linking, typing, origin, and claim kinds."""
    entities = {e.key: e for e in extraction.entities}
    scores: dict[str, Score] = {}
    linking, typing, origin = Score(), Score(), Score()
    for kind in KINDS:
        if gold.scope is not None and kind not in gold.scope:
            continue
        expected = [m for m in gold.mentions if m.kind == kind]
        found = [m for m in extraction.mentions if m.kind.value == kind]
        pairs = _match(expected, found)
        score = Score(tp=len(pairs), fp=len(found) - len(pairs), fn=len(expected) - len(pairs))
        matched_g = {id(g) for g, _ in pairs}
        matched_f = {id(f) for _, f in pairs}
        score.errors += [f"missed {g.text!r}@{g.begin}" for g in expected if id(g) not in matched_g]
        score.errors += [f"spurious {f.text!r}@{f.begin}" for f in found if id(f) not in matched_f]
        scores[kind] = score
        for g, f in pairs:
            linking.judged += 1
            if g.entity == f.entity:
                linking.correct += 1
            else:
                linking.errors.append(f"{g.text!r}@{g.begin}: {f.entity} != {g.entity}")
            entity = entities.get(f.entity)
            if kind in ("group", "collective") and entity is not None:
                if g.actor_type:
                    typing.judged += 1
                    typing.correct += entity.actor_type == g.actor_type
                if g.origin:
                    origin.judged += 1
                    origin.correct += (entity.origin or "XX") == g.origin
    scores["linking"], scores["typing"], scores["origin"] = linking, typing, origin
    for name, (expected, found) in claim_sets(gold, extraction).items():
        scores[name] = _set_score(expected, found)
    return scores


def gold_files(paths: Iterable[Path]) -> list[tuple[str, Path]]:
    """(set name, gold file) for files and folders; a folder is a set, a file's set its folder.

    Metadata sidecars (``*.meta.yaml``) are skipped, so a shell glob over a folder works.
    """
    out: list[tuple[str, Path]] = []
    for path in paths:
        if path.is_dir():
            out += [(str(path), p) for p in sorted(path.glob("*.yaml"))]
        else:
            out.append((str(path.parent), path))
    return [(name, p) for name, p in out if not p.name.endswith(".meta.yaml")]


def totals(results: Iterable[dict[str, Score]]) -> dict[str, Score]:
    """Scores summed over documents, measure by measure."""
    total: dict[str, Score] = {}
    for scores in results:
        for name, score in scores.items():
            total.setdefault(name, Score()).add(score)
    return total


def figures(scores: dict[str, Score]) -> dict[str, dict[str, float]]:
    """Rounded P/R/F1 (or accuracy) per measure, for reports and recorded floors."""
    out: dict[str, dict[str, float]] = {}
    for name, score in scores.items():
        if name in ACCURACIES:
            out[name] = {"accuracy": round(score.accuracy, 3)}
        else:
            out[name] = {
                "precision": round(score.precision, 3),
                "recall": round(score.recall, 3),
                "f1": round(score.f1, 3),
            }
    return out


def document_available(path: Path, root: Path | None = None) -> bool:
    """Whether a gold file's text is on disk (third-party texts are not kept in git)."""
    gold = load_gold(path)
    document = Path(gold.document)
    return (document if document.is_absolute() else (root or Path.cwd()) / document).is_file()


def extract_gold_document(
    path: str | Path, root: str | Path | None = None
) -> tuple[GoldDocument, Extraction]:
    """A gold file and the extraction from its document (paths relative to ``root``)."""
    from kg.contribution import extraction_of

    gold = load_gold(path)
    base = Path(root) if root is not None else Path.cwd()
    document_path = Path(gold.document)
    if not document_path.is_absolute():
        document_path = base / document_path
    return gold, extraction_of(document_path, country=gold.country)


def evaluate_file(
    path: str | Path, root: str | Path | None = None
) -> tuple[GoldDocument, dict[str, Score]]:
    """Extract from a gold file's document and score the extraction."""
    gold, extraction = extract_gold_document(path, root)
    return gold, evaluate(gold, extraction)


def write_figures(results: Iterable[tuple[str, dict[str, Score]]], path: Path) -> None:
    """Write the figures per set (from (set name, scores) per document) as JSON, atomically."""
    import json

    from kg.graph.serialize import atomic_write_many

    sets: dict[str, list[dict[str, Score]]] = {}
    for name, scores in results:
        sets.setdefault(name, []).append(scores)
    payload = {name: figures(totals(members)) for name, members in sets.items()}
    atomic_write_many({path: (json.dumps(payload, indent=2, sort_keys=True) + "\n").encode()})
