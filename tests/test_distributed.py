"""ockg build --scheduler: each document extracted on a Dask cluster, the output byte-identical.

The cluster is a scheduler and two worker processes on loopback (127.0.0.1), started once for
the module and always stopped; every wait is bounded.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.build import build_corpus
from kg.errors import Code, OckgError
from kg.report import build_report_json, write_outputs
from tests.corpora import make_corpus
from tests.timebound import time_bound

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]
COMMAND = [sys.executable, "-m", "kg.cli", "build", "-f", "ttl", "-f", "nt"]
NOTES = {
    "ecuador.txt": "Los Choneros and Los Lobos fight over cocaine routes through Guayaquil.\n",
    "mexico.txt": "The Sinaloa Cartel traffics fentanyl from Culiacán to the United States.\n",
    "italy.txt": "The 'Ndrangheta imports cocaine through the port of Gioia Tauro.\n",
}


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A local Dask cluster on loopback: its scheduler's address."""
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        scheduler_port=0,
        dashboard_address=None,
        silence_logs=logging.ERROR,
        timeout=120,
    )
    try:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        yield cluster.scheduler_address
    finally:
        cluster.close(timeout=60)


@pytest.fixture()
def corpus(tmp_path: Path, peru_path: Path) -> Path:
    return make_corpus(tmp_path / "corpus", peru_path, NOTES)


@time_bound(300)
def test_a_dask_build_is_byte_identical_to_a_local_build(corpus: Path, scheduler: str) -> None:
    local = build_corpus([corpus])
    remote = build_corpus([corpus], scheduler=scheduler)
    assert remote.triples > 1000
    assert remote.ntriples == local.ntriples
    assert [r.model_dump() for r in remote.reports] == [r.model_dump() for r in local.reports]
    ran_on = distributed.Client(scheduler, timeout=30, set_as_default=False)
    try:
        assert len(ran_on.scheduler_info()["workers"]) == 2
    finally:
        ran_on.close()


def test_the_cli_builds_on_the_cluster_and_writes_the_local_outputs(
    corpus: Path, scheduler: str, tmp_path: Path
) -> None:
    local = build_corpus([corpus])
    expected = tmp_path / "local"
    write_outputs(local, expected, ["ttl", "nt"], report=build_report_json(local))
    out = tmp_path / "dask"
    done = subprocess.run(
        [*COMMAND, str(corpus), "--out", str(out), "-q", "--scheduler", scheduler],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    for name in ("graph.ttl", "graph.nt"):
        assert (out / name).read_bytes() == (expected / name).read_bytes(), name


@time_bound(300)
def test_a_bad_document_on_a_worker_stops_the_build_with_its_coded_error(
    corpus: Path, peru_path: Path, scheduler: str
) -> None:
    text = peru_path.read_text(encoding="utf-8")
    (corpus / "broken.txt").write_text(text.replace("9.000.00", "9.0x0.00", 1), encoding="utf-8")
    with pytest.raises(OckgError) as caught:
        build_corpus([corpus], scheduler=scheduler, nlp=False)
    assert caught.value.code is Code.E101
    assert caught.value.path is not None and caught.value.path.endswith("broken.txt")


@time_bound(300)
def test_a_worker_with_other_versions_stops_the_build(
    corpus: Path, scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.contribution

    monkeypatch.setattr(kg.contribution, "versions", lambda: "0.0.0|another ockg")
    with pytest.raises(OckgError) as caught:
        build_corpus([corpus], scheduler=scheduler, nlp=False)
    assert caught.value.code is Code.E215


@time_bound(120)
def test_an_unreachable_scheduler_is_a_coded_error_and_nothing_is_written(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    import kg.executors

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setattr(kg.executors, "DASK_CONNECT_TIMEOUT", 3)
    with pytest.raises(OckgError) as caught:
        build_corpus([corpus], scheduler=f"tcp://127.0.0.1:{port}", nlp=False)
    assert caught.value.code is Code.E214
    assert f"127.0.0.1:{port}" in str(caught.value)
