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
