"""Check where a command will write before it does any heavy work.

A build runs the NLP over every document before it writes; an ``--out`` that names a file, a
folder that cannot be created or one without write permission should fail at once, with a
coded error naming the path, not after minutes of work and not as a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

from kg.errors import Code, OckgError

__all__ = ["check_output_file", "check_output_folder"]


def _existing_ancestor(path: Path) -> Path:
    """The nearest existing path at or above ``path`` (without following the missing part)."""
    current = path.absolute()
    while not current.exists() and current != current.parent:
        current = current.parent
    return current


def _check_creatable(folder: Path, shown: Path) -> None:
    """``folder`` exists as a writable folder, or can be created under one."""
    ancestor = _existing_ancestor(folder)
    if not ancestor.is_dir():
        detail = f"{ancestor} is a file, not a folder"
        raise OckgError(Code.E208, detail, path=shown)
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise OckgError(Code.E208, f"no permission to write in {ancestor}", path=shown)


def check_output_folder(out: Path) -> None:
    """``out`` is (or can become) a folder ockg may write into; ``E208`` otherwise."""
    if out.exists() and not out.is_dir():
        raise OckgError(Code.E208, "it is a file; --out names a folder", path=out)
    _check_creatable(out, out)


def check_output_file(out: Path) -> None:
    """``out`` can be written as a file (its folder exists or can be created); ``E208`` if not."""
    if out.is_dir():
        raise OckgError(Code.E208, "it is a folder; --out names a file", path=out)
    if out.name in ("", ".", ".."):
        raise OckgError(Code.E208, "no file name", path=out)
    _check_creatable(out.parent, out)
