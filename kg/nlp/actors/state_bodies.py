"""Named state bodies implicated in crime: "the Federal Police colluded with the cartel", "the
Interior Ministry protects the smugglers". A name ``non_actors.yaml`` lists as a national body
(kind ``state`` or ``agency``: ministries, police forces, armies, agencies), or whose head noun
marks one, is never a criminal group; where the text implicates it (an implication cue, a crime
of its own, a tie to a criminal actor: :func:`kg.nlp.actors.implication.implicated`) it is the
officials of its country, as "corrupt police officers" are. Not as the agent of an action it
carries out ("an investigation by the Federal Police")."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from kg.lexicon.actors import match_non_actor
from kg.nlp.actors.implication import implicated
from kg.nlp.actors.matches import Matches
from kg.nlp.spans import overlaps

__all__ = ["implicated_state_bodies"]

_STATE = ("state", "agency")


def implicated_state_bodies(doc: Doc, matches: Matches) -> Iterator[tuple[int, int, str | None]]:
    """(start, end, the body's country if listed) of each named state body the text implicates."""
    for start, end in _names(doc):
        if matches.claimed(start, end) or overlaps(doc, start, end):
            continue
        found = match_non_actor(doc[start:end].text)
        if found is None or found.kind not in _STATE:
            continue
        root = doc[start:end].root
        if root.dep_ == "pobj" and root.head.lower_ == "by":
            continue  # "an investigation by the Federal Police", "arrested by the army"
        if implicated(doc, root.i, matches):
            organisation = found.organisation
            yield start, end, organisation.country if organisation is not None else None


def _names(doc: Doc) -> Iterator[tuple[int, int]]:
    """Runs of capitalised words ("Federal Police", "Ministry of the Interior"; "of" and "the"
    inside a run), without a leading "the"."""
    i = 0
    while i < len(doc):
        if not _capital(doc[i]) or doc[i].lower_ == "the":
            i += 1
            continue
        end = i + 1
        while end < len(doc):
            if _capital(doc[end]):
                end += 1
            elif doc[end].lower_ == "of" and end + 1 < len(doc):
                after = end + 2 if doc[end + 1].lower_ == "the" else end + 1
                if after < len(doc) and _capital(doc[after]):
                    end = after + 1
                else:
                    break
            else:
                break
        yield i, end
        i = end


def _capital(token: Token) -> bool:
    return token.is_alpha and (token.is_title or token.is_upper) and len(token) > 1
