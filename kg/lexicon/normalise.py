"""Text folding shared by every lexicon lookup: one place decides what "the same name" means."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "fold_key", "strip_article"]

# Letters that NFKD does not decompose into a base letter plus a combining mark.
_LETTERS = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "ı": "i",
    }
)
_APOSTROPHES = re.compile("[\u2018\u2019\u201b\u2032\u02bc\u02bb\u02be\u02bf\u0060\u00b4]")
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w\s]|_")
_ARTICLE = re.compile(r"^the\s+")


def strip_article(text: str) -> str:
    """Drop one leading English article "the" (already folded text)."""
    return _ARTICLE.sub("", text, count=1)


def fold(text: str) -> str:
    """Fold a name for comparison: accents, case, apostrophes, dashes, spaces, leading "the".

    >>> fold("  The Côte d’Ivoire ")
    "cote d'ivoire"
    >>> fold("Škaljari – clan")
    'skaljari - clan'
    """
    text = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _APOSTROPHES.sub("'", text)
    text = _DASHES.sub("-", text)
    text = _SPACES.sub(" ", text.casefold().translate(_LETTERS)).strip()
    return strip_article(text)


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
