"""Coded errors and warnings, all in one place.

Errors (``E…``) stop the processing of a document; warnings (``W…``) are kept on the
parsed models and reported, never raised. Every message names the file and, where
there is one, the line, so that a user can go straight to the problem.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

__all__ = ["Code", "OckgError", "format_location"]


class Code(StrEnum):
    """Every error and warning ockg reports, with its message template."""

    # --- reading ---------------------------------------------------------------------------
    E001 = "file not found"
    E002 = "file is empty"
    E003 = "file is binary, not text"
    E004 = "file is not valid UTF-8"
    E005 = "metadata file is malformed"
    E006 = "no input documents found"
    E007 = "file is too large"
    E008 = "file changed while the build read it"
    E009 = "no reader for this kind of file"
    # --- profile structure -----------------------------------------------------------------
    E101 = "malformed score"
    E102 = "score out of range (1.00 to 10.00)"
    E103 = "score block is truncated"
    E104 = "malformed rank line"
    E105 = "malformed fact value"
    E106 = "several profiles in one file"
    # --- inputs to commands ----------------------------------------------------------------
    E201 = "cannot read graph"
    E202 = "malformed SPARQL query"
    E203 = "malformed official dataset"
    E204 = "unknown edition"
    E205 = "cannot start the SPARQL server"
    E206 = "cannot reach the SPARQL endpoint"
    E207 = "the SPARQL endpoint refused the request"
    E208 = "cannot write the output"
    E209 = "network or file access refused (ockg runs offline)"
    E210 = "query ran past its time limit"
    E211 = "query result is over the row limit"
    E212 = "query ran out of memory"
    E213 = "bad query parameter"
    E214 = "cannot reach the Dask scheduler"
    E215 = "a Dask worker runs other ockg code, data or model"
    E220 = "an optional extra is not installed"
    E230 = "bad spaCy component setting"
    E231 = "cannot read a component's lexicon"
    # --- ontology data ---------------------------------------------------------------------
    E301 = "malformed ontology data file"
    # --- the last resort ------------------------------------------------------------------
    E900 = "unexpected error"
    # --- warnings --------------------------------------------------------------------------
    W101 = "an average disagrees with its components"
    W102 = "criminality disagrees with the two averages"
    W103 = "indicator missing from the page and not recoverable"
    W104 = "edition could not be recognised from the page format"
    W105 = "page format disagrees with the given edition"
    W106 = "a repeated score block differs from its first printing"
    W107 = "indicator printed more than once"
    W108 = "country not recognised"
    W109 = "indicator not scored in this edition"
    W110 = "duplicate profile for the same country and edition"
    W111 = "indicator missing from the page"
    W112 = "country inferred from the text"
    W113 = "rank change implies a previous rank outside the ranking"


def format_location(path: str | Path | None, line: int | None = None) -> str:
    """Return ``path:line`` (or what is known of it) for messages."""
    where = str(path) if path is not None else "<input>"
    return f"{where}:{line}" if line is not None else where


class OckgError(Exception):
    """An error in the input that stops processing of one document or command.

    ``str(error)`` reads ``PATH:LINE: E101 malformed score: detail``.
    """

    def __init__(
        self,
        code: Code,
        detail: str = "",
        *,
        path: str | Path | None = None,
        line: int | None = None,
    ) -> None:
        self.code = code
        self.detail = detail
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{format_location(self.path, self.line)}: {self.code.name} {self.code.value}"
        return f"{text}: {self.detail}" if self.detail else text

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle by fields, so an error raised in a worker process arrives whole."""
        return (_rebuild, (self.code.name, self.detail, self.path, self.line))

    def at(self, path: str | Path) -> OckgError:
        """Return the same error attributed to ``path`` (for errors raised before it was known)."""
        return OckgError(self.code, self.detail, path=path, line=self.line)


def _rebuild(code: str, detail: str, path: str | None, line: int | None) -> OckgError:
    return OckgError(Code[code], detail, path=path, line=line)
