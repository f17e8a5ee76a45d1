"""Bad input gets a coded error naming the file and line; plain text is not an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import OckgError
from kg.profile import parse_profile
from kg.read import read_document


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _peru_lines(peru_path: Path) -> list[str]:
    return peru_path.read_text(encoding="utf-8").split("\n")


def _parse(path: Path):
    return parse_profile(read_document(path))


def _replace_line(lines: list[str], old: str, new: str, after: str) -> tuple[list[str], int]:
    """Replace the first ``old`` line that follows the heading ``after``; return its line number."""
    heading = next(i for i, line in enumerate(lines) if line.strip() == after)
    index = next(i for i in range(heading + 1, len(lines)) if lines[i].strip() == old)
    changed = list(lines)
    changed[index] = changed[index].replace(old, new)
    return changed, index + 1


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "E002"),
        (b"  \n\n\t\n", "E002"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "E003"),
        ("Perú\nCapital\nLima\n".encode("latin-1"), "E004"),
    ],
    ids=["empty", "blank", "binary", "latin-1"],
)
def test_unreadable_files_raise_coded_errors_naming_the_file(
    tmp_path: Path, data: bytes, code: str
) -> None:
    path = _write(tmp_path, "bad.txt", data)
    with pytest.raises(OckgError) as caught:
        read_document(path)
    assert caught.value.code.name == code
    assert str(path) in str(caught.value)


def test_non_utf8_error_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "latin.txt", "line one\nline two\nPer\u00fa\n".encode("latin-1"))
    with pytest.raises(OckgError) as caught:
        read_document(path)
    assert caught.value.line == 3
    assert f"{path}:3: E004" in str(caught.value)


def test_malformed_score_names_its_line(tmp_path: Path, peru_path: Path) -> None:
    lines, number = _replace_line(_peru_lines(peru_path), "9.000.00", "9.0x0.00", "Cocaine trade")
    path = _write(tmp_path, "p.txt", "\n".join(lines).encode())
    with pytest.raises(OckgError) as caught:
        _parse(path)
    assert caught.value.code.name == "E101"
    assert caught.value.line == number
    assert f"{path}:{number}:" in str(caught.value)


def test_score_out_of_range_is_an_error(tmp_path: Path, peru_path: Path) -> None:
    lines, number = _replace_line(_peru_lines(peru_path), "9.000.00", "12.000.00", "Cocaine trade")
    path = _write(tmp_path, "p.txt", "\n".join(lines).encode())
    with pytest.raises(OckgError) as caught:
        _parse(path)
    assert (caught.value.code.name, caught.value.line) == ("E102", number)


def test_malformed_rank_line_is_an_error(tmp_path: Path, peru_path: Path) -> None:
    lines = _peru_lines(peru_path)
    index = next(i for i, line in enumerate(lines) if "31st of 193" in line)
    lines[index] = "    31st of 1x3 countries -1"
    path = _write(tmp_path, "p.txt", "\n".join(lines).encode())
    with pytest.raises(OckgError) as caught:
        _parse(path)
    assert (caught.value.code.name, caught.value.line) == ("E104", index + 1)


def test_malformed_fact_is_an_error(tmp_path: Path, peru_path: Path) -> None:
    lines, number = _replace_line(_peru_lines(peru_path), "34,217,848", "34,2l7,848", "Population")
    path = _write(tmp_path, "p.txt", "\n".join(lines).encode())
    with pytest.raises(OckgError) as caught:
        _parse(path)
    assert (caught.value.code.name, caught.value.line) == ("E105", number)


@pytest.mark.parametrize("keep", [100, 103, 160])
def test_truncated_score_block_is_an_error(tmp_path: Path, peru_path: Path, keep: int) -> None:
    lines = _peru_lines(peru_path)[:keep]
    path = _write(tmp_path, "p.txt", "\n".join(lines).encode())
    with pytest.raises(OckgError) as caught:
        _parse(path)
    assert caught.value.code.name == "E103"
    assert caught.value.line is not None and caught.value.line <= keep


def test_profile_without_analysis_still_parses(tmp_path: Path, peru_path: Path) -> None:
    lines = _peru_lines(peru_path)
    end = next(i for i, line in enumerate(lines) if line.strip() == "Analysis")
    path = _write(tmp_path, "p.txt", "\n".join(lines[:end]).encode())
    profile = _parse(path)
    assert profile is not None
    assert profile.analysis_start is None
    assert len(profile.scores) == 36


def test_plain_analytic_text_is_not_a_profile(tmp_path: Path) -> None:
    text = (
        "Ecuador's prisons have become headquarters for Los Choneros and Los Lobos.\n\n"
        "Cocaine trade through Guayaquil has grown, with Albanian brokers in the port.\n"
    )
    path = _write(tmp_path, "news.txt", text.encode())
    assert _parse(path) is None


def test_text_is_nfc_normalised_and_line_ends_unified(tmp_path: Path) -> None:
    path = _write(tmp_path, "t.txt", "Per\u0065\u0301 \r\nT\u00fcrkiye\r\n".encode())
    document = read_document(path)
    assert document.text == "Per\u00e9 \nT\u00fcrkiye\n"
    assert len(document.sha256) == 64
