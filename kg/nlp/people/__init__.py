"""Named people: leaders and members of criminal groups, never groups themselves.

A person is a PERSON entity of the statistical model (or an ORG one that reads as a name)
that its sentence ties to a group mention, through a role noun or verb of
``ontology/actor_cues.yaml`` (``person_roles``, ``person_verbs``) or the grammar words of
``word_lists.yaml`` (section ``people``):

- after the name: "Wilmer Chavarría, alias 'Pipo', (the) (former) leader of Los Lobos",
  "X, a member of Y", "X, one of the founders of Y";
- before the name: "Los Lobos leader Wilmer Chavarría", "Los Choneros' boss, Fito",
  "the head of the Kinahan cartel, Daniel Kinahan", "the Gulf Clan, led by Chiquito Malo";
- as the subject of a role verb: "X leads Y", "X founded Y", "X joined Y";
- as the subject of a copula with a role noun, or of a verb holding a post: "X is considered
  the leader of Y", "X held a key position in Y" (a member);
- as a group's owner: "Guzman's Sinaloa cartel" (never a place's: "Mexico's Sinaloa cartel");
- announced by a role noun before its group is known: "two leaders of the 'Bagdad' gang named
  X and Y" (people at once, so no finder takes them for a group; tied once the group is);
- tied to the group in focus where the sentence names none: "Rawa Majid ... ruled from his
  exile in Turkey", "The gang is led by X", "Its founder and leader is X".

Once tied, a person is known for the rest of the document (its registry,
``doc._.ockg_known``) by full name, surname or alias (:mod:`kg.nlp.people.document`).

An alias written after the name ("alias 'Pipo'", "better known as "El Mencho"") or quoted
inside it ("Gerry 'The Monk' Hutch") becomes an alias, and a mention, of the person. The
person's key is ``person/<slug of the name>`` (one node across documents); the tie is kept
on the doc (:func:`doc_memberships`) for the extraction to turn into a
``Membership`` claim with its sentence.
"""

from kg.nlp.people.document import known_people, person_before, registered_person
from kg.nlp.people.finder import find_people
from kg.nlp.people.ties import Tie, doc_memberships
from kg.nlp.people.words import PERSON_CONFIDENCE, person_key

__all__ = [
    "PERSON_CONFIDENCE",
    "Tie",
    "doc_memberships",
    "find_people",
    "known_people",
    "person_before",
    "person_key",
    "registered_person",
]
