"""The build folder's on-disk store: named graphs per document, incremental, read directly."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import OckgError
from kg.graph.load import graph_files, load_graph
from kg.graph.store import (
    StoreUpdate,
    find_store,
    open_store,
    store_graphs,
    store_ntriples,
    sync_store,
)
from kg.sparql.engine import run_query

TEXTS = Path(__file__).resolve().parent / "data" / "texts"
runner = CliRunner()
FORMATS = ("ttl", "nt", "trig", "nq", "jsonld")

A, B, C = (f"https://w3id.org/ockg/id/graph/doc/{x}" for x in "abc")
VOCAB = '<https://e.org/v> <https://e.org/p> "vocabulary" .\n'
SHARED = '<https://e.org/peru> <https://e.org/label> "Peru"@en .'
DECIMAL = "<http://www.w3.org/2001/XMLSchema#decimal>"
TEN = f'<https://e.org/obs> <https://e.org/score> "10.00"^^{DECIMAL} .'


def _triple(n: int) -> str:
    return f'<https://e.org/s{n}> <https://e.org/p> "line {n}\\twith a tab" .'


def _count(store: ox.Store, where: str = "?s ?p ?o") -> int:
    (row,) = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    return int(row["n"].value)


def _graphs(folder: Path) -> dict[str, int]:
    store = ox.Store.read_only(str(folder / "oxigraph"))
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"].value: int(row["n"].value) for row in rows}


# --- sync, graph by graph -----------------------------------------------------------------------


def test_sync_adds_replaces_drops_and_keeps_graphs(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    first = sync_store(folder, VOCAB, [(A, f"{_triple(1)}\n{SHARED}\n"), (B, f"{SHARED}\n{TEN}\n")])
    assert first == StoreUpdate(added=3, replaced=0, dropped=0, kept=0)  # the default graph too
    assert _graphs(folder) == {A: 2, B: 2}
    digest_a = json.loads((folder / "manifest.json").read_text())[A]
    second = sync_store(folder, VOCAB, [(A, f"{_triple(1)}\n{SHARED}\n"), (C, _triple(3))])
    assert second == StoreUpdate(added=1, replaced=0, dropped=1, kept=2)
    assert _graphs(folder) == {A: 2, C: 1}
    assert json.loads((folder / "manifest.json").read_text())[A] == digest_a
    third = sync_store(folder, VOCAB, [(A, _triple(2)), (C, _triple(3))])
    assert third == StoreUpdate(added=0, replaced=1, dropped=0, kept=2)
    assert _graphs(folder) == {A: 1, C: 1}
    assert not (folder / "syncing").exists()


def test_default_graph_is_the_union_with_each_triple_once(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    sync_store(folder, VOCAB, [(A, f"{_triple(1)}\n{SHARED}"), (B, f"{SHARED}\n{TEN}")])
    store = open_store(folder)
    assert _count(store) == 4  # vocabulary, line 1, Peru (in two graphs), the score
    del store
    sync_store(folder, VOCAB, [(B, f"{SHARED}\n{TEN}")])  # A leaves; Peru stays through B
    store = open_store(folder)
    assert _count(store) == 3
    assert _count(store, '?s ?p "Peru"@en') == 1
    assert _count(store, '?s ?p "line 1\\twith a tab"') == 0


def test_exports_keep_lexical_forms_the_database_canonicalises(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    sync_store(folder, VOCAB, [(A, TEN)])
    assert TEN.encode() in store_ntriples(folder)  # "10.00", as written
    (row,) = open_store(folder).query("SELECT ?o WHERE { ?s <https://e.org/score> ?o }")
    assert row["o"].value != "10.00"  # Oxigraph keeps the number, not its spelling
    assert store_ntriples(folder) == (TEN + "\n" + VOCAB).encode()  # sorted


def test_an_interrupted_sync_is_redone_from_scratch(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "store"
    sync_store(folder, VOCAB, [(A, _triple(1)), (B, _triple(2))])
    calls = {"n": 0}
    from kg.graph import serialize

    original = serialize.atomic_write

    def failing(path: Path, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        original(path, data)

    monkeypatch.setattr(serialize, "atomic_write", failing)
    with pytest.raises(OSError, match="disk full"):
        sync_store(folder, VOCAB, [(A, _triple(5)), (B, _triple(6)), (C, _triple(7))])
    monkeypatch.setattr(serialize, "atomic_write", original)
    assert (folder / "syncing").exists()
    # the next sync, back to the first state, must not trust what the broken one left
    sync_store(folder, VOCAB, [(A, _triple(1)), (B, _triple(2))])
    assert _graphs(folder) == {A: 1, B: 1}
    expected = sorted([VOCAB, *(f"{_triple(n)}\n" for n in (1, 2))])
    assert store_ntriples(folder) == "".join(expected).encode()
    assert _count(open_store(folder)) == 3


def test_a_store_missing_a_segment_or_its_database_is_rebuilt(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    sync_store(folder, VOCAB, [(A, _triple(1)), (B, _triple(2))])
    next((folder / "graphs").glob("[0-9a-f]*.nt")).unlink()
    with pytest.raises(OckgError, match="E201"):
        store_graphs(folder)
    sync_store(folder, VOCAB, [(A, _triple(1)), (B, _triple(2))])
    assert len(store_graphs(folder)) == 3
    shutil.rmtree(folder / "oxigraph")
    sync_store(folder, VOCAB, [(A, _triple(1)), (B, _triple(2))])
    assert _graphs(folder) == {A: 1, B: 1}


# --- builds through the store -------------------------------------------------------------------


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Two texts built with the store (the default) and without; then one text edited and
    the other removed, rebuilt into the store folder."""
    root = tmp_path_factory.mktemp("store-builds")
    inputs = root / "in"
    inputs.mkdir()
    for name in ("ecuador.txt", "ecuador.meta.yaml", "mexico.txt", "mexico.meta.yaml"):
        shutil.copy(TEXTS / name, inputs / name)
    formats = [arg for fmt in FORMATS for arg in ("-f", fmt)]
    for out, extra in ((root / "store", []), (root / "plain", ["--no-store"])):
        result = runner.invoke(app, ["build", str(inputs), "-o", str(out), *formats, "-q", *extra])
        assert result.exit_code == 0, result.output
    return inputs, root / "store", root / "plain"


