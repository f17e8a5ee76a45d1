"""Which places of a sentence move, and in which clause: containers, nested phrases,
relative clauses, hubs and focused phrases."""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Span, Token

from kg.lexicon.load import word_lists
from kg.lexicon.membership import countries_of
from kg.nlp.relations.cues import _cues
from kg.nlp.relations.roles import (
    _ROUTE_ROLES,
    _climb,
    _owner,
)
from kg.nlp.spans import mentions
from kg.resources import load_yaml


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
            elif word == "for" and _hub_noun(outer.head, cues.hubs, _transit_words()):
                role = "destination"  # "a transit point for countries in Western Europe"
        out.append((span, role))
    return out


@cache
def _way_nouns() -> frozenset[str]:
    data = load_yaml("relations.yaml")
    assert isinstance(data, dict)
    return frozenset(str(w).lower() for w in data["way_nouns"])


def _on_the_way(places: list[tuple[Span, str | None]]) -> list[tuple[Span, str | None]]:
    """A destination of a way's noun names the way, and is a stop on it: "through the border
    and the road to Nema" (``way_nouns`` in ``relations.yaml``)."""
    out = []
    for span, role in places:
        token = span.root
        while token.dep_ in {"conj", "appos"} and token.head != token:
            token = token.head
        prep = token.head
        noun = prep.head  # "the road to Nema", not "by road to Mombasa"
        named = any(c.dep_ == "det" for c in noun.children)
        way = noun.pos_ == "NOUN" and noun.lemma_.lower() in _way_nouns() and named
        if role == "destination" and token.dep_ == "pobj" and prep.lower_ == "to" and way:
            role = "via"
        out.append((span, role))
    return out


def _transit_words() -> frozenset[str]:
    """The one-word transit cues ("transit", "transshipment"), which make a noun a hub."""
    return frozenset(w for w in _cues().transit if " " not in w)


_DISTANCES = {"km", "kms", "kilometres", "kilometers", "miles", "mi", "metres", "meters", "away"}


def _no_end(span: Span) -> bool:
    """Whether a place's route preposition says something other than where goods move: a
    distance ("a town 30km from the Libyan border"), where people a pronoun stands for come
    from ("those from West Africa"), a source of information ("according to the EU Border
    Assistance Mission to Moldova") or a country described by a place ("the Persian Gulf
    country")."""
    token = span.root
    while token.dep_ in {"conj", "appos"} and token.head != token:
        token = token.head
    prep = token.head
    doc = span.doc
    before = doc[prep.i - 1] if prep.i > 0 else None
    if prep.lower_ == "from" and before is not None:
        unit = before.lower_.lstrip("0123456789.,")
        if unit in _DISTANCES:
            return True
    if prep.lower_ == "from" and prep.head.pos_ == "PRON":
        return True  # where people come from: "groups ... include those from West Africa"
    if _describes_country(span):
        return True
    return any(t.lower_ == "according" for t in token.ancestors)


def _describes_country(span: Span) -> bool:
    """Whether a place only qualifies a country noun ("to the Persian Gulf country", "the
    Caribbean nation"): the phrase names a country by description, not the place itself
    (``home_nouns`` in ``relations.yaml``)."""
    root = span.root
    head = root.head
    return (
        root.dep_ in {"compound", "amod", "nmod"}
        and head.i >= span.end
        and head.tag_ == "NN"
        and head.lemma_.lower() in _cues().home_nouns
    )


@cache
def _seizure_verbs() -> frozenset[str]:
    data = load_yaml("relations.yaml")
    assert isinstance(data, dict)
    return frozenset(str(w).lower() for w in data["seizure_verbs"])


