"""The Index's own view of one country in one edition, drawn with matplotlib (SVG or PNG).

Four panels, as a profile page shows them: the criminality and resilience scores, the criminal
markets, the criminal actors and the resilience indicators, each bar on the Index's 1–10 scale
with the change since the previous edition beside it (red where the country got worse, green
where better) and inferred scores (not printed on the page) hatched. When the graph holds the
official Index data (``ockg import-index``), each bar also shows the region's and the world's
averages that edition, computed from that data.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from kg.graph.iris import dataset_iri
from kg.graph.namespaces import OCKG, QB, SDMX_DIM
from kg.graph.profile_graph import PROFILE_SCORES
from kg.graph.serialize import atomic_write

__all__ = [
    "Averages",
    "ScoreRow",
    "index_averages",
    "label_of",
    "read_scores",
    "score_chart",
    "score_chart_svg",
    "write_score_chart",
]


@dataclass(frozen=True)
class ScoreRow:
    """One score observation, with the labels a chart or a tooltip needs."""

    area: URIRef
    area_label: str
    edition: int
    indicator: URIRef
    indicator_label: str
    score: Decimal
    change: Decimal | None
    inferred: bool
    inference: str | None
    dataset: URIRef | None


def label_of(graph: Graph, node: Node) -> str:
    """A node's label: English ``skos:prefLabel``, then ``rdfs:label``, then its IRI tail."""
    for predicate in (SKOS.prefLabel, RDFS.label):
        labels = [o for o in graph.objects(node, predicate) if isinstance(o, Literal)]
        if labels:
            english = [str(o) for o in labels if o.language in (None, "en")]
            return min(english or [str(o) for o in labels])
    text = str(node).rstrip("/#")
    return text.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _decimal(value: Node | None) -> Decimal | None:
    if not isinstance(value, Literal):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def read_scores(graph: Graph) -> list[ScoreRow]:
    """Every score observation (``qb:Observation`` with ``ockg:score``), sorted.

    Where several datasets score the same area, edition and indicator (a profile page and
    the official workbook), the profile's observation is kept.
    """
    preferred = dataset_iri(PROFILE_SCORES)
    best: dict[tuple[URIRef, int, URIRef], tuple[tuple[bool, str], ScoreRow]] = {}
    for obs in set(graph.subjects(OCKG.score, None)):
        if (obs, RDF.type, QB.Observation) not in graph:
            continue
        area, indicator = graph.value(obs, SDMX_DIM.refArea), graph.value(obs, OCKG.indicator)
        edition, score = graph.value(obs, OCKG.edition), _decimal(graph.value(obs, OCKG.score))
        if not isinstance(area, URIRef) or not isinstance(indicator, URIRef) or score is None:
            continue
        if not isinstance(edition, Literal) or not str(edition).isdigit():
            continue
        dataset = graph.value(obs, QB.dataSet)
        inference = graph.value(obs, OCKG.inferenceMethod)
        row = ScoreRow(
            area=area,
            area_label=label_of(graph, area),
            edition=int(str(edition)),
            indicator=indicator,
            indicator_label=label_of(graph, indicator),
            score=score,
            change=_decimal(graph.value(obs, OCKG.scoreChange)),
            inferred=bool(graph.value(obs, OCKG.inferred)),
            inference=str(inference) if inference is not None else None,
            dataset=dataset if isinstance(dataset, URIRef) else None,
        )
        rank = (dataset != preferred, str(obs))
        key = (area, row.edition, indicator)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, row)
    rows = [row for _, row in best.values()]
    return sorted(rows, key=lambda r: (str(r.area), r.edition, str(r.indicator)))


def _matches(graph: Graph, area: URIRef, label: str, wanted: str) -> bool:
    wanted = wanted.strip().casefold()
    names = {label, str(area), str(area).rsplit("/", 1)[-1]}
    for predicate in (OCKG.iso3166Alpha2, OCKG.iso3166Alpha3, RDFS.label, SKOS.altLabel):
        names.update(str(o) for o in graph.objects(area, predicate))
    return wanted in {name.casefold() for name in names}


def _select(
    graph: Graph, rows: list[ScoreRow], country: str | None, edition: int | None
) -> tuple[URIRef, int]:
    """The (area, edition) to chart, or a ValueError saying what the graph offers."""
    if not rows:
        raise ValueError("the graph holds no score observations (build it from a profile page)")
    available: dict[URIRef, set[int]] = {}
    labels: dict[URIRef, str] = {}
    for row in rows:
        available.setdefault(row.area, set()).add(row.edition)
        labels[row.area] = row.area_label

    def offer(areas: list[URIRef]) -> str:
        return "; ".join(
            f"{labels[a]} ({', '.join(map(str, sorted(available[a])))})"
            for a in sorted(areas, key=lambda a: labels[a])
        )

    areas = sorted(available, key=str)
    if country is not None:
        areas = [a for a in areas if _matches(graph, a, labels[a], country)]
        if not areas:
            raise ValueError(
                f"no scores for {country!r}; the graph has scores for {offer(list(available))}"
            )
    if len(areas) > 1:
        raise ValueError(f"the graph has scores for several countries, choose one: {offer(areas)}")
    area = areas[0]
    editions = sorted(available[area])
    if edition is not None:
        if edition not in editions:
            raise ValueError(f"no {edition} scores for {labels[area]}; editions: {offer([area])}")
        return area, edition
    if len(editions) > 1:
        raise ValueError(
            f"{labels[area]} has scores for several editions, choose one: {offer([area])}"
        )
    return area, editions[0]


