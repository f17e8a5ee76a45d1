"""Refuse federated SPARQL: Oxigraph (native code, out of reach of :mod:`kg.offline`'s audit
hook) would evaluate a ``SERVICE`` clause by fetching from another endpoint, so a query holding
one is refused (``E209``) on both engines and behind ``ockg serve``."""

from __future__ import annotations

import re

from kg.errors import Code, OckgError
from kg.sparql.text import blanked

__all__ = ["refuse_remote_query"]

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:-])", re.IGNORECASE)


def _unescaped(text: str) -> str:
    """SPARQL's ``\\uXXXX`` escapes, which may appear anywhere in a query, decoded."""

    def decode(match: re.Match[str]) -> str:
        code = int(match[1] or match[2], 16)
        return chr(code) if code < 0x110000 else match[0]

    return _ESCAPE.sub(decode, text)


def refuse_remote_query(text: str) -> None:
    """Raise ``E209`` if the SPARQL query ``text`` holds a ``SERVICE`` clause.

    The keyword is looked for outside comments, strings and IRIs, after decoding ``\\u``
    escapes; a variable or prefixed name spelled like it (``?service``, ``ex:service``) is
    not the keyword.
    """
    if _SERVICE.search(blanked(_unescaped(text))):
        raise OckgError(
            Code.E209, "the query has a SERVICE clause (a federated query to another endpoint)"
        )
