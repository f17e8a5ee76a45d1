"""Named group recognition and keying, one row per rule: which groups a sentence names (surface
text -> key) and which phrases name no group. Names, aliases and abbreviations of listed groups
come from ontology/groups.yaml; discovered names key as the slug of the name."""

from __future__ import annotations

import pytest

from kg.models import EntityKind
from kg.nlp.pipeline import analyse
from kg.nlp.spans import mentions


def _groups(text: str, country: str) -> dict[str, str]:
    doc = analyse(text, country)
    return {span.text: span.kb_id_ for span in mentions(doc, [EntityKind.GROUP])}


# (text, document country, expected group mentions: surface -> key, phrases that are no group)
ROWS = [
    # --- groups of the table: names analysts use across countries -----------------------------
    pytest.param(
        "The Islamic Revolutionary Guard Corps (IRGC) supplies smugglers; the IRGC also sells oil.",
        "IR",
        {
            "Islamic Revolutionary Guard Corps": "group/islamic-revolutionary-guard-corps",
            "IRGC": "group/islamic-revolutionary-guard-corps",
        },
        [],
        id="table-irgc-and-its-abbreviation",
    ),
    pytest.param(
        "The Houthis smuggle weapons under the supervision of the Iranian Revolutionary Guard.",
        "YE",
        {
            "Houthis": "group/houthis",
            "Iranian Revolutionary Guard": "group/islamic-revolutionary-guard-corps",
        },
        [],
        id="table-irgc-iranian-form",
    ),
    pytest.param(
        "State complicity with organized crime fuels the rise of al-Qaeda in the region.",
        "ML",
        {"al-Qaeda": "group/al-qaeda"},
        [],
        id="table-al-qaeda-lower-case-article",
    ),
    pytest.param(
        "The routes were used by Islamic militants including the now defunct Jemaah Islamiya (JI).",
        "PH",
        {"Jemaah Islamiya": "group/jemaah-islamiyah", "JI": "group/jemaah-islamiyah"},
        [],
        id="table-jemaah-islamiyah-spelling-and-abbreviation",
    ),
    pytest.param(
        "The Yamaguchi-gumi (YG) split; the Kobe Yamaguchi-gumi (KYG) now challenges the YG.",
        "JP",
        {
            "Yamaguchi-gumi": "group/yamaguchi-gumi",
            "YG": "group/yamaguchi-gumi",
            "Kobe Yamaguchi-gumi": "group/kobe-yamaguchi-gumi",
            "KYG": "group/kobe-yamaguchi-gumi",
        },
        [],
        id="table-yakuza-abbreviations",
    ),
    pytest.param(
        "Such gangs, like the Comancheros and the Mongols, are ratcheting up violence.",
        "NZ",
        {"Comancheros": "group/comanchero", "Mongols": "group/mongols-mc"},
        [],
        id="table-motorcycle-club-by-its-bare-plural-name",
    ),
    pytest.param(
        "The Outlaws and the Pagans fought the Vagos; bandits and outlaws roam the border.",
        "US",
        {
            "Outlaws": "group/outlaws-mc",
            "Pagans": "group/pagans-mc",
            "Vagos": "group/vagos-mc",
        },
        ["outlaws"],
        id="table-bare-club-names-only-as-written",
    ),
    pytest.param(
        "Black Power and the King Cobras recruit in Auckland; traders smuggle king cobras.",
        "NZ",
        {"Black Power": "group/black-power", "King Cobras": "group/king-cobras"},
        ["king cobras"],
        id="table-new-zealand-gangs-not-the-snakes",
    ),
    pytest.param(
        "The operation was overseen by Bureau 39 (also called Office 39 and Room 39).",
        "KP",
        {
            "Bureau 39": "group/bureau-39",
            "Office 39": "group/bureau-39",
            "Room 39": "group/bureau-39",
        },
        [],
        id="table-state-embedded-bureau-39-and-its-other-names",
    ),
    pytest.param(
        "The Fourth Armored Division of Maher al-Assad ran the trade; the 4th Armoured Division "
        "profited. The 4th Division of the appeals court ruled on the case.",
        "SY",
        {
            "Fourth Armored Division": "group/fourth-armoured-division",
            "4th Armoured Division": "group/fourth-armoured-division",
        },
        ["4th Division"],
        id="table-state-embedded-division-by-its-full-name-only",
    ),
    pytest.param(
        "The Kyokuto-kai and the Dojinkai stayed out of the split; the Ninkyo Yamaguchi-gumi left.",
        "JP",
        {
            "Kyokuto-kai": "group/kyokuto-kai",
            "Dojinkai": "group/dojinkai",
            "Ninkyo Yamaguchi-gumi": "group/kizuna-kai",
        },
        [],
        id="table-designated-yakuza-syndicates",
    ),
    pytest.param(
        "In 1989 the Communist Party of Burma fractured into groups like the National Democratic "
        "Alliance Army (NDAA). The CPB Netherlands Bureau for Economic Policy Analysis disagreed.",
        "MM",
        {
            "National Democratic Alliance Army": "group/national-democratic-alliance-army",
            "NDAA": "group/national-democratic-alliance-army",
        },
        ["CPB"],
        id="table-shan-state-armed-groups-and-abbreviations",
    ),
    pytest.param(
        "Any group may be named, such as the Orekhovskaya OPG; the Mazzarella clan fought the "
        "Scissionisti.",
        "IT",
        {
            "Orekhovskaya OPG": "group/orekhovskaya-bratva",
            "Mazzarella clan": "group/mazzarella-clan",
            "Scissionisti": "group/amato-pagano-clan",
        },
        [],
        id="table-russian-bratva-and-camorra-clans",
    ),
    pytest.param(
        "Trafficking funds groups like the Jama’at Nasr al-Islam wal Muslimin (JNIM) and The "
        "Islamic State of the Greater Sahara, as it did al-Qaeda in the Islamist Maghreb.",
        "NE",
        {
            "Jama’at Nasr al-Islam wal Muslimin": "group/jnim",
            "JNIM": "group/jnim",
            "Islamic State of the Greater Sahara": "group/islamic-state-sahel",
            "al-Qaeda in the Islamist Maghreb": "group/aqim",
        },
        [],
        id="table-common-spellings-of-sahel-jihadist-names",
    ),
    pytest.param(
        "The first group was the United Force of the Pacific (Fuerzas Unidas del Pacific – FUP).",
        "CO",
        {
            "United Force of the Pacific": "group/fuerzas-unidas-del-pacifico",
            "FUP": "group/fuerzas-unidas-del-pacifico",
        },
        [],
        id="table-farc-dissident-front-and-its-abbreviation",
    ),
    pytest.param(
        "The Trinitarios and Dominicans Don't Play (DDP) fight in Madrid; the Taghi network and "
        "the Spada clan launder through Dubai.",
        "ES",
        {
            "Trinitarios": "group/trinitarios",
            "Dominicans Don't Play": "group/dominicans-dont-play",
            "DDP": "group/dominicans-dont-play",
            "Taghi network": "group/taghi-network",
            "Spada clan": "group/spada-clan",
        },
        [],
        id="table-street-gangs-and-networks-of-europe",
    ),
    pytest.param(
        "Liwa Fatemiyoun and the Zainabiyoun Brigade guard captagon labs.",
        "SY",
        {
            "Liwa Fatemiyoun": "group/liwa-fatemiyoun",
            "Zainabiyoun Brigade": "group/zainabiyoun-brigade",
        },
        [],
        id="table-iran-backed-militias-in-syria",
    ),
    # --- discovery: a quoted name whose head comes through an introducer or an apposition -----
    pytest.param(
        'A drug trafficking syndicate known as "Abang 888" was crippled in Malaysia.',
        "MY",
        {"Abang 888": "group/abang-888"},
        [],
        id="quoted-name-after-known-as",
    ),
    pytest.param(
        "“MaShurugwi” – a gang of violent, illegal gold miners – has terrorised the town.",
        "ZW",
        {"MaShurugwi": "group/mashurugwi"},
        [],
        id="quoted-name-before-a-dash-apposition",
    ),
    pytest.param(
        "“Operation Chachimbiro” – a police raid – ended with twenty arrests.",
        "EC",
        {},
        ["Operation Chachimbiro"],
        id="quoted-name-before-an-apposition-without-a-group-head-is-no-group",
    ),
]


@pytest.mark.parametrize(("text", "country", "expected", "absent"), ROWS)
def test_group_rows(text: str, country: str, expected: dict[str, str], absent: list[str]) -> None:
    found = _groups(text, country)
    for surface, key in expected.items():
        assert found.get(surface) == key, (surface, found)
    for phrase in absent:
        assert phrase not in found, (phrase, found)
