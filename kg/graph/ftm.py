"""The graph as FollowTheMoney entities (line-delimited JSON), for Aleph and OpenSanctions tools.

A view derived from the RDF graph, like the NetworkX view:

- criminal groups and collectives -> ``Organization`` (name, aliases, origin as
  ``mainCountry``, countries operated in, actor types as ``classification``, ``topics`` from
  the markets they are active in, the documents naming them as ``proof``);
- people (``ockg:Person``, where the graph has any) -> ``Person``;
- memberships (``org:memberOf``, ``org:headOf``, ``org:Membership``) -> ``Membership``;
- presences and routes -> ``Event`` (who, which market, where; the sentence as ``summary``);
- relationships -> ``UnknownLink`` (``role`` cooperation or rivalry);
- source documents -> ``Document`` (title, file name, source address).

Entity ids are ``ockg-`` and the SHA-1 of the node's IRI, so a rebuild gives the same ids;
entities are written sorted by id, each with its values sorted. Needs the ``followthemoney``
package (the ``ftm`` extra).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import cache

from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.errors import Code, OckgError
from kg.graph.namespaces import DCTERMS, NIF, OCKG, ORG, PROV
from kg.resources import load_yaml

__all__ = ["FTM_FILE", "entity_id", "ftm_entities", "ftm_lines", "require_followthemoney"]

FTM_FILE = "entities.ftm.json"
"""The file ``ockg build --format ftm`` writes in the output folder."""

_PERSON = URIRef(f"{OCKG._NS}Person")  # unchecked: in the vocabulary once people are extracted
_WIKIDATA = "http://www.wikidata.org/entity/"


def entity_id(*parts: object) -> str:
    """A stable FtM id: ``ockg-`` and the SHA-1 of the parts (an IRI, or a tuple of them)."""
    return "ockg-" + hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()


def require_followthemoney():
    """The FtM model; a coded error (E220) where the ``ftm`` extra is not installed."""
    try:
        from followthemoney import model
    except ImportError:
        raise OckgError(
            Code.E220, "--format ftm needs followthemoney: pip install 'ockg[ftm]'"
        ) from None
    return model


@cache
def _topics() -> tuple[dict[str, str], str]:
    data = load_yaml("ftm.yaml")
    assert isinstance(data, dict)
    return dict(data["market_topics"]), str(data["leader_topic"])


class _Reader:
    """Labels, countries and documents of graph nodes (cached per node)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._countries: dict[Node, set[str]] = {}

    def values(self, node: Node, predicate: URIRef) -> list[Node]:
        return sorted(self.graph.objects(node, predicate))

    def first(self, node: Node, predicate: URIRef) -> Node | None:
        values = self.values(node, predicate)
        return values[0] if values else None

    def label(self, node: Node) -> str:
        for predicate in (RDFS.label, SKOS.prefLabel):
            value = self.first(node, predicate)
            if value is not None:
                return str(value)
        return str(node).rstrip("/").rsplit("/", 1)[-1]

    def countries(self, node: Node) -> set[str]:
        """ISO 3166 alpha-2 codes (lower case, as FtM writes them) of a place or its parents."""
        if node not in self._countries:
            self._countries[node] = set()  # guards against a locatedIn cycle
            code = self.first(node, OCKG.iso3166Alpha2)
            if code is not None and (node, RDF.type, OCKG.Country) in self.graph:
                found = {str(code).lower()}
            else:
                found = set()
                for parent in self.values(node, OCKG.locatedIn):
                    found |= self.countries(parent)
            self._countries[node] = found
        return self._countries[node]

    def documents(self, node: Node) -> set[Node]:
        """The documents whose mentions name ``node``."""
        return {
            doc
            for mention in self.graph.objects(node, OCKG.mentionedIn)
            for doc in self.graph.objects(mention, NIF.referenceContext)
        }

    def source(self, claim: Node) -> tuple[str | None, Node | None]:
        """A claim's sentence text and document."""
        sentence = self.first(claim, PROV.wasDerivedFrom)
        if sentence is None:
            return None, None
        text = self.first(sentence, NIF.anchorOf)
        return (str(text) if text is not None else None), self.first(sentence, NIF.referenceContext)


