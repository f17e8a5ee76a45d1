"""The model's tokenizer with ockg's infixes, its special cases built once.

ockg splits an opening bracket written against a word, as a spaced one is (web copies drop
the space: "Islamic State in West Africa Province(ISWAP)" is the name, the bracket and the
abbreviation). spaCy's tokenizer rebuilds its special cases (4,041 for English, each
tokenised into a phrase matcher: about 0.13 CPU s) whenever its infixes are set, and builds
them twice while a model loads (at creation with the language's defaults, again with the
model's own read from disk), so setting the infixes after loading made it three times.

:func:`load_with_ockg_infixes` loads the model with ``ockg.Tokenizer.v1`` in place of
``spacy.Tokenizer.v1``: it is created without special cases, and when the model's tokenizer
is read from disk, everything but its special cases is read first, the infixes are replaced
by ockg's, and the special cases are loaded last, once. The tokenizer it ends with is the one
the slower way made: the model's special cases, prefixes, suffixes and matches, and the
language's default infixes with ockg's bracket rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "GLUED_BRACKET",
    "OCKG_TOKENIZER",
    "OckgTokenizer",
    "load_with_ockg_infixes",
    "ockg_infix_finditer",
    "set_ockg_infixes",
]

GLUED_BRACKET = r"(?<=[A-Za-z])\((?=[A-Za-z])"
"""An opening bracket between a letter and a letter: split from both, as a spaced one is."""

OCKG_TOKENIZER = "ockg.Tokenizer.v1"
"""The registered name of the tokenizer :func:`load_with_ockg_infixes` loads models with."""


def ockg_infix_finditer(nlp_class: type[Language]) -> Any:
    """The ``finditer`` of the language's default infixes and :data:`GLUED_BRACKET`."""
    return compile_infix_regex([*nlp_class.Defaults.infixes, GLUED_BRACKET]).finditer


def set_ockg_infixes(nlp: Language) -> None:
    """Give a loaded pipeline's tokenizer ockg's infixes (spaCy rebuilds its special cases):
    for a model whose tokenizer ``ockg.Tokenizer.v1`` does not stand in for."""
    nlp.tokenizer.infix_finditer = ockg_infix_finditer(type(nlp))


class OckgTokenizer(Tokenizer):
    """spaCy's tokenizer whose infixes stay ockg's when it is read from disk, and whose
    special cases are loaded after them, once (see the module)."""

    read_from_disk = False
    """Whether a model's tokenizer was read into it (else it has no special cases yet)."""

    def from_bytes(self, bytes_data: bytes, *, exclude: Any = tuple()) -> OckgTokenizer:
        import srsly

        infixes = self.infix_finditer  # ockg's, given at creation
        # Without its special cases, spaCy's own reading sets every other field cheaply.
        super().from_bytes(bytes_data, exclude=[*exclude, "exceptions", "infix_finditer"])
        self.infix_finditer = infixes
        self.read_from_disk = True
        if "exceptions" not in exclude:
            rules = srsly.msgpack_loads(bytes_data).get("exceptions")
            if isinstance(rules, dict):
                self.rules = rules  # built once, with every other field final
        return self


def _create_ockg_tokenizer():
    def make(nlp: Language) -> OckgTokenizer:
        defaults = nlp.Defaults
        return OckgTokenizer(
            nlp.vocab,
            rules=None,  # the model's are read from disk (see load_with_ockg_infixes)
            prefix_search=compile_prefix_regex(defaults.prefixes).search
            if defaults.prefixes
            else None,
            suffix_search=compile_suffix_regex(defaults.suffixes).search
            if defaults.suffixes
            else None,
            infix_finditer=ockg_infix_finditer(type(nlp)),
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return make


registry.tokenizers.register(OCKG_TOKENIZER, func=_create_ockg_tokenizer)

_STANDARD = {"@tokenizers": "spacy.Tokenizer.v1"}


def _tokenizer_config(name: str) -> dict[str, Any] | None:
    """The ``[nlp.tokenizer]`` section of the model ``name`` (a package or a folder), or None
    when its configuration cannot be found."""
    from pathlib import Path

    from spacy import util

    folder: Path | None = None
    if util.is_package(name):
        package = util.get_package_path(name)
        meta = util.get_model_meta(package)
        folder = package / f"{meta['lang']}_{meta['name']}-{meta['version']}"
    elif Path(name).is_dir():
        folder = Path(name)
    if folder is None or not (folder / "config.cfg").is_file():
        return None
    section = util.load_config(folder / "config.cfg", interpolate=False)["nlp"].get("tokenizer")
    return dict(section) if section is not None else None


def load_with_ockg_infixes(name: str) -> Language:
    """The model ``name`` loaded with ockg's infixes, its special cases built once where its
    tokenizer is spaCy's standard one (``spacy.Tokenizer.v1`` with no settings); another
    model is loaded as spaCy does, then given the infixes (:func:`set_ockg_infixes`)."""
    import spacy

    if _tokenizer_config(name) != _STANDARD:
        nlp = spacy.load(name)
        set_ockg_infixes(nlp)
        return nlp
    nlp = spacy.load(name, config={"nlp": {"tokenizer": {"@tokenizers": OCKG_TOKENIZER}}})
    if not getattr(nlp.tokenizer, "read_from_disk", False):  # the language's, as spaCy's
        nlp.tokenizer.rules = nlp.Defaults.tokenizer_exceptions
    return nlp
