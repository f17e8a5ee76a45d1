"""Train the learned claim scorer on gold sets and cross-validate it against the rules alone.

    python benchmarks/train_claim_scorer.py tests/data/real/gold [--out ontology/claim_scorer.json]
        [--enable KIND...] [--candidates /tmp/candidates.json] [--extra SET...]

Needs the ``train`` extra (scikit-learn); ockg applies the stored weights without it.

1. Runs the extraction over every gold file's text, collecting each claim candidate of
   ``kg.nlp.relations.candidates`` (actor × place, actor × actor × kind, per sentence) with
   its features and whether the rules chose it.
2. Labels a candidate true when the gold states its pair in its sentence (gold claims name
   their sentence by its first characters; one whose sentence matches none of the
   extraction's labels its pair in every sentence). Pairs match the way ``kg.evaluate``
   matches claims: group–place pairs, relationships by kind and sorted actors.
3. Leave-one-document-out: for each document, fits a logistic regression on the others (the
   regularisation and the decision threshold picked by an inner grouped 4-fold cross-validation
   on those others alone), decides the held-out document's pairs as the hook would (a pair is
   claimed when a sentence's best candidate for it reaches the threshold), and scores them.
   Prints P/R/F1 of the rules alone and of the scorer, per claim kind, summed over documents,
   with a bootstrap interval (documents resampled) of the difference in F1.
4. With ``--out``, fits on every document and writes the weights, each kind's model switched
   on only when named by ``--enable`` (decide from the cross-validated figures).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.evaluate import Score, gold_files, load_gold  # noqa: E402
from kg.relation_kinds import relation_kinds  # noqa: E402

GROUP_PLACE = "actor-place"
RELATIONS = tuple(relation_kinds())
C_GRID = (0.03, 0.1, 0.3, 1.0)
TWO_THRESHOLDS = False
THRESHOLDS = tuple(round(0.2 + 0.05 * i, 2) for i in range(14))  # 0.20 … 0.85
ACTORS = {GROUP_PLACE: ("group/",), **{kind: () for kind in RELATIONS}}


@dataclass
class Instance:
    """One candidate of one document, labelled."""

    doc: str
    kind: str
    keys: tuple[str, str]
    sentence: int
    rule: bool
    label: bool
    features: dict[str, float]
    text: str = ""
    """The sentence (for reading the errors)."""


# ---------------------------------------------------------------------------- collection


def _gold_pairs(gold) -> dict[str, set[tuple[str, str]]]:
    pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for kind, keys, _ in _gold_claims(gold):
        pairs[kind].add(keys)
    return pairs


def _gold_claims(gold) -> list[tuple[str, tuple[str, str], str]]:
    """(kind, keys, sentence prefix) of each gold claim a candidate can match."""
    out = []
    for p in gold.presences:
        if p.actor and p.place:
            out.append((GROUP_PLACE, (p.actor, p.place), p.sentence or ""))
    for r in gold.relationships:
        out.append((r.kind, tuple(sorted(r.actors)), r.sentence or ""))
    return out


def _same_sentence(prefix: str, text: str) -> bool:
    """Whether a gold claim's sentence (its first characters) is this sentence."""
    prefix, text = " ".join(prefix.split()), " ".join(text.split())
    return bool(prefix) and (text.startswith(prefix) or prefix.startswith(text[:40]))


def _labels(gold, sink) -> list[bool]:
    """A candidate is true when the gold states its pair in its sentence; a gold claim whose
    sentence matches none of the extraction's labels every candidate of its pair."""
    claims = _gold_claims(gold)
    texts = {text for text, _ in sink}
    placed = [
        (kind, keys, prefix)
        for kind, keys, prefix in claims
        if any(_same_sentence(prefix, text) for text in texts)
    ]
    loose = {(kind, keys) for kind, keys, prefix in claims} - {(k, p) for k, p, _ in placed}
    out = []
    for text, c in sink:
        kind = GROUP_PLACE if c.kind == "actor-place" else c.kind
        out.append(
            (kind, c.keys) in loose
            or any(k == kind and p == c.keys and _same_sentence(x, text) for k, p, x in placed)
        )
    return out


