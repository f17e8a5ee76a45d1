"""Exports and ``serve`` streamed from segment files: byte-identical to the in-memory writers,
and never parsing the whole graph where the format allows it."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.build import build_corpus
from kg.errors import OckgError
from kg.graph.jsonld_stream import write_jsonld
from kg.graph.serialize import serialize
from kg.output_writers import ExportSources
from kg.report import write_outputs
from tests.corpora import make_corpus

NOTES = {
    "note_a.txt": "The Sinaloa Cartel traffics fentanyl from Culiacán to Tijuana.\n",
    "note_b.txt": "Los Choneros smuggle cocaine through Guayaquil \u2028 to Europe.\n",
}


@pytest.fixture(scope="module")
def union_nt(tmp_path_factory: pytest.TempPathFactory, peru_path: Path) -> Path:
    """The sorted union of a small corpus (Peru's profile and two notes), as graph.nt."""
    folder = tmp_path_factory.mktemp("streamed")
    result = build_corpus([make_corpus(folder / "corpus", peru_path, NOTES)], nlp=False)
    path = folder / "graph.nt"
    path.write_bytes(result.ntriples)
    result.spool.close()
    return path


def _streamed(union: Path, tmp_path: Path, size: int) -> bytes:
    handle = io.BytesIO()
    write_jsonld(union, handle, tmp_path, size)
    assert not list(tmp_path.glob("jsonld-*"))  # the sorted runs are removed
    return handle.getvalue()


@pytest.mark.parametrize("size", [1, 7, 50_000])
def test_jsonld_written_in_slices_equals_the_in_memory_writer(
    union_nt: Path, tmp_path: Path, size: int
) -> None:
    expected = serialize(Graph().parse(union_nt, format="nt"), "jsonld")
    assert b"Culiac\xc3\xa1n" in expected and b'"@graph": [' in expected
    assert _streamed(union_nt, tmp_path, size) == expected


def test_jsonld_of_one_subject_and_of_no_triples_equals_the_in_memory_writer(
    tmp_path: Path,
) -> None:
    one = tmp_path / "one.nt"
    one.write_bytes(
        b'<https://w3id.org/ockg/id/a> <http://www.w3.org/2000/01/rdf-schema#label> "a"@en .\n'
        b"<https://w3id.org/ockg/id/a> <https://w3id.org/ockg/def#operatesIn> "
        b"<https://w3id.org/ockg/id/b> .\n"
    )
    empty = tmp_path / "empty.nt"
    empty.write_bytes(b"")
    for path in (one, empty):
        expected = serialize(Graph().parse(path, format="nt"), "jsonld")
        assert _streamed(path, tmp_path, 1) == expected


def test_jsonld_refuses_a_graph_with_blank_nodes(tmp_path: Path) -> None:
    path = tmp_path / "blank.nt"
    path.write_bytes(b'<https://e.org/a> <https://e.org/p> _:b1 .\n_:b1 <https://e.org/p> "x" .\n')
    with pytest.raises(ValueError, match="blank nodes"):
        write_jsonld(path, io.BytesIO(), tmp_path)


def test_the_build_writes_jsonld_without_parsing_the_whole_graph(
    union_nt: Path, tmp_path: Path, peru_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def whole_graph(self: ExportSources) -> Graph:
        raise AssertionError("the JSON-LD export parsed the whole graph")

    monkeypatch.setattr(ExportSources, "graph", property(whole_graph))
    result = build_corpus([make_corpus(tmp_path / "corpus", peru_path, NOTES)], nlp=False)
    write_outputs(result, tmp_path / "out", ["jsonld"], report=b"{}", store=True)
    expected = serialize(Graph().parse(union_nt, format="nt"), "jsonld")
    assert (tmp_path / "out" / "graph.jsonld").read_bytes() == expected
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]


def test_serve_loads_each_of_several_stores_streamed_from_its_segments(tmp_path: Path) -> None:
    from kg.graph.store import sync_store
    from kg.serve import _location, oxigraph_binary

    try:
        binary = oxigraph_binary()
    except OckgError:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    vocabulary = '<https://e.org/v> <https://e.org/p> "vocabulary" .\n'
    stores = []
    for name in ("left", "right"):
        folder = tmp_path / name / "store"
        graph = f"https://w3id.org/ockg/id/graph/doc/{name}"
        sync_store(
            folder, vocabulary, [(graph, f'<https://e.org/{name}> <https://e.org/p> "{name}" .')]
        )
        stores.append(folder)
    served = tmp_path / "served"
    served.mkdir()
    location = _location(binary, served, stores)
    store = ox.Store.read_only(str(location))
    subjects = {quad.subject.value for quad in store.quads_for_pattern(None, None, None, None)}
    assert subjects == {"https://e.org/v", "https://e.org/left", "https://e.org/right"}


class _CountingStore:
    """An Oxigraph store that notes how many N-Triples bytes it was given between flushes."""

    def __init__(self, store: ox.Store, log: list[int]) -> None:
        self._store, self._log, self._given = store, log, 0

    def load(self, data: bytes, **options: object) -> None:
        self._given += len(data)
        self._store.load(data, **options)

    def flush(self) -> None:
        self._log.append(self._given)
        self._given = 0
        self._store.flush()

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)


