"""Where the ontology data lives, and which lexicon the process reads.

The data files are ``ontology/`` in a checkout, ``kg/_ontology`` in a wheel. Their YAML files
(the lexicons: countries, groups, market triggers, cues, areas, sections, relations) can also
come from a :class:`LexiconBundle`: the text of every YAML file as one serialisable object,
which a saved spaCy pipeline keeps in its own folder. :func:`use_lexicon` makes a bundle the
one this process reads: :func:`load_yaml` then answers from the bundle only (never from
ockg's folder), and every cached table computed from the previous lexicon is dropped.

ockg's spaCy components each hold a bundle and make it the process's lexicon while they run
(:func:`use_lexicon` is a no-op when the digest is the same), so the deep matching functions
keep reading the module-level cached accessors they always read. Two pipelines with
different lexicons in one process stay correct, but each switch recomputes the tables.
"""

from __future__ import annotations

import hashlib
import importlib
import marshal
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType

import yaml

from kg.cache_entries import entry_path, read_entry, write_entry

__all__ = [
    "LEXICON_SUFFIX",
    "LexiconBundle",
    "active_lexicon",
    "clear_lexicon_caches",
    "default_lexicon",
    "lexicon_digest",
    "load_data",
    "load_yaml",
    "named_function",
    "ontology_dir",
    "ontology_path",
    "parse_yaml_text",
    "use_lexicon",
]

_PACKAGE_DIR = Path(__file__).resolve().parent

LEXICON_SUFFIX = ".yaml"
"""The ontology files that make up a lexicon bundle (the Turtle and JSON-LD files are the
graph's vocabulary, not lexicons)."""

_KEEP_CACHES = frozenset({"kg.nlp.model", "kg.nlp.pipeline", "kg.lexicon.normalise"})
"""Modules whose caches do not depend on the lexicon (the model, the pipeline, name folding)."""


@cache
def ontology_dir() -> Path:
    """Return the folder holding the ontology data files."""
    for candidate in (_PACKAGE_DIR.parent / "ontology", _PACKAGE_DIR / "_ontology"):
        if (candidate / "indicators.yaml").is_file():
            return candidate
    raise FileNotFoundError("ockg's ontology folder is missing from this installation")


def ontology_path(name: str) -> Path:
    """Return the path of one file in the ontology folder."""
    return ontology_dir() / name


@dataclass(frozen=True)
class LexiconBundle:
    """ockg's lexicon as one object: file name -> YAML text of every lexicon file.

    ``source`` says where it was read from (for messages); ``digest`` (SHA-256 of the names
    and texts) identifies the content: two bundles with one digest are the same lexicon.
    """

    texts: Mapping[str, str]
    source: str = "<memory>"
    digest: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        texts = MappingProxyType(dict(sorted(self.texts.items())))
        for name, text in texts.items():
            if not isinstance(name, str) or not isinstance(text, str):
                raise TypeError("a lexicon bundle maps file names to YAML texts")
            if Path(name).name != name or not name.endswith(LEXICON_SUFFIX):
                raise ValueError(f"{self.source}: not a lexicon file name: {name!r}")
        digest = hashlib.sha256()
        for name, text in texts.items():
            data = text.encode("utf-8")
            digest.update(f"{name} {len(data)}\0".encode() + data)
        object.__setattr__(self, "texts", texts)
        object.__setattr__(self, "digest", digest.hexdigest())

    @classmethod
    def from_folder(cls, folder: str | Path) -> LexiconBundle:
        """The lexicon files (``*.yaml``) of ``folder``; an error names a missing folder, an
        empty one or a file that is not UTF-8 text."""
        path = Path(folder)
        if not path.is_dir():
            raise FileNotFoundError(f"{path}: no lexicon folder here")
        texts = {}
        for item in sorted(path.glob(f"*{LEXICON_SUFFIX}")):
            try:
                texts[item.name] = item.read_text(encoding="utf-8")
            except UnicodeDecodeError as error:
                raise ValueError(f"{item}: a lexicon file must be UTF-8 text") from error
        if not texts:
            raise FileNotFoundError(f"{path}: no lexicon files (*{LEXICON_SUFFIX}) in this folder")
        return cls(texts, source=str(path))

    def to_folder(self, folder: str | Path) -> None:
        """Write each lexicon file into ``folder`` (created if needed)."""
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        for name, text in self.texts.items():
            target = path / name
            temporary = path / f".{name}.tmp"
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(target)

    def to_dict(self) -> dict[str, str]:
        """The plain form (file name -> text), for ``to_bytes``."""
        return dict(self.texts)

    def parse(self, name: str) -> object:
        """The parsed content of one lexicon file; KeyError if the bundle lacks it."""
        return parse_yaml_text(name, self.texts[name])


