"""The store filled while a build extracts (``StoreFill``): the same store as a sync at the end.

A fresh store is loaded graph by graph as the build spools each document, and the sync then
only checks what was loaded; whatever the fill could not do right (a graph that changed after
it was loaded, an existing store, a failure) the sync does itself, as without a fill.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.graph.segments import segment_bytes
from kg.graph.store import DEFAULT_GRAPH, StoreFill, StoreUpdate, sync_store_segments

A, B, C = (f"https://w3id.org/ockg/id/graph/doc/{x}" for x in "abc")
VOCAB = '<https://e.org/v> <https://e.org/p> "vocabulary" .\n'
SHARED = '<https://e.org/peru> <https://e.org/label> "Peru"@en .\n'
DECIMAL = "<http://www.w3.org/2001/XMLSchema#decimal>"
SCORE = f'<https://e.org/obs> <https://e.org/score> "10.00"^^{DECIMAL} .\n'
TEXTS = Path(__file__).resolve().parent / "data" / "texts"


def _triple(n: int) -> str:
    return f'<https://e.org/s{n}> <https://e.org/p> "line {n}" .\n'


def _segment(folder: Path, name: str, *lines: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.nt"
    path.write_bytes(segment_bytes(["".join(lines)]))
    return path


def _state(folder: Path) -> tuple[set[str], dict[str, str], dict[str, bytes]]:
    """Every quad of the database, the manifest and the segment files of a store."""
    store = ox.Store.read_only(str(folder / "oxigraph"))
    quads = {str(quad) for quad in store}
    del store
    manifest = json.loads((folder / "manifest.json").read_text())
    segments = {p.name: p.read_bytes() for p in sorted((folder / "graphs").iterdir())}
    return quads, manifest, segments


@pytest.fixture
def parts(tmp_path: Path) -> dict[str, Path]:
    spool = tmp_path / "spool"
    return {
        "vocab": _segment(spool, "vocab", VOCAB),
        "a": _segment(spool, "a", _triple(1), SHARED),
        "a-scores": _segment(spool, "a-scores", SCORE),
        "b": _segment(spool, "b", SHARED, _triple(2)),
        "c": _segment(spool, "c", _triple(3)),
    }


def test_a_filled_store_is_the_store_a_sync_at_the_end_makes(tmp_path: Path, parts) -> None:
    graphs = [
        (DEFAULT_GRAPH, [parts["vocab"]]),
        (A, [parts["a"], parts["a-scores"]]),
        (B, [parts["b"]]),
    ]
    plain = sync_store_segments(tmp_path / "plain", graphs)
    fill = StoreFill(tmp_path / "filled")
    fill.add(B, [parts["b"]])  # in the order the documents finish, not the graphs' order
    fill.add(A, [parts["a"], parts["a-scores"]])
    filled = sync_store_segments(tmp_path / "filled", graphs, fill=fill)
    assert fill.loaded == [B, A]
    assert filled == plain == StoreUpdate(added=3)
    assert _state(tmp_path / "filled") == _state(tmp_path / "plain")
    quads, _, _ = _state(tmp_path / "filled")
    assert (
        sum('"Peru"@en' in q and q.endswith('<https://e.org/label> "Peru"@en') for q in quads) == 1
    )
    assert not (tmp_path / "filled" / "syncing").exists()


def test_a_graph_that_changed_after_it_was_filled_is_stored_as_it_ends(
    tmp_path: Path, parts
) -> None:
    # A's scores were loaded, then left out (another profile of that country and edition
    # already adds them, W110): neither A's graph nor the union may keep them.
    graphs = [(DEFAULT_GRAPH, [parts["vocab"]]), (A, [parts["a"]]), (B, [parts["b"]])]
    sync_store_segments(tmp_path / "plain", graphs)
    fill = StoreFill(tmp_path / "filled")
    fill.add(A, [parts["a"], parts["a-scores"]])
    fill.add(B, [parts["b"]])
    assert sync_store_segments(tmp_path / "filled", graphs, fill=fill) == StoreUpdate(added=3)
    assert _state(tmp_path / "filled") == _state(tmp_path / "plain")
    assert not any("10.00" in q or "score" in q for q in _state(tmp_path / "filled")[0])


def test_an_existing_store_is_left_to_the_incremental_sync(tmp_path: Path, parts) -> None:
    first = [(DEFAULT_GRAPH, [parts["vocab"]]), (A, [parts["a"]]), (B, [parts["b"]])]
    second = [(DEFAULT_GRAPH, [parts["vocab"]]), (A, [parts["a"]]), (C, [parts["c"]])]
    for name in ("plain", "filled"):
        sync_store_segments(tmp_path / name, first)
    plain = sync_store_segments(tmp_path / "plain", second)
    fill = StoreFill(tmp_path / "filled")
    fill.add(A, [parts["a"]])
    fill.add(C, [parts["c"]])
    filled = sync_store_segments(tmp_path / "filled", second, fill=fill)
    assert fill.loaded == []  # nothing loaded early: A is kept, B dropped, C added
    assert filled == plain == StoreUpdate(added=1, dropped=1, kept=2)
    assert _state(tmp_path / "filled") == _state(tmp_path / "plain")


def test_a_fill_that_fails_leaves_the_whole_load_to_the_sync(tmp_path: Path, parts) -> None:
    graphs = [(DEFAULT_GRAPH, [parts["vocab"]]), (A, [parts["a"]]), (B, [parts["b"]])]
    sync_store_segments(tmp_path / "plain", graphs)
    fill = StoreFill(tmp_path / "filled")
    fill.add(A, [parts["a"]])
    fill.add(B, [tmp_path / "spool" / "gone.nt"])  # unreadable: the fill stops
    fill.add(C, [parts["c"]])  # still accepted, never loaded
    assert sync_store_segments(tmp_path / "filled", graphs, fill=fill) == StoreUpdate(added=3)
    assert _state(tmp_path / "filled") == _state(tmp_path / "plain")


def test_a_build_fills_its_store_while_it_extracts(tmp_path: Path) -> None:
    from kg.build import build_corpus
    from kg.report import build_report_json, write_outputs

    out = tmp_path / "out"
    result = build_corpus([TEXTS], nlp=False, scratch=out, store=out / "store")
    assert result.fill is not None
    result.fill.close_input()  # every document handed over: wait for the loading to end
    assert sorted(result.fill.loaded) == sorted(iri for iri, _ in result.spool.graphs())
    assert len(result.fill.loaded) == len(result.reports) > 1
    write_outputs(result, out, ["ttl"], report=lambda: build_report_json(result), store=True)
    plain_out = tmp_path / "plain"
    plain = build_corpus([TEXTS], nlp=False, scratch=plain_out)
    assert plain.fill is None
    write_outputs(plain, plain_out, ["ttl"], report=lambda: build_report_json(plain), store=True)
    assert _state(out / "store") == _state(plain_out / "store")
    assert (out / "graph.ttl").read_bytes() == (plain_out / "graph.ttl").read_bytes()


def test_a_failed_build_leaves_no_store_it_began(tmp_path: Path, monkeypatch) -> None:
    import kg.executors
    from kg.build import build_corpus
    from kg.errors import Code, OckgError

    original = kg.executors.extract
    calls = {"n": 0}

    def failing(task):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OckgError(Code.E008, path=str(task[0].path))
        return original(task)

    monkeypatch.setattr(kg.executors, "extract", failing)
    out = tmp_path / "out"
    with pytest.raises(OckgError):
        build_corpus([TEXTS], nlp=False, scratch=out, store=out / "store")
    assert calls["n"] == 2
    assert not out.exists()  # neither the spool nor the store it began


def test_the_sync_neither_reads_nor_rewrites_the_graphs_the_fill_staged(
    tmp_path: Path, parts
) -> None:
    graphs = [(DEFAULT_GRAPH, [parts["vocab"]]), (A, [parts["a"]]), (B, [parts["b"]])]
    sync_store_segments(tmp_path / "plain", graphs)
    fill = StoreFill(tmp_path / "filled")
    fill.add(A, [parts["a"]])
    fill.add(B, [parts["b"]])
    fill.close_input()
    staged = sorted(p.name for p in (tmp_path / "filled" / "graphs.new").iterdir())
    assert len(staged) == 2  # each graph's segment, written as it was loaded
    saved = {name: parts[name].read_bytes() for name in ("a", "b")}
    for name in ("a", "b"):
        parts[name].unlink()  # the sync must not need them any more
    assert sync_store_segments(tmp_path / "filled", graphs, fill=fill) == StoreUpdate(added=3)
    for name, data in saved.items():
        parts[name].write_bytes(data)
    assert _state(tmp_path / "filled") == _state(tmp_path / "plain")
    assert not (tmp_path / "filled" / "graphs.new").exists()


@pytest.mark.parametrize("limit", [0, 1, 2])
def test_a_fill_loads_its_limit_and_leaves_the_rest_to_the_sync(
    tmp_path: Path, parts, limit: int
) -> None:
    graphs = [
        (DEFAULT_GRAPH, [parts["vocab"]]),
        (A, [parts["a"], parts["a-scores"]]),
        (B, [parts["b"]]),
        (C, [parts["c"]]),
    ]
    sync_store_segments(tmp_path / "plain", graphs)
    fill = StoreFill(tmp_path / "filled", limit=limit)
    for iri, graph_parts in graphs[1:]:
        fill.add(iri, graph_parts)
    fill.close_input()
    assert fill.loaded == [A, B, C][:limit]  # the first graphs only, however many follow
    staged = list((tmp_path / "filled" / "graphs.new").iterdir())
    assert len(staged) == limit
    assert sync_store_segments(tmp_path / "filled", graphs, fill=fill) == StoreUpdate(added=4)
    assert _state(tmp_path / "filled") == _state(tmp_path / "plain")
    assert not (tmp_path / "filled" / "syncing").exists()


def test_a_build_past_the_fill_limit_gives_the_store_and_graph_of_one_filled_whole(
    tmp_path: Path, monkeypatch
) -> None:
    import kg.graph.store
    from kg.build import build_corpus
    from kg.report import build_report_json, write_outputs

    fills = {}
    for name, limit in (("limited", 1), ("whole", 10_000)):
        monkeypatch.setattr(kg.graph.store, "FILL_DOCUMENTS", limit)
        out = tmp_path / name
        result = build_corpus([TEXTS], nlp=False, scratch=out, store=out / "store")
        report = lambda result=result: build_report_json(result)  # noqa: E731
        write_outputs(result, out, ["ttl"], report=report, store=True)
        fills[name] = result.fill
        documents = len(result.reports)
    assert len(fills["limited"].loaded) == 1  # the limit respected: the sync loaded the rest
    assert len(fills["whole"].loaded) == documents > 1
    assert _state(tmp_path / "limited" / "store") == _state(tmp_path / "whole" / "store")
    limited, whole = (tmp_path / n / "graph.ttl" for n in ("limited", "whole"))
    assert limited.read_bytes() == whole.read_bytes()


def test_only_the_graph_that_changed_after_the_fill_is_loaded_again(tmp_path: Path, parts) -> None:
    # A loaded with its scores, then left without them (W110); C holds the same scores, so
    # the union keeps them; B and C are unchanged and must not be read or loaded again.
    c_scores = _segment(tmp_path / "spool", "c-scores", _triple(3), SCORE)
    graphs = [
        (DEFAULT_GRAPH, [parts["vocab"]]),
        (A, [parts["a"]]),
        (B, [parts["b"]]),
        (C, [c_scores]),
    ]
    sync_store_segments(tmp_path / "plain", graphs)
    fill = StoreFill(tmp_path / "filled")
    fill.add(A, [parts["a"], parts["a-scores"]])
    fill.add(B, [parts["b"]])
    fill.add(C, [c_scores])
    fill.close_input()
    parts["a-scores"].unlink()  # as the spool drops a second profile's scores
    saved = {path: path.read_bytes() for path in (parts["b"], c_scores)}
    for path in saved:
        path.unlink()  # the sync must not need the unchanged graphs' parts
    assert sync_store_segments(tmp_path / "filled", graphs, fill=fill) == StoreUpdate(added=4)
    for path, data in saved.items():
        path.write_bytes(data)
    a_segment = segment_bytes([_triple(1) + SHARED])
    assert list(fill.reloaded) == [A]
    assert fill.reloaded[A] == hashlib.sha256(a_segment).hexdigest()
    assert _state(tmp_path / "filled") == _state(tmp_path / "plain")
    quads, _, _ = _state(tmp_path / "filled")
    scored = sum("<https://e.org/score>" in q for q in quads)
    assert scored == 2  # in C's graph and in the union, not in A's


def test_a_graph_whose_new_content_adds_triples_is_reloaded_with_them(
    tmp_path: Path, parts
) -> None:
    # the same graph filled twice (two documents of one text), then ending as both parts
    graphs = [(DEFAULT_GRAPH, [parts["vocab"]]), (A, [parts["a"], parts["a-scores"]])]
    sync_store_segments(tmp_path / "plain", graphs)
    fill = StoreFill(tmp_path / "filled")
    fill.add(A, [parts["a"]])
    fill.add(B, [parts["b"]])  # loaded, then gone from the build's graphs
    assert sync_store_segments(tmp_path / "filled", graphs, fill=fill) == StoreUpdate(added=2)
    assert sorted(fill.reloaded) == [A]
    assert _state(tmp_path / "filled") == _state(tmp_path / "plain")
    assert not any(_triple(2).split()[0] in q for q in _state(tmp_path / "filled")[0])


def test_a_build_with_a_duplicate_profile_reloads_that_graph_alone(
    tmp_path: Path, peru_path: Path, monkeypatch
) -> None:
    import kg.graph.store
    from kg.build import build_corpus
    from kg.graph.iris import graph_iri
    from kg.report import build_report_json, write_outputs

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    text = peru_path.read_text(encoding="utf-8")
    (inputs / "peru.txt").write_text(text, encoding="utf-8")
    (inputs / "peru_again.txt").write_text(text + "\nA closing note.\n", encoding="utf-8")
    for name in ("ecuador", "mexico"):
        (inputs / f"{name}.txt").write_bytes((TEXTS / f"{name}.txt").read_bytes())
        (inputs / f"{name}.meta.yaml").write_bytes((TEXTS / f"{name}.meta.yaml").read_bytes())
    meta = peru_path.with_name(peru_path.stem + ".meta.yaml")
    for name in ("peru", "peru_again"):
        (inputs / f"{name}.meta.yaml").write_bytes(meta.read_bytes())
    builds = {}
    for name, limit in (("filled", 10_000), ("fresh", 0)):  # fresh: every graph loaded at the end
        monkeypatch.setattr(kg.graph.store, "FILL_DOCUMENTS", limit)
        out = tmp_path / name
        result = build_corpus([inputs], nlp=False, scratch=out, store=out / "store")
        report = lambda result=result: build_report_json(result)  # noqa: E731
        write_outputs(result, out, ["ttl"], report=report, store=True)
        builds[name] = result
    filled = builds["filled"]
    (duplicate,) = [r for r in filled.reports if any(d.code == "W110" for d in r.diagnostics)]
    assert len(filled.fill.loaded) == len(filled.reports) == 4
    assert list(filled.fill.reloaded) == [str(graph_iri(duplicate.sha256))]  # the others kept
    assert builds["fresh"].fill.reloaded == {}
    assert _state(tmp_path / "filled" / "store") == _state(tmp_path / "fresh" / "store")
    ttl = [(tmp_path / name / "graph.ttl").read_bytes() for name in ("filled", "fresh")]
    assert ttl[0] == ttl[1]


def test_a_graph_filled_twice_is_compared_and_cleaned_as_everything_loaded_into_it(
    tmp_path: Path, parts
) -> None:
    # two documents of one text share a graph: the first's scores loaded, then dropped (W110)
    graphs = [(DEFAULT_GRAPH, [parts["vocab"]]), (A, [parts["a"]])]
    sync_store_segments(tmp_path / "plain", graphs)
    fill = StoreFill(tmp_path / "filled")
    fill.add(A, [parts["a-scores"]])
    fill.add(A, [parts["a"]])
    assert sync_store_segments(tmp_path / "filled", graphs, fill=fill) == StoreUpdate(added=2)
    assert list(fill.reloaded) == [A]
    assert _state(tmp_path / "filled") == _state(tmp_path / "plain")
    assert not any("<https://e.org/score>" in q for q in _state(tmp_path / "filled")[0])


@pytest.mark.parametrize("batch", [1, 2, 3, 10])
def test_graphs_loaded_a_batch_at_a_time_make_the_store_a_sync_makes(
    tmp_path: Path, parts, batch: int
) -> None:
    graphs = [
        (DEFAULT_GRAPH, [parts["vocab"]]),
        (A, [parts["a"], parts["a-scores"]]),
        (B, [parts["b"]]),
        (C, [parts["c"]]),
    ]
    sync_store_segments(tmp_path / "plain", graphs)
    fill = StoreFill(tmp_path / "filled", batch=batch)
    for iri, graph_parts in reversed(graphs[1:]):
        fill.add(iri, graph_parts)
    fill.end_input()  # the last batch, however full, is loaded when the input ends
    assert sync_store_segments(tmp_path / "filled", graphs, fill=fill) == StoreUpdate(added=4)
    assert fill.loaded == [C, B, A]
    assert fill.reloaded == {}
    assert _state(tmp_path / "filled") == _state(tmp_path / "plain")


def test_a_batch_holding_one_graph_twice_loads_both_its_documents(tmp_path: Path, parts) -> None:
    graphs = [(DEFAULT_GRAPH, [parts["vocab"]]), (A, [parts["a"], parts["a-scores"]])]
    sync_store_segments(tmp_path / "plain", graphs)
    fill = StoreFill(tmp_path / "filled", batch=4)
    fill.add(A, [parts["a"]])
    fill.add(A, [parts["a-scores"]])  # two documents of one text: one graph
    assert sync_store_segments(tmp_path / "filled", graphs, fill=fill) == StoreUpdate(added=2)
    assert fill.reloaded == {}  # loaded as it ends: nothing to load again
    assert _state(tmp_path / "filled") == _state(tmp_path / "plain")


def test_a_segment_not_one_triple_a_line_is_loaded_as_n_triples(tmp_path: Path, parts) -> None:
    # a last line without its newline cannot be turned into N-Quads by its ending
    odd = tmp_path / "spool" / "odd.nt"
    odd.write_bytes(_triple(7).encode().rstrip(b"\n"))
    graphs = [(DEFAULT_GRAPH, [parts["vocab"]]), (A, [parts["a"]]), (B, [odd])]
    sync_store_segments(tmp_path / "plain", graphs)
    fill = StoreFill(tmp_path / "filled", batch=2)
    fill.add(A, [parts["a"]])
    fill.add(B, [odd])
    assert sync_store_segments(tmp_path / "filled", graphs, fill=fill) == StoreUpdate(added=3)
    assert fill.loaded == [A, B]
    assert _state(tmp_path / "filled") == _state(tmp_path / "plain")


def test_a_last_batch_that_fails_ends_the_fill_and_leaves_the_load_to_the_sync(
    tmp_path: Path, parts
) -> None:
    graphs = [(DEFAULT_GRAPH, [parts["vocab"]]), (A, [parts["a"]]), (B, [parts["b"]])]
    sync_store_segments(tmp_path / "plain", graphs)
    fill = StoreFill(tmp_path / "filled", batch=10)
    fill.add(A, [parts["a"]])
    fill.add(B, [tmp_path / "spool" / "gone.nt"])  # read only when the input ends: fails
    fill.close_input()  # returns: the fill neither hangs nor keeps the store
    assert fill.loaded == []
    assert sync_store_segments(tmp_path / "filled", graphs, fill=fill) == StoreUpdate(added=3)
    assert _state(tmp_path / "filled") == _state(tmp_path / "plain")


# --- scale helper, round eight: the fill loads what it holds when a core falls idle ---------


@pytest.mark.parametrize(
    ("steps", "batches"),
    [
        pytest.param(["a", "b", "now", "c"], [[A, B], [C]], id="held-graphs-loaded-at-once"),
        pytest.param(["a", "b", "c"], [[A, B, C]], id="without-it-one-batch-at-the-end"),
        pytest.param(["now", "a", "now", "now", "b"], [[A], [B]], id="nothing-held-nothing-loaded"),
        pytest.param(["a", "b", "c", "now"], [[A, B, C]], id="a-full-batch-is-loaded-anyway"),
    ],
)
def test_load_now_loads_the_graphs_held_for_a_batch(
    tmp_path: Path, parts, monkeypatch, steps: list[str], batches: list[list[str]]
) -> None:
    loads: list[list[str]] = []
    original = StoreFill._load

    def recorded(self, store, graphs):
        loads.append(list(graphs))
        return original(self, store, graphs)

    monkeypatch.setattr(StoreFill, "_load", recorded)
    graphs = {"a": (A, [parts["a"]]), "b": (B, [parts["b"]]), "c": (C, [parts["c"]])}
    fill = StoreFill(tmp_path / "filled", batch=3)
    for step in steps:
        if step == "now":
            fill.load_now()
        else:
            fill.add(*graphs[step])
    fill.close_input()
    assert loads == batches
    every = [(DEFAULT_GRAPH, [parts["vocab"]]), *(graphs[name] for name in "abc")]
    sync_store_segments(tmp_path / "plain", every)
    assert sync_store_segments(tmp_path / "filled", every, fill=fill) == StoreUpdate(added=4)
    assert _state(tmp_path / "filled") == _state(tmp_path / "plain")


@pytest.mark.parametrize(("jobs", "calls"), [(1, 1), (2, 2), (3, 3)])
def test_a_build_loads_the_held_graphs_once_a_worker_has_nothing_left(
    tmp_path: Path, monkeypatch, jobs: int, calls: int
) -> None:
    import kg.executors
    from kg.build import build_corpus

    seen: list[int] = []
    monkeypatch.setattr(StoreFill, "load_now", lambda self: seen.append(len(self._loaded)))
    # the documents extracted here, one after the other, as the workers would hand them in
    monkeypatch.setattr(
        kg.executors, "run_processes", lambda work, n, keeper: iter(kg.executors.run_here(work))
    )
    out = tmp_path / "out"
    result = build_corpus([TEXTS], nlp=False, scratch=out, store=out / "store", jobs=jobs)
    result.fill.close()
    assert len(result.reports) == 4
    assert len(seen) == calls  # the last `jobs` documents, each when it came in
