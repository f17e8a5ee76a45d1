"""The word lists of the finders (ontology/word_lists.yaml): one definition each, read by the actor,
place and relation rules, and a coded error naming the file for bad data."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from kg.errors import Code
from kg.lexicon.load import LexiconError, groups, place_cues, word_lists
from kg.lexicon.models import OTHER_GROUP_KIND
from kg.nlp.actors.known_names import group_kind_of
from kg.nlp.actors.words import bare_words, kind_of_word, name_glue
from kg.resources import (
    LexiconBundle,
    active_lexicon,
    clear_lexicon_caches,
    ontology_dir,
    use_lexicon,
)


@pytest.fixture
def ontology(tmp_path: Path) -> Iterator[Path]:
    """A copy of the ontology folder; :func:`_edit` makes it the lexicon the process reads."""
    copy = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), copy)
    previous = active_lexicon()
    yield copy
    use_lexicon(previous)


def _activate(folder: Path) -> None:
    use_lexicon(LexiconBundle.from_folder(folder))


def _edit(folder: Path, name: str, change: Callable[[dict], object]) -> None:
    path = folder / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _activate(folder)


def test_every_list_is_a_non_empty_set_of_lower_case_words() -> None:
    lists = word_lists()
    sections = {
        "shared": {"listing_words": lists.listing_words, "name_particles": lists.name_particles},
        "actors": dict(lists.actors),
        "places": dict(lists.places),
        "people": dict(lists.people),
    }
    for section, fields in sections.items():
        for field, words in fields.items():
            assert words, f"{section}.{field} is empty"
            assert all(word == word.lower() for word in words), f"{section}.{field}"


def test_name_glue_and_bare_words_extend_the_one_list_of_particles() -> None:
    particles = word_lists().name_particles
    assert {"de", "del", "da", "los", "van", "der"} <= particles
    assert name_glue() == particles | {"of"}
    assert particles | {"the"} <= bare_words()


def test_a_kind_implies_itself_and_its_words_imply_it() -> None:
    kinds = kind_of_word()
    assert kinds["cartel"] == "cartel"
    assert kinds["cult"] == "confraternity"
    assert kinds["-gumi"] == "mafia"
    assert kinds["família"] == "clan"
    assert OTHER_GROUP_KIND not in kinds


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        (["Red", "Vipers", "cult"], "confraternity"),
        (["Santa", "Rosa", "Cartel"], "cartel"),
        (["Hells", "Angels", "MC"], "motorcycle-club"),
        (["Los", "Choneros"], OTHER_GROUP_KIND),
    ],
)
def test_a_name_takes_the_kind_of_its_first_telling_word(words: list[str], kind: str) -> None:
    assert group_kind_of(words) == kind


def test_every_group_of_groups_yaml_has_a_listed_kind() -> None:
    known = {*word_lists().group_kinds, OTHER_GROUP_KIND}
    assert {group.kind for group in groups()} <= known


def test_stem_kinds_are_group_kinds() -> None:
    lists = word_lists()
    assert lists.stem_group_kinds <= set(lists.group_kinds)


def _capitalised(data: dict) -> None:
    data["listing_words"].append("Including")


def _unknown_section(data: dict) -> None:
    data["actors"]["verbs_of_doom"] = ["smite"]


def _missing_list(data: dict) -> None:
    del data["places"]["determiners"]


def _unknown_stem_kind(data: dict) -> None:
    data["stem_group_kinds"].append("posse")


def _unknown_actor_type(data: dict) -> None:
    data["actors"]["type_class_lemmas"]["corrupt-officials"] = "official"


def _fallback_as_kind(data: dict) -> None:
    data["group_kinds"][OTHER_GROUP_KIND] = []


def _word_of_two_kinds(data: dict) -> None:
    data["group_kinds"]["mafia"].append("crew")


def _number_for_word(data: dict) -> None:
    data["places"]["coordination"].append(7)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (_capitalised, "lower case"),
        (_unknown_section, "verbs_of_doom"),
        (_missing_list, "determiners"),
        (_unknown_stem_kind, "unknown stem group kinds: posse"),
        (_unknown_actor_type, "unknown actor types: corrupt-officials"),
        (_fallback_as_kind, "fallback"),
        (_word_of_two_kinds, "imply two kinds: crew"),
        (_number_for_word, "coordination"),
    ],
)
def test_bad_word_lists_give_a_coded_error_naming_the_file(
    ontology: Path, change: Callable[[dict], None], problem: str
) -> None:
    _edit(ontology, "word_lists.yaml", change)
    with pytest.raises(LexiconError) as caught:
        word_lists()
    error = caught.value
    assert error.code is Code.E301
    assert error.path == str(ontology / "word_lists.yaml")
    assert f"word_lists.yaml: E301 {Code.E301.value}: " in str(error)
    assert problem in str(error)


def test_word_lists_that_are_not_a_mapping_give_a_coded_error(ontology: Path) -> None:
    (ontology / "word_lists.yaml").write_text("- including\n- notably\n", encoding="utf-8")
    _activate(ontology)
    with pytest.raises(LexiconError, match=r"E301 .*expected a mapping"):
        word_lists()


def test_a_group_of_an_unlisted_kind_is_refused(ontology: Path) -> None:
    def change(data: dict) -> None:
        data["groups"][0]["kind"] = "brotherhood"

    _edit(ontology, "groups.yaml", change)
    with pytest.raises(LexiconError, match=r"groups\.yaml: E301 .*unknown kinds: brotherhood"):
        groups()


def test_bad_place_cues_give_a_coded_error_naming_areas_yaml(ontology: Path) -> None:
    def change(data: dict) -> None:
        data["cues"]["border_words"] = "border"

    _edit(ontology, "areas.yaml", change)
    with pytest.raises(LexiconError, match=r"(?s)areas\.yaml: E301 .*border_words"):
        place_cues()


@pytest.fixture
def ockg_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the ontology folder standing for ockg's own (as an edited installation would):
    the pipeline and every lexicon table are rebuilt from it, and again after the test."""
    import kg.resources
    from kg.nlp.pipeline import ockg_pipeline

    def fresh() -> None:
        kg.resources.default_lexicon.cache_clear()
        ockg_pipeline.cache_clear()
        use_lexicon(None)
        clear_lexicon_caches()

    copy = tmp_path / "ockg-ontology"
    shutil.copytree(ontology_dir(), copy)
    monkeypatch.setattr(kg.resources, "ontology_dir", lambda: copy)
    fresh()
    yield copy
    monkeypatch.undo()
    fresh()


def test_a_build_with_bad_word_lists_stops_with_the_coded_error(
    ockg_folder: Path, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    path = ockg_folder / "word_lists.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("[including,", "[Including,"))
    text = tmp_path / "note.txt"
    text.write_text("Members of Los Choneros, including local gangs, smuggle cocaine.\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(text), "--out", str(out), "--no-cache"])
    assert result.exit_code != 0
    assert f"{path}: E301" in result.output
    assert "Including" in result.output
    assert "Traceback" not in result.output
    assert not (out / "graph.ttl").exists()
