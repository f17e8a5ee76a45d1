"""Named people: leaders and members of groups become ockg:Person actors, never groups."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph

from kg.build import build_corpus
from kg.contribution import extraction_of
from kg.evaluate import GoldDocument, evaluate
from kg.graph.iris import entity_iri
from kg.graph.namespaces import NIF, OCKG, ORG, PROV
from kg.models import EntityKind, Extraction, Presence, Relationship
from kg.nlp.extract import extract
from kg.nlp.people import doc_memberships, known_people
from kg.nlp.pipeline import analyse, analyse_many
from kg.nlp.spans import mentions
from kg.read import read_document
from kg.sparql.engine import run_named
from kg.validate.shacl import check_shapes

TEXT = (
    "Wilmer Chavarría, alias 'Pipo', leader of Los Lobos, was arrested in Spain. "
    "Los Choneros leader Adolfo Macías escaped from prison in Guayaquil.\n\n"
    "José Adolfo Macías, a member of Los Choneros, was killed. "
    "The head of the Kinahan cartel, Daniel Kinahan, lives in Dubai."
)


def _people(text: str, country: str = "EC") -> tuple[list[tuple[str, str]], list[tuple]]:
    doc = analyse(text, country)
    found = [(s.text, s.kb_id_) for s in mentions(doc, [EntityKind.PERSON])]
    ties = [(t.person, t.group, t.role) for t in doc_memberships(doc)]
    return found, ties


@pytest.mark.parametrize(
    ("text", "person", "group", "role"),
    [
        (
            "Wilmer Chavarría, alias 'Pipo', leader of Los Lobos, was arrested in Spain.",
            "Wilmer Chavarría",
            "group/los-lobos",
            "leader",
        ),
        (
            "Los Choneros leader Adolfo Macías escaped from prison.",
            "Adolfo Macías",
            "group/los-choneros",
            "leader",
        ),
        (
            "The head of the Kinahan cartel, Daniel Kinahan, lives in Dubai.",
            "Daniel Kinahan",
            "group/kinahan-cartel",
            "leader",
        ),
        (
            "José Adolfo Macías, a member of Los Choneros, was killed.",
            "José Adolfo Macías",
            "group/los-choneros",
            "member",
        ),
        ("Giovanni Brusca joined the Cosa Nostra in 1980.", "Giovanni Brusca", None, "member"),
    ],
)
def test_a_named_leader_or_member_is_a_person_tied_to_the_group(
    text: str, person: str, group: str | None, role: str
) -> None:
    found, ties = _people(text)
    assert [name for name, key in found if name == person] == [person]
    assert {key for _, key in found} == {found[0][1]}  # an alias is a mention of the person
    key = found[0][1]
    assert key.startswith("person/")
    assert len(ties) == 1 and ties[0][0] == key and ties[0][2] == role
    assert group is None or ties[0][1] == group
    doc = analyse(text, "EC")
    assert all(not s.kb_id_.startswith("group/") or s.text != person for s in mentions(doc))


def test_an_alias_after_the_name_is_the_persons_alias() -> None:
    doc = analyse(TEXT.split("\n\n")[0], "EC")
    assert doc._.ockg_entities["person/wilmer-chavarria"].aliases == ("Pipo",)


@pytest.mark.parametrize(
    "text",
    [
        "Los Lobos control mining in Zamora Chinchipe.",  # no person
        "President Daniel Noboa declared war on Los Lobos.",  # a person, no tie to the group
        "Journalist Ana Pérez wrote about Los Lobos.",
        "Wilmer Chavarría, alias 'Pipo', was arrested in Spain.",  # no group named
    ],
)
def test_no_tie_no_person(text: str) -> None:
    found, ties = _people(text)
    assert found == [] and ties == []


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Graph]:
    folder = tmp_path_factory.mktemp("people")
    path = folder / "ecuador_people.txt"
    path.write_text(TEXT, encoding="utf-8")
    path.with_name("ecuador_people.meta.yaml").write_text("country: EC\n", encoding="utf-8")
    result = build_corpus([path])
    graph_file = folder / "graph.ttl"
    graph_file.write_bytes(result.graph.serialize(format="turtle").encode("utf-8"))
    return graph_file, result.graph


def test_memberships_are_claims_with_their_sentence(built: tuple[Path, Graph]) -> None:
    path, graph = built
    extraction = extraction_of(path.with_name("ecuador_people.txt"))
    assert {(m.person, m.group, m.role) for m in extraction.memberships} == {
        ("person/wilmer-chavarria", "group/los-lobos", "leader"),
        ("person/adolfo-macias", "group/los-choneros", "leader"),
        ("person/jose-adolfo-macias", "group/los-choneros", "member"),
        ("person/daniel-kinahan", "group/kinahan-cartel", "leader"),
    }
    pipo = entity_iri("person/wilmer-chavarria")
    assert (pipo, RDF.type, OCKG.Person) in graph
    assert (pipo, RDF.type, OCKG.CriminalGroup) not in graph
    assert (pipo, OCKG.leads, entity_iri("group/los-lobos")) in graph
    node = next(graph.subjects(ORG.member, pipo))
    assert (node, RDF.type, ORG.Membership) in graph
    sentence = graph.value(node, PROV.wasDerivedFrom)
    assert str(graph.value(sentence, NIF.anchorOf)).startswith("Wilmer Chavarría, alias")
    member = entity_iri("person/jose-adolfo-macias")
    assert (member, OCKG.memberOf, entity_iri("group/los-choneros")) in graph


def test_the_people_query_and_shapes(built: tuple[Path, Graph]) -> None:
    path, graph = built
    result = run_named(path, "people", {"group": "Los Choneros"})
    rows = {(r[0], r[2]) for r in result.rows}
    assert rows == {("Adolfo Macías", "leader"), ("José Adolfo Macías", "member")}
    everyone = run_named(path, "people")
    alias = everyone.variables.index("alias")
    assert {r[alias] for r in everyone.rows if r[0] == "Wilmer Chavarría"} == {"Pipo"}
    assert check_shapes(graph) == []


def test_a_person_typed_as_a_group_breaks_the_shapes(built: tuple[Path, Graph]) -> None:
    _, graph = built
    broken = Graph()
    for triple in graph:
        broken.add(triple)
    broken.add((entity_iri("person/wilmer-chavarria"), RDF.type, OCKG.CriminalGroup))
    assert any("never a group" in v.message for v in check_shapes(broken))


# --- more ties, later mentions and claims through people ---------------------------------


@pytest.mark.parametrize(
    ("text", "person", "group", "role", "method"),
    [
        (  # a possessive: the owner leads the group
            "Guzman's Sinaloa Cartel supplies heroin to Chicago.",
            "person/guzman",
            "group/sinaloa-cartel",
            "leader",
            "person-possessive",
        ),
        (  # a copula with a role noun
            "Radoje Zvicer is considered the leader of the Kavač clan.",
            "person/radoje-zvicer",
            "group/kavac-clan",
            "leader",
            "person-role",
        ),
        (
            "Ismael Zambada is the boss of the Sinaloa Cartel.",
            "person/ismael-zambada",
            "group/sinaloa-cartel",
            "leader",
            "person-role",
        ),
        (  # a post held in a group: a member
            "Jovan Vukotić held a key position in the Škaljari clan until 2022.",
            "person/jovan-vukotic",
            "group/skaljari-clan",
            "member",
            "person-role",
        ),
        (  # role words are data: a patriarch leads, a sicario is a member
            "Jorge Luis Zambrano, the patriarch of Los Choneros, was shot.",
            "person/jorge-luis-zambrano",
            "group/los-choneros",
            "leader",
            "person-role",
        ),
        (
            "Carlos Arturo Mendoza, a sicario of Los Lobos, was arrested.",
            "person/carlos-arturo-mendoza",
            "group/los-lobos",
            "member",
            "person-role",
        ),
        (  # names after "ROLE of the GROUP named", and a name joined to a tied one
            "Police arrested two leaders of the powerful Los Lobos gang named Carlos Arturo "
            "Mendoza and Javier Armando Guevara.",
            "person/carlos-arturo-mendoza",
            "group/los-lobos",
            "leader",
            "person-role",
        ),
    ],
)
def test_more_ways_of_tying_a_person_to_a_group(
    text: str, person: str, group: str, role: str, method: str
) -> None:
    doc = analyse(text, "EC")
    ties = {(t.person, t.group, t.role, t.method) for t in doc_memberships(doc)}
    assert (person, group, role, method) in ties
    assert all(s.kb_id_ != person for s in mentions(doc, [EntityKind.GROUP]))


def test_a_name_joined_to_a_tied_name_shares_its_tie() -> None:
    doc = analyse(
        "Police arrested two leaders of the powerful Los Lobos gang named Carlos Arturo "
        "Mendoza and Javier Armando Guevara.",
        "EC",
    )
    assert ("person/javier-armando-guevara", "group/los-lobos", "leader") in {
        (t.person, t.group, t.role) for t in doc_memberships(doc)
    }


@pytest.mark.parametrize(
    ("text", "alias"),
    [
        (
            "Rawa Majid, better known as “The Kurdish Fox”, leader of the Foxtrot network, "
            "lives in Turkey.",
            "The Kurdish Fox",
        ),
        ("Gerry ‘The Monk’ Ward, leader of Los Lobos, was arrested.", "The Monk"),
    ],
)
def test_aliases_after_or_inside_the_name(text: str, alias: str) -> None:
    doc = analyse(text, "SE")
    people = [s for s in mentions(doc, [EntityKind.PERSON])]
    assert people, "the person is found"
    entity = doc._.ockg_entities[people[0].kb_id_]
    assert alias in entity.aliases
    assert "‘" not in entity.label and "“" not in entity.label


@pytest.mark.parametrize(
    "text",
    [
        "Mexico's Sinaloa Cartel supplies heroin to Chicago.",  # a country owns the group
        "Culiacán's Sinaloa Cartel supplies heroin to Chicago.",  # a city
        "The cartel's boss met Los Lobos in Quito.",  # no name
        "Gerry ‘The Monk’ Ward met the Sinaloa Cartel.",  # a closing quote is no possessive
        "President Daniel Noboa is the enemy of Los Lobos.",  # a copula without a role noun
        "Ana Pérez held a press conference on Los Lobos.",  # a post needs a position noun
    ],
)
def test_no_person_without_a_tie(text: str) -> None:
    found, ties = _people(text, "MX")
    assert found == [] and ties == []


def _extraction(tmp_path: Path, text: str, country: str = "MX") -> Extraction:
    path = tmp_path / "text.txt"
    path.write_text(text, encoding="utf-8")
    return extract(read_document(path), None, country)


def test_a_tied_person_is_known_later_by_name_surname_or_alias(tmp_path: Path) -> None:
    extraction = _extraction(
        tmp_path,
        "Joaquín Guzmán, alias 'El Chapo', leader of the Sinaloa Cartel, was extradited.\n\n"
        "Guzmán controls the distribution of cocaine in Chicago. El Chapo runs extortion in "
        "Culiacán. Joaquín Guzmán was sentenced in New York.\n\n"
        "Christy Kinahan met Daniel Kinahan. Vicente Guzmán spoke. Guzmán Street is long.",
    )
    found = [(m.text, m.entity) for m in extraction.mentions if m.kind is EntityKind.PERSON]
    assert found == [
        ("Joaquín Guzmán", "person/joaquin-guzman"),
        ("El Chapo", "person/joaquin-guzman"),
        ("Guzmán", "person/joaquin-guzman"),
        ("El Chapo", "person/joaquin-guzman"),
        ("Joaquín Guzmán", "person/joaquin-guzman"),
    ]  # not "Vicente Guzmán", not "Guzmán Street", and no Kinahan (never tied)
    person = next(e for e in extraction.entities if e.key == "person/joaquin-guzman")
    assert person.kind is EntityKind.PERSON and "El Chapo" in person.aliases
    assert not any(e.key.startswith("group/") and "Guzm" in e.label for e in extraction.entities)


def test_a_surname_two_tied_people_share_names_neither(tmp_path: Path) -> None:
    extraction = _extraction(
        tmp_path,
        "Daniel Kinahan, leader of the Kinahan cartel, lives in Dubai. Christy Kinahan, a "
        "member of the Kinahan cartel, lives in Spain.\n\nKinahan met them in Marbella.",
        "IE",
    )
    later = [m for m in extraction.mentions if m.method == "person-name"]
    assert later == []


def test_a_persons_claims_go_to_the_person_and_through_them_to_the_group(
    tmp_path: Path,
) -> None:
    extraction = _extraction(
        tmp_path,
        "Joaquín Guzmán, alias 'El Chapo', leader of the Sinaloa Cartel, was extradited.\n\n"
        "Guzmán controls the distribution of cocaine in Chicago. He has been fighting the CJNG "
        "for years. Guzmán's Sinaloa Cartel smuggles heroin into Arizona.",
    )
    claims = {(p.actor, p.market, p.place, p.method) for p in extraction.presences}
    cocaine, chicago = "market/cocaine-trade", "place/city/US/chicago"
    assert ("person/joaquin-guzman", cocaine, chicago, "dependency") in claims
    assert ("group/sinaloa-cartel", cocaine, chicago, "through-person/dependency") in claims
    assert (None, cocaine, chicago, "market-place") not in claims  # the person is its actor
    through = next(p for p in extraction.presences if p.method.startswith("through-person"))
    own = next(p for p in extraction.presences if p.actor == "person/joaquin-guzman")
    assert through.sentence == own.sentence and through.confidence < own.confidence
    pairs = {(r.kind, r.actors, r.method) for r in extraction.relationships}
    assert ("rivalry", ("group/cjng", "person/joaquin-guzman"), "rivalry-cue") in pairs  # "He"
    assert ("rivalry", ("group/cjng", "group/sinaloa-cartel"), "through-person/rivalry-cue") in (
        pairs
    )
    # where the sentence names the group itself, the claim is the group's alone
    heroin = [p for p in extraction.presences if p.market == "market/heroin-trade"]
    assert {p.actor for p in heroin} == {"group/sinaloa-cartel"}
    assert all(not p.method.startswith("through-person") for p in heroin)


def test_no_pronoun_across_another_name_and_no_group_rival_of_itself(tmp_path: Path) -> None:
    extraction = _extraction(
        tmp_path,
        "Ismael Zambada is the leader of the Sinaloa Cartel. Zambada met Ovidio Guzmán. He "
        "fought the CJNG in Sinaloa. Zambada cooperates with the Sinaloa Cartel.",
    )
    assert not any("person/ismael-zambada" in r.actors for r in extraction.relationships)
    assert not any(r.actors[0] == r.actors[1] for r in extraction.relationships)


def test_the_eval_leaves_people_claims_out_of_the_gold_scope() -> None:
    gold = GoldDocument(document="x.txt", country="MX")
    claims = Extraction(
        document="x",
        presences=(
            Presence(
                sentence=0,
                method="dependency",
                confidence=0.8,
                actor="person/guzman",
                place="place/city/US/chicago",
            ),
        ),
        relationships=(
            Relationship(
                sentence=0,
                method="rivalry-cue",
                confidence=0.8,
                kind="rivalry",
                actors=("group/cjng", "person/guzman"),
            ),
        ),
    )
    scores = evaluate(gold, claims)
    assert scores["presence"].fp == 0 and scores["relationship"].fp == 0
    assert scores["market-place"].fp == 0


def test_people_known_in_one_paragraph_stay_out_of_the_group_registry() -> None:
    registry: dict = {}
    docs = list(
        analyse_many(
            [
                ("Joaquín Guzmán, leader of the Sinaloa Cartel, was extradited.", "MX"),
                ("Guzmán runs the Red Vipers cult in Chicago.", "MX"),
            ],
            registry=registry,
        )
    )
    people = [s.kb_id_ for s in mentions(docs[1], [EntityKind.PERSON])]
    groups = [s.kb_id_ for s in mentions(docs[1], [EntityKind.GROUP])]
    assert people == ["person/joaquin-guzman"]
    assert not any(g.startswith("group/") and "guzm" in g for g in groups)
    assert known_people(docs[1])["person/joaquin-guzman"][0][:2] == (
        "group/sinaloa-cartel",
        "leader",
    )


@pytest.mark.parametrize(
    ("text", "tie"),
    [
        (  # ruling without naming what, after the group in focus
            "The Foxtrot network is a pyramid. Today the management meets rarely. Rawa Majid "
            "sat and ruled from his exile in Turkey.",
            ("person/rawa-majid", "group/foxtrot-network", "leader"),
        ),
        (  # a definite group noun, a pronoun, an owner pronoun standing for the group
            "Los Choneros control the port. The gang is led by Adolfo Macías.",
            ("person/adolfo-macias", "group/los-choneros", "leader"),
        ),
        (
            "Los Choneros control the port. They are led by Adolfo Macías.",
            ("person/adolfo-macias", "group/los-choneros", "leader"),
        ),
        (
            "Los Choneros control the port. Its founder and leader is Jorge Luis Zambrano.",
            ("person/jorge-luis-zambrano", "group/los-choneros", "leader"),
        ),
        # no tie: what is ruled is named and no group; two groups in focus; no role
        ("Los Lobos control mining. Daniel Noboa rules Ecuador.", None),
        ("Los Lobos and Los Choneros fight in Guayaquil. Rawa Majid ruled from Turkey.", None),
        ("Los Lobos control mining. Daniel Noboa leads the government.", None),
    ],
)
def test_a_person_leading_the_group_in_focus(text: str, tie: tuple[str, str, str] | None) -> None:
    doc = analyse(text, "EC")
    ties = [(t.person, t.group, t.role, t.method) for t in doc_memberships(doc)]
    assert ties == ([(*tie, "person-focus")] if tie else [])


def test_names_announced_before_their_group_is_found_are_people_never_groups() -> None:
    doc = analyse(
        'Police arrested two leaders of the powerful "Bagdad" gang named Ariel Isidro '
        'Rodríguez, alias "Ariel Monstruo," and Javier Armando Guevara, alias "Fulo Barney," '
        "the daily reported.",
        "PA",
    )
    people = {(s.text, s.kb_id_) for s in mentions(doc, [EntityKind.PERSON])}
    assert people == {
        ("Ariel Isidro Rodríguez", "person/ariel-isidro-rodriguez"),
        ("Ariel Monstruo", "person/ariel-isidro-rodriguez"),
        ("Javier Armando Guevara", "person/javier-armando-guevara"),
        ("Fulo Barney", "person/javier-armando-guevara"),
    }
    assert [s.text for s in mentions(doc, [EntityKind.GROUP])] == ["Bagdad"]
    assert {(t.person, t.group, t.role) for t in doc_memberships(doc)} == {
        ("person/ariel-isidro-rodriguez", "group/bagdad", "leader"),
        ("person/javier-armando-guevara", "group/bagdad", "leader"),
    }


def test_claims_through_a_person_in_the_graph(tmp_path: Path) -> None:
    path = tmp_path / "mexico_people.txt"
    path.write_text(
        "Joaquín Guzmán, leader of the Sinaloa Cartel, was extradited.\n\n"
        "Guzmán controls the distribution of cocaine in Chicago.",
        encoding="utf-8",
    )
    path.with_name("mexico_people.meta.yaml").write_text("country: MX\n", encoding="utf-8")
    graph = build_corpus([path]).graph
    person, group = entity_iri("person/joaquin-guzman"), entity_iri("group/sinaloa-cartel")
    chicago = entity_iri("place/city/US/chicago")
    methods = {}
    for claim in graph.subjects(RDF.type, OCKG.Presence):
        actor = graph.value(claim, OCKG.actor)
        if graph.value(claim, OCKG.place) == chicago:
            methods[actor] = str(graph.value(claim, OCKG.method))
    assert methods == {person: "dependency", group: "through-person/dependency"}
    assert (person, OCKG.operatesIn, chicago) in graph
    assert (group, OCKG.operatesIn, chicago) in graph
    assert (person, RDF.type, OCKG.CriminalGroup) not in graph
    assert check_shapes(graph) == []


@pytest.mark.parametrize(
    ("second", "through"),
    [
        ("He runs extortion in Culiacán.", True),
        ("His men run extortion in Culiacán.", True),
        ("Ovidio Guzmán arrived. He runs extortion in Culiacán.", False),  # another name between
        ("Extortion in Culiacán is rising. They run it.", False),  # no person pronoun
    ],
)
def test_a_pronoun_stands_for_the_last_tied_person(
    tmp_path: Path, second: str, through: bool
) -> None:
    extraction = _extraction(
        tmp_path, "Joaquín Guzmán, leader of the Sinaloa Cartel, was extradited.\n\n" + second
    )
    culiacan = "place/city/MX/culiacan"
    actors = {p.actor for p in extraction.presences if p.place == culiacan}
    expected = {"person/joaquin-guzman", "group/sinaloa-cartel"}
    assert (actors >= expected) if through else actors.isdisjoint(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "'s Sinaloa Cartel smuggles cocaine.",  # a possessive with no name before it
        "He runs Los Lobos.",  # a pronoun with no person before it
        "Los Lobos, led by",  # a sentence cut before the name
        "’ Los Lobos.",
        "Wilmer Chavarría, alias '', leader of",  # an empty alias, no group
    ],
)
def test_bad_inputs_make_no_person(text: str) -> None:
    found, ties = _people(text)
    assert found == [] and ties == []


def test_an_alias_that_names_a_country_stays_the_country_elsewhere() -> None:
    doc = analyse(
        "Wilmer Chavarría, alias 'Colombia', leader of Los Lobos, was arrested in Spain. "
        "Cocaine comes from Colombia.",
        "EC",
    )
    people = [(s.text, s.start) for s in mentions(doc, [EntityKind.PERSON])]
    places = [s.kb_id_ for s in mentions(doc, [EntityKind.PLACE])]
    assert [name for name, _ in people] == ["Wilmer Chavarría", "Colombia"]  # the alias
    assert "place/country/CO" in places  # the later "Colombia" is the country