@cache
def default_lexicon() -> LexiconBundle:
    """ockg's own lexicon: the YAML files of its ontology folder (read once per process)."""
    return LexiconBundle.from_folder(ontology_dir())


_active: LexiconBundle | None = None
"""The lexicon this process reads; None: ockg's own folder, read file by file."""


def active_lexicon() -> LexiconBundle | None:
    """The bundle :func:`use_lexicon` made this process's lexicon, else None."""
    return _active


def lexicon_digest() -> str:
    """The digest of the lexicon this process reads (for caches of tables computed from it)."""
    return (_active or default_lexicon()).digest


def use_lexicon(bundle: LexiconBundle | None) -> None:
    """Make ``bundle`` the lexicon this process reads (None: ockg's own folder).

    A bundle with the content of ockg's own folder means the folder (read as before). Nothing
    happens when the lexicon read stays the same (same digest); otherwise every cached table
    of ockg's modules (the lexicons, the gazetteer, the components' word tables) is dropped,
    so that it is recomputed from the new lexicon when next asked for.
    """
    global _active
    if bundle is _active:
        return
    own = _content_digest(None)
    target = None if bundle is not None and bundle.digest == own else bundle
    if target is _active:
        return
    same = _content_digest(target) == _content_digest(_active) is not None
    _active = target
    if not same:
        clear_lexicon_caches()


def _content_digest(bundle: LexiconBundle | None) -> str | None:
    """The digest of ``bundle``, or of ockg's own folder for None (None if it is unreadable)."""
    if bundle is not None:
        return bundle.digest
    try:
        return default_lexicon().digest
    except (OSError, ValueError):
        return None


def clear_lexicon_caches() -> None:
    """Drop the module-level caches (``functools.cache``) of every loaded ockg module."""
    for name, module in list(sys.modules.items()):
        if (name != "kg" and not name.startswith("kg.")) or name in _KEEP_CACHES:
            continue
        for value in list(vars(module).values()):
            clear = getattr(type(value), "cache_clear", None)  # functools caches only
            if callable(clear) and getattr(value, "__module__", None) == name:
                clear(value)


@cache
def load_yaml(name: str) -> object:
    """Parse one YAML file of the lexicon this process reads (cached; treat as read-only).

    Under a bundle (:func:`use_lexicon`) the file comes from the bundle, never from ockg's
    folder; a bundle without it raises ``FileNotFoundError`` naming the bundle.
    """
    if _active is not None:
        try:
            return _active.parse(name)
        except KeyError:
            raise FileNotFoundError(f"{_active.source}: the lexicon has no {name}") from None
    return parse_yaml_text(name, ontology_path(name).read_text(encoding="utf-8"))


def load_data(name: str) -> object:
    """Parse one YAML file of ockg's own ontology folder that configures ockg rather than
    being lexicon (the output formats, the input readers): never read from a lexicon bundle."""
    return parse_yaml_text(name, ontology_path(name).read_text(encoding="utf-8"))


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~7x faster
_PARSER = (
    f"yaml {yaml.__version__} {_LOADER.__name__} "
    f"python {sys.version_info[0]}.{sys.version_info[1]} marshal {marshal.version}\0"
).encode()


def parse_yaml_text(name: str, text: str) -> object:
    """The parsed content of ``text``, the YAML text of ontology file ``name``.

    Parsing the lexicon's YAML costs a cold start about a tenth of a second; the parsed data is
    kept as a checked cache entry (:mod:`kg.cache_entries`) named for the file and keyed by the
    SHA-256 of its text and the parser, so an unchanged file is read back in a millisecond and
    any edit, a damaged entry or another parser parses the text again. A YAML error raises as
    ``yaml.load`` does (nothing is stored); data :mod:`marshal` cannot hold (a date) is parsed
    every time.
    """
    path = entry_path(f"yaml-{name}", hashlib.sha256(_PARSER + text.encode("utf-8")).hexdigest())
    if path is not None:
        entry = read_entry(path)
        if isinstance(entry, tuple) and len(entry) == 1:
            return entry[0]
    data = yaml.load(text, Loader=_LOADER)
    if path is not None:
        write_entry(path, (data,))
    return data


def named_function(spec: str) -> Callable[..., object]:
    """The function a data file names as ``module:function`` (``kg.read:decode_text``), the
    way the registries of ``ontology/`` name readers and writers; ``ValueError`` if none."""
    module, _, name = spec.partition(":")
    try:
        function = getattr(importlib.import_module(module), name, None) if name else None
    except ImportError:
        function = None
    if not callable(function):
        raise ValueError(f"{spec!r} names no function (expected module:function)")
    return function