def collect(paths: list[Path], extra: list[Path] = ()) -> tuple[list[Instance], dict[str, dict]]:
    """Candidates of every gold file with labels, and per document the rules' and gold's pairs
    (``extra`` sets: training data only, never scored)."""
    from kg.contribution import extraction_of
    from kg.nlp.relations.candidates import collecting

    instances: list[Instance] = []
    docs: dict[str, dict] = {}
    extras = {p for _, p in gold_files(extra)}
    for _, path in [*gold_files(paths), *gold_files(extra)]:
        gold = load_gold(path)
        document = ROOT / gold.document
        if not document.is_file():
            print(f"skipped {path.name}: its text is missing", file=sys.stderr)
            continue
        with collecting() as sink:
            extraction = extraction_of(document, country=gold.country)
        name = path.stem
        expected = _gold_pairs(gold)
        rules: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for p in extraction.presences:
            if p.actor and p.place:
                rules[GROUP_PLACE].add((p.actor, p.place))
        for r in extraction.relationships:
            rules[r.kind].add(tuple(r.actors))
        docs[name] = {
            "gold": {k: sorted(v) for k, v in expected.items()},
            "rules": {k: sorted(v) for k, v in rules.items()},
            "extra": path in extras,
        }
        for (text, c), label in zip(sink, _labels(gold, sink), strict=True):
            kind = GROUP_PLACE if c.kind == "actor-place" else c.kind
            features = dict(c.features)
            instances.append(
                Instance(name, kind, c.keys, c.sentence, c.rule, label, features, text)
            )
    return instances, docs


def save(path: Path, instances: list[Instance], docs: dict[str, dict]) -> None:
    data = {"docs": docs, "instances": [i.__dict__ for i in instances]}
    path.write_text(json.dumps(data), encoding="utf-8")


