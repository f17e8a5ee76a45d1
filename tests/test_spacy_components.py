"""ockg's components work in a user's own spaCy pipeline, found through the entry point.

Docs carry only plain data (``DocBin``, ``doc.to_bytes`` and ``nlp.pipe(n_process=2)`` work);
the per-document country and registry are Doc extensions set before ``nlp.pipe``.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example

from kg import resources
from kg.errors import OckgError
from kg.models import Entity, EntityKind
from kg.nlp.model import model_name
from kg.nlp.people import doc_memberships
from kg.nlp.pipeline import OCKG_COMPONENTS, prepared_doc

TEXTS = [
    "Tren de Aragua extorts transport companies in Lima and trafficks cocaine.",
    "Wilmer Chavarría, alias 'Pipo', leader of Los Lobos, ran illegal mining in Ecuador.",
    "Venezuelan criminal groups and Colombian networks smuggle migrants across the border.",
    "Calling itself the Red Vipers cult, the group extorts shops in Quito.",
]

SpanRow = tuple[int, int, str, str, str | None, float | None, str | None]


def span_rows(doc: Doc) -> list[SpanRow]:
    """Everything ockg records on each span, in the span group's order."""
    return [
        (s.start, s.end, s.label_, s.kb_id_, s._.ockg_method, s._.ockg_confidence,
         s._.ockg_actor_type)
        for s in doc.spans["ockg"]
    ]  # fmt: skip


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.load(model_name())
    for name in OCKG_COMPONENTS:
        pipeline.add_pipe(name)
    return pipeline


def test_components_are_found_by_name_without_importing_kg() -> None:
    script = (
        "import spacy\n"
        "nlp = spacy.blank('en')\n"
        "nlp.add_pipe('ockg_markets')\n"
        "doc = nlp('They smuggle cocaine paste and run ransomware attacks.')\n"
        "print(sorted(s.kb_id_ for s in doc.spans['ockg']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "['market/cocaine-trade', 'market/cyber-dependent-crimes']"


def test_full_pipeline_in_a_user_pipeline(nlp: Language) -> None:
    doc = nlp("Tren de Aragua extorts transport companies in Lima and trafficks cocaine.")
    found = {(s.text, s.label_, s.kb_id_) for s in doc.spans["ockg"]}
    assert ("Tren de Aragua", "GROUP", "group/tren-de-aragua") in found
    assert ("Lima", "PLACE", "place/city/PE/lima") in found
    assert ("cocaine", "MARKET", "market/cocaine-trade") in found


# --- serialisable docs ---------------------------------------------------------------------------


def test_docbin_with_user_data_round_trips_spans_entities_and_ties(nlp: Language) -> None:
    docs = list(nlp.pipe(TEXTS))
    stored = DocBin(store_user_data=True, docs=docs).to_bytes()
    back = list(DocBin(store_user_data=True).from_bytes(stored).get_docs(nlp.vocab))
    assert [span_rows(d) for d in back] == [span_rows(d) for d in docs]
    assert [dict(d._.ockg_entities) for d in back] == [dict(d._.ockg_entities) for d in docs]
    assert doc_memberships(back[1]) == doc_memberships(docs[1])
    assert [t.person for t in doc_memberships(back[1])] == ["person/wilmer-chavarria"]
    pipo = back[1]._.ockg_entities["person/wilmer-chavarria"]
    assert isinstance(pipo, Entity) and pipo.aliases == ("Pipo",)


def test_doc_to_bytes_round_trips_the_country_and_the_registry(nlp: Language) -> None:
    registry: dict[str, object] = {}
    doc = nlp(prepared_doc(nlp, TEXTS[3], "EC", registry))
    assert "red vipers" in registry  # the component filled the shared registry in
    back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert back._.ockg_country == "EC"
    assert back._.ockg_known is not None
    assert back._.ockg_known["red vipers"].key == "group/red-vipers"
    assert span_rows(back) == span_rows(doc)


def test_two_processes_give_the_same_spans_as_one(nlp: Language) -> None:
    one = [span_rows(doc) for doc in nlp.pipe(TEXTS * 2)]
    two = [span_rows(doc) for doc in nlp.pipe(TEXTS * 2, n_process=2, batch_size=2)]
    assert two == one
    assert all(rows for rows in one)


def test_country_set_before_pipe_makes_other_origins_foreign(nlp: Language) -> None:
    text = "Tren de Aragua extorts transport companies in Lima."
    at_home, abroad = nlp.pipe([prepared_doc(nlp, text, "VE"), prepared_doc(nlp, text, "PE")])
    assert at_home._.ockg_entities["group/tren-de-aragua"].actor_type == "mafia-style-groups"
    assert abroad._.ockg_entities["group/tren-de-aragua"].actor_type == "foreign-actors"


def test_registry_shared_by_the_docs_of_a_document_carries_discovered_groups(
    nlp: Language,
) -> None:
    paragraphs = [
        "Thirteen gangs split from the group, joining the Inagawa-kai (IK).",
        "The IK, headed by its founder, is rising to challenge the old guard.",
    ]

    def groups(registry: dict[str, object] | None) -> list[set[str]]:
        docs = nlp.pipe([prepared_doc(nlp, text, "JP", registry) for text in paragraphs])
        return [{s.kb_id_ for s in d.spans.get("ockg", []) if s.label_ == "GROUP"} for d in docs]

    kyg = {"group/inagawa-kai"}
    assert groups({}) == [kyg, kyg]  # the abbreviation defined in the first paragraph
    assert groups(None) == [kyg, set()]  # each paragraph alone: "IK" is not known


def test_registry_holds_plain_data_only(nlp: Language) -> None:
    registry: dict[str, object] = {
        "red vipers": Entity(key="group/red-vipers", kind=EntityKind.GROUP, label="Red Vipers")
    }
    doc = prepared_doc(nlp, "Red Vipers members were arrested.", "EC", registry)
    assert registry["red vipers"] == {"key": "group/red-vipers", "kind": "group",
                                      "label": "Red Vipers"}  # fmt: skip
    assert doc._.ockg_known["red vipers"].label == "Red Vipers"
    with pytest.raises(TypeError, match="ockg_known must be a dict"):
        doc._.ockg_known = ["not", "a", "registry"]


# --- settings, saving and loading the lexicon, scoring ------------------------------------------

MARKET_TEXT = "They smuggle cocaine paste, snow powder and ransomware attacks."


def market_rows(nlp: Language, text: str = MARKET_TEXT) -> list[tuple[str, str, float]]:
    doc = nlp(text)
    return [(s.text, s.kb_id_, s._.ockg_confidence) for s in doc.spans["ockg"]]


@pytest.fixture
def hide_own_lexicon(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], None]]:
    """A call that makes ockg's own ontology folder unreadable and drops every table computed
    from it; after the test the process reads ockg's own lexicon again."""

    def hidden() -> Path:
        raise FileNotFoundError("ockg's ontology folder is hidden by this test")

    def hide() -> None:
        resources.use_lexicon(None)
        monkeypatch.setattr(resources, "ontology_dir", hidden)
        resources.clear_lexicon_caches()

    yield hide
    monkeypatch.undo()
    resources.use_lexicon(None)
    resources.clear_lexicon_caches()


