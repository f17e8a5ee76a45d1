"""Offline by construction: refuse network access while ockg works.

Python code (rdflib's parsers and SPARQL engine, urllib): :func:`offline` installs, once per
process, an audit hook (PEP 578) that raises ``E209`` on every socket connection, name lookup
and URL request made inside the ``with offline():`` block. Every command but ``ockg push`` runs
inside one; ``ockg build --scheduler`` lifts it (:func:`online`) only to talk to the Dask
cluster the user named. SPARQL text, which Oxigraph (native code, out of reach of audit hooks)
would evaluate, has its own guard: :func:`kg.sparql.guard.refuse_remote_query`.
"""

from __future__ import annotations

import contextvars
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from kg.errors import Code, OckgError

__all__ = ["allow_for_command", "allowing", "offline", "online"]

_ACTIVE: contextvars.ContextVar[bool] = contextvars.ContextVar("ockg_offline", default=False)
_ALLOWED: contextvars.ContextVar[frozenset[object]] = contextvars.ContextVar(
    "ockg_offline_allowed", default=frozenset()
)
_INSTALLED = False
_NETWORK_EVENTS = frozenset(
    {
        "socket.connect",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "socket.sendto",
        "urllib.Request",
        "http.client.connect",
        "ftplib.connect",
        "smtplib.connect",
    }
)


def _hook(event: str, args: tuple[object, ...]) -> None:
    if event in _NETWORK_EVENTS and _ACTIVE.get():
        allowed = _ALLOWED.get()
        if event == "socket.connect" and len(args) > 1 and args[1] in allowed:
            return
        lookup = event in ("socket.getaddrinfo", "socket.gethostbyname") and args
        if lookup and any(args[0] == host for host, _ in allowed):  # serve --host localhost
            return
        target = args[0] if event == "urllib.Request" and args else args[1:2]
        raise OckgError(Code.E209, f"{event} {target!r} refused; ockg works offline")


@contextmanager
def offline() -> Iterator[None]:
    """Run the block with network access refused (``E209``), in this thread and context."""
    global _INSTALLED
    if not _INSTALLED:
        sys.addaudithook(_hook)
        _INSTALLED = True
    token = _ACTIVE.set(True)
    allowed = _ALLOWED.set(_ALLOWED.get())
    try:
        yield
    finally:
        _ALLOWED.reset(allowed)
        _ACTIVE.reset(token)


@contextmanager
def allowing(address: tuple[str, int]) -> Iterator[None]:
    """Within :func:`offline`, allow connections to ``address`` (ockg's own server) and the
    lookup of its host name (``serve --host localhost`` binds to a name)."""
    token = _ALLOWED.set(_ALLOWED.get() | {address})
    try:
        yield
    finally:
        _ALLOWED.reset(token)


@contextmanager
def online() -> Iterator[None]:
    """Allow network access again inside an ``offline()`` block, for the one server a user
    names on the command line (``ockg build --scheduler``: the Dask cluster)."""
    token = _ACTIVE.set(False)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def allow_for_command(address: tuple[str, int]) -> None:
    """Allow ``address`` for the rest of the current :func:`offline` block (a command's run):
    the Dask scheduler that ``ockg build --scheduler`` was given."""
    _ALLOWED.set(_ALLOWED.get() | {address})
