"""The lexicon data (ontology/*.yaml) and its loaders: references, coverage, uniqueness, lookups."""

from __future__ import annotations

import csv
import os
from collections import Counter
from pathlib import Path

import pycountry
import pytest

from kg.lexicon import (
    actor_cues,
    countries,
    countries_by_demonym,
    country_by_demonym,
    fold,
    fold_key,
    groups,
    market_triggers,
    match_non_actor,
    non_actors,
    resolve_country,
    resolve_group,
)
from kg.resources import load_yaml

OCINDEX_DIR = Path(
    os.environ.get("OCKG_OCINDEX_DIR", Path(__file__).resolve().parents[2] / "shared" / "ocindex")
)
EDITIONS = (2021, 2023, 2025)
CONTINENTS = {"Africa", "Americas", "Asia", "Europe", "Oceania", "Antarctica"}
# Kosovo: not in ISO 3166-1 proper; XK is the user-assigned code in common use.
EXTRA_CODES = {"XK"}


def _indicator_ids(kind: str) -> set[str]:
    data = load_yaml("indicators.yaml")
    assert isinstance(data, dict)
    return {item["id"] for item in data["indicators"] if item["kind"] == kind}


MARKETS = _indicator_ids("market")
ACTOR_TYPES = _indicator_ids("actor_type")
ISO_CODES = {country.alpha_2 for country in pycountry.countries} | EXTRA_CODES


def _index_rows() -> list[dict[str, str]]:
    if not OCINDEX_DIR.is_dir():
        pytest.skip(f"official Index CSVs not found in {OCINDEX_DIR} (set OCKG_OCINDEX_DIR)")
    rows: list[dict[str, str]] = []
    for edition in EDITIONS:
        path = OCINDEX_DIR / f"ocindex_scores_{edition}.csv"
        if not path.is_file():
            pytest.skip(f"{path} is missing")
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


# --- normalisation ----------------------------------------------------------------------------


def test_fold_ignores_case_accents_apostrophes_dashes_and_article() -> None:
    assert fold("  The Côte d’Ivoire ") == "cote d'ivoire"
    assert fold("’Ndrangheta") == fold("'ndrangheta")
    assert fold("Peru–Bolivia") == "peru-bolivia"
    assert fold("Škaljari") == "skaljari"
    assert fold("Øresund") == "oresund"


def test_fold_key_also_ignores_punctuation() -> None:
    assert fold_key("Congo, Dem. Rep.") == fold_key("Congo, Dem, Rep,") == "congo dem rep"
    assert fold_key("Trinidad & Tobago") == fold_key("Trinidad and Tobago")
    assert fold_key("the 'Ndrangheta") == fold_key("Ndrangheta")


# --- countries --------------------------------------------------------------------------------


def test_every_iso_country_is_listed() -> None:
    table = countries()
    assert set(table) == ISO_CODES
    for code, entry in table.items():
        assert entry.iso2 == code
        record = pycountry.countries.get(alpha_2=code)
        if record is not None:
            assert entry.iso3 == record.alpha_3
        assert entry.continent in CONTINENTS


def test_every_country_has_a_demonym() -> None:
    missing = [code for code, e in countries().items() if not (e.demonyms or e.shared_demonyms)]
    assert missing == []


def test_demonyms_have_one_owner_and_shared_ones_have_an_owner() -> None:
    owners = Counter(fold_key(word) for e in countries().values() for word in e.demonyms)
    assert [word for word, count in owners.items() if count > 1] == []
    shared = {fold_key(word) for e in countries().values() for word in e.shared_demonyms}
    assert shared <= set(owners)


def test_country_names_resolve_to_one_country_each() -> None:
    for code, entry in countries().items():
        for alias in entry.surface_forms():
            resolved = resolve_country(alias.name)
            assert resolved is not None and resolved.iso2 == code, alias.name


