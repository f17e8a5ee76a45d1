"""Claims from a parsed paragraph: presences, routes and relationships, each tied to its sentence.

The rules read the dependency parse and the ockg spans of one sentence at a time, with the
paragraph's aligned indicators as context (``kg.nlp.segment``) and the document's country as
the implied end of routes. The cue words are data (``ontology/relations.yaml``).

- A **place's role** comes from the preposition governing it, climbing conjunctions and
  "including" lists: ``from`` an origin, ``to``/``into``/``destined for`` a destination,
  ``through``/``via``/``along`` a transit stop, ``in``/``across`` a location.
- A **route** needs a movement cue; each destination gives one route; an origin-less route
  starts in the document's country, a destination-less one ends there; "then" continues the
  paragraph's previous route.
- A **presence** ties each actor to the markets of its clause (or the paragraph's market when
  the sentence names none) and the places located in that clause; a place attached to one
  market ("extortion in Machala") goes with that market only, a place attached to the verb
  with the markets of that verb's clause. Without an actor, a market and its located places.
  A market held by another actor's clause is not lent to the sentence's other actors; a
  phrase pointing back ("these shipments", "the business") stands for the one market the
  paragraph named before (``market_context``).
- A **relationship** pairs the grammatical sides of a cooperation or rivalry cue (its subject,
  or the noun a relative clause or participle hangs on, against the actors in the cue's own
  phrase), never two members of one side unless the cue is symmetric ("X and Y are at war",
  "an alliance between X and Y").
- **Anaphora**: "they", "these groups" stand for the previous sentence's actors, "the group",
  "its members" for the last named group, across the document's paragraphs (``Context``).
- **Modality and time**: hedges ("allegedly", "reportedly", "may") lower a claim's confidence
  and set its ``modality``; "no longer", "formerly" mark it ``former``; "since 2022" is its time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from spacy.tokens import Doc, Span

from kg.models import Paragraph, Presence, Relationship, Route
from kg.nlp.markets import WEAK_CONFIDENCE
from kg.nlp.relations.anaphora import (
    Context,
    _anaphoric_collectives,
    _anaphors,
    _update_context,
)
from kg.nlp.relations.candidates import rescore
from kg.nlp.relations.cues import _WINDOWS
from kg.nlp.relations.market_context import anaphoric_markets
from kg.nlp.relations.people_claims import through_people
from kg.nlp.relations.presences import _market_modifier, _presences
from kg.nlp.relations.relationships import _relationships
from kg.nlp.relations.roles import (
    _ROUTE_ROLES,
    _home_mentions,
    _paragraph_markets,
    _staying,
    place_role,
)
from kg.nlp.relations.routes import _routes
from kg.nlp.relations.stance import _stance
from kg.nlp.spans import mentions

__all__ = ["Claims", "Context", "claims_of", "place_role"]


@dataclass
class Claims:
    """The claims of one paragraph."""

    presences: list[Presence] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)


def _by_sentence(doc: Doc, spans: list[Span]) -> dict[int, list[Span]]:
    """Spans grouped by their sentence's first token (one pass; spans are in text order)."""
    starts = [sent.start for sent in doc.sents]
    out: dict[int, list[Span]] = {}
    i = 0
    for span in spans:
        while i + 1 < len(starts) and starts[i + 1] <= span.start:
            i += 1
        out.setdefault(starts[i], []).append(span)
    return out


def _strong(spans: dict[int, list[Span]], before: int) -> list[Span]:
    """The paragraph's market spans (strong triggers) before a sentence's first token."""
    return [
        s
        for start, inside in spans.items()
        if start < before
        for s in inside
        if s.label_ == "MARKET" and (s._.ockg_confidence or 0) > WEAK_CONFIDENCE
    ]


def _only(markets: set[str]) -> str | None:
    """The one market a plain text's paragraph has named so far (none if it named several)."""
    return next(iter(markets)) if len(markets) == 1 else None


def claims_of(
    doc: Doc,
    paragraph: Paragraph,
    first_sentence: int,
    country: str | None,
    context: Context | None = None,
) -> Claims:
    """The claims of one paragraph's parsed ``doc`` (sentences numbered from ``first_sentence``).

    ``context`` carries the actors in focus from the document's earlier paragraphs and is
    updated in place.
    """
    context = context if context is not None else Context()
    _WINDOWS.clear()
    claims = Claims()
    spans = _by_sentence(doc, mentions(doc))
    fallback = _paragraph_markets(paragraph)
    if paragraph.section is None:
        fallback = []  # a plain text has no section: its paragraphs set no default market
    previous: Route | None = None
    named_before: set[str] = set()  # markets the paragraph named before a sentence
    for offset, sent in enumerate(doc.sents):
        index = first_sentence + offset
        inside = spans.get(sent.start, [])
        inside = sorted([*inside, *_home_mentions(sent, inside, country)], key=lambda s: s.start)
        named = [s for s in inside if s.label_ in {"GROUP", "COLLECTIVE"}]
        named, standing = _anaphoric_collectives(sent, named, context)
        covered = [*named, *standing]
        actors = sorted([*covered, *_anaphors(sent, covered, context)], key=lambda s: s.start)
        all_markets = [s for s in inside if s.label_ == "MARKET"]
        markets = [m for m in all_markets if (m._.ockg_confidence or 0) > WEAK_CONFIDENCE]
        markets += anaphoric_markets(sent, _strong(spans, sent.start), markets)
        places = [
            (s, place_role(s))
            for s in inside
            if s.label_ in {"PLACE", "HOME"} and not any(a.start <= s.start < a.end for a in named)
        ]
        stance = _stance(sent)
        routes = _routes(
            sent,
            index,
            places,
            all_markets,  # weak triggers too: "weapons smuggled from Texas"
            fallback[0] if fallback else _only(named_before),  # "drugs were smuggled …"
            country,
            previous,
            stance,
            actors=named,
        )
        if routes:
            previous = routes[-1]
        named_before |= {m.kb_id_ for m in all_markets}
        claims.routes += routes
        stays = _staying(sent, places, named)
        located = [
            s
            for s, role in stays
            if (role == "located" or (role is None and _market_modifier(s, markets)))
            and s.label_ == "PLACE"
            and not any(o is not s and o.start <= s.start and s.end <= o.end for o, _ in places)
        ]
        moving = [s for s, role in stays if role in _ROUTE_ROLES and s.label_ == "PLACE"]
        owners = [s for s, role in places if role == "qualifier" and s.label_ == "PLACE"]
        bound = [s for s, role in stays if role == "destination" and s.label_ == "PLACE"]
        home = f"place/country/{country}" if country else None
        presences = _presences(
            sent, index, actors, markets, located, moving, fallback, stance, owners, bound, home
        )
        relationships = _relationships(sent, index, actors, stance, context)
        presences, relationships = rescore(  # the learned scorer's hook (switched in its data)
            sent,
            index,
            actors,
            stays,
            presences,
            relationships,
            country,
            stance,
            profile=paragraph.section is not None,
        )
        presences, relationships = through_people(  # named people's claims, and their groups'
            sent,
            inside,
            actors,
            presences,
            relationships,
            partial(
                _presences,
                sent,
                index,
                markets=markets,
                located=located,
                moving=moving,
                fallback=fallback,
                stance=stance,
                qualifiers=owners,
                home=home,
            ),
            partial(_relationships, sent, index, stance=stance),
        )
        claims.presences += presences
        claims.relationships += relationships
        _update_context(context, sent, actors)
    return claims
