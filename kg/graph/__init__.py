"""RDF graph assembly: vocabulary, IRIs, profile and extraction triples, serialisation."""