def load(path: Path) -> tuple[list[Instance], dict[str, dict]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    instances = [Instance(**{**i, "keys": tuple(i["keys"])}) for i in data["instances"]]
    return instances, data["docs"]


# ---------------------------------------------------------------------------- model


def _applies(kind: str, keys: tuple[str, str]) -> bool:
    prefixes = ACTORS[kind]
    return not prefixes or keys[0].startswith(prefixes)


def _fit(instances: list[Instance], c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer(sparse=False)
    x = vectorizer.fit_transform([i.features for i in instances])
    y = [i.label for i in instances]
    if len(set(y)) < 2:
        return None
    model = LogisticRegression(
        C=c, class_weight="balanced", max_iter=2000, solver="liblinear", random_state=0
    )
    model.fit(x, y)
    return vectorizer, model


def _predict(fitted, instances: list[Instance]) -> list[float]:
    if fitted is None:
        return [0.0 for _ in instances]
    vectorizer, model = fitted
    if not instances:
        return []
    return list(model.predict_proba(vectorizer.transform([i.features for i in instances]))[:, 1])


def _decide(
    kind: str,
    instances: list[Instance],
    probabilities: list[float],
    thresholds: tuple[float, float],
    docs,
) -> dict[str, set[tuple[str, str]]]:
    """Per document, the pairs the hook would claim: the rules' pairs the model does not judge,
    and per sentence the judged pairs whose best candidate reaches the threshold (``add`` for a
    pair the rules left out, ``keep`` for one they chose)."""
    add, keep = thresholds
    best: dict[tuple[str, int, tuple], tuple[float, bool]] = {}
    for i, p in zip(instances, probabilities, strict=True):
        key = (i.doc, i.sentence, i.keys)
        old = best.get(key, (0.0, False))
        best[key] = (max(old[0], p), old[1] or i.rule)
    judged = {(name, keys) for name, _, keys in best}
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for name in {i.doc for i in instances} | set(docs):
        for keys in docs[name]["rules"].get(kind, []):
            keys = tuple(keys)
            if (name, keys) not in judged:
                out[name].add(keys)
    for (name, _, keys), (p, rule) in best.items():
        if p >= (keep if rule else add):
            out[name].add(keys)
    return out


def _measure(
    kind: str, predicted: dict[str, set], docs: dict[str, dict], names, groups: bool = True
) -> dict[str, Score]:
    """Per document, the score of one claim kind (actor–place: of group actors only, the
    ``group-place`` measure of ``ockg eval``, unless ``groups`` is false)."""
    out = {}
    for name in names:
        gold = {tuple(k) for k in docs[name]["gold"].get(kind, [])}
        found = predicted.get(name, set())
        if kind == GROUP_PLACE and groups:
            gold = {k for k in gold if k[0].startswith("group/")}
            found = {k for k in found if k[0].startswith("group/")}
        out[name] = Score(tp=len(gold & found), fp=len(found - gold), fn=len(gold - found))
    return out


def _total(scores: dict[str, Score], names=None) -> Score:
    total = Score()
    for name in scores if names is None else names:
        total.add(scores[name])
    return total


def _sum(scores: list[Score]) -> Score:
    total = Score()
    for score in scores:
        total.add(score)
    return total


def _score(kind: str, predicted: dict[str, set], docs: dict[str, dict], names) -> Score:
    return _total(_measure(kind, predicted, docs, names))


def _rule_pairs(kind: str, docs: dict[str, dict], names) -> dict[str, set]:
    return {n: {tuple(k) for k in docs[n]["rules"].get(kind, [])} for n in names}


def bootstrap(rules: dict[str, Score], scorer: dict[str, Score], rounds: int = 2000):
    """The scorer's F1 minus the rules' over documents drawn with replacement (fixed seed):
    the 5th and 95th percentiles and the share of draws where the scorer is ahead."""
    import random

    names = sorted(rules)
    draw = random.Random(0)
    deltas = []
    for _ in range(rounds):
        sample = [draw.choice(names) for _ in names]
        deltas.append(_total(scorer, sample).f1 - _total(rules, sample).f1)
    deltas.sort()
    ahead = sum(d > 0 for d in deltas) / rounds
    return deltas[int(0.05 * rounds)], deltas[int(0.95 * rounds) - 1], ahead


def _inner_choice(kind: str, instances: list[Instance], docs, names: list[str]):
    """The (C, (add, keep) thresholds) with the best F1 of a grouped 4-fold cross-validation."""
    folds = [names[k::4] for k in range(4)]
    best = (-1.0, C_GRID[0], (0.5, 0.5))
    for c in C_GRID:
        seen, probabilities = [], []
        for fold in folds:
            held = set(fold)
            fitted = _fit([i for i in instances if i.doc not in held], c)
            test = [i for i in instances if i.doc in held]
            seen += test
            probabilities += _predict(fitted, test)
        subset = {n: docs[n] for n in names}
        for thresholds in _threshold_pairs():
            predicted = _decide(kind, seen, probabilities, thresholds, subset)
            f1 = _score(kind, predicted, docs, names).f1
            if f1 > best[0] + 1e-9:
                best = (f1, c, thresholds)
    return best[1], best[2]


def _threshold_pairs() -> list[tuple[float, float]]:
    if not TWO_THRESHOLDS:
        return [(t, t) for t in THRESHOLDS]
    return [(a, k) for a in (*THRESHOLDS, 1.01) for k in (0.0, *THRESHOLDS)]


def cross_validate(kind: str, instances: list[Instance], docs: dict[str, dict]):
    """Leave-one-document-out: per document, the pairs the rules claim and those the scorer
    (fitted on the other documents) claims (documents of ``--extra`` sets only ever train)."""
    names = sorted(n for n in docs if not docs[n].get("extra"))
    judged = [i for i in instances if i.kind == kind and _applies(kind, i.keys)]
    predicted: dict[str, set] = {}
    for name in names:
        train_names = [n for n in names if n != name]
        train = [i for i in judged if i.doc != name]
        c, thresholds = _inner_choice(kind, train, docs, train_names)
        fitted = _fit(train, c)
        test = [i for i in judged if i.doc == name]
        decided = _decide(kind, test, _predict(fitted, test), thresholds, {name: docs[name]})
        predicted[name] = decided.get(name, set())
    return _rule_pairs(kind, docs, names), predicted


def export(kind: str, instances: list[Instance], docs: dict[str, dict]) -> dict:
    """The model fitted on every document, as stored data (weights by feature name)."""
    names = sorted(n for n in docs if not docs[n].get("extra"))
    judged = [i for i in instances if i.kind == kind and _applies(kind, i.keys)]
    c, (add, keep) = _inner_choice(kind, judged, docs, names)
    vectorizer, model = _fit(judged, c)
    weights = {
        name: round(float(w), 6)
        for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= 1e-6
    }
    return {
        "bias": round(float(model.intercept_[0]), 6),
        "threshold": add,
        "keep_threshold": keep,
        "actors": list(ACTORS[kind]),
        "weights": dict(sorted(weights.items())),
    }, c


def _line(label: str, score: Score) -> str:
    return (
        f"    {label:<7} P {score.precision:.2f}  R {score.recall:.2f}  F1 {score.f1:.2f}"
        f"  (tp {score.tp}, fp {score.fp}, fn {score.fn})"
    )


def _compare(measure: str, rules: dict[str, Score], scorer: dict[str, Score]) -> dict:
    low, high, ahead = bootstrap(rules, scorer)
    r, s = _total(rules), _total(scorer)
    print(f"  {measure}")
    print(_line("rules", r))
    print(_line("scorer", s))
    print(
        f"    F1 {s.f1 - r.f1:+.3f}; over documents resampled: 90% interval"
        f" {low:+.3f} .. {high:+.3f}, scorer ahead in {ahead:.0%} of draws"
    )
    return {
        "rules": _figures(r),
        "scorer": _figures(s),
        "f1_difference_interval_90": [round(low, 3), round(high, 3)],
        "scorer_ahead": round(ahead, 3),
    }


def main(argv: list[str] | None = None) -> int:
    global TWO_THRESHOLDS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="+", type=Path, help="gold sets (folders) to train on")
    parser.add_argument(
        "--extra", nargs="*", type=Path, default=[], help="gold sets that only train"
    )
    parser.add_argument("--candidates", type=Path, help="cache of collected candidates (JSON)")
    parser.add_argument("--out", type=Path, help="write the fitted scorer here")
    parser.add_argument(
        "--enable",
        nargs="*",
        default=[],
        metavar="KIND",
        help="the kinds whose models are stored switched on (the others are stored off)",
    )
    parser.add_argument(
        "--kinds", default=",".join([GROUP_PLACE, *RELATIONS]), help="claim kinds to model"
    )
    parser.add_argument(
        "--place-actors",
        choices=["group", "all"],
        default="group",
        help="the actors whose places the actor-place model judges (default: named groups)",
    )
    parser.add_argument(
        "--two-thresholds",
        action="store_true",
        help="separate thresholds for keeping the rules' pairs and adding others",
    )
    args = parser.parse_args(argv)
    TWO_THRESHOLDS = args.two_thresholds
    ACTORS[GROUP_PLACE] = ("group/",) if args.place_actors == "group" else ()
    if args.candidates is not None and args.candidates.is_file():
        instances, docs = load(args.candidates)
    else:
        instances, docs = collect(args.sets, args.extra)
        if args.candidates is not None:
            save(args.candidates, instances, docs)
    kinds = [k for k in args.kinds.split(",") if k]
    names = sorted(n for n in docs if not docs[n].get("extra"))
    print(
        f"{len(names)} documents scored, {len(docs) - len(names)} only train;"
        f" {len(instances)} candidates; leave-one-document-out:"
    )
    report: dict[str, dict] = {}
    related: dict[str, tuple[dict, dict]] = {}
    for kind in kinds:
        judged = [i for i in instances if i.kind == kind and _applies(kind, i.keys)]
        positive = sum(i.label for i in judged)
        print(f"{kind}: {len(judged)} candidates judged, {positive} labelled true")
        rules, scorer = cross_validate(kind, instances, docs)
        if kind == GROUP_PLACE:
            for measure, groups in (("group-place", True), ("actor-place (all actors)", False)):
                report[measure] = _compare(
                    measure,
                    _measure(kind, rules, docs, names, groups),
                    _measure(kind, scorer, docs, names, groups),
                )
        else:
            related[kind] = (
                _measure(kind, rules, docs, names),
                _measure(kind, scorer, docs, names),
            )
            report[kind] = _compare(kind, *related[kind])
    if related:
        rules_both = {n: _sum([r[n] for r, _ in related.values()]) for n in names}
        scorer_both = {n: _sum([s[n] for _, s in related.values()]) for n in names}
        report["relationships"] = _compare("relationships (both kinds)", rules_both, scorer_both)
    if args.out is not None:
        models, settings = {}, {}
        for kind in kinds:
            model, settings[kind] = export(kind, instances, docs)
            # the real texts are plain: a profile's sections stay with the rules
            models[kind] = {**model, "enabled": kind in args.enable, "profiles": False}
        data = {
            "version": 1,
            "enabled": bool(set(args.enable) & set(kinds)),
            "models": models,
            "trained": {
                "sets": [str(s) for s in args.sets],
                "extra": [str(s) for s in args.extra],
                "documents": len(docs),
                "model": "logistic regression (liblinear, balanced classes)",
                "C": settings,
                "leave-one-document-out": report,
            },
        }
        args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


def _figures(score: Score) -> dict[str, float]:
    return {
        "precision": round(score.precision, 3),
        "recall": round(score.recall, 3),
        "f1": round(score.f1, 3),
    }


if __name__ == "__main__":
    raise SystemExit(main())
