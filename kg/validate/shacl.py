"""SHACL validation of an ockg graph against ``ontology/shapes.ttl``."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict
from rdflib import Graph, Namespace

from kg.resources import ontology_path

__all__ = ["ShapeViolation", "check_shapes", "shapes_graph"]

SH = Namespace("http://www.w3.org/ns/shacl#")


class ShapeViolation(BaseModel):
    """One SHACL result: the node, the path, and the shape's message."""

    model_config = ConfigDict(frozen=True)

    focus: str
    path: str | None
    message: str
    severity: str


@cache
def _shapes_turtle() -> str:
    return ontology_path("shapes.ttl").read_text(encoding="utf-8")


def shapes_graph() -> Graph:
    """A fresh graph of ockg's SHACL shapes."""
    return Graph().parse(data=_shapes_turtle(), format="turtle")


def check_shapes(graph: Graph) -> list[ShapeViolation]:
    """Validate ``graph`` against the shapes; an empty list means it conforms."""
    from pyshacl import validate

    conforms, results, _ = validate(
        graph, shacl_graph=shapes_graph(), inference="none", advanced=False, allow_warnings=True
    )
    if conforms:
        return []
    assert isinstance(results, Graph)
    out = []
    for result in results.subjects(SH.resultSeverity, None):
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        out.append(
            ShapeViolation(
                focus=str(results.value(result, SH.focusNode)),
                path=None if path is None else str(path),
                message=str(message) if message is not None else "shape violated",
                severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            )
        )
    return sorted(out, key=lambda v: (v.focus, v.path or "", v.message))
