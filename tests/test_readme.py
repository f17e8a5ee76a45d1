"""Every example in the README runs: its shell, Python and SPARQL blocks, on the build they need.

The examples run in a sandbox folder laid out like the project (``corpus/`` and ``queries/``
linked in), after the build ``make`` makes (``ockg build corpus --out build``), with ``ockg`` and
``oxigraph`` on the ``PATH`` and this checkout's ``kg`` importable. In ```` ```sh ```` blocks the
lines that set the project up (``make …``, activating the environment) are what this suite runs
under, so they are left out; ports are swapped for free ones. A block preceded by
``<!-- readme-test: skip (REASON) -->`` is not run (a reason is required). Synopses are fenced
as ```` ```text ````, outputs as bare ```` ``` ````, and are not run.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SET_UP = re.compile(r"^\s*(make\b|\. \.venv/bin/activate|source \.venv/bin/activate)")
SKIP = re.compile(r"<!-- readme-test: skip \((.+)\) -->\s*$")
TIMEOUT = 600


@dataclass(frozen=True)
class Block:
    lang: str
    code: str
    line: int
    skip: str | None
    end: int = 0


def readme_blocks(text: str) -> list[Block]:
    """The fenced code blocks of a Markdown text, with their language and first line."""
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        fence = re.match(r"^```(\w*)\s*$", lines[i])
        if not fence:
            i += 1
            continue
        start = i
        i += 1
        body = []
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i])
            i += 1
        before = lines[start - 1] if start > 0 else ""
        skip = SKIP.search(before)
        code = "\n".join(body) + "\n"
        blocks.append(Block(fence.group(1), code, start + 1, skip and skip[1], i + 1))
        i += 1
    return blocks


BLOCKS = readme_blocks(README.read_text(encoding="utf-8"))
RUN = [b for b in BLOCKS if b.lang in ("sh", "python", "sparql") and b.skip is None]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A folder laid out like the project after ``make``, and the environment to run in."""
    folder = tmp_path_factory.mktemp("readme")
    for name in ("corpus", "queries"):
        (folder / name).symlink_to(ROOT / name, target_is_directory=True)
    bin_dir = folder / ".bin"
    bin_dir.mkdir()
    ockg = bin_dir / "ockg"
    ockg.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m kg.cli "$@"\n', encoding="utf-8")
    ockg.chmod(0o755)
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(bin_dir), str(Path(sys.executable).parent), env["PATH"]])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["MPLBACKEND"] = "Agg"
    made = subprocess.run(
        ["ockg", "build", "corpus", "--out", "build"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    (folder / "make.log").write_text(made.stdout + made.stderr, encoding="utf-8")
    return folder, env


def _shell(code: str) -> str:
    """The block as a script: set-up lines out, ports free, background jobs stopped at the end."""
    lines = [line for line in code.splitlines() if not SET_UP.match(line)]
    script = "\n".join(lines)
    for port in sorted(set(re.findall(r"(?:--port |127\.0\.0\.1:|localhost:)(\d{4,5})", script))):
        script = re.sub(rf"\b{port}\b", str(_free_port()), script)
    return "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n" + script + "\n"


def test_the_readme_has_examples_of_each_kind_and_every_skip_has_a_reason() -> None:
    kinds = {b.lang for b in RUN}
    assert {"sh", "python", "sparql"} <= kinds
    assert sum(b.lang == "sh" for b in RUN) >= 6
    for block in BLOCKS:
        if block.skip is not None:
            assert len(block.skip) > 10, block.line
    # examples call ockg the way the set-up says it is reached
    assert any(". .venv/bin/activate" in b.code for b in BLOCKS if b.lang == "sh")


@pytest.mark.parametrize("block", RUN, ids=lambda b: f"{b.lang}-line{b.line}")
def test_every_readme_example_runs(sandbox: tuple[Path, dict[str, str]], block: Block) -> None:
    folder, env = sandbox
    if block.lang == "sh":
        command = ["bash", "-c", _shell(block.code)]
    elif block.lang == "python":
        command = [sys.executable, "-c", block.code]
    else:
        query = folder / f"block-{block.line}.rq"
        query.write_text(block.code, encoding="utf-8")
        command = ["ockg", "query", "build", str(query), "--format", "csv"]
    done = subprocess.run(
        command, cwd=folder, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert done.returncode == 0, f"README line {block.line}:\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr and "error:" not in done.stderr, done.stderr
    if block.lang == "sparql":
        assert len(done.stdout.splitlines()) > 1, "the SPARQL example found nothing"
    shown = _output_shown_after(block)
    if shown is not None:  # each line the README shows is in what the command printed
        printed = done.stdout.splitlines()
        for line in shown:
            if line.strip() == "…":
                continue
            if "…" in line:  # elided: what comes before the ellipsis is printed as shown
                prefix = line.split("…")[0].rstrip()
                assert any(p.startswith(prefix) for p in printed), (block.line, line)
            else:
                assert line in printed, (block.line, line)


def _output_shown_after(block: Block) -> list[str] | None:
    """The lines of a bare block right after ``block`` (its printed output), if there is one."""
    for other in BLOCKS:
        if other.line == block.end + 1 and other.lang == "":
            return other.code.strip("\n").splitlines()
    return None


def test_the_build_prints_what_the_readme_says_make_prints(
    sandbox: tuple[Path, dict[str, str]],
) -> None:
    text = README.read_text(encoding="utf-8")
    after = text[text.index("`make` prints what it read:") :]
    claimed = next(b for b in readme_blocks(after) if b.lang == "")
    folder, _ = sandbox
    printed = (folder / "make.log").read_text(encoding="utf-8")

    # the figures move as the extraction improves; what make prints, line by line, may not
    def shape(text: str) -> list[str]:
        return [re.sub(r"[0-9][0-9,]*", "N", line) for line in text.strip().splitlines()]

    assert shape(claimed.code) == shape(printed)


def test_the_examples_made_what_they_say(sandbox: tuple[Path, dict[str, str]]) -> None:
    """Run after the examples (same module, file order): their outputs are there."""
    folder, _ = sandbox
    for name in ("graph.ttl", "report.json"):
        assert (folder / "build" / name).is_file()
    for block in RUN:
        for out in re.findall(r"--out (build/\S+\.\w+)", block.code):
            assert (folder / out).is_file(), out
            assert (folder / out).stat().st_size > 0, out


def test_the_python_api_takes_str_paths_wherever_it_takes_a_path(tmp_path: Path) -> None:
    from rdflib import Graph

    from kg.build import build_corpus
    from kg.evaluate import load_gold
    from kg.graph.load import load_graph
    from kg.graph.networkx_export import write_neo4j_csv, write_networkx
    from kg.graph.serialize import atomic_write
    from kg.read import meta_path, read_meta
    from kg.report import build_report_json, write_outputs
    from kg.viz import write_network_page, write_score_chart

    corpus = str(ROOT / "corpus")
    result = build_corpus([corpus], cache_dir=str(tmp_path / "cache"), nlp=False)
    assert result.triples > 1000 and any((tmp_path / "cache").glob("*.json"))
    out = str(tmp_path / "out")
    written = write_outputs(result, out, ["ttl", "nt"], report=build_report_json(result))
    assert all(Path(p).is_file() for p in written)
    graph = load_graph(str(tmp_path / "out" / "graph.ttl"))
    assert isinstance(graph, Graph) and len(graph) == result.triples
    write_networkx(graph, str(tmp_path / "view.graphml"), "graphml")
    assert len(write_neo4j_csv(graph, str(tmp_path / "neo4j"))) == 2
    write_network_page(graph, str(tmp_path / "page.html"))
    write_score_chart(graph, str(tmp_path / "scores.svg"))
    atomic_write(str(tmp_path / "x.txt"), b"x")
    peru = str(ROOT / "corpus" / "peru_2025.txt")
    assert read_meta(peru).country and meta_path(peru).name == "peru_2025.meta.yaml"
    assert load_gold(str(ROOT / "tests" / "data" / "gold" / "peru_2025.yaml")).document
    for name in ("view.graphml", "page.html", "scores.svg", "x.txt"):
        assert (tmp_path / name).stat().st_size > 0
    shutil.rmtree(tmp_path / "cache")
