"""The gold annotations in tests/data/ are well-formed (see tests/data/README.md).

Covered: tests/data/gold/, tests/data/heldout/, and the real sets tests/data/real/gold/ (dev),
tests/data/real/dev2/ (the second dev set, gathered in round six), tests/data/real/dev3/ (the
third, gathered in round eight and kept unseen by the rule writers until that round's report),
tests/data/real/dev4/ (the fourth, gathered in round nine and kept unseen by the rule writers until
that round's report) and tests/data/real/unseen/ (held out). The real texts are third-party pages
kept out of git (tests/data/real/README.md): a real gold file whose text is missing is skipped, and
the manifest's sha256 says whether a restored text is the annotated one.

These tests check the data, not the pipeline: offsets round-trip into the text as ockg reads it,
keys follow the scheme of kg/lexicon/keys.py, every id exists in the ontology (or is flagged as a
discovered group), and every presence, route and relationship refers to annotated entities.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache
from pathlib import Path

import pycountry
import pytest
import yaml

from kg.lexicon.keys import slug
from kg.read import read_document, read_meta
from kg.relation_kinds import relation_kinds
from kg.resources import load_yaml
from tests.data_tools import data_tool

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(__file__).resolve().parent / "data"
REAL_DIR = DATA_DIR / "real"
GOLD_FILES = sorted(
    p for p in DATA_DIR.glob("*/*.yaml") if ".meta" not in p.suffixes and p.parent.name != "real"
)
# Gold of real third-party texts: the texts are not committed (tests/data/real/texts is a local
# folder), so a file whose text is absent is skipped. `scope` lists the mention kinds annotated
# completely (markets in claims are still ids of ontology/indicators.yaml).
REAL_SETS = {
    "gold": "dev",
    "dev2": "dev2",
    "dev3": "dev3",
    "dev4": "dev4",
    "unseen": "unseen",
}
REAL_GOLD_FILES = sorted(p for folder in REAL_SETS for p in (REAL_DIR / folder).glob("*.yaml"))
DEV_GOLD_FILES = sorted((REAL_DIR / "gold").glob("*.yaml"))

KINDS = {"group", "collective", "place", "market"}
ACTOR_KINDS = {"group", "collective"}
RELATIONSHIP_KINDS = set(relation_kinds())  # ontology/relation_kinds.yaml
MODES = {None, "river", "road", "sea", "air", "land"}
CONTINENTS = {"africa", "americas", "asia", "europe", "oceania", "antarctica"}
MENTION_FIELDS = {
    "text",
    "begin",
    "end",
    "kind",
    "entity",
    "origin",
    "actor_type",
    "place_type",
    "discovered",
}

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
KEY_PATTERNS = {
    "group": re.compile(rf"^group/(?P<slug>{SLUG})$"),
    "collective": re.compile(
        rf"^collective/(?:(?P<iso>[A-Z]{{2}})|(?P<region>{SLUG}))/(?P<rest>{SLUG})$"
    ),
    "market": re.compile(rf"^market/(?P<id>{SLUG})$"),
}
PLACE_PATTERNS = {
    "country": re.compile(r"^place/country/(?P<iso>[A-Z]{2})$"),
    "region": re.compile(r"^place/region/(?P<code>(?P<iso>[A-Z]{2})-[A-Z0-9]{1,3})$"),
    "city": re.compile(rf"^place/city/(?P<iso>[A-Z]{{2}})/{SLUG}$"),
    "area": re.compile(rf"^place/area/{SLUG}$"),
    "border": re.compile(r"^place/border/(?P<a>[A-Z]{2})-(?P<b>[A-Z]{2})$"),
    "road": re.compile(rf"^place/road/{SLUG}$"),
    "river": re.compile(rf"^place/river/{SLUG}$"),
    "facility": re.compile(rf"^place/facility/(?P<iso>[A-Z]{{2}})/{SLUG}$"),
    "continent": re.compile(rf"^place/continent/(?P<name>{SLUG})$"),
    "world-region": re.compile(rf"^place/world-region/{SLUG}$"),
}


# ---------------------------------------------------------------------------------- ontology
@cache
def _indicators(kind: str) -> frozenset[str]:
    data = load_yaml("indicators.yaml")
    assert isinstance(data, dict)
    return frozenset(i["id"] for i in data["indicators"] if i["kind"] == kind)


def market_ids() -> frozenset[str]:
    return _indicators("market")


def actor_types() -> frozenset[str]:
    return _indicators("actor_type")


def _fold(name: str) -> str:
    name = re.sub("[‘’ʼ`´]", "'", name)  # typographic apostrophes read as "'"
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").casefold()
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return text.removeprefix("the ")


@cache
def groups() -> dict[str, dict]:
    data = load_yaml("groups.yaml")
    assert isinstance(data, dict)
    return {g["id"]: g for g in data["groups"]}


@cache
def group_names(group_id: str) -> frozenset[str]:
    group = groups()[group_id]
    names = [group["name"]]
    names += [a["name"] if isinstance(a, dict) else a for a in group.get("aliases", [])]
    return frozenset(_fold(n) for n in names)


def valid_iso2(code: str) -> bool:
    return code in {"XX", "XK"} or pycountry.countries.get(alpha_2=code) is not None


def valid_subdivision(code: str) -> bool:
    return pycountry.subdivisions.get(code=code) is not None


# ---------------------------------------------------------------------------------- fixtures
@cache
def _load(path: Path) -> tuple[dict, str]:
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = read_document(ROOT / gold["document"]).text
    return gold, text


def _text_missing(path: Path) -> str | None:
    """Why a real gold file cannot be checked (its third-party text is not restored), or None."""
    if REAL_DIR not in path.parents:
        return None
    document = yaml.safe_load(path.read_text(encoding="utf-8"))["document"]
    if (ROOT / document).is_file():
        return None
    return (
        f"{document} is not here (real texts are never committed): restore it as "
        f"tests/data/real/README.md describes to check {path.relative_to(ROOT)}"
    )


ALL_GOLD_FILES = GOLD_FILES + REAL_GOLD_FILES


@pytest.fixture(params=ALL_GOLD_FILES, ids=[str(p.relative_to(DATA_DIR)) for p in ALL_GOLD_FILES])
def gold(request: pytest.FixtureRequest) -> tuple[dict, str]:
    reason = _text_missing(request.param)
    if reason:
        pytest.skip(reason)
    return _load(request.param)


SCOPED_FILES = [
    p for p in ALL_GOLD_FILES if "scope" in yaml.safe_load(p.read_text(encoding="utf-8"))
]


@pytest.fixture(params=SCOPED_FILES, ids=[p.stem for p in SCOPED_FILES])
def scoped(request: pytest.FixtureRequest) -> dict:
    """A gold file with a `scope` (read without its text: the scope check needs none)."""
    return yaml.safe_load(request.param.read_text(encoding="utf-8"))


@cache
def _manifest() -> dict[str, dict]:
    data = yaml.safe_load((REAL_DIR / "manifest.yaml").read_text(encoding="utf-8"))
    return {entry["name"]: entry for entry in data["texts"]}


def _entities(gold: dict, kinds: set[str]) -> set[str]:
    return {m["entity"] for m in gold["mentions"] if m["kind"] in kinds}


# ---------------------------------------------------------------------------------- tests
def test_gold_files_exist() -> None:
    assert {p.stem for p in GOLD_FILES} >= {"peru_2025"}
    assert len(GOLD_FILES) >= 4


def test_real_dev_gold_files_exist() -> None:
    assert len(DEV_GOLD_FILES) >= 7


def test_document_and_country(gold: tuple[dict, str]) -> None:
    data, _ = gold
    scope = data.get("scope", sorted(KINDS))
    assert isinstance(scope, list) and scope and set(scope) <= KINDS, f"bad scope: {scope}"
    assert set(data) - {"scope"} == {
        "document",
        "country",
        "mentions",
        "presences",
        "routes",
        "relationships",
        "notes",
    }
    path = ROOT / data["document"]
    assert path.is_file()
    country = pycountry.countries.get(alpha_2=data["country"])
    assert country is not None
    meta = read_meta(path)
    assert meta.country is not None, f"{path} needs a sidecar with its country"
    assert pycountry.countries.lookup(meta.country).alpha_2 == data["country"]
    assert all(isinstance(note, str) and note for note in data["notes"])


def test_offsets_round_trip(gold: tuple[dict, str]) -> None:
    data, text = gold
    assert data["mentions"], "no mentions"
    for m in data["mentions"]:
        assert set(m) <= MENTION_FIELDS, m
        assert 0 <= m["begin"] < m["end"] <= len(text), m
        assert text[m["begin"] : m["end"]] == m["text"], (m, text[m["begin"] : m["end"]])
        assert m["text"] == m["text"].strip() and not m["text"].lower().startswith("the "), m
        before = text[m["begin"] - 1] if m["begin"] else " "
        after = text[m["end"]] if m["end"] < len(text) else " "
        assert not before.isalnum() and not after.isalnum(), f"{m['text']!r} cuts a word"


def test_mentions_sorted_and_unique(gold: tuple[dict, str]) -> None:
    data, _ = gold
    keys = [(m["begin"], m["end"], m["kind"], m["entity"]) for m in data["mentions"]]
    assert len(keys) == len(set(keys)), "duplicate mentions"
    begins = [m["begin"] for m in data["mentions"]]
    assert begins == sorted(begins)


def test_mention_keys_follow_the_scheme(gold: tuple[dict, str]) -> None:
    data, _ = gold
    for m in data["mentions"]:
        kind, entity = m["kind"], m["entity"]
        assert kind in KINDS, m
        assert entity.split("/")[0] == kind, m
        if kind == "place":
            place_type = entity.split("/")[1]
            assert place_type in PLACE_PATTERNS, m
            assert m.get("place_type") == place_type, m
            assert PLACE_PATTERNS[place_type].match(entity), m
        else:
            assert KEY_PATTERNS[kind].match(entity), m
            assert "place_type" not in m, m
        if kind in ACTOR_KINDS:
            assert "actor_type" in m or kind == "collective", f"a group needs an actor_type: {m}"
        else:
            assert not {"origin", "actor_type", "discovered"} & set(m), m


def test_place_codes_are_valid(gold: tuple[dict, str]) -> None:
    data, _ = gold
    for m in (m for m in data["mentions"] if m["kind"] == "place"):
        entity = m["entity"]
        match = PLACE_PATTERNS[m["place_type"]].match(entity)
        assert match, m
        groups_ = match.groupdict()
        if "iso" in groups_:
            assert valid_iso2(groups_["iso"]), m
        if "code" in groups_:
            assert valid_subdivision(groups_["code"]), f"unknown ISO 3166-2 code: {m}"
        if m["place_type"] == "border":
            a, b = groups_["a"], groups_["b"]
            assert a < b and valid_iso2(a) and valid_iso2(b), f"border codes sorted and valid: {m}"
        if m["place_type"] == "continent":
            assert groups_["name"] in CONTINENTS, m


def test_market_ids_exist(gold: tuple[dict, str]) -> None:
    data, _ = gold
    for m in (m for m in data["mentions"] if m["kind"] == "market"):
        assert m["entity"].removeprefix("market/") in market_ids(), m
    for claim in data["presences"] + data["routes"]:
        assert claim["market"] is None or claim["market"] in market_ids(), claim


def test_groups_exist_or_are_discovered(gold: tuple[dict, str]) -> None:
    data, _ = gold
    for m in (m for m in data["mentions"] if m["kind"] == "group"):
        gid = m["entity"].removeprefix("group/")
        if m.get("discovered"):
            assert gid not in groups(), f"{gid} is in groups.yaml: not discovered"
            known = data_tool("rekey_groups").known_name(m["text"])
            assert known is None, f"{m} names {known}: run tests/data/tools/rekey_groups.py"
            message = f"a discovered group keys as its name without a lower-case head: {m}"
            words = m["text"].split()
            while len(words) > 1 and words[-1].islower():  # "Ferrante clan" -> "Ferrante"
                words.pop()
            assert gid == slug(" ".join(words)), message
        else:
            assert gid in groups(), f"{gid} is not in groups.yaml; flag it discovered: {m}"
            assert _fold(m["text"]) in group_names(gid), f"{m['text']!r} is not a name of {gid}"
            table_origin = groups()[gid].get("origin")
            if table_origin:
                assert m["origin"] == table_origin, m


def test_rekey_groups_gives_a_discovered_group_the_table_knows_its_key() -> None:
    text = (
        "mentions:\n"
        "  - {text: Bamboo Union gang, begin: 4, end: 21, kind: group,"
        " entity: group/bamboo-union, origin: KR, discovered: true}\n"
        "  - {text: Ferrante clan, begin: 30, end: 43, kind: group, entity: group/ferrante,"
        " origin: IT, discovered: true}\n"
        "relationships:\n"
        "  - {sentence: 'x', kind: rivalry, actors: [group/bamboo-union, group/ferrante]}\n"
    )
    new, changed = data_tool("rekey_groups").rekey_text(text)
    assert changed == 1
    assert new == (
        "mentions:\n"
        "  - {text: Bamboo Union, begin: 4, end: 16, kind: group,"
        " entity: group/united-bamboo, origin: TW}\n"
        "  - {text: Ferrante clan, begin: 30, end: 43, kind: group, entity: group/ferrante,"
        " origin: IT, discovered: true}\n"
        "relationships:\n"
        "  - {sentence: 'x', kind: rivalry, actors: [group/united-bamboo, group/ferrante]}\n"
    )
    assert data_tool("rekey_groups").rekey_text(new) == (new, 0)


def test_actor_origin_and_type(gold: tuple[dict, str]) -> None:
    data, _ = gold
    home = data["country"]
    for m in (m for m in data["mentions"] if m["kind"] in ACTOR_KINDS):
        assert valid_iso2(m["origin"]), m
        if "actor_type" in m:
            assert m["actor_type"] in actor_types(), m
        if m["kind"] == "collective":
            match = KEY_PATTERNS["collective"].match(m["entity"])
            assert match, m
            if match["region"]:  # a regional origin: an areas.yaml id, and no country
                assert match["region"] in _area_ids(), m
                assert m["origin"] == "XX", m
            else:
                assert match["iso"] == m["origin"], f"origin must be the key's ISO code: {m}"
                assert valid_iso2(match["iso"]), m
            if "-foreign-" in f"-{match['rest']}":
                assert match["iso"] == "XX", f"the foreign- qualifier is for unstated origins: {m}"
        qualifiers = f"-{m['entity'].rsplit('/', 1)[-1]}"
        foreign = m["origin"] not in {"XX", home} or "-foreign-" in qualifiers
        if foreign:
            message = f"an actor from outside {home} is foreign-actors: {m}"
            assert m.get("actor_type") == "foreign-actors", message


def _area_ids() -> set[str]:
    from kg.lexicon.gazetteer import areas

    return {entry.id for entry in areas() if entry.type in ("world-region", "continent")}


def _place_ok(key: str | None, places: set[str], home: str) -> bool:
    return key is None or key in places or key == f"place/country/{home}"


def test_presences_refer_to_mentions(gold: tuple[dict, str]) -> None:
    data, text = gold
    actors, places = _entities(data, ACTOR_KINDS), _entities(data, {"place"})
    for p in data["presences"]:
        assert set(p) == {"sentence", "actor", "market", "place"}, p
        assert 0 < len(p["sentence"]) <= 60 and p["sentence"] in text, p
        assert sum(p[k] is not None for k in ("actor", "market", "place")) >= 2, p
        assert p["actor"] is None or p["actor"] in actors, p
        assert _place_ok(p["place"], places, data["country"]), p


def _travellers_country(key: str | None, sentence: str) -> bool:
    """A route's origin may be the country whose demonym names the travellers in its sentence."""
    from kg.lexicon.countries import countries_by_demonym

    if key is None or not key.startswith("place/country/"):
        return False
    code = key.rsplit("/", 1)[-1]
    words = re.findall(r"[^\W\d_]+", sentence)
    return any(code in {c.iso2 for c in countries_by_demonym(word)} for word in words)


