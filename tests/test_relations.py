"""Claims from sentences, table-driven: presences, routes and relationships.

Each row is a class of reading an analyst expects, on wording written for this test (no
evaluation text): markets and places paired by the clause that holds them, anaphora, routes as
movements, relationships between the grammatical sides of a cue, modality and time.
"""

from __future__ import annotations

import pytest

from kg.models import Extraction

LOS_LOBOS, CJNG, SINALOA = "group/los-lobos", "group/cjng", "group/sinaloa-cartel"
CHONEROS, TIGUERONES = "group/los-choneros", "group/los-tiguerones"
COCAINE, EXTORTION = "market/cocaine-trade", "market/extortion-and-protection-racketeering"
MINING, HEROIN = "market/non-renewable-resource-crimes", "market/heroin-trade"
TRAFFICKING = "market/human-trafficking"
EUROPE = "place/continent/europe"


def _presences(extraction: Extraction) -> set[tuple[str | None, str | None, str | None]]:
    return {(p.actor, p.market, p.place) for p in extraction.presences}


def _routes(extraction: Extraction) -> set[tuple[str | None, tuple[str, ...], str | None]]:
    return {(r.origin, r.via, r.destination) for r in extraction.routes}


def _relationships(extraction: Extraction) -> set[tuple[str, str, str]]:
    return {(r.kind, *r.actors) for r in extraction.relationships}


