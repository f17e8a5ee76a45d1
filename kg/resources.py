"""Where the ontology data lives: ``ontology/`` in a checkout, ``kg/_ontology`` in a wheel."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

import yaml

__all__ = ["load_yaml", "named_function", "ontology_dir", "ontology_path"]

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def ontology_dir() -> Path:
    """Return the folder holding the ontology data files."""
    for candidate in (_PACKAGE_DIR.parent / "ontology", _PACKAGE_DIR / "_ontology"):
        if (candidate / "indicators.yaml").is_file():
            return candidate
    raise FileNotFoundError("ockg's ontology folder is missing from this installation")


def ontology_path(name: str) -> Path:
    """Return the path of one file in the ontology folder."""
    return ontology_dir() / name


@cache
def load_yaml(name: str) -> object:
    """Parse one YAML file of the ontology folder (cached; treat the result as read-only)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~7x faster
    with ontology_path(name).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)


def named_function(spec: str) -> Callable[..., object]:
    """The function a data file names as ``module:function`` (``kg.read:decode_text``), the
    way the registries of ``ontology/`` name readers and writers; ``ValueError`` if none."""
    module, _, name = spec.partition(":")
    try:
        function = getattr(importlib.import_module(module), name, None) if name else None
    except ImportError:
        function = None
    if not callable(function):
        raise ValueError(f"{spec!r} names no function (expected module:function)")
    return function
