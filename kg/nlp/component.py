"""What ockg's spaCy components share: settings, the lexicon they hold, saving, scoring.

Each component (``ockg_actors``, ``ockg_places``, ``ockg_markets``) is a
:class:`LexiconComponent`:

- **settings** (its factory's ``default_config``): ``span_key`` (the span group it writes,
  ``"ockg"``), ``lexicon`` (a folder of lexicon YAML files, or None for ockg's own
  ``ontology/``), its confidences and thresholds, and ``scorer``. A bad value raises
  ``E230`` naming the component and the setting.
- **lexicon**: ``initialize(get_examples, nlp=...)`` reads the configured lexicon into a
  :class:`~kg.resources.LexiconBundle` and compiles the component's tables from it; a
  component used without ``initialize`` does so on its first doc. While it runs, the
  component makes its bundle the process's lexicon (:func:`kg.resources.use_lexicon`), so the
  module-level cached tables the matching functions read are those of its bundle.
- **saving**: ``to_disk`` writes the bundle's files into ``<component folder>/lexicon/``,
  ``from_disk`` reads them back and compiles from them (never from ockg's own files);
  ``to_bytes``/``from_bytes`` do the same in memory. So ``nlp.to_disk`` and ``spacy.load``
  carry the lexicon with the pipeline, and editing the saved files changes what it finds.
- **scoring**: ``score`` (the ``ockg.spans_scorer.v1`` scorer) gives ``nlp.evaluate``
  spaCy's span scores of the span group (``spans_ockg_p/r/f``, ``spans_ockg_per_type``) and
  the linking scores of the spans found at a gold span's place
  (``spans_ockg_links_p/r/f``: is its ``kb_id_`` the gold one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.scorer import PRFScore, Scorer
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry

from kg.errors import Code, OckgError
from kg.nlp.spans import SPAN_GROUP, ensure_extensions, use_span_key
from kg.resources import LexiconBundle, default_lexicon, use_lexicon

__all__ = [
    "LEXICON_FOLDER",
    "SCORER",
    "LexiconComponent",
    "check_confidence",
    "make_spans_scorer",
    "score_ockg_spans",
    "score_weights",
    "setting_error",
]

LEXICON_FOLDER = "lexicon"
"""Where a saved component keeps its lexicon files, inside its own folder."""

SCORER = {"@scorers": "ockg.spans_scorer.v1"}
"""The ``scorer`` entry of each component's ``default_config``."""

Scorer_ = Callable[..., dict[str, Any]]


def setting_error(component: str, detail: str) -> OckgError:
    """E230 for a bad setting of ``component``."""
    return OckgError(Code.E230, detail, path=component)