# ------------------------------------------------------------------------------- presences
PRESENCES = [
    pytest.param(
        "Los Lobos controls illegal gold mining in Zamora Chinchipe and extortion in Machala.",
        "EC",
        {(LOS_LOBOS, MINING, "place/region/EC-Z"), (LOS_LOBOS, EXTORTION, "place/city/EC/machala")},
        {(LOS_LOBOS, MINING, "place/city/EC/machala"), (LOS_LOBOS, EXTORTION, "place/region/EC-Z")},
        id="each market keeps its own place",
    ),
    pytest.param(
        "The Black Axe controls the sexual exploitation of women in Turin and sells heroin on "
        "the street.",
        "IT",
        {
            ("group/black-axe", TRAFFICKING, "place/city/IT/turin"),
            ("group/black-axe", HEROIN, None),
        },
        {("group/black-axe", HEROIN, "place/city/IT/turin")},
        id="a place of one clause is not another clause's",
    ),
    pytest.param(
        "Los Lobos is the largest gang in Ecuador. The group extorts shopkeepers in Quito.",
        "EC",
        {(LOS_LOBOS, EXTORTION, "place/city/EC/quito")},
        set(),
        id="the group stands for the last named group",
    ),
    pytest.param(
        "Los Choneros dominate the ports. The CJNG has expanded into Guanajuato, where it "
        "runs extortion rackets.",
        "MX",
        {(CJNG, EXTORTION, "place/region/MX-GUA")},
        {(CHONEROS, EXTORTION, None), (CHONEROS, EXTORTION, "place/region/MX-GUA")},
        id="a pronoun after a named group in its sentence is that group",
    ),
    pytest.param(
        "In Michoacán, the CJNG extorts lime growers, while Los Caballeros Templarios run "
        "illegal logging.",
        "MX",
        {(CJNG, EXTORTION, "place/region/MX-MIC")},
        {(CJNG, "market/flora-crimes", "place/region/MX-MIC")},
        id="a scene-setting place holds for the sentence, markets for their clause",
    ),
    pytest.param(
        "The Yamaguchi-gumi (Kobe) and the Sumiyoshi-kai (Tokyo) remain the largest syndicates.",
        "JP",
        {("group/yamaguchi-gumi", None, "place/city/JP/kobe")},
        {("group/yamaguchi-gumi", None, "place/city/JP/tokyo")},
        id="a parenthetical place is its own name's",
    ),
    pytest.param(
        "Guayaquil's gang war between Los Lobos and Los Choneros goes on.",
        "EC",
        {(LOS_LOBOS, None, "place/city/EC/guayaquil"), (CHONEROS, None, "place/city/EC/guayaquil")},
        set(),
        id="a possessive place on a rivalry noun places its sides",
    ),
    pytest.param(
        "Los Lobos controls Ecuador's ports despite Colombia's pressure.",
        "EC",
        {(LOS_LOBOS, None, "place/country/EC")},
        {(LOS_LOBOS, None, "place/country/CO")},
        id="a possessive place on what an actor controls places it",
    ),
    pytest.param(
        "Meanwhile, in Guayas, reports said that Los Lobos had moved into the area.",
        "EC",
        {(LOS_LOBOS, None, "place/region/EC-G")},
        set(),
        id="a scene-setting opening after an adverb holds for embedded clauses",
    ),
    pytest.param(
        "Police raided a bar in Machala, which is part of the Los Lobos network.",
        "EC",
        {(LOS_LOBOS, None, "place/city/EC/machala")},
        set(),
        id="an actor in a relative clause takes the places of the noun it describes",
    ),
    pytest.param(
        "Trade in counterfeit goods remains extensive in Ecuador, with major markets in Quito"
        " such as La Mariscal serving as hubs.",
        "EC",
        {(None, "market/trade-in-counterfeit-goods", "place/city/EC/quito")},
        set(),
        id="a with-clause's places go with the main clause",
    ),
    pytest.param(
        "Bolivia is a source country for coca, which is cultivated in regions like Chapare.",
        "BO",
        {(None, "market/cocaine-trade", "place/area/chapare")},
        set(),
        id="a relative clause's places go with the market in the noun it describes",
    ),
    pytest.param(
        "Smuggling networks, including Venezuelan and Colombian groups, often overlap with"
        " human trafficking.",
        "PE",
        {("collective/XX/criminal-groups", TRAFFICKING, None)},
        {("collective/PE/criminal-groups", TRAFFICKING, None)},
        id="a collective listing only foreign members is not the home country's",
    ),
    pytest.param(
        "Los Lobos engage in extortion, illegal mining and contract killings in areas like Zaruma.",
        "EC",
        {
            (LOS_LOBOS, EXTORTION, "place/city/EC/zaruma"),
            (LOS_LOBOS, MINING, "place/city/EC/zaruma"),
        },
        set(),
        id="a place after a list of markets goes with every market of the list",
    ),
    pytest.param(
        "Los Zetas and the Sinaloa Cartel have fought in Mexico for years. Guatemalan territory"
        " is now disputed by both Mexican criminal groups. These groups also operate in Honduras.",
        "GT",
        {
            ("group/los-zetas", None, "place/country/HN"),
            (SINALOA, None, "place/country/HN"),
        },
        {("collective/MX/criminal-groups", None, "place/country/HN")},
        id="a collective under a determiner pointing back stands for the actors in focus",
    ),
    # lead, round four
    pytest.param(
        "The largest gangs are Los Lobos (Guayas province) and Los Choneros (Manabí), both"
        " heading into the ports.",
        "EC",
        {(LOS_LOBOS, None, "place/region/EC-G"), (CHONEROS, None, "place/region/EC-M")},
        {(LOS_LOBOS, None, "place/region/EC-M"), (CHONEROS, None, "place/region/EC-G")},
        id="a place in brackets after an actor is its base, with a region word or without",
    ),
    pytest.param(
        "Police fear more revenge after the murder last year of a leader of one of Hong Kong's"
        " oldest triad societies, the Sun Yee On, apparently by members of another gang.",
        "GB",
        {("group/sun-yee-on", None, "place/country/HK")},
        set(),
        id="a possessive place of the noun an actor follows after a comma owns the actor",
    ),
    pytest.param(
        "Los Lobos have amassed a fortune from robberies and controlling the Guayaquil drug trade.",
        "EC",
        {(LOS_LOBOS, None, "place/city/EC/guayaquil")},
        set(),
        id="a place modifying a trade's noun locates the trade's actors",
    ),
    pytest.param(
        "Los Lobos has been challenged by Los Choneros about control of drug markets in, among"
        " other places, Quito, Manta and Machala.",
        "EC",
        {
            (LOS_LOBOS, None, "place/city/EC/quito"),
            (LOS_LOBOS, None, "place/city/EC/machala"),
            (CHONEROS, None, "place/city/EC/manta"),
        },
        set(),
        id="a place a parenthetical cuts off from its preposition takes the preposition's role",
    ),
    pytest.param(
        "Los Lobos is the largest gang in Ecuador. Its activity began with extortion, then"
        " diversified into the cocaine business.",
        "EC",
        {(LOS_LOBOS, EXTORTION, None), (LOS_LOBOS, COCAINE, None)},
        set(),
        id="an actor's activity under its possessive stands for the actor",
    ),
    # lead, round five
    pytest.param(
        "Smuggling of cocaine continues from Colombia to Europe through Panama under the"
        " supervision of Los Lobos.",
        "EC",
        {(LOS_LOBOS, COCAINE, None)},
        {
            (LOS_LOBOS, COCAINE, "place/country/CO"),
            (LOS_LOBOS, COCAINE, "place/country/PA"),
            (LOS_LOBOS, COCAINE, EUROPE),
        },
        id="a route's stops are not the places of an actor that is not its clause's subject",
    ),
    pytest.param(
        "An alliance of the Sinaloa Cartel and the CJNG has moved its cocaine operations to"
        " Central America.",
        "MX",
        {
            (SINALOA, COCAINE, "place/world-region/central-america"),
            (CJNG, COCAINE, "place/world-region/central-america"),
        },
        set(),
        id="actors inside the subject phrase move the clause's goods",
    ),
    pytest.param(
        "Albanian brokers work with Los Lobos to ship cocaine from Guayaquil to Rotterdam.",
        "EC",
        {(LOS_LOBOS, COCAINE, "place/city/EC/guayaquil")},
        set(),
        id="an actor working with the subject shares its route",
    ),
    pytest.param(
        "The São Paulo-based prison gang First Capital Command (PCC) is operating in Uruguay.",
        "UY",
        {
            ("group/primeiro-comando-da-capital", None, "place/city/BR/sao-paulo"),
            ("group/primeiro-comando-da-capital", None, "place/country/UY"),
        },
        set(),
        id="an 'X-based' actor is present at X",
    ),
    pytest.param(
        "According to the Geneva-based Global Initiative, gangs operate in Juba.",
        "SS",
        {("collective/SS/criminal-groups", None, "place/city/SS/juba")},
        {("collective/SS/criminal-groups", None, "place/city/CH/geneva")},
        id="'X-based' places only the noun it modifies",
    ),
]


@pytest.mark.parametrize(("text", "country", "expected", "forbidden"), PRESENCES)
def test_presences(extract, text: str, country: str, expected: set, forbidden: set) -> None:
    found = _presences(extract(text, country))
    assert expected <= found, found
    assert not forbidden & found, forbidden & found


