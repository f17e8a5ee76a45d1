"""Safe terms: any string taken from a text or its metadata yields valid RDF and valid IRIs.

Quotes, triple quotes, angle brackets, backslashes, newlines, emoji, combining accents,
right-to-left text, ``#``, ``%``, ``^^`` and ``@en`` must survive Turtle, N-Triples and
JSON-LD unchanged and never leak into an IRI; a ``source`` that is not an IRI is an error.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, Graph, Literal, URIRef
from typer.testing import CliRunner

from kg.build import build_corpus
from kg.cli import app
from kg.errors import OckgError
from kg.graph.iris import (
    continent_iri,
    dataset_iri,
    entity_iri,
    indicator_iri,
    slug,
    world_region_iri,
)
from kg.graph.namespaces import DCTERMS, NIF, OCKG, PROV
from kg.graph.serialize import serialize
from kg.lexicon.keys import city_key, group_key
from kg.read import is_absolute_iri, read_document

HOSTILE = [
    '"',
    "'",
    '"""',
    "'''",
    "<gang>",
    "\\",
    "\\n",
    "\\u0041",
    "\n",
    "\r",
    "\t",
    "\U0001f600",
    "e\u0301",
    "\u202e",
    "\u200b",
    "مرحبا",
    "#",
    "%",
    "%20",
    " ",
    "^^",
    "@en",
    "{}",
    "|",
    "`",
    "\u2028",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\x0b",
    "\x7f",
    ";",
    ".",
]
FORBIDDEN_IN_IRI = re.compile(r'[\s<>"{}|\\^`\x00-\x1f\x7f]')
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FORMATS = {
    "ttl": ("turtle", pyoxigraph.RdfFormat.TURTLE),
    "nt": ("nt", pyoxigraph.RdfFormat.N_TRIPLES),
    "jsonld": ("json-ld", pyoxigraph.RdfFormat.JSON_LD),
}
RAPPER = {"ttl": "turtle", "nt": "ntriples"}
runner = CliRunner()

hostile_text = st.lists(
    st.sampled_from(HOSTILE) | st.text(st.characters(exclude_characters="\x00"), max_size=4),
    min_size=1,
    max_size=8,
).map("".join)


def _assert_valid_iri(iri: str) -> None:
    assert not FORBIDDEN_IN_IRI.search(iri), iri
    assert is_absolute_iri(iri), iri
    pyoxigraph.NamedNode(iri)  # raises on an invalid IRI


def _oxigraph_terms(data: bytes, fmt: str) -> list[pyoxigraph.Triple]:
    return list(pyoxigraph.parse(data, format=FORMATS[fmt][1]))


