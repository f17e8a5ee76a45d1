"""Read input files into ``Document`` models: decode strictly, normalise, attach metadata.

Each file is read by the reader of its suffix (``ontology/input_readers.yaml``). For plain
text the text ockg analyses is the file decoded as UTF-8 (a byte-order mark dropped), with
line ends unified to ``\\n`` and NFC-normalised. Every character offset in the graph
points into that string.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kg.errors import Code, OckgError
from kg.models import Document, DocumentMeta
from kg.resources import load_data, named_function

__all__ = [
    "MAX_BYTES",
    "READERS_FILE",
    "InputReader",
    "collect_inputs",
    "decode_text",
    "input_readers",
    "is_absolute_iri",
    "meta_path",
    "read_document",
    "read_meta",
    "reader_for",
]

READERS_FILE = "input_readers.yaml"
"""The registry of input readers by suffix, in the ontology folder."""


class InputReader(BaseModel):
    """A reader of one kind of input file (an entry of ``ontology/input_readers.yaml``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    suffix: str = Field(pattern=r"^\.[a-z0-9]+$")
    reader: str = Field(pattern=r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")
    """The function, as ``module:function``, from (bytes, path) to the text to analyse."""
    help: str = Field(min_length=1)

    def read(self, data: bytes, path: str | Path) -> str:
        """The analysable text of a file's bytes (coded errors naming ``path``)."""
        text = named_function(self.reader)(data, path)
        if not isinstance(text, str):
            raise TypeError(f"reader {self.reader} returned {type(text).__name__}, not text")
        return text


@cache
def input_readers() -> dict[str, InputReader]:
    """Every registered reader by suffix, in the file's order."""
    data = load_data(READERS_FILE)
    entries = data.get("readers") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise ValueError(f"ontology/{READERS_FILE}: expected a non-empty mapping `readers`")
    readers = {}
    for suffix, entry in entries.items():
        try:
            readers[suffix] = InputReader.model_validate({"suffix": suffix, **(entry or {})})
        except (ValidationError, TypeError) as error:
            raise ValueError(f"ontology/{READERS_FILE}: reader {suffix!r}: {error}") from None
    return readers


def _suffixes() -> str:
    names = list(input_readers())
    return f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else names[0]


def reader_for(path: str | Path) -> InputReader:
    """The reader of a file by its suffix; ``E009`` naming the file if no reader takes it."""
    suffix = Path(path).suffix.lower()
    reader = input_readers().get(suffix)
    if reader is None:
        kind = f"suffix {suffix!r}" if suffix else "no suffix"
        detail = f"{kind}; ockg reads {_suffixes()} files (ontology/{READERS_FILE})"
        raise OckgError(Code.E009, detail, path=path)
    return reader


MAX_BYTES = 16 * 1024 * 1024
_CONTROL_OK = {"\n", "\r", "\t", "\f", "\v"}

# RFC 3987: unreserved, sub-delims, ":@/?" and ucschar; brackets (IPv6 literals) and private
# use characters are not accepted; an authority is userinfo@host:port with a numeric port.
_UCSCHAR = "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef" + "".join(
    f"{chr(plane << 16 | (0x1000 if plane == 14 else 0))}-{chr(plane << 16 | 0xFFFD)}"
    for plane in range(1, 15)
)
_SAFE = "A-Za-z0-9\\-._~!$&'()*+,;=" + _UCSCHAR
_PCT = "%[0-9A-Fa-f]{2}"
_PART = rf"(?:[{_SAFE}:@/?]|{_PCT})"
_AUTHORITY = rf"//(?:(?:[{_SAFE}:]|{_PCT})*@)?(?:[{_SAFE}]|{_PCT})*(?::[0-9]*)?"
_ABSOLUTE_IRI = re.compile(
    rf"[A-Za-z][A-Za-z0-9+.\-]*:(?:{_AUTHORITY}(?:[/?]{_PART}*)?|(?!//){_PART}*)(?:#{_PART}*)?"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e")
"""RFC 3987 section 4.1: IRIs must not contain bidirectional formatting characters."""


def is_absolute_iri(text: str) -> bool:
    """Whether ``text`` is an absolute IRI (RFC 3987) that serialises safely in every format."""
    return _ABSOLUTE_IRI.fullmatch(text) is not None and not _BIDI_CONTROLS.intersection(text)


def _key_line(text: str, key: str) -> int | None:
    """The line of a top-level ``key:`` in a YAML text, for messages."""
    lines = text.splitlines()
    return next((n for n, raw in enumerate(lines, 1) if raw.startswith(f"{key}:")), None)


def _check_meta(meta: DocumentMeta, path: Path, text: str = "") -> None:
    """Reject values no graph can hold: a ``source`` that is not an absolute IRI (it becomes
    an IRI), and text with lone surrogates (YAML's ``"\\ud800"``) or NUL characters."""
    for key, value in meta.model_dump().items():
        if isinstance(value, str) and ("\x00" in value or _SURROGATE.search(value)):
            detail = f"{key} {value!r} holds a NUL or an unpaired surrogate"
            raise OckgError(Code.E005, detail, path=path, line=_key_line(text, key))
    if meta.source and not is_absolute_iri(meta.source):
        detail = f"source {meta.source!r} is not an absolute IRI (such as https://ocindex.net/...)"
        raise OckgError(Code.E005, detail, path=path, line=_key_line(text, "source"))


def meta_path(path: str | Path) -> Path:
    """The sidecar metadata file of a document: ``name.meta.yaml`` beside ``name.txt``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.meta.yaml")


def _inside(child: Path, root: Path) -> bool:
    """Whether ``child``, links resolved, lies inside the folder ``root`` (resolved)."""
    try:
        return child.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a link loop
        return False


def collect_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into a sorted, de-duplicated list of document files.

    A folder's documents are the files under it that a reader takes (by suffix,
    ``ontology/input_readers.yaml``); a file given by name that none takes is ``E009``.
    A symbolic link that leads out of the
    folder (to ``/etc/passwd``, say) is not followed: ockg reads only what it was given.
    """
    found: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            root = path.resolve()
            found.update(
                child
                for child in path.rglob("*")
                if child.suffix.lower() in input_readers()
                and not child.name.startswith(".")
                and child.name.lower() != "readme.md"
                and child.is_file()
                and _inside(child, root)
            )
        elif path.is_file():
            reader_for(path)  # E009 now, before any work, for a file no reader takes
            found.add(path)
        else:
            raise OckgError(Code.E001, path=path)
    if not found:
        raise OckgError(Code.E006, f"give {_suffixes()} files, or folders holding them")
    return sorted(found, key=lambda p: (p.resolve().as_posix(), p.as_posix()))


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
    if not text.strip():  # a byte-order mark and blanks, nothing else
        raise OckgError(Code.E002, path=path)
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _CONTROL_OK)
    if controls > max(8, len(text) // 100):
        raise OckgError(Code.E003, f"{controls} control characters", path=path)
    return unicodedata.normalize("NFC", text)


MAX_META_BYTES = 64 * 1024
"""A sidecar holds a few short fields; anything bigger is refused before it is parsed."""
_MAX_META_DEPTH = 16


class _MetaLoader(yaml.SafeLoader):
    """YAML for sidecars: no aliases (a "billion laughs" expands them) and shallow nesting."""

    _depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in metadata", mark
            )
        self._depth += 1
        try:
            if self._depth > _MAX_META_DEPTH:
                mark = self.peek_event().start_mark
                raise yaml.composer.ComposerError(
                    None, None, f"nested deeper than {_MAX_META_DEPTH} levels", mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_plain_yaml(text: str) -> object:
    """YAML with no aliases and shallow nesting (metadata, gold files): a "billion laughs" or
    a deeply nested file fails fast with ``yaml.YAMLError`` instead of exhausting memory."""
    return yaml.load(text, Loader=_MetaLoader)


def _yaml_detail(error: Exception) -> str:
    """A short reason, never the (possibly huge) input it was about."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        return f"{error.problem or error.context or 'malformed YAML'}{where}"
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "the document"
        return f"{field}: {first['msg']}"
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:200]


def read_meta(path: str | Path) -> DocumentMeta:
    """Read a document's sidecar metadata, or empty metadata when there is none.

    A sidecar over :data:`MAX_META_BYTES`, with YAML aliases or nested too deeply is refused
    at once (``E005``): such a file is an attack on the parser, not metadata.
    """
    path = Path(path)
    sidecar = meta_path(path)
    if not sidecar.is_file() or not _inside(sidecar, path.parent.resolve()):
        return DocumentMeta()
    try:
        data = sidecar.read_bytes()
        if len(data) > MAX_META_BYTES:
            detail = f"{len(data):,} bytes; a metadata file may hold {MAX_META_BYTES:,}"
            raise OckgError(Code.E005, detail, path=sidecar)
        text = data.decode("utf-8")
        loaded = yaml.load(text, Loader=_MetaLoader) or {}
        meta = DocumentMeta.model_validate(loaded)
    except (yaml.YAMLError, UnicodeDecodeError, ValidationError, RecursionError) as error:
        raise OckgError(Code.E005, _yaml_detail(error), path=sidecar) from None
    except OSError as error:
        raise OckgError(Code.E005, f"cannot read it ({error.strerror})", path=sidecar) from None
    _check_meta(meta, sidecar, text)
    return meta


def read_document(path: str | Path, meta: DocumentMeta | None = None) -> Document:
    """Read one document with the reader of its suffix; ``meta`` fields override the
    sidecar's where given."""
    path = Path(path)
    reader = reader_for(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise OckgError(Code.E001, path=path) from None
    except IsADirectoryError:
        raise OckgError(Code.E001, "a folder, not a file", path=path) from None
    except OSError as error:  # permissions, a device, an I/O error: say so, never a traceback
        raise OckgError(Code.E001, f"cannot read it ({error.strerror})", path=path) from None
    text = reader.read(data, path)
    merged = read_meta(path)
    if meta is not None:
        _check_meta(meta, path)
        overrides = meta.model_dump(exclude_none=True)
        merged = merged.model_copy(update=overrides)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(path=str(path), text=text, sha256=digest, meta=merged)
