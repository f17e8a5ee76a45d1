"""The named query pack: ``queries/*.rq`` in a checkout, ``kg/_queries`` in a wheel."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from kg.errors import Code, OckgError
from kg.sparql.text import header

__all__ = ["named_query", "queries_dir", "query_description", "query_names"]

_KG_DIR = Path(__file__).resolve().parent.parent


@cache
def queries_dir() -> Path:
    """The folder of named queries: ``queries/`` in a checkout, ``kg/_queries`` in a wheel."""
    for candidate in (_KG_DIR.parent / "queries", _KG_DIR / "_queries"):
        if candidate.is_dir() and any(candidate.glob("*.rq")):
            return candidate
    raise FileNotFoundError("ockg's queries folder is missing from this installation")


def query_names() -> list[str]:
    """The names of the named queries (their file names without ``.rq``), sorted."""
    return sorted(path.stem for path in queries_dir().glob("*.rq"))


def named_query(name: str) -> str:
    """The text of the named query ``name``; an unknown name raises ``E202`` listing the known."""
    names = query_names()
    if name not in names:
        raise OckgError(Code.E202, f"unknown named query {name!r}; known: {', '.join(names)}")
    return (queries_dir() / f"{name}.rq").read_text(encoding="utf-8")


def query_description(name: str) -> str:
    """The leading comment lines of a named query, as one paragraph (declarations left out)."""
    lines = [
        line.lstrip("#").strip()
        for line in header(named_query(name))
        if not re.match(r"#\s*@(param|needs)\b", line)
    ]
    return " ".join(part for part in lines if part)
