"""The ``ockg_actors`` component: named groups, discovered groups and collectives.

The Peru 2025 profile is the one real page; the short texts about Mexico, Ecuador, Nigeria,
Italy and the Philippines are written for these tests (names marked "invented" are not real
groups, so only the cues can find them).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

import kg.nlp.actors  # noqa: F401  (registers the factory)
from kg.models import Document, Entity, EntityKind, Profile
from kg.nlp.actors import (
    ALIAS_CONFIDENCE,
    COLLECTIVE_CONFIDENCE,
    CUE_CONFIDENCE,
    WEAK_COLLECTIVE_CONFIDENCE,
)
from kg.nlp.model import model_name
from kg.nlp.spans import mentions

FOREIGN = "foreign-actors"
MAFIA = "mafia-style-groups"
NETWORKS = "criminal-networks"
STATE = "state-embedded-actors"
PRIVATE = "private-sector-actors"
ACTORS = (EntityKind.GROUP, EntityKind.COLLECTIVE)

Analyse = Callable[[str, str | None], Doc]


@pytest.fixture(scope="session")
def nlp() -> Language:
    pipeline = spacy.load(model_name())
    pipeline.add_pipe("ockg_actors")
    return pipeline


@pytest.fixture(scope="session")
def analyse(nlp: Language) -> Analyse:
    """Run the model, set the document's country, then the actor component."""

    def run(text: str, country: str | None) -> Doc:
        with nlp.select_pipes(disable=["ockg_actors"]):
            doc = nlp(text)
        doc._.ockg_country = country
        return nlp.get_pipe("ockg_actors")(doc)

    return run


@pytest.fixture(scope="session")
def peru(analyse: Analyse, peru_document: Document, peru_profile: Profile) -> Doc:
    start, end = peru_profile.analysis_start, peru_profile.analysis_end
    assert start is not None and end is not None
    return analyse(peru_document.text[start:end], "PE")


def entity(doc: Doc, span: Span) -> Entity:
    return doc._.ockg_entities[span.kb_id_]


def groups(doc: Doc) -> list[tuple[str, str]]:
    return [(s.text, s.kb_id_) for s in mentions(doc, [EntityKind.GROUP])]


def actor_spans(doc: Doc, text: str) -> list[Span]:
    """The actor mentions whose text is ``text``."""
    return [s for s in mentions(doc, ACTORS) if s.text == text]


def one(doc: Doc, text: str) -> tuple[Span, Entity]:
    found = actor_spans(doc, text)
    assert len(found) >= 1, f"no actor mention {text!r} in {[s.text for s in mentions(doc)]}"
    return found[0], entity(doc, found[0])


def assert_actor(
    doc: Doc, text: str, key: str, origin: str | None, actor_type: str | None
) -> tuple[Span, Entity]:
    """The first actor mention ``text`` has this key and origin, and this type unless None (a
    key shared by mentions of several types, such as collective/PE/groups, has one type)."""
    span, found = one(doc, text)
    assert (span.kb_id_, found.origin) == (key, origin), text
    if actor_type is not None:
        assert found.actor_type == actor_type, text
    return span, found


def covered(doc: Doc, phrase: str) -> list[Span]:
    """Actor mentions overlapping any occurrence of ``phrase``."""
    hits: list[Span] = []
    start = doc.text.find(phrase)
    while start != -1:
        end = start + len(phrase)
        hits += [s for s in mentions(doc, ACTORS) if s.start_char < end and start < s.end_char]
        start = doc.text.find(phrase, end)
    return hits


# --- Peru 2025: named groups ---------------------------------------------------------------------

PERU_GROUPS = [
    ("Tren de Aragua", "group/tren-de-aragua"),
    ("Tren de Aragua", "group/tren-de-aragua"),
    ("Los Tiguerones", "group/los-tiguerones"),
    ("Sendero Luminoso", "group/sendero-luminoso"),
    ("Sendero Luminoso", "group/sendero-luminoso"),
    ("Tren de Aragua", "group/tren-de-aragua"),
    ("Revolutionary Armed Forces", "group/farc"),
    ("Comando Vermelho", "group/comando-vermelho"),
    ("Primeiro Comando da Capital", "group/primeiro-comando-da-capital"),
]


