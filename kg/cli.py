"""The ``ockg`` command line. Heavy libraries are imported inside commands, so --help is quick."""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec

import click
import typer

from kg.output_formats import formats_help

__all__ = ["app", "main"]

P = ParamSpec("P")

app = typer.Typer(
    name="ockg",
    help="Organized Crime Index profiles and analytic texts to a knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: no Markdown renderer to import, quicker start-up
)


if TYPE_CHECKING:
    from rich.console import Console


@contextlib.contextmanager
def _progress(console: Console | None, total: int) -> Iterator[Callable[[str], None] | None]:
    """A transient progress bar over ``total`` documents, yielding the callback that advances
    it; none (and no callback) when ``total`` is 0 or there is no console."""
    if not total or console is None:
        yield None
        return
    from rich.progress import Progress

    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("building", total=total)
        yield lambda _: bar.advance(task)


def _fail(error: Exception) -> typer.Exit:
    """Print an input error on stderr and return the exit to raise."""
    typer.echo(f"error: {error}", err=True)
    return typer.Exit(code=1)


def _last_resort(command: Callable[P, None]) -> Callable[P, None]:
    """Turn an unexpected exception into a one-line coded error (``E900``), exit status 1.

    Bad input has its own codes; this catches what they missed, so that no input ever ends in
    a raw traceback. ``OCKG_TRACEBACK=1`` shows the traceback instead (for bug reports).
    """

    @functools.wraps(command)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> None:
        import os

        try:
            command(*args, **kwargs)
        except (typer.Exit, typer.Abort, click.exceptions.ClickException, KeyboardInterrupt):
            raise
        except Exception as error:
            if os.environ.get("OCKG_TRACEBACK"):
                raise
            from kg.errors import Code

            first = str(error).splitlines()[0][:300] if str(error).strip() else ""
            detail = "out of memory" if isinstance(error, MemoryError) else type(error).__name__
            if first and not isinstance(error, MemoryError):
                detail += f": {first}"
            typer.echo(
                f"error: {Code.E900.name} {Code.E900.value}: {detail}"
                " (set OCKG_TRACEBACK=1 to see where, and please report it)",
                err=True,
            )
            raise typer.Exit(code=1) from None

    return guarded


def _offline(command: Callable[P, None]) -> Callable[P, None]:
    """Run a command with network access refused (``E209``): ockg works offline."""

    @functools.wraps(command)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> None:
        from kg.offline import offline

        with offline():
            command(*args, **kwargs)

    return _last_resort(guarded)


def _allow_scheduler(address: str) -> None:
    """Let this command connect to the Dask scheduler at ``address`` (``tcp://HOST:PORT``)."""
    from urllib.parse import urlsplit

    from kg.offline import allow_for_command

    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        port = parts.port
    except ValueError:
        return  # the executor reports a malformed address with its own code
    if parts.hostname and port:
        allow_for_command((parts.hostname, port))


def _check_out(out: Path, *, folder: bool) -> None:
    """Fail at once (exit 1, ``E208``) when ``--out`` cannot be written, before any work."""
    from kg.errors import OckgError
    from kg.output_paths import check_output_file, check_output_folder

    try:
        (check_output_folder if folder else check_output_file)(out)
    except OckgError as error:
        raise _fail(error) from None


def _write_error(error: OSError, out: Path) -> Exception:
    from kg.errors import Code, OckgError

    return OckgError(Code.E208, str(error.strerror or error), path=out)


def _stderr():
    from rich.console import Console

    return Console(stderr=True)


