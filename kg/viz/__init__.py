"""Visualisations of ockg's output, all offline and deterministic.

- :func:`write_network_page`: the graph as one self-contained interactive HTML page.
- :func:`write_annotated_html`: a document's analysis with its entity mentions highlighted
  (spaCy's displaCy, manual mode).
- :func:`write_score_chart`: the Index's view of a country in one edition (matplotlib, SVG or PNG).
"""

from __future__ import annotations

from kg.viz.annotate import write_annotated_html
from kg.viz.chart import write_score_chart
from kg.viz.network_page import write_network_page

__all__ = ["write_annotated_html", "write_network_page", "write_score_chart"]