@pytest.mark.parametrize(
    ("text", "country", "placed"),
    [
        ("Ecuador's Los Lobos smuggle cocaine to Europe.", "EC", True),
        ("Los Lobos, Ecuador's largest gang, smuggle cocaine to Europe.", "PE", True),
        ("Ecuador's Los Lobos smuggle cocaine to Europe.", "PE", False),
    ],
    ids=[
        "the document's own country owning a group places it",
        "a possessive on a description in apposition places the group",
        "a foreign country's possessive on a group's name is its origin only",
    ],
)
def test_possessive_country_places_the_group(
    extract, text: str, country: str, placed: bool
) -> None:
    found = extract(text, country)
    pairs = {(p.actor, p.place) for p in found.presences}
    assert ((LOS_LOBOS, "place/country/EC") in pairs) is placed, pairs


# ------------------------------------------------------------------------------- routes
ROUTES = [
    pytest.param(
        "Los Lobos smuggles cocaine from Colombia to Europe.",
        "EC",
        {("place/country/CO", (), EUROPE)},
        id="the goods' origin where the parse makes the verb a noun is no actor's origin",
    ),
    pytest.param(
        "Banana containers leave the port of Guayaquil for Europe.",
        "EC",
        {("place/facility/EC/port-of-guayaquil", (), EUROPE)},
        id="leave X for Y",
    ),
    pytest.param(
        "Cocaine is smuggled from Colombia to Peru through Esmeraldas or Sucumbíos.",
        "EC",
        {
            ("place/country/CO", ("place/region/EC-E",), "place/country/PE"),
            ("place/country/CO", ("place/region/EC-U",), "place/country/PE"),
        },
        id="alternative stops are two paths",
    ),
    pytest.param(
        "Cocaine was flown from an airstrip north of Santa Cruz to Paraguay.",
        "BO",
        {("place/region/BO-S", (), "place/country/PY")},
        id="a compass phrase takes the role of the noun it qualifies",
    ),
    pytest.param(
        "Police mapped a route stretching from Colombia through Panama to Mexico.",
        "PA",
        {("place/country/CO", ("place/country/PA",), "place/country/MX")},
        id="a route noun makes a verb of extent a movement",
    ),
    pytest.param(
        "Migrant smuggling linking Agadez to Libya peaked in 2016.",
        "NE",
        {("place/city/NE/agadez", (), "place/country/LY")},
        id="linking X to Y",
    ),
    pytest.param(
        "The pills seized in Beirut were on their way to Saudi Arabia.",
        "LB",
        {("place/city/LB/beirut", (), "place/country/SA")},
        id="on their way to",
    ),
    pytest.param(
        "Heroin is produced in Afghanistan. It is smuggled by road to Iran, Turkey and onwards"
        " to Europe.",
        "PK",
        {("place/country/PK", ("place/country/IR", "place/country/TR"), EUROPE)},
        id="the destinations before an onward one are its stops",
    ),
    pytest.param(
        "Most of the heroin reaches the port of Mombasa on ships from Pakistan.",
        "KE",
        {("place/country/PK", (), "place/facility/KE/port-of-mombasa")},
        id="the object of reach is the destination",
    ),
    pytest.param(
        "Lagos is a hub for cocaine arriving from Brazil and destined for Europe.",
        "NG",
        {("place/country/BR", ("place/city/NG/lagos",), EUROPE)},
        id="a hub joins the sentence's ends",
    ),
]


@pytest.mark.parametrize(("text", "country", "expected"), ROUTES)
def test_routes(extract, text: str, country: str, expected: set) -> None:
    found = _routes(extract(text, country))
    assert expected <= found, found


def test_a_change_is_no_route(extract) -> None:
    found = extract("Poppy cultivation has spread from Helmand to Herat and Balkh.", "AF")
    assert not found.routes


def test_routes_inside_the_home_country_get_no_home_origin(extract) -> None:
    found = extract("Traffickers move cocaine to Guayaquil and Manta by road.", "EC")
    assert all(r.origin != "place/country/EC" for r in found.routes), found.routes


def test_route_mode_and_market(extract) -> None:
    found = extract("Cocaine is sent by river from Colombia to Brazil.", "PE").routes
    route = next(r for r in found if r.destination == "place/country/BR")
    assert (route.market, route.mode, route.origin) == (COCAINE, "river", "place/country/CO")