def _make(schema: str, key: object, **properties: Iterable[object]):
    """An entity proxy with cleaned, sorted values (FtM drops values that fail its types)."""
    proxy = require_followthemoney().make_entity(schema)
    proxy.id = entity_id(key)
    for name, values in properties.items():
        for value in sorted({str(v) for v in values if v is not None and str(v).strip()}):
            proxy.add(name, value)
    return proxy


def _documents(reader: _Reader) -> Iterator:
    for doc in sorted(reader.graph.subjects(RDF.type, OCKG.Document)):
        name = reader.first(doc, OCKG.fileName)
        title = reader.first(doc, DCTERMS.title) or name
        yield _make(
            "Document",
            doc,
            title=[title],
            fileName=[name],
            sourceUrl=reader.values(doc, PROV.hadPrimarySource),
            country=[
                c
                for about in reader.values(doc, OCKG.aboutCountry)
                for c in reader.countries(about)
            ],
        )


def _actor_topics(reader: _Reader, actor: Node, leader: bool) -> set[str]:
    market_topics, leader_topic = _topics()
    topics = {"crime"}
    for market in reader.values(actor, OCKG.activeIn):
        topic = market_topics.get(str(market).rsplit("/", 1)[-1])
        if topic:
            topics.add(topic)
    if leader:
        topics.add(leader_topic)
    return topics


def _memberships(reader: _Reader) -> list[tuple[Node, Node, str]]:
    """(person or actor, organisation, role) from ORG's shortcut and n-ary forms."""
    graph = reader.graph
    found = {(m, o, "member") for m, o in graph.subject_objects(ORG.memberOf)}
    found |= {(m, o, "leader") for m, o in graph.subject_objects(ORG.headOf)}
    for node in graph.subjects(RDF.type, ORG.Membership):
        member, organisation = reader.first(node, ORG.member), reader.first(node, ORG.organization)
        if member is not None and organisation is not None:
            role = reader.first(node, ORG.role)
            found.add((member, organisation, reader.label(role) if role is not None else "member"))
    return sorted(found)


def _actors(reader: _Reader, leaders: set[Node]) -> Iterator:
    graph = reader.graph
    kinds = {
        OCKG.CriminalGroup: ("Organization", "Criminal group"),
        OCKG.ActorCollective: ("Organization", "Collective of criminal actors"),
        _PERSON: ("Person", "Person"),
    }
    seen: set[Node] = set()
    for cls, (schema, description) in kinds.items():
        for actor in sorted(graph.subjects(RDF.type, cls)):
            if actor in seen:
                continue
            seen.add(actor)
            operates = [
                c for p in reader.values(actor, OCKG.operatesIn) for c in reader.countries(p)
            ]
            origin = [
                c for o in reader.values(actor, OCKG.originCountry) for c in reader.countries(o)
            ]
            matches = [str(m) for m in reader.values(actor, SKOS.exactMatch)]
            properties: dict[str, Iterable[object]] = {
                "name": [reader.label(actor)],
                "alias": reader.values(actor, SKOS.altLabel),
                "description": [description],
                "topics": _actor_topics(reader, actor, actor in leaders),
                "country": operates,
                "wikidataId": [
                    m.removeprefix(_WIKIDATA) for m in matches if m.startswith(_WIKIDATA)
                ],
                "proof": [entity_id(d) for d in reader.documents(actor)],
            }
            if schema == "Organization":
                properties["mainCountry"] = origin
                properties["classification"] = [
                    reader.label(t) for t in reader.values(actor, OCKG.actorType)
                ]
            else:
                properties["nationality"] = origin
            yield _make(schema, actor, **properties)


def _claim_common(
    reader: _Reader, claim: Node, notes_property: str = "notes"
) -> dict[str, Iterable[object]]:
    sentence, doc = reader.source(claim)
    confidence = reader.first(claim, OCKG.confidence)
    notes = []
    if confidence is not None:
        notes.append(f"confidence {Decimal(str(confidence))}")
    notes += [f"hedged: {h}" for h in reader.values(claim, OCKG.hedge)]
    return {
        "summary": [sentence],
        "proof": [entity_id(doc)] if doc is not None else [],
        notes_property: ["; ".join(notes)] if notes else [],
    }


