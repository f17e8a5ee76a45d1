"""Whether the text implicates people in crime: an implication cue (``actor_cues.yaml``) that
modifies a head, governs it, or sits in its clause; shared along a coordination of heads; or a
tie to a criminal actor: working with one ("politicians using gangs", "police collude with
traffickers") or being counted among a criminal collective's members ("groups consisting of
members of the security forces, politicians and criminals"). Officials, companies and demonyms
as nouns are actors only where implicated."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from kg.nlp.actors.matches import Matches, Run
from kg.nlp.actors.words import CLAUSE_DEPS, VERBAL, HeadCue, actor_words

__all__ = ["implicated", "implicated_heads", "works_with_criminals"]


def implicated_heads(
    doc: Doc, heads: list[tuple[int, int, HeadCue, Run]], matches: Matches
) -> list[bool]:
    """Whether each head is implicated; heads in one coordination share it ("with law
    enforcement, politicians and judiciary members frequently implicated")."""
    found = [implicated(doc, end - 1, matches) for _, end, _, _ in heads]
    groups: list[list[int]] = []
    for index, (_, _, _, run) in enumerate(heads):
        previous_end = heads[index - 1][1] if index else -1
        between = doc[previous_end : run.start] if index else None
        joined = (
            between is not None
            and len(between) > 0
            and all(t.text == "," or t.lower_ in ("and", "or") for t in between)
        )
        if joined:
            groups[-1].append(index)
        else:
            groups.append([index])
    for group in groups:
        if any(found[i] for i in group):
            for i in group:
                found[i] = True
    return found


def implicated(doc: Doc, head: int, matches: Matches) -> bool:
    """Whether an implication cue modifies the head, governs it, or sits in its clause."""
    cues = matches.implication
    token = doc[head]
    if any(t.i in cues for t in token.subtree):
        return True
    token = _first_conjunct(token)
    if _tied_to_criminals(token, matches):
        return True
    if any(t.i in cues for left in token.lefts for t in left.subtree):
        return True  # "Corrupt prison guards and police officers"
    governor = token.head
    if token.dep_ in ("nsubj", "nsubjpass"):
        active = token.dep_ == "nsubj"
        return any(_implicates(t, cues, active) for t in _clause(governor))
    if token.dep_ in ("appos", "dep", "ROOT", "npadvmod"):  # a misparsed subject
        verb = next((t for t in doc[head + 1 : token.sent.end] if t.pos_ in ("VERB", "AUX")), None)
        return verb is not None and any(
            _implicates(t, cues, True) for t in _clause(_verb_head(verb))
        )
    of_prepositions = actor_words().of_prepositions
    if token.dep_ == "pobj" and governor.lower_ in of_prepositions and governor.head.i in cues:
        return True  # "complicity of officials", "involvement from foreign tourists"
    if token.dep_ == "pobj":
        governor = governor.head
    if token.dep_ in ("dobj", "pobj"):
        if governor.i in cues and governor.lemma_.lower() in actor_words().object_cues:
            return True  # "involving officials", "link officials to"
        subjects = (c for c in governor.children if c.dep_ in ("nsubj", "nsubjpass"))
        return any(c.i in cues for c in subjects)  # "investigations targeted politicians"
    return token.dep_ in ("compound", "poss") and governor.i in cues


def _criminal(token: Token, matches: Matches, *, specific: bool = False) -> bool:
    """A token of a group mention or the head of a criminal collective (not of a head that is
    an actor only where implicated; with ``specific``, not of a generic head such as "group"),
    or a conjunct of one."""
    heads = {
        end - 1
        for _, end, cue in matches.heads
        if not cue.term.implicated_only and not (specific and cue.generic)
    }
    conjuncts = [token, *token.conjuncts]
    return any(t.i in matches.groups or t.i in heads for t in conjuncts)


def _tied_to_criminals(token: Token, matches: Matches) -> bool:
    """Whether a head works with a criminal actor through an enlisting verb ("politicians using
    gangs", "officials who protect the cartel", "collude with officials", "backed by
    officials"), or is counted among a criminal collective's members ("groups consisting of
    members of the security forces")."""
    words = actor_words()
    enlisting = words.enlisting_verbs
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.dep_ == "pobj":
        owner = token.head.head  # "members of the security forces"
        if owner.lemma_.lower() in words.member_nouns | {"member"}:
            token = owner
    governor = token.head
    if (
        token.dep_ == "pobj"
        and governor.lower_ == "of"
        and _criminal(governor.head, matches, specific=True)
    ):
        return True  # "a network of miners, intermediaries and concession owners"
    if token.dep_ in ("dobj", "pobj") and governor.i != token.i:
        verb = governor.head if token.dep_ == "pobj" else governor
        if verb.lemma_.lower() in words.member_verbs and _criminal(verb.head, matches):
            return True  # "gangs comprising officials", "groups consisting of politicians"
    verbs = [c for c in token.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"]
    if token.dep_ == "nsubj":
        verbs.append(governor)
    for verb in verbs:
        if verb.lemma_.lower() not in enlisting:
            continue
        objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
        partners = [
            g
            for c in verb.children
            if c.dep_ in ("prep", "prt", "dative") and c.lower_ in ("with", "to", "for")
            for g in c.children
            if g.dep_ in ("pobj", "pcomp")
        ]
        for partner in partners:  # "support to smugglers pushing drugs": a misparsed clause
            subjects = [c for c in partner.children if c.dep_ == "nsubj"]
            objects += subjects if partner.dep_ == "pcomp" else [partner]
        if any(_criminal(o, matches) for o in objects):
            return True
        direct = (c for c in verb.children if c.dep_ == "dobj")
        if any(_market_aid(o, matches) for o in direct):
            return True  # "protect the cocaine trade", "provide support for drug trafficking"
    agent = token.dep_ == "pobj" and governor.dep_ == "agent"
    if agent and governor.head.lemma_.lower() in words.crime_verbs:
        return True  # "smuggled to China by Vietnamese traders"
    controlled = agent and governor.head.lemma_.lower() in words.control_verbs
    if controlled and any(_criminal(c, matches) for c in token.conjuncts):
        return True  # "areas controlled by the Syrian military and pro-Iranian militias"
    if token.dep_ == "nsubj" and _commits_crime(governor, matches):
        return True  # "police officers smuggle cocaine", "officers and gangs control the trade"
    if token.dep_ == "pobj" and governor.lower_ in ("with", "by", "from", "to"):
        verb = governor.head  # "collude with officials", "sell the gold to traders"
        if verb.dep_ == "dobj" and verb.pos_ == "NOUN":
            verb = verb.head  # "buys its supply from Chinese wholesalers"
        if verb.lemma_.lower() in enlisting:
            return any(_criminal(s, matches) for s in _subjects(verb))
    return False


def _market_aid(token: Token, matches: Matches) -> bool:
    """An enlisting verb's object that is a criminal market ("protects the cocaine trade") or
    an aid given to one ("providing massive support for drug trafficking")."""
    if matches.market_within(token.i, token.i + 1):
        return True
    aims = (
        g
        for c in token.children
        if c.dep_ == "prep" and c.lower_ == "for"
        for g in c.children
        if g.dep_ == "pobj"
    )
    return any(matches.market_within(g.i, g.i + 1) for g in aims)


def _commits_crime(verb: Token, matches: Matches) -> bool:
    """A crime verb ("smuggle", "traffic"; read off the text where the tagger took it for a
    noun), or a control verb whose object names a market ("control the cocaine trade"; not
    "control the provinces where gangs traffic cocaine")."""
    words = actor_words()
    lemma = verb.lemma_.lower()
    if lemma in words.crime_verbs or verb.lower_ in words.crime_forms:
        return True
    controls = lemma in words.control_verbs or verb.lower_ in words.control_forms
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return controls and any(matches.market_within(o.left_edge.i, o.i + 1) for o in objects)


def _subjects(verb: Token) -> list[Token]:
    """A verb's subjects: its own, a coordinated verb's first verb's, the subject of the verb an
    infinitive complements ("are known to cooperate"), the noun a relative clause or
    participle hangs on, or the noun a misparse made the first conjunct."""
    first = verb
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    found = [c for v in (verb, first) for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not found and first.dep_ == "xcomp":  # "X are known to cooperate with Y": X
        found = [c for c in first.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if first.dep_ in ("acl", "relcl"):
        found.append(first.head)
    if first is not verb and first.pos_ in ("NOUN", "PROPN"):
        found.append(first)  # "Bandit groups in Zamfara kidnap ... and sell the gold to traders"
    return found


def works_with_criminals(token: Token, matches: Matches) -> bool:
    """Whether a named body works with a criminal actor through an enlisting verb ("the
    Islamic Revolutionary Guard Corps is providing massive support to Pakistani smugglers")."""
    return token.dep_ == "nsubj" and _tied_to_criminals(token, matches)


def _first_conjunct(token: Token) -> Token:
    """Climb coordinations and "including" lists to the head noun they hang from."""
    while True:
        governor = token.head
        if token.dep_ == "conj" and governor.i != token.i:
            token = governor
        elif (
            token.dep_ == "pobj"
            and governor.lower_ in actor_words().list_prepositions
            and (governor.head.pos_ in ("NOUN", "PROPN"))
        ):
            token = governor.head
        else:
            return token


def _implicates(token: Token, cues: set[int], active_subject: bool) -> bool:
    """Whether a clause token is a cue implicating the subject (not "police arrested ...")."""
    if token.i not in cues:
        return False
    words = actor_words()
    lemma = token.lemma_.lower()
    carried_out = (
        active_subject
        and token.pos_ == "NOUN"
        and token.dep_ == "dobj"
        and lemma in words.action_nouns
        and token.head.lemma_.lower() not in words.undergo_verbs
    )
    if carried_out:
        return False  # "the government launched an investigation", not "faces one"
    return not (active_subject and token.pos_ == "VERB" and lemma in words.object_only)


def _verb_head(verb: Token) -> Token:
    """The main verb an auxiliary belongs to."""
    return verb.head if verb.dep_ in ("aux", "auxpass") else verb


def _clause(verb: Token) -> Iterator[Token]:
    """The verb, the verbs and adjectives chained to it ("are known to facilitate"), and their
    objects ("evade investigations", "found on payrolls")."""
    stack = [verb]
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if current.i in seen:
            continue
        seen.add(current.i)
        yield current
        passive = any(c.dep_ == "auxpass" for c in current.children)
        for child in current.children:
            if child.dep_ in CLAUSE_DEPS and child.pos_ in VERBAL:
                stack.append(child)
            elif child.dep_ == "dobj" and not passive:
                yield child  # a passive's "object" is a misparse ("are confronted by ... charges")
            elif child.dep_ == "prep":
                yield from (g for g in child.children if g.dep_ == "pobj")