def _sentence_at(text: str, prefix: str) -> str:
    """The line of text that starts with a claim's sentence prefix (enough to hold its sentence)."""
    begin = text.index(prefix)
    end = text.find("\n", begin)
    return text[begin : end if end >= 0 else len(text)]


def test_routes_refer_to_place_mentions(gold: tuple[dict, str]) -> None:
    data, text = gold
    places = _entities(data, {"place"})
    for r in data["routes"]:
        assert set(r) == {"sentence", "market", "origin", "via", "destination", "mode"}, r
        assert 0 < len(r["sentence"]) <= 60 and r["sentence"] in text, r
        assert isinstance(r["via"], list), r
        stops = [r["origin"], *r["via"], r["destination"]]
        assert sum(s is not None for s in stops) >= 2, f"a route needs two places: {r}"
        for stop in stops:
            if stop == r["origin"] and _travellers_country(stop, _sentence_at(text, r["sentence"])):
                continue
            message = f"{stop} is not an annotated place: {r}"
            assert _place_ok(stop, places, data["country"]), message
        assert r["mode"] in MODES, r


def test_relationships_refer_to_actor_mentions(gold: tuple[dict, str]) -> None:
    data, text = gold
    actors = _entities(data, ACTOR_KINDS)
    for rel in data["relationships"]:
        assert set(rel) == {"sentence", "kind", "actors"}, rel
        assert 0 < len(rel["sentence"]) <= 60 and rel["sentence"] in text, rel
        assert rel["kind"] in RELATIONSHIP_KINDS, rel
        a, b = rel["actors"]
        assert a != b and a in actors and b in actors, rel


