"""The learned claim scorer: candidate features, stored weights applied in pure Python, the
validation of the stored model, the hook's switch, and determinism."""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, Span

from kg.errors import Code, OckgError
from kg.nlp.relations.candidates import (
    actor_place_candidates,
    collecting,
    path_features,
    relationship_candidates,
)
from kg.nlp.scorer import SCORER_FILE, ClaimScorer, LinearModel, claim_scorer, load_scorer
from kg.resources import ontology_path

ROOT = Path(__file__).resolve().parents[1]
LOBOS, CHONEROS = "group/los-lobos", "group/los-choneros"
MACHALA = "place/city/EC/machala"


def _doc() -> Doc:
    """ "Los Lobos operates in Machala and fights Los Choneros ." with a hand-made parse."""
    words = ["Los", "Lobos", "operates", "in", "Machala", "and", "fights", "Los", "Choneros", "."]
    heads = [1, 2, 2, 2, 3, 2, 2, 8, 6, 2]
    deps = ["compound", "nsubj", "ROOT", "prep", "pobj", "cc", "conj", "compound", "dobj", "punct"]
    pos = ["PROPN", "PROPN", "VERB", "ADP", "PROPN", "CCONJ", "VERB", "PROPN", "PROPN", "PUNCT"]
    lemmas = ["los", "lobos", "operate", "in", "machala", "and", "fight", "los", "choneros", "."]
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


def _spans(doc: Doc) -> tuple[Span, Span, Span]:
    lobos = Span(doc, 0, 2, label="GROUP", kb_id=LOBOS)
    machala = Span(doc, 4, 5, label="PLACE", kb_id=MACHALA)
    choneros = Span(doc, 7, 9, label="GROUP", kb_id=CHONEROS)
    return lobos, machala, choneros


# ------------------------------------------------------------------------------- features
def test_path_features_describe_the_dependency_path_between_two_tokens() -> None:
    doc = _doc()
    features = path_features(doc[1], doc[4])  # Lobos <-nsubj- operates -prep-> in -pobj-> Machala
    assert features["path:len=3"] == 1.0
    assert features["path:up_a=1"] == 1.0 and features["path:up_b=2"] == 1.0
    assert features["path:top=VERB"] == 1.0
    assert {"path:dep=nsubj", "path:dep=prep", "path:dep=pobj"} <= set(features)
    assert features["path:prep=in"] == 1.0
    assert features["path:operate-verb"] == 1.0  # "operate" is an operate cue
    assert features["path:verbs=1"] == 1.0
    assert "path:dep=conj" not in features


def test_path_features_mark_a_token_under_the_other() -> None:
    doc = _doc()
    features = path_features(doc[3], doc[4])  # "in" governs "Machala"
    assert features["path:b-under-a"] == 1.0
    assert features["path:len=1"] == 1.0


def test_actor_place_candidates_pair_every_actor_with_every_place() -> None:
    doc = _doc()
    lobos, machala, choneros = _spans(doc)
    sent = doc[:]
    chosen = {(LOBOS, MACHALA): {"actor-place"}}
    candidates = actor_place_candidates(
        sent, 3, [lobos, choneros], [(machala, "located")], chosen, "EC"
    )
    assert [(c.keys, c.rule, c.sentence) for c in candidates] == [
        ((LOBOS, MACHALA), True, 3),
        ((CHONEROS, MACHALA), False, 3),
    ]
    mine, theirs = (c.features for c in candidates)
    assert mine["rule:chosen"] == 1.0 and mine["rule:method=actor-place"] == 1.0
    assert "rule:chosen" not in theirs
    assert mine["place:role=located"] == 1.0 and mine["place:prep=in"] == 1.0
    assert mine["order:actor-first"] == 1.0 and theirs["order:place-first"] == 1.0
    assert mine["gap:operate"] == 1.0  # "operates" between Los Lobos and Machala
    assert mine["place:type=city"] == 1.0 and "place:home-country" not in mine


def test_relationship_candidates_give_each_pair_both_kinds_with_their_cues() -> None:
    doc = _doc()
    lobos, _, choneros = _spans(doc)
    chosen = {("rivalry", CHONEROS, LOBOS)}
    candidates = relationship_candidates(doc[:], 0, [lobos, choneros], chosen)
    assert sorted((c.kind, c.keys, c.rule) for c in candidates) == [
        ("cooperation", (CHONEROS, LOBOS), False),
        ("rivalry", (CHONEROS, LOBOS), True),
    ]
    features = {c.kind: c.features for c in candidates}
    cooperation, rivalry = features["cooperation"], features["rivalry"]
    assert rivalry["cue:own=1"] == 1.0 and rivalry["gap:rivalry"] == 1.0  # "fights"
    assert cooperation["cue:own=0"] == 1.0 and cooperation["cue:opposite=1"] == 1.0
    assert cooperation["rule:other-kind"] == 1.0


def test_features_are_the_same_on_every_run() -> None:
    first = [c.features for c in actor_place_candidates(*_args())]
    second = [c.features for c in actor_place_candidates(*_args())]
    assert first == second and list(first[0]) == list(second[0])


