"""Re-key the discovered groups of gold files that ``ontology/groups.yaml`` now knows, in place and
keeping the files' layout. Mention by mention, reading no text:

- a group mention marked ``discovered: true`` whose text is a name or alias of a group of the
  table (or is one once its trailing lower-case words are dropped: "Bamboo Union gang" names
  ``united-bamboo``) takes the table's key, loses the ``discovered`` flag, takes the group's
  origin where the table states one, and its span is cut to the name (``text`` and ``end``);
- the discovered key then changes everywhere in its file (other mentions, claims, notes), so two
  spellings the table joins become one key.

Run from the repository root (idempotent): ``python tests/data/tools/rekey_groups.py [--dry-run]
[--quiet] FILE_OR_DIR...``; it prints the mentions re-keyed per file, or with ``--quiet`` per
folder only (for the unseen set, and dev4 during round nine, whose details no rule writer reads).
``tests/test_gold_data.py`` fails while any gold file has such a mention.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from kg.lexicon.actors import resolve_group
from kg.lexicon.load import groups


def known_name(text: str) -> tuple[str, str] | None:
    """(group id, the name as written) of a discovered mention's text the table knows, else
    None; trailing lower-case words are dropped one by one ("Bamboo Union gang")."""
    words = text.split()
    while words:
        name = " ".join(words)
        group = resolve_group(name)
        if group is not None:
            return group.id, name
        if len(words) == 1 or not words[-1].islower():
            return None
        words.pop()
    return None


def _mention_line(lines: list[str], mention: dict) -> int:
    begin, entity = f"begin: {mention['begin']},", f"entity: {mention['entity']}"
    return next(i for i, line in enumerate(lines) if begin in line and entity in line)


def rekey_text(text: str) -> tuple[str, int]:
    """A gold file's text with its known discovered groups re-keyed; the mentions changed."""
    data = yaml.safe_load(text) or {}
    origins = {g.id: g.origin for g in groups()}
    lines = text.split("\n")
    keys: dict[str, str] = {}
    changed = 0
    for mention in data.get("mentions") or []:
        if mention.get("kind") != "group" or not mention.get("discovered"):
            continue
        found = known_name(str(mention["text"]))
        if found is None:
            continue
        group_id, name = found
        key = f"group/{group_id}"
        i = _mention_line(lines, mention)
        line = lines[i].replace(f"entity: {mention['entity']}", f"entity: {key}")
        line = re.sub(r",\s*discovered: true", "", line)
        if name != mention["text"]:
            end = int(mention["begin"]) + len(name)
            line = re.sub(
                r"text: [^,]*, begin: (\d+), end: \d+",
                f"text: {name}, begin: \\1, end: {end}",
                line,
                count=1,
            )
        if origins.get(group_id):
            line = re.sub(r"origin: [A-Za-z-]+", f"origin: {origins[group_id]}", line)
        lines[i] = line
        keys[str(mention["entity"])] = key
        changed += 1
    out = "\n".join(lines)
    for old, new in keys.items():
        out = re.sub(re.escape(old) + r"(?=[,\]\s}]|$)", new, out)
    return out, changed


def rekey(path: Path, dry_run: bool = False) -> int:
    """Rewrite one gold file (unless ``dry_run``); the mentions re-keyed."""
    text = path.read_text(encoding="utf-8")
    new, changed = rekey_text(text)
    if changed and not dry_run:
        path.write_text(new, encoding="utf-8")
    return changed


def main(argv: list[str]) -> int:
    dry_run, quiet = "--dry-run" in argv, "--quiet" in argv
    for name in [a for a in argv if not a.startswith("--")]:
        root = Path(name)
        paths = sorted(root.glob("*.yaml")) if root.is_dir() else [root]
        total = 0
        for path in paths:
            if path.name.endswith(".meta.yaml"):
                continue
            changed = rekey(path, dry_run)
            total += changed
            if changed and not quiet:
                print(f"{path}: {changed} mentions re-keyed")
        print(f"{name}: {total} mentions re-keyed" + (" (dry run)" if dry_run else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