def test_peru_named_groups_exactly(peru: Doc) -> None:
    assert groups(peru) == PERU_GROUPS


@pytest.mark.parametrize(
    ("key", "origin", "actor_type", "kind"),
    [
        ("group/tren-de-aragua", "VE", FOREIGN, "gang"),
        ("group/los-tiguerones", "EC", FOREIGN, "gang"),
        ("group/sendero-luminoso", "PE", MAFIA, "insurgency"),
        ("group/farc", "CO", FOREIGN, "insurgency"),
        ("group/comando-vermelho", "BR", FOREIGN, "gang"),
        ("group/primeiro-comando-da-capital", "BR", FOREIGN, "gang"),
    ],
)
def test_peru_groups_are_typed_relative_to_peru(
    peru: Doc, key: str, origin: str, actor_type: str, kind: str
) -> None:
    found = peru._.ockg_entities[key]
    assert found.kind is EntityKind.GROUP
    assert (found.origin, found.actor_type, found.group_kind) == (origin, actor_type, kind)


def test_known_group_entities_carry_label_aliases_and_method(peru: Doc) -> None:
    span, found = one(peru, "Revolutionary Armed Forces")
    assert found.label == "Revolutionary Armed Forces of Colombia"
    assert "FARC" in found.aliases
    assert (span._.ockg_method, span._.ockg_confidence) == ("alias-table", ALIAS_CONFIDENCE)
    span, _ = one(peru, "Tren de Aragua")
    assert span.text == "Tren de Aragua" and span.start_char > 0  # "the Venezuelan" left outside


# --- Peru 2025: collectives ----------------------------------------------------------------------


def test_coordinated_demonyms_make_one_collective_each(peru: Doc) -> None:
    sentence = next(s for s in peru.sents if s.text.startswith("Smuggling networks, including"))
    found = [
        (s.text, s.kb_id_, entity(peru, s).label)
        for s in mentions(peru, [EntityKind.COLLECTIVE])
        if sentence.start <= s.start < sentence.end
    ]
    assert found == [
        # its list names only foreign members: no stated origin, not a Peruvian actor
        ("Smuggling networks", "collective/XX/criminal-groups", "Criminal groups"),
        ("Venezuelan", "collective/VE/criminal-groups", "Venezuelan criminal groups"),
        ("Brazilian", "collective/BR/criminal-groups", "Brazilian criminal groups"),
        ("Ecuadorian", "collective/EC/criminal-groups", "Ecuadorian criminal groups"),
        ("Colombian groups", "collective/CO/criminal-groups", "Colombian criminal groups"),
    ]
    for span in mentions(peru, [EntityKind.COLLECTIVE]):
        if sentence.start <= span.start < sentence.end and span.text != "Smuggling networks":
            assert entity(peru, span).actor_type == FOREIGN
            assert span._.ockg_method == "collective-demonym"


ACTORS_FROM = {
    "collective/VE/criminal-groups",
    "collective/EC/criminal-groups",
    "collective/CO/criminal-groups",
    "collective/balkans/criminal-groups",  # a region: keyed by its id, no ISO code
}


def test_actors_from_a_list_of_countries(peru: Doc) -> None:
    assert_actor(peru, "Actors", "collective/VE/criminal-groups", "VE", FOREIGN)
    assert covered(peru, "Venezuela, Ecuador, Colombia and the Balkans") == []  # stay places
    assert_actor(peru, "Mexican cartels", "collective/MX/criminal-groups", "MX", FOREIGN)


def test_actors_from_a_list_give_one_collective_per_origin(peru: Doc) -> None:
    assert {s.kb_id_ for s in actor_spans(peru, "Actors")} == ACTORS_FROM