def _goods_from(
    places: list[tuple[Span, str | None]], markets: list[Span]
) -> list[tuple[int, str]]:
    """Goods said to come from a place move from it, with no movement word of their own:
    "seizures of cannabis from Albania", "seized cocaine from South America", also where a
    movement word elsewhere in the sentence governs no place ("... from South America,
    underscoring its place as a transit hub", "smuggled cocaine from Montevideo's port to
    Africa" with "smuggled" read as a modifier) (the noun whose phrase, or the seizing verb
    whose object, names the goods before "from", as a movement phrase; ``seizure_verbs`` in
    ``relations.yaml``)."""
    found = []
    for span, role in places:
        token = span.root
        while token.dep_ in {"conj", "appos"} and token.head != token:
            token = token.head
        if role != "origin" or token.dep_ != "pobj" or token.head.lower_ != "from":
            continue
        prep = token.head
        governor = prep.head
        if governor.pos_ == "NOUN":
            goods = [range(governor.left_edge.i, prep.i)]
        elif governor.pos_ == "VERB" and governor.lemma_.lower() in _seizure_verbs():
            goods = [
                range(c.left_edge.i, c.right_edge.i + 1)
                for c in governor.children
                if c.dep_ in {"dobj", "nsubjpass"}
            ]
        else:
            continue
        if any(m.start in r for r in goods for m in markets):
            found.append((governor.i, governor.lower_))
    return found


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
    return _hub_words(span, _cues().hubs, _transit_words())


def _departure_hub(span: Span) -> bool:
    """Whether a place is a hub goods set out from ("X is a springboard for smuggling
    captagon to Europe", "a major set off point for smuggling to Jordan"): the origin of the
    sentence's routes, not a stop (``departure_hubs`` in ``relations.yaml``)."""
    return _hub_words(span, _departure_hub_words())


@cache
def _departure_hub_words() -> frozenset[str]:
    data = load_yaml("relations.yaml")
    assert isinstance(data, dict)
    return frozenset(str(w).lower() for w in data["departure_hubs"])


