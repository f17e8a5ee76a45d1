"""What commands print and write: build summaries and reports, query results."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kg.build import BuildResult
from kg.graph.serialize import atomic_write_many
from kg.graph.streamed import write_union
from kg.output_formats import Content, output_format
from kg.output_writers import ExportSources
from kg.spool import private_folder

if TYPE_CHECKING:  # rich and the query engine load when a command prints (a quiet build never)
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from kg.sparql.engine import QueryResult

__all__ = [
    "build_report_json",
    "print_causes",
    "print_diff",
    "print_evaluation",
    "print_query_result",
    "print_summary",
    "write_outputs",
]


def build_report_json(result: BuildResult) -> bytes:
    """A machine-readable report of a build: per document, counts and diagnostics."""
    documents = [
        {
            "path": r.path,
            "sha256": r.sha256,
            "kind": r.kind,
            "country": r.country,
            "edition": r.edition,
            "scores": r.scores,
            "inferred": r.inferred,
            "ranks": r.ranks,
            "mentions": r.mentions,
            "cached": r.cached,
            "diagnostics": [d.model_dump() for d in r.diagnostics],
        }
        for r in result.reports
    ]
    payload = {"documents": documents, "triples": result.triples}
    return (json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def write_outputs(
    result: BuildResult,
    out: str | Path,
    formats: list[str],
    *,
    report: bytes | Callable[[], bytes],
    store: bool = False,
) -> list[Path]:
    """Serialise the graph in each format (``ontology/output_formats.yaml``: each format's
    writer makes its files) and write everything atomically.

    With ``store``, the build is synced into ``out/store`` (a named graph per document, see
    :mod:`kg.graph.store`) while the formats are written from the same segments, and the
    outputs replace the old ones once the store is in (a sync that fails leaves them all as
    they were); without it, an earlier build's store in ``out`` is removed, so that readers
    never see a stale graph.
    The graph is streamed from segment files to each output, never held whole, except for
    the formats written from an rdflib graph (JSON-LD, FollowTheMoney, the NetworkX views).
    ``report`` may be a function, called once the union's size is known (``result.triples``).
    """
    from kg.graph.store import DEFAULT_GRAPH, STORE_DIR, find_store, sync_store_segments

    out = Path(out)
    written: list[Path] = []
    stale = None
    spool = result.spool
    sync = None
    if store:
        folder = out / STORE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        synced = [(DEFAULT_GRAPH, [spool.vocabulary]), *spool.graphs()]
        # The store is synced while the exports are written (from the same segments: the
        # store's copies of them are byte for byte the spool's graphs), and the outputs
        # replace the old ones only once it is in.
        sync = _Background(sync_store_segments, folder, synced, fill=result.fill)
        written.append(folder)
    else:
        if result.fill is not None:
            result.fill.close()
        if find_store(out) == out / STORE_DIR:
            stale = out / STORE_DIR  # an earlier build's store would shadow these outputs
    vocabulary, graphs, segments = spool.vocabulary, spool.graphs(), spool.segments()
    try:
        out.mkdir(parents=True, exist_ok=True)
        tmp = private_folder(out, "out")
        try:
            union = write_union(segments, Path(tmp) / "union.nt", Path(tmp))
            result.count_triples(union.triples)
            sources = ExportSources(vocabulary, graphs, union, Path(tmp))
            files: dict[Path, Content] = {}
            for name in dict.fromkeys(formats):  # ontology/output_formats.yaml
                files.update(output_format(name).files(sources, out))
            files[out / "report.json"] = report() if callable(report) else report
            atomic_write_many(files, before_replace=sync.result if sync is not None else None)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    finally:
        if sync is not None:
            sync.wait()  # never left writing the store (its error, if any, is raised above)
    if stale is not None:
        shutil.rmtree(stale)
    return [*files, *written]


class _Background:
    """``function(*args, **kwargs)`` run in a thread; ``result`` waits for it and raises
    what it raised."""

    def __init__(self, function: Callable[..., object], *args: object, **kwargs: object) -> None:
        import threading

        self._error: BaseException | None = None

        def run() -> None:
            try:
                function(*args, **kwargs)
            except BaseException as error:  # raised again in the caller's thread
                self._error = error

        self._thread = threading.Thread(target=run, name="ockg-store-sync", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        self._thread.join()

    def result(self) -> None:
        self.wait()
        if self._error is not None:
            raise self._error


def print_summary(result: BuildResult, written: list[Path], console: Console) -> None:
    """A short account of what the build read and wrote, and its warnings."""
    documents = len(result.reports)
    plural = "s" if documents != 1 else ""
    console.print(
        f"ockg build: {result.triples:,} triples from {documents} document{plural}", markup=False
    )
    for r in result.reports:
        what = f"{r.kind}, {r.country or 'country unknown'}"
        if r.edition:
            what += f" {r.edition}"
        if r.kind == "profile":
            what += f": {r.scores} scores ({r.inferred} inferred), {r.ranks} ranks"
        if r.mentions:
            found = ", ".join(f"{n} {k}s" for k, n in r.mentions.items())
            what += f"; mentions: {found}"
        cached = " (cached)" if r.cached else ""
        console.print(
            f"  {Path(r.path).name}: {what}{cached}", markup=False, highlight=False, soft_wrap=True
        )
    for path, diagnostic in result.diagnostics:
        where = f"{path}:{diagnostic.line}" if diagnostic.line else path
        console.print(f"warning: {where}: {diagnostic.code} {diagnostic.message}", markup=False)
    console.print("wrote " + ", ".join(str(p) for p in written), markup=False, highlight=False)


def _score_table(title: str, scores: dict) -> Table:
    from rich.table import Table
    from rich.text import Text

    from kg.evaluate import ACCURACIES

    table = Table(title=Text(f"ockg eval: {title}"))
    for column in ("measure", "P", "R", "F1", "tp", "fp", "fn", "accuracy"):
        table.add_column(column, justify="right" if column != "measure" else "left")
    for name, score in scores.items():
        if name in ACCURACIES:
            accuracy = f"{score.accuracy:.3f} ({score.correct}/{score.judged})"
            table.add_row(name, "", "", "", "", "", "", accuracy)
        else:
            table.add_row(
                name,
                f"{score.precision:.3f}",
                f"{score.recall:.3f}",
                f"{score.f1:.3f}",
                str(score.tp),
                str(score.fp),
                str(score.fn),
                "",
            )
    return table


def print_evaluation(results: list, *, details: bool = False, per_file: bool = False) -> None:
    """P/R/F1 per measure for each set (a folder of gold files), overall, and per file if asked.

    ``results`` holds (set name, gold path, gold, scores) tuples.
    """
    from rich.console import Console

    from kg.evaluate import totals

    console = Console()
    sets: dict[str, list] = {}
    for name, path, _gold, scores in results:
        sets.setdefault(name, []).append((path, scores))
    if per_file or details:
        for _name, path, _gold, scores in results:
            console.print(_score_table(str(path), scores))
            if details:
                for measure, score in scores.items():
                    for error in score.errors:
                        console.print(f"  {measure}: {error}", markup=False, highlight=False)
    for name, members in sets.items():
        title = f"{name} ({len(members)} document{'s' if len(members) != 1 else ''})"
        console.print(_score_table(title, totals(s for _, s in members)))
    if len(sets) > 1:
        console.print(
            _score_table(f"all ({len(results)} documents)", totals(r[3] for r in results))
        )


def print_causes(counts: dict) -> None:
    """Missed and spurious claims by cause, one table per set (``kg.eval_causes``).

    ``counts`` maps a set name to a Counter of (claim kind, "missed"/"spurious", cause).
    """
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for name, counter in counts.items():
        table = Table(title=f"{name}: errors by cause")
        for column in ("claim", "error", "cause", "count"):
            table.add_column(column, justify="right" if column == "count" else "left")
        rows = sorted(counter.items(), key=lambda row: (*row[0][:2], -row[1], row[0][2]))
        for (kind, error, cause), count in rows:
            table.add_row(kind, error, cause, str(count))
        console.print(table)


def print_query_result(result: QueryResult, fmt: str) -> None:
    """Print a query result as a table, CSV or JSON on stdout."""
    if result.boolean is not None:
        sys.stdout.write(("true" if result.boolean else "false") + "\n")
        return
    if fmt == "json":
        rows = [dict(zip(result.variables, row, strict=True)) for row in result.rows]
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows(["" if v is None else v for v in row] for row in result.rows)
        sys.stdout.write(buffer.getvalue())
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{len(result.rows)} rows")
        for variable in result.variables:
            table.add_column(_plain(variable))
        for row in result.rows:
            table.add_row(*(_plain("" if v is None else v) for v in row))
        Console().print(table)


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def print_diff(diff, fmt: str) -> None:
    """Print a ``kg.diff.GraphDiff`` as tables, CSV (one row per change) or JSON on stdout."""
    from kg.diff import diff_rows

    if fmt == "json":
        payload = diff.model_dump(mode="json")
        payload["disagreements"] = diff.disagreements()
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    rows = list(diff_rows(diff))
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        columns = list(rows[0]) if rows else list(_DIFF_COLUMNS)
        writer.writerow(columns)
        writer.writerows([_cell(row[c]) for c in columns] for row in rows)
        sys.stdout.write(buffer.getvalue())
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(f"ockg diff: {diff.old} -> {diff.new}", markup=False, highlight=False)
    if diff.is_empty():
        console.print("no differences", markup=False)
    sections = (
        (
            "score",
            "score moves",
            (
                "status",
                "country",
                "item",
                "old_edition",
                "new_edition",
                "old",
                "new",
                "change",
                "printed",
            ),
        ),
        (
            "rank",
            "rank moves",
            (
                "status",
                "country",
                "item",
                "scope",
                "old_edition",
                "new_edition",
                "old",
                "new",
                "change",
                "printed",
            ),
        ),
        ("actor", "actors", ("status", "scope", "item")),
        ("claim", "claims", ("status", "scope", "item", "note")),
    )
    for section, title, columns in sections:
        chosen = [row for row in rows if row["section"] == section]
        if not chosen:
            continue
        headers = [_DIFF_HEADERS.get((section, c), c.replace("_", " ")) for c in columns]
        table = Table(*headers, title=f"{title}: {len(chosen)}")
        for row in chosen:
            table.add_row(*(_plain(_cell(row[c])) for c in columns))
        console.print(table)
    for note in diff.disagreements():
        console.print(f"disagrees: {note}", markup=False, highlight=False)


_DIFF_HEADERS = {
    ("score", "item"): "indicator",
    ("rank", "item"): "indicator",
    ("rank", "printed"): "printed previous",
    ("actor", "scope"): "kind",
    ("claim", "scope"): "kind",
    ("claim", "note"): "sentence",
}

_DIFF_COLUMNS = (
    "section",
    "status",
    "country",
    "item",
    "scope",
    "old_edition",
    "new_edition",
    "old",
    "new",
    "change",
    "printed",
    "note",
)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _plain(value: str) -> Text:
    """A value as plain text for a table: never read as Rich markup (``[sic]`` stays), and
    control characters (a terminal's escape sequences) shown as ``\\x1b`` rather than sent."""
    from rich.text import Text

    return Text(_CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", value))
