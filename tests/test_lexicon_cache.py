"""The parsed lexicon files kept as cache entries: read back while the text is unchanged, parsed
again after any edit, a damaged entry or a bundle with other text, never a crash."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

import kg.resources
from kg.cache_entries import CACHE_ENV, read_entry, write_entry
from kg.resources import LexiconBundle, load_yaml, parse_yaml_text, use_lexicon


class _CountingParser:
    """Stands for ``yaml.load`` in :mod:`kg.resources` and counts the texts it parses."""

    def __init__(self) -> None:
        self.parsed: list[str] = []
        self._load = yaml.load

    def __call__(self, text: str, Loader: type) -> object:
        self.parsed.append(text)
        return self._load(text, Loader=Loader)


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def parser(monkeypatch: pytest.MonkeyPatch) -> _CountingParser:
    counting = _CountingParser()
    monkeypatch.setattr(kg.resources, "yaml", SimpleNamespace(load=counting))  # not yaml's own
    return counting


@pytest.fixture
def own_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the ontology folder standing for ockg's own; every table is dropped before and
    after, so the process reads its own lexicon again afterwards."""
    copy = tmp_path / "ontology"
    shutil.copytree(kg.resources.ontology_dir(), copy)
    use_lexicon(None)
    monkeypatch.setattr(kg.resources, "ontology_dir", lambda: copy)
    kg.resources.default_lexicon.cache_clear()
    kg.resources.clear_lexicon_caches()
    yield copy
    monkeypatch.undo()
    kg.resources.default_lexicon.cache_clear()
    kg.resources.clear_lexicon_caches()


def _entries(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f"yaml-{name}-*.bin"))


def test_a_parsed_file_is_read_back_from_its_entry(
    cache_folder: Path, parser: _CountingParser
) -> None:
    text = "cues:\n  - {term: port, weak: true}\n  - {term: coast}\ncount: 3\n"
    first = parse_yaml_text("demo.yaml", text)
    again = parse_yaml_text("demo.yaml", text)
    expected = {"cues": [{"term": "port", "weak": True}, {"term": "coast"}], "count": 3}
    assert first == again == expected
    assert parser.parsed == [text]  # parsed once, then read from the entry
    assert len(_entries(cache_folder, "demo.yaml")) == 1


def test_every_ontology_file_reads_back_as_yaml_parses_it(cache_folder: Path) -> None:
    for name, text in kg.resources.default_lexicon().texts.items():
        expected = yaml.safe_load(text)
        assert parse_yaml_text(name, text) == expected  # parsed and stored
        assert parse_yaml_text(name, text) == expected  # read back from the entry
        assert len(_entries(cache_folder, name)) == 1, name


def test_an_edited_ontology_file_is_parsed_again(
    cache_folder: Path, parser: _CountingParser, own_folder: Path
) -> None:
    before = load_yaml("sections.yaml")
    assert len(parser.parsed) == 1
    old_entries = _entries(cache_folder, "sections.yaml")
    assert len(old_entries) == 1

    kg.resources.clear_lexicon_caches()  # a new process: the entry is read, nothing is parsed
    assert load_yaml("sections.yaml") == before and len(parser.parsed) == 1

    path = own_folder / "sections.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sections"][0]["headings"] = ["An edited heading"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    kg.resources.clear_lexicon_caches()
    after = load_yaml("sections.yaml")
    assert after["sections"][0]["headings"] == ["An edited heading"]
    assert len(parser.parsed) == 2  # the edit was parsed, not taken from the old entry
    new_entries = _entries(cache_folder, "sections.yaml")
    assert len(new_entries) == 1 and new_entries != old_entries  # the stale entry is gone


def test_an_edit_reaches_the_validated_lexicon(cache_folder: Path, own_folder: Path) -> None:
    from kg.lexicon.load import word_lists

    assert "including" in word_lists().listing_words
    path = own_folder / "word_lists.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["listing_words"] = [w for w in data["listing_words"] if w != "including"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    kg.resources.default_lexicon.cache_clear()
    kg.resources.clear_lexicon_caches()
    assert "including" not in word_lists().listing_words


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[:-5],  # truncated
        lambda blob: blob[:-1] + bytes([blob[-1] ^ 0xFF]),  # a flipped byte
        lambda blob: b"garbage\n" * 3,  # a foreign file
        lambda blob: b"",  # empty
    ],
    ids=["truncated", "flipped-byte", "foreign", "empty"],
)
def test_a_damaged_entry_is_parsed_again_and_rewritten(
    cache_folder: Path, parser: _CountingParser, damage
) -> None:
    text = "markets: {cocaine: [coke, cocaine]}\n"
    parse_yaml_text("demo.yaml", text)
    (entry,) = _entries(cache_folder, "demo.yaml")
    entry.write_bytes(damage(entry.read_bytes()))
    assert parse_yaml_text("demo.yaml", text) == {"markets": {"cocaine": ["coke", "cocaine"]}}
    assert len(parser.parsed) == 2
    assert read_entry(entry) == ({"markets": {"cocaine": ["coke", "cocaine"]}},)  # whole again


