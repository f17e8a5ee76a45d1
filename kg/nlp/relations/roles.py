"""Where a place or an actor sits in a sentence: place roles, clauses, origin phrases."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.lexicon.keys import country_key
from kg.lexicon.load import place_cues, word_lists
from kg.models import EntityKind, Paragraph
from kg.nlp.relations.cues import _cues, _phrases
from kg.nlp.spans import overlaps


def _climb(token: Token) -> Token | str:
    """From a place's root to the noun whose governor decides its role.

    Climbs conjunctions, appositions, compounds ("La Libertad region") and "including" lists
    ("Europe, including Belgium"); returns ``"listed"`` for a list hanging off a verb (its
    role is the previous place's) and ``"qualifier"`` for a possessive ("Peru's").
    """
    for _ in range(12):
        head = token.head
        if head == token:
            return token
        if token.dep_ == "poss" or _based(token):
            return "qualifier"  # "Peru's", "São Paulo-based": it qualifies a noun's phrase
        if token.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _cues().compass:
            token = head.head  # "an airstrip south of Lae": the airstrip's role
            if token.dep_ in {"advmod", "npadvmod", "amod"} and token.head != token:
                token = token.head
            continue
        if (
            token.dep_ == "pobj"
            and head.lower_ == "of"
            and head.head.pos_ == "NOUN"
            and head.head.dep_ in {"pobj", "nsubj", "nsubjpass", "dobj"}
        ):  # "in the city of X", "the outskirts of X": the outer noun's role
            token = head.head
            continue
        such_as = head.lower_ == "as" and head.i > 0 and head.nbor(-1).lower_ == "such"
        if token.dep_ == "pobj" and (head.lower_ in word_lists().listing_words or such_as):
            if head.head.pos_ in {"NOUN", "PROPN"}:
                token = head.head
                continue
            return "listed"
        if token.dep_ in {"conj", "appos", "compound", "amod", "nmod"}:
            token = head
            continue
        return token
    return token


def _based(token: Token) -> bool:
    """Whether a place word modifies "based" ("the São Paulo-based gang")."""
    head = token.head
    modifies_based = token.dep_ in {"npadvmod", "compound", "nmod"} and head.lower_ == "based"
    return modifies_based and head.dep_ == "amod"


def place_role(span: Span) -> str | None:
    """``origin``, ``destination``, ``via``, ``located``, ``listed``, ``qualifier`` or None."""
    cues = _cues()
    token = _climb(span.root)
    if token == "listed":
        prep = _dangling_preposition(span)
        role = _preposition_role(prep) if prep is not None else None
        return role or token
    if isinstance(token, str):
        return token
    if token.dep_ in {"nsubj", "nsubjpass"}:
        return "located"  # "Peru serves as a source of opium", "The Puno region is a hotspot"
    if token.dep_ == "dobj":  # "the heroin reaches the port of Mombasa"
        lemma = token.head.lemma_.lower()
        return next((role for role, verbs in cues.object_roles if lemma in verbs), None)
    role = _preposition_role(token.head) if token.dep_ == "pobj" else None
    if role is None:
        prep = _dangling_preposition(span)
        role = _preposition_role(prep) if prep is not None else None
    return role


def _dangling_preposition(span: Span) -> Token | None:
    """The preposition a parenthetical cuts off from its place ("markets in, among other
    places, Stockholm and Uppsala"): one right before a comma, with no object of its own,
    at most twelve words before the place."""
    doc = span.doc
    for j in range(span.start - 2, max(span.sent.start, span.start - 12) - 1, -1):
        token = doc[j]
        if token.pos_ == "ADP" and doc[j + 1].text == ",":
            return None if any(c.dep_ == "pobj" for c in token.children) else token
    return None


def _preposition_role(prep: Token) -> str | None:
    """The role a preposition gives its place, by its word and its governor."""
    cues = _cues()
    word = prep.lower_
    before = prep.nbor(-1).lower_ if prep.i > prep.sent.start else ""
    if word == "of" and before in {"out", "way"}:
        word = f"{before} of" if before == "out" else "by way of"
    governor = prep.head
    governing = {governor.lemma_.lower(), governor.lower_}
    if word == "for":
        return "destination" if governing & cues.destination_for else None
    if word in cues.origin:
        return "origin"
    if word in cues.destination:
        return "destination"
    if word in cues.via:
        return "via"
    if word in {"in", "at"} and governing & cues.origin_verbs:
        return "origin"
    if word in {"in", "at"} and governing & cues.arrival:
        return "destination"
    if word in cues.locative:
        return "located"
    return None


def _verb(token: Token) -> Token:
    """The verb (or sentence root) a token depends on."""
    while token.pos_ not in {"VERB", "AUX"} and token.head != token:
        token = token.head
    return token


_ROUTE_ROLES = {"origin", "destination", "via"}
_SHARED_SUBJECT = {"conj", "xcomp", "advcl", "pcomp", "acl", "prep", "pobj", "dobj"}


def _owner(token: Token) -> Token:
    """The clause whose subject governs a token: its verb, climbing verbs without a subject of
    their own ("smuggles cocaine and launders the profits"; "using river routes")."""
    verb = _verb(token)
    for _ in range(8):
        if any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in verb.children):
            return verb
        if verb.dep_ not in _SHARED_SUBJECT or verb.head == verb:
            return verb
        verb = _verb(verb.head)
    return verb


def _frame_places(sent: Span, located: list[Span]) -> list[Span]:
    """Places of a sentence-opening phrase ("In Michoacán, X ... while Y ..."), which set the
    scene for every clause of the sentence."""
    root = sent.root
    subjects = [c.i for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}]
    first = min(subjects, default=root.i)
    out = []
    for place in located:
        token = _climb(place.root)
        if isinstance(token, str) or token.dep_ != "pobj":
            continue
        prep = token.head
        opening = sent.doc[sent.start : prep.i]  # "Meanwhile, in X, ..."
        leading = all(t.dep_ in {"advmod", "punct", "cc", "intj"} for t in opening)
        if prep.head == root and prep.i < first and leading:
            out.append(place)
    return out


def _paragraph_markets(paragraph: Paragraph) -> list[str]:
    from kg import taxonomy

    return [
        f"market/{i}" for i in paragraph.indicators if taxonomy.indicator(i).kind.value == "market"
    ]


def _in_subtree(span: Span, root: Token) -> bool:
    return root.left_edge.i <= span.start and span.end - 1 <= root.right_edge.i


def _resolve_listed(places: list[tuple[Span, str | None]]) -> list[tuple[Span, str | None]]:
    """A place in a list hanging off a verb takes the role of the place before it."""
    out, last = [], None
    for span, role in places:
        if role == "listed":
            role = last
        if role in {"origin", "destination", "via"}:
            last = role
        out.append((span, role))
    return out


def _within(place: str, home: str) -> bool:
    """Whether a place key lies in the home country (by its key's ISO code)."""
    code = home.rsplit("/", 1)[-1]
    return place == home or place.startswith((f"place/region/{code}-", f"place/city/{code}/"))


def _other_side(border: str, home: str) -> str | None:
    """``place/border/BO-PE`` seen from ``place/country/PE`` -> ``place/country/BO``."""
    codes = border.rsplit("/", 1)[-1].split("-")
    mine = home.rsplit("/", 1)[-1]
    others = [c for c in codes if c != mine]
    return country_key(others[0]) if len(codes) == 2 and len(others) == 1 else None


def _route_noun(verb: Token) -> bool:
    """Whether a verb of change describes a route noun: "a route stretching from A to B"."""
    hubs = _cues().hubs
    noun = verb.head if verb.dep_ in {"acl", "relcl"} else None
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return any(
        t.lemma_.lower() in hubs or t.lower_ in hubs for t in [*subjects, *([noun] if noun else [])]
    )


def _moved(span: Span, role: str | None, moving: set[int], clauses: set[int]) -> bool:
    """Whether a place's route role comes from a movement: its preposition hangs on a movement
    word, on the verb above one, on a verb of origin or arrival, or in a clause that moves
    (``clauses``: the clauses of the sentence's movement words) — never on a verb of change
    ("spread from A to B")."""
    if role not in _ROUTE_ROLES:
        return True
    token = _climb(span.root)
    if isinstance(token, str) or token.dep_ != "pobj":
        return True  # a verb's object: "reaches the port of X"
    governor = token.head.head
    cues = _cues()
    lemma = governor.lemma_.lower()
    if lemma in cues.not_movement and not _route_noun(governor):
        return False
    if lemma in cues.origin_verbs or lemma in cues.arrival or lemma in cues.destination_for:
        return True
    verb = _verb(governor)
    return governor.i in moving or verb.i in moving or _owner(governor).i in clauses


def _actor_head(span: Span) -> Token:
    """The noun an actor mention hangs on ("Brazilian" in "Brazilian and Colombian groups")."""
    token = span.root
    for _ in range(6):
        if token.dep_ in {"amod", "compound", "conj", "nmod"} and token.head != token:
            if token.dep_ == "conj" and token.head.pos_ not in {"ADJ", "PROPN"}:
                break
            token = token.head
        else:
            break
    return token


def _origin_phrase(span: Span, actors: list[Span]) -> bool:
    """Whether a place says where actors come from: "actors from Venezuela", "foreign
    traffickers, particularly from Colombia", "groups coming from Albania", "gangs originating
    in Nigeria" (their origin, not where they operate)."""
    token = _climb(span.root)
    if isinstance(token, str) or token.dep_ != "pobj" or token.head.lower_ not in {"from", "in"}:
        return False
    prep, governor = token.head, token.head.head
    if prep.lower_ == "in" and governor.lemma_.lower() not in _cues().origin_verbs:
        return False  # "in" only after a verb of origin: "gangs originating in Nigeria"
    if any(a.start <= governor.i < a.end for a in actors):
        return True
    if governor.dep_ == "acl" and governor.lemma_.lower() in _cues().origin_verbs:
        head = governor.head  # "groups coming from Albania", "gangs originating in Nigeria"
        if any(a.start <= head.i < a.end or _actor_head(a).i == head.i for a in actors):
            return True
    if overlaps(governor.doc, governor.i, governor.i + 1, [EntityKind.MARKET]):
        return False  # the goods' origin, where the parse made the verb a noun ("X ships cocaine")
    if any(_actor_head(a).i == governor.i for a in actors):
        return True
    before = [a for a in actors if a.end <= prep.i]
    if not before:
        return False  # "traffickers, particularly from Colombia": only commas and adverbs between
    gap = prep.doc[max(a.end for a in before) : prep.i]
    return all(t.is_punct or t.pos_ == "ADV" for t in gap)


def _staying(
    sent: Span,
    places: list[tuple[Span, str | None]],
    actors: list[Span] = (),  # type: ignore[assignment]
) -> list[tuple[Span, str | None]]:
    """Place roles for presences: a route role outside any movement ("fighting along the
    edge of Michoacán", "expanded into Guatemala") locates instead; an actor's origin phrase
    ("actors from the Balkans") places nobody."""
    cues = _cues()
    movement = _phrases(sent, cues.movement)
    moving = {i + k for i, phrase in movement for k in range(len(phrase.split()))}
    clauses = {_owner(sent.doc[i]).i for i in moving}
    out = []
    for span, role in _resolve_listed(places):
        if _origin_phrase(span, actors):
            role = "origin-of-actor"
        elif _bracketed_base(span, actors) or (
            role in _ROUTE_ROLES and not (movement and _moved(span, role, moving, clauses))
        ):
            role = "located"
        out.append((span, role))
    return out


def _bracketed_base(place: Span, actors: list[Span]) -> bool:
    """A place in brackets right after an actor is where it is based: "the Yamaguchi-gumi
    (Kobe)", "the Dojinkai (Fukuoka prefecture)", whatever the parse makes of the brackets."""
    doc = place.doc
    opening = place.start - 1
    if opening < 1 or doc[opening].text != "(" or not any(a.end == opening for a in actors):
        return False
    heads = place_cues().region_heads
    closing = place.end
    while closing < len(doc) and doc[closing].lower_ in heads:
        closing += 1
    return closing < len(doc) and doc[closing].text == ")"


def _home_mentions(sent: Span, inside: list[Span], country: str | None) -> list[Span]:
    """ "the country" standing for the document's country: a place span for routes only."""
    if country is None:
        return []
    out = []
    for token in sent:
        if token.lemma_.lower() not in _cues().home_nouns or token.tag_ != "NN":
            continue
        modifiers = [c for c in token.children if c.dep_ not in {"punct", "prep"}]
        if [c.lower_ for c in modifiers] != ["the"] or token.i == modifiers[0].i:
            continue
        if any(s.start <= token.i < s.end for s in inside):
            continue
        out.append(
            Span(sent.doc, token.i - 1, token.i + 1, label="PLACE", kb_id=country_key(country))
        )
    return out


# ---------------------------------------------------------------------------- a paragraph
