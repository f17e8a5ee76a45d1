"""Extracted entities, sentences and mentions as RDF, with NIF offsets into the document text.

``isString[begin:end] == anchorOf`` holds for every sentence and mention (tests check it).
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from kg.graph.iris import document_iri, entity_iri, indicator_iri
from kg.graph.namespaces import ID, NIF, OCKG, ORG, PROV, relation_predicate
from kg.graph.profile_graph import add_country
from kg.lexicon.gazetteer import country_ref
from kg.lexicon.keys import border_sides
from kg.lexicon.place_entities import place_entity
from kg.models import Claim, Document, Entity, EntityKind, Extraction, PlaceType, Sentence
from kg.relation_kinds import relation_kind

__all__ = [
    "add_claims",
    "add_classifications",
    "add_entity",
    "add_extraction",
    "add_memberships",
    "add_profile_country_presence",
    "classification_iri",
    "mention_iri",
    "sentence_iri",
]

_PLACE_CLASS = {
    PlaceType.WORLD: OCKG.World,
    PlaceType.CONTINENT: OCKG.Continent,
    PlaceType.WORLD_REGION: OCKG.WorldRegion,
    PlaceType.COUNTRY: OCKG.Country,
    PlaceType.REGION: OCKG.Region,
    PlaceType.CITY: OCKG.City,
    PlaceType.AREA: OCKG.Area,
    PlaceType.BORDER: OCKG.BorderArea,
    PlaceType.FACILITY: OCKG.Facility,
    PlaceType.ROAD: OCKG.Road,
    PlaceType.RIVER: OCKG.River,
}


def sentence_iri(document: Document, sentence: Sentence) -> URIRef:
    """NIF-style IRI of a sentence: the document's IRI with its character range."""
    return URIRef(f"{document_iri(document.sha256)}#char={sentence.begin},{sentence.end}")


def mention_iri(document: Document, begin: int, end: int, kind: EntityKind) -> URIRef:
    return URIRef(f"{document_iri(document.sha256)}#char={begin},{end}&kind={kind.value}")


