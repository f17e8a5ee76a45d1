"""Documents, countries, profiles, score and rank observations as RDF.

Pure functions from the models to triples added to a graph; every IRI is minted from
content (hashes, codes, indicator ids), so rebuilding gives the same graph.
"""

from __future__ import annotations

from pathlib import PurePath

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from kg.graph.iris import (
    continent_iri,
    country_iri,
    dataset_iri,
    document_iri,
    indicator_iri,
    profile_iri,
    rank_observation_iri,
    score_observation_iri,
    world_iri,
    world_region_iri,
)
from kg.graph.namespaces import DCTERMS, NIF, OCKG, PROV, QB, SDMX_DIM
from kg.models import CountryRef, Document, Profile, RankScope, Score

__all__ = [
    "PROFILE_RANKS",
    "PROFILE_SCORES",
    "add_country",
    "add_document",
    "add_profile",
    "add_score_observation",
]

PROFILE_SCORES = "profile-scores"
PROFILE_RANKS = "profile-ranks"


def add_country(graph: Graph, country: CountryRef) -> URIRef:
    """Add a country node with its label and ISO codes; return its IRI."""
    node = country_iri(country.iso2)
    graph.add((node, RDF.type, OCKG.Country))
    graph.add((node, RDFS.label, Literal(country.name, lang="en")))
    if len(country.iso2) == 2 and country.iso2.isupper():
        graph.add((node, OCKG.iso3166Alpha2, Literal(country.iso2)))
    if country.iso3:
        graph.add((node, OCKG.iso3166Alpha3, Literal(country.iso3)))
    if country.geonames_id is not None:
        graph.add((node, OCKG.geonamesId, Literal(country.geonames_id)))
        graph.add(
            (node, SKOS.exactMatch, URIRef(f"http://sws.geonames.org/{country.geonames_id}/"))
        )
    return node


def add_document(graph: Graph, document: Document, country: CountryRef | None) -> URIRef:
    """Add the document as a ``nif:Context`` holding its exact analysed text."""
    node = document_iri(document.sha256)
    graph.add((node, RDF.type, OCKG.Document))
    graph.add((node, RDF.type, NIF.Context))
    graph.add((node, NIF.isString, Literal(document.text)))
    graph.add((node, NIF.beginIndex, Literal(0, datatype=XSD.nonNegativeInteger)))
    end = Literal(len(document.text), datatype=XSD.nonNegativeInteger)
    graph.add((node, NIF.endIndex, end))
    graph.add((node, OCKG.sha256, Literal(document.sha256)))
    graph.add((node, OCKG.fileName, Literal(PurePath(document.path).name)))
    meta = document.meta
    if meta.source:
        graph.add((node, PROV.hadPrimarySource, URIRef(meta.source)))
    if meta.title:
        graph.add((node, DCTERMS.title, Literal(meta.title, lang="en")))
    if meta.edition is not None:
        graph.add((node, OCKG.edition, Literal(meta.edition)))
    if country is not None:
        graph.add((node, OCKG.aboutCountry, add_country(graph, country)))
    return node


def add_score_observation(
    graph: Graph,
    *,
    dataset: str,
    area: URIRef,
    area_key: str,
    edition: int,
    score: Score,
    source: URIRef | None,
) -> URIRef:
    """Add one ``qb:Observation`` of a score to ``dataset``."""
    node = score_observation_iri(dataset, area_key, edition, score.indicator)
    graph.add((node, RDF.type, QB.Observation))
    graph.add((node, QB.dataSet, dataset_iri(dataset)))
    graph.add((node, SDMX_DIM.refArea, area))
    graph.add((node, OCKG.indicator, indicator_iri(score.indicator)))
    graph.add((node, OCKG.edition, Literal(edition)))
    graph.add((node, OCKG.score, Literal(score.value, datatype=XSD.decimal)))
    if score.change is not None:
        graph.add((node, OCKG.scoreChange, Literal(score.change, datatype=XSD.decimal)))
    if score.inferred:
        graph.add((node, OCKG.inferred, Literal(True)))
        if score.inference:
            graph.add((node, OCKG.inferenceMethod, Literal(score.inference)))
    if source is not None:
        graph.add((node, PROV.wasDerivedFrom, source))
    if score.line is not None:
        graph.add((node, OCKG.sourceLine, Literal(score.line)))
    return node


