"""Compiled tables: built once, loaded from an intact entry, rebuilt when an entry is damaged."""

from __future__ import annotations

import marshal
import shutil
from pathlib import Path

import pytest

from kg import compiled as compiled_module
from kg.compiled import CACHE_ENV, compiled, compiled_path


class _Builder:
    """A table builder that counts its calls."""

    def __init__(self, table: dict[str, tuple[int, ...]]) -> None:
        self.table = table
        self.calls = 0

    def __call__(self) -> dict[str, tuple[int, ...]]:
        self.calls += 1
        return dict(self.table)


def _identity(table: object) -> object:
    return table


def _as_table(data: object) -> dict[str, tuple[int, ...]]:
    if not isinstance(data, dict):
        raise ValueError("not a table")
    return data


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "compiled"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


def _load(builder: _Builder) -> dict[str, tuple[int, ...]]:
    return compiled("demo", builder, _identity, _as_table)


def test_a_table_is_built_once_then_loaded_from_its_entry(cache_folder: Path) -> None:
    builder = _Builder({"lima": (1, 2), "cusco": (3,)})
    assert _load(builder) == {"lima": (1, 2), "cusco": (3,)}
    path = compiled_path("demo")
    assert path is not None and path.parent == cache_folder and path.is_file()
    again = _Builder({"other": (9,)})  # would give another table if it were called
    assert _load(again) == {"lima": (1, 2), "cusco": (3,)}
    assert (builder.calls, again.calls) == (1, 0)


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[:-7],  # truncated
        lambda blob: blob[:-1] + bytes([blob[-1] ^ 0xFF]),  # a flipped byte in the payload
        lambda blob: b"not a compiled table\n" + blob,  # a foreign file
        lambda blob: b"",  # empty
    ],
    ids=["truncated", "flipped-byte", "foreign", "empty"],
)
def test_a_damaged_entry_is_detected_and_rebuilt(cache_folder: Path, damage) -> None:
    _load(_Builder({"lima": (1,)}))
    path = compiled_path("demo")
    assert path is not None
    path.write_bytes(damage(path.read_bytes()))
    rebuilt = _Builder({"lima": (1,)})
    assert _load(rebuilt) == {"lima": (1,)}
    assert rebuilt.calls == 1
    fresh = _Builder({"never": ()})
    assert _load(fresh) == {"lima": (1,)} and fresh.calls == 0  # the entry was rewritten whole


def test_an_intact_entry_the_decoder_rejects_counts_as_corrupted(cache_folder: Path) -> None:
    compiled("demo", lambda: ["a", "list"], _identity, _identity)  # stored: a list
    builder = _Builder({"lima": (1,)})
    assert _load(builder) == {"lima": (1,)}
    assert builder.calls == 1


def test_the_cache_can_be_switched_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")
    monkeypatch.chdir(tmp_path)
    builder = _Builder({"lima": (1,)})
    _load(builder)
    _load(builder)
    assert builder.calls == 2
    assert compiled_path("demo") is None