def test_neighbours_are_symmetric_and_known() -> None:
    table = countries()
    for code, entry in table.items():
        assert code not in entry.neighbours
        for other in entry.neighbours:
            assert code in table[other].neighbours, f"{code} borders {other} but not back"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("PE", {"BO", "BR", "CL", "CO", "EC"}),
        ("MX", {"BZ", "GT", "US"}),
        ("NG", {"BJ", "CM", "NE", "TD"}),
        ("IT", {"AT", "CH", "FR", "SI", "SM", "VA"}),
        ("XK", {"AL", "ME", "MK", "RS"}),
        ("CN", {"AF", "BT", "HK", "IN", "KG", "KP", "KZ", "LA", "MM", "MN", "MO", "NP", "PK",
                "RU", "TJ", "VN"}),
        ("PH", set()),
    ],
)  # fmt: skip
def test_neighbours_examples(code: str, expected: set[str]) -> None:
    assert set(countries()[code].neighbours) == expected


def test_every_index_country_name_resolves() -> None:
    rows = _index_rows()
    unresolved = sorted({row["country"] for row in rows if resolve_country(row["country"]) is None})
    assert unresolved == []
    for row in rows:
        entry = resolve_country(row["country"])
        assert entry is not None
        assert (entry.continent, entry.region) == (row["continent"], row["region"]), row["country"]
    scored = {resolve_country(row["country"]).iso2 for row in rows}  # type: ignore[union-attr]
    assert len(scored) == 193
    assert {code for code, entry in countries().items() if entry.in_index} == scored


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("the United States", "US"),
        ("United States of America", "US"),
        ("US", "US"),
        ("U.S.", "US"),
        ("the USA", "US"),
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("Turkiye", "TR"),
        ("Congo, Dem. Rep.", "CD"),
        ("Congo, Dem, Rep,", "CD"),
        ("Democratic Republic of the Congo", "CD"),
        ("DRC", "CD"),
        ("Congo, Rep.", "CG"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d'Ivoire", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("Ivory Coast", "CI"),
        ("Czech Republic", "CZ"),
        ("Czechia", "CZ"),
        ("UK", "GB"),
        ("Great Britain", "GB"),
        ("Korea, DPR", "KP"),
        ("North Korea", "KP"),
        ("Korea, Rep.", "KR"),
        ("Burma", "MM"),
        ("Micronesia (Federated States of)", "FM"),
        ("St. Lucia", "LC"),
        ("Saint Lucia", "LC"),
        ("St. Kitts and Nevis", "KN"),
        ("Eswatini", "SZ"),
        ("eSwatini", "SZ"),
        ("Swaziland", "SZ"),
        ("the Netherlands", "NL"),
        ("The Gambia", "GM"),
        ("Russia", "RU"),
        ("Viet Nam", "VN"),
        ("Kosovo", "XK"),
        ("Trinidad & Tobago", "TT"),
    ],
)
def test_resolve_country_examples(name: str, code: str) -> None:
    entry = resolve_country(name)
    assert entry is not None and entry.iso2 == code


@pytest.mark.parametrize("name", ["us", "uk", "car", "Atlantis", "", "Latin America"])
def test_resolve_country_rejects_words_and_non_countries(name: str) -> None:
    assert resolve_country(name) is None


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Peruvian", "PE"),
        ("Peruvians", "PE"),
        ("Venezuelan", "VE"),
        ("Nigerian", "NG"),
        ("Nigerien", "NE"),
        ("Italian", "IT"),
        ("Dutch", "NL"),
        ("Filipino", "PH"),
        ("Filipinos", "PH"),
        ("Emirati", "AE"),
        ("Haitians", "HT"),
        ("Ecuadorian", "EC"),
        ("Mexican", "MX"),
        ("Albanian", "AL"),
        ("Congolese", "CD"),
        ("Korean", "KR"),
        ("Dominican", "DO"),
        ("Turkish", "TR"),
        ("British", "GB"),
        ("Swiss", "CH"),
    ],
)
def test_country_by_demonym(word: str, code: str) -> None:
    entry = country_by_demonym(word)
    assert entry is not None and entry.iso2 == code


def test_shared_demonym_prefers_the_given_country() -> None:
    assert [e.iso2 for e in countries_by_demonym("Congolese")] == ["CD", "CG"]
    assert country_by_demonym("Congolese", prefer="CG").iso2 == "CG"  # type: ignore[union-attr]
    assert country_by_demonym("Congolese", prefer="PE").iso2 == "CD"  # type: ignore[union-attr]
    assert country_by_demonym("Korean", prefer="KP").iso2 == "KP"  # type: ignore[union-attr]
    assert country_by_demonym("Balkan") is None