def _hub_words(span: Span, words: frozenset[str], modifiers: frozenset[str] = frozenset()) -> bool:
    """Whether a place is the subject (or the named object) of a noun of ``words``, or of a
    noun one of ``modifiers`` qualifies ("a transit access point"), also where the place only
    says where that subject lies ("coastal countries in West Africa have become the favoured
    passage": the countries are the hub, so their place is)."""
    token = _climb(span.root)
    if isinstance(token, str):
        return False
    if token.dep_ == "pobj" and token.head.lower_ == "in" and token.head.head.pos_ == "NOUN":
        noun = token.head.head  # "countries in West Africa", not "X village in Y desert"
        if not any(m.label_ == "PLACE" and m.start <= noun.i <= m.end for m in mentions(span.doc)):
            token = noun
    if token.dep_ not in {"nsubj", "nsubjpass", "dobj"}:
        return False
    verbs = [token.head, *(c for c in token.head.children if c.dep_ == "xcomp")]  # "found to be"
    if token.dep_ == "dobj":
        verbs = [token.head]
    wanted = {"oprd"} if token.dep_ == "dobj" else {"attr", "oprd"}
    nouns = [c for v in verbs for c in v.children if c.dep_ in wanted]
    nouns += [c for n in nouns for c in n.children if c.dep_ == "conj"]  # "a hub and route"
    nouns += [  # "one of the main transit countries"
        g
        for n in nouns
        if n.lower_ == "one"
        for c in n.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    nouns += [
        g
        for v in verbs
        for c in v.children
        if c.dep_ == "prep" and token.dep_ != "dobj"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    return any(_hub_noun(n, words, modifiers) for n in nouns if n.i > 0)


def _hub_noun(noun: Token, words: frozenset[str], modifiers: frozenset[str]) -> bool:
    """Whether a noun names a hub: a word of ``words`` ("hub", "transit point", "set off
    point"), or a noun qualified by one of ``modifiers`` ("a transit access point")."""
    doc = noun.doc
    return (
        noun.lemma_.lower() in words
        or (noun.i > 0 and f"{noun.nbor(-1).lower_} {noun.lower_}" in words)
        or " ".join(t.lower_ for t in doc[noun.i : noun.i + 3]) in words  # "set off point"
        or any(
            c.dep_ in {"compound", "amod"} and c.lower_ in modifiers and c.i < noun.i
            for c in noun.subtree  # "a transit access point"
        )
    )


def _unplaced_hub(sent: Span, places: list[tuple[Span, str | None]]) -> bool:
    """Whether the sentence calls a subject that is no place a hub or a route: "These
    countries have become important routes for cannabis to Europe" (the document's country,
    if an end at all, is one of those it passes)."""
    inside = {i for s, _ in places for i in range(s.start, s.end)}
    cues = _cues()
    for token in sent:
        if token.dep_ not in {"attr", "oprd"} or not _hub_noun(token, cues.hubs, frozenset()):
            continue
        subjects = [c for c in token.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects and not any(
            s.left_edge.i <= i <= s.right_edge.i for s in subjects for i in inside
        ):
            return True
    return False


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


def _made_and_sold(
    places: list[tuple[Span, str | None]],
) -> tuple[dict[int, str], list[tuple[int, str]]]:
    """Places where goods are made and then sold, by the verbs one phrase joins: "heroin
    produced in Asia and sold in Europe", "cannabis grown in Paraguay is consumed in Brazil"
    (the making in the selling verb's subject) run from where they are made to where they are
    sold, and so does a place the copula calls the source of goods sold elsewhere ("Paraguay
    is the main source of cannabis sold in Brazil"). Span start -> its role ("origin" or
    "destination"), empty unless both are found, and the verbs as movement phrases."""
    cues = _cues()
    made, sold = cues.made, cues.sold

    def verb_of(span: Span) -> Token | None:
        token = span.root
        while token.dep_ == "conj" and token.head != token:  # "sold in Brazil and Argentina"
            token = token.head
        if token.dep_ != "pobj" or token.head.lower_ not in {"in", "at"}:
            return None
        return token.head.head if token.head.head.pos_ == "VERB" else None

    def subject_of(verb: Token) -> list[Token]:
        return [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]

    def partners_of(verb: Token) -> list[Token]:
        partners = [c for c in verb.children if c.dep_ == "conj"]
        partners += [verb.head] if verb.dep_ == "conj" else []
        for token in verb.ancestors:  # the making in the selling verb's subject
            partners += [
                token for c in subject_of(token) if c.left_edge.i <= verb.i <= c.right_edge.i
            ]
        return partners

    def source_of(span: Span) -> Token | None:
        """The noun a copula makes the place a source of ("X is the main source of")."""
        token = span.root
        if token.dep_ != "nsubj":
            return None
        return next(
            (
                c
                for c in token.head.children
                if c.dep_ == "attr" and c.lemma_.lower() in cues.source
            ),
            None,
        )

    roles: dict[int, str] = {}
    verbs: list[tuple[int, str]] = []
    for span, _ in places:
        verb = verb_of(span)
        source = source_of(span) if verb is None else None
        if source is None and (verb is None or verb.lemma_.lower() not in made):
            continue
        for other, _ in places:
            target = verb_of(other)
            if target is None or target.lemma_.lower() not in sold:
                continue
            if verb is not None and target not in partners_of(verb):
                continue
            if source is not None and not (
                target.dep_ == "acl" and source.left_edge.i <= target.i <= source.right_edge.i
            ):
                continue
            roles[span.start] = "origin"
            roles[other.start] = "destination"
            verbs += [(t.i, t.lower_) for t in (verb, target) if t is not None]
    return roles, list(dict.fromkeys(verbs))


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


@cache
def _route_nouns() -> frozenset[str]:
    """Nouns of a route named by its ends (``route_nouns`` in ``relations.yaml``)."""
    data = load_yaml("relations.yaml")
    assert isinstance(data, dict)
    return frozenset(str(w).lower() for w in data["route_nouns"])


_LINKS = {"-", "–", "—", "to", "/"}


def _named_route(
    sent: Span, places: list[tuple[Span, str | None]]
) -> tuple[dict[int, str], list[tuple[int, str]]]:
    """A route named by its ends: "the Colombia–Europe route", "the Ghana-to-Europe
    corridor" (places joined by dashes right before a route noun), "the corridor between
    Ghana and Nigeria" (a route noun's "between" phrase) run from the first place to the last,
    through those between (and through the last, to a destination named after them). Span
    start -> its role, and the route nouns as movement phrases."""
    doc = sent.doc
    nouns = _route_nouns()
    spans = sorted((s for s, _ in places), key=lambda s: s.start)
    roles: dict[int, str] = {}
    movement: list[tuple[int, str]] = []

    def name(chain: list[Span], noun: Token) -> None:
        if len({s.kb_id_ for s in chain}) < 2:
            return
        # a destination the sentence names after the route goes on from its last place: "the
        # Tajikistan–Kyrgyzstan pathway sees drugs passing through to Kazakhstan"
        onward = any(role == "destination" and s.start > noun.i for s, role in places)
        roles[chain[0].start] = "origin"
        roles[chain[-1].start] = "via" if onward else "destination"
        for span in chain[1:-1]:
            roles[span.start] = "via"
        movement.append((noun.i, noun.lower_))

    used: set[int] = set()
    for first in spans:
        if first.start in used:
            continue
        chain = [first]
        while True:  # "Colombia – Europe", "Ghana - to - Europe"
            j = chain[-1].end
            links = 0
            while j < sent.end and doc[j].lower_ in _LINKS:
                j, links = j + 1, links + 1
            after = next((s for s in spans if s.start == j), None)
            if not links or after is None:
                break
            chain.append(after)
        if len(chain) < 2:
            continue
        used |= {s.start for s in chain}
        j = chain[-1].end
        while j < sent.end and j - chain[-1].end < 3 and doc[j].lemma_.lower() not in nouns:
            if doc[j].pos_ not in {"NOUN", "ADJ", "PROPN"} or doc[j].is_punct:
                break
            j += 1  # "the Brazil-Nigeria cocaine route"
        if j < sent.end and doc[j].lemma_.lower() in nouns and doc[j].pos_ == "NOUN":
            name(chain, doc[j])
    for span in spans:  # "the corridor between Ghana and Nigeria"
        prep = span.root.head
        if span.root.dep_ != "pobj" or prep.lower_ != "between" or span.start in roles:
            continue
        noun = prep.head
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in nouns:
            continue
        others = [s for s in spans if s.root.dep_ == "conj" and s.root.head == span.root]
        ends = [c for c in span.root.children if c.dep_ == "conj"]
        ends += [c for e in ends for c in e.children if c.dep_ == "conj"]
        if len(others) == 1 and len(ends) == 1:  # not "routes between India, China and X"
            name([span, others[0]], noun)
    return roles, movement


def _made_abroad(span: Span, role: str | None, moving: set[int], home: str | None) -> bool:
    """Whether a place is where the moving goods were made, abroad: "a transit country for
    cocaine produced in Colombia and Peru", "hashish produced in the Bekaa Valley ... are part
    of the drug flows" (in a text about Jordan), "produced in the Golden Triangle and shipped
    across the South China Sea". The "in" phrase of a verb of making (``made_and_sold`` in
    ``relations.yaml``) that qualifies the goods or is joined to a movement verb, in a country
    other than the document's: the route's origin. (Made at home, the document's country
    stays the origin, as profiles count it: "opium cultivated in Cajamarca"; and a route
    with an origin of its own keeps it: "opiates produced in the Golden Crescent are
    trafficked from Iran".)"""
    if role != "located" or home is None:
        return False
    token = _climb(span.root)
    if isinstance(token, str) or token.dep_ != "pobj" or token.head.lower_ != "in":
        return False
    verb = token.head.head
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in _cues().made:
        return False
    joined = any(c.dep_ == "conj" and c.i in moving for c in verb.children)
    if verb.dep_ != "acl" and not joined:
        return False
    countries = countries_of(span.kb_id_)
    return bool(countries) and home.rsplit("/", 1)[-1] not in countries
