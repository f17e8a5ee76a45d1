"""Which places of a sentence move, and in which clause: containers, nested phrases,
relative clauses, hubs and focused phrases."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.lexicon.load import word_lists
from kg.lexicon.membership import countries_of
from kg.nlp.relations.cues import _cues
from kg.nlp.relations.roles import (
    _ROUTE_ROLES,
    _climb,
    _owner,
)


def _focused(span: Span, role: str | None, moving: set[int]) -> bool:
    """Whether a route phrase set off by a focusing word after a comma goes with the movement
    before it, wherever the parser hung it: "to transport wood regionally and
    internationally, notably to China"."""
    if role not in _ROUTE_ROLES or span.root.dep_ != "pobj":
        return False
    prep = span.root.head
    doc = span.doc
    if prep.i < 2 or doc[prep.i - 1].lower_ not in word_lists().listing_words:
        return False
    return doc[prep.i - 2].text == "," and any(i < prep.i for i in moving)


def _container(span: Span, places: list[tuple[Span, str | None]]) -> bool:
    """Whether a place only says where the place before it lies ("Dammam city in Saudi
    Arabia", "Sandakan in East Malaysia", "at X Airport, in Beirut,"): it covers that place and
    hangs on it by "in" or a comma or a slash, so it is no end or stop of its own."""
    token = span.root
    head = token.head
    set_off = head.i >= 2 and span.doc[head.i - 1].text == ","
    if token.dep_ == "pobj" and head.lower_ == "in" and set_off:
        anchor = span.doc[head.i - 2]  # "at the airport, in Beirut, that were destined to"
    elif token.dep_ == "pobj" and head.lower_ == "in":
        anchor = head.head
    elif token.dep_ == "appos":
        anchor = head
    elif span.start >= 2 and span.doc[span.start - 1].text == "/":  # "Bujumbura / Burundi"
        anchor = span.doc[span.start - 2]
    else:
        return False
    for other, _ in places:
        inner = other.start <= anchor.i < other.end or (
            anchor.pos_ == "NOUN" and other.end == anchor.i  # "Dammam city"
        )
        if other is not span and inner:
            codes = countries_of(span.kb_id_)
            if codes and countries_of(other.kb_id_) and countries_of(other.kb_id_) <= codes:
                return other.kb_id_ != span.kb_id_
    return False


def _nested(places: list[tuple[Span, str | None]]) -> list[tuple[Span, str | None]]:
    """A place in the "in"/"at" phrase of a route phrase's noun takes that phrase's role:
    "forwarded to markets in Europe" ends in Europe, "from farms in Helmand" starts there."""
    cues = _cues()
    out = []
    for span, role in places:
        token = span.root
        while token.dep_ in {"conj", "appos"} and token.head != token:  # "in France and Spain"
            token = token.head
        prep = token.head
        noun = prep.head
        if role == "located" and token.dep_ == "pobj" and prep.lower_ in {"in", "at"}:
            outer = noun.head if noun.pos_ == "NOUN" and noun.dep_ == "pobj" else None
            word = outer.lower_ if outer is not None else ""
            if word in cues.origin:
                role = "origin"
            elif word in cues.destination and word != "for":
                role = "destination"
        out.append((span, role))
    return out


def _clause_key(span: Span) -> int:
    """The clause a route place belongs to (its movement verb's subject clause)."""
    token = _climb(span.root)
    if isinstance(token, str):
        token = span.root
    governor = token.head.head if token.dep_ == "pobj" else token.head
    return _owner(governor).i


def _merge_relative(
    clauses: dict[int, list[tuple[Span, str | None]]], doc: Doc
) -> dict[int, list[tuple[Span, str | None]]]:
    """A relative clause on a route's place goes on with that route: "through the Amazon,
    where the cocaine is sent via rivers to Brazil" is one path."""
    out = dict(clauses)
    for key in sorted(clauses, reverse=True):
        verb = doc[key]
        if verb.dep_ not in {"relcl", "advcl"} or key not in out:
            continue
        head = verb.head.i
        parent = next(
            (
                k
                for k, group in out.items()
                if k != key and any(s.start <= head < s.end for s, _ in group)
            ),
            None,
        )
        if parent is not None:
            out[parent] = [*out[parent], *out.pop(key)]
    return out


def _outermost(places: list[tuple[Span, str | None]]) -> list[tuple[Span, str | None]]:
    """Drop a place nested in another of the same role ("Guayaquil" in "port of Guayaquil")."""
    return [
        (s, role)
        for s, role in places
        if not any(
            o is not s and r == role and o.start <= s.start and s.end <= o.end and len(o) > len(s)
            for o, r in places
        )
    ]


