"""tag_many on a Dask cluster through joblib's Dask backend (optional extra: pip install geotag[dask])."""

from __future__ import annotations

import pytest

import geotag

distributed = pytest.importorskip("distributed", reason="install the 'dask' extra to run the Dask test")


@pytest.mark.dask
def test_tag_many_on_a_local_dask_cluster_matches_sequential(smoke_rows: list[dict[str, object]]) -> None:
    import joblib

    texts = [str(r["text"]) for r in smoke_rows] * 3
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster),
        joblib.parallel_config(backend="dask"),
    ):
        remote = list(geotag.tag_many(texts, n_jobs=2, batch_size=16))
    assert remote == [geotag.tag(t) for t in texts]


def test_tag_many_with_two_processes_matches_sequential(smoke_rows: list[dict[str, object]]) -> None:
    texts = [str(r["text"]) for r in smoke_rows] * 3
    assert list(geotag.tag_many(texts, n_jobs=2, batch_size=16)) == [geotag.tag(t) for t in texts]
