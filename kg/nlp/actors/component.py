"""The ``ockg_actors`` spaCy component and its factory (see :mod:`kg.nlp.actors`).

Settings (``default_config``): ``span_key``, ``lexicon`` (a folder of lexicon files, null for
ockg's own), and the confidence of each way of finding an actor: ``alias_confidence`` (a name
of ``groups.yaml``), ``cue_confidence`` (a name discovered by its cues or defined by the
document), ``ner_confidence`` (a name of the statistical NER in a criminal context),
``collective_confidence`` / ``weak_collective_confidence`` (a collective whose words state an
origin or type / state neither), ``person_confidence`` (a person tied to a group).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.lexicon.actors import group_by_id, resolve_group
from kg.lexicon.load import actor_cues, groups, market_triggers
from kg.lexicon.models import Term
from kg.lexicon.normalise import fold_key
from kg.models import Entity, EntityKind
from kg.nlp.actors.collectives import (
    add_collective,
    collective_entity,
    collective_parts,
    criminal_trade,
    market_in,
    market_of,
    member_end,
    usable_collective_heads,
)
from kg.nlp.actors.definites import add_definite_collectives, remember_actors
from kg.nlp.actors.demonyms import demonym_nouns
from kg.nlp.actors.discovery import (
    apposition_names,
    defined_abbreviation,
    discovered_entity,
    entity_forms,
    inside_name,
    name_head_names,
    ner_names,
    prefix_names,
    quoted_names,
    self_named,
    suffix_names,
)
from kg.nlp.actors.implication import implicated_heads
from kg.nlp.actors.known_names import (
    alias_variants,
    group_entity,
    shared_head_groups,
    variant_group,
)
from kg.nlp.actors.matches import (
    Candidate,
    Cue,
    Matches,
    Run,
    former_members,
    name_token,
    opens_other_name,
)
from kg.nlp.actors.name_checks import valid_name
from kg.nlp.actors.words import (
    ALIAS_CONFIDENCE,
    COLLECTIVE_CONFIDENCE,
    CUE_CONFIDENCE,
    FOREIGN,
    NER_CONFIDENCE,
    WEAK_COLLECTIVE_CONFIDENCE,
    HeadCue,
    head_cues,
)
from kg.nlp.component import SCORER, LexiconComponent, check_confidence, score_weights
from kg.nlp.people import PERSON_CONFIDENCE, find_people, registered_person
from kg.nlp.spans import SPAN_GROUP, add_mention, mentions
from kg.nlp.terms import TermIndex


class ActorFinder(LexiconComponent):
    """The ``ockg_actors`` component (see :mod:`kg.nlp.actors`; settings, lexicon, saving and
    scoring: :class:`~kg.nlp.component.LexiconComponent`)."""

    def __init__(
        self,
        nlp: Language,
        name: str = "ockg_actors",
        *,
        span_key: str = SPAN_GROUP,
        lexicon: str | Path | None = None,
        alias_confidence: float = ALIAS_CONFIDENCE,
        cue_confidence: float = CUE_CONFIDENCE,
        ner_confidence: float = NER_CONFIDENCE,
        collective_confidence: float = COLLECTIVE_CONFIDENCE,
        weak_collective_confidence: float = WEAK_COLLECTIVE_CONFIDENCE,
        person_confidence: float = PERSON_CONFIDENCE,
        scorer: Callable[..., dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(nlp, name, span_key=span_key, lexicon=lexicon, scorer=scorer)
        self.confidences = {
            "alias-table": check_confidence(name, "alias_confidence", alias_confidence),
            "cue": check_confidence(name, "cue_confidence", cue_confidence),
            "ner": check_confidence(name, "ner_confidence", ner_confidence),
            "collective": check_confidence(name, "collective_confidence", collective_confidence),
            "weak-collective": check_confidence(
                name, "weak_collective_confidence", weak_collective_confidence
            ),
            "person": check_confidence(name, "person_confidence", person_confidence),
        }
        self._vocab = nlp.vocab
        self._make_doc: Callable[[str], Doc] = nlp.make_doc
        self._groups_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._groups_exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._cues = TermIndex(nlp.make_doc)

    def compile(self) -> None:
        """The matchers of the lexicon in use: group names and aliases, cues, market words."""
        self._groups_lower = PhraseMatcher(self._vocab, attr="LOWER")
        self._groups_exact = PhraseMatcher(self._vocab, attr="ORTH")
        self._cues = TermIndex(self._make_doc)
        self._add_groups()
        self._add_cues()

    # -- building the matchers --

    def _add_groups(self) -> None:
        for group in groups():
            capital: list[Doc] = []
            lower: list[Doc] = []
            exact: list[Doc] = []
            for alias in group.surface_forms():
                if alias.case_sensitive:
                    forms = {alias.name, alias.name.replace(".", "")}
                    exact.extend(self._make_doc(f) for f in forms)
                    continue
                target = capital if any(c.isupper() for c in alias.name) else lower
                target.extend(self._make_doc(f) for f in alias_variants(alias.name))
            if capital:
                self._groups_lower.add(group.id, capital)
            if lower:
                self._groups_lower.add(f"{group.id}|lc", lower)
            if exact:
                self._groups_exact.add(group.id, exact)

    def _add_cues(self) -> None:
        cues = actor_cues()
        index = self._cues
        for head in head_cues():
            index.add("HEAD", head.term, head)
        sections: tuple[tuple[str, Iterable[Term]], ...] = (
            ("NONHEAD", cues.non_actor_heads),
            ("MOD", cues.modifiers),
            ("IMPL", cues.implication_cues),
            ("APPOS", cues.apposition_heads),
            ("PREFIX", cues.name_prefixes),
            ("NAMEHEAD", (*cues.name_heads, *cues.name_suffixes)),
        )
        for kind, terms in sections:
            for term in terms:
                index.add(kind, term, term)
        lexicon = market_triggers()
        for market, entry in lexicon.markets.items():
            for term in entry.triggers:
                index.add("MARKET", term, (market, term.weak))
        for entry in lexicon.umbrellas.values():
            for term in entry.triggers:
                index.add("MARKET", term, (None, False))

    # -- running --

    def annotate(self, doc: Doc) -> None:
        country = doc._.ockg_country
        country = country.upper() if country else None
        matches = self._match(doc)
        self._known_groups(doc, matches, country)
        # named people tied to a known group are people, never discovered groups
        people = find_people(doc, matches.claimed, self.confidences["person"])
        matches.people.update(t for s, e in people for t in range(s, e))
        known = doc._.ockg_known  # the document's registry: groups found in earlier paragraphs
        found = self._discover(doc, matches, country, known if known is not None else {})
        # discovered names are folded (lower-case) keys; abbreviations are written as defined
        earlier = [
            e
            for form, e in (known or {}).items()
            if form == form.lower()
            and not registered_person(form)  # people's ties: not groups
            and not form.startswith("\x1f")  # origins and keys of criminal actors
        ]
        self._propagate(doc, matches, list({e.key: e for e in (*found, *earlier)}.values()))
        self._defined_names(doc, matches)
        self._collectives(doc, matches, country)
        add_definite_collectives(doc, matches, country, self.confidences)
        remember_actors(doc)
        find_people(doc, matches.claimed, self.confidences["person"])  # tied to groups found since

    def _match(self, doc: Doc) -> Matches:
        found = Matches()
        heads: list[tuple[int, int, bool, object]] = []
        lists = {
            "PREFIX": found.prefixes,
            "NAMEHEAD": found.name_heads,
            "APPOS": found.appositions,
        }
        for start, end, kind, payload in self._cues.find(doc):
            if kind in ("HEAD", "NONHEAD"):
                heads.append((start, end, kind == "HEAD", payload))
            elif kind == "MOD":
                known = found.modifiers.get(end)
                if known is None or known[0] > start:
                    found.modifiers[end] = (start, payload)  # type: ignore[assignment]
            elif kind == "IMPL":
                found.implication.update(range(start, end))
            elif kind == "MARKET":
                found.markets.append((start, end, *payload))  # type: ignore[misc]
            else:
                lists[kind].append((start, end, payload))  # type: ignore[arg-type]
        found.heads = _longest(heads)
        return found

    # -- 1. known groups --

    def _known_groups(self, doc: Doc, matches: Matches, country: str | None) -> None:
        strings = doc.vocab.strings
        spans: list[Span] = []
        exact = {(start, end) for _, start, end in self._groups_exact(doc)}
        for match_id, start, end in (*self._groups_lower(doc), *self._groups_exact(doc)):
            label = strings[match_id]
            span = Span(doc, start, end, label=label)
            if former_members(doc, start):
                continue  # "ex-FARC dissidents", "ex-FARC leaders": people, not the group
            if (start, end) in exact and opens_other_name(doc, end):
                continue  # "EPP Group standing": the European People's Party, not the EPP
            if label.endswith("|lc") or any(c.isupper() for c in span.text):
                spans.append(span)
        spans += [Span(doc, s, e, label=g.id) for s, e, g in shared_head_groups(doc)]
        for span in filter_spans(spans):
            group = group_by_id(span.label_.removesuffix("|lc"))
            entity = group_entity(group, country)
            self._add_group(doc, span.start, span.end, entity, "alias-table", matches)

    # -- 2. discovered groups --

    def _discover(
        self, doc: Doc, matches: Matches, country: str | None, registry: dict[str, Entity]
    ) -> list[Entity]:
        """Discovered names; a name the document's ``registry`` holds (folded form -> entity)
        keeps that entity, and the registry learns the new ones."""
        found: dict[str, Entity] = {}
        methods: dict[str, str] = {}
        for cand in self._candidates(doc, matches):
            if matches.claimed(cand.start, cand.end):
                continue
            name = doc[cand.start : cand.end].text
            known = resolve_group(name) or variant_group(name)
            if known is not None:
                entity, method = group_entity(known, country), "alias-table"
            elif valid_name(doc, cand.start, cand.end):
                known_form = found.get(fold_key(name)) or registry.get(fold_key(name))
                entity = known_form or discovered_entity(doc, cand, country)
                method = methods.get(entity.key, cand.method)
            else:
                continue
            added = self._add_group(doc, cand.start, cand.end, entity, method, matches)
            if added and known is None:
                found.update((fold_key(form), entity) for form in entity_forms(entity))
                methods.setdefault(entity.key, method)
        for form, entity in found.items():
            registry.setdefault(form, entity)
        return list({entity.key: entity for entity in found.values()}.values())

    def _candidates(self, doc: Doc, matches: Matches) -> Iterator[Candidate]:
        yield from suffix_names(doc, matches)
        yield from quoted_names(doc, matches)
        yield from self_named(doc, matches)
        yield from apposition_names(doc, matches)
        yield from name_head_names(doc, matches)
        yield from prefix_names(doc, matches)
        yield from ner_names(doc, matches)

    def _propagate(self, doc: Doc, matches: Matches, found: list[Entity]) -> None:
        """Later bare mentions of a discovered name ("the Red Vipers cult" ... "Red Vipers")."""
        if not found:
            return
        matcher = PhraseMatcher(doc.vocab, attr="ORTH")
        entities = {entity.key: entity for entity in found}
        for entity in found:
            matcher.add(entity.key, [self._make_doc(form) for form in entity_forms(entity)])
        strings = doc.vocab.strings
        spans = filter_spans([Span(doc, s, e, label=m) for m, s, e in matcher(doc)])
        for span in spans:
            if span.start > 0 and name_token(doc[span.start - 1]):
                continue
            if span.end < len(doc) and name_token(doc[span.end]):
                continue
            if not matches.claimed(span.start, span.end):
                entity = entities[strings[span.label]]
                self._add_group(doc, span.start, span.end, entity, "cue-name", matches)

    def _defined_names(self, doc: Doc, matches: Matches) -> None:
        """Abbreviations the document defines in parentheses after a group ("the Kobe
        Yamaguchi-gumi (KYG)", "the United Force of the Pacific (Fuerzas Unidas del Pacific –
        FUP)") join the document's registry (``doc._.ockg_known``, shared by its paragraphs;
        keys written with capitals are such names, as written), and every use of one, in this
        paragraph or a later one, is that group."""
        known = doc._.ockg_known
        registry: dict[str, Entity] = known if known is not None else {}
        entities = doc._.ockg_entities
        for span in mentions(doc, [EntityKind.GROUP]):
            entity = entities.get(span.kb_id_)
            defined = defined_abbreviation(doc, span.start, span.end, matches)
            if defined is not None and entity is not None:
                registry.setdefault(doc[defined].text, entity)
        defined = [name for name in registry if name != name.lower()]
        if not defined:
            return
        matcher = PhraseMatcher(doc.vocab, attr="ORTH")
        for name in defined:
            matcher.add(name, [self._make_doc(name)])
        strings = doc.vocab.strings
        for match_id, start, end in sorted(matcher(doc), key=lambda m: (m[1], -m[2])):
            if matches.claimed(start, end) or inside_name(doc, start, end):
                continue
            self._add_group(doc, start, end, registry[strings[match_id]], "document-alias", matches)

    def _add_group(
        self, doc: Doc, start: int, end: int, entity: Entity, method: str, matches: Matches
    ) -> bool:
        """Record a group mention and claim its tokens; False if the span was refused."""
        confidence = self.confidences[method if method in ("alias-table", "ner") else "cue"]
        if add_mention(doc, start, end, entity, method=method, confidence=confidence) is None:
            return False
        matches.groups.update(range(start, end))
        return True

    # -- 3. collectives --

    def _collectives(self, doc: Doc, matches: Matches, country: str | None) -> None:
        plain: list[tuple[int, int, HeadCue, Run]] = []
        heads = list(usable_collective_heads(doc, matches, plain))
        implications = implicated_heads(doc, heads, matches)
        for (_, end, cue, run), implicated in zip(heads, implications, strict=True):
            head_market = market_of(end, run.start, matches)
            unimplicated = cue.term.implicated_only and not implicated
            if unimplicated and not criminal_trade(end, cue, run, matches):
                continue
            last = run.parts[-1] if run.parts else []
            shared = [c for c in last if not c.origin]
            parts = []
            for part_start, part_end, cues in collective_parts(doc, run, end, matches):
                if matches.claimed(part_start, part_end):
                    continue
                both = cues if cues is last else [*cues, *shared]
                if part_end < end:  # "Venezuelan", "legal logging": own market or the head's
                    market = market_in(part_start, part_end, matches) or head_market
                else:
                    market = market_of(end, part_start, matches)
                entity = collective_entity(doc, end, cue, both, country)
                parts.append((part_start, part_end, both, market, entity))
            for part_start, part_end, both, market, entity in _unstated_joined(parts):
                if part_end == end:
                    part_end = member_end(doc, end, cue)  # "gang members"
                add_collective(
                    doc,
                    part_start,
                    part_end,
                    entity,
                    cue,
                    both,
                    market,
                    confidence=self.confidences["collective"],
                    weak_confidence=self.confidences["weak-collective"],
                )
        self._demonym_collectives(doc, matches, country)
        self._known_collectives(doc, matches, country, plain)

    def _known_collectives(
        self,
        doc: Doc,
        matches: Matches,
        country: str | None,
        plain: list[tuple[int, int, HeadCue, Run]],
    ) -> None:
        """Generic heads with nothing telling before them ("other groups", "two groups",
        "various actors") stand for the criminal collective of their key where the document
        names one (in this paragraph or an earlier one: the registry keeps their keys)."""
        known = _criminal_collectives(doc)
        for _, end, cue, run in plain:
            start = run.start
            if matches.claimed(start, end):
                continue
            entity = collective_entity(doc, end, cue, [], country)
            if entity.key.lower() not in known:
                continue
            add_collective(
                doc,
                start,
                end,
                entity,
                cue,
                [],
                market_of(end, start, matches),
                confidence=self.confidences["collective"],
                weak_confidence=self.confidences["weak-collective"],
            )

    def _demonym_collectives(self, doc: Doc, matches: Matches, country: str | None) -> None:
        """Demonyms as nouns for implicated people ("arrest two Chinese and two Guineans"):
        criminal groups of that origin, as the generic head "groups" keys them."""
        generic = next((h for h in head_cues() if h.term.term == "group"), None)
        if generic is None:
            return
        origins = _criminal_origins(doc, country)
        for start, end, origin in demonym_nouns(doc, matches, origins):
            entity = collective_entity(doc, end, generic, [origin], country)
            add_collective(
                doc,
                start,
                end,
                entity,
                generic,
                [origin],
                None,
                confidence=self.confidences["collective"],
                weak_confidence=self.confidences["weak-collective"],
            )


_ORIGIN_ENTRY = "\x1forigin\x1f"
"""Prefix of the document registry's entries for the foreign origins of criminal actors found so
far (``doc._.ockg_known``: ``<prefix><iso2, lower case>`` -> an actor of that origin); never a
group's name, so the group finders skip them."""

