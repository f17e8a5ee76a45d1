"""What keeps a collective head from being a mention, and the headlines where capitals do not
make a name: descriptions of named groups ("two biggest gangs: X and Y", "X, one of the two
largest gangs", "gangs known as X"), complements that say what someone is ("the majority are
cultists", "began as prison gangs"), and title-case lines ("Albanian Networks Procure Cocaine")."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from kg.nlp.actors.matches import Matches
from kg.nlp.actors.words import POSSESSIVE, actor_words

__all__ = [
    "describes_group",
    "group_complement",
    "names_groups_after",
    "predicative",
    "title_line",
    "title_word",
]


def predicative(head: Token) -> bool:
    """A head that says what its subject is or becomes, not who acts: a complement of a copula
    or a verb of becoming ("the majority are cultists", "refugees turn drug runners"), or a
    role after "as" ("began as prison gangs", "using asylum seekers as smugglers", "known as
    triads"). Not a subject after "as" opening a clause ("as the mafias carve out routes"), nor
    after an expletive ("there are criminal groups in ...") nor a subject naming
    other actors ("the CJNG's enemies are local gangs", "the main actors are small groups")."""
    token = head
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    partitive = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "of" else None
    if partitive is not None and partitive.pos_ in ("NUM", "PRON", "DET"):
        token = partitive  # "they are some of the largest gangs there", not "an assortment of"
    if token.dep_ in ("attr", "oprd"):
        subjects = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        counterparts = actor_words().counterpart_nouns
        return bool(subjects) and not any(
            c.dep_ == "expl" or c.lemma_.lower() in counterparts for c in subjects
        )  # "there are gangs ...", "the CJNG's enemies are local gangs": who they are
    governor = token.head
    if token.dep_ != "pobj" or governor.lower_ != "as" or governor.dep_ != "prep":
        return False
    before = governor.nbor(-1).lower_ if governor.i > 0 else ""
    if before in ("such", "well"):
        return False  # "gangs such as X", "as well as gangs": lists
    after = token.i + 1
    finite = after < len(token.doc) and token.doc[after].tag_ in ("VBP", "VBZ", "VBD", "MD")
    return not finite  # "as Mexico's mafias carve out routes": "as" opens their clause


def describes_group(doc: Doc, start: int, matches: Matches) -> bool:
    """A head in apposition to named groups ("the Kinahan cartel, an Irish crime family";
    "Los Choneros and Los Lobos, the country's largest gangs")."""
    i = start - 1
    while (
        i > 0
        and start - i < 7
        and (doc[i].pos_ in ("ADJ", "PROPN", "NOUN", "ADV", "NUM") or doc[i].lower_ in POSSESSIVE)
    ):
        i -= 1
    if i < 2 or doc[i].lower_ not in ("a", "an", "the"):
        return False
    if doc[i - 1].lower_ == "of" and i >= 4 and doc[i - 2].pos_ in ("NUM", "PRON", "DET"):
        i -= 2  # "the Barrio 18 gang, one of the two largest gangs"
    if doc[i - 1].text != ",":
        return False
    return bool(matches.groups.intersection((i - 2, i - 3)))


def names_groups_after(doc: Doc, end: int, matches: Matches) -> bool:
    """A head whose named groups follow in apposition or after a naming word: "the country's
    two biggest gangs: Bagdad and Calor Calor", "two competing gangs, the Kinahan and the
    Hutch cartels", "The notorious Brazilian gangs the First Capital Command", "a coalition of
    gangs known as Viv Ansanm", "the two groups - Hells Angels and Bandidos", "rebels calling
    themselves the Front pour l'alternance"."""
    i = end
    if i < len(doc) and doc[i].text in (":", ",", "–", "—", "-"):
        i += 1
    elif i < len(doc) and doc[i].lower_ in actor_words().introducers:
        i += 2 if i + 1 < len(doc) and doc[i + 1].lower_ in ("as", "themselves", "itself") else 1
    if i < len(doc) and doc[i].lower_ == "the":
        i += 1
    return i in matches.groups


def group_complement(head: Token, matches: Matches) -> bool:
    """A subject whose copula names the groups it means ("Two gangs operating in the region
    are the American-born MS-13 and Barrio 18"), also through a partitive ("One of the major
    criminal groups active in Central Asia is Khimprom")."""
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ in ("NUM", "PRON"):
        head = head.head.head  # "one of the groups ... is X": the subject is "one"
    verb = head.head
    if head.dep_ != "nsubj" or verb.lemma_ != "be":
        return False
    complements = [c for c in verb.children if c.dep_ == "attr"]
    return any(t.i in matches.groups for c in complements for t in c.subtree)


def title_line(token: Token) -> bool:
    """Whether the token's line is a headline in title case ("Lottery Scam Rings Fueling
    Violence in Jamaica"): three in four of its longer words capitalised."""
    text = token.doc.text
    begin = text.rfind("\n", 0, token.idx) + 1
    stop = text.find("\n", token.idx)
    line = text[begin : len(text) if stop < 0 else stop]
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) > 3]
    return len(words) >= 2 and 4 * sum(w[0].isupper() for w in words) >= 3 * len(words)


def title_word(token: Token) -> bool:
    """A capitalised common word of a headline (not a place or person the NER knows)."""
    return (
        token.is_alpha
        and token.is_title
        and token.ent_type_ not in ("GPE", "LOC", "PERSON", "FAC")  # a headline reads as an ORG
        and title_line(token)
    )