def _outputs(folder: Path) -> dict[str, bytes]:
    return {fmt: (folder / f"graph.{fmt}").read_bytes() for fmt in FORMATS}


def test_outputs_through_the_store_are_byte_identical(builds) -> None:
    _, stored, plain = builds
    assert find_store(stored) == stored / "store" and find_store(plain) is None
    assert _outputs(stored) == _outputs(plain)
    lines = (stored / "graph.nt").read_bytes().count(b"\n")
    assert _count(open_store(stored / "store")) == lines  # each triple once


def test_an_incremental_rebuild_equals_a_fresh_build(builds, tmp_path: Path) -> None:
    inputs, stored, _ = builds
    edited = tmp_path / "in"
    shutil.copytree(inputs, edited)
    text = (edited / "ecuador.txt").read_text(encoding="utf-8")
    (edited / "ecuador.txt").write_text(text.replace("Los Tiguerones", "Los Tigres Nuevos"))
    for name in ("mexico.txt", "mexico.meta.yaml"):
        (edited / name).unlink()
    again = tmp_path / "again"
    shutil.copytree(stored, again)
    formats = [arg for fmt in FORMATS for arg in ("-f", fmt)]
    assert (
        runner.invoke(app, ["build", str(edited), "-o", str(again), *formats, "-q"]).exit_code == 0
    )
    fresh = tmp_path / "fresh"
    assert (
        runner.invoke(app, ["build", str(edited), "-o", str(fresh), *formats, "-q"]).exit_code == 0
    )
    assert _outputs(again) == _outputs(fresh)
    assert list(_graphs(again / "store")) == list(_graphs(fresh / "store"))
    store = open_store(again / "store")
    assert _count(store, '?s ?p "Los Tiguerones"@en') == 0
    assert _count(store, '?s ?p "Los Tigres Nuevos"@en') == 1
    assert _count(store) == (again / "graph.nt").read_bytes().count(b"\n")


def test_a_build_without_the_store_removes_an_earlier_one(builds, tmp_path: Path) -> None:
    inputs, stored, _ = builds
    folder = tmp_path / "out"
    shutil.copytree(stored, folder)
    formats = [arg for fmt in FORMATS for arg in ("-f", fmt)]
    args = ["build", str(inputs / "ecuador.txt"), "-o", str(folder), *formats, "--no-store"]
    assert runner.invoke(app, [*args, "-q"]).exit_code == 0
    assert find_store(folder) is None and not (folder / "store").exists()
    exports = [folder / f"graph.{f}" for f in ("jsonld", "nt", "ttl")]
    assert graph_files(folder) == exports  # the new exports are what is read
    only = "SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/ockg/def#Document> }"
    assert run_query(folder, only).rows == (("1",),)


def test_query_and_validate_read_the_store_without_the_exports(builds, tmp_path: Path) -> None:
    _, stored, plain = builds
    bare = tmp_path / "bare"
    shutil.copytree(stored, bare)
    for path in bare.glob("graph.*"):
        path.unlink()
    assert graph_files(bare) == [bare / "store"]
    query = (
        "SELECT ?l WHERE { ?a a <https://w3id.org/ockg/def#CriminalGroup> ;"
        " <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"
    )
    for engine in ("oxigraph", "rdflib"):
        assert run_query(bare, query, engine=engine) == run_query(plain, query, engine=engine)
    assert len(load_graph(bare)) == (plain / "graph.nt").read_bytes().count(b"\n")
    result = runner.invoke(app, ["validate", str(bare)])
    assert result.exit_code == 0, result.output
    # a graph file of another origin in the folder (import-index output) is read beside it
    (bare / "index.ttl").write_text("<https://e.org/x> <https://e.org/y> 'z' .\n")
    assert graph_files(bare) == [bare / "store", bare / "index.ttl"]
    both = run_query(bare, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(both.rows[0][0]) == len(load_graph(plain)) + 1


SERVE = "import sys; from kg.serve import serve; serve(sys.argv[1], port=int(sys.argv[2]))"


def test_serve_reads_the_store_directly(builds, tmp_path: Path) -> None:
    from kg.serve import oxigraph_binary

    try:
        oxigraph_binary()
    except OckgError:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    _, stored, _ = builds
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(stored), str(port)],
        env={**os.environ, "TMPDIR": str(temp)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        query = b"SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/query",
            data=query,
            headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
        )
        deadline, answer = time.monotonic() + 60, None
        while answer is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    answer = response.read().decode()
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        assert answer is not None, "the server did not answer"
        assert int(answer.split()[-1]) == (stored / "graph.nt").read_bytes().count(b"\n")
        (link,) = temp.glob("ockg-serve-*/store")  # the build's database, linked, not loaded
        assert link.is_symlink() and link.resolve() == (stored / "store" / "oxigraph").resolve()
        assert not list(temp.rglob("*.nt"))
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert (stored / "store" / "oxigraph").is_dir(), "stopping the server keeps the store"
    assert not list(temp.iterdir()), "the temporary folder is removed"