# ------------------------------------------------------------------------------- relationships
RELATIONSHIPS = [
    pytest.param(
        "The Sinaloa Cartel and the CJNG are at war.",
        "MX",
        {("rivalry", CJNG, SINALOA)},
        set(),
        id="a symmetric cue pairs a coordinated subject",
    ),
    pytest.param(
        "Los Lobos cooperate with the CJNG, which has been battling the Sinaloa Cartel.",
        "EC",
        {("cooperation", CJNG, LOS_LOBOS), ("rivalry", CJNG, SINALOA)},
        {("cooperation", LOS_LOBOS, SINALOA), ("cooperation", CJNG, SINALOA)},
        id="a relative clause has its own sides",
    ),
    pytest.param(
        "Los Choneros and Los Lobos cooperate with the CJNG.",
        "EC",
        {("cooperation", CJNG, CHONEROS), ("cooperation", CJNG, LOS_LOBOS)},
        {("cooperation", CHONEROS, LOS_LOBOS)},
        id="members of one side are not paired",
    ),
    pytest.param(
        "In the south, Los Choneros are at war with a rival gang, Los Lobos, over the ports.",
        "EC",
        {("rivalry", CHONEROS, LOS_LOBOS)},
        set(),
        id="at war with",
    ),
    pytest.param(
        "Los Lobos, a rival of Los Choneros, controls Machala.",
        "EC",
        {("rivalry", CHONEROS, LOS_LOBOS)},
        set(),
        id="an apposition cue pairs its noun with its own object",
    ),
    pytest.param(
        "The violence stems from a feud between two cartels, the Sinaloa Cartel and the CJNG.",
        "MX",
        {("rivalry", CJNG, SINALOA)},
        {("rivalry", "collective/MX/criminal-groups", CJNG)},
        id="a counted category before its members is not one of them",
    ),
    pytest.param(
        "These Bulgarian gangs serve as auxiliary units to Turkish and Albanian crime networks.",
        "BG",
        {
            ("cooperation", "collective/BG/criminal-groups", "collective/TR/criminal-groups"),
            ("cooperation", "collective/AL/criminal-groups", "collective/BG/criminal-groups"),
        },
        set(),
        id="auxiliaries of another actor cooperate with it",
    ),
    pytest.param(
        "Local gangs in Guayaquil work for the Sinaloa Cartel.",
        "EC",
        {("cooperation", "collective/EC/criminal-groups", SINALOA)},
        set(),
        id="working for another actor is cooperation",
    ),
    pytest.param(
        "Los Choneros and Los Lobos are at war. To eliminate their rivals, they call in hitmen.",
        "EC",
        {
            ("cooperation", "collective/EC/hitmen", CHONEROS),
            ("cooperation", "collective/EC/hitmen", LOS_LOBOS),
        },
        {
            ("rivalry", "collective/EC/hitmen", CHONEROS),
            ("rivalry", "collective/EC/hitmen", LOS_LOBOS),
        },
        id="rivals named only by a pronoun are none of the sentence's actors",
    ),
    pytest.param(
        "The agency is providing massive support to Pakistani and Afghan smugglers.",
        "IR",
        set(),
        {("cooperation", "collective/AF/criminal-groups", "collective/PK/criminal-groups")},
        id="those a cooperation cue serves are no partners of each other",
    ),
    pytest.param(
        "Police uncovered an alliance between Los Choneros and the Sinaloa Cartel.",
        "EC",
        {("cooperation", CHONEROS, SINALOA)},
        set(),
        id="an alliance between",
    ),
    pytest.param(
        "Police reported fighting between three factions of former rebels, most of them from"
        " the coast: Los Choneros; Los Lobos; and, more recently, the Sinaloa Cartel.",
        "EC",
        {
            ("rivalry", CHONEROS, LOS_LOBOS),
            ("rivalry", CHONEROS, SINALOA),
            ("rivalry", LOS_LOBOS, SINALOA),
        },
        {("rivalry", "collective/EC/armed-groups", LOS_LOBOS)},
        id="a category's colon list are the members of between",
    ),
    pytest.param(
        "The coalition was born from the merger of two rival alliances: Los Choneros, and"
        " Los Lobos.",
        "EC",
        {("rivalry", CHONEROS, LOS_LOBOS), ("cooperation", CHONEROS, LOS_LOBOS)},
        set(),
        id="a rival category's colon list: the modifier tells how the members stood, the"
        " merger how they stand",
    ),
    pytest.param(
        "Los Lobos and Los Choneros fight for the port. In Colombia, a coalition of the Gulf"
        " Clan and the ELN controls the border.",
        "CO",
        {("cooperation", "group/clan-del-golfo", "group/eln")},
        set(),
        id="an alliance noun's of-phrase names members who cooperate",
    ),
    pytest.param(
        "The most important is Los Choneros, an alliance of criminal gangs founded in 2020.",
        "EC",
        set(),
        {("cooperation", "collective/EC/criminal-groups", CHONEROS)},
        id="an alliance is not a partner of its own members",
    ),
    pytest.param(
        "The CJNG's enemies are local gangs that split the valley into fiefdoms.",
        "MX",
        {("rivalry", "collective/MX/criminal-groups", CJNG)},
        set(),
        id="an owner's enemies are the copula's other side",
    ),
    pytest.param(
        "Dissident groups of the Sinaloa Cartel and the CJNG compete for control of the valley.",
        "MX",
        {("rivalry", "collective/MX/criminal-groups", CJNG)},
        {("rivalry", CJNG, SINALOA)},
        id="a symmetric cue pairs the conjuncts, not a group inside one",
    ),
    pytest.param(
        "Los Lobos control the port of Guayaquil. But most are on the payroll of politicians.",
        "EC",
        {("cooperation", "collective/EC/officials", LOS_LOBOS)},
        set(),
        id="a quantifier subject stands for the previous actors",
    ),
    pytest.param(
        "Los Lobos and Los Choneros share the port. Allied until 2021, they have been fighting"
        " each other since January.",
        "EC",
        {("cooperation", CHONEROS, LOS_LOBOS), ("rivalry", CHONEROS, LOS_LOBOS)},
        set(),
        id="one pronoun for several actors pairs them under a symmetric cue",
    ),
    pytest.param(
        "Los Lobos built relationships with Mexican traffickers and shipped cocaine to Europe.",
        "EC",
        {("cooperation", "collective/MX/criminal-groups", LOS_LOBOS)},
        set(),
        id="relationships with",
    ),
    pytest.param(
        "The port has been disputed territory for the two biggest gangs: Los Lobos and"
        " Los Choneros.",
        "EC",
        {("rivalry", CHONEROS, LOS_LOBOS)},
        set(),
        id="coordinated names are their own conjuncts",
    ),
    pytest.param(
        "Foreign organizations, including Venezuelan, Brazilian and Colombian networks, engage"
        " in violent confrontations with the police.",
        "PE",
        set(),
        {("rivalry", "collective/BR/criminal-groups", "collective/VE/criminal-groups")},
        id="demonyms sharing one head are not paired",
    ),
    pytest.param(
        "Mexican cartels have been hiring Los Lobos to carry out killings.",
        "EC",
        {("cooperation", "collective/MX/criminal-groups", LOS_LOBOS)},
        set(),
        id="hiring is cooperation",
    ),
    # lead, round four
    pytest.param(
        "Several criminal groups maintain a presence in the region. The first group to appear in"
        " the area was Los Lobos, made up of dissident elements of Los Choneros that did not join"
        " the truce. Upon arrival, the group forged alliances with Mexican cartels.",
        "EC",
        {("cooperation", "collective/MX/criminal-groups", LOS_LOBOS)},
        {("cooperation", CHONEROS, "collective/MX/criminal-groups")},
        id="a subject the copula names is a description, not an anaphor",
    ),
    pytest.param(
        "The main actors are now small groups consisting of corrupt police officers, politicians"
        " and criminals, who fight to control the drug routes.",
        "GT",
        {("cooperation", "collective/GT/criminal-groups", "collective/GT/officials")},
        {("rivalry", "collective/GT/criminal-groups", "collective/GT/officials")},
        id="the members one body consists of cooperate and are no rivals of each other",
    ),
    pytest.param(
        "Perpetrators include criminal gangs comprising Cameroonians, Nigerians and Chadians.",
        "CM",
        set(),
        {
            ("cooperation", "collective/CM/criminal-groups", "collective/NG/criminal-groups"),
            ("cooperation", "collective/NG/criminal-groups", "collective/TD/criminal-groups"),
        },
        id="members of one body differing only in origin are not paired",
    ),
    pytest.param(
        "Local politicians have long been using gangs to intimidate voters.",
        "HT",
        {("cooperation", "collective/HT/criminal-groups", "collective/HT/officials")},
        set(),
        id="an actor using another cooperates with it",
    ),
    pytest.param(
        "Domestic and foreign criminal groups, including remnants of Los Choneros and foreign"
        " cartels, dominate trafficking networks, using remote airstrips.",
        "EC",
        set(),
        {("cooperation", "collective/XX/foreign-criminal-groups", CHONEROS)},
        id="a directed cue with one side pairs no one",
    ),
    # lead, round five
    pytest.param(
        "In Guayaquil, Los Lobos and Los Choneros, who have fought each other since 2022,"
        " extort shopkeepers, while a smaller gang, Los Tiguerones, traffics rifles from Peru.",
        "EC",
        {("rivalry", CHONEROS, LOS_LOBOS)},
        {("rivalry", LOS_LOBOS, TIGUERONES), ("rivalry", CHONEROS, TIGUERONES)},
        id="a reciprocal object keeps a cue's parties to its subject's members",
    ),
    pytest.param(
        "Los Lobos and Los Choneros have been fighting with one another since January,"
        " according to Los Tiguerones.",
        "EC",
        {("rivalry", CHONEROS, LOS_LOBOS)},
        {("rivalry", LOS_LOBOS, TIGUERONES), ("rivalry", CHONEROS, TIGUERONES)},
        id="'one another' is a reciprocal object too",
    ),
    pytest.param(
        "Los Lobos and Los Choneros fight for control of the port, while Los Tiguerones buy"
        " cocaine from both sides.",
        "EC",
        {("rivalry", CHONEROS, LOS_LOBOS)},
        {("rivalry", LOS_LOBOS, TIGUERONES), ("rivalry", CHONEROS, TIGUERONES)},
        id="an actor read after a cue in a clause of its own is no party to it",
    ),
    pytest.param(
        "Corrupt port officials have been arrested for helping Los Lobos remove containers"
        " from the terminal.",
        "EC",
        {("cooperation", "collective/EC/officials", LOS_LOBOS)},
        set(),
        id="the subject of a cue's complement clause is a party to it",
    ),
    pytest.param(
        "By 2020, Los Lobos had mobilized in a war in Machala, where Los Choneros were their"
        " opponents.",
        "EC",
        {("rivalry", CHONEROS, LOS_LOBOS)},
        set(),
        id="a copula naming a pronoun's rivals pairs them with the subject before",
    ),
    pytest.param(
        "Los Lobos and Los Choneros dominate Guayaquil. The two gangs have been at war since 2021.",
        "EC",
        {("rivalry", CHONEROS, LOS_LOBOS)},
        {
            ("rivalry", "collective/EC/criminal-groups", CHONEROS),
            ("rivalry", "collective/EC/criminal-groups", LOS_LOBOS),
        },
        id="'the two gangs' stands for the two actors in focus",
    ),
    pytest.param(
        "Near Tumaco, fighting between various armed groups, most of them FARC dissidents, has"
        " displaced over 21,000 people.",
        "CO",
        set(),
        {("rivalry", "collective/CO/armed-groups", "group/farc-dissidents")},
        id="an actor describing part of the one before it ('most of them') is no party",
    ),
    pytest.param(
        "Mexican drug cartels have expanded into West Africa, working in tandem with local"
        " criminal gangs.",
        "GM",
        {("cooperation", "collective/GM/criminal-groups", "collective/MX/criminal-groups")},
        set(),
        id="a verb of joint action cues its 'with' partner across the words between",
    ),
    pytest.param(
        "The Sinaloa Cartel operates closely with Los Zetas.",
        "MX",
        {("cooperation", "group/los-zetas", SINALOA)},
        set(),
        id="'operates closely with' pairs the subject with its partner",
    ),
    pytest.param(
        "Alongside mafia-style actors, remnants of Sendero Luminoso also operate a mafia-like"
        " structure. The Sinaloa Cartel operates with impunity in Culiacan.",
        "PE",
        set(),
        {("cooperation", "collective/PE/criminal-groups", "group/sendero-luminoso")},
        id="'alongside' and a 'with' phrase naming no actor cue no cooperation",
    ),
    pytest.param(
        "Touareg rebels and AQIM terrorists profit from the trafficking by selling food and"
        " providing them with drivers.",
        "MR",
        set(),
        {("cooperation", "collective/XX/armed-groups", "group/aqim")},
        id="those who provide a service together are no partners of each other",
    ),
    pytest.param(
        "Touareg rebels and AQIM terrorists cooperate closely.",
        "MR",
        {("cooperation", "collective/XX/armed-groups", "group/aqim")},
        set(),
        id="a symmetric cue still pairs its coordinated subject",
    ),
    pytest.param(
        "The lucrative business that connects Libyan and Italian criminals has been ignored.",
        "MT",
        {("cooperation", "collective/IT/criminal-groups", "collective/LY/criminal-groups")},
        set(),
        id="the parties a venture connects cooperate",
    ),
    pytest.param(
        "Illegal timber trafficking networks involving businessmen and public officials profit"
        " from labour exploitation.",
        "PE",
        set(),
        {("cooperation", "collective/PE/businesses", "collective/PE/officials")},
        id="the parties an actor involves are no partners of each other for it",
    ),
    pytest.param(
        "Clashes involving Los Lobos and Los Choneros left 20 dead.",
        "EC",
        {("rivalry", CHONEROS, LOS_LOBOS)},
        {("cooperation", CHONEROS, LOS_LOBOS)},
        id="a relation cue involving actors keeps its own kind",
    ),
    pytest.param(
        "Police dismantled a drug trafficking ring involving the 'Ndrangheta and dozens of"
        " gangsters from Serbia and Croatia.",
        "PT",
        {
            ("cooperation", "collective/HR/gangsters", "group/ndrangheta"),
            ("cooperation", "collective/RS/gangsters", "group/ndrangheta"),
            ("cooperation", "collective/HR/gangsters", "collective/RS/gangsters"),
        },
        set(),
        id="the criminal parties of a ring's venture cooperate, each origin of one phrase too",
    ),
    pytest.param(
        "The team follows the dirty money connected to African war criminals and transnational"
        " war profiteers.",
        "AE",
        set(),
        {("cooperation", "collective/XX/foreign-profiteers", "collective/africa/criminal-groups")},
        id="what is connected to several actors joins none of them",
    ),
    pytest.param(
        "Foreign criminal groups could find the country appealing due to the opportunities it"
        " provides for drug traffickers.",
        "UY",
        set(),
        {("cooperation", "collective/UY/criminal-groups", "collective/XX/foreign-criminal-groups")},
        id="'it' after a nearer singular noun stands for no plural actor",
    ),
    pytest.param(
        "The 28s have depleted the shores in Hawston and now it is an all-out turf war with the"
        " 26s.",
        "ZA",
        {("rivalry", "group/the-26s", "group/the-28s")},
        set(),
        id="a situational 'it' leaves the cue's side to the words before it",
    ),
    pytest.param(
        "Dominated by actors from China, the sector is now witnessing the emergence of foreign"
        " security allies, including the Wagner Group.",
        "CF",
        set(),
        {("cooperation", "collective/CN/criminal-groups", "group/wagner-group")},
        id="a cue whose subject is a noun naming no actor takes no side from the words before",
    ),
    pytest.param(
        "The Croatian smugglers had purchased the drug from a Colombian cartel. Mexican cartels"
        " sell cocaine to Albanian gangs.",
        "HR",
        {
            ("cooperation", "collective/CO/criminal-groups", "collective/HR/criminal-groups"),
            ("cooperation", "collective/AL/criminal-groups", "collective/MX/criminal-groups"),
        },
        set(),
        id="a buyer and the seller its trade verb names cooperate",
    ),
    pytest.param(
        "A member of a Colombian cartel from which the Croatian smugglers had purchased the drug"
        " was arrested.",
        "HR",
        {("cooperation", "collective/CO/criminal-groups", "collective/HR/criminal-groups")},
        set(),
        id="a relative clause's trade verb names the noun it hangs on as the seller",
    ),
    pytest.param(
        "The Sinaloa Cartel buys weapons from corrupt soldiers.",
        "MX",
        {("cooperation", "collective/MX/officials", SINALOA)},
        set(),
        id="a trade's other party may hang on the goods it names",
    ),
    pytest.param(
        "Albanian gangs buy cocaine from Peru and sell it in Tirana.",
        "AL",
        set(),
        {("cooperation", "collective/AL/criminal-groups", "collective/PE/criminal-groups")},
        id="a trade verb whose preposition names a place pairs nobody",
    ),
    pytest.param(
        "Los Lobos control the port of Guayaquil. Los Choneros have fought them since 2020.",
        "EC",
        {("rivalry", "group/los-choneros", "group/los-lobos")},
        set(),
        id="an object pronoun of a cue stands for the actors of the sentence before",
    ),
    pytest.param(
        "The Sinaloa Cartel dominates the trade. Local gangs work with the cartel in Culiacán.",
        "MX",
        {("cooperation", "collective/MX/criminal-groups", SINALOA)},
        set(),
        id="a definite description after a cue's preposition stands for the group in focus",
    ),
    pytest.param(
        "Los Lobos control the port. Los Lobos and Los Tiguerones attacked them in Manta.",
        "EC",
        set(),
        {("rivalry", "group/los-lobos", "group/los-tiguerones")},
        id="an object pronoun never stands for an actor of its own sentence",
    ),
    pytest.param(
        "Los Lobos sell cocaine in Manta. Police seized weapons and later sold them in Quito.",
        "EC",
        set(),
        {("cooperation", "collective/EC/officials", "group/los-lobos")},
        id="an object pronoun of a verb that is no relation cue stands for nobody",
    ),
    pytest.param(
        "Los Choneros and Los Lobos clash with the army in Manta. Los Tiguerones and Los Lobos"
        " attacked the police in Quito.",
        "EC",
        set(),
        {
            ("rivalry", "group/los-choneros", "group/los-lobos"),
            ("rivalry", "group/los-lobos", "group/los-tiguerones"),
        },
        id="subjects of a cue whose object is no actor are no rivals of each other",
    ),
    pytest.param(
        "Los Choneros and Los Lobos waged war in Manta. Los Tiguerones and Los Lobos formed an"
        " alliance.",
        "EC",
        {
            ("rivalry", "group/los-choneros", "group/los-lobos"),
            ("cooperation", "group/los-lobos", "group/los-tiguerones"),
        },
        set(),
        id="an object that is the cue itself leaves the subjects each other's other side",
    ),
    # round nine: the lead's rows
    pytest.param(
        "Los Choneros and Los Lobos are expanding into rival turf in Manta. Los Tiguerones and"
        " Los Lobos hired gunmen to assault rivals in Quito.",
        "EC",
        set(),
        {
            ("rivalry", "group/los-choneros", "group/los-lobos"),
            ("rivalry", "group/los-lobos", "group/los-tiguerones"),
        },
        id="a party noun in object position names others, not the subjects' each other",
    ),
    pytest.param(
        "Los Lobos imported cocaine through corrupt port officials in Manta. The port is"
        " disputed by Los Choneros via local gangs.",
        "EC",
        {
            ("cooperation", "collective/EC/officials", "group/los-lobos"),
            ("cooperation", "collective/EC/criminal-groups", "group/los-choneros"),
        },
        set(),
        id="an actor through or via whom another acts is its partner",
    ),
    pytest.param(
        "Los Lobos fight Los Choneros in Manta. Corrupt police officers have attacked Los Lobos"
        " in Quito.",
        "EC",
        {("rivalry", "group/los-choneros", "group/los-lobos")},
        {("rivalry", "collective/EC/officials", "group/los-lobos")},
        id="officials are no party of a rivalry: law enforcement is no criminal rivalry",
    ),
    pytest.param(
        "Los Lobos employed corrupt police officers in Manta. Los Choneros smuggled cocaine in"
        " conjunction with Albanian gangs.",
        "EC",
        {
            ("cooperation", "collective/EC/officials", "group/los-lobos"),
            ("cooperation", "collective/AL/criminal-groups", "group/los-choneros"),
        },
        set(),
        id="employing and acting in conjunction with are cooperation",
    ),
    pytest.param(
        '"We know that Albanian gangs see Ecuador as a lucrative market for their drugs, but we'
        ' will continue to work closely with our partners to identify syndicates such as these,"'
        " he said.",
        "EC",
        set(),
        {("cooperation", "collective/AL/criminal-groups", "collective/EC/criminal-groups")},
        id="a first-person subject is the speaker, no actor named before it",
    ),
    pytest.param(
        '"We will fight Los Lobos and Los Choneros in Manta," the minister said.',
        "EC",
        set(),
        {("rivalry", "group/los-choneros", "group/los-lobos")},
        id="those a first-person subject fights are no rivals of each other",
    ),
]


