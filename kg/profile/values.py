"""Parsers for the values a profile prints: scores, ranks and header facts.

Each returns ``None`` when a line is not of its kind, and raises ``ValueError`` with a
short reason when the line is of its kind but malformed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = [
    "NO_DATA",
    "PrintedRank",
    "PrintedScore",
    "looks_numeric",
    "parse_decimal",
    "parse_gdp",
    "parse_rank_line",
    "parse_score_line",
]

NO_DATA = frozenset({"no data", "n/a", "na", "-", "–", "—", "not available", "unknown", ""})

# Score and change run together: "6.620.22" = 6.62 +0.22; "10.00-1.50"; 2023: "8.00 n/a".
_SCORE = re.compile(
    r"^(?P<score>\d+\.\d{2})(?:\s*(?P<change>n/?a|[+\-−]?(?:0|[1-9]\d*)\.\d{2}))?$", re.IGNORECASE
)
_RANK = re.compile(
    r"^(?P<rank>\d+)\s*(?:st|nd|rd|th)\s+of\s+(?P<n>\d+)\s+countries"
    r"(?:\s+in\s+(?P<scope>.*?))?\s*(?P<change>[+\-−]?\d+)?$",
    re.IGNORECASE,
)
_RANK_START = re.compile(r"^\d+\s*(?:st|nd|rd|th)\s+of\b", re.IGNORECASE)
_NUMERIC_START = re.compile(r"^[+\-−]?\d")
_GDP = re.compile(r"^(?:US\$|USD|\$)?\s*(?P<value>[\d,]+(?:\.\d+)?)\s*(?:million|mn|m)?$", re.I)
_MAX_DIGITS = 24
"""More digits than any population, area or GDP a page prints (nor can an xsd value hold)."""
_QUANTITY = re.compile(r"^(?P<value>[\d,. ]*\d)\s*(?P<unit>[a-z²2 ]*)$", re.IGNORECASE)


@dataclass(frozen=True)
class PrintedScore:
    """A score line: the score, and the change where printed (None for n/a or none)."""

    value: Decimal
    change: Decimal | None
    change_printed: str | None


@dataclass(frozen=True)
class PrintedRank:
    """A rank line as printed: ``31st of 193 countries -1``."""

    rank: int
    out_of: int
    scope_name: str | None
    change: int | None
    space_before_change: bool


def _minus(text: str) -> str:
    return text.replace("−", "-")


def looks_numeric(line: str) -> bool:
    """Whether a line starts like a number (so a failed parse is a malformed value)."""
    return bool(_NUMERIC_START.match(line))


def parse_score_line(line: str) -> PrintedScore | None:
    """Parse ``6.620.22``, ``8.50-0.50``, ``8.00 n/a`` or ``6.35``; None if not a score line."""
    match = _SCORE.match(line.strip())
    if match is None:
        return None
    value = Decimal(match["score"])
    if not Decimal("1.00") <= value <= Decimal("10.00"):
        raise ValueError(f"score {match['score']} outside 1.00 to 10.00")
    printed = match["change"]
    change: Decimal | None = None
    if printed is not None and printed.replace("/", "").lower() != "na":
        change = Decimal(_minus(printed)).quantize(Decimal("0.01"))
        if abs(change) > Decimal("9.00"):
            raise ValueError(f"change {printed} larger than the score scale allows")
    return PrintedScore(value=value, change=change, change_printed=printed)


def parse_rank_line(line: str) -> PrintedRank | None:
    """Parse a rank line; None if the line is not one, ValueError if it is one but malformed."""
    text = line.strip()
    if not _RANK_START.match(text):
        return None
    match = _RANK.match(text)
    if match is None:
        raise ValueError(f"cannot read rank line {text!r}")
    rank, out_of = int(match["rank"]), int(match["n"])
    if not 1 <= rank <= out_of:
        raise ValueError(f"rank {rank} is not within 1 to {out_of}")
    change = int(_minus(match["change"])) if match["change"] else None
    space = bool(match["change"]) and text[match.start("change") - 1].isspace()
    scope = match["scope"].strip() if match["scope"] else None
    return PrintedRank(rank, out_of, scope or None, change, space)


def parse_decimal(text: str) -> Decimal | None:
    """Parse ``1,285,220 km²`` or ``40.2``; None for "No data"; ValueError if malformed."""
    value = text.strip()
    if value.casefold() in NO_DATA:
        return None
    match = _QUANTITY.match(value)
    if match is None:
        raise ValueError(f"not a number: {value[:60]!r}")
    digits = match["value"].replace(",", "").replace(" ", "")
    if len(digits) > _MAX_DIGITS:
        raise ValueError(f"not a plausible number: {len(digits)} digits")
    try:
        return Decimal(digits)
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None


def parse_gdp(text: str) -> Decimal | None:
    """Parse ``USD 289,070 million`` or ``USD 106,166.00 million`` into USD million."""
    value = text.strip()
    if value.casefold() in NO_DATA:
        return None
    match = _GDP.match(value)
    if match is None:
        raise ValueError(f"not a GDP value: {value[:60]!r}")
    digits = match["value"].replace(",", "")
    if len(digits) > _MAX_DIGITS:
        raise ValueError(f"not a plausible GDP: {len(digits)} digits")
    return Decimal(digits)
