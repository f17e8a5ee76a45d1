"""Hostile arguments and folders: commands fail fast with a coded error, read only what they
were given, and never expand data into their output templates (issue 11, classes 11, 14, 16).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from timebound import time_bound
from typer.testing import CliRunner

from kg.cli import app
from kg.read import collect_inputs

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
PERU = CORPUS / "peru_2025.txt"


@pytest.fixture(scope="module")
def peru_ttl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("peru")
    result = runner.invoke(app, ["build", str(PERU), "--out", str(out), "--no-nlp", "-q"])
    assert result.exit_code == 0, result.output
    return out / "graph.ttl"


# --- class 11: bad --out and --port fail at once ----------------------------------------------


def _bad_outs(tmp_path: Path) -> dict[str, Path]:
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    return {"file": a_file, "under-a-file": a_file / "sub" / "out"}


@pytest.mark.parametrize("where", ["file", "under-a-file"])
@time_bound(20)
def test_build_with_an_unwritable_out_fails_before_reading_any_document(
    tmp_path: Path, where: str
) -> None:
    out = _bad_outs(tmp_path)[where]
    started = time.monotonic()
    # With NLP on: a build that read the document first would load spaCy (seconds).
    result = runner.invoke(app, ["build", str(PERU), "--out", str(out), "-q"])
    assert result.exit_code == 1
    assert f"{out}: E208" in result.output and "Traceback" not in result.output
    assert time.monotonic() - started < 5
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "x"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_build_into_a_read_only_folder_fails_at_once(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = runner.invoke(app, ["build", str(PERU), "--out", str(locked / "out"), "-q"])
    finally:
        locked.chmod(0o700)
    assert result.exit_code == 1 and "E208" in result.output


@pytest.mark.parametrize("command", ["viz", "chart"])
@time_bound(30)
def test_file_outputs_refuse_a_folder_or_a_path_under_a_file(
    tmp_path: Path, peru_ttl: Path, command: str
) -> None:
    for out in (tmp_path, _bad_outs(tmp_path)["under-a-file"]):
        result = runner.invoke(app, [command, str(peru_ttl), "--out", str(out)])
        assert result.exit_code == 1, result.output
        assert "E208" in result.output and "Traceback" not in result.output


def test_import_index_refuses_an_out_that_is_a_file(tmp_path: Path) -> None:
    workbook = tmp_path / "index.csv"
    workbook.write_text("Country,Year,Criminality\nPeru,2025,6.5\n", encoding="utf-8")
    out = _bad_outs(tmp_path)["file"]
    result = runner.invoke(app, ["import-index", str(workbook), "--out", str(out)])
    assert result.exit_code == 1 and "E208" in result.output, result.output


@settings(max_examples=20, deadline=None, derandomize=True)
@given(port=st.integers(65536, 10**12) | st.integers(-(10**6), 0))
@time_bound(10)
def test_serve_refuses_a_port_out_of_range_as_a_usage_error(port: int) -> None:
    result = runner.invoke(app, ["serve", str(PERU), "--port", str(port)])
    assert result.exit_code == 2
    assert "--port" in result.output and "Traceback" not in result.output


# --- class 14: the page title is data, not template -------------------------------------------


@settings(max_examples=20, deadline=None, derandomize=True)
@given(
    title=st.lists(
        st.sampled_from(["__DATA__", "__JS__", "__CSS__", "__TITLE__", "<script>", "&", "x"]),
        min_size=1,
        max_size=5,
    ).map("".join)
)
@time_bound(30)
def test_a_title_holding_template_placeholders_is_written_as_text(
    title: str, peru_ttl: Path
) -> None:
    import html

    from kg.viz.network_page import network_page

    page = network_page(_peru_graph(peru_ttl), title=title)
    assert page.count('id="ockg-data"') == 1
    assert page.count("<title>") == 1
    assert f"<title>{html.escape(title)}</title>" in page
    assert "<script>" not in page.split("<title>")[1].split("</h1>")[0]


_GRAPHS: dict[Path, object] = {}


def _peru_graph(path: Path):
    from kg.graph.load import load_graph

    if path not in _GRAPHS:
        _GRAPHS[path] = load_graph(path)
    return _GRAPHS[path]


# --- class 16: links out of an input folder are not followed ----------------------------------


@time_bound(30)
def test_a_symlink_out_of_the_input_folder_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text("Cocaine moves through Lima. The secret of the host.\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "peru.txt").write_bytes(PERU.read_bytes())
    (corpus / "link.txt").symlink_to(secret)
    (corpus / "sub" / "outside").symlink_to(outside, target_is_directory=True)
    (corpus / "sub" / "loop").symlink_to(corpus, target_is_directory=True)
    (corpus / "alias.txt").symlink_to(corpus / "peru.txt")  # inside: kept
    found = collect_inputs([corpus])
    assert sorted(p.name for p in found) == ["alias.txt", "peru.txt"]
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(corpus), "--out", str(out), "--no-nlp", "-q"])
    assert result.exit_code == 0, result.output
    assert b"secret" not in (out / "graph.ttl").read_bytes()


def test_a_named_symlink_is_read_because_the_user_named_it(tmp_path: Path) -> None:
    link = tmp_path / "named.txt"
    link.symlink_to(PERU)
    assert collect_inputs([link]) == [link]


# --- the last resort: no input ends in a raw traceback -----------------------------------------


def test_an_unexpected_failure_is_a_one_line_coded_error(
    monkeypatch: pytest.MonkeyPatch, peru_ttl: Path
) -> None:
    import kg.validate.report

    def broken(graph):
        raise RuntimeError("an unforeseen case\nwith a second line")

    monkeypatch.setattr(kg.validate.report, "validate_graph", broken)
    monkeypatch.delenv("OCKG_TRACEBACK", raising=False)
    result = runner.invoke(app, ["validate", str(peru_ttl)])
    assert result.exit_code == 1
    assert "E900" in result.output and "RuntimeError: an unforeseen case" in result.output
    assert "Traceback" not in result.output and "second line" not in result.output
    monkeypatch.setenv("OCKG_TRACEBACK", "1")
    result = runner.invoke(app, ["validate", str(peru_ttl)])
    assert isinstance(result.exception, RuntimeError)
