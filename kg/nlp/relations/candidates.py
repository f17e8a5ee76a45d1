"""Claim candidates and their features, for the learned claim scorer (``kg.nlp.scorer``).

The rules decide which actor–place pairs and which actor pairs a sentence states. Here every
pair a sentence could state is a **candidate**: each actor (named, or an anaphor standing for
one) with each place of its sentence, each two actors of a sentence with each relationship kind.
A candidate's **features** describe the pair in the parse (the dependency path between the two
spans, its length, labels and verbs; the token distance; cue words between; the place's role;
whether the rules chose the pair) as a ``{name: value}`` mapping, which the stored model of
``ontology/claim_scorer.json`` weighs.

:func:`rescore` is the one hook of the claim rules: with the scorer switched off in its data
and nobody collecting candidates, it returns the rules' claims untouched.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.models import Presence, Relationship
from kg.nlp.relations.cues import _cues, _phrases
from kg.nlp.relations.roles import _in_subtree, _owner
from kg.nlp.relations.stance import _claim_fields, _Stance

if TYPE_CHECKING:
    from kg.nlp.scorer import LinearModel

__all__ = [
    "Candidate",
    "actor_place_candidates",
    "collecting",
    "path_features",
    "relationship_candidates",
    "rescore",
]

_PATH_LABELS = {
    "prep", "pobj", "relcl", "acl", "advcl", "conj", "appos", "poss", "compound", "nsubj",
    "nsubjpass", "dobj", "ccomp", "xcomp", "amod", "npadvmod", "attr", "pcomp", "agent",
}  # fmt: skip
_PREPOSITIONS = {
    "in", "across", "throughout", "within", "near", "around", "at", "on", "inside", "along",
    "from", "to", "into", "through", "via", "for", "of", "with", "between", "against", "by",
    "among", "towards", "toward", "beyond", "outside", "over",
}  # fmt: skip


def _relation_kinds() -> tuple[str, ...]:
    return tuple(kind for kind, _ in _cues().relation_kinds)


@dataclass(frozen=True)
class Candidate:
    """A pair a sentence could state, with its features.

    ``kind`` is ``actor-place`` or a relationship kind; ``keys`` the entity keys (an actor and
    a place, or two actors sorted); ``rule`` whether the rules chose it in this sentence.
    """

    kind: str
    keys: tuple[str, str]
    sentence: int
    rule: bool
    features: dict[str, float]


_SINK: ContextVar[list[tuple[str, Candidate]] | None] = ContextVar("ockg_candidates", default=None)


@contextmanager
def collecting() -> Iterator[list[tuple[str, Candidate]]]:
    """Collect every candidate the claim rules meet, with its sentence's text (for training)."""
    sink: list[tuple[str, Candidate]] = []
    token = _SINK.set(sink)
    try:
        yield sink
    finally:
        _SINK.reset(token)


# ---------------------------------------------------------------------------- features


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    """``value`` as the first edge it does not exceed (``"9+"`` beyond the last)."""
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f"{edges[-1] + 1}+"


def _chain(token: Token) -> list[Token]:
    """A token and its ancestors, up to the sentence root."""
    return [token, *token.ancestors]


def path_features(a: Token, b: Token, prefix: str = "path") -> dict[str, float]:
    """The dependency path between two tokens: its length up each side, the labels and the
    parts of speech it passes, the words of its prepositions and the common ancestor's kind."""
    up_a, up_b = _chain(a), _chain(b)
    on_b = {t.i: n for n, t in enumerate(up_b)}
    top = next((n for n, t in enumerate(up_a) if t.i in on_b), None)
    if top is None:  # different sentences' trees: no path
        return {f"{prefix}:none": 1.0}
    side_a, side_b = up_a[:top], up_b[: on_b[up_a[top].i]]
    common = up_a[top]
    out: dict[str, float] = {
        f"{prefix}:len={_bucket(len(side_a) + len(side_b), (1, 2, 3, 4, 6, 8))}": 1.0,
        f"{prefix}:up_a={_bucket(len(side_a), (0, 1, 2, 3, 5))}": 1.0,
        f"{prefix}:up_b={_bucket(len(side_b), (0, 1, 2, 3, 5))}": 1.0,
        f"{prefix}:top={common.pos_}": 1.0,
    }
    verbs = 0
    for token in [*side_a, *side_b]:
        if token.dep_ in _PATH_LABELS:
            out[f"{prefix}:dep={token.dep_}"] = 1.0
        if token.pos_ in {"VERB", "AUX"}:
            verbs += 1
    for token in [*side_a[1:], *side_b[1:], common]:
        if token.pos_ == "ADP" and token.lower_ in _PREPOSITIONS:
            out[f"{prefix}:prep={token.lower_}"] = 1.0
    if common.pos_ in {"VERB", "AUX"}:
        verbs += 1
        if common.lemma_.lower() in _cues().operate:
            out[f"{prefix}:operate-verb"] = 1.0
    out[f"{prefix}:verbs={_bucket(verbs, (0, 1, 2))}"] = 1.0
    if common.i == a.i:
        out[f"{prefix}:b-under-a"] = 1.0
    if common.i == b.i:
        out[f"{prefix}:a-under-b"] = 1.0
    return out