def _args():
    doc = _doc()
    lobos, machala, choneros = _spans(doc)
    return doc[:], 0, [lobos, choneros], [(machala, "located")], {}, "EC"


# ---------------------------------------------------------------------------- stored weights
def test_a_linear_model_applies_its_weights_as_a_logistic_function() -> None:
    model = LinearModel(bias=-1.0, threshold=0.5, keep_threshold=0.2, weights={"a": 2.0, "b": -3})
    assert model.probability({}) == pytest.approx(1 / (1 + math.exp(1.0)))
    assert model.probability({"a": 1.0}) == pytest.approx(1 / (1 + math.exp(-1.0)))
    assert model.probability({"a": 1.0, "b": 1.0, "unknown": 5.0}) == pytest.approx(
        1 / (1 + math.exp(2.0))
    )
    assert model.probability({"a": 1000.0}) == 1.0 and model.probability({"b": 1000.0}) == 0.0
    assert model.decides(0.3, rule=True) and not model.decides(0.3, rule=False)
    assert model.decides(0.5, rule=False)


def test_a_model_judges_only_the_actors_it_names() -> None:
    model = LinearModel(bias=0, threshold=0.5, keep_threshold=0.5, weights={}, actors=("group/",))
    assert model.applies_to(LOBOS) and not model.applies_to("collective/EC/criminal-groups")
    assert LinearModel(bias=0, threshold=0.5, keep_threshold=0.5, weights={}).applies_to("x")


def test_the_stored_scorer_is_valid_and_names_its_training() -> None:
    scorer = load_scorer(ontology_path(SCORER_FILE))
    from kg.relation_kinds import relation_kinds

    assert set(scorer.models) == {"actor-place", *relation_kinds()}
    assert scorer.models, "the stored scorer holds no model"
    assert "leave-one-document-out" in scorer.trained
    assert claim_scorer() == scorer


def test_a_model_is_active_only_where_every_switch_lets_it() -> None:
    on = _model()
    assert ClaimScorer(version=1, enabled=True, models={"rivalry": on}).active("rivalry") is on
    assert ClaimScorer(version=1, enabled=False, models={"rivalry": on}).active("rivalry") is None
    off = on.model_copy(update={"enabled": False})
    assert ClaimScorer(version=1, enabled=True, models={"rivalry": off}).active("rivalry") is None
    assert ClaimScorer(version=1, enabled=True).active("rivalry") is None
    scorer = ClaimScorer(version=1, enabled=True, models={"rivalry": on})
    assert scorer.active("rivalry", profile=True) is None  # learned from plain texts
    anywhere = on.model_copy(update={"profiles": True})
    scorer = ClaimScorer(version=1, enabled=True, models={"rivalry": anywhere})
    assert scorer.active("rivalry", profile=True) is anywhere


def test_applying_the_stored_scorer_needs_no_scikit_learn() -> None:
    code = (
        "import sys; sys.modules['sklearn'] = None\n"
        "from kg.nlp.scorer import claim_scorer\n"
        "import kg.nlp.relations\n"
        "model = next(iter(claim_scorer().models.values()))\n"
        "print(0.0 < model.probability({'rule:chosen': 1.0}) < 1.0)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        ("{not json", "Expecting property name"),
        ('{"version": 1}', "enabled: Field required"),
        ('{"version": 2, "enabled": true}', "version"),
        (
            '{"version": 1, "enabled": true, "models": {"Route!": {"bias": 0, "threshold": 0.5,'
            ' "keep_threshold": 0.5, "weights": {}}}}',
            "'Route!' is not a claim kind's name",
        ),
        (
            '{"version": 1, "enabled": true, "models": {"rivalry": {"bias": 0, "threshold": 0.5,'
            ' "keep_threshold": 0.5, "weights": {"a": "x"}}}}',
            "models.rivalry.weights.a",
        ),
        (
            '{"version": 1, "enabled": true, "models": {"rivalry": {"bias": 0, "threshold": 2,'
            ' "keep_threshold": 0.5, "weights": {}}}}',
            "models.rivalry.threshold",
        ),
        (
            '{"version": 1, "enabled": true, "models": {"rivalry": {"bias": 0, "threshold": 0.5,'
            ' "keep_threshold": 0.5, "weights": {"a": Infinity}}}}',
            "not a finite number",
        ),
        ('{"version": 1, "enabled": true, "extra": 1}', "extra: Extra inputs"),
    ],
)
def test_a_malformed_scorer_file_is_a_coded_error_naming_it(
    tmp_path: Path, content: str, detail: str
) -> None:
    path = tmp_path / "claim_scorer.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(OckgError) as raised:
        load_scorer(path)
    assert raised.value.code is Code.E301
    assert str(path) in str(raised.value) and detail in str(raised.value)


def test_a_missing_or_binary_scorer_file_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(OckgError) as missing:
        load_scorer(tmp_path / "absent.json")
    assert missing.value.code is Code.E301
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(OckgError) as raised:
        load_scorer(binary)
    assert raised.value.code is Code.E301 and "binary.json" in str(raised.value)


