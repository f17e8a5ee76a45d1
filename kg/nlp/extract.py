"""The extraction stage: a document (and its profile) to an ``Extraction`` of exact mentions.

Paragraphs from ``kg.nlp.segment`` go through the pipeline in one batch; every span's
offsets are shifted back into the document text, so ``text[begin:end]`` is the mention.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

from kg.lexicon.place_entities import place_entity
from kg.models import (
    Document,
    Entity,
    EntityKind,
    Extraction,
    Membership,
    Mention,
    Paragraph,
    Profile,
    Sentence,
)
from kg.nlp.chunks import chunked
from kg.nlp.markets import WEAK_CONFIDENCE
from kg.nlp.people import PERSON_CONFIDENCE, doc_memberships
from kg.nlp.pipeline import analyse_many
from kg.nlp.relations import Claims, Context, claims_of
from kg.nlp.segment import paragraphs
from kg.nlp.spans import mentions

__all__ = ["extract", "merge_entities"]


def merge_entities(found: list[dict[str, Entity]]) -> dict[str, Entity]:
    """Merge per-paragraph entity registries: one entity per key, aliases united."""
    merged: dict[str, Entity] = {}
    for registry in found:
        for key, entity in registry.items():
            known = merged.get(key)
            if known is None:
                merged[key] = entity
                continue
            aliases = tuple(
                dict.fromkeys(a for a in (*known.aliases, *entity.aliases) if a != known.label)
            )
            update: dict[str, object] = {"aliases": aliases}
            if known.actor_type is None and entity.actor_type is not None:
                update["actor_type"] = entity.actor_type  # a later mention states the type
            merged[key] = known.model_copy(update=update)
    return merged


def _doc_mentions(
    doc: Doc, paragraph: Paragraph, index: int, sentences: list[Sentence]
) -> list[Mention]:
    offset = paragraph.begin
    first_sentence = len(sentences)
    for sent in doc.sents:
        sentences.append(
            Sentence(
                begin=offset + sent.start_char,
                end=offset + sent.end_char,
                paragraph=index,
                section=paragraph.section,
            )
        )
    starts = [s.begin for s in sentences[first_sentence:]]
    spans = mentions(doc)
    strong_markets = {
        (span.sent.start, span.kb_id_)
        for span in spans
        if span.label_ == "MARKET" and (span._.ockg_confidence or 0) > WEAK_CONFIDENCE
    }
    out = []
    for span in spans:
        confidence = float(span._.ockg_confidence or 0.5)
        if span.label_ == "MARKET" and confidence <= WEAK_CONFIDENCE:
            in_section = span.kb_id_.removeprefix("market/") in paragraph.indicators
            if not in_section and (span.sent.start, span.kb_id_) not in strong_markets:
                continue
        begin = offset + span.start_char
        out.append(
            Mention(
                entity=span.kb_id_,
                kind=EntityKind(span.label_.lower()),
                begin=begin,
                end=offset + span.end_char,
                text=span.text,
                sentence=first_sentence + bisect_right(starts, begin) - 1,
                method=span._.ockg_method or "unknown",
                confidence=confidence,
                actor_type=span._.ockg_actor_type,
            )
        )
    return out


def _claimed_places(claims: Claims) -> set[str]:
    """The place keys the claims refer to."""
    keys = {p.place for p in claims.presences if p.place}
    for route in claims.routes:
        keys.update(k for k in (route.origin, route.destination, *route.via) if k)
    return keys


def _memberships(
    doc: Doc, paragraph: Paragraph, sentences: list[Sentence], first: int
) -> list[Membership]:
    """The person-group ties of one paragraph as claims, each with its sentence."""
    starts = [s.begin for s in sentences[first:]]
    out = []
    for tie in doc_memberships(doc):
        begin = paragraph.begin + doc[tie.person_start].idx
        out.append(
            Membership(
                sentence=first + bisect_right(starts, begin) - 1,
                method=tie.method,
                confidence=PERSON_CONFIDENCE,
                person=tie.person,
                group=tie.group,
                role=tie.role,
            )
        )
    return out


def extract(document: Document, profile: Profile | None, country: str | None) -> Extraction:
    """Run the NLP stages over a document's analysis (or its whole text if not a profile)."""
    parts = list(chunked(paragraphs(document, profile), document.text))
    registry: dict[str, object] = {}  # one registry of discovered groups per document
    docs = analyse_many(
        ((document.text[p.begin : p.end], country) for p in parts), registry=registry
    )
    sentences: list[Sentence] = []
    found: list[Mention] = []
    registries: list[dict[str, Entity]] = []
    claims = Claims()
    context = Context()  # actors in focus carry over from one paragraph to the next
    memberships: list[Membership] = []
    for index, (paragraph, doc) in enumerate(zip(parts, docs, strict=True)):
        first = len(sentences)
        found.extend(_doc_mentions(doc, paragraph, index, sentences))
        memberships += _memberships(doc, paragraph, sentences, first)
        registries.append(dict(doc._.ockg_entities))
        part = claims_of(doc, paragraph, first, country, context)
        claims.presences += part.presences
        claims.routes += part.routes
        claims.relationships += part.relationships
    entities = merge_entities(registries)
    used = {m.entity for m in found}
    for key in sorted(_claimed_places(claims) - set(entities)):
        entity = place_entity(key)  # named by a claim, not a mention ("Haitians" -> Haiti)
        if entity is not None:
            entities[key] = entity
            used.add(key)
    edition = profile.edition if profile is not None else None
    return Extraction(
        document=document.sha256,
        country=country,
        edition=edition if edition is not None else document.meta.edition,
        paragraphs=tuple(parts),
        sentences=tuple(sentences),
        mentions=tuple(found),
        entities=tuple(entities[k] for k in sorted(used)),
        presences=tuple(dict.fromkeys(claims.presences)),
        routes=tuple(dict.fromkeys(claims.routes)),
        relationships=tuple(dict.fromkeys(claims.relationships)),
        memberships=tuple(dict.fromkeys(memberships)),
    )