_NOT_CRIMINAL = ("state-embedded-actors", "private-sector-actors")


_COLLECTIVE_ENTRY = "\x1fcollective\x1f"
"""Prefix of the document registry's entries for the criminal collectives found so far
(``<prefix><key, lower case>`` -> the collective); never a group's name, so the group finders
skip them."""


def _criminal_collectives(doc: Doc) -> set[str]:
    """The keys of the criminal collectives the document has named so far (this paragraph and
    earlier ones); the registry learns this paragraph's."""
    found = {
        e.key.lower(): e
        for e in doc._.ockg_entities.values()
        if e.kind == EntityKind.COLLECTIVE and e.actor_type not in _NOT_CRIMINAL
    }
    known = doc._.ockg_known
    if known is None:
        return set(found)
    for key, entity in found.items():
        known.setdefault(_COLLECTIVE_ENTRY + key, entity)
    entry = _COLLECTIVE_ENTRY
    return {form.removeprefix(entry) for form in known if form.startswith(entry)}


def _criminal_origins(doc: Doc, country: str | None) -> set[str]:
    """The foreign countries of the criminal actors the document has named so far (this
    paragraph and earlier ones), which the registry keeps for later paragraphs."""
    entities = [
        e
        for e in doc._.ockg_entities.values()
        if e.kind in (EntityKind.GROUP, EntityKind.COLLECTIVE) and e.actor_type not in _NOT_CRIMINAL
    ]
    found = {e.origin for e in entities if e.origin and e.origin != country}
    known = doc._.ockg_known
    if known is None:
        return found
    found.update(
        form.removeprefix(_ORIGIN_ENTRY).upper() for form in known if form.startswith(_ORIGIN_ENTRY)
    )
    by_origin = {e.origin: e for e in entities}
    for code in found:
        if code in by_origin:
            known.setdefault(_ORIGIN_ENTRY + code.lower(), by_origin[code])
    return found