def test_an_unwritable_cache_only_costs_the_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "compiled"))
    builder = _Builder({"lima": (1,)})
    assert _load(builder) == {"lima": (1,)}
    assert _load(builder) == {"lima": (1,)}
    assert builder.calls == 2
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_an_entry_of_other_inputs_is_replaced(
    cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(compiled_module, "inputs_digest", lambda: "a" * 64)
    _load(_Builder({"old": ()}))
    old = compiled_path("demo")
    monkeypatch.setattr(compiled_module, "inputs_digest", lambda: "b" * 64)
    builder = _Builder({"new": ()})
    assert _load(builder) == {"new": ()}  # other inputs: the old entry is not used
    assert builder.calls == 1
    assert old is not None and not old.exists()
    assert sorted(p.name for p in cache_folder.iterdir()) == [f"demo-{'b' * 32}.bin"]


def test_the_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert compiled_module.cache_dir() == tmp_path / "ockg"


def test_the_digest_follows_the_ontology_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.resources

    digest = compiled_module.inputs_digest.__wrapped__  # uncached
    copy = tmp_path / "ontology"
    shutil.copytree(kg.resources.ontology_dir(), copy)
    monkeypatch.setattr(kg.resources, "ontology_dir", lambda: copy)
    kg.resources.use_lexicon(None)  # ockg's own folder, whatever lexicon a pipeline left active
    try:
        kg.resources.default_lexicon.cache_clear()
        same = digest()
        assert same == digest() and len(same) == 64
        areas = copy / "areas.yaml"
        text = areas.read_text(encoding="utf-8") + "\n# one more line\n"
        areas.write_text(text, encoding="utf-8")
        kg.resources.default_lexicon.cache_clear()
        assert digest() != same
    finally:
        kg.resources.default_lexicon.cache_clear()


def test_the_digest_follows_the_lexicon_bundle_in_use() -> None:
    import kg.resources

    digest = compiled_module.inputs_digest.__wrapped__  # uncached
    own = digest()
    texts = dict(kg.resources.default_lexicon().texts)
    texts["areas.yaml"] += "\n# one more line\n"
    try:
        kg.resources.use_lexicon(kg.resources.LexiconBundle(texts))
        assert digest() != own
    finally:
        kg.resources.use_lexicon(None)
    assert digest() == own


def test_the_place_tables_survive_compilation() -> None:
    from kg.nlp.places import gazetteer_tables as tables

    built = tables.place_tables()
    loaded = tables._decode_tables(marshal.loads(marshal.dumps(tables._encode_tables(built))))
    assert loaded.phrases == built.phrases
    assert loaded.names == built.names
    assert loaded.exact == built.exact
    assert loaded.first_runs == built.first_runs
    assert loaded.phrase_forms == built.phrase_forms
    assert loaded.exact_forms == built.exact_forms
    lima = next(c for c in loaded.names["lima"] if c.kind == "city" and c.country == "PE")
    assert lima.ref.geonames_id == 3936456 and lima.primary


def test_the_gazetteer_tables_survive_compilation() -> None:
    from kg.lexicon import gazetteer
    from kg.lexicon.admin1 import admin1_region

    by_id = gazetteer.cities_by_id()
    rows = marshal.loads(marshal.dumps(gazetteer._city_rows(by_id)))
    assert gazetteer._cities_from_rows(rows) == by_id
    assert tuple(gazetteer._cities_from_rows(rows).values()) == gazetteer.cities()
    subdivisions = gazetteer.subdivisions()
    rows = marshal.loads(marshal.dumps(gazetteer._subdivision_rows(subdivisions)))
    assert gazetteer._subdivisions_from_rows(rows) == subdivisions
    by_key = gazetteer._cities_by_key()
    ids = marshal.loads(marshal.dumps(gazetteer.city_ids(by_key)))
    assert gazetteer.cities_from_ids(ids) == by_key
    assert gazetteer.city("Lima", "PE") is not None
    assert admin1_region("PE", gazetteer.city("Puno", "PE").admin1) == "PE-PUN"


def test_the_compiled_vocabulary_is_the_built_one() -> None:
    from kg.graph.vocabulary import _vocabulary_ntriples, vocabulary_ntriples

    compiled_lines = set(vocabulary_ntriples().splitlines())
    assert compiled_lines == set(_vocabulary_ntriples().splitlines())
    assert any("ConceptScheme" in line for line in compiled_lines)


def test_a_decoded_map_decodes_each_entry_once_and_only_when_asked() -> None:
    from kg.compiled import DecodedMap

    decoded: list[object] = []

    def decode(row: object) -> str:
        decoded.append(row)
        return f"city {row}"

    table = DecodedMap({"lima": 1, "cusco": 2}, decode)
    assert decoded == [] and len(table) == 2 and list(table) == ["lima", "cusco"]
    assert table["lima"] == "city 1" and table.get("lima") == "city 1"
    assert "cusco" in table and "puno" not in table and table.get("puno") is None
    assert decoded == [1]  # membership and misses decode nothing; a hit decodes once
    assert dict(table) == {"lima": "city 1", "cusco": "city 2"} and decoded == [1, 2]


def test_a_decoded_map_names_a_row_it_cannot_decode_instead_of_hiding_it() -> None:
    from kg.compiled import DecodedMap

    table = DecodedMap({"lima": ("not", "a", "city")}, lambda row: {}[row])
    with pytest.raises(ValueError, match="'lima' cannot be decoded"):
        table.get("lima")  # not None: a damaged row is no absent key


def test_loaded_place_tables_make_only_the_candidates_looked_up() -> None:
    from kg.lexicon import gazetteer
    from kg.nlp.places import gazetteer_tables as tables

    built = tables._build_tables()
    loaded = tables._decode_tables(marshal.loads(marshal.dumps(tables._encode_tables(built))))
    assert isinstance(loaded.names, compiled_module.DecodedMap)
    assert repr(loaded.names).endswith(" 0 decoded)")
    lima = loaded.names.get("lima")
    assert lima == built.names["lima"]
    assert repr(loaded.names).endswith(" 1 decoded)")
    assert loaded.names.get("no such place anywhere") is None
    rows = marshal.loads(marshal.dumps(gazetteer._city_rows(gazetteer.cities_by_id())))
    cities = gazetteer._cities_from_rows(rows)
    assert cities[3936456].name == "Lima" and repr(cities).endswith(" 1 decoded)")


def test_a_table_whose_name_starts_another_leaves_the_other_alone(cache_folder: Path) -> None:
    compiled("demo-by-key", _Builder({"long": (1,)}), _identity, _as_table)
    longer = compiled_path("demo-by-key")
    _load(_Builder({"lima": (1,)}))  # "demo": its stale entries are demo-<digest> only
    assert longer is not None and longer.is_file()
    again = _Builder({"never": ()})
    assert compiled("demo-by-key", again, _identity, _as_table) == {"long": (1,)}
    assert again.calls == 0