# --- what is drawn ----------------------------------------------------------------------------

_PANELS = (
    ("composite", "Criminality and resilience"),
    ("market", "Criminal markets"),
    ("actor_type", "Criminal actors"),
    ("resilience", "Resilience indicators"),
)
_SHOWN_COMPOSITES = ("criminality", "resilience")
_COLOURS = {
    "criminality": "#9d2a2c",
    "resilience": "#2b4c6f",
    "market": "#e15759",
    "actor_type": "#f28e2b",
    "composite": "#555555",
}
_WORSE, _BETTER, _SAME = "#c0392b", "#2e7d32", "#777777"
_REGION, _WORLD = "#111111", "#7f7f7f"


@dataclass(frozen=True)
class Averages:
    """The official data's mean score per indicator id, for a region and for the world."""

    region: str | None
    region_means: dict[str, float]
    world_means: dict[str, float]
    countries: int


def _indicator_id(graph: Graph, indicator: URIRef) -> str:
    notation = graph.value(indicator, SKOS.notation)
    return str(notation) if notation is not None else str(indicator).rsplit("/", 1)[-1]


def index_averages(graph: Graph, area: URIRef, edition: int) -> Averages | None:
    """The region's and the world's mean scores in ``edition``, from the official Index data.

    None when the graph holds no official scores (``ockg import-index`` output) that edition.
    The region is the Index's region of the country (``ontology/countries.yaml``).
    """
    from kg.lexicon.load import countries

    official = dataset_iri("official-scores")
    table = countries()
    codes = [str(o) for o in graph.objects(area, OCKG.iso3166Alpha2)]
    entry = table.get(codes[0]) if codes else None
    region = entry.region if entry is not None else None
    world: dict[str, list[float]] = {}
    regional: dict[str, list[float]] = {}
    seen: set[URIRef] = set()
    for obs in graph.subjects(QB.dataSet, official):
        edition_value = graph.value(obs, OCKG.edition)
        if str(edition_value) != str(edition):
            continue
        indicator, other = graph.value(obs, OCKG.indicator), graph.value(obs, SDMX_DIM.refArea)
        score = _decimal(graph.value(obs, OCKG.score))
        if not isinstance(indicator, URIRef) or not isinstance(other, URIRef) or score is None:
            continue
        key = _indicator_id(graph, indicator)
        world.setdefault(key, []).append(float(score))
        seen.add(other)
        other_codes = [str(o) for o in graph.objects(other, OCKG.iso3166Alpha2)]
        other_entry = table.get(other_codes[0]) if other_codes else None
        if region is not None and other_entry is not None and other_entry.region == region:
            regional.setdefault(key, []).append(float(score))
    if not world:
        return None

    def means(values: dict[str, list[float]]) -> dict[str, float]:
        return {k: sum(v) / len(v) for k, v in values.items() if v}

    return Averages(region, means(regional), means(world), len(seen))


def _signed(value: Decimal) -> str:
    if value == 0:
        return "±0.00"
    return f"+{value:.2f}" if value > 0 else f"−{abs(value):.2f}"


def _change_style(change: Decimal, higher_is_better: bool) -> tuple[str, str]:
    """Colour and arrow of a change: red where the country got worse, green where better."""
    if change == 0:
        return _SAME, "="
    better = (change > 0) == higher_is_better
    return (_BETTER if better else _WORSE), ("▲" if change > 0 else "▼")


def _panels(graph: Graph, chosen: list[ScoreRow]) -> list[tuple[str, list[tuple[str, ScoreRow]]]]:
    """(title, [(indicator id, score)]) per panel, in the pages' order of indicators."""
    from kg import taxonomy

    kinds = {item.id: item.kind.value for item in taxonomy.indicators()}
    order = {item.id: n for n, item in enumerate(taxonomy.indicators())}
    by_id = {_indicator_id(graph, s.indicator): s for s in chosen}
    panels = []
    for kind, title in _PANELS:
        ids = [
            i
            for i in by_id
            if kinds.get(i) == kind and (kind != "composite" or i in _SHOWN_COMPOSITES)
        ]
        ids.sort(key=lambda i: order.get(i, len(order)))
        if ids:
            panels.append((title, [(i, by_id[i]) for i in ids]))
    return panels


