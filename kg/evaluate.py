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

__all__ = ["GoldDocument", "Score", "evaluate", "evaluate_file", "load_gold"]

KINDS = ("group", "collective", "place", "market")


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


def load_gold(path: Path) -> GoldDocument:
    """Read and validate one gold file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return GoldDocument.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as error:
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


def _market(value: str | None) -> str | None:
    if value is None or value.startswith("market/"):
        return value
    return f"market/{value}"


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


def evaluate(gold: GoldDocument, extraction: Extraction) -> dict[str, Score]:
    """Scores per measure: mention kinds, linking, typing, origin, and claim kinds."""
    entities = {e.key: e for e in extraction.entities}
    scores: dict[str, Score] = {}
    linking, typing, origin = Score(), Score(), Score()
    for kind in KINDS:
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
    scores["presence"] = _set_score(
        ((p.actor, _market(p.market), p.place) for p in gold.presences),
        ((p.actor, p.market, p.place) for p in extraction.presences),
    )
    scores["actor-market"] = _set_score(
        ((p.actor, _market(p.market)) for p in gold.presences if p.actor and p.market),
        ((p.actor, p.market) for p in extraction.presences if p.actor and p.market),
    )
    scores["route"] = _set_score(
        ((_market(r.market), r.origin, r.destination) for r in gold.routes),
        ((r.market, r.origin, r.destination) for r in extraction.routes),
    )
    scores["relationship"] = _set_score(
        ((r.kind, *sorted(r.actors)) for r in gold.relationships),
        ((r.kind, *r.actors) for r in extraction.relationships),
    )
    return scores


def evaluate_file(path: Path, root: Path | None = None) -> tuple[GoldDocument, dict[str, Score]]:
    """Extract from a gold file's document and score the extraction."""
    from kg.build import extraction_of

    gold = load_gold(path)
    base = root or Path.cwd()
    document_path = Path(gold.document)
    if not document_path.is_absolute():
        document_path = base / document_path
    extraction = extraction_of(document_path, country=gold.country)
    return gold, evaluate(gold, extraction)
