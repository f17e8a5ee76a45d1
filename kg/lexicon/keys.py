"""Canonical entity keys: one scheme shared by the components, resolution, graph and gold data.

- ``group/<slug>``: a named group (the alias table's id, or the slug of a discovered name
  without its lower-case head: :func:`discovered_key`);
- ``collective/<origin>/<kind>``: an unnamed collective, one per origin and kind of actor
  (``ontology/collective_classes.yaml``): ``collective/VE/criminal-groups`` ("Venezuelan gangs",
  "Venezuelan networks"), ``collective/PE/officials``, ``collective/PE/mafia-style-groups``;
  the origin is an ISO2 code, a world region's id (``collective/balkans/criminal-groups``) or
  ``XX`` where the text states none; ``collective/XX/foreign-criminal-groups`` is foreign with
  no stated origin;
- ``place/country/<ISO2>``, ``place/region/<ISO 3166-2>``, ``place/city/<ISO2>/<slug>``,
  ``place/area/<slug>``, ``place/border/<ISO2>-<ISO2>`` (sorted), ``place/road/<slug>``,
  ``place/river/<slug>``, ``place/facility/<ISO2>/<slug>``, ``place/continent/<slug>``,
  ``place/world-region/<slug>``;
- ``market/<indicator id>``.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

from kg.lexicon.load import collective_kinds
from kg.lexicon.normalise import ascii_name

__all__ = [
    "border_key",
    "border_sides",
    "city_key",
    "collective_key",
    "collective_kind",
    "country_key",
    "discovered_key",
    "group_key",
    "kind_label",
    "kind_of_head",
    "market_key",
    "plural",
    "region_key",
    "slug",
]


def slug(text: str) -> str:
    """ASCII, lower-case, hyphenated: ``Côte d’Ivoire`` -> ``cote-d-ivoire``.

    Transliterated by :func:`kg.lexicon.normalise.ascii_name` (so "Los Мальчики" and "Los
    Девочки" keep two slugs), and every character that is not an ASCII letter or digit separates
    words ("Abuja–Kaduna" -> ``abuja-kaduna``). Safe in any IRI path segment; a text that
    leaves no ASCII letter or digit gets ``x-`` and a short hash of itself.
    """
    out = re.sub(r"[^a-z0-9]+", "-", ascii_name(text).casefold()).strip("-")
    if out:
        return out
    return "x-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def group_key(name_or_id: str) -> str:
    return f"group/{slug(name_or_id)}"


def discovered_key(name: str) -> str:
    """The key of a group the lexicon does not list: the slug of its name without a trailing
    lower-case head, so "the Red Vipers cult" and "the Red Vipers" are ``group/red-vipers`` in
    any document, whichever is read first."""
    words = name.split()
    while len(words) > 1 and words[-1].islower():
        words.pop()
    return group_key(" ".join(words))


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


def border_sides(key: str) -> tuple[str, str]:
    """The two ISO codes of a border key: ``place/border/EC-PE`` -> ``("EC", "PE")``."""
    first, _, second = key.rsplit("/", 1)[-1].partition("-")
    return first, second


@cache
def kind_of_head() -> dict[str, str]:
    """Head lemma -> the kind of collective it makes (heads listed in no kind are absent)."""
    return {head: kind for kind, entry in collective_kinds().kinds.items() for head in entry.heads}


@cache
def _kind_of_type() -> dict[str, str]:
    return {e.actor_type: k for k, e in collective_kinds().kinds.items() if e.actor_type}


def plural(word: str) -> str:
    """The English plural of a singular noun lemma ("pharmacy" -> "pharmacies", "hitman" ->
    "hitmen")."""
    if word.endswith("man") and word != "man":  # "hitman", "middleman", "policeman"
        return word[:-3] + "men"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u", ""):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def collective_kind(lemma: str, actor_type: str | None = None) -> str:
    """The kind of a collective (``ontology/collective_classes.yaml``, whose header has the rules)
    from its head's lemma and the type the text states for it (not relative to the document's
    country)."""
    table = collective_kinds()
    kind = kind_of_head().get(lemma.casefold())
    typed = _kind_of_type().get(actor_type or "")
    if kind is None:
        if typed is None or not table.kinds[typed].claims_unlisted:
            return slug(plural(lemma.casefold()))
        return typed
    return typed if kind == table.default and typed is not None else kind


def kind_label(kind: str) -> str:
    """The plural, lower-case label of a collective kind ("criminal groups", "tourists")."""
    entry = collective_kinds().kinds.get(kind)
    return entry.label if entry is not None else kind.replace("-", " ")


def collective_key(origin: str | None, kind: str, *, foreign: bool = False) -> str:
    """The key of an unnamed collective (see module docstring): ``origin`` is an ISO2 code or a
    world region's id; ``foreign`` marks a foreign collective of no stated origin."""
    segment = "XX" if origin is None else origin.upper() if len(origin) == 2 else origin
    qualifier = "foreign-" if foreign and origin is None else ""
    return f"collective/{segment}/{qualifier}{kind}"
