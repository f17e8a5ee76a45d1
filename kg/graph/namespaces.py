"""RDF namespaces. ``OCKG`` is checked: a misspelt term raises instead of minting a bad IRI."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kg.relation_kinds import RelationKind

__all__ = [
    "DCTERMS",
    "ID",
    "NIF",
    "OCKG",
    "ORG",
    "PREFIXES",
    "PROV",
    "QB",
    "SCHEMA",
    "SDMX_DIM",
    "relation_predicate",
]


class OCKG(DefinedNamespace):
    """The ockg vocabulary (``ontology/ockg.ttl`` and ``ontology/cube.ttl``); the relation
    kinds' shortcut properties come from their registry (:func:`relation_predicate`)."""

    _NS = Namespace("https://w3id.org/ockg/def#")
    _fail = True

    # classes
    ActorCollective: URIRef
    ActorType: URIRef
    Area: URIRef
    BorderArea: URIRef
    City: URIRef
    Classification: URIRef
    Claim: URIRef
    CompositeIndicator: URIRef
    Continent: URIRef
    Country: URIRef
    CountryProfile: URIRef
    CriminalActor: URIRef
    CriminalGroup: URIRef
    CriminalMarket: URIRef
    Document: URIRef
    Facility: URIRef
    Mention: URIRef
    Person: URIRef
    Place: URIRef
    Presence: URIRef
    RankStructure: URIRef
    Region: URIRef
    Relationship: URIRef
    ResilienceIndicator: URIRef
    River: URIRef
    Road: URIRef
    Route: URIRef
    ScoreStructure: URIRef
    World: URIRef
    WorldRegion: URIRef
    # properties
    aboutCountry: URIRef
    activeIn: URIRef
    actor: URIRef
    actorType: URIRef
    originRegion: URIRef
    areaKm2: URIRef
    capital: URIRef
    confidence: URIRef
    destination: URIRef
    edition: URIRef
    inCountry: URIRef
    leads: URIRef
    memberOf: URIRef
    editionRecognised: URIRef
    fileName: URIRef
    gdpUsdMillion: URIRef
    geographyType: URIRef
    geonamesId: URIRef
    giniIndex: URIRef
    hedge: URIRef
    incomeGroup: URIRef
    indicator: URIRef
    inferenceMethod: URIRef
    inferred: URIRef
    iso3166Alpha2: URIRef
    iso3166Alpha3: URIRef
    iso3166_2: URIRef
    latitude: URIRef
    locatedIn: URIRef
    longitude: URIRef
    market: URIRef
    mentionedIn: URIRef
    mentions: URIRef
    method: URIRef
    modality: URIRef
    mode: URIRef
    operatesIn: URIRef
    origin: URIRef
    originCountry: URIRef
    participant: URIRef
    place: URIRef
    population: URIRef
    previousRank: URIRef
    rank: URIRef
    rankChange: URIRef
    rankOutOf: URIRef
    rankingScope: URIRef
    relationKind: URIRef
    score: URIRef
    scoreChange: URIRef
    section: URIRef
    sha256: URIRef
    sourceLine: URIRef
    time: URIRef
    via: URIRef


ID = Namespace("https://w3id.org/ockg/id/")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
DCTERMS = Namespace("http://purl.org/dc/terms/")

PREFIXES: dict[str, str] = {
    "ockg": str(OCKG._NS),
    "id": str(ID),
    "qb": str(QB),
    "sdmx-dimension": str(SDMX_DIM),
    "nif": str(NIF),
    "prov": str(PROV),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "dcterms": str(DCTERMS),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def relation_predicate(kind: RelationKind) -> URIRef:
    """The shortcut property of a relation kind (``ockg:rivalOf``), as its registry entry names
    it; the vocabulary declares it from the same entry."""
    return URIRef(str(OCKG._NS) + kind.predicate)