@pytest.mark.parametrize(
    ("text", "key", "origin", "actor_type"),
    [
        ("Venezuelan criminal groups", "collective/VE/criminal-groups", "VE", FOREIGN),
        ("Colombian traffickers", "collective/CO/criminal-groups", "CO", FOREIGN),
        ("Brazilian gangs", "collective/BR/criminal-groups", "BR", FOREIGN),
        ("Foreign criminal organizations", "collective/XX/foreign-criminal-groups", None, FOREIGN),
        ("foreign cartels", "collective/XX/foreign-criminal-groups", None, FOREIGN),
        ("Domestic family clans", "collective/PE/criminal-groups", "PE", MAFIA),
        ("Mafia-style groups", "collective/PE/criminal-groups", "PE", MAFIA),
        ("Foreign tourists", "collective/XX/foreign-tourists", None, FOREIGN),
        ("illegal mining groups", "collective/PE/criminal-groups", "PE", NETWORKS),
        (
            "loosely organized domestic criminal networks",
            "collective/PE/criminal-groups",
            "PE",
            NETWORKS,
        ),
        ("Peruvian groups", "collective/PE/criminal-groups", "PE", None),
        ("former presidents", "collective/PE/officials", "PE", STATE),
        ("pharmacies", "collective/PE/businesses", "PE", PRIVATE),
        ("law enforcement officials", "collective/PE/officials", "PE", STATE),
        ("judiciary members", "collective/PE/officials", "PE", STATE),
        ("Law enforcement", "collective/PE/officials", "PE", STATE),
        ("legal logging", "collective/PE/businesses", "PE", PRIVATE),
        ("gold-mining companies", "collective/PE/businesses", "PE", PRIVATE),
        ("Timber bosses", "collective/PE/businesses", "PE", PRIVATE),
        ("fake cooperatives", "collective/PE/businesses", "PE", PRIVATE),
        ("Financial institutions", "collective/PE/businesses", "PE", PRIVATE),
        ("foreign actors", "collective/XX/foreign-criminal-groups", None, FOREIGN),
        ("transnational criminal groups", "collective/XX/foreign-criminal-groups", None, FOREIGN),
        ("high-level politicians", "collective/PE/officials", "PE", STATE),
        ("government officials", "collective/PE/officials", "PE", STATE),
    ],
)
def test_peru_collectives(
    peru: Doc, text: str, key: str, origin: str | None, actor_type: str
) -> None:
    span, found = assert_actor(peru, text, key, origin, None)
    assert span._.ockg_actor_type == actor_type, text  # the type this mention states
    assert found.kind is EntityKind.COLLECTIVE
    assert span._.ockg_confidence == COLLECTIVE_CONFIDENCE


def test_generic_heads_get_a_weak_default_type(peru: Doc) -> None:
    span, _ = assert_actor(
        peru, "Criminal organizations", "collective/PE/criminal-groups", "PE", None
    )
    assert (span._.ockg_method, span._.ockg_confidence) == (
        "collective-cue",
        WEAK_COLLECTIVE_CONFIDENCE,
    )


def test_local_and_foreign_split(peru: Doc) -> None:
    assert_actor(peru, "Local", "collective/PE/criminal-groups", "PE", None)
    assert_actor(peru, "foreign groups", "collective/XX/foreign-criminal-groups", None, FOREIGN)
    # "private ... actors": a private-sector type makes the generic head a business collective
    assert_actor(peru, "private", "collective/PE/businesses", "PE", PRIVATE)


def test_collective_labels(peru: Doc) -> None:
    labels = {key: e.label for key, e in peru._.ockg_entities.items()}
    assert labels["collective/VE/criminal-groups"] == "Venezuelan criminal groups"
    assert labels["collective/XX/foreign-criminal-groups"] == "Foreign criminal groups"
    assert labels["collective/balkans/criminal-groups"] == "Balkan criminal groups"
    assert labels["collective/PE/criminal-groups"] == "Peruvian criminal groups"
    assert labels["collective/PE/businesses"] == "Peruvian businesses"
    assert not any("(" in label for key, label in labels.items() if key.startswith("collective/"))


