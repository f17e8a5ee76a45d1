"""A static chart of one country's indicator scores in one edition, as hand-written SVG.

Rows follow the indicator tree (``skos:broader``): each composite in bold above its
components, families (criminal markets, criminal actors, resilience) on shaded bands.
Bars run on the Index's 1–10 scale; a tick marks the previous edition's score and a signed
figure gives the change; inferred scores (not printed on the page) are hatched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from xml.sax import saxutils

from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from kg.graph.iris import dataset_iri
from kg.graph.namespaces import OCKG, QB, SDMX_DIM
from kg.graph.profile_graph import PROFILE_SCORES
from kg.graph.serialize import atomic_write

__all__ = ["ScoreRow", "label_of", "read_scores", "score_chart_svg", "write_score_chart"]


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


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _escape(text: str) -> str:
    """XML character data; characters XML cannot hold become U+FFFD."""
    return saxutils.escape(_NOT_XML.sub("\ufffd", text))


def _quoteattr(text: str) -> str:
    """A quoted XML attribute value; characters XML cannot hold become U+FFFD."""
    return saxutils.quoteattr(_NOT_XML.sub("\ufffd", text))


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


# --- layout ---------------------------------------------------------------------------------

_WIDTH = 860
_LABEL_W = 310
_BAR_W = 400
_ROW_H = 19
_BAR_H = 12
_GAP = 12
_TOP = 78
_FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"

_COLOURS = {
    OCKG.CriminalMarket: "#e15759",
    OCKG.ActorType: "#f28e2b",
    OCKG.ResilienceIndicator: "#4e79a7",
}
_COMPOSITE = {"criminality": "#9d2a2c", "resilience": "#2b4c6f"}
_LEGEND = "#8c8c8c"
_WORSE, _BETTER, _SAME = "#c0392b", "#2e7d32", "#777777"


@dataclass(frozen=True)
class _Row:
    score: ScoreRow
    depth: int
    root: URIRef
    family: URIRef
    composite: bool
    colour: str


def _ancestors(graph: Graph, node: URIRef) -> list[URIRef]:
    chain: list[URIRef] = []
    current: Node | None = node
    while True:
        parents = sorted(o for o in graph.objects(current, SKOS.broader) if isinstance(o, URIRef))
        if not parents or parents[0] in chain or parents[0] == node:
            return chain
        chain.append(parents[0])
        current = parents[0]


def _page_order() -> dict[str, int]:
    from kg import taxonomy

    return {item.id: n for n, item in enumerate(taxonomy.indicators())}


def _rows(graph: Graph, scores: list[ScoreRow]) -> list[_Row]:
    """Scores in tree order: a depth-first walk of ``skos:broader`` in the pages' order."""
    order = _page_order()

    def sort_key(node: URIRef) -> tuple[int, str]:
        notation = graph.value(node, SKOS.notation)
        position = order.get(str(notation), len(order)) if notation is not None else len(order)
        return position, label_of(graph, node).casefold()

    by_indicator = {s.indicator: s for s in scores}
    paths = {node: [*reversed(_ancestors(graph, node)), node] for node in by_indicator}
    rows = []
    for node in sorted(by_indicator, key=lambda n: [sort_key(p) for p in paths[n]]):
        path = paths[node]
        composite = (node, RDF.type, OCKG.CompositeIndicator) in graph or any(
            (child, SKOS.broader, node) in graph for child in by_indicator
        )
        root = path[0]
        root_id = str(graph.value(root, SKOS.notation) or "")
        if composite:
            colour = _COMPOSITE.get(root_id, "#555555")
        else:
            types = set(graph.objects(node, RDF.type))
            colour = next((c for t, c in _COLOURS.items() if t in types), "#8c8c8c")
        family = path[1] if len(path) > 2 else path[0]
        if len(path) == 2 and composite:
            family = node
        rows.append(_Row(by_indicator[node], len(path) - 1, root, family, composite, colour))
    return rows


def _fmt(value: Decimal) -> str:
    return f"{value:.2f}"


def _signed(value: Decimal) -> str:
    if value == 0:
        return "±0.00"
    return f"+{value:.2f}" if value > 0 else f"−{abs(value):.2f}"


def _x(value: Decimal | float) -> float:
    return _LABEL_W + float(value) / 10 * _BAR_W