@pytest.mark.parametrize(("text", "country", "expected", "forbidden"), RELATIONSHIPS)
def test_relationships(extract, text: str, country: str, expected: set, forbidden: set) -> None:
    found = _relationships(extract(text, country))
    assert expected <= found, found
    assert not forbidden & found, forbidden & found


# ------------------------------------------------------------------------------- modality, time
def test_hedges_are_recorded_as_modality_and_lower_confidence(extract) -> None:
    hedged = extract("In the north, Los Lobos reportedly smuggles cocaine.", "EC").presences
    plain = extract("In the north, Los Lobos smuggles cocaine every month.", "EC").presences
    assert [p.modality for p in hedged] == ["reported"] and hedged[0].hedges == ("reportedly",)
    assert [p.modality for p in plain] == [None]
    assert hedged[0].confidence < plain[0].confidence


def test_former_states_and_time_are_recorded(extract) -> None:
    found = extract("Since 2022, Los Choneros no longer control extortion in Manta.", "EC")
    presence = next(p for p in found.presences if p.actor == CHONEROS)
    assert presence.modality == "former" and presence.hedges == ()
    assert presence.time == "Since 2022"


def test_a_month_name_is_not_a_hedge(extract) -> None:
    found = extract("In May 2021, Los Lobos smuggled cocaine to Europe.", "EC")
    assert all(p.modality is None for p in found.presences), found.presences
    assert {p.time for p in found.presences} == {"In May 2021"}