def test_an_intact_entry_of_the_wrong_shape_is_parsed_again(
    cache_folder: Path, parser: _CountingParser
) -> None:
    text = "a: 1\n"
    parse_yaml_text("demo.yaml", text)
    (entry,) = _entries(cache_folder, "demo.yaml")
    assert write_entry(entry, ["not", "a", "one-tuple"])
    assert parse_yaml_text("demo.yaml", text) == {"a": 1}
    assert len(parser.parsed) == 2


def test_a_file_that_parses_to_nothing_is_kept_too(
    cache_folder: Path, parser: _CountingParser
) -> None:
    assert parse_yaml_text("empty.yaml", "# only a comment\n") is None
    assert parse_yaml_text("empty.yaml", "# only a comment\n") is None
    assert len(parser.parsed) == 1


def test_data_marshal_cannot_hold_is_parsed_each_time(
    cache_folder: Path, parser: _CountingParser
) -> None:
    text = "since: 2021-05-01\n"  # a date
    first = parse_yaml_text("dated.yaml", text)
    assert parse_yaml_text("dated.yaml", text) == first
    assert str(first["since"]) == "2021-05-01"
    assert len(parser.parsed) == 2
    assert _entries(cache_folder, "dated.yaml") == []


def test_a_yaml_error_raises_and_stores_nothing(cache_folder: Path) -> None:
    for _ in range(2):
        with pytest.raises(yaml.YAMLError):
            parse_yaml_text("broken.yaml", "key: [unclosed\n")
    assert _entries(cache_folder, "broken.yaml") == []


def test_a_bundle_with_other_text_is_parsed_from_its_own_text(
    cache_folder: Path, parser: _CountingParser
) -> None:
    own = kg.resources.default_lexicon()
    own.parse("sections.yaml")
    texts = dict(own.texts)
    texts["sections.yaml"] = "sections: []\n"
    bundle = LexiconBundle(texts)
    assert bundle.parse("sections.yaml") == {"sections": []}
    assert own.parse("sections.yaml") != {"sections": []}
    assert parser.parsed.count("sections: []\n") == 1
    assert len(_entries(cache_folder, "sections.yaml")) == 1  # one entry per file name


def test_without_a_cache_every_load_parses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parser: _CountingParser
) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")
    monkeypatch.chdir(tmp_path)
    assert parse_yaml_text("demo.yaml", "a: 1\n") == parse_yaml_text("demo.yaml", "a: 1\n")
    assert len(parser.parsed) == 2
    assert list(tmp_path.iterdir()) == []


def test_the_country_name_table_is_compiled_and_follows_the_lexicon(
    cache_folder: Path, own_folder: Path
) -> None:
    from kg.compiled import compiled_path
    from kg.lexicon.countries import resolve_country

    assert resolve_country("Peru").iso2 == "PE"
    entry = compiled_path("country-names")
    assert entry is not None and entry.is_file()
    path = own_folder / "countries.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["PE"]["aliases"] = [*data["PE"].get("aliases", []), "Inca Republic"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    kg.resources.default_lexicon.cache_clear()
    kg.resources.clear_lexicon_caches()
    assert resolve_country("the Inca Republic").iso2 == "PE"  # the table was compiled again
    assert compiled_path("country-names") != entry and not entry.exists()