@pytest.fixture
def lexicon_restored() -> Iterator[None]:
    """The process reads ockg's own lexicon again after the test."""
    yield
    resources.use_lexicon(None)
    resources.clear_lexicon_caches()


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("weak_confidence", 1.5, "weak_confidence must be a number from 0 to 1, not 1.5"),
        ("strong_confidence", -0.1, "strong_confidence must be a number from 0 to 1"),
        ("span_key", " ", "span_key must be a non-empty string"),
        ("lexicon", " ", "lexicon must be a folder or null, not ' '"),
    ],
)
def test_bad_settings_raise_a_coded_error_naming_the_setting(
    setting: str, value: object, message: str
) -> None:
    with pytest.raises(OckgError, match="E230") as raised:
        spacy.blank("en").add_pipe("ockg_markets", config={setting: value})
    assert raised.value.path == "ockg_markets"
    assert message in str(raised.value)


def test_a_lexicon_folder_missing_or_without_lexicon_files_is_a_coded_error(
    tmp_path: Path,
) -> None:
    nlp = spacy.blank("en")
    component = nlp.add_pipe("ockg_markets", config={"lexicon": str(tmp_path)})
    with pytest.raises(OckgError, match=r"E231.*no lexicon files"):
        nlp.initialize()
    missing = spacy.blank("en")
    missing.add_pipe("ockg_markets", config={"lexicon": str(tmp_path / "absent")})
    with pytest.raises(OckgError, match=r"E231.*no lexicon folder here"):
        missing("cocaine")
    with pytest.raises(OckgError, match=r"E231.*not a saved lexicon"):
        component.from_bytes(b"\x80")


def test_settings_are_in_the_config_and_used() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("ockg_markets", config={"strong_confidence": 0.7, "span_key": "found"})
    config = nlp.config["components"]["ockg_markets"]
    assert config["strong_confidence"] == 0.7 and config["lexicon"] is None
    doc = nlp("They smuggle cocaine paste.")
    assert [(s.kb_id_, s._.ockg_confidence) for s in doc.spans["found"]] == [
        ("market/cocaine-trade", 0.7)
    ]
    assert "ockg" not in doc.spans


