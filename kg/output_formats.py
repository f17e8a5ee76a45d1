"""Output formats of ``ockg build --format``: the registry of ``ontology/output_formats.yaml``.

One entry per format: the file it writes in the output folder, its writer function, its words
in the CLI help (which is made from the entries) and, optionally, a check run before the build
(a missing extra). A format the registry does not list is refused before any work.

Example::

    >>> output_format("nodelink").file
    'graph.json'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from kg.resources import load_data, named_function

__all__ = [
    "REGISTRY_FILE",
    "Content",
    "OutputFormat",
    "formats_help",
    "output_format",
    "output_formats",
]

REGISTRY_FILE = "output_formats.yaml"
"""The registry's file in the ontology folder."""

Content = bytes | Callable[[BinaryIO], None]
"""A file's content: its bytes, or a function that writes them to a binary handle."""

_NAME = re.compile(r"[a-z][a-z0-9]*")
_FILE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*/?")
_FUNCTION = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*")


@dataclass(frozen=True)
class OutputFormat:
    """One output format (see the header of ``ontology/output_formats.yaml``)."""

    name: str
    file: str
    writer: str
    help: str
    check: str | None = None

    @property
    def folder(self) -> bool:
        """Whether the format writes a folder of files (``neo4j/``)."""
        return self.file.endswith("/")

    def files(self, sources: Any, out: Path) -> dict[Path, Content]:
        """The files the format writes into ``out``, made by its writer from ``sources``."""
        made = named_function(self.writer)(sources)
        if self.folder:
            if not isinstance(made, Mapping):
                raise TypeError(f"writer {self.writer} of folder {self.file} made no files")
            return {out / self.file / name: content for name, content in made.items()}
        if not isinstance(made, bytes) and not callable(made):
            raise TypeError(f"writer {self.writer} made {type(made).__name__}, not bytes")
        return {out / self.file: made}

    def ensure_writable(self) -> None:
        """Run the format's check (a coded error where it cannot be written here)."""
        if self.check is not None:
            named_function(self.check)()


def _entry(name: object, entry: object) -> OutputFormat:
    where = f"ontology/{REGISTRY_FILE}: format {name!r}"
    if not isinstance(name, str) or not _NAME.fullmatch(name) or not isinstance(entry, dict):
        raise ValueError(f"{where}: a lower-case name with a mapping of fields")
    unknown = set(entry) - {"file", "writer", "help", "check"}
    if unknown:
        raise ValueError(f"{where}: unknown field {sorted(unknown)[0]!r}")
    fields = {key: entry.get(key) for key in ("file", "writer", "help", "check")}
    patterns = {"file": _FILE, "writer": _FUNCTION, "check": _FUNCTION}
    for key, value in fields.items():
        if value is None and key == "check":
            continue
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{where}: {key} must be a non-empty text")
        if key in patterns and not patterns[key].fullmatch(value):
            raise ValueError(f"{where}: {key} {value!r} is malformed")
    return OutputFormat(name=name, **fields)


@cache
def output_formats() -> dict[str, OutputFormat]:
    """Every registered format by name, in the file's order."""
    data = load_data(REGISTRY_FILE)
    entries = data.get("formats") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise ValueError(f"ontology/{REGISTRY_FILE}: expected a non-empty mapping `formats`")
    formats = [_entry(name, entry) for name, entry in entries.items()]
    taken = {"report.json": "the build report", "store": "the store", ".cache": "the cache"}
    for fmt in formats:
        name = fmt.file.rstrip("/")
        if name in taken:
            detail = f"format {fmt.name} writes {fmt.file}, as {taken[name]} does"
            raise ValueError(f"ontology/{REGISTRY_FILE}: {detail}")
        taken[name] = f"format {fmt.name}"
    return {fmt.name: fmt for fmt in formats}


def output_format(name: str) -> OutputFormat:
    """The registered format called ``name``; ``ValueError`` naming the known ones if none."""
    formats = output_formats()
    if name not in formats:
        raise ValueError(f"unknown format {name!r}; use {', '.join(formats)}")
    return formats[name]


def formats_help() -> str:
    """The help of ``ockg build --format``, from the registry."""
    listed = "; ".join(f"{fmt.name}: {fmt.help}" for fmt in output_formats().values())
    return f"Output formats (repeatable). {listed}."