@app.command()
@_offline
def build(
    paths: Annotated[list[Path], typer.Argument(help="Documents or folders of documents.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("build"),
    edition: Annotated[
        int | None, typer.Option(help="Index edition of every input (else metadata or format).")
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="The country a plain analytic text is about.")
    ] = None,
    formats: Annotated[
        list[str],
        typer.Option(
            "--format",
            "-f",
            help=formats_help(),  # from ontology/output_formats.yaml
        ),
    ] = ["ttl"],  # noqa: B006 - typer needs a literal default
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
    nlp: Annotated[
        bool, typer.Option("--nlp/--no-nlp", help="Extract actors, places and markets.")
    ] = True,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Processes to use.")] = 1,
    use_cache: Annotated[
        bool,
        typer.Option("--cache/--no-cache", help="Reuse unchanged documents' results (OUT/.cache)."),
    ] = True,
    use_store: Annotated[
        bool,
        typer.Option(
            "--store/--no-store",
            help="Keep an on-disk store (OUT/store) with a named graph per document, updated "
            "incrementally; query, serve and validate read it.",
        ),
    ] = True,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="A Dask scheduler (tcp://HOST:PORT) to extract the documents on "
            "(pip install 'ockg[distributed]'); replaces --jobs.",
        ),
    ] = None,
) -> None:
    """Build the graph of PATHS into OUT/graph.ttl (and other formats) with a report."""
    from kg.build import build_corpus
    from kg.errors import Code, OckgError
    from kg.graph.store import STORE_DIR
    from kg.models import EDITIONS
    from kg.output_formats import output_format
    from kg.report import build_report_json, print_summary, write_outputs

    try:
        chosen = [output_format(name) for name in dict.fromkeys(formats)]
    except ValueError as error:
        raise _fail(error) from None
    if edition is not None and edition not in EDITIONS:
        raise _fail(OckgError(Code.E204, f"{edition}; known editions: {EDITIONS}"))
    _check_out(out, folder=True)
    for fmt in chosen:  # a format that cannot be written here fails before the build
        try:
            fmt.ensure_writable()
        except OckgError as error:
            raise _fail(error) from None
    console = _stderr() if not quiet else None  # rich loads only when a build prints
    cache_dir = out / ".cache" if use_cache else None
    if scheduler is not None:  # the one host a build may reach: the cluster the user named
        _allow_scheduler(scheduler)
    try:
        from kg.read import collect_inputs

        total = len(collect_inputs(paths))
        with _progress(console, total if total > 3 and not quiet else 0) as advance:
            result = build_corpus(
                paths,
                edition=edition,
                country=country,
                nlp=nlp,
                cache_dir=cache_dir,
                jobs=jobs,
                scheduler=scheduler,
                scratch=out,
                progress=advance,
                store=out / STORE_DIR if use_store else None,
            )
        report = lambda: build_report_json(result)  # noqa: E731 - once the triples are counted
        written = write_outputs(result, out, formats, report=report, store=use_store)
    except OckgError as error:
        raise _fail(error) from None
    except OSError as error:  # a disk filled or a folder removed while the build ran
        raise _fail(OckgError(Code.E208, str(error.strerror or error), path=out)) from None
    if console is not None:
        print_summary(result, written, console)


