"""Known groups named by coordinated names that share one plural head ("the Sinaloa and Gulf
cartels"): each name with the head in the singular is looked up in ontology/groups.yaml."""

from __future__ import annotations

import pytest

from kg.models import EntityKind
from kg.nlp.pipeline import analyse
from kg.nlp.spans import mentions


def _mentions(text: str, country: str) -> dict[str, str]:
    doc = analyse(text, country)
    kinds = [EntityKind.GROUP, EntityKind.COLLECTIVE, EntityKind.PLACE]
    return {span.text: span.kb_id_ for span in mentions(doc, kinds)}


@pytest.mark.parametrize(
    ("text", "country", "expected", "absent"),
    [
        pytest.param(
            "Violence rose as the Sinaloa and Gulf cartels fought over the border.",
            "MX",
            {"Sinaloa": "group/sinaloa-cartel", "Gulf cartels": "group/gulf-cartel"},
            ["place/region/MX-SIN", "collective/gulf-states/criminal-groups"],
            id="two names before one plural head are two known groups",
        ),
        pytest.param(
            "Behind the feud are the Kinahan and the Sinaloa cartels.",
            "IE",
            {"Kinahan": "group/kinahan-cartel", "Sinaloa cartels": "group/sinaloa-cartel"},
            [],
            id="each name may keep its own article",
        ),
        pytest.param(
            "Sinaloa cartels and gangs fought over the border.",
            "MX",
            {},
            ["group/sinaloa-cartel"],
            id="one name before a plural head is no coordination of names",
        ),
    ],
)
def test_shared_head_groups(text: str, country: str, expected: dict, absent: list) -> None:
    found = _mentions(text, country)
    for surface, key in expected.items():
        assert found.get(surface) == key, found
    assert not set(absent) & set(found.values()), found
