"""Output formats are one registry (``ontology/output_formats.yaml``): the file each writes, its
writer function, its help text (``ockg build --help`` is made from it) and an optional check.

A format added to a copy of the registry (one entry and its function) is listed in the help
and written by ``ockg build``; an unknown format, or one whose check fails, stops the build
before any work.
"""

from __future__ import annotations

import gzip
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import kg.resources
from kg.cli import app
from kg.graph.ftm import FTM_FILE
from kg.output_formats import formats_help, output_format, output_formats
from kg.resources import named_function, ontology_dir

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

EXTRA_FORMATS = '''
import gzip

from kg.errors import Code, OckgError


def gzipped_ntriples(sources):
    """The sorted N-Triples, gzipped (no timestamp, so the bytes are stable)."""
    return gzip.compress(sources.union.path.read_bytes(), mtime=0)


def never_here():
    raise OckgError(Code.E220, "--format parquet needs pyarrow: pip install pyarrow")
'''


@pytest.fixture
def registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[dict], None]]:
    """Point ockg at a copy of the ontology whose formats the test extends; the writers of the
    new entries live in a module of the test's own."""
    folder = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), folder)
    (tmp_path / "extra_formats.py").write_text(EXTRA_FORMATS, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    original = yaml.safe_load((folder / "output_formats.yaml").read_text(encoding="utf-8"))

    def use(changes: dict) -> None:
        text = yaml.safe_dump({"formats": {**original["formats"], **changes}}, sort_keys=False)
        (folder / "output_formats.yaml").write_text(text, encoding="utf-8")
        monkeypatch.setattr(kg.resources, "ontology_dir", lambda: folder)
        output_formats.cache_clear()

    yield use
    output_formats.cache_clear()


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_build_help_lists_every_registered_format_with_its_help() -> None:
    rdf = ["ttl", "nt", "jsonld", "trig", "nq"]
    assert list(output_formats()) == [*rdf, "graphml", "gexf", "nodelink", "neo4j", "ftm"]
    result = CliRunner().invoke(app, ["build", "--help"], terminal_width=200)
    assert result.exit_code == 0
    shown = _flat(result.output)
    for fmt in output_formats().values():
        assert f"{fmt.name}: {fmt.help}" in shown
        named_function(fmt.writer)  # every writer resolves
    assert output_format("ftm").file == FTM_FILE and output_format("neo4j").folder


def test_an_unknown_format_stops_the_build_before_any_work(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["build", str(CORPUS / "peru_2025.txt"), "--out", str(out), "-f", "rdfxml"]
    )
    assert result.exit_code == 1
    assert "unknown format 'rdfxml'; use ttl, nt, jsonld" in result.output
    assert not out.exists()


def test_a_format_added_to_the_registry_is_listed_and_written(registry, tmp_path: Path) -> None:
    registry(
        {
            "ntgz": {
                "file": "graph.nt.gz",
                "writer": "extra_formats:gzipped_ntriples",
                "help": "gzipped N-Triples",
            }
        }
    )
    assert "ntgz: gzipped N-Triples" in formats_help()
    out = tmp_path / "out"
    args = ["build", str(CORPUS / "peru_2025.txt"), "--out", str(out), "--no-nlp", "-q"]
    result = CliRunner().invoke(app, [*args, "-f", "nt", "-f", "ntgz", "-f", "neo4j"])
    assert result.exit_code == 0, result.output
    assert gzip.decompress((out / "graph.nt.gz").read_bytes()) == (out / "graph.nt").read_bytes()
    assert {p.name for p in (out / "neo4j").iterdir()} == {"nodes.csv", "relationships.csv"}


def test_a_format_whose_check_fails_stops_the_build_before_any_work(
    registry, tmp_path: Path
) -> None:
    registry(
        {
            "parquet": {
                "file": "graph.parquet",
                "writer": "extra_formats:gzipped_ntriples",
                "help": "Parquet",
                "check": "extra_formats:never_here",
            }
        }
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["build", str(CORPUS / "peru_2025.txt"), "--out", str(out), "-f", "parquet"]
    )
    assert result.exit_code == 1
    assert "E220" in result.output and "pyarrow" in result.output
    assert not (out / "graph.ttl").exists()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"file": "report.json", "writer": "a:b", "help": "x"}, "as the build report does"),
        ({"file": "graph.ttl", "writer": "a:b", "help": "x"}, "as format ttl does"),
        ({"file": "../escape", "writer": "a:b", "help": "x"}, "file '../escape' is malformed"),
        ({"file": "x.csv", "writer": "no colon", "help": "x"}, "writer 'no colon' is malformed"),
        ({"file": "x.csv", "writer": "a:b", "help": ""}, "help must be a non-empty text"),
        ({"file": "x.csv", "writer": "a:b", "help": "x", "colour": 1}, "unknown field 'colour'"),
    ],
)
def test_a_malformed_format_entry_is_refused(registry, entry: dict, message: str) -> None:
    registry({"extra": entry})
    with pytest.raises(ValueError, match=re.escape(message)):
        output_formats()