def score_chart(graph: Graph, country: str | None = None, edition: int | None = None):
    """The chart as a matplotlib ``Figure`` (country and edition as for write_score_chart)."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    scores = read_scores(graph)
    area, year = _select(graph, scores, country, edition)
    chosen = [s for s in scores if s.area == area and s.edition == year]
    panels = _panels(graph, chosen)
    if not panels:
        raise ValueError(f"no indicator scores to chart for {chosen[0].area_label} {year}")
    averages = index_averages(graph, area, year)
    heights = [len(rows) + 1.2 for _, rows in panels]
    figure = Figure(figsize=(9, 0.3 * sum(heights) + 1.8), dpi=100, layout="constrained")
    axes = figure.subplots(len(panels), 1, gridspec_kw={"height_ratios": heights})
    axes = list(axes) if len(panels) > 1 else [axes]
    label = chosen[0].area_label
    figure.suptitle(f"{label}: Organized Crime Index {year}", fontsize=14, fontweight="bold")
    for ax, (title, rows) in zip(axes, panels, strict=True):
        ids = [i for i, _ in rows]
        y = list(range(len(rows)))
        values = [float(s.score) for _, s in rows]
        colours = [_COLOURS.get(i, _COLOURS.get(_kind_of(i), "#4e79a7")) for i in ids]
        bars = ax.barh(y, values, color=colours, height=0.62, edgecolor=colours)
        for bar, (indicator_id, s) in zip(bars, rows, strict=True):
            bar.set_gid(f"bar-{indicator_id}" + ("-inferred" if s.inferred else ""))
            if s.inferred:
                bar.set_hatch("///")
                bar.set_facecolor("white")
        names = [s.indicator_label + (" *" if s.inferred else "") for _, s in rows]
        ax.set_yticks(y, names, fontsize=9)
        ax.invert_yaxis()
        ax.set_xlim(0, 11.6)
        ax.set_xticks(range(0, 11), [str(t) for t in range(0, 11)], fontsize=8)
        ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
        ax.grid(axis="x", color="#e3e3e3", linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        for row, (indicator_id, s) in enumerate(rows):
            text = f"{s.score:.2f}"
            ax.text(float(s.score) + 0.1, row, text, va="center", fontsize=8.5, color="#222")
            if s.change is not None:
                resilient = _kind_of(indicator_id) == "resilience" or indicator_id == "resilience"
                colour, arrow = _change_style(s.change, higher_is_better=resilient)
                ax.text(
                    11.55,
                    row,
                    f"{arrow} {_signed(s.change)}",
                    va="center",
                    ha="right",
                    fontsize=8.5,
                    color=colour,
                )
            if averages is not None:
                for means, colour, marker in (
                    (averages.region_means, _REGION, "|"),
                    (averages.world_means, _WORLD, "|"),
                ):
                    if indicator_id in means:
                        ax.plot(
                            [means[indicator_id]],
                            [row],
                            marker=marker,
                            markersize=13,
                            markeredgewidth=2.2 if colour == _REGION else 1.6,
                            color=colour,
                            linestyle="none",
                        )
    handles = [
        Patch(
            facecolor="white",
            edgecolor="#555555",
            hatch="///",
            label="* inferred: not printed on the page, derived by ockg",
        ),
        Patch(color=_WORSE, label="▲/▼ change since the previous edition: worse"),
        Patch(color=_BETTER, label="▲/▼ change since the previous edition: better"),
    ]
    if averages is not None:
        region = averages.region or "region"
        handles += [
            Line2D(
                [],
                [],
                color=_REGION,
                marker="|",
                markersize=12,
                markeredgewidth=2.2,
                linestyle="none",
                label=f"{region} average",
            ),
            Line2D(
                [],
                [],
                color=_WORLD,
                marker="|",
                markersize=12,
                markeredgewidth=1.6,
                linestyle="none",
                label=f"world average ({averages.countries} countries)",
            ),
        ]
    figure.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    axes[-1].set_xlabel(
        "Score, 1 (lowest) to 10 (highest); criminality: higher is worse, resilience: higher is "
        "better.\nSource: the Organized Crime Index (ocindex.net), via ockg.",
        fontsize=8,
        color="#555555",
    )
    return figure


def _kind_of(indicator_id: str) -> str:
    from kg import taxonomy

    kinds = {item.id: item.kind.value for item in taxonomy.indicators()}
    return kinds.get(indicator_id, "")


def _render(figure, fmt: str) -> bytes:
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "ockg"}):
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(buffer, format=fmt, metadata=metadata, facecolor="white")
    return buffer.getvalue()


def score_chart_svg(graph: Graph, country: str | None = None, edition: int | None = None) -> str:
    """The SVG text of the chart (see :func:`write_score_chart`); labels stay text."""
    return _render(score_chart(graph, country, edition), "svg").decode("utf-8")


def write_score_chart(
    graph: Graph, out: str | Path, country: str | None = None, edition: int | None = None
) -> None:
    """Write the Index's view of a country's scores in one edition to ``out`` (.svg or .png).

    ``country`` (a name, ISO code or IRI) and ``edition`` may be left out when the graph
    holds only one; a ValueError says what is available otherwise.
    """
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise ValueError(f"unsupported chart format {out.suffix or '(none)'!r}; use .svg or .png")
    atomic_write(out, _render(score_chart(graph, country, edition), suffix[1:]))
