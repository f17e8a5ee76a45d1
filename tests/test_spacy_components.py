"""ockg's components work in a user's own spaCy pipeline, found through the entry point.

Docs carry only plain data (``DocBin``, ``doc.to_bytes`` and ``nlp.pipe(n_process=2)`` work);
the per-document country and registry are Doc extensions set before ``nlp.pipe``.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

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
        "Thirteen gangs split from the group, forming the Kobe Yamaguchi-gumi (KYG).",
        "The KYG, headed by its founder, is rising to challenge the old guard.",
    ]

    def groups(registry: dict[str, object] | None) -> list[set[str]]:
        docs = nlp.pipe([prepared_doc(nlp, text, "JP", registry) for text in paragraphs])
        return [{s.kb_id_ for s in d.spans.get("ockg", []) if s.label_ == "GROUP"} for d in docs]

    kyg = {"group/kobe-yamaguchi-gumi"}
    assert groups({}) == [kyg, kyg]  # the abbreviation defined in the first paragraph
    assert groups(None) == [kyg, set()]  # each paragraph alone: "KYG" is not known


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
