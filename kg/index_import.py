"""Import the official Organized Crime Index dataset into the graph.

Reads the workbook published on ocindex.net (every ``<year>_dataset`` sheet) or a CSV export
of it (wide: one row per country and edition; long: one row per country, edition and
indicator) into ``IndexRow`` models, and turns those into score observations in the
``official-scores`` dataset, alongside the ones read from profile pages.

The workbook's headers vary between sheets (``Criminality avg.``, ``Criminal actors avg,``,
``Resilience``) and so do the column order and some country spellings (``Congo, Dem, Rep,``);
headers are mapped to indicator ids through the taxonomy, and countries are resolved to ISO
codes and named as the latest edition names them. The workbook has no change columns: the
change of each score from the previous edition is computed the way the pages print it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from kg import taxonomy
from kg.errors import Code, OckgError
from kg.graph.iris import dataset_iri
from kg.graph.namespaces import DCTERMS, QB
from kg.graph.profile_graph import add_country, add_score_observation
from kg.graph.serialize import atomic_write, serialize
from kg.graph.vocabulary import vocabulary
from kg.models import CountryRef, Score

__all__ = [
    "INDEX_FILE",
    "OFFICIAL_SCORES",
    "UNROUNDED_CHANGES",
    "IndexRow",
    "add_changes",
    "column_indicator",
    "import_index",
    "index_graph",
    "read_index",
]

OFFICIAL_SCORES = "official-scores"
"""The dataset the official scores go to (``ockg:id/dataset/official-scores``)."""

INDEX_FILE = "index.ttl"

UNROUNDED_CHANGES: frozenset[int] = frozenset({2023})
"""Editions whose pages print composite changes computed from the unrounded means (rounded
half-even); other editions print the difference of the printed (rounded) scores. Checked
against every change the pages print (``ocindex_long.csv``)."""

_CENT = Decimal("0.01")
_AVG = re.compile(r"\s+avg\s*[.,]?\s*$", re.IGNORECASE)
_SHEET = re.compile(r"^\s*(\d{4})_dataset\s*$", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
# The 2023 sheet writes "." as "," after abbreviations: "Congo, Dem, Rep,", "St, Lucia".
_ABBREVIATION_COMMA = re.compile(r"\b([A-Z][a-z]{0,2}),(?=\s|$)")
_HEADER_ROWS = 10
_KEYS = ("country", "continent", "region", "edition", "indicator", "score")


class IndexRow(BaseModel):
    """One country in one edition of the official dataset."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    country: str
    """The country as the Index names it (its latest edition's spelling)."""
    iso2: str
    continent: str | None = None
    region: str | None = None
    edition: int
    scores: dict[str, Decimal]
    """Indicator id -> score, quantized to 2 decimals."""
    changes: dict[str, Decimal | None] = {}
    """Indicator id -> change from the previous edition (None: new indicator or no data)."""

    def score_models(self) -> tuple[Score, ...]:
        """The scores as ``Score`` models, in page order."""
        return tuple(
            Score(indicator=item.id, value=self.scores[item.id], change=self.changes.get(item.id))
            for item in taxonomy.indicators()
            if item.id in self.scores
        )


# --- reading ------------------------------------------------------------------------------------


@dataclass
class _Raw:
    """A row as read, before validation: cells keyed by indicator id, with their line."""

    country: str
    edition: object
    line: int
    where: str
    continent: str | None = None
    region: str | None = None
    cells: dict[str, tuple[object, int]] = field(default_factory=dict)