@app.command()
@_offline
def query(
    graph: Annotated[Path, typer.Argument(help="A graph file or a build folder.")],
    sparql: Annotated[
        str | None, typer.Argument(help="A .rq file or the query text (or use --name).")
    ] = None,
    name: Annotated[
        str | None,
        typer.Option("--name", "-n", help="A named query of queries/ (see `ockg queries`)."),
    ] = None,
    params: Annotated[
        list[str],
        typer.Option(
            "--param", "-p", help="NAME=VALUE, a parameter the query declares (repeatable)."
        ),
    ] = [],  # noqa: B006 - typer needs a literal default
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    engine: Annotated[str, typer.Option(help="oxigraph or rdflib.")] = "oxigraph",
    timeout: Annotated[
        float, typer.Option(min=0, help="Seconds before the query is stopped (0: no limit).")
    ] = 60.0,
    max_rows: Annotated[
        int, typer.Option(min=0, help="Most rows a result may have (0: no limit).")
    ] = 100_000,
) -> None:
    """Run a SPARQL SELECT or ASK query over GRAPH: a .rq file, inline text or --name NAME.

    --param NAME=VALUE filters the rows by a parameter the query declares (see `ockg queries`);
    the value is never spliced into the query as syntax. SERVICE clauses are refused (ockg
    works offline); a query past --timeout or --max-rows is an error.
    """
    from kg.errors import Code, OckgError
    from kg.report import print_query_result
    from kg.sparql.engine import run_query
    from kg.sparql.limits import DEFAULT_LIMITS, QueryLimits
    from kg.sparql.named import named_query
    from kg.sparql.params import parse_params

    if fmt not in {"table", "csv", "json"}:
        raise _fail(ValueError(f"unknown format {fmt!r}; use table, csv or json"))
    try:
        if (sparql is None) == (name is None):
            raise OckgError(Code.E202, "give either a query (a .rq file or text) or --name")
        text = named_query(name) if name is not None else sparql
        assert text is not None
        limits = QueryLimits(timeout or None, max_rows or None, DEFAULT_LIMITS.max_memory)
        result = run_query(graph, text, parse_params(params), engine=engine, limits=limits)
    except OckgError as error:
        raise _fail(error) from None
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    print_query_result(result, fmt)


@app.command()
@_offline
def diff(
    old: Annotated[Path, typer.Argument(help="The old graph: a graph file or a build folder.")],
    new: Annotated[Path, typer.Argument(help="The new graph: a graph file or a build folder.")],
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
) -> None:
    """Compare two graphs: score and rank moves per country, actors and claims added and dropped.

    Scores compare each side's latest edition; where the new edition follows the old one, the
    change the new page printed is checked against the move and a disagreement is reported.
    """
    from kg.diff import diff_graphs
    from kg.errors import OckgError
    from kg.report import print_diff

    if fmt not in {"table", "csv", "json"}:
        raise _fail(ValueError(f"unknown format {fmt!r}; use table, csv or json"))
    try:
        result = diff_graphs(old, new)
    except OckgError as error:
        raise _fail(error) from None
    print_diff(result, fmt)


@app.command("queries")
@_offline
def list_queries(
    name: Annotated[
        str | None, typer.Argument(help="Print this named query (with --param filters applied).")
    ] = None,
    params: Annotated[
        list[str],
        typer.Option("--param", "-p", help="NAME=VALUE, a declared parameter (repeatable)."),
    ] = [],  # noqa: B006 - typer needs a literal default
) -> None:
    """List the named queries of queries/ with their parameters, or print one as SPARQL.

    `ockg queries NAME -p KEY=VALUE` prints the query with its filters, as it runs: send it to
    `ockg serve` or any SPARQL endpoint.
    """
    from kg.errors import Code, OckgError
    from kg.sparql.named import named_query, query_description, query_names
    from kg.sparql.params import bind_parameters, declared_parameters, parse_params

    try:
        if name is not None:
            typer.echo(bind_parameters(named_query(name), parse_params(params)).sparql(), nl=False)
            return
        if params:
            raise OckgError(Code.E213, "--param needs a query NAME")
        for query_name in query_names():
            typer.echo(f"{query_name}\n    {query_description(query_name)}")
            for parameter in declared_parameters(named_query(query_name)):
                typer.echo(
                    f"    --param {parameter.name}=… ({parameter.kind}): {parameter.meaning}"
                )
    except OckgError as error:
        raise _fail(error) from None


@app.command()
@_offline
def serve(
    graph: Annotated[Path, typer.Argument(help="A graph file or a build folder.")],
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 7878,
    timeout: Annotated[
        float, typer.Option(min=0, help="Seconds before a query is stopped (0: no limit).")
    ] = 60.0,
    max_result_mb: Annotated[
        float, typer.Option(min=0, help="Largest result sent, in MiB (0: no limit).")
    ] = 100.0,
) -> None:
    """Serve GRAPH over the SPARQL 1.1 Protocol (Oxigraph's server) until interrupted.

    SERVICE clauses are refused (ockg works offline); queries stop after --timeout seconds.
    """
    from kg.errors import OckgError
    from kg.serve import serve as run_server

    _stderr().print(f"SPARQL endpoint: http://{host}:{port}/query (Ctrl-C to stop)", markup=False)
    try:
        run_server(graph, host=host, port=port, timeout=timeout, max_result_mb=max_result_mb)
    except OckgError as error:
        raise _fail(error) from None


