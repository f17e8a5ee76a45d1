"""The ``ockg_places`` spaCy component and its factory (see :mod:`kg.nlp.places`).

Settings (``default_config``): ``span_key``, ``lexicon`` (a folder of lexicon files, null for
ockg's own), ``confidences`` (method -> confidence of a mention found that way; the methods of
:data:`~kg.nlp.places.words.CONFIDENCE`, any subset overridden).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from kg.lexicon.actors import match_non_actor
from kg.lexicon.countries import countries_by_demonym, resolve_country
from kg.lexicon.load import non_actors, place_cues
from kg.lexicon.normalise import fold_key
from kg.nlp.component import (
    SCORER,
    LexiconComponent,
    check_confidence,
    score_weights,
    setting_error,
)
from kg.nlp.places.alternates import alternate_spans
from kg.nlp.places.borders import find_borders
from kg.nlp.places.compass import compass_picks
from kg.nlp.places.context import Context, Pick
from kg.nlp.places.cues import (
    find_facilities,
    find_named_areas,
    find_protected_areas,
    find_rivers,
    find_roads,
)
from kg.nlp.places.gazetteer_matching import (
    choose,
    country_as_modifier,
    harmonise,
    indexed_spans,
    transliterated_spans,
)
from kg.nlp.places.gazetteer_tables import Candidate, place_tables
from kg.nlp.places.listed_towns import listed_town_picks
from kg.nlp.places.ner_fallback import ner_picks
from kg.nlp.places.small_towns import small_town_picks
from kg.nlp.places.words import (
    CONFIDENCE,
    YIELD,
    head_words,
    markers_by_first_word,
    market_terms,
    regional_demonym_words,
    subdivision_generic_words,
)
from kg.nlp.spans import SPAN_GROUP, add_mention


def _longest_first(picks: list[Pick]) -> list[Pick]:
    """Non-overlapping picks, longer spans first, then earlier ones."""
    out: list[Pick] = []
    taken: set[int] = set()
    for pick in sorted(picks, key=lambda p: (p.start - p.end, p.start)):
        if taken.isdisjoint(range(pick.start, pick.end)):
            out.append(pick)
            taken.update(range(pick.start, pick.end))
    return sorted(out, key=lambda p: p.start)


def _merge(picks: list[Pick], found: list[Pick]) -> list[Pick]:
    """Add cue picks to the gazetteer's.

    A cue pick that crosses a gazetteer pick, or repeats its span, is dropped; one that contains
    gazetteer picks replaces them ("Amazon River"), except that facilities and roads keep the
    places they are named after ("Gioia Tauro port", "Abuja–Kaduna highway").
    """
    out = list(picks)
    for cue in _longest_first(found):
        inside = [p for p in out if cue.start <= p.start and p.end <= cue.end]
        crossing = [p for p in out if p not in inside and p.start < cue.end and cue.start < p.end]
        if crossing or any((p.start, p.end) == (cue.start, cue.end) for p in inside):
            continue
        named_after = cue.kind in ("facility", "road")
        keep = [p for p in inside if named_after and p.kind in ("city", "region", "country")]
        out = [p for p in out if p not in inside or p in keep]
        out.append(cue)
    return sorted(out, key=lambda p: (p.start, -p.end))


class PlaceFinder(LexiconComponent):
    """The ``ockg_places`` component (see :mod:`kg.nlp.places`; settings, lexicon, saving and
    scoring: :class:`~kg.nlp.component.LexiconComponent`)."""

    def __init__(
        self,
        nlp: Language,
        name: str = "ockg_places",
        *,
        span_key: str = SPAN_GROUP,
        lexicon: str | Path | None = None,
        confidences: Mapping[str, float] | None = None,
        scorer: Callable[..., dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(nlp, name, span_key=span_key, lexicon=lexicon, scorer=scorer)
        self.confidences = _check_confidences(name, confidences or {})
        self._vocab = nlp.vocab
        self._tokenizer = nlp.tokenizer
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.heads = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.bodies = PhraseMatcher(nlp.vocab, attr="LOWER")

    def compile(self) -> None:
        """The matchers of the lexicon in use: gazetteer forms, cue heads, bodies' names."""
        tokenizer, vocab = self._tokenizer, self._vocab
        tables = place_tables()
        self.phrases = PhraseMatcher(vocab, attr="LOWER")
        for kind, forms in tables.phrase_forms.items():
            self.phrases.add(kind, list(tokenizer.pipe(sorted(forms))))
        self.exact = PhraseMatcher(vocab, attr="ORTH")
        self.exact.add("exact", list(tokenizer.pipe(sorted(tables.exact_forms))))
        cues = place_cues()
        self.heads = PhraseMatcher(vocab, attr="LOWER")
        self.heads.add("protected", list(tokenizer.pipe(cues.protected_heads)))
        for head in cues.facility_heads:
            self.heads.add(head.term, [self.make_doc(head.term)])
        self.bodies = PhraseMatcher(vocab, attr="LOWER")
        self.bodies.add("body", list(tokenizer.pipe(_organisation_names())))
        _warm_up()

    def annotate(self, doc: Doc) -> None:
        bodies = [(start, end) for _, start, end in self.bodies(doc)]
        ctx = Context.of(doc, bodies)
        picks = self._cues(ctx, self._gazetteer(ctx))
        borders = list(find_borders(ctx, picks))
        towns = list(small_town_picks(ctx, [*picks, *borders]))
        ner = list(ner_picks(ctx, [*picks, *borders, *towns]))
        listed = list(listed_town_picks(ctx, [*picks, *borders, *towns, *ner]))
        found = compass_picks(ctx, [*picks, *borders, *towns, *ner, *listed])
        for pick in sorted(found, key=lambda p: (p.start, -p.end)):
            _record(doc, pick, self.confidences[pick.method])

    def _readings(self, doc: Doc) -> dict[tuple[int, int], list[tuple[Candidate, bool]]]:
        """Every gazetteer reading of every span, with whether it is spelled exactly."""
        tables = place_tables()
        spans: dict[tuple[int, int], list[tuple[Candidate, bool]]] = defaultdict(list)
        for match_id, start, end in self.phrases(doc):
            kind = doc.vocab.strings[match_id]
            text = doc[start:end].text
            for candidate in tables.phrases.get(fold_key(text), ()):
                if candidate.kind == kind:
                    spans[(start, end)].append((candidate, text == candidate.name))
        for _, start, end in self.exact(doc):
            for candidate in tables.exact.get(doc[start:end].text.replace(".", ""), ()):
                spans[(start, end)].append((candidate, True))
        for start, end, found in indexed_spans(doc):
            text = doc[start:end].text
            spans[(start, end)].extend((c, text == c.name) for c in found)
        return spans

    def _gazetteer(self, ctx: Context) -> list[Pick]:
        readings = self._readings(ctx.doc)
        for start, end, found in list(transliterated_spans(ctx, readings)):
            readings[(start, end)] = [(candidate, False) for candidate in found]
        for start, end, found in list(alternate_spans(ctx, list(readings))):
            readings[(start, end)] = [(candidate, False) for candidate in found]
        modifiers = [  # "US agents": no place at all, not a town the NER or a cue makes of it
            (start, end)
            for (start, end), found in readings.items()
            if any(c.kind == "country" for c, _ in found) and country_as_modifier(ctx, start, end)
        ]
        ctx.blocked = ctx.blocked | {i for start, end in modifiers for i in range(start, end)}
        chosen = [
            pick
            for (start, end), found in readings.items()
            if ctx.free(start, end) and (pick := choose(ctx, start, end, found)) is not None
        ]
        return harmonise(ctx, _longest_first(chosen), readings)

    def _cues(self, ctx: Context, picks: list[Pick]) -> list[Pick]:
        strings = ctx.doc.vocab.strings
        facilities: list[tuple[int, int, str]] = []
        protected: list[tuple[int, int]] = []
        for match_id, start, end in self.heads(ctx.doc):
            label = strings[match_id]
            if label == "protected":
                protected.append((start, end))
            else:
                facilities.append((start, end, label))
        found = [
            *find_facilities(ctx, picks, facilities),
            *find_protected_areas(ctx, protected),
            *find_rivers(ctx),
            *find_roads(ctx),
            *find_named_areas(ctx, picks),
        ]
        return _merge(picks, found)


