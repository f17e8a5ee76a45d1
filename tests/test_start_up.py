"""Start-up: what a build loads, and that the pipeline is built once per process.

Each check runs a fresh interpreter (what a user's ``ockg build`` is), so modules another test
imported cannot hide an import the build itself makes. No timing: these are the behaviours
that keep a cold build fast (see ``benchmarks/cold_start.py`` for the figures).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PERU = ROOT / "corpus" / "peru_2025.txt"

_LOADED = """
import atexit, json, sys
watched = json.loads(sys.argv[1])
atexit.register(lambda: print(json.dumps(sorted(m for m in watched if m in sys.modules))))
sys.argv = ["ockg", *sys.argv[2:]]
from kg.cli import main
main()
"""


def _run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the session's compiled tables (conftest)
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_a_quiet_build_without_nlp_loads_no_model_console_query_engine_or_process_pool(
    tmp_path: Path,
) -> None:
    watched = [
        "spacy",  # the model stack: only for the NLP
        "kg.nlp.pipeline",
        "rich.console",  # the console: only when the build prints
        "kg.sparql.engine",  # the query engine: only for ockg query / serve
        "concurrent.futures.process",  # the worker pool: only for --jobs N > 1
    ]
    out = tmp_path / "out"
    done = _run(
        _LOADED,
        json.dumps(watched),
        *("build", str(PERU), "--no-nlp", "--no-cache", "-q", "--out", str(out)),
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
    assert (out / "graph.ttl").stat().st_size > 0  # it did build


def test_a_build_that_prints_still_loads_its_console(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = _run(
        _LOADED,
        json.dumps(["rich.console"]),
        *("build", str(PERU), "--no-nlp", "--no-cache", "--out", str(out)),
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == ["rich.console"]
    assert "ockg build:" in done.stderr  # the summary is printed on stderr


_COUNTED = """
import collections, json, sys
import spacy
from kg.nlp.actors.component import ActorFinder
from kg.nlp.markets import MarketFinder
from kg.nlp.places.component import PlaceFinder

calls = collections.Counter()

def counted(name, function):
    def wrapper(*args, **kwargs):
        calls[name] += 1
        return function(*args, **kwargs)
    return wrapper

spacy.load = counted("spacy.load", spacy.load)
for finder in (ActorFinder, PlaceFinder, MarketFinder):
    finder.compile = counted(finder.__name__ + ".compile", finder.compile)

from kg.build import build_corpus

result = build_corpus(sys.argv[1:], cache_dir=None)
print(json.dumps({"calls": calls, "documents": len(result.reports)}))
"""


@pytest.mark.slow
def test_the_pipeline_and_its_components_are_built_once_per_process(tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text(
        "Criminal groups from Colombia smuggle cocaine through Guayaquil to Rotterdam.\n\n"
        "Police in Lima say Los Choneros cooperate with Mexican cartels.\n",
        encoding="utf-8",
    )
    done = _run(_COUNTED, str(PERU), str(other))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["documents"] == 2
    assert report["calls"] == {
        "spacy.load": 1,
        "ActorFinder.compile": 1,
        "PlaceFinder.compile": 1,
        "MarketFinder.compile": 1,
    }