def check_confidence(component: str, setting: str, value: object) -> float:
    """``value`` if it is a number from 0 to 1, else E230."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise setting_error(component, f"{setting} must be a number from 0 to 1, not {value!r}")
    return float(value)


def _check_span_key(component: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise setting_error(component, f"span_key must be a non-empty string, not {value!r}")
    return value


def _check_lexicon(component: str, value: object) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, str | Path) or not str(value).strip():
        raise setting_error(component, f"lexicon must be a folder or null, not {value!r}")
    return Path(value)  # read by initialize: a saved pipeline loads its own copy instead


def score_weights(key: str = SPAN_GROUP) -> dict[str, float | None]:
    """The ``default_score_weights`` of each component (one set for the shared span group)."""
    return {
        f"spans_{key}_f": 1.0,
        f"spans_{key}_p": 0.0,
        f"spans_{key}_r": 0.0,
        f"spans_{key}_links_f": 0.0,
    }


class LexiconComponent:
    """Base of ockg's components: settings, the lexicon bundle, serialisation and scoring.

    Subclasses implement ``compile`` (build their tables from the lexicon now in use) and
    ``annotate`` (record mentions in a doc with :func:`kg.nlp.spans.add_mention`).
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        span_key: str = SPAN_GROUP,
        lexicon: str | Path | None = None,
        scorer: Scorer_ | None = None,
    ) -> None:
        ensure_extensions()
        self.name = name
        self.span_key = _check_span_key(name, span_key)
        self.lexicon = _check_lexicon(name, lexicon)
        self.scorer = scorer
        self.make_doc = nlp.make_doc
        self.bundle: LexiconBundle | None = None

    # -- the lexicon --

    def compile(self) -> None:
        """Build the component's tables from the lexicon in use (subclasses)."""
        raise NotImplementedError

    def annotate(self, doc: Doc) -> None:
        """Record the component's mentions in ``doc`` (subclasses)."""
        raise NotImplementedError

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]] | None = None,
        *,
        nlp: Language | None = None,
    ) -> None:
        """Read the configured lexicon (``lexicon``, else ockg's own) and compile from it."""
        self.load(self._configured_lexicon())

    def _configured_lexicon(self) -> LexiconBundle:
        if self.lexicon is None:
            return default_lexicon()
        return _read_bundle(self.name, self.lexicon)

    def load(self, bundle: LexiconBundle) -> None:
        """Make ``bundle`` this component's lexicon and compile its tables from it."""
        use_lexicon(bundle)
        self.compile()
        self.bundle = bundle

    def ready(self) -> LexiconBundle:
        """The component's bundle, now the process's lexicon (initialised on first use)."""
        if self.bundle is None:
            self.initialize()
        assert self.bundle is not None
        use_lexicon(self.bundle)
        return self.bundle

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        use_span_key(doc, self.span_key)
        self.annotate(doc)
        if self.span_key not in doc.spans:
            doc.spans[self.span_key] = []
        return doc

    # -- saving --

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the lexicon files into ``path/lexicon``."""
        self.ready().to_folder(Path(path) / LEXICON_FOLDER)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> LexiconComponent:
        """Read the lexicon saved in ``path/lexicon`` and compile from it."""
        self.load(_read_bundle(self.name, Path(path) / LEXICON_FOLDER))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """The lexicon files as bytes."""
        return srsly.msgpack_dumps({"lexicon": self.ready().to_dict()})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> LexiconComponent:
        """Read the lexicon from ``to_bytes`` output and compile from it."""
        try:
            texts = dict(srsly.msgpack_loads(data)["lexicon"])
            bundle = LexiconBundle(texts, source=f"{self.name} bytes")
        except (KeyError, TypeError, ValueError) as error:
            raise OckgError(Code.E231, f"not a saved lexicon: {error}", path=self.name) from None
        self.load(bundle)
        return self

    # -- scoring --

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Span and link scores of the span group (see :func:`score_ockg_spans`)."""
        scorer = self.scorer or score_ockg_spans
        return scorer(examples, span_key=self.span_key, **kwargs)


def _read_bundle(component: str, folder: Path) -> LexiconBundle:
    try:
        return LexiconBundle.from_folder(folder)
    except (OSError, ValueError) as error:
        raise OckgError(Code.E231, str(error), path=component) from None


# --- scoring -------------------------------------------------------------------------------------


def score_ockg_spans(
    examples: Iterable[Example], *, span_key: str = SPAN_GROUP, **kwargs: Any
) -> dict[str, Any]:
    """spaCy's span scores of the group ``span_key`` (``spans_KEY_p/r/f/per_type``) and its
    link scores (``spans_KEY_links_p/r/f``): of the predicted spans at the place and label of
    a gold span, how many carry the gold ``kb_id_`` (None where no span lines up)."""
    examples = list(examples)
    attr = f"spans_{span_key}"
    scores = Scorer.score_spans(
        examples,
        attr,
        getter=lambda doc, _: doc.spans.get(span_key, []),
        has_annotation=lambda doc: span_key in doc.spans,
        allow_overlap=True,
    )
    links = PRFScore()
    aligned = False
    for example in examples:
        if span_key not in example.reference.spans:
            continue
        gold = _links(example.reference, span_key)
        found = _links(example.predicted, span_key)
        for place, keys in found.items():
            wanted = gold.get(place)
            if wanted is None:
                continue  # a spurious span: counted by the span scores, not here
            aligned = True
            links.tp += len(keys & wanted)
            links.fp += len(keys - wanted)
            links.fn += len(wanted - keys)
    for name, value in (("p", links.precision), ("r", links.recall), ("f", links.fscore)):
        scores[f"{attr}_links_{name}"] = value if aligned else None
    return scores


def _links(doc: Doc, span_key: str) -> dict[tuple[int, int, str], set[str]]:
    """(start char, end char, label) -> the kb ids of the spans there."""
    found: dict[tuple[int, int, str], set[str]] = {}
    for span in doc.spans.get(span_key, []):
        found.setdefault((span.start_char, span.end_char, span.label_), set()).add(span.kb_id_)
    return found


@registry.scorers("ockg.spans_scorer.v1")
def make_spans_scorer() -> Scorer_:
    """The scorer of ockg's components (``{"@scorers": "ockg.spans_scorer.v1"}``)."""
    return score_ockg_spans
