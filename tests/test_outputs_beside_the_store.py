"""The outputs are written while the store is synced, and replace the old ones only once the
store is in: a sync that fails leaves every earlier output as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg.graph.store
from kg.build import build_corpus
from kg.errors import Code, OckgError
from kg.graph.serialize import atomic_write_many
from kg.report import build_report_json, write_outputs

TEXTS = Path(__file__).resolve().parent / "data" / "texts"


def test_files_are_not_replaced_when_the_check_before_replacing_fails(tmp_path: Path) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_bytes(b"before\n")

    def refuse() -> None:
        assert (tmp_path / "old.txt").read_bytes() == b"before\n"  # nothing replaced yet
        raise OckgError(Code.E201, "the store failed", path=tmp_path)

    with pytest.raises(OckgError):
        atomic_write_many({old: b"after\n", new: b"new\n"}, before_replace=refuse)
    assert old.read_bytes() == b"before\n"
    assert not new.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.txt"]  # no temporary left


def test_files_are_replaced_after_the_check_before_replacing_passes(tmp_path: Path) -> None:
    calls = []
    atomic_write_many(
        {tmp_path / "a.txt": b"a\n", tmp_path / "b.txt": lambda out: out.write(b"b\n")},
        before_replace=lambda: calls.append(sorted(p.name for p in tmp_path.iterdir())),
    )
    assert (tmp_path / "a.txt").read_bytes() == b"a\n"
    assert (tmp_path / "b.txt").read_bytes() == b"b\n"
    (written,) = calls
    assert "a.txt" not in written and len(written) == 2  # both staged, neither in place


def _build(out: Path, formats: list[str]) -> list[Path]:
    result = build_corpus([TEXTS / "ecuador.txt"], nlp=False, scratch=out, store=out / "store")
    try:
        return write_outputs(
            result, out, formats, report=lambda: build_report_json(result), store=True
        )
    finally:
        result.spool.close()


def test_a_store_sync_that_fails_leaves_the_earlier_outputs(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    _build(out, ["ttl"])
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert set(before) == {"graph.ttl", "report.json"}
    synced = kg.graph.store.sync_store_segments

    def failing(folder, graphs, fill=None):
        synced(folder, graphs, fill=fill)  # the store's own work done, then a failure
        raise OckgError(Code.E201, "disk full", path=folder)

    monkeypatch.setattr(kg.graph.store, "sync_store_segments", failing)
    with pytest.raises(OckgError, match="disk full"):
        _build(out, ["ttl", "nt"])
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before  # no graph.nt, graph.ttl and report.json untouched
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporaries


def test_an_export_that_fails_waits_for_the_store_sync(tmp_path: Path, monkeypatch) -> None:
    import threading

    import kg.report

    out = tmp_path / "out"
    ended = threading.Event()
    synced = kg.graph.store.sync_store_segments

    def slow(folder, graphs, fill=None):
        try:
            return synced(folder, graphs, fill=fill)
        finally:
            ended.set()

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kg.graph.store, "sync_store_segments", slow)
    monkeypatch.setattr(kg.report, "write_union", broken)
    with pytest.raises(OSError):
        _build(out, ["ttl"])
    assert ended.is_set()  # the store was not left being written when the error came out
    assert not (out / "graph.ttl").exists()
