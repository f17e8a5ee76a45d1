"""Discovering named groups that ``ontology/groups.yaml`` does not list, by class of cue.

Every name below is invented (no such group exists), so only a cue of
``ontology/actor_cues.yaml`` can find it; the negative cases are names of the same shapes that are
not criminal groups.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import kg.nlp.actors  # noqa: F401  (registers the factory)
from kg.models import EntityKind
from kg.nlp.actors import variant_group
from kg.nlp.extract import extract
from kg.nlp.model import model_name
from kg.nlp.spans import mentions
from kg.read import read_document

Analyse = Callable[[str, str | None], Doc]


@pytest.fixture(scope="module")
def analyse() -> Analyse:
    nlp: Language = spacy.load(model_name())
    nlp.add_pipe("ockg_actors")

    def run(text: str, country: str | None) -> Doc:
        with nlp.select_pipes(disable=["ockg_actors"]):
            doc = nlp(text)
        doc._.ockg_country = country
        return nlp.get_pipe("ockg_actors")(doc)

    return run


def groups(doc: Doc) -> dict[str, str]:
    """Group mention text -> entity key."""
    return {span.text: span.kb_id_ for span in mentions(doc, [EntityKind.GROUP])}


# --- quoted names -------------------------------------------------------------------------------


def test_quoted_name_after_a_group_head_is_a_group(analyse: Analyse) -> None:
    doc = analyse(
        "Internal strife in the criminal gang “Halvorsen network”, and its conflict with a rival "
        "gang, the “Lindqvist network”, creates fear in Oslo.",
        "NO",
    )
    found = groups(doc)
    assert found["Halvorsen network"] == "group/halvorsen"
    assert found["Lindqvist network"] == "group/lindqvist"
    entity = doc._.ockg_entities["group/lindqvist"]
    assert entity.group_kind in ("gang", "network") and entity.origin == "NO"


def test_quoted_name_before_a_group_head_is_a_group(analyse: Analyse) -> None:
    doc = analyse(
        "Police clashed with members of the “Tiburones Azules” dissident group near Tumaco.", "CO"
    )
    assert groups(doc) == {"Tiburones Azules": "group/tiburones-azules"}


def test_quoted_phrase_without_group_cue_is_not_a_group(analyse: Analyse) -> None:
    doc = analyse(
        "The report “Crime in the Andes” describes how the “Silver Coast” became a hub.", "PE"
    )
    assert groups(doc) == {}


def test_quoted_lower_case_phrase_after_a_head_is_not_a_group(analyse: Analyse) -> None:
    doc = analyse("The gang “will run the streets with blood”, a tabloid wrote.", "JP")
    assert groups(doc) == {}


# --- heads that open or close a name --------------------------------------------------------------


def test_spanish_group_head_opens_a_name(analyse: Analyse) -> None:
    doc = analyse(
        "Three factions fight in the area: the Guerrillas Unidas del Caribe and the Autodefensas "
        "Costeñas de Urabá.",
        "CO",
    )
    found = groups(doc)
    assert found["Guerrillas Unidas del Caribe"] == "group/guerrillas-unidas-del-caribe"
    assert found["Autodefensas Costeñas de Urabá"] == "group/autodefensas-costenas-de-uraba"


def test_numbered_unit_of_a_group_is_a_group(analyse: Analyse) -> None:
    doc = analyse("The dissidents came from the FARC’s 45th Front in Cauca.", "CO")
    assert groups(doc)["45th Front"] == "group/45th-front"


def test_armed_body_said_to_be_a_group_keeps_its_of_phrase(analyse: Analyse) -> None:
    doc = analyse(
        "The first group to appear in the area was the United Force of the Andes, made up of "
        "dissidents.",
        "CO",
    )
    assert groups(doc) == {"United Force of the Andes": "group/united-force-of-the-andes"}


def test_unit_listed_with_a_group_is_a_group_typed_as_state_embedded(analyse: Analyse) -> None:
    doc = analyse(
        "Hezbollah, 7th Division and security services involved in smuggling narcotics to Jordan",
        "SY",
    )
    found = groups(doc)
    assert found["7th Division"] == "group/7th-division"
    assert doc._.ockg_entities["group/7th-division"].actor_type == "state-embedded-actors"


def test_alliance_army_listed_with_a_known_group_is_a_group(analyse: Analyse) -> None:
    doc = analyse(
        "The party fractured into smaller groups like the Southern Democratic Alliance Army "
        "(SDAA) and the United Wa State Army.",
        "MM",
    )
    found = groups(doc)
    assert found["Southern Democratic Alliance Army"] == "group/southern-democratic-alliance-army"


@pytest.mark.parametrize(
    "text",
    [
        "The Eastern Front of the war moved south in 1943.",
        "The 4th Division of the appeals court ruled on the case.",
        "The Pakistan Army deployed along the border with Afghanistan.",
        "The Border Force seized 400 kilograms of cocaine in Sydney.",
    ],
)
def test_armed_body_or_unit_without_criminal_context_is_not_a_group(
    analyse: Analyse, text: str
) -> None:
    assert groups(analyse(text, None)) == {}


def test_group_naming_itself_is_a_group(analyse: Analyse) -> None:
    doc = analyse(
        "Calling itself the Guardians of the Oath, the group arrived from the coast in May.", "NG"
    )
    assert groups(doc) == {"Guardians of the Oath": "group/guardians-of-the-oath"}


def test_naming_without_a_group_is_not_a_group(analyse: Analyse) -> None:
    doc = analyse("Calling itself the Venice of the North, the city welcomes tourists.", "SE")
    assert groups(doc) == {}


# --- suffixes -------------------------------------------------------------------------------------


def test_name_suffix_outweighs_the_place_gazetteer(analyse: Analyse) -> None:
    doc = analyse(
        "The major groups are the Hanabishi-kai (Osaka) with 900 members and the Kurokawakai "
        "(Fukuoka prefecture) with 400 members.",
        "JP",
    )
    found = groups(doc)
    assert found["Hanabishi-kai"] == "group/hanabishi-kai"
    assert found["Kurokawakai"] == "group/kurokawakai"


def test_place_ending_like_a_suffix_is_not_a_group(analyse: Analyse) -> None:
    doc = analyse("The port of Sakai lies south of Osaka.", "JP")
    assert groups(doc) == {}


# --- title case and former members ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Japan’s Split and the Formalities of Gang War",
        "Tren de Aragua: From Prison Gang to Transnational Criminal Enterprise",
    ],
)
def test_head_inside_a_title_is_not_a_group_name(analyse: Analyse, text: str) -> None:
    found = groups(analyse(text, None))
    assert not any("Gang" in name for name in found), found


def test_ex_prefix_names_former_members_not_the_group(analyse: Analyse) -> None:
    doc = analyse("The dissident faction was founded by former ex-FARC leaders in 2019.", "CO")
    assert "FARC" not in groups(doc)
    doc = analyse("FARC leaders signed the peace deal.", "CO")
    assert groups(doc) == {"FARC": "group/farc"}


# --- names that belong to someone else -----------------------------------------------------------


def test_apposition_to_a_person_of_the_group_is_not_a_group(analyse: Analyse) -> None:
    doc = analyse(
        "The alleged leader of the Los Tigres clan, Marko Petrović, believed that another member "
        "stole cocaine. The police fought a rival gang, Los Halcones, in May.",
        "ME",
    )
    assert groups(doc) == {"Los Tigres": "group/los-tigres", "Los Halcones": "group/los-halcones"}


def test_abbreviation_opening_another_name_is_not_the_group(analyse: Analyse) -> None:
    doc = analyse("Citing the Europol report, the EPP Group chair said the trade grew.", "AL")
    assert groups(doc) == {}
    doc = analyse("The EPP attacked a police post. Members of the PCC Gang were arrested.", "PY")
    assert groups(doc) == {
        "EPP": "group/ejercito-del-pueblo-paraguayo",
        "PCC": "group/primeiro-comando-da-capital",
    }
    doc = analyse("The so-called G9 Alliance (“G9 Fanmi e Alye”) unites nine gangs.", "HT")
    assert [span.text for span in mentions(doc, [EntityKind.GROUP])] == ["G9", "G9"]


# --- abbreviations a document defines -----------------------------------------------------------


def extracted_groups(tmp_path: Path, text: str, country: str) -> list[tuple[str, str]]:
    """(text, entity) of every group mention ``extract`` finds in a whole document."""
    path = tmp_path / "document.txt"
    path.write_text(text, encoding="utf-8")
    extraction = extract(read_document(path), None, country)
    return [(m.text, m.entity) for m in extraction.mentions if m.kind is EntityKind.GROUP]


def test_abbreviation_defined_after_a_group_is_that_group_in_later_paragraphs(
    tmp_path: Path,
) -> None:
    found = extracted_groups(
        tmp_path,
        "Thirteen gangs split from the group, joining the Inagawa-kai (IK), based in "
        "Tokyo.\n\nThe IK, headed by its founder, is rising to challenge the old guard.\n\n"
        "In 1989 the party split into the Southern Democratic Alliance Army (SDAA) and the United "
        "Wa State Army.\n\nToday the SDAA runs heroin refineries.\n",
        "JP",
    )
    assert found.count(("IK", "group/inagawa-kai")) == 2
    assert found.count(("SDAA", "group/southern-democratic-alliance-army")) == 2


def test_abbreviation_of_a_parenthesis_name_is_the_group(tmp_path: Path) -> None:
    found = extracted_groups(
        tmp_path,
        "The first group to appear was the United Force of the Andes (Fuerzas Unidas de los "
        "Andes – FUA), made up of dissidents.\n\nLater the FUA forged alliances with "
        "traffickers.\n",
        "CO",
    )
    assert ("FUA", "group/united-force-of-the-andes") in found
    assert not any(text.startswith("Fuerzas") for text, _ in found)  # a translation, not taken


def test_parenthesis_that_is_no_abbreviation_of_the_group_defines_nothing(tmp_path: Path) -> None:
    found = extracted_groups(
        tmp_path,
        "Members of the Hells Angels (NSW) and the Sumiyoshi-kai (Tokyo) were arrested with the "
        "Drug Enforcement Administration (DEA).\n\nThe NSW police and the DEA seized the drugs "
        "in Tokyo.\n",
        "AU",
    )
    assert {text for text, _ in found} == {"Hells Angels", "Sumiyoshi-kai"}


def test_abbreviation_is_defined_for_its_own_document_only(tmp_path: Path) -> None:
    first = extracted_groups(tmp_path, "The Inagawa-kai (IK) is based in Tokyo.\n", "JP")
    assert ("IK", "group/inagawa-kai") in first
    second = extracted_groups(tmp_path, "The IK challenged its rivals in Tokyo.\n", "JP")
    assert second == []


# --- variants of listed names ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("Primeiro Comando Capital", "primeiro-comando-da-capital"),  # particle dropped
        ("Cartel Jalisco Nueva Generación", "cjng"),
        ("Mongols Outlaw Motorcycle Gang", "mongols-mc"),  # another head
        ("Rebels Motorcycle Gang", "rebels-mc"),
        ("Kinahan Organised Crime Group", "kinahan-cartel"),
    ],
)
def test_common_variant_of_a_listed_name_is_that_group(name: str, group: str) -> None:
    found = variant_group(name)
    assert found is not None and found.id == group


@pytest.mark.parametrize(
    "name",
    [
        "Sicilian Gang",  # a demonym before the head says where, not who
        "National Gang",  # "National Liberation Army": an armed body's words, not a stem
        "Sinaloa Gang",  # a place
        "Red Vipers Gang",  # no listed group
        "Capital Command",  # too little of the name
    ],
)
def test_name_sharing_only_generic_words_with_a_listed_group_is_no_variant(name: str) -> None:
    assert variant_group(name) is None


def test_variant_found_in_text_links_to_the_listed_group(analyse: Analyse) -> None:
    doc = analyse(
        "A patched member of the Rebels Outlaw Motorcycle Gang was arrested in Bangkok.", "AU"
    )
    assert groups(doc) == {"Rebels Outlaw Motorcycle Gang": "group/rebels-mc"}