def _change_style(change: Decimal, higher_is_better: bool) -> tuple[str, str]:
    """Colour and arrow of a change: red where the country got worse, green where better."""
    if change == 0:
        return _SAME, "="
    better = (change > 0) == higher_is_better
    return (_BETTER if better else _WORSE), ("▲" if change > 0 else "▼")


def _row_svg(graph: Graph, row: _Row, top: float) -> list[str]:
    """One indicator: label, bar (hatched when inferred), value, previous-score tick, change."""
    s = row.score
    indicator_id = str(graph.value(s.indicator, SKOS.notation) or s.indicator)
    centre = top + _ROW_H / 2
    bar_y = centre - _BAR_H / 2
    weight = ' font-weight="bold"' if row.composite else ""
    tip = f"{s.indicator_label}: {_fmt(s.score)}"
    if s.change is not None:
        tip += f" (change since the previous edition {_signed(s.change)})"
    if s.inferred:
        tip += f"; inferred ({s.inference or 'not printed on the page'})"
    before = None
    if s.change is not None and s.change != 0:
        before = min(max(s.score - s.change, Decimal(0)), Decimal(10))
    inferred = "true" if s.inferred else "false"
    fill = f"url(#hatch-{row.colour[1:]})" if s.inferred else row.colour
    outline = f' stroke="{row.colour}" stroke-dasharray="3 2"' if s.inferred else ""
    value_x = _x(max(s.score, before if before is not None else s.score)) + 5
    parts = [
        f'<g class="row" data-indicator={_quoteattr(indicator_id)} data-depth="{row.depth}">'
        f"<title>{_escape(tip)}</title>",
        f'<text class="label" x="{16 + 14 * row.depth}" y="{centre + 4:.1f}"{weight}>'
        f"{_escape(s.indicator_label)}{' *' if s.inferred else ''}</text>",
        f'<rect class="bar{" inferred" if s.inferred else ""}" x="{_LABEL_W}" y="{bar_y:.1f}" '
        f'width="{_x(s.score) - _LABEL_W:.1f}" height="{_BAR_H}" fill="{fill}"{outline} '
        f'data-score="{_fmt(s.score)}" data-inferred="{inferred}"/>',
        f'<text class="value" x="{value_x:.1f}" y="{centre + 4:.1f}" fill="#333"{weight}>'
        f"{_fmt(s.score)}</text>",
    ]
    if before is not None:
        px = _x(before)
        parts.append(
            f'<line class="previous" x1="{px:.1f}" y1="{bar_y - 2:.1f}" x2="{px:.1f}" '
            f'y2="{bar_y + _BAR_H + 2:.1f}" stroke="#111" stroke-width="2" '
            f'data-previous="{_fmt(before)}"/>'
        )
    if s.change is not None:
        root_id = str(graph.value(row.root, SKOS.notation) or "")
        colour, arrow = _change_style(s.change, higher_is_better=root_id == "resilience")
        parts.append(
            f'<text class="change" x="{_WIDTH - 16}" y="{centre + 4:.1f}" text-anchor="end" '
            f'fill="{colour}" data-change="{s.change}">{arrow} {_signed(s.change)}</text>'
        )
    parts.append("</g>")
    return parts


def _legend_svg(y: float) -> list[str]:
    source = "Source: the Organized Crime Index (ocindex.net), via ockg."
    return [
        f'<g class="legend" transform="translate(16,{y:.0f})" fill="#333">',
        f'<rect x="0" y="-10" width="26" height="12" fill="url(#hatch-{_LEGEND[1:]})" '
        f'stroke="{_LEGEND}" stroke-dasharray="3 2"/>',
        '<text x="32" y="0">* inferred: not printed on the page, derived by ockg</text>',
        '<line x1="380" y1="-12" x2="380" y2="4" stroke="#111" stroke-width="2"/>',
        '<text x="388" y="0">previous edition\'s score</text>',
        f'<text x="0" y="20" fill="{_WORSE}">▲ / ▼ worse</text>',
        f'<text x="90" y="20" fill="{_BETTER}">▲ / ▼ better</text>',
        '<text x="186" y="20">change since the previous edition</text>',
        f'<text x="0" y="40" fill="#777" font-size="10">{_escape(source)}</text>',
        "</g>",
    ]


