"""spaCy imported by ockg without its command line (``kg.nlp.spacy_import``).

Each check runs a fresh interpreter: the stand-in acts on a process's first ``import spacy``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _state(code: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


_PROBE = """
import json, sys
{before}
state = {{"spacy": "spacy" in sys.modules, "cli": "spacy.cli" in sys.modules,
          "requests": "requests" in sys.modules}}
{after}
print(json.dumps(state))
"""


def test_importing_kg_nlp_alone_imports_no_spacy() -> None:
    state = _state(_PROBE.format(before="import kg.nlp", after=""))
    assert state == {"spacy": False, "cli": False, "requests": False}


def test_the_pipeline_module_imports_spacy_without_its_command_line() -> None:
    state = _state(_PROBE.format(before="import kg.nlp.pipeline", after=""))
    assert state == {"spacy": True, "cli": False, "requests": False}


def test_spacy_cli_and_info_are_the_real_ones_afterwards() -> None:
    after = """
import spacy, spacy.cli, spacy.cli.info
from kg.nlp.spacy_import import _SpacyFinder
state["cli_file"] = spacy.cli.__file__.endswith("cli/__init__.py")
state["info_keys"] = sorted(spacy.info())[:2]
state["loader"] = type(spacy.__loader__).__name__
state["finders"] = sum(isinstance(f, _SpacyFinder) for f in sys.meta_path)
"""
    state = _state(_PROBE.format(before="import kg.nlp.pipeline", after=after))
    assert state["cli"] is False  # not until asked for
    assert state["cli_file"] is True
    assert state["info_keys"] == ["location", "pipelines"]
    assert state["loader"] == "SourceFileLoader"  # spaCy's own loader, restored
    assert state["finders"] == 0  # the hook acts once, then leaves the import system


def test_spacy_cli_read_as_an_attribute_is_the_real_one() -> None:
    after = """
import spacy
state["cli_file"] = spacy.cli.__file__.endswith("cli/__init__.py")
state["download"] = callable(spacy.cli.download)
try:
    spacy.no_such_name
except AttributeError as error:
    state["error"] = str(error)
"""
    state = _state(_PROBE.format(before="import kg.nlp.pipeline", after=after))
    assert state["cli"] is False  # not until read
    assert state["cli_file"] is True and state["download"] is True
    assert state["error"] == "module 'spacy' has no attribute 'no_such_name'"


def test_spacy_imported_before_kg_is_left_as_it_is() -> None:
    state = _state(_PROBE.format(before="import spacy\nimport kg.nlp.pipeline", after=""))
    assert state == {"spacy": True, "cli": True, "requests": True}


def test_a_failed_spacy_import_leaves_no_stand_in_behind() -> None:
    import importlib.machinery
    import types

    import pytest

    from kg.nlp.spacy_import import _WithoutCli

    class Broken:
        def create_module(self, spec):
            return None

        def exec_module(self, module):
            assert sys.modules["spacy.cli.info"].info is not None  # the stand-in is in
            raise ImportError("broken spaCy")

    module = types.ModuleType("spacy_fake")
    module.__spec__ = importlib.machinery.ModuleSpec("spacy_fake", None)
    before = {name: sys.modules.get(name) for name in ("spacy.cli", "spacy.cli.info")}
    with pytest.raises(ImportError, match="broken spaCy"):
        _WithoutCli(Broken()).exec_module(module)  # type: ignore[arg-type]
    assert {name: sys.modules.get(name) for name in before} == before


def test_catalogue_finds_each_group_of_entry_points_as_the_environment_lists_them() -> None:
    after = """
import catalogue
from kg.nlp.spacy_import import _GroupedEntryPoints
table = catalogue.AVAILABLE_ENTRY_POINTS
state["grouped"] = isinstance(table, _GroupedEntryPoints)
original = table.found
groups = sorted({ep.group for ep in (
    [e for eps in dict.values(original) for e in eps] if isinstance(original, dict) else original
)})
state["groups"] = len(groups)
state["same"] = all(
    list(table.select(group=g)) == list(original.select(group=g)) for g in [*groups, "none-such"]
)
"""
    state = _state(_PROBE.format(before="import kg.nlp.pipeline", after=after))
    assert state["grouped"] is True
    assert state["groups"] > 0
    assert state["same"] is True


def test_grouped_entry_points_answer_as_the_table_they_index() -> None:
    from importlib.metadata import EntryPoint, EntryPoints

    from kg.nlp.spacy_import import _GroupedEntryPoints

    found = EntryPoints(
        [
            EntryPoint("b", "pkg.b:make", "spacy_factories"),
            EntryPoint("a", "pkg.a:make", "thinc_layers"),
            EntryPoint("c", "pkg.c:make", "spacy_factories"),
        ]
    )
    table = _GroupedEntryPoints(found)
    assert list(table.select(group="spacy_factories")) == list(
        found.select(group="spacy_factories")
    )
    assert [ep.name for ep in table.select(group="spacy_factories")] == ["b", "c"]
    assert list(table.select(group="none-such")) == []
    assert list(table.select(name="a")) == list(found.select(name="a"))  # any other query
    assert table.names == found.names  # and any other use: the table's own
