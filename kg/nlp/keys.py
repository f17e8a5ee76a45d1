"""Canonical entity keys: one scheme shared by the components, resolution, graph and gold data.

- ``group/<slug>``: a named group (the alias table's id, or the slug of a discovered name);
- ``collective/<ISO2|XX>/<qualifiers->class``: an unnamed collective, e.g. ``collective/VE/groups``,
  ``collective/PE/non-renewable-resource-crimes-groups`` ("illegal mining groups"),
  ``collective/XX/foreign-cartels`` (foreign, origin not stated);
- ``place/country/<ISO2>``, ``place/region/<ISO 3166-2>``, ``place/city/<ISO2>/<slug>``,
  ``place/area/<slug>``, ``place/border/<ISO2>-<ISO2>`` (sorted), ``place/road/<slug>``,
  ``place/river/<slug>``, ``place/facility/<ISO2>/<slug>``, ``place/continent/<slug>``,
  ``place/world-region/<slug>``;
- ``market/<indicator id>``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache

from kg.resources import load_yaml

__all__ = [
    "border_key",
    "city_key",
    "collective_key",
    "country_key",
    "group_key",
    "head_class",
    "market_key",
    "region_key",
    "slug",
]


def slug(text: str) -> str:
    """ASCII, lower-case, hyphenated: ``Côte d’Ivoire`` -> ``cote-d-ivoire``.

    Accents are dropped and every other character that is not an ASCII letter or digit
    separates words ("Abuja–Kaduna" -> ``abuja-kaduna``). Safe in any IRI path segment; a
    text with no ASCII letter or digit at all gets ``x-`` and a short hash of itself.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    out = re.sub(r"[^a-z0-9]+", "-", kept.casefold()).strip("-")
    if out:
        return out
    return "x-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def group_key(name_or_id: str) -> str:
    return f"group/{slug(name_or_id)}"


def market_key(market_id: str) -> str:
    return f"market/{market_id}"


def country_key(iso2: str) -> str:
    return f"place/country/{iso2.upper()}"


def region_key(iso3166_2: str) -> str:
    return f"place/region/{iso3166_2.upper()}"


def city_key(iso2: str, name: str) -> str:
    return f"place/city/{iso2.upper()}/{slug(name)}"


def border_key(first: str, second: str) -> str:
    a, b = sorted((first.upper(), second.upper()))
    return f"place/border/{a}-{b}"


@cache
def _head_classes() -> dict[str, str]:
    data = load_yaml("collective_classes.yaml")
    assert isinstance(data, dict)
    return {head: cls for cls, heads in data["classes"].items() for head in heads}


def head_class(lemma: str) -> str:
    """The class of a collective's head noun lemma ("organisation" -> "groups")."""
    lowered = lemma.casefold()
    return _head_classes().get(lowered, slug(lowered))


def collective_key(
    origin: str | None, head_lemma: str, *, market: str | None = None, foreign: bool = False
) -> str:
    """The key of an unnamed collective (see module docstring)."""
    parts = [market] if market else []
    if foreign and origin is None:
        parts.append("foreign")
    parts.append(head_class(head_lemma))
    return f"collective/{(origin or 'XX').upper()}/{'-'.join(parts)}"