def _scope_node(graph: Graph, scope: RankScope, name: str) -> URIRef:
    if scope is RankScope.WORLD:
        node = world_iri()
        graph.add((node, RDF.type, OCKG.World))
        graph.add((node, RDFS.label, Literal("World", lang="en")))
        return node
    if scope is RankScope.CONTINENT:
        node = continent_iri(name)
        graph.add((node, RDF.type, OCKG.Continent))
        graph.add((node, OCKG.locatedIn, world_iri()))
    else:
        node = world_region_iri(name)
        graph.add((node, RDF.type, OCKG.WorldRegion))
    graph.add((node, RDFS.label, Literal(name, lang="en")))
    return node


def add_profile(graph: Graph, document: Document, profile: Profile, country: CountryRef) -> URIRef:
    """Add the profile's facts, score observations and rank observations."""
    doc = document_iri(document.sha256)
    area = add_country(graph, country)
    node = profile_iri(country.iso2, profile.edition, document.sha256)
    graph.add((node, RDF.type, OCKG.CountryProfile))
    graph.add((node, OCKG.aboutCountry, area))
    graph.add((node, SDMX_DIM.refArea, area))
    graph.add((node, PROV.wasDerivedFrom, doc))
    graph.add((doc, OCKG.aboutCountry, area))
    if profile.edition is not None:
        graph.add((node, OCKG.edition, Literal(profile.edition)))
    if profile.edition_detected is not None:
        graph.add((node, OCKG.editionRecognised, Literal(profile.edition_detected)))
    _add_facts(graph, node, area, country, profile)
    if profile.edition is None:
        return node  # observations need an edition; the parser has warned
    for score in profile.scores:
        add_score_observation(
            graph,
            dataset=PROFILE_SCORES,
            area=area,
            area_key=country.iso2,
            edition=profile.edition,
            score=score,
            source=doc,
        )
    _add_ranks(graph, profile, area, country.iso2, doc)
    return node


def _add_facts(
    graph: Graph, node: URIRef, area: URIRef, country: CountryRef, profile: Profile
) -> None:
    facts = profile.facts
    if facts.capital:
        from kg.graph.places import add_city  # local: places pulls in the gazetteer

        capital = add_city(graph, facts.capital, country, area)
        graph.add((node, OCKG.capital, capital))
        graph.add((area, OCKG.capital, capital))
    values = (
        (OCKG.population, facts.population, XSD.integer),
        (OCKG.gdpUsdMillion, facts.gdp_usd_million, XSD.decimal),
        (OCKG.areaKm2, facts.area_km2, XSD.decimal),
        (OCKG.giniIndex, facts.gini, XSD.decimal),
    )
    for predicate, value, datatype in values:
        if value is not None:
            graph.add((node, predicate, Literal(value, datatype=datatype)))
    for predicate, text in (
        (OCKG.incomeGroup, facts.income_group),
        (OCKG.geographyType, facts.geography_type),
    ):
        if text:
            graph.add((node, predicate, Literal(text, lang="en")))


def _add_ranks(graph: Graph, profile: Profile, area: URIRef, area_key: str, doc: URIRef) -> None:
    assert profile.edition is not None
    for rank in profile.ranks:
        scope = _scope_node(graph, rank.scope, rank.scope_name)
        if rank.scope is RankScope.REGION:
            graph.add((area, OCKG.locatedIn, scope))
            continents = [r for r in profile.ranks if r.scope is RankScope.CONTINENT]
            if continents:
                graph.add((scope, OCKG.locatedIn, continent_iri(continents[0].scope_name)))
        elif rank.scope is RankScope.CONTINENT and not any(
            r.scope is RankScope.REGION for r in profile.ranks
        ):
            graph.add((area, OCKG.locatedIn, scope))
        node = rank_observation_iri(area_key, profile.edition, rank.indicator, rank.scope.value)
        graph.add((node, RDF.type, QB.Observation))
        graph.add((node, QB.dataSet, dataset_iri(PROFILE_RANKS)))
        graph.add((node, SDMX_DIM.refArea, area))
        graph.add((node, OCKG.indicator, indicator_iri(rank.indicator)))
        graph.add((node, OCKG.edition, Literal(profile.edition)))
        graph.add((node, OCKG.rankingScope, scope))
        graph.add((node, OCKG.rank, Literal(rank.rank)))
        graph.add((node, OCKG.rankOutOf, Literal(rank.out_of)))
        if rank.change is not None:
            graph.add((node, OCKG.rankChange, Literal(rank.change)))
        if rank.previous is not None:
            graph.add((node, OCKG.previousRank, Literal(rank.previous)))
        graph.add((node, PROV.wasDerivedFrom, doc))
        if rank.line is not None:
            graph.add((node, OCKG.sourceLine, Literal(rank.line)))