def test_claims_not_duplicated(gold: tuple[dict, str]) -> None:
    data, _ = gold
    for name in ("presences", "routes", "relationships"):
        seen = [yaml.safe_dump(item, sort_keys=True) for item in data[name]]
        assert len(seen) == len(set(seen)), f"duplicate {name}"


def test_scope_names_the_kinds_annotated(scoped: dict) -> None:
    """`scope` lists the mention kinds annotated completely; no other kind may appear."""
    scope = scoped["scope"]
    assert isinstance(scope, list) and scope and len(scope) == len(set(scope)), scope
    assert set(scope) <= KINDS, f"unknown kinds in scope: {set(scope) - KINDS}"
    kinds = {m["kind"] for m in scoped["mentions"]}
    assert kinds <= set(scope), f"mentions of kinds outside scope: {kinds - set(scope)}"


@pytest.mark.parametrize("path", REAL_GOLD_FILES, ids=[p.stem for p in REAL_GOLD_FILES])
def test_real_gold_is_in_the_manifest(path: Path) -> None:
    """A real gold file has a manifest entry of its set naming its text, country and source."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = _manifest().get(path.stem)
    assert entry is not None, f"{path.stem} has no entry in tests/data/real/manifest.yaml"
    assert set(entry) == {"name", "set", "country", "source", "sha256", "first_words", "title"}
    assert entry["set"] == REAL_SETS[path.parent.name], entry
    assert data["document"] == f"tests/data/real/texts/{path.stem}.txt"
    assert data["country"] == entry["country"], entry
    assert data.get("scope") == ["group", "collective", "place"], "real gold states its scope"
    assert entry["source"].startswith(("http://", "https://")), entry
    assert re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]), entry["sha256"]


@pytest.mark.parametrize("path", REAL_GOLD_FILES, ids=[p.stem for p in REAL_GOLD_FILES])
def test_real_text_is_the_annotated_one(path: Path) -> None:
    """A restored text has the manifest's sha256 and first words, so the offsets still hold."""
    reason = _text_missing(path)
    if reason:
        pytest.skip(reason)
    entry = _manifest()[path.stem]
    text_path = REAL_DIR / "texts" / f"{path.stem}.txt"
    digest = hashlib.sha256(text_path.read_bytes()).hexdigest()
    assert digest == entry["sha256"], f"{text_path} differs from the annotated text"
    words = text_path.read_text(encoding="utf-8").split()[:8]
    assert " ".join(words) == entry["first_words"]
    meta = read_meta(text_path)
    assert meta.country is not None, f"{text_path} needs a sidecar with its country"
    assert pycountry.countries.lookup(meta.country).alpha_2 == entry["country"]


