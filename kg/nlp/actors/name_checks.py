"""The extent of a candidate group name and the checks it must pass: not a place, country or
demonym, a valid name, in a criminal context."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from kg.lexicon.actors import match_non_actor
from kg.lexicon.countries import countries_by_demonym, resolve_country
from kg.lexicon.load import word_lists
from kg.lexicon.normalise import fold_key
from kg.nlp.actors.implication import works_with_criminals
from kg.nlp.actors.matches import (
    Matches,
    country_demonym,
    country_ending_at,
    demonym_at,
    name_token,
    touches_next,
)
from kg.nlp.actors.words import (
    HYPHENS,
    MAX_NAME,
    ORDINAL,
    PLACE_LABELS,
    POSSESSIVE,
    actor_words,
    bare_words,
    ethnic_groups,
    name_glue,
    place_names,
    regions,
)


def extend_right(doc: Doc, start: int) -> int:
    """The end of a capitalised name run from ``start``: connectors inside, never at the end."""
    end = i = start
    limit = min(doc[start - 1].sent.end if start else len(doc), start + MAX_NAME)
    while i < limit:
        token = doc[i]
        if name_token(token) or (token.text[:1].isdigit() and i > start):
            end = i = i + 1
            continue
        glue = token.lower_ in name_glue() or (token.text in HYPHENS and touches_next(doc, i - 1))
        if glue and i + 1 < limit and name_token(doc[i + 1]):
            i += 1
            continue
        break
    return end


def extend_left(doc: Doc, end: int, ordinal: bool = False) -> int:
    """The start of a capitalised name run ending before token ``end``; with ``ordinal``, an
    ordinal may open it ("30th Front", "4th Division")."""
    start = i = end
    floor = max(doc[end].sent.start if end < len(doc) else 0, end - MAX_NAME)
    while i > floor:
        token = doc[i - 1]
        if name_token(token) and token.lower_ not in ("the", "a", "an"):
            start = i = i - 1
            continue
        if ordinal and ORDINAL.match(token.text):
            return i - 1
        glue = token.lower_ in name_glue() or (token.text in HYPHENS and touches_next(doc, i - 1))
        if glue and token.lower_ != "the" and i - 1 > floor and name_token(doc[i - 2]):
            i -= 1
            continue
        break
    return start


def skip_demonyms(doc: Doc, begin: int, end: int) -> int:
    """Move past demonyms opening a name run ("Mexican Gulf Cartel" -> "Gulf Cartel")."""
    moved = True
    while moved and begin < end:
        moved = False
        for stop in range(min(end, begin + 3), begin, -1):
            found = demonym_at(doc, stop)
            if found is not None and found[0] == begin:
                begin, moved = stop, True
                break
    return begin


def is_country_or_demonym(doc: Doc, start: int, end: int) -> bool:
    """A run that only names a country, a region or a demonym ("the Mexico cartel"; "Latin
    Americans", a region's adjective in the plural)."""
    text = doc[start:end].text
    folded = fold_key(text)
    adjectives, places = regions()
    return (
        resolve_country(text) is not None
        or folded in adjectives
        or (folded.endswith("s") and folded[:-1] in adjectives)
        or folded in places
        or bool(countries_by_demonym(text))
        or folded in ethnic_groups()
    )


def is_place(doc: Doc, start: int, end: int, matches: Matches) -> bool:
    """Evidence a prefix name is a place: the gazetteers, a locative preposition, or the NER
    when nothing in the sentence treats the name as a group."""
    if is_country_or_demonym(doc, start, end) or fold_key(doc[start:end].text) in place_names():
        return True
    if start > 0 and doc[start - 1].lower_ in actor_words().locatives:
        return True
    ner_place = any(
        e.label_ in PLACE_LABELS and e.start <= start and end <= e.end for e in doc.ents
    )
    return ner_place and not criminal_context(doc, start, end, matches)


def valid_name(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens ``start:end`` can name a criminal group at all."""
    span = doc[start:end]
    if len(span) > MAX_NAME + 2 or not any(t.is_alpha for t in span):
        return False
    if all(t.lower_ in bare_words() for t in span):
        return False  # a lone article or prefix ("Los" before a quoted name) names nothing
    if is_country_or_demonym(doc, start, end) or fold_key(span.text) in place_names():
        return False
    if match_non_actor(span.text) is not None:
        return False
    following = doc[end] if end < len(doc) else None
    if following is not None and following.is_lower and following.pos_ in ("NOUN", "PROPN"):
        return match_non_actor(f"{span.text} {following.text}") is None
    return True


def criminal_context(doc: Doc, start: int, end: int, matches: Matches) -> bool:
    """Whether the text treats tokens ``start:end`` as a criminal organisation's name."""
    if _beside_group(doc, start, end, matches):
        return True
    i = start - 1 if start and doc[start - 1].lower_ == "the" else start
    if i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].i in matches.implication:
        return True  # "involvement of the 4th Division"
    if (
        i >= 2
        and doc[i - 1].lower_ == "of"
        and doc[i - 2].lemma_.lower() in actor_words().member_nouns
    ):
        return True
    if i >= 2 and doc[i - 1].lower_ in ("with", "to") and doc[i - 2].lower_ in actor_words().ties:
        return True
    after = end + 1 if end < len(doc) and doc[end].lower_ in POSSESSIVE else end
    if after < len(doc) and doc[after].lemma_.lower() in actor_words().member_nouns:
        following = doc[after + 1].lemma_.lower() if after + 1 < len(doc) else ""
        return following not in ("state", "country", "nation")  # "EU member states"
    root = doc[start:end].root
    if works_with_criminals(root, matches):
        return True  # "the X is providing massive support to Pakistani smugglers"
    if root.dep_ == "nsubj":
        verb = root.head.lemma_.lower()
        if verb in actor_words().crime_verbs:
            return True
        head = root.head
        subtree = (head.left_edge.i, head.right_edge.i + 1)
        return verb in actor_words().control_verbs and matches.market_within(*subtree)
    following = end + 1 if end < len(doc) and doc[end].pos_ == "ADV" else end
    word = doc[following].lower_ if following < len(doc) else ""
    if word in actor_words().crime_forms:
        return True
    return word in actor_words().control_forms and matches.market_within(following, following + 6)


def _beside_group(doc: Doc, start: int, end: int, matches: Matches) -> bool:
    """Whether a name stands where a group does: a unit of a group ("the FARC's 30th Front") or
    said to be a group ("The first group to appear was the X")."""
    if start >= 2 and doc[start - 1].lower_ in POSSESSIVE and doc[start - 2].i in matches.groups:
        return True
    root = doc[start:end].root
    if root.dep_ not in ("attr", "nsubj") or root.head.lemma_ != "be":
        return False
    other = "nsubj" if root.dep_ == "attr" else "attr"
    heads = {e - 1 for _, e, cue in matches.heads if not cue.term.implicated_only}
    return any(t.dep_ == other and t.i in heads for t in root.head.children)


def origin_before(doc: Doc, start: int) -> str | None:
    """A demonym or possessive country just before a name ("Ecuador's", "the Venezuelan")."""
    code = country_demonym(doc, start)
    if code is None and start >= 2 and doc[start - 1].lower_ in POSSESSIVE:
        code = country_ending_at(doc, start - 1)
    return code


def demonym_in_run(doc: Doc, head_start: int) -> str | None:
    """The country demonym among the few words before an apposition head ("a Colombian gang")."""
    i = head_start
    while i > 0 and head_start - i < 5:
        code = country_demonym(doc, i)
        if code is not None:
            return code
        if doc[i - 1].pos_ not in ("ADJ", "NOUN", "ADV", "PROPN"):
            return None
        i -= 1
    return None


def names_after(doc: Doc, end: int) -> Iterator[tuple[int, int]]:
    """Names after an apposition head: "group X", "gang called X", "groups such as X and Y"."""
    n = len(doc)
    i = end + 1 if end < n and doc[end].text == "," else end
    listing = i < n and doc[i].lower_ in word_lists().listing_words
    if i < n and doc[i].lower_ in actor_words().introducers | word_lists().listing_words:
        i += 2 if i + 1 < n and doc[i + 1].lower_ in ("as", "itself", "them") else 1
    elif i > end and not _appositive(doc, end, i):
        return
    while i < n:
        i += 1 if doc[i].lower_ == "the" else 0
        if (
            i + 1 < n
            and doc[i].lemma_.lower() in actor_words().member_nouns
            and doc[i + 1].lower_ == "of"
        ):
            i += 3 if i + 2 < n and doc[i + 2].lower_ == "the" else 2
        if i >= n or not name_token(doc[i]):
            return
        stop = extend_right(doc, i)
        if not is_country_or_demonym(doc, i, stop):
            yield i, stop
        if not listing:
            return
        i = stop
        while i < n and doc[i].lower_ in actor_words().list_glue:
            i += 1


def _appositive(doc: Doc, head_end: int, start: int) -> bool:
    """A singular head, a comma, a name closed by a comma ("a newer gang, the Red Vipers, ...")."""
    if doc[head_end - 1].tag_ != "NN":
        return False
    begin = start + 1 if start < len(doc) and doc[start].lower_ == "the" else start
    if begin >= len(doc) or not name_token(doc[begin]):
        return False
    stop = extend_right(doc, begin)
    return stop < len(doc) and doc[stop].text in (",", ")", ";")


def name_before_apposition(doc: Doc, head_start: int) -> tuple[int, int] | None:
    """The name before a comma that opens an apposition to the head ("X, a criminal group")."""
    i = head_start
    while i > 0 and head_start - i < 5 and doc[i - 1].pos_ in ("ADJ", "NOUN", "PROPN", "ADV"):
        i -= 1
    if i < 2 or doc[i - 1].lower_ not in ("a", "an", "the") or doc[i - 2].text != ",":
        return None
    end = i - 2
    start = extend_left(doc, end)
    return (start, end) if start < end else None
