"""The lexicon: countries, named groups, market triggers, actor cues, non-actors and the
finders' word lists, as data.

The YAML files in ``ontology/`` are the source; this package validates them into frozen pydantic
models (:mod:`kg.lexicon.models`), caches them (:mod:`kg.lexicon.load`) and answers lookups
(:func:`resolve_country`, :func:`country_by_demonym`, :func:`resolve_group`,
:func:`match_non_actor`). Every lookup folds names the same way (:func:`fold`, :func:`fold_key`).
The spaCy patterns are generated from these files; nothing country-specific lives in code.

It also holds what the NLP and the graph share, in the layer below both: the gazetteers
(:mod:`kg.lexicon.gazetteer`), the canonical entity keys (:mod:`kg.lexicon.keys`) and the
gazetteer places as entities (:mod:`kg.lexicon.place_entities`).
"""

# Submodules first: ``countries`` below must name the loader, not the submodule of that name.
from kg.lexicon.actors import NonActorMatch, group_by_id, match_non_actor, resolve_group
from kg.lexicon.countries import countries_by_demonym, country_by_demonym, resolve_country
from kg.lexicon.load import (
    LexiconError,
    actor_cues,
    actor_type_ids,
    countries,
    groups,
    market_ids,
    market_triggers,
    non_actors,
    word_lists,
)
from kg.lexicon.models import (
    ActorCues,
    Alias,
    CountryEntry,
    CueTerm,
    GroupEntry,
    MarketTriggers,
    NonActorOrganisation,
    NonActors,
    Term,
    WordLists,
)
from kg.lexicon.normalise import fold, fold_key

__all__ = [
    "ActorCues",
    "Alias",
    "CountryEntry",
    "CueTerm",
    "GroupEntry",
    "LexiconError",
    "MarketTriggers",
    "NonActorMatch",
    "NonActorOrganisation",
    "NonActors",
    "Term",
    "WordLists",
    "actor_cues",
    "actor_type_ids",
    "countries",
    "countries_by_demonym",
    "country_by_demonym",
    "fold",
    "fold_key",
    "group_by_id",
    "groups",
    "market_ids",
    "market_triggers",
    "match_non_actor",
    "non_actors",
    "resolve_country",
    "resolve_group",
    "word_lists",
]