def _organisation_names() -> list[str]:
    """Names of bodies that contain place names ("United States Department of State", "UN
    Regional Centre ... in Latin America and the Caribbean"): no place mention inside them."""
    names = {
        alias.name
        for body in non_actors().organisations
        for alias in body.surface_forms()
        if not alias.case_sensitive and len(alias.name.split()) > 1
    }
    return sorted(names)


def _check_confidences(component: str, given: Mapping[str, object]) -> dict[str, float]:
    """The confidence of each method: :data:`CONFIDENCE` with ``given`` over it (E230 for an
    unknown method or a value outside 0 to 1)."""
    if not isinstance(given, Mapping):
        raise setting_error(component, f"confidences must be a mapping, not {given!r}")
    unknown = sorted(set(given) - set(CONFIDENCE))
    if unknown:
        known = ", ".join(sorted(CONFIDENCE))
        raise setting_error(
            component, f"confidences: unknown method {', '.join(unknown)} (known: {known})"
        )
    checked = {m: check_confidence(component, f"confidences.{m}", v) for m, v in given.items()}
    return {**CONFIDENCE, **checked}


def _record(doc: Doc, pick: Pick, confidence: float) -> None:
    """Record a pick, over its fallback span if its own is refused."""
    spans = [(pick.start, pick.end), *([pick.fallback] if pick.fallback else [])]
    for start, end in spans:
        found = add_mention(
            doc, start, end, pick.entity, method=pick.method, confidence=confidence, yield_to=YIELD
        )
        if found is not None:
            return


def _warm_up() -> None:
    """Load the lexicons the first document would otherwise wait for."""
    regional_demonym_words()
    subdivision_generic_words()
    head_words()
    market_terms()
    markers_by_first_word()
    countries_by_demonym("Peruvian")
    resolve_country("Peru")
    match_non_actor("Port of Spain")


@Language.factory(
    "ockg_places",
    default_config={
        "span_key": SPAN_GROUP,
        "lexicon": None,
        "confidences": dict(CONFIDENCE),
        "scorer": SCORER,
    },
    assigns=[
        "doc.spans",
        "doc._.ockg_entities",
        "span._.ockg_method",
        "span._.ockg_confidence",
    ],
    requires=["doc.sents", "doc.ents", "token.dep", "token.pos"],
    default_score_weights=score_weights(),
)
def make_place_finder(
    nlp: Language,
    name: str,
    span_key: str,
    lexicon: str | None,
    confidences: dict[str, float],
    scorer: Callable[..., dict[str, Any]] | None,
) -> PlaceFinder:
    """Factory of ``ockg_places``."""
    return PlaceFinder(
        nlp, name, span_key=span_key, lexicon=lexicon, confidences=confidences, scorer=scorer
    )
