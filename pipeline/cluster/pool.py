"""Documents to Dask workers, their extractions back to the run's one writer.

`DaskPool(settings)` has the shape of `pipeline.run.workers.WorkerPool`: a context manager
whose `map(jobs)` yields (job, extraction) as they finish. It starts a LocalCluster of N worker
processes (`local:N`, one thread each) or connects to a scheduler, once the first document
needs extracting, and registers `SpacyPlugin`. At most a few documents per worker are in
flight, so that a WARC file of any size streams through. A worker that dies loses nothing:
Dask runs its tasks again elsewhere (the store's upserts make a result stored twice
harmless); a document whose workers died `allowed-failures` times comes back as a failure
that is tried again on the next run. A scheduler that goes away ends the run with
`ClusterError`. The per-document time limit (`--timeout`) is not enforced on a cluster: Dask
cannot stop a task's thread.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

import dask
from distributed import Client, Future, LocalCluster, as_completed

from pipeline.cluster import ClusterError, parse_cluster
from pipeline.cluster.plugin import SpacyPlugin, extract_task
from pipeline.records import WORKER_DIED, Extraction
from pipeline.ruleset import ruleset_version
from pipeline.run.workers import Job
from pipeline.settings import Settings, spacy_model

CONNECT_TIMEOUT_S = 30
IN_FLIGHT_PER_WORKER = 8


class DaskPool:
    """Extraction on the Dask cluster `settings.cluster` names."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.local_workers, self.address = parse_cluster(settings.cluster or "")
        self._cluster: LocalCluster | None = None
        self._client: Client | None = None

    def __enter__(self) -> DaskPool:
        # Dask logs a lost connection with tracebacks; the run reports it in one line
        self._log_levels = {name: logging.getLogger(name).level for name in _dask_loggers()}
        for name in self._log_levels:
            logging.getLogger(name).setLevel(logging.CRITICAL)
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            if self._client is not None:
                self._client.close(timeout=10)
            if self._cluster is not None:
                self._cluster.close(timeout=10)
        finally:
            for name, level in self._log_levels.items():
                logging.getLogger(name).setLevel(level)

    def map(self, jobs: Iterable[Job]) -> Iterator[tuple[Job, Extraction]]:
        """Each job with its extraction, in the order they finish.

        Results are fetched from the workers in the background (`as_completed` with results),
        and the next documents are sent before a result is handed back, so the workers go on
        while the caller stores it.
        """
        jobs = iter(jobs)
        upcoming = next(jobs, None)
        if upcoming is None:
            return  # nothing new: no cluster, no model loaded
        client = self._start()
        window = IN_FLIGHT_PER_WORKER * max(1, sum(client.nthreads().values()))
        finished = as_completed(with_results=True, raise_errors=False)
        pending: dict[Future, Job] = {}

        def fill() -> None:
            nonlocal upcoming
            while upcoming is not None and len(pending) < window:
                future = client.submit(extract_task, upcoming.data, self.settings,
                                       key=f"salvo-{upcoming.key}")
                pending[future] = upcoming
                finished.add(future)
                upcoming = next(jobs, None)

        fill()
        for future, result in finished:
            job = pending.pop(future)
            fill()
            yield job, self._extraction(future, result)

    def _start(self) -> Client:
        """Start or reach the cluster and load the pipeline on every worker."""
        try:
            if self.local_workers is not None:
                # the statistical profiler samples each worker every 10 ms, competing with the
                # parse for the GIL: off in the workers we start. Every document in the window
                # goes to a worker at once (no queuing on the scheduler), so a worker never
                # waits for the scheduler's next message between two documents.
                dask.config.set({"distributed.worker.profile.enabled": False,
                                 "distributed.scheduler.worker-saturation": float("inf")})
                self._cluster = LocalCluster(
                    n_workers=self.local_workers, threads_per_worker=1, processes=True,
                    dashboard_address=None, scheduler_port=0, silence_logs=logging.ERROR)
                self._client = Client(self._cluster)
            else:
                self._client = Client(self.address, timeout=CONNECT_TIMEOUT_S)
            plugin = SpacyPlugin(spacy_model(self.settings), ruleset_version())
            self._client.register_plugin(plugin)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler {self.address}: {exc}") from exc
        except Exception as exc:  # noqa: BLE001 - whatever a worker raised in the plugin's
            # setup (a model missing, other rules) ends the run with its message
            raise ClusterError(f"the Dask workers cannot extract: {type(exc).__name__}: "
                               f"{exc}") from exc
        if not self._client.nthreads():
            raise ClusterError(f"the Dask scheduler {self.address} has no workers")
        return self._client

    def _extraction(self, future: Future, result: object) -> Extraction:
        """The task's result; a task that failed (a KilledWorker: its workers died, on a
        document that kills them, say) is a transient failure of its document."""
        if future.cancelled():  # the client lost the scheduler
            raise ClusterError(self._lost())
        if future.status == "error":
            _type, exc, _traceback = result
            return Extraction(None, status="failed", stage="worker",
                              error=f"{WORKER_DIED} (Dask: {type(exc).__name__}: {exc})"[:2000])
        return result

    def _lost(self) -> str:
        where = self.address or "of the local cluster"
        return (f"lost the Dask scheduler {where}; the documents stored so far stay, the next "
                "run does the rest")


def _dask_loggers() -> list[str]:
    return ["distributed", *(name for name in logging.root.manager.loggerDict
                             if name.startswith("distributed."))]