def _claims(reader: _Reader) -> Iterator:
    graph = reader.graph
    market_topics, _ = _topics()

    def topics(claim: Node) -> set[str]:
        markets = reader.values(claim, OCKG.market)
        return {"crime"} | {
            t for m in markets if (t := market_topics.get(str(m).rsplit("/", 1)[-1]))
        }

    for claim in sorted(graph.subjects(RDF.type, OCKG.Presence)):
        actors = reader.values(claim, OCKG.actor)
        markets = reader.values(claim, OCKG.market)
        places = reader.values(claim, OCKG.place)
        parts = [", ".join(reader.label(n) for n in nodes) for nodes in (actors, markets)]
        name = " in ".join(p for p in parts if p)
        if places:
            name += (" in " if name else "") + ", ".join(reader.label(p) for p in places)
        yield _make(
            "Event",
            claim,
            name=[name],
            involved=[entity_id(a) for a in actors],
            location=[reader.label(p) for p in places],
            country=[c for p in places for c in reader.countries(p)],
            description=[f"Presence: {name}"],
            topics=topics(claim),
            **_claim_common(reader, claim),
        )
    for claim in sorted(graph.subjects(RDF.type, OCKG.Route)):
        head = reader.first(claim, OCKG.via)
        via = list(Collection(graph, head)) if head is not None else []
        stops = [*reader.values(claim, OCKG.origin), *via, *reader.values(claim, OCKG.destination)]
        market = ", ".join(reader.label(m) for m in reader.values(claim, OCKG.market))
        path = " → ".join(reader.label(s) for s in stops)
        mode = reader.first(claim, OCKG.mode)
        name = f"{market or 'Trafficking'} route: {path}" + (f" by {mode}" if mode else "")
        yield _make(
            "Event",
            claim,
            name=[name],
            location=[reader.label(s) for s in stops],
            country=[c for s in stops for c in reader.countries(s)],
            description=[f"Route: {name}"],
            topics=topics(claim),
            **_claim_common(reader, claim),
        )
    for claim in sorted(graph.subjects(RDF.type, OCKG.Relationship)):
        participants = reader.values(claim, OCKG.participant)
        if len(participants) != 2:
            continue
        kind = reader.first(claim, OCKG.relationKind)
        yield _make(
            "UnknownLink",
            claim,
            subject=[entity_id(participants[0])],
            object=[entity_id(participants[1])],
            role=[str(kind) if kind is not None else "related"],
            **_claim_common(reader, claim, "description"),  # links have no notes
        )


def ftm_entities(graph: Graph) -> list:
    """Every FtM entity of the graph (``followthemoney`` ``EntityProxy``), sorted by id."""
    reader = _Reader(graph)
    memberships = _memberships(reader)
    leaders = {member for member, _, role in memberships if "lead" in role or "head" in role}
    entities = [*_documents(reader), *_actors(reader, leaders), *_claims(reader)]
    schemata = {e.id: e.schema.name for e in entities}
    for member, organisation, role in memberships:
        if schemata.get(entity_id(member)) in {"Person", "Organization"} and (
            schemata.get(entity_id(organisation)) == "Organization"
        ):
            entities.append(
                _make(
                    "Membership",
                    (member, organisation, role),
                    member=[entity_id(member)],
                    organization=[entity_id(organisation)],
                    role=[role],
                )
            )
    return sorted(entities, key=lambda e: e.id)


def ftm_lines(graph: Graph) -> bytes:
    """The entities as line-delimited JSON, as ``ftm`` and ``alephclient`` read them."""
    import io

    require_followthemoney()
    from followthemoney.cli.util import write_entity

    buffer = io.BytesIO()
    for entity in ftm_entities(graph):
        write_entity(buffer, entity)
    return buffer.getvalue()