@app.command()
@_last_resort
def push(
    graph: Annotated[Path, typer.Argument(help="A graph file or a build folder.")],
    endpoint: Annotated[str, typer.Argument(help="A SPARQL 1.1 Graph Store Protocol URL.")],
    graph_iri: Annotated[
        str | None, typer.Option("--graph", help="Named graph IRI (default graph if absent).")
    ] = None,
    append: Annotated[bool, typer.Option(help="Add to the graph instead of replacing it.")] = False,
) -> None:
    """Load GRAPH into any SPARQL 1.1 Graph Store Protocol server (Oxigraph, Fuseki, QLever…)."""
    from kg.errors import OckgError
    from kg.serve import push as run_push

    try:
        sent = run_push(graph, endpoint, graph_iri, replace=not append)
    except OckgError as error:
        raise _fail(error) from None
    _stderr().print(f"pushed {sent:,} triples to {endpoint}", markup=False)


@app.command()
@_offline
def validate(
    graph: Annotated[Path, typer.Argument(help="A graph file or a build folder.")],
    per_graph: Annotated[
        bool,
        typer.Option(
            "--per-graph",
            help="Check a build folder's store one document's graph at a time (with the "
            "vocabulary): memory for one document; constraints across documents unchecked.",
        ),
    ] = False,
) -> None:
    """Check GRAPH against ockg's SHACL shapes and the W3C Data Cube integrity constraints."""
    from kg.errors import OckgError
    from kg.graph.load import load_graph
    from kg.validate.report import validate_graph

    try:
        if per_graph:
            from kg.validate.per_graph import validate_per_graph

            report = validate_per_graph(graph)
        else:
            report = validate_graph(load_graph(graph))
    except OckgError as error:
        raise _fail(error) from None
    console = _stderr()
    for line in report.lines():
        console.print(line, markup=False, highlight=False)
    if not report.ok:
        raise typer.Exit(code=1)


@app.command("import-index")
@_offline
def import_index(
    workbook: Annotated[
        Path, typer.Argument(help="The official workbook (.xlsx) or a CSV export.")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("build"),
) -> None:
    """Read the official Index dataset into OUT/index.ttl (score observations, all countries)."""
    from kg.errors import OckgError
    from kg.index_import import import_index as run_import

    _check_out(out, folder=True)
    try:
        summary = run_import(workbook, out)
    except OckgError as error:
        raise _fail(error) from None
    except OSError as error:
        raise _fail(_write_error(error, out)) from None
    _stderr().print(summary, markup=False, highlight=False)


@app.command("eval")
@_offline
def evaluate(
    gold: Annotated[
        list[Path], typer.Argument(help="Gold files (.yaml) or folders of them; a folder is a set.")
    ],
    details: Annotated[bool, typer.Option(help="List every miss and spurious item.")] = False,
    per_file: Annotated[bool, typer.Option(help="A table per gold file too.")] = False,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the figures per set as JSON.")
    ] = None,
    causes: Annotated[
        bool, typer.Option(help="Count missed and spurious claims by cause, per set.")
    ] = False,
) -> None:
    """Score the extraction against gold annotations: P/R/F1 per kind and claim kind, per set.

    A gold file whose text is missing (third-party texts are kept out of git) is skipped with
    a note on stderr. --causes names no document or item, so it suits a held-out set.
    """
    from collections import Counter

    import kg.evaluate as scoring
    from kg.errors import Code, OckgError
    from kg.eval_causes import error_causes
    from kg.report import print_causes, print_evaluation

    results, counts = [], {}
    try:
        for name, path in scoring.gold_files(gold):
            if not scoring.document_available(path):
                _stderr().print(f"note: {path}: text not on disk, skipped", markup=False)
                continue
            gold_document, extraction = scoring.extract_gold_document(path)
            scores = scoring.evaluate(gold_document, extraction)
            results.append((name, path, gold_document, scores))
            if causes:
                counts.setdefault(name, Counter()).update(error_causes(gold_document, extraction))
        if not results:
            raise OckgError(Code.E006, "no gold file with its text on disk")
    except OckgError as error:
        raise _fail(error) from None
    print_evaluation(results, details=details, per_file=per_file)
    if causes:
        print_causes(counts)
    if json_out is not None:
        scoring.write_figures(((r[0], r[3]) for r in results), json_out)


