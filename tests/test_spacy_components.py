"""ockg's components work in a user's own spaCy pipeline, found through the entry point."""

from __future__ import annotations

import subprocess
import sys


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


def test_full_pipeline_in_a_user_pipeline() -> None:
    import spacy

    from kg.nlp.model import model_name

    nlp = spacy.load(model_name())
    for name in ("ockg_actors", "ockg_places", "ockg_markets"):
        nlp.add_pipe(name)
    doc = nlp("Tren de Aragua extorts transport companies in Lima and trafficks cocaine.")
    found = {(s.text, s.label_, s.kb_id_) for s in doc.spans["ockg"]}
    assert ("Tren de Aragua", "GROUP", "group/tren-de-aragua") in found
    assert ("Lima", "PLACE", "place/city/PE/lima") in found
    assert ("cocaine", "MARKET", "market/cocaine-trade") in found
