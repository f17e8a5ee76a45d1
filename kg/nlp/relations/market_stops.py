"""Which stops of a route locate its market when no actor is named.

A route's stops say where goods pass, not always where their market is. Two kinds of stop
place no market on their own ("cocaine from Peru is shipped through West Africa to Europe"):

- a **foreign origin**: where the goods come from, outside the document's country ("heroin
  from Afghanistan", "cocaine from South America"); an origin inside it stays ("cocaine
  shipped from Tumaco" in a text about Colombia: the market operates there);
- a **continent or world region** the route starts from or passes ("via West Africa",
  "through Central Asia"): the route's extent, not a place of the market.

A place the sentence also locates ("cocaine stored in Guayaquil and shipped from Guayaquil")
keeps its market. Decided on the dev sets: such stops were 9 right against 45 wrong
market–place pairs over the written, dev, dev2 and dev3 gold.
"""

from __future__ import annotations

from spacy.tokens import Span

from kg.nlp.relations.roles import place_role

__all__ = ["distant_stops", "in_country"]

_WIDE = ("place/continent/", "place/world-region/")
"""Place keys of continents and world regions."""


def in_country(key: str, iso2: str) -> bool:
    """Whether a place key names the country ``iso2`` or a place the key ties to it (its
    regions, cities, facilities, its borders); areas, roads and rivers tie to none."""
    parts = key.split("/")
    if len(parts) < 3:
        return False
    kind, code = parts[1], parts[2]
    if kind in {"country", "city", "facility"}:
        return code == iso2
    if kind == "region":
        return code.split("-")[0] == iso2
    if kind == "border":
        return iso2 in code.split("-")
    return False


def distant_stops(moving: list[Span], located: list[Span], home: str | None) -> set[str]:
    """The keys of a sentence's route stops that locate no market on their own: origins
    outside the document's country ``home`` (a ``place/country/XX`` key; with none, every
    origin) and continents or world regions; not a place the sentence also locates."""
    iso2 = home.rsplit("/", 1)[-1] if home else None
    here = {p.kb_id_ for p in located}
    out = set()
    for stop in moving:
        key = stop.kb_id_
        if key in here:
            continue
        foreign = iso2 is None or not in_country(key, iso2)
        if key.startswith(_WIDE) or (foreign and place_role(stop) == "origin"):
            out.add(key)
    return out
