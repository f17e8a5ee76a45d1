"""Whether a collective head's own words or clause make it criminal: the market its words
name ("illegal mining groups"), one unnamed group introduced by "a" ("a smuggling ring", "a
group suspected of trafficking methamphetamine"), and a generic head's own clause ("other
groups are kidnapping people", "actors involved in organized crime")."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.nlp.actors.implication import implicated
from kg.nlp.actors.matches import Matches, Run, demonym_at
from kg.nlp.actors.words import HeadCue, actor_words

__all__ = ["acts_in_crime", "criminal_one", "market_in", "market_of", "one_unnamed"]


def market_of(end: int, run_start: int, matches: Matches) -> str | None:
    """The market of the longest trigger touching the head ("illegal mining groups")."""
    last = end - 1
    inside = [(s, e, market) for s, e, market, _ in matches.markets if s >= run_start and e <= end]
    touching = [(e - s, m) for s, e, m in inside if m and (e == last or (e == end and s < last))]
    if not touching or len({m for _, _, m in inside if m}) > 1:
        return None
    return max(touching)[1]


def market_in(start: int, end: int, matches: Matches) -> str | None:
    """The one market of the triggers inside tokens ``start:end`` ("logging"), if one."""
    inside = {m for s, e, m, _ in matches.markets if m and start <= s and e <= end}
    return inside.pop() if len(inside) == 1 else None


def one_unnamed(doc: Doc, start: int, end: int, cue: HeadCue) -> bool:
    """A singular head introduced by an indefinite article ("a sophisticated gang", "an
    international organized crime group"): one unnamed group, a collective where the text makes
    it criminal. Not a quantity noun ("a group of journalists", "a network of roads")."""
    head = doc[end - 1]
    if head.tag_ != "NN" or cue.term.implicated_only or cue.term.match != "lemma":
        return False
    words = actor_words()
    if head.lemma_.lower() not in words.group_nouns:
        return False  # "a career criminal" is one person
    if demonym_at(doc, start) is not None:
        return False  # "a Colombian cartel": a collective of that origin already
    if end < len(doc) and (doc[end].lower_ == "of" or doc[end].lower_ in words.introducers):
        return False  # "a group of journalists"; "a syndicate known as 'X'" is a named group
    if head.dep_ == "dobj" and any(
        c.dep_ == "nsubj" and c.ent_type_ == "PERSON" for c in head.head.children
    ):
        return False  # "Rawa Majid has ruled a criminal gang": his group, named elsewhere
    if head.dep_ in ("appos", "attr", "oprd") or any(t.ent_type_ == "ORDINAL" for t in head.lefts):
        return False  # "the 28s (a prison gang)", "the arrival of a second dissident group"
    if head.dep_ == "dobj" and head.head.lemma_.lower() in words.designating_verbs:
        return False  # "was designated a terrorist group": what its subject is
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children)


def criminal_one(doc: Doc, end: int, cue: HeadCue, run: Run, matches: Matches) -> bool:
    """Whether one unnamed group is criminal: a strong criminal head ("a cartel"), a criminal
    word or market before it ("a smuggling ring", "a cocaine-trafficking network"), or a crime
    verb, market or implication cue in its own phrase ("a group suspected of trafficking
    methamphetamine", "a gang accused of supplying the drug market")."""
    if run.criminal or market_of(end, run.start, matches):
        return True
    if not (cue.generic or cue.ambiguous or cue.term.weak):
        return True
    words = actor_words()
    verbs = words.crime_verbs | words.control_verbs
    head = doc[end - 1]
    phrase = [t for t in head.subtree if t.i >= end]
    return any(
        t.i in matches.implication
        or t.lemma_.lower() in verbs
        or matches.market_within(t.i, t.i + 1)
        for t in phrase
    )


def acts_in_crime(head: Token, matches: Matches) -> bool:
    """Whether a generic head's own clause makes it criminal: the subject of a crime verb
    ("other groups are increasingly kidnapping people") or of a clause an implication cue
    holds ("local groups are becoming involved in organized crime"), or a crime verb or
    implication cue in its own phrase ("actors involved in organized crime")."""
    words = actor_words()
    verbs = words.crime_verbs
    first = head
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if first.dep_ == "nsubj" and first.head.lemma_.lower() in verbs:
        return True
    phrase = [t for t in head.subtree if t.i > head.i]
    if any(t.i in matches.implication or t.lemma_.lower() in verbs for t in phrase):
        return True
    return first.dep_ == "nsubj" and implicated(head.doc, head.i, matches)


def cast_in_crime(token: Token, matches: Matches) -> bool:
    """Whether people a demonym or ethnic noun names are cast in a criminal role: used or
    recruited "as" one or "into" a market ("syndicates are using Iranians as smugglers",
    "Nigerians recruited into the drug trade"), or turning or becoming one ("jobless Rohingya
    turn drug runners")."""
    words = actor_words()
    roles = words.crime_roles | words.party_roles
    first = token
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    governor = first.head
    if first.dep_ in ("dobj", "nsubjpass"):
        for prep in (*governor.children, *first.children):
            if prep.dep_ != "prep" or prep.lower_ not in ("as", "into"):
                continue
            for role in prep.children:
                if role.dep_ != "pobj":
                    continue
                if prep.lower_ == "as" and role.lemma_.lower() in roles:
                    return True
                recruited = governor.lemma_.lower() in words.recruiting_verbs
                if recruited and matches.market_within(role.left_edge.i, role.i + 1):
                    return True
    if first.dep_ == "nsubj" and governor.lemma_.lower() in words.becoming_verbs:
        objects = (c for c in governor.children if c.dep_ in ("attr", "dobj", "oprd"))
        return any(o.lemma_.lower() in roles for o in objects)
    return False