def _nif_span(graph: Graph, node: URIRef, document: Document, begin: int, end: int) -> None:
    graph.add((node, NIF.referenceContext, document_iri(document.sha256)))
    graph.add((node, NIF.beginIndex, Literal(begin, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NIF.anchorOf, Literal(document.text[begin:end])))


def _country_node(graph: Graph, iso2: str) -> URIRef | None:
    ref = country_ref(iso2)
    return add_country(graph, ref) if ref is not None else None


def ensure_place(graph: Graph, key: str) -> URIRef:
    """Make sure a parent place exists as a typed, labelled node (it may never be mentioned)."""
    node = entity_iri(key)
    if (node, RDFS.label, None) in graph or (node, SKOS.prefLabel, None) in graph:
        return node
    entity = place_entity(key)
    if entity is None:
        label = key.rsplit("/", 1)[-1].replace("-", " ").title()
        graph.add((node, RDF.type, OCKG.Place))
        graph.add((node, RDFS.label, Literal(label, lang="en")))
        return node
    node = add_entity(graph, entity)
    if entity.parent and entity.place_type is not PlaceType.COUNTRY:
        graph.add((node, OCKG.locatedIn, ensure_place(graph, entity.parent)))
    return node


def add_entity(graph: Graph, entity: Entity) -> URIRef:
    """Add an entity node (a market's node is its indicator concept, already in the graph)."""
    node = entity_iri(entity.key)
    if entity.kind is EntityKind.MARKET:
        return indicator_iri(entity.market or entity.key.removeprefix("market/"))
    if (
        entity.kind is EntityKind.PLACE
        and entity.place_type is PlaceType.COUNTRY
        and entity.iso_code
    ):
        country = _country_node(graph, entity.iso_code)
        if country is not None:
            return country
    graph.add((node, RDFS.label, Literal(entity.label, lang="en")))
    for alias in sorted(set(entity.aliases) - {entity.label}):
        graph.add((node, SKOS.altLabel, Literal(alias, lang="en")))
    if entity.kind is EntityKind.PERSON:
        graph.add((node, RDF.type, OCKG.Person))
        graph.add((node, RDF.type, OCKG.CriminalActor))
    elif entity.kind in (EntityKind.GROUP, EntityKind.COLLECTIVE):
        kind = OCKG.CriminalGroup if entity.kind is EntityKind.GROUP else OCKG.ActorCollective
        graph.add((node, RDF.type, kind))
        graph.add((node, RDF.type, OCKG.CriminalActor))
        if entity.actor_type:
            graph.add((node, OCKG.actorType, indicator_iri(entity.actor_type)))
        if entity.origin and entity.origin != "XX":
            origin = _country_node(graph, entity.origin)
            if origin is not None:
                graph.add((node, OCKG.originCountry, origin))
        if entity.origin_region:
            graph.add((node, OCKG.originRegion, ensure_place(graph, entity.origin_region)))
    else:
        graph.add(
            (node, RDF.type, _PLACE_CLASS.get(entity.place_type or PlaceType.AREA, OCKG.Area))
        )
        if entity.iso_code and entity.place_type is PlaceType.REGION:
            graph.add((node, OCKG.iso3166_2, Literal(entity.iso_code)))
    if entity.geonames_id is not None:
        graph.add((node, OCKG.geonamesId, Literal(entity.geonames_id)))
        graph.add((node, SKOS.exactMatch, URIRef(f"http://sws.geonames.org/{entity.geonames_id}/")))
    if entity.wikidata:
        graph.add(
            (node, SKOS.exactMatch, URIRef(f"http://www.wikidata.org/entity/{entity.wikidata}"))
        )
    for predicate, value in ((OCKG.latitude, entity.latitude), (OCKG.longitude, entity.longitude)):
        if value is not None:
            graph.add((node, predicate, Literal(Decimal(str(value)), datatype=XSD.decimal)))
    return node


def add_extraction(graph: Graph, document: Document, extraction: Extraction) -> None:
    """Add sentences, entities and mentions (entity <-> mention both ways)."""
    nodes = {entity.key: add_entity(graph, entity) for entity in extraction.entities}
    for entity in extraction.entities:  # parents after every entity has its own label
        if entity.kind is not EntityKind.PLACE or entity.place_type is PlaceType.COUNTRY:
            continue
        parents = [entity.parent] if entity.parent else []
        if entity.place_type is PlaceType.BORDER:
            parents = [f"place/country/{code}" for code in border_sides(entity.key)]
        for parent in parents:
            graph.add((nodes[entity.key], OCKG.locatedIn, ensure_place(graph, parent)))
    sentence_nodes = []
    for sentence in extraction.sentences:
        node = sentence_iri(document, sentence)
        graph.add((node, RDF.type, NIF.Sentence))
        _nif_span(graph, node, document, sentence.begin, sentence.end)
        if sentence.section:
            graph.add((node, OCKG.section, Literal(sentence.section)))
        sentence_nodes.append(node)
    for mention in extraction.mentions:
        node = mention_iri(document, mention.begin, mention.end, mention.kind)
        graph.add((node, RDF.type, OCKG.Mention))
        _nif_span(graph, node, document, mention.begin, mention.end)
        graph.add((node, NIF.sentence, sentence_nodes[mention.sentence]))
        graph.add((node, OCKG.method, Literal(mention.method)))
        confidence = Decimal(str(round(mention.confidence, 3)))
        graph.add((node, OCKG.confidence, Literal(confidence, datatype=XSD.decimal)))
        target = nodes.get(mention.entity, entity_iri(mention.entity))
        graph.add((node, OCKG.mentions, target))
        graph.add((target, OCKG.mentionedIn, node))
    add_classifications(graph, extraction, sentence_nodes)
    add_memberships(graph, document, extraction, sentence_nodes)
    add_claims(graph, document, extraction, sentence_nodes)


_ROLES = {"leader": (OCKG.leads, "leader"), "member": (OCKG.memberOf, "member")}


def add_memberships(
    graph: Graph, document: Document, extraction: Extraction, sentences: list[URIRef]
) -> None:
    """A named person's tie to a group: an ``org:Membership`` (``org:member``,
    ``org:organization``, ``org:role``, with its sentence and confidence) and the shortcut
    ``ockg:leads`` / ``ockg:memberOf``."""
    for tie in extraction.memberships:
        shortcut, role_name = _ROLES.get(tie.role, (OCKG.memberOf, tie.role))
        person, group = entity_iri(tie.person), entity_iri(tie.group)
        node = _claim_iri("membership", document, tie.sentence, tie.person, tie.group, tie.role)
        role = ID[f"role/{role_name}"]
        graph.add((role, RDF.type, ORG.Role))
        graph.add((role, RDFS.label, Literal(role_name, lang="en")))
        graph.add((node, RDF.type, ORG.Membership))
        graph.add((node, RDF.type, OCKG.Claim))
        graph.add((node, ORG.member, person))
        graph.add((node, ORG.organization, group))
        graph.add((node, ORG.role, role))
        _provenance(graph, node, tie, sentences[tie.sentence])
        graph.add((person, shortcut, group))


def classification_iri(
    actor: str, actor_type: str, country: str | None, edition: int | None
) -> URIRef:
    """One node per (actor, type, country, edition): the same statement from two documents
    (two copies of a profile) is one node with two sources."""
    import hashlib

    digest = hashlib.sha256(repr((actor, actor_type, country, edition)).encode()).hexdigest()[:20]
    return ID[f"classification/{digest}"]


def add_classifications(graph: Graph, extraction: Extraction, sentences: list[URIRef]) -> None:
    """An actor's type in one country's profile of one edition, with the sentences stating it.

    The Index types actors relative to a country (Tren de Aragua is a foreign actor in Peru, a
    mafia-style group in Venezuela), so the type is a qualified statement
    (``ockg:Classification``: actor, type, country, edition, ``prov:wasDerivedFrom`` each
    sentence); ``ockg:actorType`` on the actor is the shortcut (every type it has anywhere).
    """
    stated: dict[tuple[str, str], list[int]] = {}
    for mention in extraction.mentions:
        if mention.kind in (EntityKind.GROUP, EntityKind.COLLECTIVE) and mention.actor_type:
            stated.setdefault((mention.entity, mention.actor_type), []).append(mention.sentence)
    country = _country_node(graph, extraction.country) if extraction.country else None
    for (key, actor_type), sentence_ids in sorted(stated.items()):
        actor = entity_iri(key)
        node = classification_iri(key, actor_type, extraction.country, extraction.edition)
        graph.add((node, RDF.type, OCKG.Classification))
        graph.add((node, OCKG.actor, actor))
        graph.add((node, OCKG.actorType, indicator_iri(actor_type)))
        graph.add((actor, OCKG.actorType, indicator_iri(actor_type)))
        if country is not None:
            graph.add((node, OCKG.inCountry, country))
        if extraction.edition is not None:
            graph.add((node, OCKG.edition, Literal(extraction.edition)))
        for index in sorted(set(sentence_ids)):
            graph.add((node, PROV.wasDerivedFrom, sentences[index]))


def _claim_iri(kind: str, document: Document, *parts: object) -> URIRef:
    import hashlib

    digest = hashlib.sha256(repr((document.sha256, *parts)).encode("utf-8")).hexdigest()[:20]
    return ID[f"claim/{kind}/{digest}"]


def _provenance(graph: Graph, node: URIRef, claim: Claim, sentence: URIRef) -> None:
    graph.add((node, PROV.wasDerivedFrom, sentence))
    graph.add((node, OCKG.method, Literal(claim.method)))
    confidence = Decimal(str(round(claim.confidence, 3)))
    graph.add((node, OCKG.confidence, Literal(confidence, datatype=XSD.decimal)))
    for hedge in claim.hedges:
        graph.add((node, OCKG.hedge, Literal(hedge)))
    if claim.modality is not None:
        graph.add((node, OCKG.modality, Literal(claim.modality)))
    if claim.time is not None:
        graph.add((node, OCKG.time, Literal(claim.time)))


def add_claims(
    graph: Graph, document: Document, extraction: Extraction, sentences: list[URIRef]
) -> None:
    """Add presences, routes and relationships with provenance, and their shortcut edges."""
    for presence in extraction.presences:
        node = _claim_iri(
            "presence", document, presence.sentence, presence.actor, presence.market, presence.place
        )
        graph.add((node, RDF.type, OCKG.Presence))
        _provenance(graph, node, presence, sentences[presence.sentence])
        actor = entity_iri(presence.actor) if presence.actor else None
        if actor is not None:
            graph.add((node, OCKG.actor, actor))
        if presence.market:
            market = entity_iri(presence.market)
            graph.add((node, OCKG.market, market))
            if actor is not None:
                graph.add((actor, OCKG.activeIn, market))
        if presence.place:
            place = entity_iri(presence.place)
            graph.add((node, OCKG.place, place))
            if actor is not None:
                graph.add((actor, OCKG.operatesIn, place))
    for route in extraction.routes:
        node = _claim_iri(
            "route",
            document,
            route.sentence,
            route.market,
            route.origin,
            route.via,
            route.destination,
        )
        graph.add((node, RDF.type, OCKG.Route))
        _provenance(graph, node, route, sentences[route.sentence])
        if route.market:
            graph.add((node, OCKG.market, entity_iri(route.market)))
        if route.origin:
            graph.add((node, OCKG.origin, entity_iri(route.origin)))
        if route.destination:
            graph.add((node, OCKG.destination, entity_iri(route.destination)))
        if route.mode:
            graph.add((node, OCKG.mode, Literal(route.mode)))
        if route.via:
            _add_list(graph, node, OCKG.via, [entity_iri(v) for v in route.via])
    for relation in extraction.relationships:
        node = _claim_iri(
            "relationship", document, relation.sentence, relation.kind, relation.actors
        )
        graph.add((node, RDF.type, OCKG.Relationship))
        _provenance(graph, node, relation, sentences[relation.sentence])
        kind = relation_kind(relation.kind)  # UnknownRelationKind: never taken for another
        graph.add((node, OCKG.relationKind, Literal(kind.name)))
        first, second = (entity_iri(a) for a in relation.actors)
        for actor in (first, second):
            graph.add((node, OCKG.participant, actor))
        shortcut = relation_predicate(kind)
        graph.add((first, shortcut, second))
        if kind.symmetric:
            graph.add((second, shortcut, first))


def _add_list(graph: Graph, subject: URIRef, predicate: URIRef, items: list[URIRef]) -> None:
    """An rdf:List whose cells are IRIs (``<subject>/via/1``…), so serialisations are stable."""
    cells = [URIRef(f"{subject}/{predicate.split('#')[-1]}/{n}") for n in range(1, len(items) + 1)]
    graph.add((subject, predicate, cells[0]))
    for n, (cell, item) in enumerate(zip(cells, items, strict=True)):
        graph.add((cell, RDF.first, item))
        graph.add((cell, RDF.rest, cells[n + 1] if n + 1 < len(cells) else RDF.nil))


def add_profile_country_presence(graph: Graph, extraction: Extraction, country: URIRef) -> None:
    """An actor named in a profile operates in the profile's country (the text's implicit scope)."""
    for entity in extraction.entities:
        if entity.kind in (EntityKind.GROUP, EntityKind.COLLECTIVE):
            graph.add((entity_iri(entity.key), OCKG.operatesIn, country))