def test_an_actors_origin_phrase_places_nobody(extract) -> None:
    found = extract(
        "Foreign traffickers, particularly from Colombia and Mexico, buy cocaine in Lima.", "PE"
    )
    places = {p.place for p in found.presences}
    assert "place/city/PE/lima" in places
    assert not places & {"place/country/CO", "place/country/MX"}, found.presences


def test_travellers_named_by_nationality_are_the_routes_origin(extract) -> None:
    found = extract(
        "Peru is a transit country for human smuggling, attracting Caribbean migrants, mainly "
        "Haitians and Cubans, en route to Brazil and Chile.",
        "PE",
    )
    origins = {(r.origin, r.destination) for r in found.routes}
    assert ("place/country/HT", "place/country/BR") in origins, found.routes
    assert {e.key for e in found.entities} >= {"place/country/HT", "place/country/CU"}


# ------------------------------------------------------------------- group–place (places helper)
# Rows for the group–place attachment rules of issue 9's places work: each names the actor and
# the place a sentence pairs (expected) and the pairs it must not make (forbidden).
GROUP_PLACES = [
    pytest.param(
        "Smuggling funds terrorist groups like Ansaroul Islam (AI), Boko Haram and the Islamic "
        "State Sahel Province (ISSP) terrorist sects, which are active within the Diffa and "
        "Tahoua regions.",
        "NE",
        {
            ("group/boko-haram", "place/region/NE-2"),
            ("group/boko-haram", "place/region/NE-5"),
            ("group/islamic-state-sahel", "place/region/NE-5"),
        },
        set(),
        id="a relative clause on a plural noun places the actors listed before it",
    ),
    pytest.param(
        "The army fought Los Rastrojos and Los Zetas, which are active in Cali.",
        "CO",
        {("group/los-rastrojos", "place/city/CO/cali"), ("group/los-zetas", "place/city/CO/cali")},
        set(),
        id="a plural relative clause on a list's first actor places the whole list",
    ),
    pytest.param(
        "Los Zetas fought the Sinaloa Cartel, which operates in Cali, and the Gulf Cartel.",
        "CO",
        {("group/sinaloa-cartel", "place/city/CO/cali")},
        {("group/los-zetas", "place/city/CO/cali"), ("group/gulf-cartel", "place/city/CO/cali")},
        id="a singular relative clause places its own actor only",
    ),
    pytest.param(
        "Los Zetas fought the police and Gulf Cartel gunmen, who are active in Cali.",
        "CO",
        {("group/gulf-cartel", "place/city/CO/cali")},
        {("group/los-zetas", "place/city/CO/cali")},
        id="a list member that is no named actor ends the list",
    ),
    pytest.param(
        "One of the major criminal groups active in Central Asia is the Khimprom gang.",
        "KZ",
        {("group/khimprom", "place/world-region/central-asia")},
        set(),
        id="a copula's actor shares the places of the actors it is one of",
    ),
    pytest.param(
        "The Khimprom gang is one of the major criminal groups active in Central Asia.",
        "KZ",
        {("group/khimprom", "place/world-region/central-asia")},
        set(),
        id="the actor as the copula's subject keeps the places (a guard)",
    ),
    pytest.param(
        "Los Rastrojos is a rival of the criminal groups in Cali.",
        "CO",
        set(),
        {("group/los-rastrojos", "place/city/CO/cali")},
        id="an actor the copula's side only mentions lends no place",
    ),
    pytest.param(
        "Hezbollah fighters in the Beqaa Valley (Lebanon) control smuggling.",
        "SY",
        {("group/hezbollah", "place/area/bekaa-valley")},
        {("group/hezbollah", "place/country/LB")},
        id="a country in brackets locating a place is not the actor's own place",
    ),
    pytest.param(
        "The Yamaguchi-gumi (Kobe) and the Sumiyoshi-kai (Tokyo) remain the largest syndicates.",
        "JP",
        {("group/yamaguchi-gumi", "place/city/JP/kobe")},
        {("group/yamaguchi-gumi", "place/city/JP/tokyo")},
        id="a place in brackets right after an actor stays its own (a guard)",
    ),
]


@pytest.mark.parametrize(("text", "country", "expected", "forbidden"), GROUP_PLACES)
def test_group_places(extract, text: str, country: str, expected: set, forbidden: set) -> None:
    found = {(p.actor, p.place) for p in extract(text, country).presences if p.place}
    assert expected <= found, found
    assert not forbidden & found, forbidden & found


EXTORTION = "market/extortion-and-protection-racketeering"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Extortion in Ecuador has evolved into a lucrative market, with criminal organizations"
            " increasingly targeting businesses.",
            {
                (
                    "collective/EC/criminal-groups",
                    "market/extortion-and-protection-racketeering",
                    None,
                ),
                (None, "market/extortion-and-protection-racketeering", "place/country/EC"),
            },
            id="a market's own place no actor took stays the market's",
        ),
        pytest.param(
            "Los Lobos control the cocaine trade in Manta.",
            {("group/los-lobos", "market/cocaine-trade", "place/city/EC/manta")},
            id="a place the actor took makes no second, actorless presence",
        ),
    ],
)
def test_market_places_beside_actors(extract, text: str, expected: set) -> None:
    found = {(p.actor, p.market, p.place) for p in extract(text, "EC").presences}
    assert found == expected, found