# --- groups -----------------------------------------------------------------------------------


def test_groups_reference_valid_codes_and_indicator_ids() -> None:
    ids = {group.id for group in groups()}
    assert len(ids) == len(groups())
    for group in groups():
        assert group.actor_type in ACTOR_TYPES, group.id
        assert group.origin is None or group.origin in ISO_CODES, group.id
        assert set(group.regions) <= ISO_CODES, group.id
        assert group.part_of is None or group.part_of in ids, group.id
        assert group.part_of != group.id


def _continent(group_id: str) -> str:
    group = next(g for g in groups() if g.id == group_id)
    return countries()[group.origin or group.regions[0]].continent


def test_at_least_100_groups_on_at_least_four_continents() -> None:
    assert len(groups()) >= 100
    per_continent = Counter(_continent(group.id) for group in groups())
    assert len(per_continent) >= 4
    assert all(per_continent[name] >= 15 for name in ("Africa", "Americas", "Asia", "Europe"))


def test_no_alias_names_two_groups() -> None:
    owners: dict[str, str] = {}
    for group in groups():
        seen: set[str] = set()
        for alias in group.surface_forms():
            # Within a group, variants may differ in punctuation only (tokens differ).
            written = alias.name if alias.case_sensitive else fold(alias.name)
            assert written not in seen, f"{group.id}: {alias.name!r} repeats another form"
            seen.add(written)
            for form in {alias.key, fold_key(alias.name)}:
                owner = owners.setdefault(form, group.id)
                assert owner == group.id, f"{alias.name!r} names {owner} and {group.id}"


def test_short_upper_case_aliases_are_case_sensitive() -> None:
    for group in groups():
        for alias in group.aliases:
            letters = alias.name.replace("-", "").replace(".", "")
            if letters.isupper() and letters.isalpha() and len(letters) <= 5:
                assert alias.case_sensitive, f"{group.id}: {alias.name!r}"


def test_group_names_are_not_non_actor_names() -> None:
    for group in groups():
        for alias in group.surface_forms():
            if not alias.case_sensitive:
                assert match_non_actor(alias.name, check_groups=False) is None, alias.name


