"""``ockg_actors``: named criminal groups and unnamed collectives of criminal actors.

The first of ockg's components (places and markets yield to its spans). Three finders run in
order, each yielding to the group spans found before it:

1. **known groups** (``alias-table``): every name and alias of ``ontology/groups.yaml``, by
   PhraseMatcher; an alias written with capitals must be capitalised in the text, abbreviations
   marked case-sensitive match only as written, a leading "the" stays outside the span.
2. **discovered groups**, from the name cues of ``ontology/actor_cues.yaml``:
   ``cue-name``: a capitalised run opened by a name prefix ("Los Tiguerones"; a weak prefix such
   as "La"/"El" needs criminal context) or closed by a name head ("the Red Vipers cult",
   "Santa Rosa Cartel"); ``cue-apposition``: a name in apposition to, or listed after, a group
   head ("the terrorist group X", "a gang called X", "X, a criminal group", "gangs such as X");
   also a quoted name beside a group head ("the criminal gang “X network”", "a rival gang, the
   “X”", "the “X” dissident group"), a name a group gives itself ("Calling itself the X, the
   group ..."); ``cue-name`` also: a name closed by a suffix, hyphenated or solid ("the
   Matsuba-kai", "the Dojinkai", over the place gazetteers), a weak name head of an armed body
   or unit ("the FARC's 30th Front", "the 4th Division", "X Army") only in a criminal context
   or listed with a group, a name going on with "of the X" ("United Force of the Pacific");
   ``ner``: an ORG/NORP entity of the statistical model in a criminal context ("members of X",
   "X's leader", subject of a trafficking verb, "involvement of X", a unit of a group, said to
   be a group, the subject of an enlisting verb with a criminal partner: "the Islamic
   Revolutionary Guard Corps is providing massive support to Afghan smugglers"). Never a
   country, region, demonym, place or non-actor of ``non_actors.yaml``, a title's words ("the
   Formalities of Gang War") nor a person in apposition ("the leader of the X clan, Name,"). A
   name that is a common variant of a listed group (particles dropped, another head:
   :func:`variant_group`) is that group. Later bare mentions of a discovered name join it, in
   later paragraphs too (the document's registry ``doc._.ockg_known``).
   ``document-alias``: an abbreviation defined in parentheses after a group ("the Kobe
   Yamaguchi-gumi (KYG)", "(Fuerzas Unidas del Pacific – FUP)"), checked against the initials,
   is that group wherever the document uses it. "ex-X" is X's former members, not X.
   The name keeps a lower-case head ("Dugo-Dugo gang", as groups.yaml writes "Kinahan cartel")
   except after a prefix ("Los Halcones de Tierra Caliente"); key ``group/<slug of the name>``.
   Origin: a demonym or possessive country before the name, else the document's country.
3. **collectives** (``collective-demonym`` where a demonym, region or "from <country>" gives the
   origin, else ``collective-cue``): a collective or typed head with the modifiers before it;
   coordinated origins make one mention each ("Venezuelan, Brazilian and Colombian groups",
   "Actors" from Venezuela, from Ecuador, from the Balkans; "Chinese/Asian gangs"); a demonym
   before a hyphen and an origin suffix ("Albanian-speaking groups") or a country's
   possessive ("Mexico's cartels") gives the origin
   where no word before the head states one; not anaphora ("these networks")
   nor a description of named groups ("Los Choneros, the country's largest gangs", "X, one
   of the two largest gangs", "two biggest gangs: X and Y", "gangs known as X", "Two gangs
   ... are X and Y"), nor a
   complement saying what its subject is or becomes ("the majority are cultists", "began as
   prison gangs", "recruit teenagers as hitmen"); a count ("several") stays outside the span.
   Capitals make no name at a clause's start (after a colon or a bullet too: "cocaine:
   Criminal groups are ...") nor inside a listed head term ("Mafia-type associations").
   A generic head ("groups", "actors") needs a telling word (criminal, a market, a type, an
   origin) or a clause that makes it criminal: the subject of a crime verb ("other groups are
   kidnapping people") or of an implicating clause, or a crime verb or implication cue in its
   own phrase ("actors involved in organized crime").
   Implicated-only heads ("officials", "companies", "security services", "the regime") need an
   implication cue governing them or in their clause, shared along a coordination of heads, a
   crime of their own (the subject of a crime verb, or of a control verb whose object names a
   market: "police officers smuggle cocaine", "customs officers control the cocaine trade"; an
   agent of a control verb beside a criminal actor: "areas controlled by the Syrian military and
   pro-Iranian militias"), or a tie to a criminal actor: an enlisting verb of
   ``word_lists.yaml`` with a criminal object or partner ("politicians using gangs", "cartels
   work with police officers", "backed by officials"), or a place among a criminal collective's
   members ("groups consisting of members of the security forces, politicians and criminals", "a
   network of miners, intermediaries and concession owners"; not "a group of officials"); an
   action noun the subject carries out ("the government launched an investigation") does not
   implicate it. Traders in a supply chain ("traders", "wholesalers", "distributors",
   "financiers") are implicated-only heads too: the agent of a crime verb ("smuggled to China by
   Vietnamese traders") or a criminal's trade partner ("buys its supply from Chinese
   wholesalers", "sell the gold to traders from Niger"). One unnamed group introduced by "a" ("a
   sophisticated gang accused of supplying the drug market", "a smuggling ring") is a collective
   where its words or its own phrase make it criminal, never a quantity noun ("a group of
   journalists"), a description of a named or counted group ("the 28s (a prison gang)", "a
   syndicate known as X", "was designated a terrorist group", "a second group") nor a named
   person's group ("X has ruled a criminal gang"). One collective per origin and kind of actor
   (:func:`kg.lexicon.keys.collective_kind`, rules and kinds in
   ``ontology/collective_classes.yaml``): "Brazilian gangs" and "Brazilian networks" are
   ``collective/BR/criminal-groups``, "Brazilian criminal groups"; "foreign" marks foreign
   actors of no stated country; a region ("the Balkans", "West African") keys under its id
   with ``origin_region`` its place (foreign unless the region covers the document's country).
   A demonym used as a plural noun ("arrest two Chinese and two Guineans", "gangs comprising
   Cameroonians and Chadians", "North Africans") is a collective of criminal groups of that
   origin where the text implicates the people (an implication cue, a crime verb, a
   collective's member verb of ``word_lists.yaml``, or a criminal role a copula or "as" gives
   them: "the North Africans were their opponents", "singling out Nigerians as suspects");
   migrants merely named stay no actor. Where the document has named criminal actors of a
   foreign country ("Chechen militants", in this paragraph or an earlier one: the registry
   keeps their origins), a demonym noun of that country as a subject or a party ("the Chechens
   had mobilized", "among Chechens") stands for them, never as the subject of a copula or of a
   verb of fleeing or suffering (``victim_verbs``). A region's adjective in the plural ("Latin
   Americans") is never a group's name. Ethnic groups named without a demonym
   (``ethnic_groups`` of ``actor_cues.yaml``: "Rohingya", "Tebu") act as demonyms, before a head
   and as implicated nouns; the origin is their one country, or unstated (``XX``, never the
   document's country) where they live across several, and a coordination of such names over
   one head is one mention ("Tebu and Tuareg or Arab networks"). State bodies named by a
   definite common name ("the army", "the junta", "the First Family") are implicated-only
   typed heads; named bodies of ``non_actors.yaml`` ("the Federal Police") stay no actor. An
   enlisting verb whose object is a market
   or an aid for one implicates its subject ("the regime provides support for drug
   trafficking"). A plain generic head after an adjective, participle or count ("other
   groups", "two groups", "various actors") stands for the criminal collective of its key where
   the document names one (the registry keeps their keys across paragraphs).
   One unnamed group under "the" with words of its own before the head ("the criminal gang",
   "the well organised syndicate", "the Croatian drug smuggling ring") is a mention where the
   document has named no group before it: the last collective before it (the registry keeps
   it across paragraphs), or the collective its origin words key; a bare "the gang" is left to
   the relations' anaphora, as are ordinal and contrastive ones ("the other gang").
   The market a collective's words name ("illegal mining groups") stays on the mention
   (``span._.ockg_market``), never in the key or the label.

Modules: ``collectives`` (heads, modifier runs, origins and keys), ``descriptions`` (what keeps a
head from being a mention; headlines), ``definites`` (definite descriptions of one group),
``implication`` (implication cues), ``demonyms`` (demonyms as nouns), ``discovery`` and
``name_checks`` (discovered names), ``known_names``.

Actor types are relative to ``doc._.ockg_country``: an actor whose origin is another country is
foreign-actors; without a document country the group's own type (or the cue's) stands. A
collective with no type cue ("criminal organizations") is left untyped; a later typed mention
of the same key types it.

Lexicon terms are matched with :class:`TermIndex` (one dictionary lookup per token), not a
Matcher of lemma patterns, whose cost rivals the statistical model's.
"""

from kg.nlp.actors.component import ActorFinder, make_actor_finder
from kg.nlp.actors.known_names import group_entity, relative_type, variant_group
from kg.nlp.actors.words import (
    ALIAS_CONFIDENCE,
    COLLECTIVE_CONFIDENCE,
    CUE_CONFIDENCE,
    NER_CONFIDENCE,
    WEAK_COLLECTIVE_CONFIDENCE,
)

__all__ = [
    "ALIAS_CONFIDENCE",
    "COLLECTIVE_CONFIDENCE",
    "CUE_CONFIDENCE",
    "NER_CONFIDENCE",
    "WEAK_COLLECTIVE_CONFIDENCE",
    "ActorFinder",
    "group_entity",
    "make_actor_finder",
    "relative_type",
    "variant_group",
]
