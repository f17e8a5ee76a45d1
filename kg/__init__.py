"""ockg: Organized Crime Index profiles and analytic texts to a knowledge graph.

The flow (see README): read & segment -> profile parser -> spaCy extraction ->
resolve & link -> RDF graph -> Turtle / NetworkX. Each stage lives in its own
subpackage and passes typed pydantic models (``kg.models``) to the next.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
