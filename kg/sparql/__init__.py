"""SPARQL over ockg's graphs: engines, the named query pack and its parameters.

- :mod:`kg.sparql.engine`: :func:`~kg.sparql.engine.run_query` and
  :func:`~kg.sparql.engine.run_named` on Oxigraph or rdflib, with the same answers;
- :mod:`kg.sparql.named`: the named queries of ``queries/``;
- :mod:`kg.sparql.params`: the ``# @param`` declarations and the filters their values add;
- :mod:`kg.sparql.limits`: time, row and memory bounds on a query;
- :mod:`kg.sparql.guard`: federated queries (``SERVICE``) refused;
- :mod:`kg.sparql.text`: reading a query's text (comments, strings and IRIs blanked out).

The package imports none of its modules, so that ``import kg.sparql.limits`` stays light.
"""
