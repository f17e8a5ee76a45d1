"""Serve a graph over the SPARQL 1.1 Protocol, and push a graph to any Graph Store Protocol server.

:func:`serve` loads the graph file(s) into an Oxigraph store in a temporary folder with the
``oxigraph`` command-line server (the ``oxigraph`` package on PyPI) and runs it read-only until
interrupted: queries at ``http://HOST:PORT/query`` (GET or POST), the data at ``/store``.

:func:`push` sends a graph as Turtle to a SPARQL 1.1 Graph Store HTTP Protocol endpoint (Oxigraph's
``/store``, Fuseki's ``/DATASET/data``, GraphDB's ``/repositories/REPO/rdf-graphs/service``…), with
urllib only.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from kg.errors import Code, OckgError
from kg.graph.load import graph_files

__all__ = ["oxigraph_binary", "push", "serve"]

_OXIGRAPH_FORMATS = {".ttl": "ttl", ".nt": "nt", ".jsonld": "jsonld"}


def _code(name: str) -> Code:
    """The dedicated server codes (E205 to E207) where kg.errors has them, E201 until then."""
    return Code.__members__.get(name, Code.E201)


def oxigraph_binary() -> Path:
    """The ``oxigraph`` server program: next to this Python's own scripts, or on the PATH."""
    name = "oxigraph.exe" if sys.platform == "win32" else "oxigraph"
    local = Path(sys.executable).parent / name
    if local.is_file():
        return local
    found = shutil.which("oxigraph")
    if found is None:
        raise OckgError(
            _code("E205"), "the oxigraph server is not installed; run: pip install oxigraph"
        )
    return Path(found)


def _check_port(host: str, port: int, graph: str | Path) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            detail = f"cannot listen on {host}:{port}: {error}"
            raise OckgError(_code("E205"), detail, path=graph) from None


