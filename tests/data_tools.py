"""The gold tools of ``tests/data/tools/`` as modules, for their tests (a helper module, like
``tests/timebound.py``): they are scripts run by path, not a package."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

TOOLS = Path(__file__).resolve().parent / "data" / "tools"


@cache
def data_tool(name: str) -> ModuleType:
    """The script ``tests/data/tools/<name>.py``, loaded once."""
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
