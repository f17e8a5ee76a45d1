"""Rewrite the collective keys of gold files from the old scheme to one collective per origin
and kind (``ontology/collective_classes.yaml``), in place and keeping the files' layout.

Old keys: ``collective/<ISO2|XX>/[<market>-][foreign-]<class>``; new keys:
``collective/<origin>/[foreign-]<kind>`` (see ``kg.lexicon.keys``). A mention's new kind comes
from its old class and its gold ``actor_type`` (state and private types are kinds); a claim's
key takes the new key of the first gold mention of that key inside the claim's sentence, else
the one new key the mentions of that key took, else the key without a type.
Discovered groups key as their name without a lower-case head (``kg.lexicon.keys.discovered_key``):
``group/ferrante-clan`` -> ``group/ferrante``.
Run (from the repository root, idempotent):
``python tests/data/tools/rekey_collectives.py tests/data/gold/*.yaml tests/data/heldout/*.yaml``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from kg import taxonomy
from kg.lexicon.keys import collective_kind, discovered_key, group_key
from kg.lexicon.load import collective_kinds
from kg.read import read_document

_OLD_CLASS_LEMMA = {
    "groups": "group",
    "networks": "network",
    "gangs": "gang",
    "cartels": "cartel",
    "clans": "clan",
    "mafias": "mafia",
    "militias": "militia",
    "traffickers": "trafficker",
    "officials": "official",
    "businesses": "business",
    "confraternities": "confraternity",  # a kind for a while, now criminal groups
}
_FOREIGN = "foreign-actors"
_KEY = re.compile(r"collective/[A-Za-z]{2}/[a-z0-9-]+")
# Mentions whose origin the old scheme could not write: a region has no ISO code.
_REGIONAL = {("corpus/peru_2025.txt", 20477, "collective/XX/foreign-groups"): "balkans"}


def _parts(key: str) -> tuple[str, bool, str]:
    """(origin, foreign, class) of an old key, the market qualifier dropped."""
    _, origin, tail = key.split("/")
    markets = sorted(
        (i.id for i in taxonomy.indicators() if i.kind.value == "market"), key=len, reverse=True
    )
    for market in markets:
        if tail.startswith(f"{market}-"):
            tail = tail[len(market) + 1 :]
            break
    foreign = tail.startswith("foreign-")
    return origin, foreign, tail.removeprefix("foreign-")


def _region_of(text: str) -> str | None:
    """The id of the world region a mention's regional adjective names ("Western Balkan
    criminal networks" -> ``western-balkans``), as ``kg.nlp.actors`` keys it."""
    from kg.lexicon.gazetteer import resolve_area
    from kg.lexicon.keys import slug
    from kg.lexicon.load import actor_cues
    from kg.lexicon.normalise import fold_key

    words = fold_key(text).split()
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            for region in actor_cues().regional_demonyms:
                if fold_key(region.term) == phrase:
                    area = next(filter(None, (resolve_area(p) for p in region.places)), None)
                    return area.id if area is not None else slug(region.term)
    return None


def new_key(key: str, actor_type: str | None, region: str | None = None) -> str:
    """The new key of an old collective key, given the mention's gold type."""
    if not key.startswith("collective/") or key.count("/") != 2 or key.endswith("-"):
        return key  # not a collective key, or one a note wraps at a line end
    origin, foreign, cls = _parts(key)
    if cls not in _OLD_CLASS_LEMMA and (cls in collective_kinds().kinds or cls.endswith("s")):
        kind = cls  # already a kind (old unlisted heads were singular lemmas)
    else:
        own = None if actor_type == _FOREIGN else actor_type
        kind = collective_kind(_OLD_CLASS_LEMMA.get(cls, cls), own)
    if region is not None:
        return f"collective/{region}/{kind}"
    return f"collective/{origin}/{'foreign-' if foreign else ''}{kind}"


