"""Flat memory: the build holds one contribution at a time and streams the union from disk."""

from __future__ import annotations

import concurrent.futures
import gc
import shutil
from pathlib import Path

import pytest

import kg.executors
from kg.build import build_corpus
from kg.contribution import Contribution, DocumentRef
from kg.errors import Code, OckgError
from kg.graph import segments
from kg.graph.segments import merged_lines, segment_bytes, sorted_difference
from kg.graph.serialize import nquads_from_named, trig_from_nquads, turtle_from_ntriples
from kg.graph.streamed import write_nquads, write_trig, write_turtle, write_union
from kg.graph.vocabulary import vocabulary_ntriples
from kg.models import Document
from kg.read import read_document
from kg.report import write_outputs
from kg.spool import Spool
from tests.corpora import make_corpus

NOTES = {
    f"note_{n}.txt": f"The Sinaloa Cartel traffics fentanyl from Culiacán to city {n}.\n"
    for n in range(5)
}


@pytest.fixture()
def corpus(tmp_path: Path, peru_path: Path) -> Path:
    return make_corpus(tmp_path / "corpus", peru_path, NOTES)


def _live(kind: type) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is kind)


@pytest.fixture()
def spool_watch(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """(contributions, documents with text) alive at each moment a contribution is spooled."""
    seen: list[tuple[int, int]] = []
    add = Spool.add

    def watched(self: Spool, index: int, contribution: Contribution) -> None:
        seen.append((_live(Contribution), _live(Document)))
        add(self, index, contribution)

    monkeypatch.setattr(Spool, "add", watched)
    return seen


def test_the_build_holds_one_contribution_and_one_text_at_a_time(
    corpus: Path, tmp_path: Path, spool_watch: list[tuple[int, int]]
) -> None:
    cache = tmp_path / "cache"
    build_corpus([corpus], nlp=False, cache_dir=cache)  # extracted
    build_corpus([corpus], nlp=False, cache_dir=cache)  # from the cache
    assert len(spool_watch) == 12
    assert max(contributions for contributions, _ in spool_watch) == 1
    assert max(documents for _, documents in spool_watch) <= 1


def test_workers_get_a_bounded_window_of_documents(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_flight: list[int] = []
    submitted: list[int] = []
    real = concurrent.futures.ProcessPoolExecutor  # run_processes imports it when it runs

    class Watched(real):  # type: ignore[misc, valid-type]
        def submit(self, fn, *args, **kwargs):
            submitted.append(1)
            in_flight.append(len(submitted) - done[0])
            return super().submit(fn, *args, **kwargs)

    done = [0]
    runs = kg.executors.run_processes
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Watched)
    tasks = [(DocumentRef.of(read_document(p)), None, False) for p in sorted(corpus.glob("*.txt"))]
    for _ in runs(tasks, 2):
        done[0] += 1
    assert len(submitted) == len(tasks) == 6
    assert max(in_flight) <= 4  # two per worker, never the whole corpus


def test_a_file_changed_after_it_was_hashed_is_a_coded_error(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Los Choneros ship cocaine from Guayaquil.\n", encoding="utf-8")
    ref = DocumentRef.of(read_document(path))
    assert ref.load().text.startswith("Los Choneros")
    path.write_text("Los Lobos ship cocaine from Guayaquil.\n", encoding="utf-8")
    with pytest.raises(OckgError) as caught:
        ref.load()
    assert caught.value.code is Code.E008 and caught.value.path.endswith("note.txt")


def test_the_spool_is_removed_after_a_failed_build_and_when_closed(
    corpus: Path, tmp_path: Path, peru_path: Path
) -> None:
    scratch = tmp_path / "scratch"
    result = build_corpus([corpus], nlp=False, scratch=scratch)
    assert len(list(scratch.glob(".ockg-spool-*"))) == 1
    result.spool.close()
    assert not list(scratch.glob(".ockg-spool-*"))
    text = peru_path.read_text(encoding="utf-8").replace("9.000.00", "9.0x0.00", 1)
    (corpus / "broken.txt").write_text(text, encoding="utf-8")
    with pytest.raises(OckgError):
        build_corpus([corpus], nlp=False, scratch=scratch)
    assert not list(scratch.glob(".ockg-spool-*"))


def test_a_merge_of_more_segments_than_files_it_may_open_is_the_same_union(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = []
    for n in range(11):
        path = tmp_path / f"{n}.nt"
        lines = [f"<urn:s{(n * 7 + k) % 23}> <urn:p> <urn:o{k % 3}> ." for k in range(9)]
        path.write_bytes(segment_bytes(lines))
        paths.append(path)
    expected = sorted({line for p in paths for line in p.read_bytes().split(b"\n") if line})
    monkeypatch.setattr(segments, "FAN_IN", 3)  # 11 files: two rounds through temporary files
    assert list(merged_lines(paths, tmp_path)) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)


def test_the_difference_of_two_sorted_streams_names_what_left_and_what_came() -> None:
    old, new = [b"a", b"c", b"d"], [b"b", b"c", b"e"]
    assert list(sorted_difference(old, new)) == [
        (False, b"a"),
        (True, b"b"),
        (False, b"d"),
        (True, b"e"),
    ]
    assert list(sorted_difference([], [b"x"])) == [(True, b"x")]
    assert list(sorted_difference([b"x"], [])) == [(False, b"x")]


def test_streamed_exports_equal_the_in_memory_serialisers(corpus: Path, tmp_path: Path) -> None:
    result = build_corpus([corpus], nlp=False)
    spool = result.spool
    union = write_union(spool.segments(), tmp_path / "union.nt", tmp_path)
    assert union.path.read_bytes() == result.ntriples
    assert union.triples == result.triples
    with open(tmp_path / "graph.ttl", "wb") as handle:
        write_turtle(union, handle, tmp_path)
    assert (tmp_path / "graph.ttl").read_bytes() == turtle_from_ntriples(result.ntriples)
    nquads = nquads_from_named(vocabulary_ntriples(), result.named)
    with open(tmp_path / "graph.nq", "wb") as handle:
        write_nquads(spool.vocabulary, spool.graphs(), handle)
    assert (tmp_path / "graph.nq").read_bytes() == nquads
    with open(tmp_path / "graph.trig", "wb") as handle:
        write_trig(spool.vocabulary, spool.graphs(), handle, tmp_path)
    assert (tmp_path / "graph.trig").read_bytes() == trig_from_nquads(nquads)


def test_outputs_with_and_without_the_store_and_a_small_merge_fan_in_agree(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    formats = ["ttl", "nt", "nq", "trig"]
    result = build_corpus([corpus], nlp=False)
    write_outputs(result, tmp_path / "plain", formats, report=b"{}", store=False)
    monkeypatch.setattr(segments, "FAN_IN", 2)
    write_outputs(result, tmp_path / "stored", formats, report=b"{}", store=True)
    for name in ("graph.ttl", "graph.nt", "graph.nq", "graph.trig"):
        assert (tmp_path / "plain" / name).read_bytes() == (tmp_path / "stored" / name).read_bytes()
    assert not [p for p in (tmp_path / "stored").iterdir() if p.name.startswith(".")]
    shutil.rmtree(tmp_path / "plain")


def test_worker_processes_spool_their_contributions_and_send_back_only_reports(
    corpus: Path, spool_watch: list[tuple[int, int]]
) -> None:
    serial = build_corpus([corpus], nlp=False, jobs=1)
    assert len(spool_watch) == 6  # jobs 1: this process spools each contribution
    parallel = build_corpus([corpus], nlp=False, jobs=2)
    assert len(spool_watch) == 6  # jobs 2: the workers did, this process only noted reports
    assert parallel.ntriples == serial.ntriples
    assert [r.model_dump() for r in parallel.reports] == [r.model_dump() for r in serial.reports]


def test_scratch_folders_of_a_killed_build_are_swept_and_live_ones_kept(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from kg.spool import private_folder

    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead = int(done.stdout)  # a process that has exited
    killed = tmp_path / f".ockg-spool-{dead}-abc"
    (killed / "sub").mkdir(parents=True)
    live = tmp_path / f".ockg-spool-{os.getppid()}-def"
    live.mkdir()
    other = tmp_path / f".ockg-out-{dead}-ghi"
    other.mkdir()
    mine = private_folder(tmp_path, "spool")
    assert mine.is_dir() and mine.name.startswith(f".ockg-spool-{os.getpid()}-")
    assert not killed.exists() and live.exists() and other.exists()
