"""The k-way merge of sorted segments (``kg.graph.segments``): batch by batch, the same
sorted, unique union as a merge line by line, whatever the blocks it reads."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kg.graph import segments
from kg.graph.segments import merged_batches, merged_lines, segment_bytes
from kg.graph.streamed import write_union


def _segments(folder: Path, files: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for n in range(files):
        lines = [
            f"<urn:s{rng.randrange(60)}> <urn:p{rng.randrange(4)}> <urn:o{rng.randrange(30)}> ."
            for _ in range(rng.randrange(0, 120))
        ]
        path = folder / f"{n}.nt"
        path.write_bytes(segment_bytes(lines))
        paths.append(path)
    return paths


def _expected(paths: list[Path]) -> list[bytes]:
    return sorted({line for p in paths for line in p.read_bytes().split(b"\n") if line})


@pytest.mark.parametrize(("buffer", "files", "seed"), [(1, 7, 1), (64, 12, 2), (1 << 20, 5, 3)])
def test_a_batched_merge_is_the_sorted_unique_union_whatever_the_block_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, buffer: int, files: int, seed: int
) -> None:
    monkeypatch.setattr(segments, "MERGE_BUFFER", buffer)
    monkeypatch.setattr(segments, "_MIN_BLOCK", 1)  # blocks of a line or two: many rounds
    paths = _segments(tmp_path, files, seed)
    batches = list(merged_batches(paths, tmp_path))
    assert all(batches)  # never an empty batch
    flat = [line for batch in batches for line in batch]
    assert flat == _expected(paths)
    assert list(merged_lines(paths, tmp_path)) == flat


def test_lines_repeated_across_block_ends_empty_lines_and_a_last_line_without_newline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(segments, "MERGE_BUFFER", 8)
    monkeypatch.setattr(segments, "_MIN_BLOCK", 1)
    a, b, c = tmp_path / "a.nt", tmp_path / "b.nt", tmp_path / "c.nt"
    a.write_bytes(b"\n\nx1\nx2\nx2\nx3\nx9\n")  # empty lines first; x2 twice within one file
    b.write_bytes(b"x2\nx3\nx4\n")  # x2 and x3 in two files
    c.write_bytes(b"x0\nx9")  # no final newline
    assert list(merged_lines([a, b, c], tmp_path)) == [
        b"x0",
        b"x1",
        b"x2",
        b"x3",
        b"x4",
        b"x9",
    ]
    assert list(merged_lines([], tmp_path)) == []
    empty = tmp_path / "empty.nt"
    empty.write_bytes(b"")
    assert list(merged_lines([empty, empty], tmp_path)) == []


def test_a_batched_merge_through_rounds_of_temporary_files_is_the_same_union(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(segments, "FAN_IN", 3)  # 10 files: two rounds through temporary files
    monkeypatch.setattr(segments, "MERGE_BUFFER", 256)
    monkeypatch.setattr(segments, "_MIN_BLOCK", 16)
    paths = _segments(tmp_path, 10, 4)
    assert list(merged_lines(paths, tmp_path)) == _expected(paths)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)


def test_the_union_file_is_written_from_the_batches_with_its_count_and_namespaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(segments, "MERGE_BUFFER", 64)
    monkeypatch.setattr(segments, "_MIN_BLOCK", 1)
    folder = tmp_path / "segments"
    folder.mkdir()
    paths = _segments(folder, 6, 5)
    extra = folder / "ockg.nt"
    extra.write_bytes(b"<https://w3id.org/ockg/id/x> <urn:p> <urn:o> .\n")
    union = write_union([*paths, extra], tmp_path / "union.nt", tmp_path)
    expected = _expected([*paths, extra])
    assert (tmp_path / "union.nt").read_bytes() == b"".join(line + b"\n" for line in expected)
    assert union.triples == len(expected)
    assert "https://w3id.org/ockg/id/" in union.used.values()
