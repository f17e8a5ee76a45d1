"""Graph validation: SHACL shapes and the RDF Data Cube integrity constraints."""
