"""Every notebook runs top to bottom, shows its key outputs, and is committed without outputs."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_has_no_outputs(path: Path) -> None:
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name


def _texts(cell: dict) -> str:
    parts = []
    for output in cell.get("outputs", []):
        assert output.get("output_type") != "error", output
        parts.append(output.get("text", ""))
        parts.extend(str(v) for v in output.get("data", {}).values())
    return "\n".join(parts)


@pytest.fixture(scope="module")
def executed() -> dict:
    """notebooks/explore.ipynb executed top to bottom (it builds, or reloads, build/)."""
    import nbformat
    from nbclient import NotebookClient

    path = ROOT / "notebooks" / "explore.ipynb"
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    return notebook


def test_notebook_runs_and_shows_the_graph(executed: dict) -> None:
    joined = "\n".join(_texts(cell) for cell in executed.cells)
    assert "triples from" in joined
    # it reads its build's on-disk store (queries and the rdflib graph), never Turtle back
    from kg.graph.store import find_store

    assert find_store(ROOT / "build" / "notebook") is not None
    source = "\n".join(cell.source for cell in executed.cells if cell.cell_type == "code")
    assert "load_graph(store)" in source and "graph_file" not in source
    assert "Tren de Aragua" in joined  # the answer and the centrality lists
    assert joined.count("<svg") >= 3  # two route maps and the score chart
    assert "places without a known position: none" in joined


def test_the_notebook_opens_with_the_cocaine_question_answered_in_full(executed: dict) -> None:
    from rdflib import Graph

    from kg.sparql.engine import run_named
    from kg.viz.route_map import route_paths

    first = executed.cells[0]
    assert first.cell_type == "markdown"
    assert "foreign groups are active in Peru's cocaine trade" in first.source
    answers = [c for c in executed.cells if "answer" in c.get("metadata", {}).get("tags", [])]
    assert len(answers) == 3
    texts = [_texts(cell) for cell in answers]
    assert all(text.strip() for text in texts)  # no answer cell is empty
    # the answer is the whole answer: every row of the filtered queries, on the notebook's graph
    graph_file = ROOT / "build" / "notebook" / "graph.ttl"
    groups = run_named(graph_file, "foreign_groups", {"market": "Cocaine trade", "country": "Peru"})
    assert groups.rows and "Tren de Aragua" in texts[0]
    for actor, _kind, origin, _in, markets in groups.rows:
        assert actor in texts[0] and "Cocaine trade" in (markets or "")
        assert origin is None or origin in texts[0]
    graph = Graph().parse(graph_file, format="turtle")
    paths = route_paths(graph, market="Cocaine trade")
    assert paths and f"{len(paths)} cocaine routes" in texts[1]
    for path in paths:
        assert " → ".join(path.labels(graph)) in texts[1]
    assert "In short" in texts[2]
    # the other foreign actors in Peru are listed too (Comando Vermelho: no market in the text)
    everyone = run_named(graph_file, "foreign_groups", {"country": "Peru"})
    assert all(row[0] in texts[0] for row in everyone.rows)