def _actor_kind(actor: Span) -> str:
    if actor.label_ == "ANAPHOR":
        return "anaphor"
    return "group" if actor.kb_id_.startswith("group/") else "collective"


def _place_type(key: str) -> str:
    parts = key.split("/")
    return parts[1] if len(parts) > 2 else "other"


def _between(sent: Span, first: Span, second: Span) -> Span:
    start, end = sorted((first, second), key=lambda s: s.start)
    return sent.doc[min(start.end, end.start) : end.start]


def _governing_preposition(place: Span) -> str:
    token = place.root
    for _ in range(4):
        if token.dep_ == "pobj":
            word = token.head.lower_
            return word if word in _PREPOSITIONS else "other"
        if token.dep_ not in {"conj", "appos", "compound"} or token.head == token:
            break
        token = token.head
    return "none"


def _word_features(gap: Span, prefix: str) -> dict[str, float]:
    """Cue words in the stretch between two spans."""
    cues = _cues()
    lemmas = {t.lemma_.lower() for t in gap} | {t.lower_ for t in gap}
    out: dict[str, float] = {}
    for name, words in (
        ("operate", cues.operate),
        ("movement", cues.movement),
        *cues.relation_kinds,
    ):
        if lemmas & words:
            out[f"{prefix}:{name}"] = 1.0
    if any(t.lower_ in {";", ":"} for t in gap):
        out[f"{prefix}:clause-break"] = 1.0
    if any(t.lower_ in {"while", "whereas", "but", "although", "however"} for t in gap):
        out[f"{prefix}:contrast"] = 1.0
    if any(t.lower_ in {"(", ")"} for t in gap):
        out[f"{prefix}:parenthesis"] = 1.0
    if any(t.lower_ in {"which", "who", "where", "that", "whose"} for t in gap):
        out[f"{prefix}:relative"] = 1.0
    return out


def _sentence_features(sent: Span, index: int, actors: list[Span], places: int) -> dict[str, float]:
    return {
        f"sent:actors={_bucket(len({a.kb_id_ for a in actors}), (1, 2, 3, 4))}": 1.0,
        f"sent:places={_bucket(places, (1, 2, 3, 5))}": 1.0,
        f"sent:index={_bucket(index, (0, 1, 3))}": 1.0,
        f"sent:length={_bucket(len(sent), (10, 20, 35, 50))}": 1.0,
    }


def _actor_place_features(
    sent: Span,
    index: int,
    actor: Span,
    place: Span,
    role: str | None,
    actors: list[Span],
    places: list[tuple[Span, str | None]],
    country: str | None,
) -> dict[str, float]:
    gap = _between(sent, actor, place)
    others = [a for a in actors if a is not actor and gap.start <= a.start and a.end <= gap.end]
    out: dict[str, float] = {
        "bias:actor-place": 1.0,
        f"actor:{_actor_kind(actor)}": 1.0,
        f"place:type={_place_type(place.kb_id_)}": 1.0,
        f"place:role={role or 'none'}": 1.0,
        f"place:prep={_governing_preposition(place)}": 1.0,
        f"gap:tokens={_bucket(len(gap), (0, 2, 5, 10, 20))}": 1.0,
        f"gap:actors={_bucket(len(others), (0, 1))}": 1.0,
        "order:place-first" if place.start < actor.start else "order:actor-first": 1.0,
        **_sentence_features(sent, index, actors, len(places)),
        **path_features(actor.root, place.root),
        **_word_features(gap, "gap"),
    }
    if country is not None and place.kb_id_ == f"place/country/{country}":
        out["place:home-country"] = 1.0
    if _in_subtree(place, actor.root):
        out["place:in-actor-phrase"] = 1.0
    if _owner(actor.root).i == _owner(place.root).i:
        out["clause:same"] = 1.0
    if place.label_ == "HOME":
        out["place:the-country"] = 1.0
    return out