@app.command()
@_offline
def viz(
    graph: Annotated[Path, typer.Argument(help="A graph file or a build folder.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML page to write.")] = Path(
        "build/graph.html"
    ),
    title: Annotated[str, typer.Option(help="The page title.")] = "ockg",
) -> None:
    """Write an interactive network page of GRAPH that works offline (assets embedded)."""
    from kg.errors import Code, OckgError
    from kg.graph.load import load_graph
    from kg.relation_kinds import UnknownRelationKind
    from kg.viz import write_network_page

    _check_out(out, folder=False)
    try:
        write_network_page(load_graph(graph), out, title=title)
    except OckgError as error:
        raise _fail(error) from None
    except UnknownRelationKind as error:  # a graph written with kinds this ockg does not know
        raise _fail(OckgError(Code.E201, str(error), path=graph)) from None
    except OSError as error:
        raise _fail(_write_error(error, out)) from None
    _stderr().print(f"wrote {out}", markup=False, highlight=False)


@app.command()
@_offline
def chart(
    graph: Annotated[Path, typer.Argument(help="A graph file or a build folder.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The chart: .svg or .png.")] = Path(
        "build/scores.svg"
    ),
    country: Annotated[str | None, typer.Option(help="ISO2 code or name, if several.")] = None,
    edition: Annotated[int | None, typer.Option(help="Edition, if several.")] = None,
) -> None:
    """Draw the Index's view of a country: scores, changes, region and world averages (SVG, PNG)."""
    from kg.errors import OckgError
    from kg.graph.load import load_graph
    from kg.viz import write_score_chart

    _check_out(out, folder=False)
    try:
        write_score_chart(load_graph(graph), out, country=country, edition=edition)
    except (OckgError, ValueError) as error:
        raise _fail(error) from None
    except OSError as error:
        raise _fail(_write_error(error, out)) from None
    _stderr().print(f"wrote {out}", markup=False, highlight=False)


@app.command()
@_offline
def annotate(
    document: Annotated[Path, typer.Argument(help="A profile or analytic text.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML page to write.")] = Path(
        "build/annotated.html"
    ),
    country: Annotated[str | None, typer.Option(help="The country the text is about.")] = None,
    build: Annotated[
        Path | None,
        typer.Option(help="A build folder whose cached extraction to reuse (default: build/)."),
    ] = None,
) -> None:
    """Write the analysis with its entities highlighted (displaCy), to check extraction by eye.

    The extraction of an earlier `ockg build` is reused when the build's cache holds this text
    (analysed by the same code and model); otherwise the text is analysed afresh.
    """
    from kg.build import document_extraction
    from kg.errors import OckgError
    from kg.viz import write_annotated_html

    _check_out(out, folder=False)
    try:
        text, extraction, reused = document_extraction(document, country=country, build=build)
        write_annotated_html(text, extraction, out)
    except OckgError as error:
        raise _fail(error) from None
    except OSError as error:
        raise _fail(_write_error(error, out)) from None
    how = "reused the build's extraction" if reused else "analysed the text"
    _stderr().print(f"wrote {out} ({how})", markup=False, highlight=False)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