def test_saved_markets_load_their_lexicon_not_ockgs_files(
    tmp_path: Path, hide_own_lexicon: Callable[[], None]
) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("ockg_markets")
    before = market_rows(nlp)
    nlp.to_disk(tmp_path / "pipeline")
    saved = tmp_path / "pipeline" / "ockg_markets" / "lexicon"
    assert (saved / "markets.yaml").read_text(encoding="utf-8") == resources.ontology_path(
        "markets.yaml"
    ).read_text(encoding="utf-8")
    hide_own_lexicon()
    with pytest.raises(FileNotFoundError):
        resources.load_yaml("markets.yaml")  # ockg's own files are out of reach
    loaded = spacy.load(tmp_path / "pipeline")
    assert market_rows(loaded) == before


def test_an_edited_saved_lexicon_changes_the_spans(tmp_path: Path, lexicon_restored: None) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("ockg_markets")
    nlp.to_disk(tmp_path / "pipeline")
    markets = tmp_path / "pipeline" / "ockg_markets" / "lexicon" / "markets.yaml"
    text = markets.read_text(encoding="utf-8")
    trigger = "      - {term: cocaine paste}\n"
    assert trigger in text
    markets.write_text(text.replace(trigger, trigger + "      - {term: snow powder}\n"))
    edited = spacy.load(tmp_path / "pipeline")
    found = {(text, key) for text, key, _ in market_rows(edited)}
    assert ("snow powder", "market/cocaine-trade") in found
    assert ("snow powder", "market/cocaine-trade") not in {
        (text, key)
        for text, key, _ in market_rows(nlp)  # ockg's own lexicon, as before
    }
    in_memory = spacy.blank("en")
    in_memory.add_pipe("ockg_markets")
    in_memory.from_bytes(edited.to_bytes())  # to_bytes carries the edited lexicon too
    assert market_rows(in_memory) == market_rows(edited)


def test_a_configured_lexicon_folder_is_read_and_saved_with_the_pipeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lexicon_restored: None
) -> None:
    monkeypatch.setenv("OCKG_CACHE_DIR", str(tmp_path / "compiled"))  # keep the session's tables
    own = tmp_path / "my-lexicon"
    resources.default_lexicon().to_folder(own)
    markets = own / "markets.yaml"
    trigger = "      - {term: cocaine paste}\n"
    text = markets.read_text(encoding="utf-8")
    markets.write_text(text.replace(trigger, trigger + "      - {term: snow powder}\n"))
    nlp = spacy.blank("en")
    nlp.add_pipe("ockg_markets", config={"lexicon": str(own)})
    nlp.initialize()
    assert ("snow powder", "market/cocaine-trade", 0.9) in market_rows(nlp)
    nlp.to_disk(tmp_path / "pipeline")
    for item in own.iterdir():
        item.unlink()
    own.rmdir()  # the configured folder is gone: the saved pipeline has its own copy
    assert market_rows(spacy.load(tmp_path / "pipeline")) == market_rows(nlp)


def _example(nlp: Language, text: str, gold: list[tuple[str, str, str]]) -> Example:
    """A hand-made Example: gold spans (text, label, kb id) in the ockg span group."""
    reference = nlp.make_doc(text)
    spans = []
    for words, label, key in gold:
        start = text.index(words)
        span = reference.char_span(start, start + len(words), label=label, kb_id=key)
        assert span is not None, words
        spans.append(span)
    reference.spans["ockg"] = spans
    return Example(nlp.make_doc(text), reference)


def test_evaluate_reports_ockg_spans_and_links(nlp: Language) -> None:
    examples = [
        _example(
            nlp,
            "Tren de Aragua extorts transport companies in Lima and trafficks cocaine.",
            [
                ("Tren de Aragua", "GROUP", "group/tren-de-aragua"),
                ("extorts", "MARKET", "market/extortion-and-protection-racketeering"),
                ("Lima", "PLACE", "place/city/PE/lima"),
                ("cocaine", "MARKET", "market/heroin-trade"),  # the span found, the link wrong
            ],
        ),
        _example(
            nlp,
            "Los Choneros smuggle cocaine through Guayaquil.",
            [("Los Choneros", "GROUP", "group/los-choneros")],
        ),
    ]
    scores = nlp.evaluate(examples)
    # 5 gold spans, all found; 2 more found (cocaine and Guayaquil in the second text)
    assert scores["spans_ockg_r"] == 1.0
    assert scores["spans_ockg_p"] == pytest.approx(5 / 7)
    assert scores["spans_ockg_per_type"]["GROUP"] == {"p": 1.0, "r": 1.0, "f": 1.0}
    assert scores["spans_ockg_per_type"]["PLACE"]["p"] == 0.5
    # of the 5 spans at a gold span, 4 carry the gold kb id
    assert scores["spans_ockg_links_p"] == pytest.approx(4 / 5)
    assert scores["spans_ockg_links_r"] == pytest.approx(4 / 5)