@pytest.mark.parametrize(
    ("name", "group_id"),
    [
        ("Sinaloa Cartel", "sinaloa-cartel"),
        ("Cártel de Sinaloa", "sinaloa-cartel"),
        ("Cartel de Sinaloa", "sinaloa-cartel"),
        ("CJNG", "cjng"),
        ("Jalisco New Generation Cartel", "cjng"),
        ("Gulf Cartel", "gulf-cartel"),
        ("Los Zetas", "los-zetas"),
        ("La Familia Michoacana", "la-familia-michoacana"),
        ("Cartel del Noreste", "cartel-del-noreste"),
        ("Beltrán-Leyva Organization", "beltran-leyva-organization"),
        ("Clan del Golfo", "clan-del-golfo"),
        ("AGC", "clan-del-golfo"),
        ("Gaitanistas", "clan-del-golfo"),
        ("FARC", "farc"),
        ("Revolutionary Armed Forces of Colombia", "farc"),
        ("the Revolutionary Armed Forces", "farc"),
        ("ELN", "eln"),
        ("Los Rastrojos", "los-rastrojos"),
        ("La Oficina de Envigado", "oficina-de-envigado"),
        ("Tren de Aragua", "tren-de-aragua"),
        ("Tren del Llano", "tren-del-llano"),
        ("Los Choneros", "los-choneros"),
        ("Los Lobos", "los-lobos"),
        ("Los Tiguerones", "los-tiguerones"),
        ("Los Chone Killers", "los-chone-killers"),
        ("Latin Kings Ecuador", "latin-kings-ecuador"),
        ("Sendero Luminoso", "sendero-luminoso"),
        ("Shining Path", "sendero-luminoso"),
        ("Los Pulpos", "los-pulpos"),
        ("the Primeiro Comando da Capital", "primeiro-comando-da-capital"),
        ("PCC", "primeiro-comando-da-capital"),
        ("the Comando Vermelho", "comando-vermelho"),
        ("CV", "comando-vermelho"),
        ("Família do Norte", "familia-do-norte"),
        ("MS-13", "ms-13"),
        ("Mara Salvatrucha", "ms-13"),
        ("Barrio 18", "barrio-18"),
        ("18th Street gang", "barrio-18"),
        ("Klansman gang", "klansman-gang"),
        ("400 Mawozo", "400-mawozo"),
        ("G9 an Fanmi", "g9-an-fanmi"),
        ("Viv Ansanm", "viv-ansanm"),
        ("Hells Angels", "hells-angels"),
        ("the 'Ndrangheta", "ndrangheta"),
        ("’Ndrangheta", "ndrangheta"),
        ("Ndrangheta", "ndrangheta"),
        ("Cosa Nostra", "cosa-nostra"),
        ("Camorra", "camorra"),
        ("Sacra Corona Unita", "sacra-corona-unita"),
        ("Albanian mafia", "albanian-mafia"),
        ("Kinahan cartel", "kinahan-cartel"),
        ("Mocro Maffia", "mocro-maffia"),
        ("Škaljari clan", "skaljari-clan"),
        ("Kavac clan", "kavac-clan"),
        ("Solntsevskaya Bratva", "solntsevskaya-bratva"),
        ("Vory v zakone", "vory-v-zakone"),
        ("thieves-in-law", "vory-v-zakone"),
        ("Foxtrot network", "foxtrot-network"),
        ("Black Axe", "black-axe"),
        ("Eiye", "eiye"),
        ("Buccaneers", "buccaneers"),
        ("Supreme Vikings", "supreme-vikings"),
        ("Boko Haram", "boko-haram"),
        ("ISWAP", "iswap"),
        ("al-Shabaab", "al-shabaab"),
        ("28s", "the-28s"),
        ("the 26s", "the-26s"),
        ("Lord's Resistance Army", "lords-resistance-army"),
        ("Janjaweed", "janjaweed"),
        ("RSF", "rapid-support-forces"),
        ("M23", "m23"),
        ("JNIM", "jnim"),
        ("Yamaguchi-gumi", "yamaguchi-gumi"),
        ("Sumiyoshi-kai", "sumiyoshi-kai"),
        ("Inagawa-kai", "inagawa-kai"),
        ("14K", "14k"),
        ("Sun Yee On", "sun-yee-on"),
        ("Wo Shing Wo", "wo-shing-wo"),
        ("United Bamboo", "united-bamboo"),
        ("Sam Gor", "sam-gor"),
        ("United Wa State Army", "united-wa-state-army"),
        ("D-Company", "d-company"),
        ("Abu Sayyaf", "abu-sayyaf"),
        ("Comancheros", "comanchero"),
        ("Rebels MC", "rebels-mc"),
        ("Bandidos", "bandidos"),
    ],
)
def test_resolve_group_examples(name: str, group_id: str) -> None:
    group = resolve_group(name)
    assert group is not None and group.id == group_id


@pytest.mark.parametrize("name", ["cv", "ada", "Lobos", "the Company", "gang", "Mafia"])
def test_resolve_group_rejects_words(name: str) -> None:
    assert resolve_group(name) is None


# --- markets ----------------------------------------------------------------------------------


def test_markets_are_exactly_the_indicator_markets() -> None:
    lexicon = market_triggers()
    assert set(lexicon.markets) == MARKETS
    assert len(MARKETS) == 15
    for umbrella in lexicon.umbrellas.values():
        assert set(umbrella.markets) <= MARKETS


def test_every_market_has_five_strong_triggers() -> None:
    for market, lexicon in market_triggers().markets.items():
        assert len(lexicon.triggers) >= 5, market
        assert sum(not trigger.weak for trigger in lexicon.triggers) >= 5, market


