"""Read input files into ``Document`` models: decode strictly, normalise, attach metadata.

The text ockg analyses is the file decoded as UTF-8 (a byte-order mark dropped), with
line ends unified to ``\\n`` and NFC-normalised. Every character offset in the graph
points into that string.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import yaml
from pydantic import ValidationError

from kg.errors import Code, OckgError
from kg.models import Document, DocumentMeta

__all__ = [
    "DOCUMENT_SUFFIXES",
    "MAX_BYTES",
    "collect_inputs",
    "decode_text",
    "meta_path",
    "read_document",
    "read_meta",
]

DOCUMENT_SUFFIXES = (".txt", ".md", ".text")
MAX_BYTES = 16 * 1024 * 1024
_CONTROL_OK = {"\n", "\r", "\t", "\f", "\v"}


def meta_path(path: Path) -> Path:
    """The sidecar metadata file of a document: ``name.meta.yaml`` beside ``name.txt``."""
    return path.with_name(f"{path.stem}.meta.yaml")


def collect_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into a sorted, de-duplicated list of document files."""
    found: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.update(
                child
                for child in path.rglob("*")
                if child.is_file()
                and child.suffix.lower() in DOCUMENT_SUFFIXES
                and not child.name.startswith(".")
                and child.name.lower() != "readme.md"
            )
        elif path.is_file():
            found.add(path)
        else:
            raise OckgError(Code.E001, path=path)
    if not found:
        raise OckgError(Code.E006, "give .txt or .md files, or folders holding them")
    return sorted(found, key=lambda p: p.resolve().as_posix())


def decode_text(data: bytes, path: str | Path) -> str:
    """Decode bytes as analysable text, or raise a coded error naming the file and line."""
    if not data.strip():
        raise OckgError(Code.E002, path=path)
    if len(data) > MAX_BYTES:
        raise OckgError(Code.E007, f"{len(data):,} bytes; the limit is {MAX_BYTES:,}", path=path)
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data[:nul].count(b"\n") + 1
        raise OckgError(Code.E003, f"NUL byte at offset {nul}", path=path, line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        detail = f"byte 0x{data[error.start]:02x} at offset {error.start} ({error.reason})"
        raise OckgError(Code.E004, detail, path=path, line=line) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _CONTROL_OK)
    if controls > max(8, len(text) // 100):
        raise OckgError(Code.E003, f"{controls} control characters", path=path)
    return unicodedata.normalize("NFC", text)


def read_meta(path: Path) -> DocumentMeta:
    """Read a document's sidecar metadata, or empty metadata when there is none."""
    sidecar = meta_path(path)
    if not sidecar.is_file():
        return DocumentMeta()
    try:
        data = yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
        return DocumentMeta.model_validate(data)
    except (yaml.YAMLError, UnicodeDecodeError, ValidationError) as error:
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise OckgError(Code.E005, detail, path=sidecar) from None


def read_document(path: str | Path, meta: DocumentMeta | None = None) -> Document:
    """Read one document; ``meta`` fields override the sidecar's where given."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise OckgError(Code.E001, path=path) from None
    except IsADirectoryError:
        raise OckgError(Code.E001, "a folder, not a file", path=path) from None
    text = decode_text(data, path)
    merged = read_meta(path)
    if meta is not None:
        overrides = meta.model_dump(exclude_none=True)
        merged = merged.model_copy(update=overrides)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(path=str(path), text=text, sha256=digest, meta=merged)