def _rapper_count(path: Path, fmt: str) -> int:
    done = subprocess.run(
        ["rapper", "-i", RAPPER[fmt], "-c", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0 and "Error" not in done.stderr, done.stderr[-2000:]
    found = re.search(r"returned (\d+) triples?", done.stderr)
    assert found, done.stderr
    return int(found[1])


# --- names and IRIs ------------------------------------------------------------------------


@settings(max_examples=200, deadline=None, derandomize=True)
@given(text=st.text() | hostile_text)
def test_slug_of_any_string_is_a_non_empty_hyphenated_ascii_word(text: str) -> None:
    assert SLUG.match(slug(text)), (text, slug(text))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(name=st.text() | hostile_text)
def test_iris_minted_from_any_name_are_valid(name: str) -> None:
    for iri in (
        entity_iri(group_key(name)),
        entity_iri(city_key("PE", name)),
        continent_iri(name),
        world_region_iri(name),
        indicator_iri(name),
        dataset_iri(name),
    ):
        _assert_valid_iri(str(iri))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    scheme=st.sampled_from(["https", "http", "urn", "mailto", "a", "ftp"]),
    rest=st.lists(
        st.sampled_from([*HOSTILE, "//", "/", "?", "=", "&", ":", "@", "a", "é", "%2F", "80"])
        | st.text(max_size=3),
        max_size=6,
    ).map("".join),
)
def test_what_passes_as_an_iri_is_one_for_oxigraph_and_rdflib(scheme: str, rest: str) -> None:
    """``is_absolute_iri`` (how metadata sources are checked) never accepts what breaks a parser."""
    text = f"{scheme}:{rest}"
    if not is_absolute_iri(text):
        return
    _assert_valid_iri(text)
    graph = Graph()
    graph.add((URIRef("https://example.org/s"), PROV.hadPrimarySource, URIRef(text)))
    for fmt, (rdflib_format, _) in FORMATS.items():
        data = serialize(graph, fmt)
        assert str(next(iter(Graph().parse(data=data, format=rdflib_format)))[2]) == text
        assert _oxigraph_terms(data, fmt)[0].object.value == text


# --- literals ------------------------------------------------------------------------------


def _literal_graph(texts: list[str]) -> Graph:
    graph = Graph()
    for n, text in enumerate(texts):
        node = URIRef(f"https://w3id.org/ockg/id/doc/{n}")
        graph.add((node, NIF.isString, Literal(text)))
        graph.add((node, DCTERMS.title, Literal(text, lang="en")))
    return graph


@settings(max_examples=60, deadline=None, derandomize=True)
@given(text=hostile_text)
def test_any_literal_round_trips_through_every_format(text: str) -> None:
    graph = _literal_graph([text])
    for fmt, (rdflib_format, _) in FORMATS.items():
        data = serialize(graph, fmt)
        back = Graph().parse(data=data, format=rdflib_format)
        assert {str(o) for o in back.objects()} == {text}, (fmt, data)
        assert {t.object.value for t in _oxigraph_terms(data, fmt)} == {text}, (fmt, data)
        assert len(back) == 2


@pytest.mark.skipif(shutil.which("rapper") is None, reason="raptor2-utils (rapper) not installed")
def test_hostile_literals_parse_in_raptor(tmp_path: Path) -> None:
    """One graph of every hostile string and 300 seeded random ones, read by Raptor."""
    rng = random.Random(7)
    alphabet = [*HOSTILE, "a", "Ñ", "ü", "ß", "\u0663", "\U0010fffd", "\ufdd0", "\x01", "\x1b"]
    texts = [*HOSTILE, *("".join(rng.choices(alphabet, k=rng.randint(1, 12))) for _ in range(300))]
    graph = _literal_graph(texts)
    for fmt in RAPPER:
        path = tmp_path / f"graph.{fmt}"
        path.write_bytes(serialize(graph, fmt))
        assert _rapper_count(path, fmt) == len(graph)


# --- a whole build, NLP on -----------------------------------------------------------------

HOSTILE_TEXT = (
    """\
In Lima, a gang called Los "Ñandúes" <gang> controls extortion and cocaine trafficking to Ecuador.
The criminal group known as Los Ñandúes\\Norte works with the Tren de Aragua in Callao.
Gangs such as Los Pe\u200bces \U0001f600 and Clan Ĉ'ollas #1 (50% owned) run illegal mining.
The Cártel de los Soles, a criminal group, smuggles migrants through Tumbes.
Los Ñandúes fight the Red Vipers^^ cult, which is active in Puno; """
    + "".join(HOSTILE)
    + "\n"
)

HOSTILE_META = {
    "title": 'Peru: "Los Ñandúes" <gang> \\ """ \n^^xsd:string @en e\u0301 \u202eRTL #1 100%',
    "source": "https://example.org/r%C3%A9port?q=%22x%22&lang=es#sección-2",
    "country": "Peru",
}


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Graph]:
    folder = tmp_path_factory.mktemp("safe")
    path = folder / 'hostile "name" <1> #%.txt'
    path.write_text(HOSTILE_TEXT, encoding="utf-8")
    meta = folder / 'hostile "name" <1> #%.meta.yaml'
    meta.write_text(yaml.safe_dump(HOSTILE_META, allow_unicode=True), encoding="utf-8")
    return path, build_corpus([path], nlp=True).graph


