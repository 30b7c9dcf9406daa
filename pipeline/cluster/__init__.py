"""Extraction on a Dask cluster: `salvo ingest --cluster local:N` or `--cluster tcp://HOST:8786`.

`pool.DaskPool` hands documents to Dask workers and yields their results to the run's one
writer, as `pipeline.run.workers.WorkerPool` does with local processes; `plugin.SpacyPlugin`
loads the spaCy pipeline once in each worker, and the task is `extract_document` as it is.
Dask is imported only when a cluster is asked for.
"""

from __future__ import annotations


class ClusterError(RuntimeError):
    """The Dask cluster cannot be reached, cannot extract, or went away during the run."""


def parse_cluster(spec: str) -> tuple[int | None, str | None]:
    """`local:N` -> (N, None); a scheduler address (`tcp://host:8786`) -> (None, address).
    Raises ValueError for anything else."""
    if spec.startswith("local:"):
        count = spec.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise ValueError(f"--cluster {spec!r}: local: takes a number of workers, e.g. local:2")
        return int(count), None
    if "://" in spec and spec.split("://", 1)[1]:
        return None, spec
    raise ValueError(f"--cluster {spec!r} is neither local:N nor a scheduler address "
                     "such as tcp://host:8786")
