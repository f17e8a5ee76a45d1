"""The learned claim scorer: stored logistic models over claim candidates, applied in pure Python.

``ontology/claim_scorer.json`` holds one linear model per claim kind (``actor-place``, and each
relation kind of ``ontology/relation_kinds.yaml``): a bias, a weight per feature of
``kg.nlp.relations.candidates`` and decision thresholds on the probability. ``enabled``
switches the whole scorer: off, the claim rules alone decide (and no candidate is built); a
kind without a model is always left to the rules. The file is written by
``benchmarks/train_claim_scorer.py``; scikit-learn is needed to train, never to apply.

A malformed file stops with ``E301`` naming it; a missing file is a scorer switched off.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kg.errors import Code, OckgError
from kg.resources import ontology_path

__all__ = [
    "SCORER_FILE",
    "ClaimScorer",
    "LinearModel",
    "claim_scorer",
    "load_scorer",
]

SCORER_FILE = "claim_scorer.json"
_KIND_NAME = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*")
MAX_SCORER_BYTES = 4 * 1024 * 1024


class LinearModel(BaseModel):
    """A logistic model: ``p = 1 / (1 + exp(-(bias + sum(weight[f] * value[f]))))``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    bias: float
    threshold: float = Field(ge=0.0, le=1.01)
    """The probability from which a candidate the rules left out becomes a claim (above 1:
    the model adds nothing)."""
    keep_threshold: float = Field(ge=0.0, le=1.01)
    """The probability below which a claim the rules made is dropped (0: none is dropped)."""
    weights: dict[str, float]
    actors: tuple[str, ...] = ()
    """Key prefixes of the actors the model judges (``group/``); empty: every actor."""
    enabled: bool = True
    """This kind's switch (under the scorer's own): off, the rules alone decide the kind."""
    profiles: bool = False
    """Whether the model also judges a profile's sections (off: a model learned from plain
    texts leaves a profile page to the rules)."""

    @field_validator("bias")
    @classmethod
    def _finite_bias(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("bias is not a finite number")
        return value

    @field_validator("weights")
    @classmethod
    def _finite_weights(cls, value: dict[str, float]) -> dict[str, float]:
        bad = sorted(k for k, w in value.items() if not math.isfinite(w))
        if bad:
            raise ValueError(f"weight of {bad[0]!r} is not a finite number")
        return value

    def applies_to(self, actor: str) -> bool:
        """Whether this model judges claims of the actor with key ``actor``."""
        return not self.actors or actor.startswith(self.actors)

    def decides(self, probability: float, rule: bool) -> bool:
        """Whether a candidate with this probability is claimed (``rule``: the rules chose it)."""
        return probability >= (self.keep_threshold if rule else self.threshold)

    def probability(self, features: Mapping[str, float]) -> float:
        """The model's probability that a candidate with these features is a true claim."""
        total = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        if total >= 0:
            return 1.0 / (1.0 + math.exp(-total))
        e = math.exp(total)
        return e / (1.0 + e)


class ClaimScorer(BaseModel):
    """The stored scorer: the switch, one model per claim kind, and how it was trained."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int = Field(ge=1, le=1)
    enabled: bool
    models: dict[str, LinearModel] = {}
    trained: dict[str, object] = {}
    """How the models were trained and cross-validated (informative, not read by ockg)."""

    @field_validator("models")
    @classmethod
    def _kind_names(cls, value: dict[str, LinearModel]) -> dict[str, LinearModel]:
        """Kinds are ``actor-place`` or relation kinds' names; a model of a kind the registry
        no longer has is never asked for (removing a kind touches the registry alone)."""
        bad = sorted(k for k in value if not _KIND_NAME.fullmatch(k))
        if bad:
            raise ValueError(f"{bad[0]!r} is not a claim kind's name (lower-case words and '-')")
        return value

    def active(self, kind: str, *, profile: bool = False) -> LinearModel | None:
        """The model that decides claims of ``kind`` (in a profile's section if ``profile``),
        or None where the rules alone do."""
        model = self.models.get(kind)
        if not self.enabled or model is None or not model.enabled:
            return None
        return model if model.profiles or not profile else None


def load_scorer(path: str | Path) -> ClaimScorer:
    """Read and validate a stored scorer; ``E301`` naming the file if it is malformed."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_SCORER_BYTES:
            raise OckgError(Code.E301, f"over {MAX_SCORER_BYTES:,} bytes", path=path)
        data = json.loads(path.read_text(encoding="utf-8"))
        return ClaimScorer.model_validate(data)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise OckgError(Code.E301, str(error).splitlines()[0], path=path) from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "top level"
        raise OckgError(Code.E301, f"{where}: {first['msg']}", path=path) from None


@cache
def claim_scorer() -> ClaimScorer:
    """The scorer of the ontology folder (cached), switched off when the file is absent."""
    path = ontology_path(SCORER_FILE)
    if not path.is_file():
        return ClaimScorer(version=1, enabled=False)
    return load_scorer(path)