_Part = tuple[int, int, list[Cue], str | None, Entity]


def _unstated_joined(parts: list[_Part]) -> list[_Part]:
    """Coordinated parts naming one collective of no stated origin ("Tebu and Tuareg or Arab
    networks": ethnic groups of several countries) are one mention over the coordination."""
    joined: list[_Part] = []
    for part in parts:
        entity = part[4]
        previous = joined[-1] if joined else None
        unstated = entity.origin is None and entity.origin_region is None
        foreign = entity.actor_type == FOREIGN
        if previous and previous[4].key == entity.key and unstated and not foreign:
            joined[-1] = (previous[0], part[1], part[2], previous[3] or part[3], entity)
        else:
            joined.append(part)
    return joined


def _longest(
    matches: list[tuple[int, int, bool, object]],
) -> list[tuple[int, int, HeadCue]]:
    """Actor heads left after the longest of overlapping head matches wins (non-heads shadow)."""
    kept: list[tuple[int, int, HeadCue]] = []
    taken: set[int] = set()
    for start, end, actor, payload in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
        if taken.isdisjoint(range(start, end)):
            taken.update(range(start, end))
            if actor:
                kept.append((start, end, payload))  # type: ignore[arg-type]
    return sorted(kept, key=lambda m: m[0])


@Language.factory(
    "ockg_actors",
    default_config={
        "span_key": SPAN_GROUP,
        "lexicon": None,
        "alias_confidence": ALIAS_CONFIDENCE,
        "cue_confidence": CUE_CONFIDENCE,
        "ner_confidence": NER_CONFIDENCE,
        "collective_confidence": COLLECTIVE_CONFIDENCE,
        "weak_collective_confidence": WEAK_COLLECTIVE_CONFIDENCE,
        "person_confidence": PERSON_CONFIDENCE,
        "scorer": SCORER,
    },
    assigns=[
        "doc.spans",
        "doc._.ockg_entities",
        "doc._.ockg_known",
        "span._.ockg_method",
        "span._.ockg_confidence",
        "span._.ockg_actor_type",
        "span._.ockg_market",
    ],
    requires=["doc.sents", "doc.ents", "token.dep", "token.pos", "token.lemma"],
    default_score_weights=score_weights(),
)
def make_actor_finder(
    nlp: Language,
    name: str,
    span_key: str,
    lexicon: str | None,
    alias_confidence: float,
    cue_confidence: float,
    ner_confidence: float,
    collective_confidence: float,
    weak_collective_confidence: float,
    person_confidence: float,
    scorer: Callable[..., dict[str, Any]] | None,
) -> ActorFinder:
    """Factory of ``ockg_actors``."""
    return ActorFinder(
        nlp,
        name,
        span_key=span_key,
        lexicon=lexicon,
        alias_confidence=alias_confidence,
        cue_confidence=cue_confidence,
        ner_confidence=ner_confidence,
        collective_confidence=collective_confidence,
        weak_collective_confidence=weak_collective_confidence,
        person_confidence=person_confidence,
        scorer=scorer,
    )
