"""Input readers are one registry by suffix (``ontology/input_readers.yaml``).

A folder's documents are the files a reader takes; a file given by name that none takes is a
coded error naming it (E009), before any work; a reader added to a copy of the registry (one
entry and its function) reads its files in folders and by name.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import kg.resources
from kg.cli import app
from kg.errors import Code, OckgError
from kg.read import collect_inputs, input_readers, read_document, reader_for
from kg.resources import ontology_dir

HTML_READER = '''
import re

from kg.read import decode_text


def read_html(data, path):
    """The text of a small HTML page: tags dropped."""
    return re.sub(r"<[^>]+>", "", decode_text(data, path)).strip()
'''


@pytest.fixture
def registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[dict], None]]:
    """Point ockg at a copy of the ontology whose readers the test rewrites."""
    folder = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), folder)
    original = yaml.safe_load((folder / "input_readers.yaml").read_text(encoding="utf-8"))

    def use(changes: dict) -> None:
        readers = {**original["readers"], **changes}
        text = yaml.safe_dump({"readers": readers}, sort_keys=False)
        (folder / "input_readers.yaml").write_text(text, encoding="utf-8")
        monkeypatch.setattr(kg.resources, "ontology_dir", lambda: folder)
        input_readers.cache_clear()

    yield use
    input_readers.cache_clear()


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("a.txt", "b.md", "c.TEXT", "d.pdf", "e.html", "README.md", ".hidden.txt"):
        (folder / name).write_text(f"Text of {name}.", encoding="utf-8")
    return folder


def test_a_folder_holds_the_files_a_registered_reader_takes(tmp_path: Path) -> None:
    assert list(input_readers()) == [".txt", ".md", ".text"]
    assert {r.reader for r in input_readers().values()} == {"kg.read:decode_text"}
    names = [p.name for p in collect_inputs([_folder(tmp_path)])]
    assert names == ["a.txt", "b.md", "c.TEXT"]
    assert read_document(tmp_path / "docs" / "c.TEXT").text == "Text of c.TEXT."


@pytest.mark.parametrize("name", ["report.pdf", "page.html", "notes"])
def test_a_file_no_reader_takes_is_a_coded_error_naming_it(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.7 or anything else")
    for call in (lambda: collect_inputs([path]), lambda: read_document(path)):
        with pytest.raises(OckgError) as caught:
            call()
        assert caught.value.code is Code.E009
        assert caught.value.path == str(path)
        assert ".txt, .md or .text" in str(caught.value)
    with pytest.raises(OckgError, match="no suffix"):
        reader_for(tmp_path / "notes")


def test_ockg_build_refuses_a_file_no_reader_takes_before_any_work(tmp_path: Path) -> None:
    path, out = tmp_path / "report.pdf", tmp_path / "out"
    path.write_bytes(b"%PDF-1.7")
    result = CliRunner().invoke(app, ["build", str(path), "--out", str(out), "--no-nlp"])
    assert result.exit_code == 1
    assert "E009 no reader for this kind of file" in result.output
    assert str(path) in result.output
    assert not (out / "graph.ttl").exists()


def test_a_reader_added_to_the_registry_reads_its_files(
    registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "html_reader.py").write_text(HTML_READER, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry({".html": {"reader": "html_reader:read_html", "help": "HTML, tags dropped"}})
    folder = _folder(tmp_path)
    (folder / "e.html").write_text("<p>Los Lobos <b>extort</b> miners.</p>", encoding="utf-8")
    assert [p.name for p in collect_inputs([folder])] == ["a.txt", "b.md", "c.TEXT", "e.html"]
    document = read_document(folder / "e.html")
    assert document.text == "Los Lobos extort miners."
    with pytest.raises(OckgError, match=r"\.txt, \.md, \.text or \.html"):
        reader_for(folder / "d.pdf")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({".pdf": {"reader": "no_such_module:read", "help": "PDF"}}, "names no function"),
        ({".pdf": {"reader": "kg.read:no_such_function", "help": "PDF"}}, "names no function"),
        ({".pdf": {"reader": "kg.read decode_text", "help": "PDF"}}, "reader '.pdf'"),
        ({"pdf": {"reader": "kg.read:decode_text", "help": "PDF"}}, "reader 'pdf'"),
    ],
)
def test_a_malformed_reader_entry_is_refused(
    registry, tmp_path: Path, entry: dict, message: str
) -> None:
    registry(entry)
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(ValueError, match=message):
        read_document(path)