def test_real_manifest_has_no_orphans() -> None:
    names = [p.stem for p in REAL_GOLD_FILES]
    assert len(names) == len(set(names)), "one name in both real sets"
    assert set(_manifest()) == set(names), set(_manifest()) ^ set(names)
    sources = [entry["source"] for entry in _manifest().values()]
    assert len(sources) == len(set(sources)), "a source annotated twice"


def test_real_manifest_names_only_known_sets() -> None:
    """Every manifest entry belongs to one of the real sets, each kept in its own folder."""
    sets = {entry["set"] for entry in _manifest().values()}
    assert sets <= set(REAL_SETS.values()), sets - set(REAL_SETS.values())


def test_real_unseen_set_shares_no_country_with_the_dev_sets() -> None:
    """The held-out set stays held out: no country of it is read in a development set (dev, dev2,
    dev3, or dev4; dev3 and dev4 become development sets after the round that gathered each)."""
    by_set: dict[str, set[str]] = {}
    for entry in _manifest().values():
        by_set.setdefault(entry["set"], set()).add(entry["country"])
    developed = set().union(*(by_set.get(name, set()) for name in ("dev", "dev2", "dev3", "dev4")))
    assert not by_set["unseen"] & developed, sorted(by_set["unseen"] & developed)


@pytest.mark.parametrize(
    ("key", "sentence", "allowed"),
    [
        (
            "place/country/HT",
            "Caribbean migrants, mainly Haitians and Cubans, en route to Brazil",
            True,
        ),
        ("place/country/ET", "exploiting vulnerable Ethiopian migrants seeking work", True),
        ("place/country/CU", "Haitian migrants en route to Brazil", False),
        ("place/area/amazon", "Amazonian migrants", False),
        (None, "Haitians en route to Brazil", False),
    ],
)
def test_a_route_origin_outside_the_mentions_needs_the_travellers_demonym(
    key: str | None, sentence: str, allowed: bool
) -> None:
    assert _travellers_country(key, sentence) is allowed
