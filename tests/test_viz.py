"""Visualisations of Peru: the offline network page (opened in headless Chromium), the
displaCy annotation of the analysis, and the SVG score chart."""

from __future__ import annotations

import html
import itertools
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg.build import document_extraction
from kg.contribution import extraction_of
from kg.graph.namespaces import ID, OCKG
from kg.graph.profile_graph import add_score_observation
from kg.models import Extraction, Score
from kg.read import read_document
from kg.viz import write_annotated_html, write_network_page, write_score_chart
from kg.viz.chart import score_chart_svg
from kg.viz.network_page import network_page

SVG = "{http://www.w3.org/2000/svg}"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,800",
    "--virtual-time-budget=5000",
)


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def peru_graph(peru_build: Path) -> Graph:
    return Graph().parse(peru_build / "graph.ttl", format="turtle")


@pytest.fixture(scope="module")
def page_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("viz")


@pytest.fixture(scope="module")
def network_html(peru_graph: Graph, page_dir: Path) -> Path:
    out = page_dir / "peru.html"
    write_network_page(peru_graph, out, title="Peru 2025 </script><b>")
    return out


@pytest.fixture(scope="module")
def page_data(network_html: Path) -> dict:
    return _embedded_data(network_html.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("headless Chromium is not installed (Debian: apt-get install -y chromium)")


def _dump_dom(chromium: str, page: Path, profile: Path) -> str:
    command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom"]
    result = subprocess.run(
        [*command, page.as_uri()], capture_output=True, text=True, timeout=180, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of the ``ockg-data`` script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.data: list[str] = []
        self._in_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_data = tag == "script" and dict(attrs).get("id") == "ockg-data"

    def handle_endtag(self, tag: str) -> None:
        self._in_data = False

    def handle_data(self, data: str) -> None:
        if self._in_data:
            self.data.append(data)


def _embedded_data(html_text: str) -> dict:
    parser = _Tags()
    parser.feed(html_text)
    assert parser.data, "no <script id=ockg-data> element"
    return json.loads("".join(parser.data))


# --- the network page -------------------------------------------------------------------------


def test_network_page_embeds_the_graph(page_data: dict) -> None:
    nodes = {n["label"]: n for n in page_data["nodes"]}
    assert nodes["Tren de Aragua"]["kind"] == "group"
    assert nodes["Cocaine trade"]["kind"] == "market"
    assert {"place"} == {n["kind"] for n in page_data["nodes"] if n["label"] == "Lima"}
    assert nodes["Peru"]["kind"] == "country"
    assert nodes["Cocaine trade"]["scores"] == [
        {"label": "Peru 2025", "score": "9.00", "change": "+0.00"}
    ]
    assert {n["kind"] for n in page_data["nodes"]} >= {
        "group", "collective", "place", "country", "market", "actor_type"
    }  # fmt: skip
    ids = [n["id"] for n in page_data["nodes"]]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    kinds = {e["kind"] for e in page_data["edges"]}
    assert kinds >= {"presence", "route", "cooperation", "rivalry", "located_in", "actor_type"}
    count, sentences = len(ids), page_data["sentences"]
    for edge in page_data["edges"]:
        assert 0 <= edge["s"] < count and 0 <= edge["t"] < count and edge["s"] != edge["t"]
        for claim in edge.get("claims", []):
            assert 0 <= claim["sentence"] < len(sentences)
            assert 0 < claim["confidence"] <= 1
    tda = ids.index("group/tren-de-aragua")
    cocaine = ids.index("indicator/cocaine-trade")
    [edge] = [
        e for e in page_data["edges"] if (e["s"], e["t"], e["key"]) == (tda, cocaine, "active_in")
    ]
    assert any("Tren de Aragua" in sentences[c["sentence"]] for c in edge["claims"])


def test_network_page_is_offline_small_and_escaped(network_html: Path, page_data: dict) -> None:
    text = network_html.read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) < 1_000_000
    parser = _Tags()
    parser.feed(text)
    for tag, attrs in parser.tags:
        if tag == "script":
            assert "src" not in attrs, attrs
        for name in ("src", "href", "xlink:href", "action", "data"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//")), (tag, attrs)
    assert not any(tag == "link" for tag, _ in parser.tags)
    assert "@import" not in text and not re.search(r"url\(\s*['\"]?(https?:)?//", text)
    # the title cannot break out of its elements, nor the data out of its script
    assert text.count("</script>") == 2
    assert "<title>Peru 2025 &lt;/script&gt;&lt;b&gt;</title>" in text
    assert page_data["title"] == "Peru 2025 </script><b>"


def test_network_page_is_deterministic(peru_graph: Graph, network_html: Path) -> None:
    again = network_page(peru_graph, title="Peru 2025 </script><b>")
    assert again == network_html.read_text(encoding="utf-8")


def test_network_page_data_survives_hostile_labels(tmp_path: Path) -> None:
    graph = Graph()
    actor, place = ID["group/evil"], ID["place/area/nowhere"]
    hostile = "</script><script>alert(1)</script><!-- & \u2028"
    graph.add((actor, RDF.type, OCKG.CriminalGroup))
    graph.add((actor, RDFS.label, Literal(hostile, lang="en")))
    graph.add((place, RDF.type, OCKG.Area))
    graph.add((actor, OCKG.operatesIn, place))
    out = tmp_path / "evil.html"
    write_network_page(graph, out)
    text = out.read_text(encoding="utf-8")
    assert text.count("</script>") == 2 and "<!--" not in text
    data = _embedded_data(text)
    assert [n["label"] for n in data["nodes"]] == [hostile, "nowhere"]
    assert data["edges"][0]["note"].startswith("no sentence")


def _rendered(dom: str) -> dict[str, str]:
    root = re.search(r"<div id=\"ockg-root\"([^>]*)>", dom)
    assert root, dom[:2000]
    return dict(re.findall(r'(data-[\w-]+)="([^"]*)"', root.group(1)))


@pytest.mark.slow
def test_network_page_renders_in_headless_chromium(
    chromium: str, network_html: Path, page_data: dict, tmp_path: Path
) -> None:
    dom = _dump_dom(chromium, network_html, tmp_path / "profile")
    state = _rendered(dom)
    assert "data-error" not in state, state
    assert state["data-layout"] == "done"
    count = int(state["data-rendered-nodes"])
    assert count > 0 and count == len(page_data["nodes"])
    assert int(state["data-rendered-edges"]) == len(page_data["edges"])
    assert len(re.findall(r'<circle class="node[^"]*"', dom)) == count
    positions = re.findall(r'<circle [^>]*cx="(-?[\d.]+)" cy="(-?[\d.]+)"', dom)
    assert len(set(positions)) == count  # laid out: every node somewhere of its own


_PROBE = """<script>
(function () {
  var data = JSON.parse(document.getElementById("ockg-data").textContent);
  var route = data.edges.findIndex(function (e) { return e.kind === "route" && e.claims; });
  var hit = document.querySelector('path.hit[data-edge="' + route + '"]');
  hit.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  var details = document.getElementById("details");
  var detailsText = details.hidden ? "" : details.textContent;
  var tda = document.querySelector('circle[data-id="group/tren-de-aragua"]');
  tda.dispatchEvent(new PointerEvent("pointermove", { bubbles: true, clientX: 50, clientY: 50 }));
  var tip = document.getElementById("tooltip");
  var tipText = tip.hidden ? "" : tip.textContent;
  var search = document.getElementById("search");
  search.value = "aragua";
  search.dispatchEvent(new Event("input"));
  var svg = document.getElementById("graph"), box = tda.getBoundingClientRect();
  var before = [tda.getAttribute("cx"), tda.getAttribute("cy")];
  var at = { bubbles: true, pointerId: 1, clientX: box.x + 4, clientY: box.y + 4 };
  tda.dispatchEvent(new PointerEvent("pointerdown", at));
  at.clientX += 90; at.clientY += 60;
  svg.dispatchEvent(new PointerEvent("pointermove", at));
  svg.dispatchEvent(new PointerEvent("pointerup", at));
  var after = [tda.getAttribute("cx"), tda.getAttribute("cy")];
  var viewport = document.getElementById("viewport"), zoom = viewport.getAttribute("transform");
  svg.dispatchEvent(new WheelEvent("wheel", { bubbles: true, cancelable: true, deltaY: -300 }));
  var out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify({
    route: route, details: detailsText,
    tooltip: tipText,
    matches: Array.prototype.map.call(document.querySelectorAll("circle.match"),
      function (c) { return c.getAttribute("data-id"); }),
    dragged: [before, after], zoomed: [zoom, viewport.getAttribute("transform")]
  });
  document.body.appendChild(out);
})();
</script>
"""


@pytest.mark.slow
def test_network_page_tooltips_search_drag_and_zoom_work_in_chromium(
    chromium: str, network_html: Path, page_data: dict, tmp_path: Path
) -> None:
    text = network_html.read_text(encoding="utf-8").replace("</body>", _PROBE + "</body>")
    probe_page = tmp_path / "probe.html"
    probe_page.write_text(text, encoding="utf-8")
    dom = _dump_dom(chromium, probe_page, tmp_path / "profile")
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.DOTALL)
    assert found, dom[-3000:]
    probe = json.loads(html.unescape(found.group(1)))
    edge = page_data["edges"][probe["route"]]
    sentence = page_data["sentences"][edge["claims"][0]["sentence"]]
    assert sentence in probe["details"]
    assert f"confidence {edge['claims'][0]['confidence']:.2f}" in probe["details"]
    assert probe["tooltip"].startswith("Tren de Aragua") and "Criminal group" in probe["tooltip"]
    assert probe["matches"] == ["group/tren-de-aragua"]
    before, after = probe["dragged"]
    assert before != after  # the dragged node follows the pointer
    assert probe["zoomed"][0] != probe["zoomed"][1]  # the wheel zooms
    assert "data-error" not in _rendered(dom)


# --- the annotated analysis -------------------------------------------------------------------


class _Marks(HTMLParser):
    """displaCy's ``<mark class="entity">`` elements: attributes, text and label."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[dict[str, str]] = []
        self.headings: list[str] = []
        self._mark: dict[str, str] | None = None
        self._in_label = self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "mark" and values.get("class") == "entity":
            self._mark = {**values, "text": "", "label": ""}
        elif tag == "span" and self._mark is not None:
            self._in_label = True
        self._in_heading = tag == "h2"

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._mark is not None:
            self.marks.append(self._mark)
            self._mark = None
        self._in_label = self._in_label and tag != "span"
        self._in_heading = False

    def handle_data(self, data: str) -> None:
        if self._mark is not None:
            self._mark["label" if self._in_label else "text"] += data
        elif self._in_heading:
            self.headings.append(data.strip())


@pytest.fixture(scope="module")
def peru_extraction(peru_path: Path) -> Extraction:
    return extraction_of(peru_path)


def _annotate(path: Path, out: Path, **options: object) -> bool:
    """What ``ockg annotate`` does: the extraction (a build's, else afresh), then the page."""
    document, extraction, reused = document_extraction(path, **options)  # type: ignore[arg-type]
    write_annotated_html(document, extraction, out)
    return reused


@pytest.fixture(scope="module")
def annotated(peru_path: Path, page_dir: Path, peru_build: Path) -> str:
    """The page made from the build's cached extraction (checked against a fresh one below)."""
    out = page_dir / "peru-annotated.html"
    assert _annotate(peru_path, out, build=peru_build) is True
    return out.read_text(encoding="utf-8")


class _Parsed(Exception):
    """Raised by a stand-in for the NLP: the document would have been analysed again."""


def test_annotate_reuses_the_builds_extraction_without_parsing(
    peru_path: Path, peru_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.build

    calls: list[object] = []

    def parse_again(*args: object, **kwargs: object) -> None:
        calls.append(args)
        raise _Parsed

    monkeypatch.setattr(kg.build, "extraction_of", parse_again)
    out = tmp_path / "a.html"
    assert _annotate(peru_path, out, build=peru_build) is True
    # the page holds the build's mentions: as many as the build's report counted
    (report,) = json.loads((peru_build / "report.json").read_text(encoding="utf-8"))["documents"]
    mentions = sum(report["mentions"].values())
    assert mentions > 100 and f"{mentions} mentions of" in out.read_text(encoding="utf-8")
    # the same file by another path (relative), and the default build/ folder of the cwd
    monkeypatch.chdir(peru_path.parents[1])
    relative = peru_path.relative_to(peru_path.parents[1])
    assert _annotate(relative, tmp_path / "b.html", build=peru_build) is True
    shutil.copytree(peru_build / ".cache", tmp_path / "build" / ".cache")
    monkeypatch.chdir(tmp_path)
    assert _annotate(peru_path, tmp_path / "c.html") is True
    assert (tmp_path / "c.html").read_bytes() == out.read_bytes()
    assert calls == []
    # another country override is another analysis: the text is analysed afresh
    with pytest.raises(_Parsed):
        _annotate(peru_path, tmp_path / "d.html", country="Ecuador", build=peru_build)
    assert len(calls) == 1 and not (tmp_path / "d.html").exists()


def test_annotated_page_refuses_an_extraction_of_another_text(
    peru_path: Path, peru_extraction: Extraction, tmp_path: Path
) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Tren de Aragua operates in Lima.\n", encoding="utf-8")
    out = tmp_path / "page.html"
    with pytest.raises(ValueError, match="another text"):
        write_annotated_html(read_document(other), peru_extraction, out)
    assert not out.exists()


def test_annotate_cli_says_whether_it_reused_a_build(
    peru_path: Path, peru_build: Path, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    out = tmp_path / "page.html"
    args = ["annotate", str(peru_path), "--out", str(out), "--build", str(peru_build)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "reused the build's extraction" in result.stderr and out.is_file()


def test_annotation_highlights_every_mention_at_its_offsets(
    annotated: str, peru_extraction: Extraction, peru_path: Path
) -> None:
    text = read_document(peru_path).text
    parser = _Marks()
    parser.feed(annotated)
    marks = parser.marks
    assert len(marks) > 100
    mentions = {(m.begin, m.end, m.entity): m for m in peru_extraction.mentions}
    labels = {"group": "GROUP", "collective": "COLLECTIVE", "place": "PLACE", "market": "MARKET"}
    spans = []
    for mark in marks:
        begin, end = int(mark["data-begin"]), int(mark["data-end"])
        mention = mentions[(begin, end, mark["data-entity"])]
        assert mark["text"] == text[begin:end] == mention.text
        assert mark["label"] == labels[mention.kind.value]
        assert mark["title"].startswith(mention.entity)
        spans.append((begin, end))
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))  # no overlaps
    shown = {(int(m["data-begin"]), int(m["data-end"]), m["data-entity"]) for m in marks}
    for key, mention in mentions.items():  # the rest lie inside a highlight and its tooltip
        if key not in shown:
            outer = [m for m in marks if int(m["data-begin"]) <= key[0] < int(m["data-end"])]
            assert outer and mention.entity in outer[0]["title"], mention
    tda = [m for m in marks if m["text"] == "Tren de Aragua"]
    assert tda and {m["label"] for m in tda} == {"GROUP"}
    assert {m["data-entity"] for m in tda} == {"group/tren-de-aragua"}
    assert {m["label"] for m in marks} == set(labels.values())


def test_annotation_page_is_sectioned_and_self_contained(annotated: str) -> None:
    parser = _Marks()
    parser.feed(annotated)
    assert {"People", "Drugs", "Criminal actors"} <= set(parser.headings)
    assert '<meta charset="utf-8">' in annotated
    assert not re.search(r"(src|href)=\"https?:", annotated)
    assert "the world’s" in annotated  # text kept as UTF-8, not mangled


# --- the score chart --------------------------------------------------------------------------

PERU_LABELS = {
    "Criminality",
    "Resilience",
    "Cocaine trade",
    "Human trafficking",
    "Financial crimes",
    "Foreign actors",
    "Criminal networks",
    "Mafia-style groups *",
    "Political leadership and governance *",
    "Non-state actors",
}


def _texts(svg: ET.Element) -> list[str]:
    return ["".join(t.itertext()).strip() for t in svg.iter(f"{SVG}text")]


def _bars(svg: ET.Element) -> dict[str, bool]:
    """Indicator id -> inferred, for every bar the chart draws (matplotlib keeps the gid)."""
    bars = {}
    for group in svg.iter(f"{SVG}g"):
        gid = group.get("id", "")
        if gid.startswith("bar-"):
            inferred = gid.endswith("-inferred")
            bars[gid[4:].removesuffix("-inferred")] = inferred
    return bars


@pytest.fixture(scope="module")
def chart(peru_graph: Graph, page_dir: Path) -> ET.Element:
    out = page_dir / "peru.svg"
    write_score_chart(peru_graph, out)
    return ET.parse(out).getroot()


def test_the_svg_chart_has_the_countrys_indicators_scores_and_changes(chart: ET.Element) -> None:
    assert chart.tag == f"{SVG}svg"
    texts = _texts(chart)
    assert "Peru: Organized Crime Index 2025" in texts
    assert set(texts) >= PERU_LABELS
    for panel in ("Criminality and resilience", "Criminal markets", "Criminal actors"):
        assert panel in texts
    assert {"6.62", "4.46", "9.00"} <= set(texts)  # criminality, resilience, cocaine
    assert "▼ −0.50" in texts and "▲ +0.22" in texts  # counterfeit goods, criminality
    bars = _bars(chart)
    assert len(bars) == 34  # criminality, resilience, 15 markets, 5 actor types, 12 resilience
    assert {k for k, inferred in bars.items() if inferred} == {
        "mafia-style-groups",
        "political-leadership-and-governance",
    }
    assert not any("average" in t for t in texts)  # no import-index data in this graph


def test_the_png_chart_decodes_at_the_figures_size(peru_graph: Graph, tmp_path: Path) -> None:
    from matplotlib.image import imread

    from kg.viz.chart import score_chart

    out = tmp_path / "peru.png"
    write_score_chart(peru_graph, out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = imread(out)
    width, height = score_chart(peru_graph).get_size_inches() * 100
    assert pixels.shape[:2] == (round(height), round(width)) and round(width) == 900
    rgb = (pixels[..., :3] * 255).round()
    market_red = ((abs(rgb - (0xE1, 0x57, 0x59)) < 3).all(axis=-1)).mean()
    white = (rgb > 250).all(axis=-1).mean()
    assert 0.03 < market_red < 0.5 and 0.4 < white < 0.97


def _with_official_scores(peru_graph: Graph) -> Graph:
    from kg.graph.profile_graph import add_country
    from kg.lexicon.gazetteer import country_ref

    graph = Graph()
    graph += peru_graph
    scores = {"PE": ("9.00", "6.50"), "CO": ("10.00", "7.00"), "FR": ("3.00", "5.50")}
    for iso2, (cocaine, criminality) in scores.items():
        ref = country_ref(iso2)
        assert ref is not None
        area = add_country(graph, ref)
        for indicator, value in (("cocaine-trade", cocaine), ("criminality", criminality)):
            add_score_observation(
                graph,
                dataset="official-scores",
                area=area,
                area_key=iso2,
                edition=2025,
                score=Score(indicator=indicator, value=Decimal(value)),
                source=None,
            )
    return graph


def test_the_chart_shows_region_and_world_averages_from_index_data(
    peru_graph: Graph, tmp_path: Path
) -> None:
    from kg.viz.chart import index_averages

    graph = _with_official_scores(peru_graph)
    averages = index_averages(graph, URIRef(ID["place/country/PE"]), 2025)
    assert averages is not None and averages.region == "South America"
    assert averages.countries == 3
    assert averages.region_means["cocaine-trade"] == pytest.approx(9.5)
    assert averages.world_means["cocaine-trade"] == pytest.approx(22 / 3)
    assert averages.world_means["criminality"] == pytest.approx(19 / 3)
    assert index_averages(graph, URIRef(ID["place/country/PE"]), 2023) is None
    out = tmp_path / "peru.svg"
    write_score_chart(graph, out, country="Peru")
    texts = _texts(ET.parse(out).getroot())
    assert "South America average" in texts and "world average (3 countries)" in texts
    assert set(texts) >= PERU_LABELS


def test_chart_selection_formats_and_errors(peru_graph: Graph, tmp_path: Path) -> None:
    charts = {score_chart_svg(peru_graph, country, 2025) for country in ("Peru", "PE", "per")}
    assert charts == {score_chart_svg(peru_graph)}  # and the SVG is deterministic
    with pytest.raises(ValueError, match="no scores for 'Chile'"):
        write_score_chart(peru_graph, tmp_path / "b.svg", country="Chile")
    with pytest.raises(ValueError, match="no 2023 scores"):
        write_score_chart(peru_graph, tmp_path / "b.svg", edition=2023)
    with pytest.raises(ValueError, match=r"use \.svg or \.png"):
        write_score_chart(peru_graph, tmp_path / "b.pdf")
    with pytest.raises(ValueError, match="no score observations"):
        write_score_chart(Graph(), tmp_path / "b.svg")
    assert not list(tmp_path.iterdir())

    two = Graph()
    for area, edition in (("CL", 2025), ("AR", 2023), ("AR", 2025)):
        add_score_observation(
            two,
            dataset="profile-scores",
            area=URIRef(ID[f"place/country/{area}"]),
            area_key=area,
            edition=edition,
            score=Score(indicator="criminality", value=Decimal("5.00")),
            source=None,
        )
    with pytest.raises(ValueError, match="several countries"):
        write_score_chart(two, tmp_path / "b.svg")
    with pytest.raises(ValueError, match="several editions"):
        write_score_chart(two, tmp_path / "b.svg", country="AR")
    write_score_chart(two, tmp_path / "c.svg", country="AR", edition=2023)
    assert list(_bars(ET.parse(tmp_path / "c.svg").getroot())) == ["criminality"]


def test_chart_cli_writes_svg_and_png_by_suffix(peru_build: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    runner = CliRunner()
    for name, magic in (("s.svg", b"<?xml"), ("s.png", b"\x89PNG")):
        result = runner.invoke(app, ["chart", str(peru_build), "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).read_bytes().startswith(magic)
    bad = runner.invoke(app, ["chart", str(peru_build), "--out", str(tmp_path / "s.gif")])
    assert bad.exit_code == 1 and "use .svg or .png" in bad.stderr
