"""Serving a graph over the SPARQL Protocol and pushing one to a Graph Store, on loopback."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import OckgError
from kg.serve import _code, oxigraph_binary, push
from kg.sparql.engine import run_named
from kg.sparql.named import named_query
from kg.sparql.params import bind_parameters

SERVE = "import sys; from kg.serve import serve; serve(sys.argv[1], port=int(sys.argv[2]))"


@pytest.fixture(scope="module")
def binary() -> Path:
    try:
        return oxigraph_binary()
    except OckgError:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")


@pytest.fixture(scope="module")
def peru_ttl(peru_build: Path) -> Path:
    """Peru's graph, from the session's build (tests/conftest.py)."""
    return peru_build / "graph.ttl"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _sparql(base: str, query: str) -> dict:
    """POST a query (SPARQL 1.1 Protocol) and return the JSON results."""
    request = urllib.request.Request(
        f"{base}/query",
        data=query.encode("utf-8"),
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        return json.load(response)


def _values(results: dict, name: str) -> list[str]:
    return [row[name]["value"] for row in results["results"]["bindings"] if name in row]


def _count(base: str, where: str = "?s ?p ?o") -> int:
    return int(_values(_sparql(base, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"), "n")[0])


def _wait_ready(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped ({process.returncode}): {log.read_text()[-2000:]}")
        try:
            if _sparql(base, "ASK {}")["boolean"] is True:
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    pytest.fail(f"the server at {base} did not answer within 60 s")


def _stop(process: subprocess.Popen[bytes]) -> int:
    """SIGTERM, then SIGKILL to the process group this test started if it hangs."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.returncode


@pytest.fixture
def served(peru_ttl: Path, binary: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``serve()`` running in a subprocess: its base URL and its temporary folder."""
    port, temp, log = _free_port(), tmp_path / "tmp", tmp_path / "serve.log"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", SERVE, str(peru_ttl), str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_ready(base, process, log)
        yield base, temp
    finally:
        status = _stop(process)
    assert status == 0, log.read_text()[-2000:]
    assert list(temp.iterdir()) == [], "serve() left its temporary store behind"


@pytest.fixture
def writable(binary: Path, tmp_path: Path) -> Iterator[str]:
    """An empty, writable Oxigraph server: its base URL."""
    port, log = _free_port(), tmp_path / "oxigraph.log"
    command = [str(binary), "serve", "--location", str(tmp_path / "store")]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "--bind", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_ready(base, process, log)
        yield base
    finally:
        _stop(process)


def _triples(path: Path) -> int:
    return sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def test_serve_answers_sparql_queries_over_http(served: tuple[str, Path], peru_ttl: Path) -> None:
    base, _ = served
    assert _count(base) == _triples(peru_ttl)
    # a named query gives over HTTP what it gives locally
    local = run_named(peru_ttl, "market_scores")
    remote = _sparql(base, named_query("market_scores"))
    assert remote["head"]["vars"] == list(local.variables)
    assert _values(remote, "market") == [row[local.variables.index("market")] for row in local.rows]
    # and so does a filtered one, sent with its filters (the cocaine question)
    params = {"market": "cocaine trade", "country": "Peru"}
    bound = bind_parameters(named_query("foreign_groups"), params)
    cocaine = _sparql(base, bound.sparql())
    local = run_named(peru_ttl, "foreign_groups", params)
    assert cocaine["results"]["bindings"] and local.rows
    assert _values(cocaine, "actor") == [row[0] for row in local.rows]


def test_the_served_graph_is_read_only(served: tuple[str, Path], peru_ttl: Path) -> None:
    base, _ = served
    with pytest.raises(OckgError, match="HTTP 4") as caught:
        push(peru_ttl, f"{base}/store")
    assert caught.value.code is _code("E207")
    assert _count(base) == _triples(peru_ttl)


def test_push_loads_a_graph_into_a_graph_store(writable: str, peru_ttl: Path) -> None:
    expected = _triples(peru_ttl)
    assert _count(writable) == 0
    assert push(peru_ttl, f"{writable}/store") == expected
    assert _count(writable) == expected
    # PUT replaces: pushing again leaves the same graph
    assert push(peru_ttl, f"{writable}/store") == expected
    assert _count(writable) == expected
    # a named graph, added to with POST
    iri = "https://w3id.org/ockg/id/graph/peru"
    assert push(peru_ttl, f"{writable}/store", iri, replace=False) == expected
    assert _count(writable, f"GRAPH <{iri}> {{ ?s ?p ?o }}") == expected
    assert _count(writable) == expected


def test_push_errors_name_the_endpoint_and_the_cause(writable: str, peru_ttl: Path) -> None:
    closed = f"http://127.0.0.1:{_free_port()}/store"
    with pytest.raises(OckgError, match="refused") as caught:
        push(peru_ttl, closed)
    assert caught.value.code is _code("E206") and closed in str(caught.value)
    with pytest.raises(OckgError, match="HTTP 404") as caught:
        push(peru_ttl, f"{writable}/nowhere")
    assert caught.value.code is _code("E207")
    for endpoint, iri in (("ftp://example.org/store", None), (f"{writable}/store", "not an iri")):
        with pytest.raises(OckgError) as caught:
            push(peru_ttl, endpoint, iri)
        assert caught.value.code is _code("E206")
    assert _count(writable) == 0