# ---------------------------------------------------------------------------- the hook
TEXT = "Los Lobos runs extortion rackets in Machala, while Los Choneros fights Los Lobos."


@pytest.fixture(scope="module")
def text_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scorer") / "ecuador.txt"
    path.write_text(TEXT + "\n", encoding="utf-8")
    return path


def _extraction(path: Path, scorer: ClaimScorer, monkeypatch: pytest.MonkeyPatch):
    from kg.contribution import extraction_of

    monkeypatch.setattr("kg.nlp.scorer.claim_scorer", lambda: scorer)
    return extraction_of(path, country="EC")


def _model(**weights: float) -> LinearModel:
    return LinearModel(bias=0.0, threshold=0.5, keep_threshold=0.5, weights=weights)


def test_switched_off_the_rules_alone_decide(
    text_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    models = {"actor-place": _model(**{"bias:actor-place": -50.0})}
    rules = _extraction(text_path, ClaimScorer(version=1, enabled=False), monkeypatch)
    off = _extraction(text_path, ClaimScorer(version=1, enabled=False, models=models), monkeypatch)
    assert off == rules
    assert (LOBOS, MACHALA) in {(p.actor, p.place) for p in rules.presences}
    assert all(p.method != "scorer" for p in rules.presences)


def test_switched_on_a_model_drops_and_adds_pairs(
    text_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reject = ClaimScorer(
        version=1, enabled=True, models={"actor-place": _model(**{"bias:actor-place": -50.0})}
    )
    dropped = _extraction(text_path, reject, monkeypatch)
    assert not [p for p in dropped.presences if p.actor and p.place]
    # the market stays with its actor when the place goes
    assert (LOBOS, "market/extortion-and-protection-racketeering") in {
        (p.actor, p.market) for p in dropped.presences
    }
    accept = ClaimScorer(
        version=1, enabled=True, models={"actor-place": _model(**{"bias:actor-place": 50.0})}
    )
    added = _extraction(text_path, accept, monkeypatch)
    pairs = {(p.actor, p.place): p for p in added.presences if p.actor and p.place}
    assert (CHONEROS, MACHALA) in pairs and pairs[CHONEROS, MACHALA].method == "scorer"
    assert pairs[CHONEROS, MACHALA].confidence == 1.0


def test_switched_on_relationship_models_decide_their_kind(
    text_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = _extraction(text_path, ClaimScorer(version=1, enabled=False), monkeypatch)
    assert ("rivalry", CHONEROS, LOBOS) in {(r.kind, *r.actors) for r in rules.relationships}
    models = {
        "rivalry": _model(**{"bias:rivalry": -50.0}),
        "cooperation": _model(**{"bias:cooperation": 50.0}),
    }
    scored = _extraction(
        text_path, ClaimScorer(version=1, enabled=True, models=models), monkeypatch
    )
    assert {(r.kind, *r.actors) for r in scored.relationships} == {("cooperation", CHONEROS, LOBOS)}


def test_collecting_records_each_candidate_with_its_sentence(text_path: Path) -> None:
    from kg.contribution import extraction_of

    with collecting() as sink:
        extraction = extraction_of(text_path, country="EC")
    assert {text for text, _ in sink} == {TEXT}
    ruled = {c.keys for _, c in sink if c.kind == "actor-place" and c.rule}
    assert ruled == {(p.actor, p.place) for p in extraction.presences if p.actor and p.place}
    kinds = {c.kind for _, c in sink}
    assert kinds == {"actor-place", "cooperation", "rivalry"}


# ---------------------------------------------------------------------------- training
def _trainer():
    pytest.importorskip("sklearn", reason="training needs the train extra (scikit-learn)")
    path = ROOT / "benchmarks" / "train_claim_scorer.py"
    spec = importlib.util.spec_from_file_location("train_claim_scorer", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module  # its dataclasses resolve their annotations there
    spec.loader.exec_module(module)
    return module


def test_training_is_deterministic_and_its_weights_reproduce_sklearn() -> None:
    trainer = _trainer()
    instances, docs = [], {}
    for d in range(8):
        name = f"doc{d}"
        docs[name] = {"gold": {"rivalry": [["a", f"b{d}"]]}, "rules": {}}
        for n in range(6):
            true = n == 0
            features = {"bias:rivalry": 1.0, "cue:own=1" if true or n == 5 else "cue:own=0": 1.0}
            keys = ("a", f"b{d}") if true else ("a", f"c{d}{n}")
            instances.append(trainer.Instance(name, "rivalry", keys, n, False, true, features))
    first, c = trainer.export("rivalry", instances, docs)
    second, _ = trainer.export("rivalry", instances, docs)
    assert json.dumps(first) == json.dumps(second)
    model = LinearModel.model_validate(first)
    vectorizer, fitted = trainer._fit(instances, c)
    expected = fitted.predict_proba(vectorizer.transform([instances[0].features]))[0, 1]
    assert model.probability(instances[0].features) == pytest.approx(expected, abs=1e-5)
    assert model.probability(instances[0].features) > model.probability(instances[1].features)