def rekey(path: Path, root: Path) -> int:
    """Rewrite one gold file; returns the number of keys changed."""
    text = path.read_text(encoding="utf-8")
    gold = yaml.safe_load(text)
    if not isinstance(gold, dict) or "document" not in gold:
        return 0  # a metadata sidecar
    document = read_document(root / gold["document"]).text
    by_mention: dict[tuple[int, str], str] = {}
    for m in gold.get("mentions") or ():
        if m["kind"] == "collective":
            region = _REGIONAL.get((gold["document"], m["begin"], m["entity"]))
            if region is None and m["entity"].startswith("collective/XX/"):
                region = _region_of(m["text"])
            new = new_key(m["entity"], m.get("actor_type"), region)
            by_mention[(m["begin"], m["entity"])] = new
    changed = 0
    out: list[str] = []
    groups = _discovered_keys(gold)
    for line in text.splitlines(keepends=True):
        new, count = _rekey_line(line, document, by_mention)
        for old_key, new_key_ in groups.items():
            pattern = re.compile(rf"\b{re.escape(old_key)}(?![a-z0-9-])")
            new, n = pattern.subn(new_key_, new)
            count += n
        out.append(new)
        changed += count
    path.write_text("".join(_unique_claims(out)), encoding="utf-8")
    return changed


def _discovered_keys(gold: dict) -> dict[str, str]:
    """Old -> new keys of discovered groups: their names without a lower-case head
    (``group/ferrante-clan`` -> ``group/ferrante``, see ``kg.lexicon.keys.discovered_key``)."""
    out: dict[str, str] = {}
    for m in gold.get("mentions") or ():
        if m["kind"] == "group" and m.get("discovered"):
            new = discovered_key(m["text"])
            if new != m["entity"] and m["entity"] == group_key(m["text"]):
                out[m["entity"]] = new
    return out


def _rekey_line(
    line: str, document: str, by_mention: dict[tuple[int, str], str]
) -> tuple[str, int]:
    """One line with its collective keys rewritten, and how many changed."""
    if line.lstrip().startswith("#"):
        return line, 0
    begin = re.search(r"\bbegin: (\d+)", line)
    sentence = re.search(r"sentence: (?:'((?:[^']|'')*)'|\"([^\"]*)\"|([^,]*)),", line)
    changed = 0
    parts: list[str] = []
    last = 0
    for match in _KEY.finditer(line):
        old = match[0]
        if begin is not None and "kind: collective" in line:
            new = by_mention.get((int(begin[1]), old), new_key(old, None))
        else:
            new = _claim_key(old, sentence, document, by_mention)
        changed += new != old
        parts += [line[last : match.start()], new]
        last = match.end()
    return "".join(parts) + line[last:], changed


def _unique_claims(lines: list[str]) -> list[str]:
    """Drop claims that merging made repeats, or relationships of a collective with itself."""
    seen: set[str] = set()
    out = []
    for line in lines:
        if line.startswith("  - {sentence:") and line.rstrip().endswith("}"):  # one-line claims
            pair = re.search(r"actors: \[([^,\]]+), ([^\]]+)\]", line)
            if line in seen or (pair is not None and pair[1] == pair[2]):
                continue
            seen.add(line)
        out.append(line)
    return out


def _claim_key(
    old: str, sentence: re.Match[str] | None, document: str, by_mention: dict[tuple[int, str], str]
) -> str:
    """The new key of a claim's actor: that of the mentions of ``old`` in the claim's sentence."""
    candidates = {new for (_, key), new in by_mention.items() if key == old}
    if sentence is None:  # a note: the key the mentions of the old key took, if one
        return candidates.pop() if len(candidates) == 1 else new_key(old, None)
    start_text = next(g for g in sentence.groups() if g is not None).replace("''", "'")
    start = document.find(start_text)
    end = document.find(". ", start) if start >= 0 else -1
    end = len(document) if end < 0 else end
    found = sorted(
        (b, new) for (b, key), new in by_mention.items() if key == old and start <= b <= end
    )
    if found:  # several kinds in one sentence: the first mention's (the claim's subject)
        return found[0][1]
    return candidates.pop() if len(candidates) == 1 else new_key(old, None)


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[3]
    for name in sys.argv[1:]:
        print(f"{name}: {rekey(Path(name), root)} keys rewritten")
