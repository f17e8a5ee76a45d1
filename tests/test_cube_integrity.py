"""RDF Data Cube well-formedness: normalisation and the integrity constraints IC-1 .. IC-21."""

from __future__ import annotations

from importlib import resources

import pyoxigraph as ox
import pytest
from pydantic import ValidationError
from rdflib import RDF, RDFS, Graph, Literal, Namespace
from rdflib.compare import isomorphic

from kg.validate.cube import CubeViolation, check_cube, normalise

QB = Namespace("http://purl.org/linked-data/cube#")
EX = Namespace("http://example.org/cube/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

PREFIXES = """\
@prefix qb:   <http://purl.org/linked-data/cube#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#> .
@prefix ex:   <http://example.org/cube/> .
"""

STRUCTURE = """\
ex:refArea a qb:DimensionProperty, qb:CodedProperty ;
    rdfs:subPropertyOf sdmx-dimension:refArea ;
    rdfs:range skos:Concept ;
    qb:codeList ex:countries .
ex:refPeriod a qb:DimensionProperty ; rdfs:range xsd:gYear .
ex:criminality a qb:MeasureProperty ; rdfs:range xsd:decimal .
ex:source a qb:AttributeProperty .

ex:countries a skos:ConceptScheme .
ex:PER a skos:Concept ; skos:inScheme ex:countries .
ex:COL a skos:Concept ; skos:inScheme ex:countries .
ex:BOL a skos:Concept ; skos:inScheme ex:countries .

ex:dsd a qb:DataStructureDefinition ;
    qb:component [ qb:dimension ex:refArea ; qb:order 1 ] ,
                 [ qb:dimension ex:refPeriod ; qb:order 2 ] ,
                 [ qb:measure ex:criminality ] ,
                 [ qb:attribute ex:source ; qb:componentRequired false ] .

ex:ds a qb:DataSet ; qb:structure ex:dsd .
"""

OBSERVATIONS = """\
ex:o1 a qb:Observation ; qb:dataSet ex:ds ;
    ex:refArea ex:PER ; ex:refPeriod "2021"^^xsd:gYear ; ex:criminality 6.2 ;
    ex:source ex:oci2021 .
ex:o2 a qb:Observation ; qb:dataSet ex:ds ;
    ex:refArea ex:PER ; ex:refPeriod "2023"^^xsd:gYear ; ex:criminality 6.5 .
ex:o3 a qb:Observation ; qb:dataSet ex:ds ;
    ex:refArea ex:COL ; ex:refPeriod "2021"^^xsd:gYear ; ex:criminality 7.7 .
"""

# The same cube in the abbreviated form that needs normalisation: observations typed only
# through qb:dataSet / qb:observation, the period given on slices, and a required attribute
# attached once, at data-set level.
ABBREVIATED = """\
ex:refArea a qb:DimensionProperty ; rdfs:range skos:Concept ; qb:codeList ex:countries .
ex:refPeriod a qb:DimensionProperty ; rdfs:range xsd:gYear .
ex:criminality a qb:MeasureProperty ; rdfs:range xsd:decimal .
ex:unit a qb:AttributeProperty .

ex:countries a skos:ConceptScheme .
ex:PER a skos:Concept ; skos:inScheme ex:countries .
ex:COL a skos:Concept ; skos:inScheme ex:countries .

ex:byPeriod a qb:SliceKey ; qb:componentProperty ex:refPeriod .
ex:dsd a qb:DataStructureDefinition ;
    qb:component [ qb:dimension ex:refArea ] ,
                 [ qb:dimension ex:refPeriod ; qb:componentAttachment qb:Slice ] ,
                 [ qb:measure ex:criminality ] ,
                 [ qb:attribute ex:unit ; qb:componentRequired true ;
                   qb:componentAttachment qb:DataSet ] ;
    qb:sliceKey ex:byPeriod .

ex:ds qb:structure ex:dsd ; ex:unit ex:scoreOutOf10 ; qb:slice ex:s2021 .
ex:s2021 qb:sliceStructure ex:byPeriod ; ex:refPeriod "2021"^^xsd:gYear ;
    qb:observation ex:o1, ex:o3 .
ex:o1 qb:dataSet ex:ds ; ex:refArea ex:PER ; ex:criminality 6.2 .
ex:o3 qb:dataSet ex:ds ; ex:refArea ex:COL ; ex:criminality 7.7 .
"""

# A cube with a measure dimension: two measures, one observation per measure and point.
MEASURE_DIMENSION = """\
ex:refArea a qb:DimensionProperty ; rdfs:range skos:Concept ; qb:codeList ex:countries .
ex:countries a skos:ConceptScheme .
ex:PER a skos:Concept ; skos:inScheme ex:countries .
ex:COL a skos:Concept ; skos:inScheme ex:countries .
ex:criminality a qb:MeasureProperty ; rdfs:range xsd:decimal .
ex:resilience a qb:MeasureProperty ; rdfs:range xsd:decimal .
ex:dsd a qb:DataStructureDefinition ;
    qb:component [ qb:dimension ex:refArea ] , [ qb:dimension qb:measureType ] ,
                 [ qb:measure ex:criminality ] , [ qb:measure ex:resilience ] .
ex:ds a qb:DataSet ; qb:structure ex:dsd .
ex:m1 qb:dataSet ex:ds ; ex:refArea ex:PER ; qb:measureType ex:criminality ; ex:criminality 6.2 .
ex:m2 qb:dataSet ex:ds ; ex:refArea ex:PER ; qb:measureType ex:resilience ; ex:resilience 4.1 .
ex:m3 qb:dataSet ex:ds ; ex:refArea ex:COL ; qb:measureType ex:criminality ; ex:criminality 7.7 .
ex:m4 qb:dataSet ex:ds ; ex:refArea ex:COL ; qb:measureType ex:resilience ; ex:resilience 5.0 .
"""

# A geography dimension whose code list is a qb:HierarchicalCodeList.
HIERARCHY = """\
ex:region a qb:DimensionProperty ; rdfs:range skos:Concept ; qb:codeList ex:regions .
ex:criminality a qb:MeasureProperty ; rdfs:range xsd:decimal .
ex:world skos:narrower ex:americas .
ex:americas skos:narrower ex:PER , ex:COL .
ex:PER skos:broader ex:americas .
ex:COL skos:broader ex:americas .
ex:americas skos:broader ex:world .
ex:dsd a qb:DataStructureDefinition ;
    qb:component [ qb:dimension ex:region ] , [ qb:measure ex:criminality ] .
ex:ds a qb:DataSet ; qb:structure ex:dsd .
ex:h1 qb:dataSet ex:ds ; ex:region ex:PER ; ex:criminality 6.2 .
ex:h2 qb:dataSet ex:ds ; ex:region ex:COL ; ex:criminality 7.7 .
"""
NARROWER = "ex:regions a qb:HierarchicalCodeList ; qb:hierarchyRoot ex:world ;\n"
NARROWER += "    qb:parentChildProperty skos:narrower .\n"
BROADER = "ex:regions a qb:HierarchicalCodeList ; qb:hierarchyRoot ex:world ;\n"
BROADER += "    qb:parentChildProperty [ owl:inverseOf skos:broader ] .\n"


def cube(*parts: str) -> Graph:
    """Parse Turtle snippets, with the shared prefixes, into one graph."""
    return Graph().parse(data=PREFIXES + "\n".join(parts), format="turtle")


def well_formed(*extra: str) -> Graph:
    return cube(STRUCTURE, OBSERVATIONS, *extra)


def reported(graph: Graph, **options: bool) -> set[str]:
    return {violation.constraint for violation in check_cube(graph, **options)}


def read_constraint_file(name: str) -> str:
    return resources.files("kg.validate").joinpath("qb_constraints", name).read_text("utf-8")


def spec_query_violated(graph: Graph, name: str) -> bool:
    """Ask one constraint's query, as published, of the normalised graph."""
    store = ox.Store()
    store.load(normalise(graph).serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    return bool(store.query(read_constraint_file(name)))


# --- well-formed cubes and normalisation ---------------------------------------------------


def test_well_formed_cube_has_no_violations() -> None:
    assert check_cube(well_formed()) == []


def test_measure_dimension_cube_has_no_violations() -> None:
    assert check_cube(cube(MEASURE_DIMENSION)) == []


def test_abbreviated_cube_passes_only_after_normalisation() -> None:
    graph = cube(ABBREVIATED)
    # Taken as already normalised, its components lack qb:componentProperty.
    assert reported(graph, normalised=True) == {"IC-3", "IC-8"}
    assert check_cube(graph) == []
    assert check_cube(normalise(graph), normalised=True) == []


def test_phase2_is_what_brings_slice_and_dataset_values_to_observations() -> None:
    graph = Graph()
    graph += cube(ABBREVIATED)
    graph.update(read_constraint_file("normalise-phase1.ru"))
    # refPeriod is only on the slice and the required unit only on the data set.
    assert reported(graph, normalised=True) == {"IC-11", "IC-13"}


def test_normalise_pushes_dataset_attachment_down_to_observations() -> None:
    graph = cube(ABBREVIATED)
    pushed = (EX.o1, EX.unit, EX.scoreOutOf10)
    assert pushed not in graph
    assert pushed in normalise(graph)


def test_normalise_pushes_slice_dimension_values_down_to_observations() -> None:
    result = normalise(cube(ABBREVIATED))
    for obs in (EX.o1, EX.o3):
        assert (obs, EX.refPeriod, Literal("2021", datatype=XSD.gYear)) in result


def test_normalise_adds_types_and_component_properties() -> None:
    result = normalise(cube(ABBREVIATED))
    assert (EX.o1, RDF.type, QB.Observation) in result
    assert (EX.ds, RDF.type, QB.DataSet) in result
    assert (EX.s2021, RDF.type, QB.Slice) in result
    assert set(result.objects(predicate=QB.componentProperty)) >= {
        EX.refArea,
        EX.refPeriod,
        EX.criminality,
        EX.unit,
    }


def test_normalise_returns_new_graph_and_leaves_input_alone() -> None:
    graph = cube(ABBREVIATED)
    snapshot = Graph()
    snapshot += graph
    result = normalise(graph)
    assert result is not graph
    assert isomorphic(graph, snapshot)
    assert all(triple in result for triple in graph)
    assert len(result) > len(graph)


def test_normalise_keeps_literal_lexical_forms() -> None:
    graph = well_formed('ex:o1 ex:note "007"^^xsd:integer .')
    assert (EX.o1, EX.note, Literal("007", datatype=XSD.integer)) in normalise(graph)


def test_normalise_is_idempotent() -> None:
    once = normalise(cube(ABBREVIATED))
    assert isomorphic(normalise(once), once)


# --- one negative case per constraint ------------------------------------------------------


def test_observation_without_dataset_violates_ic1() -> None:
    orphan = 'ex:o9 a qb:Observation ; ex:refArea ex:BOL ; ex:refPeriod "2021"^^xsd:gYear .'
    assert reported(well_formed(orphan)) == {"IC-1"}


def test_observation_in_two_datasets_violates_ic1() -> None:
    extra = "ex:ds2 a qb:DataSet ; qb:structure ex:dsd . ex:o3 qb:dataSet ex:ds2 ."
    assert reported(well_formed(extra)) == {"IC-1"}


def test_dataset_without_structure_violates_ic2() -> None:
    assert reported(well_formed("ex:ds2 a qb:DataSet .")) == {"IC-2"}


def test_structure_without_measure_violates_ic3() -> None:
    graph = well_formed()
    for component in list(graph.subjects(QB.measure, EX.criminality)):
        graph.remove((component, None, None))
        graph.remove((None, QB.component, component))
    assert reported(graph) == {"IC-3"}


def test_dimension_without_range_violates_ic4() -> None:
    graph = well_formed()
    graph.remove((EX.refPeriod, RDFS.range, None))
    violations = check_cube(graph)
    assert [v.constraint for v in violations] == ["IC-4"]
    assert violations[0].title == "Dimensions have range"
    assert str(EX.refPeriod) in violations[0].detail


def test_concept_dimension_without_code_list_violates_ic5() -> None:
    graph = well_formed()
    graph.remove((EX.refArea, QB.codeList, None))
    assert reported(graph) == {"IC-5"}


def test_optional_dimension_violates_ic6() -> None:
    graph = well_formed()
    component = next(graph.subjects(QB.dimension, EX.refPeriod))
    graph.add((component, QB.componentRequired, Literal(False)))
    assert reported(graph) == {"IC-6"}


def test_undeclared_slice_key_violates_ic7() -> None:
    extra = "ex:key a qb:SliceKey ; qb:componentProperty ex:refPeriod ."
    assert reported(well_formed(extra)) == {"IC-7"}


def test_slice_key_with_foreign_property_violates_ic8() -> None:
    extra = "ex:key a qb:SliceKey ; qb:componentProperty ex:elsewhere . ex:dsd qb:sliceKey ex:key ."
    assert reported(well_formed(extra)) == {"IC-8"}


def test_slice_without_structure_violates_ic9() -> None:
    extra = 'ex:ds qb:slice ex:s . ex:s ex:refPeriod "2021"^^xsd:gYear ; qb:observation ex:o1 .'
    assert reported(well_formed(extra)) == {"IC-9"}


def test_slice_missing_key_dimension_violates_ic10() -> None:
    extra = """
        ex:key a qb:SliceKey ; qb:componentProperty ex:refPeriod . ex:dsd qb:sliceKey ex:key .
        ex:ds qb:slice ex:s . ex:s qb:sliceStructure ex:key ; qb:observation ex:o1 .
    """
    assert reported(well_formed(extra)) == {"IC-10"}


def test_observation_missing_dimension_violates_ic11() -> None:
    extra = "ex:o4 a qb:Observation ; qb:dataSet ex:ds ; ex:refArea ex:BOL ; ex:criminality 5.0 ."
    violations = check_cube(well_formed(extra))
    assert [v.constraint for v in violations] == ["IC-11"]
    assert str(EX.o4) in violations[0].detail and str(EX.refPeriod) in violations[0].detail


def test_incomplete_observation_matching_shared_dimensions_also_violates_ic12() -> None:
    # The spec's IC-12 compares only the dimensions both observations have, so an
    # observation lacking refPeriod duplicates any other with the same refArea.
    extra = "ex:o4 a qb:Observation ; qb:dataSet ex:ds ; ex:refArea ex:COL ; ex:criminality 5.0 ."
    graph = well_formed(extra)
    assert reported(graph) == {"IC-11", "IC-12"}
    assert spec_query_violated(graph, "ic-12.rq")


def test_duplicate_observations_violate_ic12() -> None:
    extra = """ex:o4 a qb:Observation ; qb:dataSet ex:ds ;
        ex:refArea ex:PER ; ex:refPeriod "2021"^^xsd:gYear ; ex:criminality 9.9 ."""
    violations = check_cube(well_formed(extra))
    assert [v.constraint for v in violations] == ["IC-12"]
    assert violations[0].title == "No duplicate observations"
    assert str(EX.o1) in violations[0].detail and str(EX.o4) in violations[0].detail


def test_observations_equal_by_numeric_value_are_duplicates_under_ic12() -> None:
    graph = cube(
        """
        ex:rank a qb:DimensionProperty ; rdfs:range xsd:decimal .
        ex:criminality a qb:MeasureProperty ; rdfs:range xsd:decimal .
        ex:dsd a qb:DataStructureDefinition ;
            qb:component [ qb:dimension ex:rank ] , [ qb:measure ex:criminality ] .
        ex:ds a qb:DataSet ; qb:structure ex:dsd .
        ex:a qb:dataSet ex:ds ; ex:rank 1 ; ex:criminality 1.0 .
        ex:b qb:dataSet ex:ds ; ex:rank 1.0 ; ex:criminality 2.0 .
        """,
    )
    assert reported(graph) == {"IC-12"}
    assert spec_query_violated(graph, "ic-12.rq")


def test_missing_required_attribute_violates_ic13() -> None:
    graph = well_formed()
    component = next(graph.subjects(QB.attribute, EX.source))
    graph.set((component, QB.componentRequired, Literal(True)))
    violations = check_cube(graph)
    assert [v.constraint for v in violations] == ["IC-13"]
    assert str(EX.o2) in violations[0].detail


def test_observation_missing_measure_violates_ic14() -> None:
    graph = well_formed()
    graph.remove((EX.o2, EX.criminality, None))
    assert reported(graph) == {"IC-14"}


def test_measure_type_without_its_measure_violates_ic15() -> None:
    graph = cube(MEASURE_DIMENSION)
    graph.remove((EX.m2, EX.resilience, None))
    assert reported(graph) == {"IC-15"}


def test_two_measures_on_measure_dimension_observation_violate_ic16() -> None:
    graph = cube(MEASURE_DIMENSION)
    graph.add((EX.m1, EX.resilience, Literal(4.1)))
    assert reported(graph) == {"IC-16"}


def test_missing_measure_in_measure_dimension_cube_violates_ic17() -> None:
    graph = cube(MEASURE_DIMENSION)
    graph.remove((EX.m4, None, None))
    violations = check_cube(graph)
    assert [v.constraint for v in violations] == ["IC-17"]
    assert str(EX.m3) in violations[0].detail
    assert spec_query_violated(graph, "ic-17.rq")


def test_slice_observation_from_other_dataset_violates_ic18() -> None:
    extra = """
        ex:key a qb:SliceKey ; qb:componentProperty ex:refPeriod . ex:dsd qb:sliceKey ex:key .
        ex:ds2 a qb:DataSet ; qb:structure ex:dsd ; qb:slice ex:s .
        ex:s qb:sliceStructure ex:key ; ex:refPeriod "2021"^^xsd:gYear ; qb:observation ex:o1 .
    """
    assert reported(well_formed(extra)) == {"IC-18"}


def test_code_outside_code_list_violates_ic19() -> None:
    extra = """ex:o4 a qb:Observation ; qb:dataSet ex:ds ;
        ex:refArea ex:ATL ; ex:refPeriod "2021"^^xsd:gYear ; ex:criminality 1.0 ."""
    violations = check_cube(well_formed(extra))
    assert [v.constraint for v in violations] == ["IC-19"]
    assert str(EX.ATL) in violations[0].detail


def test_code_lists_as_collections_are_checked_by_ic19() -> None:
    graph = well_formed("ex:countries a skos:Collection ; skos:member ex:PER .")
    assert reported(graph) == {"IC-19"}  # ex:COL is in the scheme but not the collection


def test_hierarchical_code_list_accepts_reachable_codes() -> None:
    assert check_cube(cube(HIERARCHY, NARROWER)) == []
    assert check_cube(cube(HIERARCHY, BROADER)) == []


def test_code_unreachable_from_hierarchy_root_violates_ic20() -> None:
    graph = cube(
        HIERARCHY, NARROWER, "ex:h3 qb:dataSet ex:ds ; ex:region ex:ATL ; ex:criminality 1.0 ."
    )
    violations = check_cube(graph)
    assert [v.constraint for v in violations] == ["IC-20"]
    assert str(EX.ATL) in violations[0].detail


def test_code_unreachable_via_inverse_property_violates_ic21() -> None:
    graph = cube(
        HIERARCHY, BROADER, "ex:h3 qb:dataSet ex:ds ; ex:region ex:ATL ; ex:criminality 1.0 ."
    )
    assert reported(graph) == {"IC-21"}


def test_hierarchies_with_different_parent_child_properties_are_checked_separately() -> None:
    second = """
        ex:sector a qb:DimensionProperty ; rdfs:range skos:Concept ; qb:codeList ex:sectors .
        ex:sectors a qb:HierarchicalCodeList ; qb:hierarchyRoot ex:all ;
            qb:parentChildProperty ex:hasPart .
        ex:all ex:hasPart ex:drugs .
        ex:dsd qb:component [ qb:dimension ex:sector ] .
        ex:h1 ex:sector ex:drugs . ex:h2 ex:sector ex:drugs .
    """
    assert check_cube(cube(HIERARCHY, NARROWER, second)) == []


# --- the linear-time IC-12 and IC-17 agree with the spec's queries -------------------------


@pytest.mark.parametrize(
    "graph_text",
    [
        STRUCTURE + OBSERVATIONS,
        STRUCTURE + OBSERVATIONS + 'ex:o2 ex:refPeriod "2021"^^xsd:gYear .',  # o1, o2 duplicate
        STRUCTURE + OBSERVATIONS + 'ex:o1 ex:refPeriod "2023"^^xsd:gYear .',  # multi-valued
        STRUCTURE + OBSERVATIONS + "ex:o5 qb:dataSet ex:ds ; ex:refArea ex:BOL .",
        STRUCTURE + OBSERVATIONS + "ex:o5 qb:dataSet ex:ds ; ex:refArea ex:PER .",
        STRUCTURE + OBSERVATIONS + "ex:o5 qb:dataSet ex:ds . ex:o6 qb:dataSet ex:ds .",
        MEASURE_DIMENSION,
        MEASURE_DIMENSION + "ex:m9 qb:dataSet ex:ds ; qb:measureType ex:criminality .",
        MEASURE_DIMENSION + "ex:m1 ex:refArea ex:COL .",
        MEASURE_DIMENSION + "ex:m1 qb:measureType ex:resilience .",
        MEASURE_DIMENSION
        + "ex:m5 qb:dataSet ex:ds ; ex:refArea ex:BOL ; qb:measureType ex:criminality .",
    ],
)
def test_fast_duplicate_and_measure_checks_match_spec_queries(graph_text: str) -> None:
    graph = cube(graph_text)
    found = reported(graph)
    assert ("IC-12" in found) == spec_query_violated(graph, "ic-12.rq")
    assert ("IC-17" in found) == spec_query_violated(graph, "ic-17.rq")


# --- the model, the data files, performance ------------------------------------------------


def test_violation_is_frozen() -> None:
    violation = CubeViolation(constraint="IC-1", title="Unique DataSet", detail="x")
    with pytest.raises(ValidationError):
        violation.constraint = "IC-2"  # type: ignore[misc]


def test_every_query_file_names_its_constraint_and_the_spec() -> None:
    for number in range(1, 22):
        text = read_constraint_file(f"ic-{number:02d}.rq")
        assert text.startswith(f"# IC-{number}. ")
        assert "https://www.w3.org/TR/vocab-data-cube/" in text
        assert "ASK" in text
    for phase in ("normalise-phase1.ru", "normalise-phase2.ru"):
        text = read_constraint_file(phase)
        assert "#normalize-algorithm" in text and "INSERT" in text


def synthetic_cube(observations: int) -> Graph:
    areas = observations // 10 + 1
    lines = [STRUCTURE]
    lines += [f"ex:a{i} a skos:Concept ; skos:inScheme ex:countries ." for i in range(areas)]
    for i in range(observations):
        area, year = divmod(i, 10)
        lines.append(
            f"ex:x{i} qb:dataSet ex:ds ; ex:refArea ex:a{area} ; "
            f'ex:refPeriod "{2000 + year}"^^xsd:gYear ; ex:criminality {i}.5 .'
        )
    return cube(*lines)


def test_check_cube_finds_one_duplicate_among_thousands_of_observations() -> None:
    graph = synthetic_cube(3000)
    assert check_cube(graph) == []
    graph.add((EX.x2999, EX.refPeriod, Literal("2008", datatype=XSD.gYear)))
    graph.remove((EX.x2999, EX.refPeriod, Literal("2009", datatype=XSD.gYear)))
    assert reported(graph) == {"IC-12"}
