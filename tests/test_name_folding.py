"""Name folding in one place (kg.lexicon.normalise): scripts, look-alikes and keys."""

from __future__ import annotations

import pytest

from kg.lexicon.actors import resolve_group
from kg.lexicon.keys import discovered_key, slug
from kg.lexicon.normalise import ascii_name, fold, fold_key
from kg.models import EntityKind
from kg.nlp.pipeline import analyse
from kg.nlp.spans import mentions


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("  The Côte d’Ivoire ", "cote d'ivoire"),
        ("Škaljari – clan", "skaljari - clan"),
        ("Ørsted", "orsted"),
        ("Łódź", "lodz"),
        ("Straße", "strasse"),
        ("Los Мальчики", "los mal'ciki"),  # Cyrillic, transliterated
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_distinct_names_in_another_script_stay_distinct() -> None:
    first, second = "Los Мальчики", "Los Девочки"
    assert fold_key(first) != fold_key(second)
    assert slug(first) != slug(second)
    assert discovered_key(first) != discovered_key(second)
    assert slug(first) not in ("los", "") and slug("東京") == "dong-jing"


def test_a_look_alike_letter_is_read_as_the_latin_word_it_imitates() -> None:
    cyrillic_a = "Tren de \u0410ragua"  # Cyrillic capital A
    assert cyrillic_a != "Tren de Aragua" and ascii_name(cyrillic_a) == "Tren de Aragua"
    known = resolve_group(cyrillic_a)
    assert known is not None and known.id == "tren-de-aragua"
    assert slug(cyrillic_a) == "tren-de-aragua"


def test_a_word_wholly_in_another_script_is_not_confused() -> None:
    # "Рим" (Rome) is Cyrillic throughout: transliterated, never read as Latin look-alikes
    assert ascii_name("\u0420\u0438\u043c") == "Rim"
    assert ascii_name("P\u0430blo") == "Pablo"  # one Cyrillic "а" inside a Latin word


def test_two_groups_named_in_cyrillic_are_two_nodes() -> None:
    doc = analyse(
        "Members of Los Мальчики extort shops in Lima. Members of Los Девочки traffic cocaine.",
        "PE",
    )
    keys = {s.kb_id_ for s in mentions(doc, [EntityKind.GROUP])}
    assert len(keys) == 2, keys


def test_a_look_alike_does_not_forge_a_second_tren_de_aragua() -> None:
    doc = analyse(
        "Members of the Tren de \u0410ragua extort shops in Lima, where Tren de Aragua recruits.",
        "PE",
    )
    keys = {s.kb_id_ for s in mentions(doc, [EntityKind.GROUP])}
    assert keys <= {"group/tren-de-aragua"}, keys
    assert "group/tren-de-aragua" in keys