def test_no_trigger_belongs_to_two_markets() -> None:
    lexicon = market_triggers()
    owners: dict[str, str] = {}
    sources = [(market, entry.triggers) for market, entry in lexicon.markets.items()]
    sources += [(f"umbrella:{name}", entry.triggers) for name, entry in lexicon.umbrellas.items()]
    sources.append(("non_triggers", lexicon.non_triggers))
    for owner, terms in sources:
        for term in terms:
            known = owners.setdefault(fold_key(term.term), owner)
            assert known == owner, f"{term.term!r} in {known} and {owner}"


@pytest.mark.parametrize(
    ("term", "market"),
    [
        ("cocaine", "cocaine-trade"),
        ("coca leaf", "cocaine-trade"),
        ("pink cocaine", "synthetic-drug-trade"),
        ("tusi", "synthetic-drug-trade"),
        ("fentanyl", "synthetic-drug-trade"),
        ("shabu", "synthetic-drug-trade"),
        ("opium", "heroin-trade"),
        ("marijuana", "cannabis-trade"),
        ("illegal mining", "non-renewable-resource-crimes"),
        ("illegally mined gold", "non-renewable-resource-crimes"),
        ("oil bunkering", "non-renewable-resource-crimes"),
        ("fuel smuggling", "non-renewable-resource-crimes"),
        ("illegal logging", "flora-crimes"),
        ("shark fin", "fauna-crimes"),
        ("IUU fishing", "fauna-crimes"),
        ("ransomware", "cyber-dependent-crimes"),
        ("counterfeit currency", "financial-crimes"),
        ("counterfeit US dollars", "financial-crimes"),
        ("phishing", "financial-crimes"),
        ("tax evasion", "financial-crimes"),
        ("counterfeit medicine", "trade-in-counterfeit-goods"),
        ("counterfeit cigarette", "trade-in-counterfeit-goods"),
        ("cigarette smuggling", "illicit-trade-in-excisable-goods"),
        ("excisable goods", "illicit-trade-in-excisable-goods"),
        ("extortion", "extortion-and-protection-racketeering"),
        ("vacunas", "extortion-and-protection-racketeering"),
        ("arms trafficking", "arms-trafficking"),
        ("human trafficking", "human-trafficking"),
        ("forced labour", "human-trafficking"),
        ("forced labor", "human-trafficking"),
        ("migrant smuggling", "human-smuggling"),
    ],
)
def test_trigger_examples(term: str, market: str) -> None:
    assert market_triggers().market_of(term) == market


def test_money_laundering_is_not_a_market_trigger() -> None:
    lexicon = market_triggers()
    assert lexicon.market_of("money laundering") is None
    assert "money laundering" in {fold_key(term.term) for term in lexicon.non_triggers}


def test_weak_evidence_terms_are_marked_weak() -> None:
    weak = {
        fold_key(term.term)
        for entry in market_triggers().markets.values()
        for term in entry.triggers
        if term.weak
    }
    assert {"weapon", "firearm", "timber", "gold", "fraud", "contraband"} <= weak


# --- actor cues -------------------------------------------------------------------------------


def test_actor_cues_reference_valid_actor_types_and_countries() -> None:
    cues = actor_cues()
    typed = (
        *cues.collective_heads,
        *cues.typed_heads,
        *cues.modifiers,
        *cues.name_heads,
        *cues.name_suffixes,
        *cues.apposition_heads,
    )
    assert {cue.actor_type for cue in typed} - {None} == ACTOR_TYPES
    for demonym in cues.regional_demonyms:
        assert set(demonym.countries) <= ISO_CODES, demonym.term


def test_actor_heads_and_non_actor_heads_are_disjoint() -> None:
    cues = actor_cues()
    actors = {fold_key(t.term) for t in (*cues.collective_heads, *cues.typed_heads)}
    assert actors.isdisjoint({fold_key(t.term) for t in cues.non_actor_heads})
    for section in ("collective_heads", "typed_heads", "non_actor_heads", "modifiers"):
        keys = [fold(t.term) for t in getattr(cues, section)]
        assert len(keys) == len(set(keys)), section


def test_state_and_private_cues_are_implicated_only() -> None:
    heads = {fold_key(t.term): t for t in actor_cues().typed_heads}
    for word in ("official", "police officer", "politician", "judge", "customs officer"):
        assert heads[word].actor_type == "state-embedded-actors"
        assert heads[word].implicated_only
    for word in ("company", "businessman", "timber boss", "financial institution"):
        assert heads[word].actor_type == "private-sector-actors"
        assert heads[word].implicated_only