def _hub(span: Span) -> bool:
    """Whether a place is the subject of "is a hub / serves as a transit point / has been
    found to be a hub and route / ...", or the object a verb names a hub ("Europol calls
    Belgium a major hub")."""
    token = _climb(span.root)
    if isinstance(token, str) or token.dep_ not in {"nsubj", "nsubjpass", "dobj"}:
        return False
    verbs = [token.head, *(c for c in token.head.children if c.dep_ == "xcomp")]  # "found to be"
    if token.dep_ == "dobj":
        verbs = [token.head]
    wanted = {"oprd"} if token.dep_ == "dobj" else {"attr", "oprd"}
    nouns = [c for v in verbs for c in v.children if c.dep_ in wanted]
    nouns += [c for n in nouns for c in n.children if c.dep_ == "conj"]  # "a hub and route"
    nouns += [
        g
        for v in verbs
        for c in v.children
        if c.dep_ == "prep" and token.dep_ != "dobj"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    words = _cues().hubs
    return any(
        n.lemma_.lower() in words or f"{n.nbor(-1).lower_} {n.lower_}" in words
        for n in nouns
        if n.i > 0
    )


def _passed_through(span: Span) -> bool:
    """Whether a place is what a "through which" clause passes: "Guatemala has become a
    bottleneck through which most of the cocaine bound for the US passes", "Central
    America's weak states, through which the cocaine passes", "Belize, via which ..."."""
    via = _cues().via
    doc = span.doc
    for token in doc[span.sent.start : span.sent.end]:
        if token.lower_ not in {"which", "whom"} or token.dep_ != "pobj":
            continue
        prep = token.head
        if prep.lower_ not in via or prep.i != token.i - 1 or prep.i < 1:
            continue
        noun = doc[prep.i - 1]  # the antecedent, wherever the parser hung the clause
        while noun.is_punct and noun.i > span.sent.start:  # 'a "bottleneck" through which'
            noun = doc[noun.i - 1]
        if span.start <= noun.i < span.end or _climb(span.root) == noun:
            return True
        owner = span.end < noun.i and doc[span.end].tag_ == "POS"  # "Central America's states"
        if owner and all(t.pos_ in {"ADJ", "PUNCT"} for t in doc[span.end + 1 : noun.i]):
            return True
        subjects = [c for c in noun.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if noun.dep_ in {"attr", "oprd"} and any(span.start <= c.i < span.end for c in subjects):
            return True
    return False


def _goods_span_movement(
    sent: Span, places: list[tuple[Span, str | None]], markets: list[Span]
) -> list[tuple[int, str]]:
    """Goods followed by "from A to B" move, whatever verb governs them: "co-ordinating drugs
    from Malaysia to Australia" (the goods' word, as a movement phrase)."""
    doc = sent.doc
    starts = {s.start: s for s, _ in places}
    found = []
    for span in (s for s, _ in places):
        prep = span.start - 1
        if prep < sent.start + 1 or doc[prep].lower_ != "from":
            continue
        after = span.end
        if after + 1 >= sent.end or doc[after].lower_ not in {"to", "into"}:
            continue
        if after + 1 not in starts and not (doc[after + 1].lower_ == "the" and after + 2 in starts):
            continue
        noun = doc[prep - 1]
        inside = any(m.start <= noun.i < m.end for m in markets)
        if inside or (noun.pos_ == "NOUN" and noun.lemma_.lower() in _cues().goods):
            found.append((noun.i, noun.lower_))
    return found


def _made_and_sold(places: list[tuple[Span, str | None]]) -> dict[int, str]:
    """Places where goods are made and then sold, by the verbs one phrase joins: "heroin
    produced in Asia and sold in Europe" runs from Asia to Europe. Span start -> its role
    ("origin" or "destination"); empty unless both are found."""
    cues = _cues()
    made, sold = cues.made, cues.sold

    def verb_of(span: Span) -> Token | None:
        token = span.root
        if token.dep_ != "pobj" or token.head.lower_ not in {"in", "at"}:
            return None
        return token.head.head if token.head.head.pos_ == "VERB" else None

    roles: dict[int, str] = {}
    for span, _ in places:
        verb = verb_of(span)
        if verb is None or verb.lemma_.lower() not in made:
            continue
        partners = [c for c in verb.children if c.dep_ == "conj"]
        partners += [verb.head] if verb.dep_ == "conj" else []
        for other, _ in places:
            target = verb_of(other)
            if target is not None and target in partners and target.lemma_.lower() in sold:
                roles[span.start] = "origin"
                roles[other.start] = "destination"
    return roles


def _crossing_place(token: Token) -> bool:
    """Whether a movement word is a crossing point where something stands: "a billboard at
    the main crossing from Colombia to Ecuador" names a place, not a movement."""
    head = token.head
    return (
        token.pos_ == "NOUN"
        and token.lemma_.lower() == "crossing"
        and token.dep_ == "pobj"
        and head.lower_ in {"at", "near", "outside", "beside"}
        and not any(c.lower_ == "of" for c in token.children)
    )
