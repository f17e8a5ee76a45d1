"""spaCy imported without its command line, which ockg never uses.

``import spacy`` imports ``spacy.cli`` (for ``spacy.info``): the training, packaging and
download commands, ``requests``, ``weasel`` and some 400 modules, about a third of spaCy's
import time (0.2–0.35 CPU s measured), which every building process pays before its
``--jobs`` workers fork. :func:`skip_spacy_cli` (called when ``kg.nlp`` is imported) makes
the first ``import spacy`` of the process run with a stand-in for ``spacy.cli``, removed as
soon as spaCy is in: ``import spacy.cli`` (or ``python -m spacy``, or reading ``spacy.cli``)
then imports the real one, and ``spacy.info`` imports it on its first call. Nothing else in
spaCy imports ``spacy.cli``. Nothing is imported until spaCy is (a build without the NLP never
loads it), and nothing is done where spaCy is already imported.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import types
from typing import Any

__all__ = ["skip_spacy_cli"]


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``, its module imported on first call."""
    from importlib import import_module

    return import_module("spacy.cli.info").info(*args, **kwargs)


def _real_cli(name: str) -> Any:
    """``spacy.cli`` read as an attribute after a plain ``import spacy`` ("spacy.cli.download"
    in a notebook): the real module, imported then, as without ockg (PEP 562)."""
    if name == "cli":
        from importlib import import_module

        return import_module("spacy.cli")
    raise AttributeError(f"module 'spacy' has no attribute {name!r}")


class _WithoutCli(importlib.abc.Loader):
    """spaCy's own loader, run with ``spacy.cli`` stood in for."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        cli = types.ModuleType("spacy.cli")
        cli.__path__ = []  # a package: ``spacy.cli.info`` is looked up below it
        info = types.ModuleType("spacy.cli.info")
        info.info = _info  # type: ignore[attr-defined]
        stand_ins = {"spacy.cli": cli, "spacy.cli.info": info}
        earlier = {name: sys.modules.get(name) for name in stand_ins}
        sys.modules.update(stand_ins)
        try:
            self.loader.exec_module(module)
            _index_entry_points()
        finally:
            for name, stand_in in stand_ins.items():
                if sys.modules.get(name) is stand_in:
                    if earlier[name] is None:
                        del sys.modules[name]
                    else:
                        sys.modules[name] = earlier[name]  # type: ignore[assignment]
            if getattr(module, "cli", None) is cli:
                del module.cli  # ``import spacy.cli`` sets the real one
            if "__getattr__" not in module.__dict__:
                module.__getattr__ = _real_cli  # type: ignore[attr-defined]
            if module.__spec__ is not None:
                module.__spec__.loader = self.loader
            module.__loader__ = self.loader


class _GroupedEntryPoints:
    """catalogue's table of the environment's entry points, which answers
    ``select(group=NAME)`` from a dict of its groups: the same entry points, in the same
    order, where the table itself tests every entry point of the environment at each call
    (spaCy's registries ask a few hundred times while a model loads: about 0.05 CPU s of
    every start). Any other use is the table's own."""

    def __init__(self, found: Any) -> None:
        from importlib.metadata import EntryPoints

        self.found = found
        grouped: dict[str, list[Any]] = {}
        if isinstance(found, dict):  # ``SelectableGroups`` (Python 3.11): group -> entry points
            items = dict.items(found)  # (``found.items()`` warns of its deprecation)
        else:  # ``EntryPoints`` (Python 3.12 on)
            items = ((entry_point.group, [entry_point]) for entry_point in found)
        for group, entry_points in items:
            grouped.setdefault(group, []).extend(entry_points)
        self.groups = {group: EntryPoints(eps) for group, eps in grouped.items()}
        self.none = EntryPoints(())

    def select(self, **params: Any) -> Any:
        if params.keys() == {"group"}:
            return self.groups.get(params["group"], self.none)
        return self.found.select(**params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.found, name)


def _index_entry_points() -> None:
    """Give catalogue (the registries of spaCy, thinc and confection) its table of entry
    points as a :class:`_GroupedEntryPoints`."""
    catalogue = sys.modules.get("catalogue")
    found = getattr(catalogue, "AVAILABLE_ENTRY_POINTS", None)
    if found is None or isinstance(found, _GroupedEntryPoints) or not hasattr(found, "select"):
        return
    catalogue.AVAILABLE_ENTRY_POINTS = _GroupedEntryPoints(found)  # type: ignore[union-attr]


class _SpacyFinder(importlib.abc.MetaPathFinder):
    """Finds spaCy as the other finders do, once, and hands it :class:`_WithoutCli`."""

    def find_spec(self, name: str, path: Any = None, target: Any = None):
        if name != "spacy":
            return None
        _remove_finder()
        for finder in list(sys.meta_path):  # the finders that would have found it
            find = getattr(finder, "find_spec", None)
            spec = find(name, path, target) if find is not None else None
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _WithoutCli(spec.loader)
                return spec
        return None


def _remove_finder() -> None:
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _SpacyFinder)]


def skip_spacy_cli() -> None:
    """Have the process's first ``import spacy`` leave ``spacy.cli`` unimported."""
    if "spacy" in sys.modules or any(isinstance(f, _SpacyFinder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _SpacyFinder())