@pytest.mark.parametrize(
    "phrase",
    [
        "INTERPOL",
        "DEA",
        "National Police",
        "Financial Action Task Force",
        "Gamarra Emporium",
        "Panamericana Sur",
        "Interior Ministry",
        "Central Única de Denuncias",
        "UN Regional Centre",
        "Institute for Security Studies",
        "migrants",
        "victims",
        "indigenous communities",
        "Civil society organizations",
        "La Libertad",
        "Villa El Salvador",
        "La Pampa",
    ],
)
def test_peru_non_actors(peru: Doc, phrase: str) -> None:
    assert covered(peru, phrase) == []


def test_officials_need_implication(peru: Doc) -> None:
    assert covered(peru, "Environmental and police authorities") == []
    assert covered(peru, "trust in the police and armed forces") == []
    assert covered(peru, "Businesses are confronted") == []


# --- other countries (texts written for these tests) ---------------------------------------------

MEXICO = (
    "The Jalisco New Generation Cartel (CJNG) and the Sinaloa Cartel dominate fentanyl "
    "trafficking across Mexico. La Nueva Familia Michoacana extorts avocado producers. "
    "The Los Halcones de Tierra Caliente cartel recruits teenagers as lookouts in Michoacán, "
    "and Los Halcones de Tierra Caliente has clashed with the CJNG. Colombian brokers supply "
    "cocaine to Mexican cartels, while corrupt police officers protect shipments. The "
    "Financial Intelligence Unit (UIF) froze accounts linked to the Sinaloa Cartel."
)
ECUADOR = (
    "Los Choneros and Los Lobos fight for control of Guayaquil's prisons and cocaine routes. "
    "Both gangs work with the Albanian mafia, which buys cocaine in bulk for European markets. "
    "Mexican cartels such as the Sinaloa Cartel finance local gangs."
)
NIGERIA = (
    "Confraternities such as Black Axe and the Eiye confraternity run internet fraud and sex "
    "trafficking networks between Nigeria and Italy. The Red Vipers cult, a newer group in "
    "Rivers State, controls drug sales in Port Harcourt. Members of the Red Vipers clashed with "
    "Black Axe in 2023. The EFCC and the NDLEA arrested dozens of suspects."
)
ITALY = (
    "The 'Ndrangheta controls much of the cocaine entering Europe through Gioia Tauro. Camorra "
    "clans dominate waste trafficking in Campania, while the Casamonica clan runs usury and "
    "extortion in Rome. Nigerian criminal networks are active in sexual exploitation. The "
    "Carabinieri and the Guardia di Finanza lead investigations."
)
PHILIPPINES = (
    "Abu Sayyaf remains active in kidnapping for ransom in the Sulu archipelago. In Manila, the "
    "Dugo-Dugo gang defrauds households by impersonating employers. Chinese syndicates run scam "
    "hubs, and corrupt officials facilitate their operations. The Philippine National Police "
    "dismantled a Dugo-Dugo cell in 2024."
)


def test_mexico(analyse: Analyse) -> None:
    doc = analyse(MEXICO, "MX")
    assert groups(doc) == [
        ("Jalisco New Generation Cartel", "group/cjng"),
        ("CJNG", "group/cjng"),
        ("Sinaloa Cartel", "group/sinaloa-cartel"),
        ("La Nueva Familia Michoacana", "group/la-familia-michoacana"),
        ("Los Halcones de Tierra Caliente", "group/los-halcones-de-tierra-caliente"),  # invented
        ("Los Halcones de Tierra Caliente", "group/los-halcones-de-tierra-caliente"),
        ("CJNG", "group/cjng"),
        ("Sinaloa Cartel", "group/sinaloa-cartel"),
    ]
    halcones = doc._.ockg_entities["group/los-halcones-de-tierra-caliente"]
    assert (halcones.origin, halcones.actor_type, halcones.group_kind) == ("MX", MAFIA, "cartel")
    assert doc._.ockg_entities["group/cjng"].actor_type == MAFIA  # at home, not foreign
    span, _ = one(doc, "Los Halcones de Tierra Caliente")
    assert (span._.ockg_method, span._.ockg_confidence) == ("cue-name", CUE_CONFIDENCE)
    assert_actor(doc, "Colombian brokers", "collective/CO/criminal-groups", "CO", FOREIGN)
    assert_actor(doc, "Mexican cartels", "collective/MX/criminal-groups", "MX", MAFIA)
    assert_actor(doc, "corrupt police officers", "collective/MX/officials", "MX", STATE)
    assert covered(doc, "Financial Intelligence Unit (UIF)") == []


