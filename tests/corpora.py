"""Small corpus folders for build tests (a helper module, like ``tests/timebound.py``)."""

from __future__ import annotations

import shutil
from pathlib import Path


def make_corpus(folder: Path, peru_path: Path, notes: dict[str, str]) -> Path:
    """A corpus folder: Peru's profile with its sidecar, and short notes by file name."""
    folder.mkdir()
    shutil.copy(peru_path, folder / peru_path.name)
    shutil.copy(peru_path.with_name("peru_2025.meta.yaml"), folder / "peru_2025.meta.yaml")
    for name, text in notes.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
