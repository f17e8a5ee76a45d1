"""Name folding, in one place: what "the same name" means for every lexicon, gazetteer and key.

Transliteration is ``normality.ascii_text``'s (ICU's Any-Latin; Latin-ASCII: its ICU rules,
run here without importing ``normality``, whose encoding detection cost every start about
0.07 CPU s; a test holds the two equal), so names in any script keep their identity in ASCII
("Los Мальчики" -> "Los Mal'ciki", "Los Девочки" -> "Los Devocki": two names, two keys). A
word that mixes Latin letters with look-alike Cyrillic or Greek ones ("Tren de Аragua" with
a Cyrillic "А") is deliberately read as the Latin word it imitates, so a look-alike neither
forges a second known group nor hides one; a word written wholly in another script is
transliterated, never confused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

__all__ = ["ascii_name", "fold", "fold_key", "strip_article"]

# Letters whose ICU transliteration is not what English texts write ("Ø" -> "O/").
_LETTERS = str.maketrans(
    {"ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i"}
)
# Cyrillic and Greek letters drawn like Latin ones (Unicode confusables), for mixed-script words.
_LOOKALIKES = str.maketrans(
    "АВЕЅІЈКМНОРСТХУаеіјорсхуѕԁԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧαικνορτυχ",
    "ABESIJKMHOPCTXYaeijopcxysdqwABEZHIKMNOPTYXaiknoptux",
)
_WORD = re.compile(r"\w+")
_APOSTROPHES = re.compile("[\u2018\u2019\u201b\u2032\u02bc\u02bb\u02be\u02bf\u0060\u00b4]")
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w\s]|_")
_ARTICLE = re.compile(r"^the\s+")


def strip_article(text: str) -> str:
    """Drop one leading English article "the" (already folded text)."""
    return _ARTICLE.sub("", text, count=1)


def _script(char: str) -> str:
    """ "latin", "other" or "" (not a letter) for one character."""
    if not char.isalpha():
        return ""
    return "latin" if "LATIN" in unicodedata.name(char, "") else "other"


def _unconfused(word: str) -> str:
    """A word mixing Latin and other letters, with the look-alikes read as Latin."""
    scripts = {_script(c) for c in word} - {""}
    return word.translate(_LOOKALIKES) if len(scripts) > 1 else word


_CACHED = 200
"""Names up to this length are cached (lookups repeat them); longer texts are folded afresh."""


def ascii_name(text: str) -> str:
    """A name in ASCII, case kept: accents dropped ("Culiacán" -> "Culiacan"), other scripts
    transliterated, look-alike letters inside Latin words read as Latin (see module docstring).

    >>> ascii_name("Côte d’Ivoire"), ascii_name("Tren de Аragua")
    ("Cote d'Ivoire", 'Tren de Aragua')
    """
    if text.isascii():
        return text
    return _ascii_cached(text) if len(text) <= _CACHED else _ascii(text)


ICU_ASCII = (
    "Any-Latin; NFKD; [:Nonspacing Mark:] Remove; Accents-Any; [:Symbol:] Remove; "
    "[:Nonspacing Mark:] Remove; Latin-ASCII"
)
"""``normality.transliteration.ASCII_SCRIPT``: to Latin, accents and symbols dropped, to ASCII."""


@cache
def _icu_ascii() -> Callable[[str], str]:
    from icu import Transliterator

    return Transliterator.createInstance(ICU_ASCII).transliterate


def ascii_text(text: str) -> str:
    """``normality.ascii_text``: ``text`` transliterated by :data:`ICU_ASCII`, and whatever
    is still not ASCII replaced by "?"."""
    if text.isascii():
        return text
    result = _icu_ascii()(text)
    return result if result.isascii() else result.encode("ascii", "replace").decode("ascii")


def _ascii(text: str) -> str:
    text = _WORD.sub(lambda m: _unconfused(m[0]), text.translate(_LETTERS))
    return ascii_text(text) or text


_ascii_cached = lru_cache(maxsize=65536)(_ascii)


def fold(text: str) -> str:
    """Fold a name for comparison: script, accents, case, apostrophes, dashes, spaces, "the".

    >>> fold("  The Côte d’Ivoire ")
    "cote d'ivoire"
    >>> fold("Škaljari – clan")
    'skaljari - clan'
    """
    return _fold_cached(text) if len(text) <= _CACHED else _fold(text)


def _fold(text: str) -> str:
    text = _APOSTROPHES.sub("'", ascii_name(text))
    text = _DASHES.sub("-", text)
    return strip_article(_SPACES.sub(" ", text.casefold()).strip())


_fold_cached = lru_cache(maxsize=131072)(_fold)


def fold_key(text: str) -> str:
    """Fold a name and also ignore punctuation ("&" reads "and"): the lookup key of lexicons.

    >>> fold_key("Congo, Dem. Rep.") == fold_key("congo dem rep")
    True
    >>> fold_key("Trinidad & Tobago")
    'trinidad and tobago'
    """
    text = fold(text).replace("&", " and ")
    text = _PUNCTUATION.sub(" ", text)
    return strip_article(_SPACES.sub(" ", text).strip())