def _relation_features(
    sent: Span, index: int, a: Span, b: Span, kind: str, actors: list[Span]
) -> dict[str, float]:
    kinds = dict(_cues().relation_kinds)
    words = kinds[kind]
    other = frozenset().union(*(w for k, w in kinds.items() if k != kind))
    first, second = sorted((a, b), key=lambda s: s.start)
    gap = _between(sent, first, second)
    own = [i for i, _ in _phrases(sent, words)]
    opposite = [i for i, _ in _phrases(sent, other)]
    inside = [i for i in own if gap.start <= i < gap.end]
    gap_words = {t.lower_ for t in gap}
    out: dict[str, float] = {
        f"bias:{kind}": 1.0,
        f"pair:{'-'.join(sorted((_actor_kind(a), _actor_kind(b))))}": 1.0,
        f"gap:tokens={_bucket(len(gap), (0, 2, 5, 10, 20))}": 1.0,
        f"cue:own={_bucket(len(own), (0, 1, 2))}": 1.0,
        f"cue:opposite={_bucket(len(opposite), (0, 1))}": 1.0,
        f"cue:own-between={_bucket(len(inside), (0, 1))}": 1.0,
        **_sentence_features(sent, index, actors, 0),
        **path_features(first.root, second.root),
        **_word_features(gap, "gap"),
    }
    if own and opposite:
        out["cue:both-kinds"] = 1.0
    if own and not inside:
        nearest = min(abs(i - first.start) for i in own)
        out[f"cue:own-outside-dist={_bucket(nearest, (2, 5, 10))}"] = 1.0
    if gap_words and gap_words <= {",", "and", "or", "the", "&"}:
        out["gap:coordinated"] = 1.0
    before = sent.doc[sent.start : first.start]
    if (gap_words | {t.lower_ for t in before}) & {"between", "among", "amongst"}:
        out["sent:between"] = 1.0
    if "against" in gap_words:
        out["gap:against"] = 1.0
    if "with" in gap_words:
        out["gap:with"] = 1.0
    if _in_subtree(second, first.root) or _in_subtree(first, second.root):
        out["pair:nested"] = 1.0
    return out


# ---------------------------------------------------------------------------- candidates


def actor_place_candidates(
    sent: Span,
    index: int,
    actors: list[Span],
    places: list[tuple[Span, str | None]],
    chosen: dict[tuple[str, str], set[str]],
    country: str | None,
) -> list[Candidate]:
    """Every actor with every place of its sentence (by span; one key pair may recur).

    ``chosen`` maps the pairs the rules claim to the methods that claimed them."""
    out = []
    for actor in actors:
        for place, role in places:
            if not actor.kb_id_ or not place.kb_id_:
                continue
            if place.start < actor.end and actor.start < place.end:
                continue  # a place inside the actor's own name
            keys = (actor.kb_id_, place.kb_id_)
            features = _actor_place_features(
                sent, index, actor, place, role, actors, places, country
            )
            rule = keys in chosen
            if rule:
                features["rule:chosen"] = 1.0
                features[f"rule:chosen&role={role or 'none'}"] = 1.0
                for method in chosen[keys]:
                    features[f"rule:method={method}"] = 1.0
            out.append(Candidate("actor-place", keys, index, rule, features))
    return out


def relationship_candidates(
    sent: Span, index: int, actors: list[Span], chosen: set[tuple[str, str, str]]
) -> list[Candidate]:
    """Every two actors of a sentence (different entities) with each relation kind of
    ``ontology/relation_kinds.yaml``."""
    out = []
    for i, a in enumerate(actors):
        for b in actors[i + 1 :]:
            if a.kb_id_ == b.kb_id_ or not a.kb_id_ or not b.kb_id_:
                continue
            first, second = sorted((a.kb_id_, b.kb_id_))
            for kind in _relation_kinds():
                features = _relation_features(sent, index, a, b, kind, actors)
                rule = (kind, first, second) in chosen
                if rule:
                    features["rule:chosen"] = 1.0
                if any((k, first, second) in chosen for k in _relation_kinds() if k != kind):
                    features["rule:other-kind"] = 1.0
                out.append(Candidate(kind, (first, second), index, rule, features))
    return out