def test_a_lexicon_bundle_is_the_only_source_while_in_use(lexicon_restored: None) -> None:
    own = resources.default_lexicon()
    assert "markets.yaml" in own.texts and all(name.endswith(".yaml") for name in own.texts)
    small = resources.LexiconBundle({"sections.yaml": "sections: []\n"}, source="small")
    assert small.digest != own.digest
    resources.use_lexicon(small)
    assert resources.load_yaml("sections.yaml") == {"sections": []}
    with pytest.raises(FileNotFoundError, match=r"small: the lexicon has no markets\.yaml"):
        resources.load_yaml("markets.yaml")
    resources.use_lexicon(None)
    assert resources.load_yaml("markets.yaml") == own.parse("markets.yaml")
    with pytest.raises(ValueError, match="not a lexicon file name"):
        resources.LexiconBundle({"../escape.yaml": ""})


# --- the whole pipeline: saved, loaded, edited ---------------------------------------------------


def test_saved_pipeline_loads_its_lexicons_and_gives_the_same_spans(
    nlp: Language, tmp_path: Path, hide_own_lexicon: Callable[[], None]
) -> None:
    before = [span_rows(doc) for doc in nlp.pipe(TEXTS)]
    nlp.to_disk(tmp_path / "pipeline")
    for name in OCKG_COMPONENTS:
        assert (tmp_path / "pipeline" / name / "lexicon" / "groups.yaml").is_file()
    hide_own_lexicon()
    loaded = spacy.load(tmp_path / "pipeline")
    assert [span_rows(doc) for doc in loaded.pipe(TEXTS)] == before
    assert [span_rows(doc) for doc in loaded.pipe(TEXTS, n_process=2, batch_size=2)] == before


def test_an_edited_saved_group_lexicon_changes_the_groups_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lexicon_restored: None
) -> None:
    monkeypatch.setenv("OCKG_CACHE_DIR", str(tmp_path / "compiled"))  # keep the session's tables
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")  # the actor finder needs sentence boundaries
    nlp.add_pipe("ockg_actors")
    text = "Zorblax extorts shops while Los Choneros smuggle arms."

    def groups(pipeline: Language) -> list[tuple[str, str]]:
        doc = pipeline(text)
        return [(s.text, s.kb_id_) for s in doc.spans["ockg"] if s.label_ == "GROUP"]

    assert ("Zorblax", "group/los-choneros") not in groups(nlp)
    nlp.to_disk(tmp_path / "pipeline")
    saved = tmp_path / "pipeline" / "ockg_actors" / "lexicon" / "groups.yaml"
    lexicon = saved.read_text(encoding="utf-8")
    assert "    aliases: [Choneros]\n" in lexicon
    saved.write_text(
        lexicon.replace("    aliases: [Choneros]\n", "    aliases: [Choneros, Zorblax]\n")
    )
    edited = spacy.load(tmp_path / "pipeline")
    assert groups(edited) == [
        ("Zorblax", "group/los-choneros"),
        ("Los Choneros", "group/los-choneros"),
    ]
    assert ("Zorblax", "group/los-choneros") not in groups(nlp)  # each holds its own lexicon


@pytest.mark.parametrize(
    ("factory", "config", "message"),
    [
        ("ockg_actors", {"alias_confidence": 2}, "alias_confidence must be a number from 0 to 1"),
        ("ockg_actors", {"person_confidence": 1.01}, "person_confidence must be a number"),
        ("ockg_places", {"confidences": {"telepathy": 0.5}}, "unknown method telepathy"),
        ("ockg_places", {"confidences": {"ner": -1}}, "confidences.ner must be a number"),
        ("ockg_places", {"span_key": ""}, "span_key must be a non-empty string"),
    ],
)
def test_bad_settings_of_actors_and_places_raise_a_coded_error(
    factory: str, config: dict[str, object], message: str
) -> None:
    with pytest.raises(OckgError, match="E230") as raised:
        spacy.blank("en").add_pipe(factory, config=config)
    assert raised.value.path == factory and message in str(raised.value)


def test_settings_of_actors_and_places_change_the_confidences() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("ockg_actors", config={"alias_confidence": 0.5})
    nlp.add_pipe("ockg_places", config={"confidences": {"gazetteer-country": 0.7}})
    assert nlp.config["components"]["ockg_places"]["confidences"]["gazetteer-city"] == 0.85
    doc = nlp("Los Choneros smuggle arms out of Ecuador.")
    assert [(s.kb_id_, s._.ockg_confidence) for s in doc.spans["ockg"]] == [
        ("group/los-choneros", 0.5),
        ("place/country/EC", 0.7),
    ]
