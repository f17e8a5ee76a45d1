"""--jobs N: documents handed out to worker processes; the output is byte-identical to --jobs 1."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from kg.build import build_corpus
from kg.errors import Code, OckgError
from kg.executors import _longest_first, run_processes
from kg.read import read_document
from tests.corpora import make_corpus

NOTES = {
    "ecuador.txt": "Los Choneros and Los Lobos fight over cocaine routes through Guayaquil.\n",
    "mexico.txt": "The Sinaloa Cartel traffics fentanyl from Culiacán to the United States.\n",
    "italy.txt": "The 'Ndrangheta imports cocaine through the port of Gioia Tauro.\n",
    "nigeria.txt": "Black Axe cults run sextortion schemes from Benin City and Lagos.\n",
    "brazil.txt": "The PCC ships cocaine from Santos to Antwerp and fights the Comando Vermelho.\n",
}


@pytest.fixture()
def corpus(tmp_path: Path, peru_path: Path) -> Path:
    return make_corpus(tmp_path / "corpus", peru_path, NOTES)


def test_jobs_give_byte_identical_output_and_reports(corpus: Path) -> None:
    serial = build_corpus([corpus], jobs=1)
    assert len(serial.reports) == 6 and serial.triples > 1000
    for jobs in (2, 3):
        parallel = build_corpus([corpus], jobs=jobs)
        assert parallel.ntriples == serial.ntriples
        assert [r.model_dump() for r in parallel.reports] == [
            r.model_dump() for r in serial.reports
        ]


def test_every_document_is_handed_out_once_longest_first(corpus: Path) -> None:
    documents = [read_document(p) for p in sorted(corpus.glob("*.txt"))]
    tasks = [(d, None, False) for d in documents]
    order = _longest_first(tasks)
    assert documents[order[0]].path.endswith("peru_2025.txt")
    assert sorted(order) == list(range(len(tasks)))
    positions = [position for position, _ in run_processes(tasks, 2)]
    assert sorted(positions) == list(range(len(tasks)))


def test_a_bad_document_in_a_worker_stops_the_build_with_its_coded_error(
    corpus: Path, peru_path: Path
) -> None:
    text = peru_path.read_text(encoding="utf-8")
    assert "9.000.00" in text
    (corpus / "broken.txt").write_text(text.replace("9.000.00", "9.0x0.00", 1), encoding="utf-8")
    with pytest.raises(OckgError) as caught:
        build_corpus([corpus], jobs=2, nlp=False)
    assert caught.value.code is Code.E101
    assert caught.value.path is not None and caught.value.path.endswith("broken.txt")
    assert caught.value.line is not None


def test_coded_errors_survive_pickling_whole() -> None:
    error = OckgError(Code.E101, "cannot read '9.0x0.00'", path="a/b.txt", line=104)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.code, copy.detail, copy.path, copy.line) == (
        Code.E101,
        error.detail,
        "a/b.txt",
        104,
    )
    assert str(copy) == str(error)


def test_a_scheduler_without_dask_installed_is_a_coded_error(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(OckgError) as caught:
        build_corpus([corpus], scheduler="tcp://127.0.0.1:8786", nlp=False)
    assert caught.value.code is Code.E220
    assert "ockg[distributed]" in str(caught.value)
