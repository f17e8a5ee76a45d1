"""Names are transliterated exactly as ``normality.ascii_text`` does, without importing it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from normality import ascii_text as normality_ascii_text

from kg.lexicon.normalise import ascii_name, ascii_text

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Culiacán", id="latin-accents"),
        pytest.param("Côte d’Ivoire", id="curly-apostrophe"),
        pytest.param("Los Мальчики", id="cyrillic"),
        pytest.param("Ελληνική Μαφία", id="greek"),
        pytest.param("ندرانغيتا", id="arabic"),
        pytest.param("山口組", id="han"),
        pytest.param("ยากูซ่า", id="thai"),
        pytest.param("Łódź ßtraße Æon œuvre", id="latin-ligatures-and-stroke"),
        pytest.param("5km² € ™ ©", id="symbols-dropped"),
        pytest.param("\u200bzero\u00a0width", id="invisible-and-no-break-space"),
        pytest.param("👮 police", id="emoji"),
        pytest.param("plain ascii", id="ascii"),
        pytest.param("", id="empty"),
    ],
)
def test_each_text_is_transliterated_as_normality_does(text: str) -> None:
    assert ascii_text(text) == normality_ascii_text(text)
    assert ascii_text(text).isascii()


def test_folding_a_name_does_not_import_normality() -> None:
    code = (
        "import sys; from kg.lexicon.normalise import ascii_name; "
        "assert ascii_name('Los Мальчики') == \"Los Mal'ciki\"; "
        "print('normality' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "False"


def test_a_mixed_script_name_still_reads_as_the_latin_it_imitates() -> None:
    assert ascii_name("Tren de Аragua") == "Tren de Aragua"
