"""Segmentation: sections, paragraphs, and their alignment to indicators from content and order."""

from __future__ import annotations

import hashlib

from kg.models import Document, Profile
from kg.nlp.segment import paragraphs


def _document(text: str) -> Document:
    return Document(path="t.txt", text=text, sha256=hashlib.sha256(text.encode()).hexdigest())


def test_peru_paragraphs_align_to_their_indicators(peru_document, peru_profile: Profile) -> None:
    parts = paragraphs(peru_document, peru_profile)
    sections = list(dict.fromkeys(p.section for p in parts))
    assert len(sections) == 11 and sections[0] == "People"
    people = [p.indicators for p in parts if p.section == "People"]
    assert people == [
        ("human-trafficking",),
        ("human-smuggling",),
        ("extortion-and-protection-racketeering",),
    ]
    trade = [p.indicators for p in parts if p.section == "Trade"]
    assert trade == [
        ("arms-trafficking",),
        ("trade-in-counterfeit-goods", "illicit-trade-in-excisable-goods"),
    ]
    drugs = [p.indicators for p in parts if p.section == "Drugs"]
    assert drugs == [
        ("heroin-trade",),
        ("cocaine-trade",),
        ("cannabis-trade",),
        ("synthetic-drug-trade",),
    ]
    text = peru_document.text
    assert all(not text[p.begin : p.end].startswith("For a better experience") for p in parts)
    assert text[parts[-1].begin : parts[-1].end].endswith("weakened democratic principles.")


def test_a_skipped_paragraph_does_not_shift_the_alignment(peru_document, peru_profile) -> None:
    text = peru_document.text
    start = text.index("Cannabis is grown alongside coca")
    end = text.index("\n", start)
    shorter = _document(text[:start] + text[end + 1 :])
    from kg.profile import parse_profile

    parts = paragraphs(shorter, parse_profile(shorter))
    drugs = [p.indicators for p in parts if p.section == "Drugs"]
    assert drugs == [("heroin-trade",), ("cocaine-trade",), ("synthetic-drug-trade",)]


def test_merged_paragraphs_cover_several_indicators(peru_document, peru_profile) -> None:
    text = peru_document.text
    first = text.index("Illegal logging in Peru is widespread")
    second = text.index("Peru serves as a major transit and export hub for illegal wildlife")
    gap = text[first:second]
    merged = _document(text[:first] + gap.rstrip() + " " + text[second:])
    from kg.profile import parse_profile

    parts = paragraphs(merged, parse_profile(merged))
    environment = [p.indicators for p in parts if p.section == "Environment"]
    assert environment[0] == ("flora-crimes", "fauna-crimes")
    assert environment[-1] == ("non-renewable-resource-crimes",)


def test_plain_text_paragraphs_align_to_the_markets_they_name() -> None:
    text = (
        "Los Choneros control the cocaine routes through Guayaquil and ship cocaine to Europe.\n\n"
        "Extortion of shopkeepers by Los Lobos has spread to Quito and to the northern provinces.\n"
    )
    parts = paragraphs(_document(text), None)
    assert [p.section for p in parts] == [None, None]
    assert parts[0].indicators[0] == "cocaine-trade"
    assert parts[1].indicators[0] == "extortion-and-protection-racketeering"
    assert text[parts[1].begin : parts[1].end].startswith("Extortion")


def test_plain_text_titles_and_captions_are_analysed() -> None:
    text = (
        "The new war in Guatemala\n\n"
        "Mexican cartels have pushed the front lines of drug trafficking south.\n\n"
        "The Kyrgyzstan border with Kazakhstan.\n"
    )
    parts = paragraphs(_document(text), None)
    assert [text[p.begin : p.end] for p in parts] == [
        "The new war in Guatemala",
        "Mexican cartels have pushed the front lines of drug trafficking south.",
        "The Kyrgyzstan border with Kazakhstan.",
    ]