def test_ecuador(analyse: Analyse) -> None:
    doc = analyse(ECUADOR, "EC")
    assert groups(doc) == [
        ("Los Choneros", "group/los-choneros"),
        ("Los Lobos", "group/los-lobos"),
        ("Albanian mafia", "group/albanian-mafia"),
        ("Sinaloa Cartel", "group/sinaloa-cartel"),
    ]
    entities = doc._.ockg_entities
    assert entities["group/los-choneros"].actor_type == MAFIA
    assert (
        entities["group/albanian-mafia"].origin,
        entities["group/albanian-mafia"].actor_type,
    ) == (
        "AL",
        FOREIGN,
    )
    assert entities["group/sinaloa-cartel"].actor_type == FOREIGN
    assert covered(doc, "Both gangs") == []  # the two groups just named, not a collective
    assert_actor(doc, "local gangs", "collective/EC/criminal-groups", "EC", MAFIA)


def test_nigeria(analyse: Analyse) -> None:
    doc = analyse(NIGERIA, "NG")
    assert groups(doc) == [
        ("Black Axe", "group/black-axe"),
        ("Eiye confraternity", "group/eiye"),
        ("Red Vipers cult", "group/red-vipers"),  # invented
        ("Red Vipers", "group/red-vipers"),  # the same group, named again without its head
        ("Black Axe", "group/black-axe"),
    ]
    vipers = doc._.ockg_entities["group/red-vipers"]
    assert (vipers.origin, vipers.actor_type, vipers.group_kind) == ("NG", MAFIA, "confraternity")
    assert covered(doc, "EFCC") == covered(doc, "NDLEA") == []
    assert covered(doc, "Rivers State") == covered(doc, "Port Harcourt") == []


def test_italy(analyse: Analyse) -> None:
    doc = analyse(ITALY, "IT")
    assert groups(doc) == [
        ("'Ndrangheta", "group/ndrangheta"),
        ("Camorra", "group/camorra"),
        ("Casamonica clan", "group/casamonica-clan"),
    ]
    assert doc._.ockg_entities["group/ndrangheta"].actor_type == MAFIA
    assert covered(doc, "clans dominate") == []  # the Camorra's clans, not another collective
    assert_actor(doc, "Nigerian criminal networks", "collective/NG/criminal-groups", "NG", FOREIGN)
    assert covered(doc, "Carabinieri") == covered(doc, "Guardia di Finanza") == []


def test_philippines(analyse: Analyse) -> None:
    doc = analyse(PHILIPPINES, "PH")
    assert groups(doc) == [
        ("Abu Sayyaf", "group/abu-sayyaf"),
        ("Dugo-Dugo gang", "group/dugo-dugo"),  # invented
        ("Dugo-Dugo", "group/dugo-dugo"),
    ]
    dugo = doc._.ockg_entities["group/dugo-dugo"]
    assert (dugo.origin, dugo.actor_type, dugo.group_kind) == ("PH", MAFIA, "gang")
    assert_actor(doc, "Chinese syndicates", "collective/CN/criminal-groups", "CN", FOREIGN)
    assert_actor(doc, "corrupt officials", "collective/PH/officials", "PH", STATE)
    assert covered(doc, "Philippine National Police") == []