def _load(binary: Path, location: Path, paths: list[Path]) -> None:
    for path in paths:
        fmt = _OXIGRAPH_FORMATS.get(path.suffix.lower(), "ttl")
        command = [str(binary), "load", "--location", str(location), "--file", str(path)]
        done = subprocess.run(
            [*command, "--format", fmt], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            lines = (done.stderr or done.stdout).strip().splitlines() or ["oxigraph load failed"]
            raise OckgError(Code.E201, lines[-1][:300], path=path)


def _location(binary: Path, folder: Path, paths: list[Path]) -> Path:
    """Where the server reads: a build's on-disk store directly (its default graph the union
    of its graphs) where it is the only source, else a temporary store loaded with them all."""
    from kg.graph.segments import write_lines
    from kg.graph.store import find_store, store_lines

    stores = [p for p in paths if p.is_dir() and find_store(p) == p]
    location = folder / "store"
    if stores and len(paths) == 1:
        # a link in the temporary folder, so the guard knows the server by its command line;
        # removing the folder removes the link, never the store
        location.symlink_to((stores[0] / "oxigraph").resolve(), target_is_directory=True)
        return location
    files = []
    for path in paths:
        if path in stores:  # the store's union, exactly as its exports hold it, streamed
            union = folder / f"store-union-{len(files)}.nt"
            with open(union, "wb") as handle:
                write_lines(store_lines(path), handle)
            files.append(union)
        else:
            files.append(path)
    _load(binary, location, files)
    return location


def _private_port() -> int:
    """A free loopback port for the Oxigraph server behind the proxy."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_listening(
    process: subprocess.Popen[bytes], port: int, graph: str | Path, log: Path
) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = log.read_text("utf-8", "replace").strip().splitlines() if log.exists() else []
            detail = f"oxigraph stopped with status {process.returncode} while starting"
            if said:
                detail += f": {said[-1][:200]}"
            raise OckgError(_code("E205"), detail, path=graph)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise OckgError(_code("E205"), "oxigraph did not start within 60 s", path=graph)


def _guard(folder: Path) -> subprocess.Popen[bytes]:
    """Start ``kg.serve_guard``: it cleans up when this process ends, even by SIGKILL."""
    return subprocess.Popen(
        [sys.executable, "-m", "kg.serve_guard", str(folder)],
        stdin=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, sys.path))},
    )


def serve(
    graph: str | Path,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    timeout: float = 60.0,
    max_result_mb: float = 100.0,
) -> None:
    """Serve ``graph`` (a graph file or a folder of them) read-only until interrupted.

    Oxigraph's server runs on a private loopback port behind :class:`kg.serve_proxy.SparqlProxy`,
    which refuses ``SERVICE`` (ockg stays offline) and results over ``max_result_mb``;
    Oxigraph stops a query after ``timeout`` seconds (0: no limit). SIGINT (Ctrl-C) and
    SIGTERM stop the server and remove its temporary store; if this process is killed, the
    server gets SIGKILL from Linux (parent-death signal) and a guard process removes the store.
    """
    from kg.offline import allowing
    from kg.serve_proxy import SparqlProxy
    from kg.sparql.limits import parent_death_signal

    paths = graph_files(graph)
    try:
        binary = oxigraph_binary()
    except OckgError as error:
        raise error.at(graph) from None
    with allowing((host, port)):
        _check_port(host, port, graph)
    folder = Path(tempfile.mkdtemp(prefix="ockg-serve-"))
    guard: subprocess.Popen[bytes] | None = None
    process: subprocess.Popen[bytes] | None = None
    main = threading.current_thread() is threading.main_thread()
    previous = signal.getsignal(signal.SIGTERM) if main else None
    try:
        guard = _guard(folder)  # removes the store however this process ends
        location = _location(binary, folder, paths)  # a build's store is served directly
        private = _private_port()
        command = [str(binary), "serve-read-only", "--location", str(location)]
        command += ["--bind", f"127.0.0.1:{private}"]
        if timeout:
            command += ["--timeout-s", str(max(1, round(timeout)))]
        with (folder / "oxigraph.log").open("wb") as log:  # it listens on a private port
            # preexec_fn runs before this process starts any thread
            process = subprocess.Popen(
                command, stdout=log, stderr=log, preexec_fn=parent_death_signal
            )
        assert guard.stdin is not None
        guard.stdin.write(f"{process.pid}\n".encode())
        guard.stdin.flush()
        with allowing(("127.0.0.1", private)):
            _wait_listening(process, private, graph, folder / "oxigraph.log")
        max_bytes = int(max_result_mb * 1024**2) if max_result_mb else 1 << 62
        try:
            with allowing((host, port)):
                proxy = SparqlProxy(
                    (host, port), private, max_bytes=max_bytes, query_timeout=timeout
                )
        except OSError as error:
            detail = f"cannot listen on {host}:{port}: {error}"
            raise OckgError(_code("E205"), detail, path=graph) from None
        if main:
            signal.signal(signal.SIGTERM, _interrupt)
        watcher = threading.Thread(target=_watch, args=(process, proxy), daemon=True)
        watcher.start()
        try:
            proxy.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            proxy.server_close()
        if process.poll() is not None:
            status = process.returncode
            raise OckgError(_code("E205"), f"oxigraph stopped with status {status}", path=graph)
    except KeyboardInterrupt:
        pass
    finally:
        if main and previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if process is not None:
            _stop(process)
        shutil.rmtree(folder, ignore_errors=True)
        if guard is not None:
            _close_guard(guard)


def _watch(process: subprocess.Popen[bytes], proxy: object) -> None:
    """Stop the proxy when the Oxigraph server stops on its own."""
    process.wait()
    proxy.shutdown()  # type: ignore[attr-defined]


def _close_guard(guard: subprocess.Popen[bytes]) -> None:
    """Close the guard's pipe (it then cleans up, finds nothing left, and exits)."""
    if guard.stdin is not None:
        guard.stdin.close()
    try:
        guard.wait(timeout=15)
    except subprocess.TimeoutExpired:
        guard.kill()
        guard.wait()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _turtle(paths: list[Path]) -> tuple[bytes, int]:
    """The graph files merged into one Turtle document, and its number of triples."""
    import pyoxigraph as ox

    from kg.sparql.engine import oxigraph_store

    store = oxigraph_store(paths, bulk=True)
    data = store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
    return data, len(store)


def _target(endpoint: str, graph_iri: str | None) -> str:
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise OckgError(_code("E206"), f"{endpoint!r} is not an http(s) URL")
    if graph_iri is None:
        selector = "default"
    else:
        import pyoxigraph as ox

        try:
            ox.NamedNode(graph_iri)
        except ValueError as error:
            raise OckgError(_code("E206"), f"{graph_iri!r} is not a valid IRI: {error}") from None
        selector = urllib.parse.urlencode({"graph": graph_iri})
    query = f"{parts.query}&{selector}" if parts.query else selector
    return urllib.parse.urlunsplit(parts._replace(query=query))


def push(
    graph: str | Path,
    endpoint: str,
    graph_iri: str | None = None,
    *,
    replace: bool = True,
    timeout: float = 60.0,
) -> int:
    """Send ``graph`` (a file or folder) as Turtle to a Graph Store Protocol ``endpoint``.

    The triples go to the default graph (``?default``) or to the named graph ``graph_iri``
    (``?graph=…``), replacing it (HTTP PUT) or, with ``replace=False``, added to it (HTTP POST).
    Returns the number of triples sent.
    """
    data, count = _turtle(graph_files(graph))
    url = _target(endpoint, graph_iri)
    request = urllib.request.Request(
        url,
        data=data,
        method="PUT" if replace else "POST",
        headers={"Content-Type": "text/turtle; charset=utf-8"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        body = error.read().decode("utf-8", "replace").strip().replace("\n", " ")[:300]
        detail = f"{request.method}: HTTP {error.code} {error.reason}"
        raise OckgError(_code("E207"), f"{detail}: {body}" if body else detail, path=url) from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise OckgError(_code("E206"), str(reason), path=url) from None
    return count