def test_regional_demonyms_are_not_country_demonyms() -> None:
    demonyms = {fold_key(w) for e in countries().values() for w in e.demonyms}
    assert {fold_key(t.term) for t in actor_cues().regional_demonyms}.isdisjoint(demonyms)


def test_region_names_are_unique_and_not_country_names() -> None:
    places = [fold_key(p) for t in actor_cues().regional_demonyms for p in t.places]
    assert len(places) == len(set(places))
    assert [p for p in places if resolve_country(p) is not None] == []
    assert "balkans" in places and "latin america" in places


# --- non-actors -------------------------------------------------------------------------------


def test_revolutionary_armed_forces_is_not_a_non_actor() -> None:
    assert match_non_actor("Revolutionary Armed Forces", check_groups=False) is None
    assert match_non_actor("Revolutionary Armed Forces") is None
    assert match_non_actor("Armed Forces").kind == "state"  # type: ignore[union-attr]
    assert match_non_actor("National Liberation Army", check_groups=False) is None
    assert match_non_actor("Islamic State", check_groups=False) is None


def test_non_actor_organisations_are_not_groups() -> None:
    for organisation in non_actors().organisations:
        for alias in organisation.surface_forms():
            assert resolve_group(alias.name) is None, alias.name
            assert match_non_actor(alias.name) is not None, alias.name


def test_non_actor_aliases_are_unique() -> None:
    owners: dict[str, str] = {}
    for organisation in non_actors().organisations:
        for alias in organisation.surface_forms():
            owner = owners.setdefault(alias.key, organisation.name)
            assert owner == organisation.name, f"{alias.name!r}: {owner} and {organisation.name}"


# Examples from an Index profile (Peru 2025): fixtures of the general rules, not data.
PROFILE_NON_ACTORS = [
    ("Gamarra Emporium", "facility"),
    ("National Police", "state"),
    ("Interior Ministry", "state"),
    ("Central Única de Denuncias", "agency"),
    ("Congress", "state"),
    ("DEA", "agency"),
    ("INTERPOL", "international"),
    ("US State Department", "state"),
    ("Financial Action Task Force", "international"),
    ("CSOs", "ngo"),
    ("NGOs", "ngo"),
    ("Panamericana Sur highway", "place"),
    ("Villa El Salvador", None),  # a district: the place gazetteer, not this list, knows it
]


@pytest.mark.parametrize(("name", "kind"), PROFILE_NON_ACTORS)
def test_profile_non_actor_examples(name: str, kind: str | None) -> None:
    match = match_non_actor(name)
    assert (match.kind if match else None) == kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Ministry of the Interior", "state"),
        ("Supreme Court", "state"),
        ("Attorney General's Office", "state"),
        ("Prosecutor's Office", "state"),
        ("Financial Intelligence Unit", "state"),
        ("Philippine National Police", "agency"),
        ("EFCC", "agency"),
        ("Guardia di Finanza", "agency"),
        ("Policía Nacional", "state"),
        ("Port of Guayaquil", "facility"),
        ("Jorge Chávez International Airport", "facility"),
        ("Golden Triangle", "place"),
        ("Shan State", "place"),
        ("UNODC", "international"),
        ("European Union", "international"),
        ("Europol", "international"),
        ("Global Initiative Against Transnational Organized Crime", "ngo"),
        ("ENACT", "ngo"),
        ("InSight Crime", "media"),
        ("the DEA", "agency"),
        ("the U.N.", "international"),
        ("Tren de Aragua", None),
        ("Arakan Army", None),
        ("Estado Mayor Central", None),
    ],
)
def test_non_actor_examples(name: str, kind: str | None) -> None:
    match = match_non_actor(name)
    assert (match.kind if match else None) == kind


def test_lower_case_words_are_not_abbreviated_organisations() -> None:
    assert match_non_actor("enact") is None
    assert match_non_actor("cites") is None
    assert match_non_actor("who") is None