# --- discovery cues and origins ------------------------------------------------------------------


def test_appositions_lists_and_member_context(analyse: Analyse) -> None:
    doc = analyse(
        "The criminal organization Los Injertos del Cono Norte operates in Lima. A gang called "
        "Los Malditos de Bayóvar recruited minors. Members of La Jauría were arrested. Gangs "
        "such as Los Mermos and La Nueva Generación extort shops.",
        "PE",
    )
    assert [text for text, _ in groups(doc)] == [
        "Los Injertos del Cono Norte",
        "Los Malditos de Bayóvar",
        "La Jauría",
        "Los Mermos",
        "La Nueva Generación",
    ]
    assert all(entity(doc, s).origin == "PE" for s in mentions(doc, [EntityKind.GROUP]))
    assert one(doc, "Los Malditos de Bayóvar")[0].kb_id_ == "group/los-malditos-de-bayovar"


def test_origin_from_a_possessive_or_a_demonym(analyse: Analyse) -> None:
    doc = analyse(
        "Colombia's Los Pachenqueros Nuevos extort farmers, and the Venezuelan Los Invented "
        "Tigres gang sells drugs in Lima.",
        "PE",
    )
    assert_actor(doc, "Los Pachenqueros Nuevos", "group/los-pachenqueros-nuevos", "CO", FOREIGN)
    assert one(doc, "Los Invented Tigres")[1].origin == "VE"


def test_no_document_country_keeps_own_types(analyse: Analyse) -> None:
    doc = analyse(
        "Balkan networks and West African groups traffic cocaine. Venezuelan criminal groups, "
        "notably Tren de Aragua, dominate. Corrupt customs officers facilitate smuggling.",
        None,
    )
    assert doc._.ockg_entities["group/tren-de-aragua"].actor_type == MAFIA
    balkan = assert_actor(
        doc, "Balkan networks", "collective/balkans/criminal-groups", None, NETWORKS
    )
    assert balkan[1].origin_region == "place/world-region/balkans"
    assert balkan[1].label == "Balkan criminal groups"
    west = assert_actor(
        doc, "West African groups", "collective/west-africa/criminal-groups", None, None
    )
    assert west[1].label == "West African criminal groups"
    assert_actor(doc, "Venezuelan criminal groups", "collective/VE/criminal-groups", "VE", None)
    assert_actor(doc, "Corrupt customs officers", "collective/XX/officials", None, STATE)


@pytest.mark.parametrize(
    "text",
    [
        "INTERPOL and the DEA met the National Police and the Financial Action Task Force.",
        "Counterfeits are sold in Gamarra Emporium and trucks use the Panamericana Sur highway.",
        "The Interior Ministry runs the Central Única de Denuncias, El Comercio reported.",
        "According to the El Comercio newspaper, El Chapo and El Mencho were extradited.",
        "Cocaine moves through Los Angeles, La Paz and Villa El Salvador to La Libertad region.",
        "Venezuelan migrants, trafficking victims and indigenous communities are exploited.",
        "Officials met journalists and companies in Lima to discuss tourism.",
        "The Andean security network and civil society organizations coordinate responses.",
        "Members of the National Police cooperate with INTERPOL.",
    ],
)
def test_never_actors(analyse: Analyse, text: str) -> None:
    doc = analyse(text, "PE")
    assert [s.text for s in mentions(doc, ACTORS)] == []


def test_implicated_officials_and_companies(analyse: Analyse) -> None:
    doc = analyse(
        "Some customs officers have been implicated in bribery. Mining companies launder gold "
        "through front companies.",
        "PE",
    )
    assert_actor(doc, "customs officers", "collective/PE/officials", "PE", STATE)
    span, _ = assert_actor(doc, "Mining companies", "collective/PE/businesses", "PE", PRIVATE)
    assert span._.ockg_market == "market/non-renewable-resource-crimes"  # kept on the mention
    assert_actor(doc, "front companies", "collective/PE/businesses", "PE", PRIVATE)
