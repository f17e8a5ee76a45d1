"""The spaCy side of ockg: components registered as ``ockg_*`` factories, and the pipeline.

Every component writes ``Span`` objects into ``doc.spans["ockg"]`` with ``label_`` the
entity kind (GROUP, COLLECTIVE, PLACE, MARKET) and ``kb_id_`` the entity's canonical key,
records the ``Entity`` under that key in ``doc._.ockg_entities``, and sets
``span._.ockg_method`` and ``span._.ockg_confidence``. See ``kg.nlp.spans``. What the
components share as spaCy components (settings, the lexicon they compile and save, scoring) is
``kg.nlp.component``.
"""

from kg.nlp.spacy_import import skip_spacy_cli

skip_spacy_cli()  # before a component module imports spaCy: it comes without its command line
