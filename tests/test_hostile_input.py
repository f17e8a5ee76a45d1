"""Hostile input, property-tested: mutated profiles give a correct profile or a coded error.

Every mutation of the real Peru page (lines dropped, duplicated, shuffled, a digit altered, a
section deleted, unicode junk, bidi and zero-width marks, NUL bytes, invalid UTF-8, a cut at
any byte, CRLF, a byte-order mark) must read and parse into a ``Profile`` that holds what the
page printed, or raise an ``OckgError`` naming the file and its code; never anything else.
Through the command line, a failed build leaves the previous build untouched.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg import taxonomy
from kg.cli import app
from kg.errors import OckgError
from kg.models import EDITIONS, IndicatorKind, Profile
from kg.profile import parse_profile
from kg.profile.inference import GRID, mean2
from kg.profile.values import parse_rank_line, parse_score_line
from kg.read import MAX_BYTES, read_document

PERU = (Path(__file__).resolve().parents[1] / "corpus" / "peru_2025.txt").read_bytes()
LINES = PERU.split(b"\n")
runner = CliRunner()

# Characters that look harmless or invisible but are not: bidi overrides, zero-width marks,
# a BOM mid-text, a combining accent, a line separator, a vertical tab, a no-break space,
# a Unicode minus, an Arabic-Indic digit, a fullwidth digit, a noncharacter, a NUL.
JUNK = [
    "\u202e",
    "\u200f",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u0301",
    "\U0001f600",
    "\u2028",
    "\x0b",
    "\xa0",
    "\u2212",
    "\u0663",
    "\uff19",
    "\ufffe",
    "\x00",
]
# Bytes that are not UTF-8: an encoded surrogate, a stray continuation, a truncated sequence,
# an overlong slash, a code point above U+10FFFF, Latin-1.
INVALID_UTF8 = [b"\xed\xa0\x80", b"\x80", b"\xc3", b"\xc0\xaf", b"\xf4\x90\x80\x80", b"\xe9"]

Lines = list[bytes]
Mutation = Callable[[st.DrawFn, Lines], Lines]


def _index(draw: st.DrawFn, lines: Lines) -> int:
    return draw(st.integers(0, max(len(lines) - 1, 0)))


def _replace(lines: Lines, index: int, line: bytes) -> Lines:
    return [*lines[:index], line, *lines[index + 1 :]]


def _drop(draw: st.DrawFn, lines: Lines) -> Lines:
    i = _index(draw, lines)
    return lines[:i] + lines[i + 1 :]


def _duplicate(draw: st.DrawFn, lines: Lines) -> Lines:
    i = _index(draw, lines)
    return lines[: i + 1] + lines[i:]


def _shuffle_window(draw: st.DrawFn, lines: Lines) -> Lines:
    i = _index(draw, lines)
    size = draw(st.integers(2, 8))
    window = draw(st.permutations(lines[i : i + size]))
    return lines[:i] + list(window) + lines[i + size :]


def _alter_digit(draw: st.DrawFn, lines: Lines) -> Lines:
    numbered = [n for n, line in enumerate(lines) if re.search(rb"[0-9]", line)]
    if not numbered:
        return lines
    n = draw(st.sampled_from(numbered))
    positions = [m.start() for m in re.finditer(rb"[0-9]", lines[n])]
    at = draw(st.sampled_from(positions))
    digit = draw(st.sampled_from(b"0123456789"))
    changed = lines[n][:at] + bytes([digit]) + lines[n][at + 1 :]
    return _replace(lines, n, changed)


def _delete_section(draw: st.DrawFn, lines: Lines) -> Lines:
    i = _index(draw, lines)
    return lines[:i] + lines[i + draw(st.integers(1, 60)) :]


def _inject(draw: st.DrawFn, lines: Lines) -> Lines:
    i = _index(draw, lines)
    junk = draw(st.sampled_from(JUNK) | st.text(min_size=1, max_size=4))
    line = lines[i] if lines else b""
    at = draw(st.integers(0, len(line)))
    while at and (line[at] if at < len(line) else 0) & 0xC0 == 0x80:
        at -= 1  # keep multi-byte characters whole: this mutation injects valid UTF-8
    return _replace(lines, i, line[:at] + junk.encode("utf-8") + line[at:])


def _invalid_bytes(draw: st.DrawFn, lines: Lines) -> Lines:
    i = _index(draw, lines)
    line = lines[i] if lines else b""
    at = draw(st.integers(0, len(line)))
    return _replace(lines, i, line[:at] + draw(st.sampled_from(INVALID_UTF8)) + line[at:])


def _truncate(draw: st.DrawFn, lines: Lines) -> Lines:
    data = b"\n".join(lines)
    return data[: draw(st.integers(0, len(data)))].split(b"\n")


VALID_UTF8: list[Mutation] = [
    _drop,
    _duplicate,
    _shuffle_window,
    _alter_digit,
    _delete_section,
    _inject,
    _truncate,
]


@st.composite
def mutated(draw: st.DrawFn, mutations: list[Mutation] = VALID_UTF8, framing: bool = True) -> bytes:
    """The Peru page after one to four mutations, maybe with CRLF line ends or a BOM."""
    lines = list(LINES)
    for mutation in draw(st.lists(st.sampled_from(mutations), min_size=1, max_size=4)):
        lines = mutation(draw, lines)
    data = b"\n".join(lines)
    if framing and draw(st.booleans()):
        data = data.replace(b"\n", b"\r\n")
    if framing and draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return data


def _outcome(path: Path) -> Profile | OckgError | None:
    """Read and parse ``path`` (no NLP); an ``OckgError`` is returned, anything else raised."""
    try:
        return parse_profile(read_document(path))
    except OckgError as error:
        return error


def _assert_clear_error(error: OckgError, path: Path) -> None:
    message = str(error)
    assert message.startswith(f"{path}"), message
    assert re.search(r": E\d{3} ", message), message
    assert error.code.name.startswith("E")
    assert error.line is None or error.line >= 1


def _assert_sound(profile: Profile, path: Path) -> None:
    """A parsed profile holds only what the page printed, or values derived on the grid."""
    text = read_document(path).text
    lines = text.split("\n")
    kinds = {item.id: item.kind for item in taxonomy.indicators()}
    assert profile.edition is None or profile.edition in EDITIONS
    assert len({s.indicator for s in profile.scores}) == len(profile.scores)
    for score in profile.scores:
        assert Decimal("1.00") <= score.value <= Decimal("10.00"), score
        if score.inferred:
            assert score.inference, score
            if kinds[score.indicator] is not IndicatorKind.COMPOSITE:
                assert score.value in GRID, score
            elif profile.edition is not None:
                parts = taxonomy.components(score.indicator, profile.edition)
                values = [profile.score(part.id) for part in parts]
                assert all(values) and score.value == mean2([v.value for v in values if v])
            continue
        assert score.line is not None, score
        printed = parse_score_line(lines[score.line - 1])
        assert printed is not None and printed.value == score.value, (score, lines[score.line - 1])
        assert printed.change == score.change, score
    for rank in profile.ranks:
        assert 1 <= rank.rank <= rank.out_of, rank
        assert rank.previous is None or rank.previous >= 1, rank
        assert rank.line is not None
        printed_rank = parse_rank_line(lines[rank.line - 1])
        assert printed_rank is not None
        assert (printed_rank.rank, printed_rank.out_of) == (rank.rank, rank.out_of)
    if profile.analysis_start is not None:
        assert profile.analysis_end is not None
        assert 0 <= profile.analysis_start < profile.analysis_end <= len(text)
    assert all(d.code.startswith("W") for d in profile.diagnostics)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile") / "peru_2025.txt"


ALL_MUTATIONS = [*VALID_UTF8, _invalid_bytes]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(data=mutated(ALL_MUTATIONS) | mutated([_inject], framing=False))
@example(data=PERU.replace(b"9.000.00", b"9.00\x000.00", 1))
@example(data=PERU.replace(b"Cocaine trade", "Cocaine\u200b trade".encode(), 1))
@example(data=PERU[: PERU.index(b"Non-state actors")])
@example(data=b"\xef\xbb\xbf")
def test_a_mutated_profile_parses_soundly_or_fails_with_a_coded_error(
    data: bytes, scratch: Path
) -> None:
    scratch.write_bytes(data)
    result = _outcome(scratch)
    event(result.code.name if isinstance(result, OckgError) else type(result).__name__)
    if isinstance(result, OckgError):
        _assert_clear_error(result, scratch)
    elif result is not None:
        _assert_sound(result, scratch)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(data=mutated(VALID_UTF8, framing=False))
def test_line_ends_and_a_byte_order_mark_do_not_change_the_outcome(
    data: bytes, scratch: Path
) -> None:
    """CRLF, CR and a BOM are how a file is stored, not what it says: same profile or error."""
    outcomes = []
    for variant in (data, data.replace(b"\n", b"\r\n"), b"\xef\xbb\xbf" + data):
        scratch.write_bytes(variant)
        outcome = _outcome(scratch)
        if isinstance(outcome, OckgError):
            outcome = (outcome.code, outcome.line)
        outcomes.append(outcome)
    assert outcomes[0] == outcomes[1] == outcomes[2]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(cut=st.integers(0, len(PERU)))
@example(cut=PERU.index(b"Government transparency") + 60)
def test_a_page_cut_anywhere_is_an_error_or_a_complete_profile(cut: int, scratch: Path) -> None:
    """A cut inside the score block is never a silently partial profile."""
    scratch.write_bytes(PERU[:cut])
    result = _outcome(scratch)
    if isinstance(result, Profile):
        _assert_sound(result, scratch)
        assert result.edition is not None
        expected = {item.id for item in taxonomy.scored(result.edition)}
        assert {s.indicator for s in result.scores} == expected
    elif isinstance(result, OckgError):
        _assert_clear_error(result, scratch)


def test_a_truncated_resilience_block_is_an_error(scratch: Path) -> None:
    """Found by the properties: a page cut inside the resilience block parsed with warnings."""
    end = PERU.index(b"Victim and witness support")
    scratch.write_bytes(PERU[: PERU.index(b"\n", end + 40)])
    result = _outcome(scratch)
    assert isinstance(result, OckgError) and result.code.name == "E103", result
    assert str(result).endswith("missing Prevention, Non-state actors"), result


# --- through the command line ---------------------------------------------------------------


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a successful build of the real page (graph.ttl, report.json)."""
    out = tmp_path_factory.mktemp("good") / "out"
    source = Path(__file__).resolve().parents[1] / "corpus" / "peru_2025.txt"
    result = runner.invoke(app, ["build", str(source), "--out", str(out), "--no-nlp", "-q"])
    assert result.exit_code == 0, result.output
    return out


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=mutated(ALL_MUTATIONS))
@example(data=PERU.replace(b"31st of 193", b"31st of 1x3", 1))
@example(data=PERU.replace(b"Lima", b"Li\xe9ma", 1))
@example(data=PERU.replace(b"\n", b"\r\n"))
def test_cli_build_of_a_mutated_profile_fails_cleanly_or_writes_a_graph(
    data: bytes, good_build: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Exit 1 naming the file with the previous build intact, or exit 0 with a parseable graph."""
    work = tmp_path_factory.mktemp("cli")
    out = work / "out"
    shutil.copytree(good_build, out)
    before = _snapshot(out)
    path = work / "mutated.txt"
    path.write_bytes(data)
    result = runner.invoke(app, ["build", str(path), "--out", str(out), "--no-nlp", "-q"])
    assert result.exit_code in (0, 1), result.output
    event(f"exit {result.exit_code}")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if result.exit_code == 1:
        assert f"{path}" in result.output and re.search(r"E\d{3}", result.output), result.output
        assert "Traceback" not in result.output
        assert _snapshot(out) == before
    else:
        report = json.loads((out / "report.json").read_bytes())
        store = pyoxigraph.Store()
        store.load((out / "graph.ttl").read_bytes(), format=pyoxigraph.RdfFormat.TURTLE)
        assert len(store) == report["triples"] > 0
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


# --- size ------------------------------------------------------------------------------------


@pytest.mark.parametrize("content", ["profile", "random"])
def test_a_50_mb_file_gets_a_clear_error(tmp_path: Path, good_build: Path, content: str) -> None:
    """Files over the limit are refused up front with E007 naming the file, through the CLI."""
    path = tmp_path / "huge.txt"
    size = 50 * 1024 * 1024
    with path.open("wb") as handle:
        if content == "profile":
            for _ in range(size // len(PERU) + 1):
                handle.write(PERU)
        else:
            handle.write(_random_text(size))
    assert path.stat().st_size > MAX_BYTES
    with pytest.raises(OckgError) as caught:
        read_document(path)
    assert caught.value.code.name == "E007" and str(path) in str(caught.value)
    out = tmp_path / "out"
    shutil.copytree(good_build, out)
    before = _snapshot(out)
    result = runner.invoke(app, ["build", str(path), "--out", str(out), "--no-nlp", "-q"])
    assert result.exit_code == 1
    assert f"{path}: E007" in result.output
    assert _snapshot(out) == before


def _random_text(size: int) -> bytes:
    """Pseudo-random words and lines, reproducibly (seeded), about ``size`` bytes."""
    import random

    rng = random.Random(2025)
    words = [bytes(rng.choices(b"abcdefghijklmnopqrstuvwxyz", k=n)) for n in range(2, 12)] * 50
    chunk = b"".join(rng.choice(words) + rng.choice([b" ", b" ", b"\n"]) for _ in range(200_000))
    return (chunk * (size // len(chunk) + 1))[:size]