def score_chart_svg(graph: Graph, country: str | None = None, edition: int | None = None) -> str:
    """The SVG text of the score chart (see :func:`write_score_chart`)."""
    scores = read_scores(graph)
    area, year = _select(graph, scores, country, edition)
    chosen = [s for s in scores if s.area == area and s.edition == year]
    rows = _rows(graph, chosen)
    country_label = chosen[0].area_label

    # rows top to bottom, a gap and a tinted band per family
    y = float(_TOP)
    placed: list[tuple[_Row, float]] = []
    bands: list[tuple[URIRef, str, float, float]] = []
    for row in rows:
        if not bands or bands[-1][0] != row.family:
            if bands:
                y += _GAP
            bands.append((row.family, row.colour, y, y))
        placed.append((row, y))
        y += _ROW_H
        family, colour, top, _ = bands[-1]
        bands[-1] = (family, colour if row.composite else row.colour, top, y)
    legend_y = y + 36
    height = legend_y + 54

    title = f"{country_label}: Organized Crime Index scores, {year}"
    subtitle = (
        "Scores from 1 (lowest) to 10 (highest); criminality: higher is worse, "
        "resilience: higher is better."
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{height:.0f}" '
        f'viewBox="0 0 {_WIDTH} {height:.0f}" font-family="{_FONT}" font-size="12" '
        f'role="img" aria-labelledby="chart-title" class="ockg-score-chart" '
        f'data-country={_quoteattr(country_label)} data-edition="{year}" '
        f'data-bars="{len(rows)}">',
        f'<title id="chart-title">{_escape(title)}</title>',
        "<defs>",
    ]
    for colour in sorted({r.colour for r in rows} | {_LEGEND}):
        out.append(
            f'<pattern id="hatch-{colour[1:]}" patternUnits="userSpaceOnUse" width="6" '
            f'height="6" patternTransform="rotate(45)"><rect width="6" height="6" '
            f'fill="{colour}" fill-opacity="0.25"/><line x1="0" y1="0" x2="0" y2="6" '
            f'stroke="{colour}" stroke-width="3"/></pattern>'
        )
    out += [
        "</defs>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<text x="16" y="26" font-size="17" font-weight="bold">{_escape(title)}</text>',
        f'<text x="16" y="45" fill="#555">{_escape(subtitle)}</text>',
    ]
    for family, colour, top, bottom in bands:
        out.append(
            f'<rect class="band" x="8" y="{top - 4:.0f}" width="{_WIDTH - 16}" '
            f'height="{bottom - top + 4:.0f}" fill="{colour}" fill-opacity="0.08" rx="4" '
            f"data-family={_quoteattr(label_of(graph, family))}/>"
        )
    out.append('<g class="axis" stroke="#d0d0d0" stroke-width="1">')
    out += [
        f'<line x1="{_x(t):.1f}" y1="{_TOP - 8}" x2="{_x(t):.1f}" y2="{y:.0f}"/>' for t in range(11)
    ]
    out.append('</g><g class="ticks" fill="#666" font-size="10" text-anchor="middle">')
    for tick in range(1, 11):
        out.append(f'<text x="{_x(tick):.1f}" y="{_TOP - 12}">{tick}</text>')
        out.append(f'<text x="{_x(tick):.1f}" y="{y + 12:.0f}">{tick}</text>')
    out.append("</g>")
    for row, top in placed:
        out += _row_svg(graph, row, top)
    out += _legend_svg(legend_y)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_score_chart(
    graph: Graph, out: Path, country: str | None = None, edition: int | None = None
) -> None:
    """Write a bar chart of a country's scores in one edition to ``out`` (``.svg``).

    ``country`` (a name, ISO code or IRI) and ``edition`` may be left out when the graph
    holds only one; a ValueError says what is available otherwise. PNG is not supported.
    """
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix == ".png":
        raise ValueError(
            "PNG charts are not supported (they would need a rasteriser such as cairosvg); "
            "write an .svg file and convert it if you need a bitmap"
        )
    if suffix != ".svg":
        raise ValueError(f"unsupported chart format {out.suffix or '(none)'!r}; use .svg")
    atomic_write(out, score_chart_svg(graph, country, edition).encode("utf-8"))
