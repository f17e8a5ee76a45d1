"""Hostile queries and graphs: offline, bounded, and printed as data (issue 11, classes 1, 2,
8, 9 and 12).

Every test has a time bound (``timebound``), so that a query that hangs on a silent port or
runs for ever fails here instead of stalling CI.
"""

from __future__ import annotations

import json
import socket
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from timebound import time_bound
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import OckgError
from kg.graph.load import load_graph
from kg.offline import offline
from kg.sparql.engine import display_decimal, run_query
from kg.sparql.guard import refuse_remote_query
from kg.sparql.limits import QueryLimits

runner = CliRunner()
ENGINES = ("oxigraph", "rdflib")


@pytest.fixture
def silent_port() -> Iterator[socket.socket]:
    """A port that accepts connections into its backlog and never answers: a client hangs."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        server.settimeout(0)
        yield server


def _no_connection(server: socket.socket) -> bool:
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return True
    connection.close()
    return False


@pytest.fixture
def graph(tmp_path: Path) -> Path:
    lines = [f"<http://e/s{i}> <http://e/p> <http://e/o{i}> ." for i in range(200)]
    lines.append('<http://e/t> <http://e/label> "a [/citation needed] claim [sic] [bold]x" .')
    path = tmp_path / "g.nt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- class 1: SERVICE is refused, never sent --------------------------------------------------

SERVICE_SPELLINGS = [
    "SERVICE <{url}> {{ ?x ?y ?z }}",
    "service <{url}> {{ ?x ?y ?z }}",
    "SeRvIcE SILENT <{url}> {{ ?x ?y ?z }}",
    "\\u0053ERVICE <{url}> {{ ?x ?y ?z }}",
    "# a comment\n SERVICE\t<{url}>{{?x ?y ?z}}",
    ". SERVICE <{url}> {{ ?x ?y ?z }}",
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("spelling", SERVICE_SPELLINGS)
@time_bound(20)
def test_a_service_clause_is_refused_on_both_engines_without_a_connection(
    graph: Path, silent_port: socket.socket, engine: str, spelling: str
) -> None:
    url = f"http://127.0.0.1:{silent_port.getsockname()[1]}/sparql"
    query = "SELECT * WHERE { ?s ?p ?o " + spelling.format(url=url) + " }"
    with pytest.raises(OckgError) as caught:
        run_query(graph, query, engine=engine)
    assert caught.value.code.name == "E209" and str(graph) in str(caught.value)
    assert _no_connection(silent_port)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    name=st.sampled_from(["service", "SERVICE", "Service"]),
    before=st.sampled_from(["?", "$", "ex:", "<http://e/", '"', "# "]),
)
@time_bound(10)
def test_names_spelled_like_service_are_not_the_keyword(name: str, before: str) -> None:
    """``?service``, ``ex:service``, a string or comment holding it: the query is allowed."""
    closing = {"<http://e/": ">", '"': '"', "# ": "\n"}.get(before, "")
    term = f"{before}{name}{closing}"
    if before in ("# ",):
        query = f"PREFIX ex: <http://e/>\nSELECT * WHERE {{ ?s ?p ?o {term} }}"
    elif before == '"':
        query = f"PREFIX ex: <http://e/>\nSELECT * WHERE {{ ?s ?p {term} }}"
    else:
        query = f"PREFIX ex: <http://e/>\nSELECT * WHERE {{ ?s ?p {term} }}"
    refuse_remote_query(query)


@time_bound(10)
def test_network_access_inside_ockg_is_refused_by_the_offline_guard(
    silent_port: socket.socket,
) -> None:
    """The audit-hook guard: Python code (rdflib, urllib) cannot connect while ockg works."""
    url = f"http://127.0.0.1:{silent_port.getsockname()[1]}/"
    with offline(), pytest.raises(OckgError) as caught:
        urllib.request.urlopen(url, timeout=5)
    assert caught.value.code.name == "E209"
    assert _no_connection(silent_port)


@time_bound(30)
def test_query_through_the_cli_refuses_service_with_exit_1(
    graph: Path, silent_port: socket.socket
) -> None:
    url = f"http://127.0.0.1:{silent_port.getsockname()[1]}/"
    query = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    for engine in ENGINES:
        result = runner.invoke(app, ["query", str(graph), query, "--engine", engine])
        assert result.exit_code == 1, result.output
        assert "E209" in result.output and "Traceback" not in result.output
    assert _no_connection(silent_port)


# --- class 2: JSON-LD contexts are never fetched or read --------------------------------------


def _jsonld(tmp_path: Path, context: object) -> Path:
    path = tmp_path / "hostile.jsonld"
    document = {"@context": context, "@id": "http://e/a", "http://e/p": "x"}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "context",
    [
        "http://127.0.0.1:{port}/context.jsonld",
        "file:///etc/passwd",
        "/etc/passwd",
        ["http://127.0.0.1:{port}/c", {"@vocab": "http://e/"}],
        {"@import": "http://127.0.0.1:{port}/c", "@vocab": "http://e/"},
    ],
    ids=["http", "file-url", "path", "in-array", "import"],
)
@time_bound(30)
def test_a_jsonld_context_to_fetch_is_refused_everywhere(
    tmp_path: Path, silent_port: socket.socket, context: object
) -> None:
    port = silent_port.getsockname()[1]
    filled = json.loads(json.dumps(context).replace("{port}", str(port)))
    path = _jsonld(tmp_path, filled)
    with pytest.raises(OckgError) as caught:
        load_graph(path)
    assert caught.value.code.name == "E201" and "context" in str(caught.value)
    for engine in ENGINES:
        with pytest.raises(OckgError) as caught:
            run_query(path, "SELECT * WHERE { ?s ?p ?o }", engine=engine)
        assert caught.value.code.name == "E201"
    for command in (["validate", str(path)], ["viz", str(path), "--out", str(tmp_path / "v.html")]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1 and "E201" in result.output, result.output
    assert not (tmp_path / "v.html").exists()
    assert _no_connection(silent_port)


def test_an_embedded_jsonld_context_still_loads(tmp_path: Path) -> None:
    path = _jsonld(tmp_path, {"@vocab": "http://e/"})
    assert len(load_graph(path)) == 1


# --- class 8: data is never read as Rich markup -----------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@time_bound(30)
def test_table_output_prints_brackets_in_data_as_written(graph: Path, engine: str) -> None:
    query = "SELECT ?label WHERE { ?s <http://e/label> ?label }"
    result = runner.invoke(app, ["query", str(graph), query, "--engine", engine])
    assert result.exit_code == 0, result.output
    assert "[/citation needed]" in result.output and "[sic]" in result.output
    assert "[bold]x" in result.output


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    parts=st.lists(
        st.sampled_from(["[", "]", "/", "a", " ", "=", "\\", "#", "[/", "[bold]", "\x1b", "@"]),
        min_size=1,
        max_size=20,
    )
)
@time_bound(20)
def test_any_bracketed_value_prints_as_written(parts: list[str]) -> None:
    import contextlib
    import io

    from kg.report import print_query_result
    from kg.sparql.engine import QueryResult

    text = "".join(parts)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        print_query_result(QueryResult(("v",), ((text,),)), "table")
    printed = buffer.getvalue()
    shown = text.replace("\x1b", "\\x1b").strip()
    assert "\x1b" not in printed
    if shown and len(shown) < 60:  # rich wraps longer cells over lines
        assert shown in printed


# --- class 9: huge numbers ----------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "lexical", ["1E+99999999", "-1e-99999999", "9" * 5000 + ".5", "NaN", "INF", "0x10"]
)
@time_bound(30)
def test_a_huge_or_ill_typed_decimal_in_a_result_is_shown_as_written(
    tmp_path: Path, engine: str, lexical: str
) -> None:
    path = tmp_path / "n.nt"
    datatype = "<http://www.w3.org/2001/XMLSchema#decimal>"
    path.write_text(f'<http://e/a> <http://e/p> "{lexical}"^^{datatype} .\n', encoding="utf-8")
    result = run_query(path, "SELECT ?o WHERE { ?s ?p ?o }", engine=engine)
    (value,) = result.rows[0]
    assert value is not None and len(value) <= len(lexical) + 3


@settings(max_examples=80, deadline=None, derandomize=True)
@given(
    sign=st.sampled_from(["", "+", "-"]),
    whole=st.text("0123456789", max_size=400),
    fraction=st.none() | st.text("0123456789", max_size=400),
)
@time_bound(20)
def test_display_decimal_is_exact_for_every_decimal_lexical_form(
    sign: str, whole: str, fraction: str | None
) -> None:
    from decimal import Decimal

    lexical = sign + whole + ("" if fraction is None else "." + fraction)
    shown = display_decimal(lexical)
    if not (whole or fraction):
        assert shown == lexical
        return
    assert Decimal(shown) == Decimal(lexical)
    assert len(shown.partition(".")[2]) >= 2


# --- class 12: time and row limits ------------------------------------------------------------

CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.mark.parametrize("engine", ENGINES)
@time_bound(30)
def test_a_runaway_query_stops_at_the_time_limit(graph: Path, engine: str) -> None:
    query = CARTESIAN.replace("}", "} ORDER BY ?a ?d ?g ?j")
    limits = QueryLimits(timeout=2, max_rows=None)
    with pytest.raises(OckgError) as caught:
        run_query(graph, query, engine=engine, limits=limits)
    assert caught.value.code.name == "E210" and str(graph) in str(caught.value)


@pytest.mark.parametrize("engine", ENGINES)
@time_bound(30)
def test_a_result_over_the_row_limit_is_an_error_not_a_partial_table(
    graph: Path, engine: str
) -> None:
    result = runner.invoke(
        app, ["query", str(graph), CARTESIAN, "--engine", engine, "--max-rows", "1000"]
    )
    assert result.exit_code == 1
    assert "E211" in result.output and "Traceback" not in result.output
    assert "http://e/" not in result.output  # no row was printed


@pytest.mark.parametrize("engine", ENGINES)
@time_bound(30)
def test_limits_are_configurable_and_a_query_within_them_answers(graph: Path, engine: str) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
    result = runner.invoke(
        app,
        ["query", str(graph), query, "--engine", engine, "--timeout", "0", "--max-rows", "0"],
    )
    assert result.exit_code == 0, result.output
    assert str(201 * 201) in result.output


@time_bound(10)
def test_the_offline_guard_lets_serve_look_up_only_its_own_interface() -> None:
    from kg.offline import allowing

    with offline(), allowing(("localhost", 7878)):
        assert socket.getaddrinfo("localhost", 7878)
        with pytest.raises(OckgError) as caught:
            socket.getaddrinfo("example.org", 80)
    assert caught.value.code.name == "E209"


@time_bound(20)
def test_an_engine_failure_inside_the_bounded_child_is_a_coded_error() -> None:
    from kg.sparql.limits import bounded

    def failing() -> None:
        raise TypeError("odd data")

    with pytest.raises(OckgError) as caught:
        bounded(failing, QueryLimits(timeout=10))
    assert caught.value.code.name == "E202" and "TypeError: odd data" in str(caught.value)


@time_bound(20)
def test_a_query_child_over_its_memory_bound_is_a_coded_error() -> None:
    from kg.sparql.limits import bounded

    def hungry() -> int:
        return len(bytearray(512 * 1024**2))

    with pytest.raises(OckgError) as caught:
        bounded(hungry, QueryLimits(timeout=15, max_memory=64 * 1024**2))
    assert caught.value.code.name == "E212"