def test_a_hostile_text_builds_into_every_format_and_parser(
    hostile_build: tuple[Path, Graph], tmp_path: Path
) -> None:
    _, graph = hostile_build
    for fmt, (rdflib_format, _) in FORMATS.items():
        data = serialize(graph, fmt)
        assert len(Graph().parse(data=data, format=rdflib_format)) == len(graph), fmt
        assert len(_oxigraph_terms(data, fmt)) == len(graph), fmt
        if fmt in RAPPER and shutil.which("rapper"):
            (tmp_path / f"g.{fmt}").write_bytes(data)
            assert _rapper_count(tmp_path / f"g.{fmt}", fmt) == len(graph)


def test_every_iri_of_a_hostile_build_is_valid(hostile_build: tuple[Path, Graph]) -> None:
    _, graph = hostile_build
    iris = {str(term) for triple in graph for term in triple if isinstance(term, URIRef)}
    assert iris
    for iri in iris:
        _assert_valid_iri(iri)


def test_hostile_strings_survive_unchanged(hostile_build: tuple[Path, Graph]) -> None:
    """Title, source, file name and text come back exactly; every NIF span matches its text."""
    path, graph = hostile_build
    document = read_document(path)
    doc = next(graph.subjects(RDF.type, OCKG.Document))
    assert graph.value(doc, DCTERMS.title) == Literal(HOSTILE_META["title"], lang="en")
    assert graph.value(doc, PROV.hadPrimarySource) == URIRef(HOSTILE_META["source"])
    assert str(graph.value(doc, OCKG.fileName)) == path.name
    text = str(graph.value(doc, NIF.isString))
    assert text == document.text
    spans = list(graph.subjects(NIF.referenceContext, doc))
    assert spans, "the NLP found no sentence"
    for span in spans:
        begin = graph.value(span, NIF.beginIndex).toPython()
        end = graph.value(span, NIF.endIndex).toPython()
        assert text[begin:end] == str(graph.value(span, NIF.anchorOf)), span
    labels = {str(o) for o in graph.objects(None, rdflib.RDFS.label)}
    assert "Tren de Aragua" in labels


# --- metadata that cannot become RDF -------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("source", "javascript:alert(1) <x>"),
        ("source", "not a url"),
        ("source", "https://ocindex.net/a b"),
        ("source", 'https://ocindex.net/"q"'),
        ("source", "<https://ocindex.net/>"),
        ("source", "https://ocindex.net/\u202eevil"),
        ("source", "https://ocindex.net:port/"),
        ("source", "https://ocindex.net/a\\b"),
        ("source", "ocindex.net/2025/country/peru"),
        ("title", "lone \ud800 surrogate"),
        ("title", "a NUL \x00 inside"),
    ],
)
def test_metadata_that_cannot_be_rdf_is_a_clear_error(tmp_path: Path, key: str, value: str) -> None:
    """Found here: such a source crashed the build in rdflib's N-Triples writer, a lone
    surrogate in the title crashed it in the UTF-8 encoder; both are now E005."""
    path = tmp_path / "note.txt"
    path.write_text("Los Zetas move cocaine through Lima.\n", encoding="utf-8")
    sidecar = tmp_path / "note.meta.yaml"
    escaped = value.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    sidecar.write_text(f'country: Peru\n{key}: "{escaped}"\n', encoding="utf-8")
    with pytest.raises(OckgError) as caught:
        build_corpus([path], nlp=False)
    assert caught.value.code.name == "E005"
    assert f"{sidecar}:2: E005" in str(caught.value)
    result = runner.invoke(app, ["build", str(path), "--out", str(tmp_path / "out"), "--no-nlp"])
    assert result.exit_code == 1 and f"{sidecar}:2: E005" in result.output, result.output
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_an_empty_source_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Los Zetas move cocaine through Lima.\n", encoding="utf-8")
    (tmp_path / "note.meta.yaml").write_text('source: ""\n', encoding="utf-8")
    graph = build_corpus([path], nlp=False).graph
    assert not list(graph.objects(None, PROV.hadPrimarySource))