def test_the_store_sync_flushes_as_it_loads_not_only_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.graph.store as store_module

    log: list[int] = []
    opened = ox.Store
    monkeypatch.setattr(ox, "Store", lambda path: _CountingStore(opened(path), log))
    monkeypatch.setattr(store_module, "FLUSH_BYTES", 4096)
    graphs = [
        (
            f"https://w3id.org/ockg/id/graph/doc/{n}",
            "".join(f'<https://e.org/s{n}-{k}> <https://e.org/p> "{k}" .\n' for k in range(60)),
        )
        for n in range(8)
    ]
    store_module.sync_store(tmp_path / "store", "", graphs)
    size = len(graphs[0][1].encode())  # a fresh store takes it twice: named graph and union
    assert len(log) >= len(graphs) * size // (4096 + size)  # flushed as it goes
    assert max(log) <= 2 * (4096 + size)  # never more than the limit and one graph unflushed
    store = opened.read_only(str(tmp_path / "store" / "oxigraph"))
    assert len(list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))) == 8 * 60


def _prefixed_line_by_line(raw: Path) -> bytes:
    """The former line-by-line copy of Oxigraph's output, as the reference."""
    from kg.graph.serialize import _NONCHARACTER_ESCAPE

    def raw_form(data: bytes) -> bytes:
        return _NONCHARACTER_ESCAPE.sub(lambda m: m[1] + chr(int(m[2], 16)).encode(), data)

    with open(raw, "rb") as source:
        lines = list(source)
    header = sorted(line for line in lines if line.startswith(b"@prefix"))
    body = b"".join(line for line in lines if not line.startswith(b"@prefix"))
    return b"".join(header) + b"\n" + raw_form(body)


@pytest.mark.parametrize("block", [1, 7, 64, 1 << 20])
@pytest.mark.parametrize(
    "text",
    [
        b'@prefix b: <https://b/> .\n@prefix a: <https://a/> .\n\na:x a:p "\\uFFFE \\\\uFFFF" .\n',
        b'@prefix a: <https://a/> .\na:x a:p "\\ufffe" ;\n  a:q "plain\\u00e9" .\n@prefix c: <c> .',
        b'<https://x> <https://p> "no prefixes, no escapes\r\x0c still one line" .\n',
        b"",
    ],
    ids=["escapes", "late-prefix-no-final-newline", "control-characters", "empty"],
)
def test_oxigraphs_output_is_copied_block_by_block_as_line_by_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int, text: bytes
) -> None:
    import kg.graph.streamed as streamed

    monkeypatch.setattr(streamed, "_BLOCK", block)
    raw = tmp_path / "raw.ttl"
    raw.write_bytes(text)
    handle = io.BytesIO()
    streamed._prefixed(raw, handle)
    assert handle.getvalue() == _prefixed_line_by_line(raw)
