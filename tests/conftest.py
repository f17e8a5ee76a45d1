"""Shared fixtures: paths, the Peru profile, the official data in ../shared (never committed),
and the extraction of a short written text (the table-driven claim tests)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from kg.models import Document, Extraction, Profile
from kg.profile import parse_profile
from kg.read import read_document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"
OCINDEX = SHARED / "ocindex"


@pytest.fixture(scope="session")
def peru_path() -> Path:
    return CORPUS / "peru_2025.txt"


@pytest.fixture(scope="session")
def peru_document(peru_path: Path) -> Document:
    return read_document(peru_path)


@pytest.fixture(scope="session")
def peru_profile(peru_document: Document) -> Profile:
    profile = parse_profile(peru_document)
    assert profile is not None
    return profile


@pytest.fixture(scope="session")
def ocindex_dir() -> Path:
    if not (OCINDEX / "ocindex_long.csv").is_file():
        pytest.skip(f"the official Index data is not at {OCINDEX}")
    return OCINDEX


@pytest.fixture(scope="session", autouse=True)
def compiled_tables_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Compiled gazetteer tables of this test session (shared with the CLI subprocesses),
    unless ``OCKG_CACHE_DIR`` names a folder already."""
    import os

    from kg.compiled import CACHE_ENV

    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    folder = tmp_path_factory.mktemp("compiled")
    os.environ[CACHE_ENV] = str(folder)
    return folder


@pytest.fixture(scope="session")
def peru_build(tmp_path_factory: pytest.TempPathFactory, peru_path: Path) -> Path:
    """Peru's profile built once a session as `ockg build` writes it: graph.ttl, report.json and
    the .cache of contributions (with the extraction `ockg annotate` reuses)."""
    from kg.build import build_corpus
    from kg.report import build_report_json, write_outputs

    out = tmp_path_factory.getbasetemp() / "peru-build"
    if not (out / "graph.ttl").is_file():
        result = build_corpus([peru_path], cache_dir=out / ".cache")
        write_outputs(result, out, ["ttl"], report=build_report_json(result))
    return out


@cache
def _extract(text: str, country: str, folder: Path) -> Extraction:
    from kg.contribution import extraction_of

    path = folder / f"{abs(hash((text, country)))}.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return extraction_of(path, country=country)


@pytest.fixture(scope="session")
def extract(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], Extraction]:
    """``extract(text, country)``: the extraction of a written text, once per text and country."""
    folder = tmp_path_factory.mktemp("written_texts")
    return lambda text, country: _extract(text, country, folder)
