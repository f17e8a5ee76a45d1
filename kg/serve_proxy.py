"""The front of ``ockg serve``: SPARQL requests checked, then passed to Oxigraph's server.

Oxigraph's own server would evaluate a ``SERVICE`` clause by calling the remote endpoint; the
proxy refuses such a query (HTTP 400, ``E209``) before Oxigraph sees it, and buffers each
answer up to a size bound so that a client gets a whole result or a clear error (HTTP 507,
``E211``), never a cut one; a result that Oxigraph's time limit cut short is answered with
HTTP 504, ``E210``. Everything else (the ``/store`` reads, the refusals of updates by
the read-only server, Oxigraph's time limit) passes through unchanged.
"""

from __future__ import annotations

import http.client
import socketserver
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kg.errors import Code, OckgError
from kg.sparql.guard import refuse_remote_query

__all__ = ["SparqlProxy", "queries_in"]

_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
}
_MAX_REQUEST = 16 * 1024 * 1024
_GRACE = 5.0
"""Seconds past the query time limit before the proxy stops waiting for Oxigraph."""
_CANCELLED = b"The SPARQL operation has been cancelled"
"""What Oxigraph appends to a result it has started to send when the time limit cuts it."""


def queries_in(path: str, content_type: str, body: bytes) -> list[str]:
    """The SPARQL texts a request carries: ``query``/``update`` parameters of the URL or form,
    or a body sent as ``application/sparql-query`` or ``application/sparql-update``."""
    found: list[str] = []
    for name, value in urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query):
        if name in ("query", "update"):
            found.append(value)
    kind = content_type.split(";")[0].strip().lower()
    text = body.decode("utf-8", "replace")
    if kind == "application/x-www-form-urlencoded":
        found += [v for k, v in urllib.parse.parse_qsl(text) if k in ("query", "update")]
    elif kind in ("application/sparql-query", "application/sparql-update"):
        found.append(text)
    return found


class _Handler(BaseHTTPRequestHandler):
    server: SparqlProxy
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def _refuse(self, status: int, error: OckgError) -> None:
        body = (str(error) + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_REQUEST:
            self._refuse(413, OckgError(Code.E202, f"a request over {_MAX_REQUEST:,} bytes"))
            return
        body = self.rfile.read(length) if length else b""
        try:
            for text in queries_in(self.path, self.headers.get("Content-Type", ""), body):
                refuse_remote_query(text)
        except OckgError as error:
            self._refuse(400, error)
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        limit = self.server.query_timeout
        upstream = http.client.HTTPConnection(
            "127.0.0.1", self.server.upstream_port, timeout=limit + _GRACE if limit else None
        )
        started = time.monotonic()
        try:
            upstream.request(self.command, self.path, body=body or None, headers=headers)
            response = upstream.getresponse()
            data = self._read(response, started)
        except TimeoutError:
            data = None
        except (OSError, http.client.HTTPException) as error:
            self._refuse(502, OckgError(Code.E205, f"the query server did not answer: {error}"))
            return
        finally:
            upstream.close()
        if data is None or data.endswith(_CANCELLED):
            limit = self.server.query_timeout
            detail = f"stopped after {limit:g} s; simplify the query" if limit else "cancelled"
            self._refuse(504, OckgError(Code.E210, detail))
        elif len(data) > self.server.max_bytes:
            mib = self.server.max_bytes / 1024**2
            detail = f"the result is over {mib:g} MiB; add LIMIT or raise --max-result-mb"
            self._refuse(507, OckgError(Code.E211, detail))
        else:
            self.send_response(response.status, response.reason)
            for key, value in response.getheaders():
                if key.lower() not in _HOP_BY_HOP:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    def _read(self, response: http.client.HTTPResponse, started: float) -> bytes | None:
        """The whole body, or one byte over the size bound, or None past the time bound."""
        limit = self.server.query_timeout
        deadline = started + limit + _GRACE if limit else None
        chunks: list[bytes] = []
        size = 0
        while size <= self.server.max_bytes:
            if deadline is not None and time.monotonic() > deadline:
                return None
            try:
                chunk = response.read1(1 << 16)
            except http.client.IncompleteRead:  # Oxigraph ends a cancelled stream this way
                return _CANCELLED
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = _forward


class SparqlProxy(ThreadingHTTPServer):
    """An HTTP server on ``address`` passing checked requests to ``127.0.0.1:upstream_port``."""

    daemon_threads = True

    def server_bind(self) -> None:
        """Bind without ``HTTPServer``'s reverse name lookup of the host (ockg stays offline)."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def __init__(
        self,
        address: tuple[str, int],
        upstream_port: int,
        *,
        max_bytes: int,
        query_timeout: float,
    ) -> None:
        if ":" in address[0]:
            import socket

            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)
        self.upstream_port = upstream_port
        self.max_bytes = max_bytes
        self.query_timeout = query_timeout
