"""``ockg serve`` under hostile use (issue 11, classes 1, 12 and 15): SERVICE refused, queries
bounded in time and size, and no server or store left behind when ``serve`` is killed.

Every wait here is bounded (``timebound`` and HTTP timeouts), so a hang fails the test.
"""

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

import pytest
from timebound import time_bound

from kg.errors import OckgError
from kg.serve import oxigraph_binary
from kg.serve_proxy import queries_in

SERVE = (
    "import sys; from kg.serve import serve; "
    "serve(sys.argv[1], port=int(sys.argv[2]), timeout=float(sys.argv[3]),"
    " max_result_mb=float(sys.argv[4]))"
)


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    try:
        oxigraph_binary()
    except OckgError:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    path = tmp_path_factory.mktemp("serve") / "g.nt"
    lines = [f"<http://e/s{i}> <http://e/p> <http://e/o{i}> ." for i in range(400)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _post(base: str, query: str, timeout: float = 30) -> tuple[int, bytes]:
    request = urllib.request.Request(
        f"{base}/query",
        data=query.encode("utf-8"),
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _start(graph: Path, tmp_path: Path, timeout: float = 60, max_mb: float = 100):
    port, temp, log = _free_port(), tmp_path / "tmp", tmp_path / "serve.log"
    temp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(temp)}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", SERVE, str(graph), str(port), str(timeout), str(max_mb)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()[-2000:]
        try:
            if _post(base, "ASK {}", timeout=5)[0] == 200:
                return process, base, temp, port
        except OSError:
            time.sleep(0.1)
    pytest.fail("serve did not answer within 60 s")


@pytest.fixture
def served(graph: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    process, base, temp, _ = _start(graph, tmp_path, timeout=2, max_mb=0.01)
    try:
        yield base, temp
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            assert process.wait(timeout=20) == 0
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
    assert list(temp.iterdir()) == []


def test_queries_in_a_request_are_found_in_every_protocol_form() -> None:
    query = "SELECT * { SERVICE <http://x/> {} }"
    encoded = urllib.parse.urlencode({"query": query})
    assert queries_in(f"/query?{encoded}", "", b"") == [query]
    assert queries_in("/query", "application/x-www-form-urlencoded", encoded.encode()) == [query]
    assert queries_in("/query", "application/sparql-query; charset=utf-8", query.encode()) == [
        query
    ]


@time_bound(90)
def test_serve_refuses_service_without_contacting_the_remote(
    served: tuple[str, Path],
) -> None:
    base, _ = served
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        silent.settimeout(0)
        remote = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        query = f"SELECT * WHERE {{ SERVICE <{remote}> {{ ?s ?p ?o }} }}"
        status, body = _post(base, query)
        assert status == 400 and b"E209" in body
        url = f"{base}/query?" + urllib.parse.urlencode({"query": query})
        try:
            urllib.request.urlopen(url, timeout=30)
            pytest.fail("a GET with SERVICE was answered")
        except urllib.error.HTTPError as error:
            assert error.code == 400 and b"E209" in error.read()
        with pytest.raises(BlockingIOError):
            silent.accept()


@time_bound(90)
def test_serve_stops_a_runaway_query_at_its_time_limit(served: tuple[str, Path]) -> None:
    base, _ = served
    query = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    status, body = _post(base, query, timeout=60)
    assert status == 504 and b"E210" in body
    assert time.monotonic() - started < 30
    assert _post(base, "ASK { ?s ?p ?o }")[0] == 200  # the server still answers


@time_bound(90)
def test_serve_refuses_a_result_over_its_size_limit_whole(served: tuple[str, Path]) -> None:
    base, _ = served
    status, body = _post(base, "SELECT * { ?s ?p ?o }")
    assert status == 507 and b"E211" in body
    status, body = _post(base, "SELECT * { ?s ?p ?o } LIMIT 3")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3


def _serving(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _oxigraph_children(folder: Path) -> list[int]:
    """Processes whose command line names the store folder (the Oxigraph server)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if str(folder).encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux")
@time_bound(120)
def test_killing_serve_stops_its_server_and_removes_its_store(graph: Path, tmp_path: Path) -> None:
    process, _, temp, port = _start(graph, tmp_path)
    (store,) = list(temp.iterdir())
    assert _oxigraph_children(store)
    os.kill(process.pid, signal.SIGKILL)  # the parent only, not its process group
    process.wait(timeout=10)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (
        list(temp.iterdir()) or _oxigraph_children(store) or _serving(port)
    ):
        time.sleep(0.2)
    assert not _oxigraph_children(store), "the Oxigraph server outlived serve"
    assert list(temp.iterdir()) == [], "the temporary store was left behind"
    assert not _serving(port)
