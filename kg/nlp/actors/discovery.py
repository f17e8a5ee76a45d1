"""Discovered groups: candidate names from name cues, appositions, quotes, suffixes and the
NER (checked by :mod:`kg.nlp.actors.name_checks`), their entities, and abbreviations a document
defines."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from kg.lexicon.actors import match_non_actor
from kg.lexicon.countries import resolve_country
from kg.lexicon.keys import (
    discovered_key,
)
from kg.lexicon.load import actor_cues
from kg.lexicon.models import CueTerm
from kg.lexicon.normalise import fold_key
from kg.models import Entity, EntityKind
from kg.nlp.actors.known_names import group_kind_of, relative_type, strip_accents
from kg.nlp.actors.matches import (
    Candidate,
    Matches,
    demonym_at,
    is_capitalised,
    name_token,
    touches_next,
)
from kg.nlp.actors.name_checks import (
    criminal_context,
    demonym_in_run,
    extend_left,
    extend_right,
    is_country_or_demonym,
    is_place,
    name_before_apposition,
    names_after,
    origin_before,
    skip_demonyms,
)
from kg.nlp.actors.words import (
    CLOSE_QUOTES,
    HYPHENS,
    MAFIA,
    MAX_NAME,
    NETWORKS,
    OPEN_QUOTES,
    PLACE_LABELS,
    POSSESSIVE,
    actor_words,
    crime_words,
    name_glue,
    place_names,
)


def defined_abbreviation(doc: Doc, start: int, end: int, matches: Matches) -> int | None:
    """The token of the abbreviation a parenthesis right after a group mention at ``start:end``
    defines, of the group's name or of the parenthesis's other name ("(KYG)", "(Fuerzas Unidas
    del Pacific – FUP)"); None beside a place ("the Sumiyoshi-kai (Tokyo)"), a group of its own
    or a gloss ("Viv Ansanm (Living Together, in Haitian Creole)"). The other name, often a
    translation, is not taken as a name."""
    close = _after_parenthesis(doc, end) - 1
    if close <= end:
        return None
    parts: list[tuple[int, int]] = []
    begin = end + 1
    for i in range(end + 1, close):
        spaced = doc[i].whitespace_ or doc[i - 1].whitespace_
        separator = doc[i].text in (",", ";") or (doc[i].text in (*HYPHENS, "\u2014") and spaced)
        if separator and i > begin:
            parts.append((begin, i))
            begin = i + 1
    parts.append((begin, close))
    abbreviation = parts[-1][0]
    if len(parts) > 2 or parts[-1][1] - abbreviation != 1:
        return None
    if not _abbreviation_like(doc[abbreviation].text):
        return None
    names = [doc[start:end].text]
    if len(parts) == 2:
        if not _own_name(doc, *parts[0], matches):
            return None
        names.append(doc[parts[0][0] : parts[0][1]].text)
    return abbreviation if any(_abbreviates(doc[abbreviation].text, n) for n in names) else None


def _abbreviation_like(text: str) -> bool:
    """2 to 8 characters, capitals (digits allowed), at least two letters: "KYG", "MS13"."""
    letters = [c for c in text if c.isalpha()]
    return 2 <= len(text) <= 8 and len(letters) >= 2 and text == text.upper() and text.isalnum()


def _own_name(doc: Doc, start: int, end: int, matches: Matches) -> bool:
    """A capitalised run that may be a group's other name ("Fuerzas Unidas de los Andes"): not
    a place, a country or a group of its own."""
    words = doc[start:end]
    if not name_token(words[0]) or not name_token(words[-1]):
        return False
    if not all(name_token(t) or t.lower_ in name_glue() or t.text in HYPHENS for t in words):
        return False
    if matches.claimed(start, end) or is_country_or_demonym(doc, start, end):
        return False
    whole_place = any(
        e.start <= start and end <= e.end for e in doc.ents if e.label_ in PLACE_LABELS
    )
    if fold_key(words.text) in place_names() or whole_place:
        return False
    return match_non_actor(words.text) is None


def _abbreviates(abbreviation: str, name: str) -> bool:
    """Whether ``abbreviation`` (2 to 8 capitals, digits allowed) can stand for ``name``: its
    letters appear in the name in order, the first being the name's first letter ("KYG" for
    "Kobe Yamaguchi-gumi", "FUP" for "Fuerzas Unidas del Pacific"; not "NSW" for "Hells Angels")."""
    letters = [c.lower() for c in abbreviation if c.isalpha()]
    text = strip_accents(name).lower()
    if not text or text[0] != letters[0]:
        return False
    position = 1
    for letter in letters[1:]:
        position = text.find(letter, position) + 1
        if position == 0:
            return False
    return True


def inside_name(doc: Doc, start: int, end: int) -> bool:
    """Whether a match is part of a longer capitalised name ("KYG" in "KYG Holdings")."""
    before = start > 0 and name_token(doc[start - 1]) and doc[start - 1].lower_ != "the"
    after = end < len(doc) and name_token(doc[end])
    return before or after


def entity_forms(entity: Entity) -> set[str]:
    """The names of a discovered group: its label (the name without a lower-case head) and the
    forms written so far ("Red Vipers cult")."""
    return {entity.label, *entity.aliases}


def discovered_entity(doc: Doc, cand: Candidate, country: str | None) -> Entity:
    """A group the lexicon does not list, typed by its head and its origin."""
    name = doc[cand.start : cand.end].text
    origin = cand.origin or origin_before(doc, cand.start) or country
    words = [*(cand.head.term.split() if cand.head else ()), name.split()[-1], name.split()[0]]
    kind = group_kind_of(words)
    own = getattr(cand.head, "actor_type", None) or (NETWORKS if kind == "network" else MAFIA)
    words = name.split()
    while len(words) > 1 and words[-1].islower():  # the label is the key's form, in any text
        words.pop()
    label = " ".join(words)
    return Entity(
        key=discovered_key(name),
        kind=EntityKind.GROUP,
        label=label,
        aliases=(name,) if name != label else (),
        actor_type=relative_type(own, origin, country),
        origin=origin,
        group_kind=kind,
    )


def prefix_names(doc: Doc, matches: Matches) -> Iterator[Candidate]:
    """Capitalised runs opened by a name prefix ("Los Tiguerones", "Cártel de Santa Rosa")."""
    for start, end, term in matches.prefixes:
        if not is_capitalised(doc[start]) or (start > 0 and name_token(doc[start - 1])):
            continue
        stop = extend_right(doc, end)
        if stop == end or is_place(doc, start, stop, matches):
            continue
        if term.weak and not criminal_context(doc, start, stop, matches):
            continue
        head = next((t for s, _, t in matches.name_heads if s == stop), None)
        yield Candidate(start, stop, "cue-name", head)


def name_head_names(doc: Doc, matches: Matches) -> Iterator[Candidate]:
    """Capitalised runs closed by a name head ("the Red Vipers cult", "Santa Rosa Cartel",
    "the FARC's 30th Front"), a name head followed by "of the X" ("United Force of the Pacific")."""
    prefixed = {start for start, _, _ in matches.prefixes}
    for start, end, term in matches.name_heads:
        title = is_capitalised(doc[start])
        if title and doc[start].is_sent_start:
            continue
        begin = skip_demonyms(doc, extend_left(doc, start, ordinal=True), start)
        if begin == start or is_country_or_demonym(doc, begin, start):
            continue
        if title and _name_goes_on(doc, begin, end):
            continue  # "the Formalities of Gang War", "From Prison Gang to ..." (title case)
        stop = _of_name_end(doc, end) if title else end
        needs_context = term.weak or term.term in actor_words().generic_name_heads
        if needs_context and not (
            criminal_context(doc, begin, stop, matches)
            or _listed_with_group(doc, begin, stop, matches)
        ):
            continue  # "the Lima Group", "the Pan American Health Organization"
        stop = start if begin in prefixed and not title else stop
        yield Candidate(begin, stop, "cue-name", term)


def _name_goes_on(doc: Doc, begin: int, end: int) -> bool:
    """Whether a capitalised head is a title's word, not a name's end: a capitalised noun follows
    it ("Gang War") or a capitalised preposition opens the run ("From Prison Gang")."""
    if doc[begin].pos_ == "ADP":
        return True
    following = doc[end] if end < len(doc) else None
    return following is not None and name_token(following) and following.pos_ in ("NOUN", "PROPN")


def _listed_with_group(doc: Doc, start: int, end: int, matches: Matches) -> bool:
    """Whether a name is listed next to a group mention ("Hezbollah, 4th Division and ...",
    "the NDAA and the UWSA"), read off the text: parsers often miss such lists."""
    i = start - 1 if start and doc[start - 1].lower_ == "the" else start
    if i >= 2 and doc[i - 1].lower_ in (",", "and", "or") and doc[i - 2].i in matches.groups:
        return True
    k = _after_parenthesis(doc, end)
    if k < len(doc) and doc[k].lower_ in (",", "and", "or"):
        k += 1
        k += 1 if k < len(doc) and doc[k].lower_ == "the" else 0
        return k < len(doc) and k in matches.groups
    return False


def _after_parenthesis(doc: Doc, end: int) -> int:
    """The token after a short parenthesis opening at ``end`` ("(NDAA)"), else ``end``."""
    if end >= len(doc) or doc[end].text != "(":
        return end
    close = next((j for j in range(end + 1, min(len(doc), end + 10)) if doc[j].text == ")"), None)
    return end if close is None else close + 1


def _of_name_end(doc: Doc, end: int) -> int:
    """The end of a name that goes on past its head with "of (the) X" ("Force of the Pacific",
    "Cartel of the Suns"), never over a country, nor over a bare place ("Gulf Cartel of Tampico";
    "of the Andes" goes on)."""
    i = end
    if i >= len(doc) or doc[i].lower_ != "of":
        return end
    article = i + 1 < len(doc) and doc[i + 1].lower_ == "the"
    i += 2 if article else 1
    if i >= len(doc) or not name_token(doc[i]):
        return end
    stop = extend_right(doc, i)
    if article:
        return end if resolve_country(doc[i:stop].text) is not None else stop
    place = is_country_or_demonym(doc, i, stop) or fold_key(doc[i:stop].text) in place_names()
    return end if place else stop


def apposition_names(doc: Doc, matches: Matches) -> Iterator[Candidate]:
    """Names in apposition to or listed after a group head ("the terrorist group X", "a gang
    called X", "gangs such as X and Y", "X, a criminal group")."""
    for start, end, term in matches.appositions:
        if any(not t.is_lower and not t.is_sent_start for t in doc[start:end]):
            continue
        if term.term in actor_words().generic_name_heads and not _criminal_head(
            doc, start, matches
        ):
            continue  # "organizations, including the Red Cross"
        origin = demonym_in_run(doc, start)
        for begin, stop in () if _person_apposition(doc, end) else names_after(doc, end):
            yield Candidate(begin, stop, "cue-apposition", term, origin)
        before = name_before_apposition(doc, start)
        if before is not None:
            yield Candidate(*before, "cue-apposition", term, origin)


def _person_apposition(doc: Doc, end: int) -> bool:
    """Whether a comma after a group head opens an apposition to a person of the group, not to
    the group ("the leader of the Kotor clan, Jovan Vukotić, ..."; "a member of the gang, X")."""
    if end >= len(doc) or doc[end].text != ",":
        return False
    head = doc[end - 1]
    if head.dep_ != "pobj" or head.head.lower_ != "of":
        return False
    return head.head.head.lemma_.lower() in actor_words().member_nouns | actor_words().person_nouns


def quoted_names(doc: Doc, matches: Matches) -> Iterator[Candidate]:
    """Quoted names beside a group head or in a criminal context ("the criminal gang “Foxtrot
    network”", "a rival gang, the “Dalen network”", "the “Óliver Sinisterra” dissident group",
    "members of the “X”")."""
    for i, token in enumerate(doc):
        if token.text not in OPEN_QUOTES:
            continue
        found = _quoted_run(doc, i)
        if found is None:
            continue
        start, end, after = found
        own_at = next(((s, t) for s, e, t in matches.name_heads if s >= start and e == end), None)
        if own_at is not None and _origin_and_head(doc, start, own_at[0]):
            continue  # "‘Maltese mafia’": an origin and a head, an unnamed collective
        own = own_at[1] if own_at is not None else None
        head = _head_before(doc, i, matches) or _head_after(doc, after, matches)
        if own is None and head is None and not criminal_context(doc, i, after, matches):
            continue
        yield Candidate(start, end, "cue-apposition", own or head)


def _origin_and_head(doc: Doc, start: int, head: int) -> bool:
    """Whether the words of a quoted run before its name head only state an origin (a
    country, a region, a demonym: "‘Maltese mafia’", "‘Balkan cartel’"), as the unquoted
    run does in :func:`name_head_names`."""
    if head <= start:
        return False
    return skip_demonyms(doc, start, head) == head or is_country_or_demonym(doc, start, head)


def _quoted_run(doc: Doc, open_at: int) -> tuple[int, int, int] | None:
    """A capitalised name inside the quotes opened at ``open_at``: (start, end, index after the
    closing quote); a comma or full stop before the closing quote stays outside the name."""
    start = open_at + 1
    limit = min(len(doc), start + MAX_NAME + 2)
    close = next((j for j in range(start, limit) if doc[j].text in CLOSE_QUOTES), None)
    if close is None or close == start or not name_token(doc[start]):
        return None
    end = close
    while end > start and doc[end - 1].text in (",", "."):
        end -= 1
    words = doc[start:end]
    if not all(t.is_alpha or t.text in HYPHENS or t.like_num for t in words):
        return None
    if not all(
        is_capitalised(t) or not t.is_alpha or t.lower_ in name_glue() or t.i == end - 1
        for t in words
    ):
        return None  # a quoted phrase, not a name; a lower-case head may close it ("network")
    return start, end, close + 1


def _head_before(doc: Doc, quote: int, matches: Matches) -> CueTerm | None:
    """The group head just before an opening quote ("gang “X”", "gang, the “X”"), also across
    a word that introduces a name ("a syndicate known as “X”", "a gang called ‘X’")."""
    i = quote
    if i > 0 and doc[i - 1].lower_ == "the":
        i -= 1
    if i > 1 and doc[i - 1].lower_ == "as" and doc[i - 2].lower_ in actor_words().introducers:
        i -= 2
    elif i > 0 and doc[i - 1].lower_ in actor_words().introducers:
        i -= 1
    if i > 0 and doc[i - 1].text == ",":
        i -= 1
    return _group_head_ending(i, matches)


def _head_after(doc: Doc, after: int, matches: Matches) -> CueTerm | None:
    """The group head a few modifiers after a closing quote ("“X” ex-FARC dissident group"),
    also in an apposition a dash or comma opens ("“X” – a gang of violent miners –")."""
    opens = after + 1 < len(doc) and doc[after].text in (",", *HYPHENS, "\u2014")
    if opens and doc[after + 1].lower_ in ("a", "an", "the"):
        after += 2
    for end in range(after + 1, min(len(doc), after + 6) + 1):
        head = _group_head_ending(end, matches)
        if head is not None:
            return head
        token = doc[end - 1]
        if token.pos_ not in ("ADJ", "NOUN", "PROPN", "PUNCT") or token.text in (",", ";", "."):
            return None
    return None


def _group_head_ending(end: int, matches: Matches) -> CueTerm | None:
    """A collective head of a criminal kind (not a typed head: "officials") ending before
    ``end``."""
    for _, head_end, cue in matches.heads:
        if head_end == end and not cue.term.implicated_only:
            return cue.term
    return None


def self_named(doc: Doc, matches: Matches) -> Iterator[Candidate]:
    """Names a group gives itself ("Calling itself the Defenders of the Pacific, the group
    arrived"): a capitalised run after "call(s) itself/themselves", with a group head in the
    sentence."""
    for i in range(len(doc) - 2):
        if doc[i].lemma_.lower() != "call" or doc[i + 1].lower_ not in actor_words().self_naming:
            continue
        j = i + 2
        j += 1 if doc[j].lower_ == "the" else 0
        j += 1 if j < len(doc) and doc[j].text in OPEN_QUOTES else 0
        if j >= len(doc) or not name_token(doc[j]):
            continue
        sent = doc[i].sent
        heads = [cue for s, _, cue in matches.heads if sent.start <= s < sent.end]
        if not any(not cue.term.implicated_only for cue in heads):
            continue
        yield Candidate(j, _of_name_end(doc, extend_right(doc, j)), "cue-apposition")


def suffix_names(doc: Doc, matches: Matches) -> Iterator[Candidate]:
    """Names closed by a name suffix, hyphenated or written solid ("the Matsuba-kai",
    "the Dojinkai"): the suffix outweighs the place gazetteers ("Matsuba" is also a place)."""
    for suffix in actor_cues().name_suffixes:
        stem = suffix.term.lstrip("-")
        for token in doc:
            if token.lower_ == stem and token.i >= 2 and doc[token.i - 1].text in HYPHENS:
                left = token.i - 2
                if (
                    touches_next(doc, left)
                    and touches_next(doc, left + 1)
                    and name_token(doc[left])
                ):
                    yield Candidate(extend_left(doc, left + 1), token.i + 1, "cue-name", suffix)
            elif _solid_suffix(token, stem):
                yield Candidate(token.i, token.i + 1, "cue-name", suffix)


def _solid_suffix(token: Token, stem: str) -> bool:
    """A capitalised word that ends with the suffix after a stem of four letters or more
    ("Dojinkai"; not "Sakai", a city)."""
    text = token.text
    return (
        name_token(token)
        and token.is_alpha
        and text.lower().endswith(stem)
        and len(text) - len(stem) >= 4
        and fold_key(text) not in place_names()
    )


def _criminal_head(doc: Doc, start: int, matches: Matches) -> bool:
    """Whether a generic head ("groups") is made criminal by the words just before it."""
    crime = crime_words() | actor_words().kin
    for i in range(start - 1, max(-1, start - 4), -1):
        token = doc[i]
        if token.lower_ in crime or i + 1 in matches.modifiers or demonym_at(doc, i + 1):
            return True
        if matches.market_within(i, i + 1):
            return True
        if token.pos_ not in ("ADJ", "NOUN", "ADV", "PUNCT") or token.text == ",":
            return False
    return False


def ner_names(doc: Doc, matches: Matches) -> Iterator[Candidate]:
    """ORG/NORP entities of the statistical model that the sentence treats as criminal."""
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "NORP"):
            continue
        start, end = ent.start, ent.end
        while start < end and doc[start].lower_ == "the":
            start += 1
        while end > start and doc[end - 1].lower_ in POSSESSIVE:
            end -= 1
        if start == end or not name_token(doc[start]) or matches.market_within(start, end):
            continue
        if criminal_context(doc, start, end, matches):
            yield Candidate(start, end, "ner")
