"""One validation report: SHACL shapes, then the Data Cube integrity constraints."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from kg.validate.cube import CubeViolation, check_cube
from kg.validate.shacl import ShapeViolation, check_shapes

__all__ = ["ValidationReport", "validate_graph"]


@dataclass(frozen=True)
class ValidationReport:
    """Violations found in a graph; ``ok`` when there are none."""

    triples: int
    shapes: tuple[ShapeViolation, ...]
    cube: tuple[CubeViolation, ...]

    @property
    def ok(self) -> bool:
        return not self.shapes and not self.cube

    def lines(self) -> list[str]:
        """Human-readable lines, ending with a verdict."""
        out = [f"SHACL: {v.severity} at {v.focus} {v.path or ''}: {v.message}" for v in self.shapes]
        out += [f"Data Cube {v.constraint} ({v.title}): {v.detail}" for v in self.cube]
        verdict = "valid" if self.ok else f"INVALID: {len(self.shapes) + len(self.cube)} problems"
        out.append(
            f"{self.triples:,} triples; SHACL and Data Cube integrity constraints: {verdict}"
        )
        return out


def validate_graph(graph: Graph) -> ValidationReport:
    """Validate a graph against ockg's shapes and the 21 Data Cube integrity constraints."""
    return ValidationReport(
        triples=len(graph),
        shapes=tuple(check_shapes(graph)),
        cube=tuple(check_cube(graph)),
    )