def _clean(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def column_indicator(header: str) -> str | None:
    """The indicator id a column header names (``Criminal actors avg,`` -> criminal-actors)."""
    item = taxonomy.indicator_for_label(_AVG.sub("", _clean(header)))
    return item.id if item is not None else None


def _columns(header: Sequence[object], path: Path, line: int, where: str) -> dict[str, int]:
    """Map a header row to positions: the key columns by name, indicators by id."""
    found: dict[str, int] = {}
    for position, cell in enumerate(header):
        name = _clean(cell)
        if not name:
            continue
        key = name.casefold() if name.casefold() in _KEYS else column_indicator(name)
        if key is None:
            continue
        if key in found:
            detail = f"{where}column {name!r} repeats column {found[key] + 1}"
            raise OckgError(Code.E203, detail, path=path, line=line)
        found[key] = position
    return found


def _is_header(columns: dict[str, int]) -> bool:
    wide = "country" in columns and any(k not in _KEYS for k in columns)
    long = {"country", "edition", "indicator", "score"} <= columns.keys()
    return wide or long


def _cell(row: Sequence[object], position: int | None) -> object:
    if position is None or position >= len(row):
        return None
    return row[position]


def _wide_rows(
    rows: Iterable[tuple[int, Sequence[object]]],
    columns: dict[str, int],
    edition: object,
    where: str,
) -> Iterator[_Raw]:
    indicators = {k: v for k, v in columns.items() if k not in _KEYS}
    for line, row in rows:
        country = _clean(_cell(row, columns["country"]))
        if not country:
            continue
        raw = _Raw(
            country=country,
            edition=_cell(row, columns["edition"]) if "edition" in columns else edition,
            line=line,
            where=where,
            continent=_clean(_cell(row, columns.get("continent"))) or None,
            region=_clean(_cell(row, columns.get("region"))) or None,
        )
        raw.cells = {key: (_cell(row, position), line) for key, position in indicators.items()}
        yield raw


def _long_rows(
    rows: Iterable[tuple[int, Sequence[object]]], columns: dict[str, int], path: Path
) -> Iterator[_Raw]:
    grouped: dict[tuple[str, str], _Raw] = {}
    for line, row in rows:
        country = _clean(_cell(row, columns["country"]))
        if not country:
            continue
        label = _clean(_cell(row, columns["indicator"]))
        indicator = column_indicator(label)
        if indicator is None:
            raise OckgError(Code.E203, f"unknown indicator {label!r}", path=path, line=line)
        edition = _clean(_cell(row, columns["edition"]))
        raw = grouped.get((country, edition))
        if raw is None:
            raw = grouped[(country, edition)] = _Raw(
                country=country,
                edition=edition,
                line=line,
                where="",
                continent=_clean(_cell(row, columns.get("continent"))) or None,
                region=_clean(_cell(row, columns.get("region"))) or None,
            )
        if indicator in raw.cells:
            first = raw.cells[indicator][1]
            detail = f"{country} {edition} {label} repeats line {first}"
            raise OckgError(Code.E203, detail, path=path, line=line)
        raw.cells[indicator] = (_cell(row, columns["score"]), line)
    yield from grouped.values()


MAX_WORKBOOK_EXPANDED = 512 * 1024 * 1024
"""An .xlsx is a zip of XML; the official workbook expands to a few megabytes."""


def _check_expansion(path: Path) -> None:
    """Refuse a workbook whose members would expand past :data:`MAX_WORKBOOK_EXPANDED` (a zip
    bomb), before anything is decompressed."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise OckgError(Code.E203, f"not a readable .xlsx workbook ({error})", path=path) from None
    if expanded > MAX_WORKBOOK_EXPANDED:
        detail = f"it would expand to {expanded:,} bytes (at most {MAX_WORKBOOK_EXPANDED:,})"
        raise OckgError(Code.E203, detail, path=path)


def _read_workbook(path: Path) -> Iterator[_Raw]:
    from openpyxl import load_workbook

    _check_expansion(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zip, XML and key errors alike
        detail = f"not a readable .xlsx workbook ({type(error).__name__}: {error})"
        raise OckgError(Code.E203, detail, path=path) from None
    try:
        sheets = [(s, m[1]) for s in book.worksheets if (m := _SHEET.match(s.title))]
        if not sheets:
            names = ", ".join(s.title for s in book.worksheets)
            detail = f"no <year>_dataset sheet (sheets: {names})"
            raise OckgError(Code.E203, detail, path=path)
        for sheet, year in sheets:
            where = f"sheet {sheet.title}: "
            rows = enumerate(sheet.iter_rows(values_only=True), start=1)
            columns = _find_header(rows, path, where)
            yield from _wide_rows(rows, columns, year, where)
    except OckgError:
        raise
    except Exception as error:  # a malformed sheet fails while its rows are read
        detail = f"{type(error).__name__} while reading the workbook: {error}"[:300]
        raise OckgError(Code.E203, detail, path=path) from None
    finally:
        book.close()


def _find_header(
    rows: Iterator[tuple[int, Sequence[object]]], path: Path, where: str
) -> dict[str, int]:
    """Consume rows up to and including the header; return its column map."""
    for line, row in rows:
        columns = _columns(row, path, line, where)
        if _is_header(columns):
            return columns
        if line >= _HEADER_ROWS:
            break
    detail = f"{where}no header row naming a country column and indicator columns"
    raise OckgError(Code.E203, detail, path=path)


def _read_csv(path: Path) -> Iterator[_Raw]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            rows = [(reader.line_num, row) for row in reader]
    except (UnicodeDecodeError, csv.Error) as error:
        raise OckgError(Code.E203, f"not a readable CSV file ({error})", path=path) from None
    lines = iter(rows)
    columns = _find_header(lines, path, "")
    if "indicator" in columns and "score" in columns:
        yield from _long_rows(lines, columns, path)
        return
    edition: object = None
    if "edition" not in columns:
        years = [y for y in _YEAR.findall(path.name) if int(y) in taxonomy.editions()]
        if len(years) != 1:
            detail = "no edition: add an edition column or a year to the file name"
            raise OckgError(Code.E203, detail, path=path, line=1)
        edition = years[0]
    yield from _wide_rows(lines, columns, edition, "")


# --- validation ---------------------------------------------------------------------------------


def _edition(raw: _Raw, path: Path) -> int:
    text = _clean(raw.edition)
    try:
        number = float(text) if text else None
        edition = int(number) if number is not None and number.is_integer() else None
    except (ValueError, OverflowError):  # "inf", "1e999", "NaN", words
        edition = None
    if edition is None:
        detail = f"{raw.where}{raw.country}: edition {text!r} is not a year"
        raise OckgError(Code.E203, detail, path=path, line=raw.line)
    if edition not in taxonomy.editions():
        detail = f"{raw.where}{edition}; known editions: {taxonomy.editions()}"
        raise OckgError(Code.E204, detail, path=path, line=raw.line)
    return edition


def _score(value: object) -> Decimal | None:
    """A cell as a 2-decimal score; None if empty; ValueError if not a number."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, int | float):
        try:
            number = Decimal(str(round(float(value), 2)))
        except (OverflowError, ValueError):  # an int too big for a float, inf, nan
            raise ValueError(f"{str(value)[:40]!r} is not a score") from None
    else:
        text = _clean(value)
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{text!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{str(value)[:40]!r} is not a number")
    if not Decimal("0.995") <= number < Decimal("10.005"):  # checked before any rounding
        raise ValueError(f"{str(value)[:40]} is outside 1.00 to 10.00")
    number = number.quantize(_CENT, rounding=ROUND_HALF_UP)
    return number


def _country_name(name: str) -> str:
    return _ABBREVIATION_COMMA.sub(r"\1.", name)


def _resolve(name: str) -> CountryRef | None:
    from kg.lexicon.gazetteer import country_ref

    return country_ref(name)


def _validate(raw: _Raw, path: Path) -> IndexRow:
    edition = _edition(raw, path)
    name = _country_name(raw.country)
    ref = _resolve(name)
    if ref is None:
        detail = f"{raw.where}unknown country {raw.country!r}"
        raise OckgError(Code.E203, detail, path=path, line=raw.line)
    scores: dict[str, Decimal] = {}
    for indicator_id, (value, line) in raw.cells.items():
        item = taxonomy.indicator(indicator_id)
        try:
            score = _score(value)
        except ValueError as error:
            detail = f"{raw.where}{raw.country} {edition}, {item.label}: {error}"
            raise OckgError(Code.E203, detail, path=path, line=line) from None
        if score is None:
            continue
        if not item.scored_in(edition):
            detail = f"{raw.where}{item.label} has a score in {edition}, but is scored since"
            detail += f" {item.since}"
            raise OckgError(Code.E203, detail, path=path, line=line)
        scores[indicator_id] = score
    if not scores:
        detail = f"{raw.where}{raw.country} {edition} has no scores"
        raise OckgError(Code.E203, detail, path=path, line=raw.line)
    return IndexRow(
        country=name,
        iso2=ref.iso2,
        continent=raw.continent,
        region=raw.region,
        edition=edition,
        scores=scores,
    )


def _canonical_names(rows: list[IndexRow]) -> list[IndexRow]:
    """Name each country as its latest edition does (the workbook's spellings vary)."""
    names: dict[str, str] = {}
    for row in sorted(rows, key=lambda r: -r.edition):
        names.setdefault(row.iso2, row.country)
    return [
        row
        if row.country == names[row.iso2]
        else row.model_copy(update={"country": names[row.iso2]})
        for row in rows
    ]


def read_index(path: str | Path) -> list[IndexRow]:
    """Read the official workbook (.xlsx) or a CSV export into rows, with changes computed.

    Raises ``OckgError`` (E203, naming the file and line) for a missing or unreadable file,
    a missing header, a non-numeric or out-of-range score, an unknown country or a
    duplicate row; E204 for an edition the taxonomy does not know.
    """
    path = Path(path)
    if not path.is_file():
        raise OckgError(Code.E203, "file not found", path=path)
    suffix = path.suffix.casefold()
    if suffix in {".xlsx", ".xlsm"}:
        raws = _read_workbook(path)
    elif suffix == ".csv":
        raws = _read_csv(path)
    else:
        raise OckgError(Code.E203, "give the .xlsx workbook or a .csv export", path=path)
    rows: list[IndexRow] = []
    seen: dict[tuple[str, int], int] = {}
    for raw in raws:
        row = _validate(raw, path)
        first = seen.setdefault((row.iso2, row.edition), raw.line)
        if first != raw.line:
            detail = f"{raw.where}{raw.country} {row.edition} repeats line {first}"
            raise OckgError(Code.E203, detail, path=path, line=raw.line)
        rows.append(row)
    if not rows:
        raise OckgError(Code.E203, "no country rows", path=path)
    return add_changes(_canonical_names(rows))


# --- changes ------------------------------------------------------------------------------------


def _unrounded(row: IndexRow, indicator_id: str) -> Fraction:
    """A composite as the exact mean of its components (recursively), else the score."""
    parts = taxonomy.components(indicator_id, row.edition)
    if parts and all(p.id in row.scores for p in parts):
        return sum((_unrounded(row, p.id) for p in parts), Fraction(0)) / len(parts)
    return Fraction(row.scores[indicator_id])


def _change(row: IndexRow, previous: IndexRow, indicator_id: str) -> Decimal:
    if row.edition in UNROUNDED_CHANGES:
        exact = _unrounded(row, indicator_id) - _unrounded(previous, indicator_id)
        rounded = round(exact, 2)  # Fraction rounds half-even, exactly
        return (Decimal(rounded.numerator) / Decimal(rounded.denominator)).quantize(_CENT)
    return (row.scores[indicator_id] - previous.scores[indicator_id]).quantize(_CENT)


def add_changes(rows: Iterable[IndexRow]) -> list[IndexRow]:
    """Fill each row's ``changes`` from the same country's row in the previous edition.

    An indicator the previous edition did not score (or a country it lacks) gets None.
    """
    rows = list(rows)
    editions = taxonomy.editions()
    by_key = {(row.iso2, row.edition): row for row in rows}
    out: list[IndexRow] = []
    for row in rows:
        position = editions.index(row.edition)
        previous = by_key.get((row.iso2, editions[position - 1])) if position > 0 else None
        changes: dict[str, Decimal | None] = {}
        for indicator_id in row.scores:
            known = previous is not None and indicator_id in previous.scores
            changes[indicator_id] = _change(row, previous, indicator_id) if known else None
        out.append(row.model_copy(update={"changes": changes}))
    return out


# --- graph --------------------------------------------------------------------------------------


def index_graph(rows: Iterable[IndexRow], source: str | None = None) -> Graph:
    """The vocabulary plus one score observation per country, edition and indicator.

    ``source`` (the file name) is recorded as the dataset's ``dcterms:source``.
    """
    from kg.lexicon.gazetteer import country_ref

    graph = vocabulary()
    dataset = dataset_iri(OFFICIAL_SCORES)
    graph.add((dataset, RDF.type, QB.DataSet))
    if source:
        graph.add((dataset, DCTERMS.source, Literal(source)))
    refs: dict[str, CountryRef] = {}
    for row in rows:
        ref = refs.get(row.country) or country_ref(row.country)
        if ref is None:
            raise OckgError(Code.E203, f"unknown country {row.country!r}")
        refs[row.country] = ref
        area = add_country(graph, ref)
        for score in row.score_models():
            add_score_observation(
                graph,
                dataset=OFFICIAL_SCORES,
                area=area,
                area_key=ref.iso2,
                edition=row.edition,
                score=score,
                source=None,
            )
    return graph


def import_index(path: str | Path, out: str | Path) -> str:
    """Read the official dataset at ``path`` and write ``out/index.ttl``; return a summary.

    Nothing is written when the input is malformed (``OckgError``).
    """
    path = Path(path)
    rows = read_index(path)
    graph = index_graph(rows, source=path.name)
    target = Path(out) / INDEX_FILE
    atomic_write(target, serialize(graph, "ttl"))
    countries = len({row.iso2 for row in rows})
    editions = len({row.edition for row in rows})
    observations = sum(len(row.scores) for row in rows)
    plural = "edition" if editions == 1 else "editions"
    return f"{countries} countries × {editions} {plural}, {observations} observations -> {target}"