# ---------------------------------------------------------------------------- the hook


def _best(candidates: list[Candidate], model_of) -> dict[tuple[str, str, str], tuple[float, bool]]:
    """Per (kind, keys) of a sentence's candidates: the highest probability and whether the
    rules chose the pair."""
    out: dict[tuple[str, str, str], tuple[float, bool]] = {}
    for candidate in candidates:
        key = (candidate.kind, *candidate.keys)
        probability = model_of(candidate.kind).probability(candidate.features)
        old = out.get(key, (0.0, False))
        out[key] = (max(old[0], probability), old[1] or candidate.rule)
    return out


def rescore(
    sent: Span,
    index: int,
    actors: list[Span],
    places: list[tuple[Span, str | None]],
    presences: list[Presence],
    relationships: list[Relationship],
    country: str | None,
    stance: _Stance,
    profile: bool = False,
) -> tuple[list[Presence], list[Relationship]]:
    """The claim rules' one hook: the sentence's presences and relationships as the stored
    scorer's active models decide them (the rules' own where none is active; ``profile``: the
    sentence is in a profile's section)."""
    from kg.nlp.scorer import claim_scorer

    sink = _SINK.get()
    scorer = claim_scorer()
    place_model = scorer.active("actor-place", profile=profile)
    relation_models = {
        k: m for k in _relation_kinds() if (m := scorer.active(k, profile=profile)) is not None
    }
    located: list[Candidate] = []
    related: list[Candidate] = []
    if sink is not None or place_model is not None:
        pairs: dict[tuple[str, str], set[str]] = {}
        for p in presences:
            if p.actor and p.place:
                pairs.setdefault((p.actor, p.place), set()).add(p.method)
        located = actor_place_candidates(sent, index, actors, places, pairs, country)
    if sink is not None or relation_models:
        kinds: set[tuple[str, str, str]] = {(r.kind, *r.actors) for r in relationships}
        related = relationship_candidates(sent, index, actors, kinds)
    if sink is not None:
        sink.extend((sent.text, c) for c in [*located, *related])
    if place_model is not None:
        presences = _rescored_presences(index, located, presences, place_model, stance)
    if relation_models:
        relationships = _rescored_relationships(
            index, related, relationships, relation_models, stance
        )
    return presences, relationships


def _rescored_presences(
    index: int,
    candidates: list[Candidate],
    presences: list[Presence],
    model: LinearModel,
    stance: _Stance,
) -> list[Presence]:
    """A sentence's presences with the pairs the model rejects dropped (an actor–market–place
    presence keeps its actor and market) and those it accepts added as actor–place presences."""
    judged = [c for c in candidates if model.applies_to(c.keys[0])]
    best = {(a, p): v for (_, a, p), v in _best(judged, lambda _: model).items()}
    kept = {key for key, (probability, rule) in best.items() if model.decides(probability, rule)}
    out: list[Presence] = []
    for presence in presences:
        key = (presence.actor, presence.place)
        if key in best and key not in kept:
            if presence.market:
                out.append(presence.model_copy(update={"place": None}))
            continue
        out.append(presence)
    have = {(p.actor, p.place) for p in out}
    for actor, place in sorted(kept - have):
        fields = _claim_fields(round(best[actor, place][0], 2), stance)
        out.append(Presence(sentence=index, method="scorer", actor=actor, place=place, **fields))
    return list(dict.fromkeys(out))


def _rescored_relationships(
    index: int,
    candidates: list[Candidate],
    relationships: list[Relationship],
    models: dict[str, LinearModel],
    stance: _Stance,
) -> list[Relationship]:
    """A sentence's relationships as the models of their kinds decide them (a kind without
    an active model keeps the rules' claims)."""
    judged = [c for c in candidates if c.kind in models]
    best = _best(judged, models.__getitem__)
    kept = {key for key, (p, rule) in best.items() if models[key[0]].decides(p, rule)}
    out = [
        r for r in relationships if (r.kind, *r.actors) not in best or (r.kind, *r.actors) in kept
    ]
    have = {(r.kind, *r.actors) for r in out}
    for kind, a, b in sorted(kept - have):
        fields = _claim_fields(round(best[kind, a, b][0], 2), stance)
        out.append(
            Relationship(sentence=index, method="scorer", kind=kind, actors=(a, b), **fields)
        )
    return out
