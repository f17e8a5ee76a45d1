"""Hostile data files: sidecars, caches, concatenated profiles, huge and non-numbers (issue 11,
classes 5, 6, 9, 10 and 13). Each gives a coded error or a correct result within its bound.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from timebound import time_bound
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import OckgError
from kg.index_import import read_index
from kg.profile import parse_profile
from kg.read import MAX_META_BYTES, read_document

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
PERU = (CORPUS / "peru_2025.txt").read_text(encoding="utf-8")
TEXT = "Cocaine moves from Lima to Europe through the port of Callao, say local officials.\n"


def _document(tmp_path: Path, sidecar: str | bytes) -> Path:
    path = tmp_path / "doc.txt"
    path.write_text(TEXT, encoding="utf-8")
    meta = tmp_path / "doc.meta.yaml"
    meta.write_bytes(sidecar if isinstance(sidecar, bytes) else sidecar.encode("utf-8"))
    return path


# --- class 5: YAML bombs and deep nesting in a sidecar ----------------------------------------


def _alias_bomb(levels: int, width: int) -> str:
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append(f"country: *a{levels - 1}")
    return "\n".join(lines) + "\n"


@settings(max_examples=25, deadline=None, derandomize=True)
@given(levels=st.integers(1, 12), width=st.integers(1, 12))
@example(levels=9, width=9)  # a billion laughs
@time_bound(10)
def test_a_sidecar_with_aliases_is_refused_at_once(
    tmp_path_factory, levels: int, width: int
) -> None:
    path = _document(tmp_path_factory.mktemp("bomb"), _alias_bomb(levels, width))
    with pytest.raises(OckgError) as caught:
        read_document(path)
    message = str(caught.value)
    assert caught.value.code.name == "E005" and "doc.meta.yaml" in message
    assert "aliases" in message and len(message) < 400


@settings(max_examples=25, deadline=None, derandomize=True)
@given(depth=st.integers(17, 20_000), flow=st.booleans())
@example(depth=20_000, flow=True)
@time_bound(10)
def test_a_deeply_nested_sidecar_is_an_error_not_a_recursion_traceback(
    tmp_path_factory, depth: int, flow: bool
) -> None:
    if flow:
        sidecar = "country: " + "[" * depth + "]" * depth + "\n"
    else:
        sidecar = "".join("  " * level + f"k{level}:\n" for level in range(min(depth, 3000)))
    path = _document(tmp_path_factory.mktemp("deep"), sidecar)
    with pytest.raises(OckgError) as caught:
        read_document(path)
    assert caught.value.code.name == "E005"


@time_bound(10)
def test_a_sidecar_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    path = _document(tmp_path, "country: Peru\n" + "# padding\n" * (MAX_META_BYTES // 8))
    with pytest.raises(OckgError) as caught:
        read_document(path)
    assert caught.value.code.name == "E005" and "bytes" in str(caught.value)


def test_a_plain_sidecar_still_reads(tmp_path: Path) -> None:
    path = _document(tmp_path, "country: Peru\nedition: 2025\n")
    assert read_document(path).meta.country == "Peru"


# --- class 6: several profiles in one file ----------------------------------------------------


@pytest.mark.parametrize("separator", ["\n", "\n\n\f\n", "\n---\n"])
@time_bound(20)
def test_two_profiles_in_one_file_are_refused_naming_the_second(
    tmp_path: Path, separator: str
) -> None:
    path = tmp_path / "two.txt"
    path.write_text(PERU + separator + PERU, encoding="utf-8")
    with pytest.raises(OckgError) as caught:
        parse_profile(read_document(path))
    second = PERU.count("\n") + separator.count("\n")
    assert caught.value.code.name == "E106"
    assert caught.value.line is not None and caught.value.line > second
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(path), "--out", str(out), "--no-nlp", "-q"])
    assert result.exit_code == 1 and "E106" in result.output and not out.exists()


def test_one_profile_with_its_analysis_still_parses() -> None:
    profile = parse_profile(read_document(CORPUS / "peru_2025.txt"))
    assert profile is not None and profile.analysis_start is not None


# --- class 9: huge numbers in profiles and the official dataset ------------------------------


@settings(max_examples=20, deadline=None, derandomize=True)
@given(digits=st.integers(25, 20_000))
@example(digits=5000)
@time_bound(20)
def test_a_huge_population_or_area_is_a_malformed_fact(tmp_path_factory, digits: int) -> None:
    path = tmp_path_factory.mktemp("huge") / "p.txt"
    path.write_text(PERU.replace("34,217,848", "9" * digits, 1), encoding="utf-8")
    with pytest.raises(OckgError) as caught:
        parse_profile(read_document(path))
    assert caught.value.code.name == "E105" and len(str(caught.value)) < 300


@pytest.mark.parametrize(
    ("edition", "score", "code"),
    [
        ("inf", "6.62", "E203"),
        ("-inf", "6.62", "E203"),
        ("NaN", "6.62", "E203"),
        ("1e999", "6.62", "E203"),
        ("2025.5", "6.62", "E203"),
        ("2025", "1E+30", "E203"),
        ("2025", "1E+999999999", "E203"),
        ("2025", "-1E-30", "E203"),
        ("2025", "NaN", "E203"),
        ("2025", "Infinity", "E203"),
        ("2025", "9" * 5000, "E203"),
    ],
)
@time_bound(20)
def test_the_official_dataset_with_huge_or_non_numbers_is_a_coded_error(
    tmp_path: Path, edition: str, score: str, code: str
) -> None:
    path = tmp_path / "scores.csv"
    path.write_text(f"country,edition,Criminality\nPeru,{edition},{score}\n", encoding="utf-8")
    with pytest.raises(OckgError) as caught:
        read_index(path)
    assert caught.value.code.name == code and str(path) in str(caught.value)
    assert len(str(caught.value)) < 300
    result = runner.invoke(app, ["import-index", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and code in result.output and "Traceback" not in result.output


# --- class 13: implausible ranks and non-number scores ----------------------------------------


def test_a_rank_change_beyond_the_ranking_is_warned_and_not_stored(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_text(PERU.replace("31st of 193 countries -1", "31st of 193 countries -500", 1))
    profile = parse_profile(read_document(path))
    assert profile is not None
    world = next(r for r in profile.ranks if r.rank == 31 and r.out_of == 193)
    assert world.previous is None and world.change == -500
    assert any(d.code == "W113" for d in profile.diagnostics)


@pytest.mark.parametrize("printed", ["NaN", "nan", "Infinity", "-inf", "sNaN", ".50", "NaN0.22"])
@time_bound(10)
def test_a_non_number_where_a_score_belongs_is_a_malformed_score(
    tmp_path: Path, printed: str
) -> None:
    path = tmp_path / "p.txt"
    lines = PERU.split("\n")
    heading = next(i for i, line in enumerate(lines) if line.strip() == "Cocaine trade")
    score = next(i for i in range(heading + 1, len(lines)) if lines[i].strip())
    lines[score] = printed
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(OckgError) as caught:
        parse_profile(read_document(path))
    assert (caught.value.code.name, caught.value.line) == ("E101", score + 1)


# --- class 10: cache entries are checked, and bad ones recomputed -----------------------------


@pytest.fixture(scope="module")
def cached_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cached") / "out"
    result = runner.invoke(
        app, ["build", str(CORPUS / "peru_2025.txt"), "-o", str(out), "--no-nlp"]
    )
    assert result.exit_code == 0, result.output
    return out


def _rebuild(tmp_path: Path, cached_build: Path, tamper) -> tuple[dict, bytes, bytes]:
    out = tmp_path / "out"
    shutil.copytree(cached_build, out)
    expected = (out / "graph.nt" if (out / "graph.nt").exists() else out / "graph.ttl").read_bytes()
    (entry,) = (out / ".cache").iterdir()
    tamper(out, entry)
    args = ["build", str(CORPUS / "peru_2025.txt"), "-o", str(out), "--no-nlp", "-q"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    report = json.loads((out / "report.json").read_bytes())
    return report, expected, (out / "graph.ttl").read_bytes()


def _inject_triple(out: Path, entry: Path) -> None:
    digest, _, body = entry.read_bytes().partition(b"\n")
    data = json.loads(body)
    data["document_nt"] += '<http://evil/x> <http://evil/p> "injected" .\n'
    entry.write_bytes(digest + b"\n" + json.dumps(data).encode())


def _bad_content_with_a_fresh_digest(out: Path, entry: Path) -> None:
    import hashlib

    _, _, body = entry.read_bytes().partition(b"\n")
    data = json.loads(body)
    data["document_nt"] = "<not n-triples"
    body = json.dumps(data).encode()
    digest = hashlib.sha256(entry.stem.encode() + b"\0" + body).hexdigest()
    entry.write_bytes(b"sha256:" + digest.encode() + b"\n" + body)


def _folder_at_the_entry(out: Path, entry: Path) -> None:
    entry.unlink()
    entry.mkdir()


def _cache_is_a_file(out: Path, entry: Path) -> None:
    shutil.rmtree(out / ".cache")
    (out / ".cache").write_text("not a folder", encoding="utf-8")


def _plain_json_entry(out: Path, entry: Path) -> None:
    entry.write_bytes(entry.read_bytes().partition(b"\n")[2])  # an entry of the older format


@pytest.mark.parametrize(
    "tamper",
    [
        _inject_triple,
        _bad_content_with_a_fresh_digest,
        _folder_at_the_entry,
        _cache_is_a_file,
        _plain_json_entry,
    ],
)
@time_bound(60)
def test_a_bad_cache_entry_is_recomputed_not_trusted(
    tmp_path: Path, cached_build: Path, tamper
) -> None:
    report, expected, graph = _rebuild(tmp_path, cached_build, tamper)
    assert graph == expected
    assert b"injected" not in graph
    assert [d["cached"] for d in report["documents"]] == [False]


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
@time_bound(120)
def test_any_corruption_of_a_cache_entry_gives_the_same_graph(
    tmp_path_factory, cached_build: Path, data: st.DataObject
) -> None:
    def corrupt(out: Path, entry: Path) -> None:
        raw = bytearray(entry.read_bytes())
        at = data.draw(st.integers(0, len(raw) - 1))
        kind = data.draw(st.sampled_from(["flip", "cut", "append"]))
        if kind == "flip":
            raw[at] ^= data.draw(st.integers(1, 255))
        elif kind == "cut":
            del raw[at:]
        else:
            raw += data.draw(st.binary(min_size=1, max_size=20))
        entry.write_bytes(bytes(raw))

    _, expected, graph = _rebuild(tmp_path_factory.mktemp("corrupt"), cached_build, corrupt)
    assert graph == expected


def test_an_intact_cache_entry_is_still_used(tmp_path: Path, cached_build: Path) -> None:
    report, expected, graph = _rebuild(tmp_path, cached_build, lambda out, entry: None)
    assert graph == expected and [d["cached"] for d in report["documents"]] == [True]
    assert re.fullmatch(
        rb"sha256:[0-9a-f]{64}",
        next((tmp_path / "out/.cache").iterdir()).read_bytes().split(b"\n")[0],
    )


@time_bound(30)
def test_a_workbook_that_expands_like_a_zip_bomb_is_refused_before_decompressing(
    tmp_path: Path,
) -> None:
    import zipfile

    path = tmp_path / "bomb.xlsx"
    block = b"\0" * (1 << 20)
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(600):  # 600 MiB of zeros, a few hundred kilobytes compressed
            member.write(block)
    assert path.stat().st_size < 5 * 1024 * 1024
    with pytest.raises(OckgError) as caught:
        read_index(path)
    assert caught.value.code.name == "E203" and "expand" in str(caught.value)


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 not really a zip", b"\x00" * 100])
def test_a_file_that_is_no_workbook_is_a_coded_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(data)
    with pytest.raises(OckgError) as caught:
        read_index(path)
    assert caught.value.code.name == "E203"
