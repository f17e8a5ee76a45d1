"""Rewrite the place keys of gold files to the place-keying convention of ``tests/data/README.md``
("Place keys"), in place and keeping the files' layout. Key by key, reading no text:

- a city keyed by the slug of an alternate spelling or exonym of a GeoNames city of its country
  takes the canonical name's slug (``place/city/SO/kismayu`` -> ``place/city/SO/kismayo``), and
  so does a port or airport named after it (``place/facility/SO/port-of-kismayu`` ->
  ``place/facility/SO/port-of-kismayo``); a slug that is itself the name of a city or town of the
  country stays;
- a river keyed with its generic word ("Rio Hondo", "Naya River") drops it
  (``place/river/rio-hondo`` -> ``place/river/hondo``);
- a named area, sea, world region, continent, river or road keyed by the slug of a name or alias
  of one entry of ``ontology/areas.yaml`` takes that entry's key, its type included
  (``place/area/arab-gulf`` -> ``place/world-region/gulf-states``); a mention's ``place_type``
  follows its key.

The same key changes everywhere in a file (mentions, claims, notes). Run from the repository root
(idempotent): ``python tests/data/tools/rekey_places.py [--dry-run] [--quiet] FILE_OR_DIR...``;
it prints the number of keys changed per file, or with ``--quiet`` per folder only (for the
unseen set, and dev4 during round nine, whose details no rule writer reads).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import yaml

from kg.lexicon import gazetteer
from kg.lexicon.city_alternates import city_by_alternate
from kg.lexicon.keys import slug
from kg.lexicon.load import place_cues
from kg.lexicon.towns import small_town

_KEY = re.compile(r"place/[a-z-]+/[A-Za-z0-9/-]+")
_AREA_SEGMENTS = ("area", "world-region", "continent", "river", "road")


def _city_slug(iso2: str, name_slug: str) -> str:
    """The canonical slug of a city slug in a country (itself where it names no alternate)."""
    if _is_city_slug(iso2, name_slug):
        return name_slug
    found = city_by_alternate(name_slug, iso2)
    return slug(found.name) if found is not None else name_slug


@cache
def _city_slugs() -> frozenset[tuple[str, str]]:
    return frozenset((slug(c.name), c.country) for c in gazetteer.cities())


def _is_city_slug(iso2: str, name_slug: str) -> bool:
    return (name_slug, iso2) in _city_slugs() or small_town(name_slug, iso2) is not None


@cache
def _facility_forms() -> tuple[tuple[str, str], ...]:
    """(slug before, slug after) the city's name in the labels of facilities named after a city
    ("Port of {name}" -> ("port-of-", ""))."""
    forms = set()
    for head in place_cues().facility_terms.values():
        if head.city:
            before, _, after = head.label.partition("{name}")
            forms.add(
                (
                    slug(before) + "-" if before.strip() else "",
                    "-" + slug(after) if after.strip() else "",
                )
            )
    return tuple(sorted(forms, key=lambda f: -len(f[0]) - len(f[1])))


def _facility_slug(iso2: str, name_slug: str) -> str:
    for before, after in _facility_forms():
        if name_slug.startswith(before) and name_slug.endswith(after):
            core = name_slug[len(before) : len(name_slug) - len(after) if after else None]
            if core:
                new = _city_slug(iso2, core)
                if new != core:
                    return before + new + after
    return name_slug


@cache
def _area_keys() -> dict[str, set[str]]:
    """Slug of every name, alias and id of ``areas.yaml`` -> the keys of the entries it names."""
    table: dict[str, set[str]] = {}
    for entry in gazetteer.areas():
        for form in (entry.id, *(a.name for a in entry.surface_forms())):
            table.setdefault(slug(form), set()).add(entry.key)
    return table


def _river_slug(name_slug: str) -> str:
    cues = place_cues()
    words = name_slug.split("-")
    generic = {slug(w) for w in (*cues.river_prefixes, *cues.river_heads)}
    while len(words) > 1 and words[0] in generic:
        words = words[1:]
    while len(words) > 1 and words[-1] in generic:
        words = words[:-1]
    return "-".join(words)


def new_key(key: str) -> str:
    """The key the convention gives an existing gold place key."""
    parts = key.split("/")
    if len(parts) < 3 or parts[0] != "place":
        return key
    segment = parts[1]
    if segment == "city" and len(parts) == 4:
        return f"place/city/{parts[2]}/{_city_slug(parts[2], parts[3])}"
    if segment == "facility" and len(parts) == 4:
        return f"place/facility/{parts[2]}/{_facility_slug(parts[2], parts[3])}"
    if segment in _AREA_SEGMENTS and len(parts) == 3:
        known = {e.key for e in gazetteer.areas()}
        if key in known:
            return key
        name_slug = _river_slug(parts[2]) if segment == "river" else parts[2]
        if f"place/{segment}/{name_slug}" in known:
            return f"place/{segment}/{name_slug}"
        found = _area_keys().get(name_slug, set())
        if len(found) == 1:
            return next(iter(found))
        same = {k for k in found if k.split("/")[1] == segment}
        if len(same) == 1:
            return next(iter(same))
        return f"place/{segment}/{name_slug}"
    return key


def _segment(key: str) -> str:
    return key.split("/")[1]


def rekey_text(text: str) -> tuple[str, Counter[str]]:
    """A gold file's text with its place keys rewritten, and the changed keys counted by rule
    (old segment -> new segment)."""
    changed: Counter[str] = Counter()
    out = []
    for line in text.splitlines(keepends=True):
        if line.lstrip().startswith("#"):
            out.append(line)
            continue
        parts, last, mention_key = [], 0, None
        for match in _KEY.finditer(line):
            old = match[0].rstrip("-")
            new = new_key(old)
            if new != old:
                changed[f"{_segment(old)} -> {_segment(new)}"] += 1
            parts += [line[last : match.start()], new]
            last = match.start() + len(old)
            if "entity: " + old == line[match.start() - 8 : match.start() + len(old)]:
                mention_key = new
        line = "".join(parts) + line[last:]
        if mention_key is not None and "place_type: " in line:
            line = re.sub(r"place_type: [a-z-]+", f"place_type: {_segment(mention_key)}", line)
        out.append(line)
    return "".join(out), changed


def rekey(path: Path, dry_run: bool = False) -> Counter[str]:
    """Rewrite one gold file (unless ``dry_run``); the keys changed, by rule."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or "document" not in data:
        return Counter()  # a metadata sidecar or a README
    new, changed = rekey_text(text)
    if changed and not dry_run:
        path.write_text(new, encoding="utf-8")
    return changed


def main(argv: list[str]) -> int:
    dry_run, quiet = "--dry-run" in argv, "--quiet" in argv
    for name in [a for a in argv if not a.startswith("--")]:
        root = Path(name)
        files = sorted(root.glob("*.yaml")) if root.is_dir() else [root]
        total: Counter[str] = Counter()
        for path in files:
            changed = rekey(path, dry_run)
            total += changed
            if changed and not quiet:
                print(f"{path}: {sum(changed.values())} keys ({dict(changed)})")
        print(f"{name}: {sum(total.values())} keys rewritten ({dict(total)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
