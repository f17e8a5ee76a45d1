"""Collectives as analysts count them: one per origin and kind (collective_classes.yaml)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kg.lexicon.keys import collective_key, collective_kind, kind_label, plural
from kg.lexicon.models import CollectiveKinds
from kg.models import EntityKind
from kg.nlp.pipeline import analyse
from kg.nlp.spans import mentions


@pytest.mark.parametrize(
    ("lemma", "actor_type", "kind"),
    [
        ("gang", None, "criminal-groups"),
        ("network", "criminal-networks", "criminal-groups"),  # a type, not an identity
        ("cartel", "mafia-style-groups", "criminal-groups"),
        ("trafficker", None, "criminal-groups"),
        ("actor", "state-embedded-actors", "officials"),  # "state actors"
        ("actor", "private-sector-actors", "businesses"),
        ("official", None, "officials"),
        ("pharmacy", "private-sector-actors", "businesses"),
        ("confraternity", "mafia-style-groups", "criminal-groups"),
        ("militia", None, "armed-groups"),
        ("tourist", None, "tourists"),  # listed nowhere: its plural lemma
        ("wholesaler", "private-sector-actors", "businesses"),  # a type that claims it
        ("wholesaler", "mafia-style-groups", "wholesalers"),
    ],
)
def test_the_kind_comes_from_the_head_and_the_stated_type(
    lemma: str, actor_type: str | None, kind: str
) -> None:
    assert collective_kind(lemma, actor_type) == kind


def test_keys_and_labels_of_kinds() -> None:
    assert collective_key("br", "criminal-groups") == "collective/BR/criminal-groups"
    assert collective_key("balkans", "criminal-groups") == "collective/balkans/criminal-groups"
    assert collective_key(None, "criminal-groups", foreign=True) == (
        "collective/XX/foreign-criminal-groups"
    )
    assert collective_key(None, "criminal-groups") == "collective/XX/criminal-groups"
    assert kind_label("armed-groups") == "armed groups"
    assert kind_label("tourists") == "tourists"
    assert [plural(w) for w in ("pharmacy", "boss", "day", "tourist")] == [
        "pharmacies",
        "bosses",
        "days",
        "tourists",
    ]


@pytest.mark.parametrize(
    "data",
    [
        {"default": "gangs", "kinds": {"criminal-groups": {"label": "criminal groups"}}},
        {
            "default": "a",
            "kinds": {
                "a": {"label": "a", "heads": ["gang"]},
                "b": {"label": "b", "heads": ["gang"]},
            },
        },
        {"default": "a", "kinds": {"a": {"label": "a", "actor_type": "Not A Slug"}}},
        {"default": "a", "kinds": {"a": {"label": ""}}},
    ],
)
def test_a_bad_kinds_file_is_refused(data: dict) -> None:
    with pytest.raises(ValidationError):
        CollectiveKinds.model_validate(data)


def test_one_collective_per_origin_and_kind_with_surface_forms_as_aliases() -> None:
    doc = analyse(
        "Brazilian gangs smuggle cocaine. Brazilian groups also traffic gold, and Brazilian "
        "networks launder the proceeds with Colombian traffickers and Colombian networks.",
        "PE",
    )
    keys = [s.kb_id_ for s in mentions(doc, [EntityKind.COLLECTIVE])]
    assert keys == [
        "collective/BR/criminal-groups",
        "collective/BR/criminal-groups",
        "collective/BR/criminal-groups",
        "collective/CO/criminal-groups",
        "collective/CO/criminal-groups",
    ]
    brazilian = doc._.ockg_entities["collective/BR/criminal-groups"]
    assert brazilian.label == "Brazilian criminal groups"
    assert set(brazilian.aliases) == {"Brazilian gangs", "Brazilian groups", "Brazilian networks"}
    assert brazilian.actor_type == "foreign-actors"


def test_state_private_and_foreign_collectives_stay_apart_by_kind() -> None:
    doc = analyse(
        "Corrupt state actors protect criminal groups, while private actors launder their money "
        "and foreign actors supply cocaine.",
        "PE",
    )
    keys = {s.text: s.kb_id_ for s in mentions(doc, [EntityKind.COLLECTIVE])}
    assert keys["Corrupt state actors"] == "collective/PE/officials"
    assert keys["criminal groups"] == "collective/PE/criminal-groups"
    assert keys["foreign actors"] == "collective/XX/foreign-criminal-groups"
    assert keys["private actors"] == "collective/PE/businesses"
