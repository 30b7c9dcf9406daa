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
from distributed import Client, Future, LocalCluster, wait
from distributed.client import FuturesCancelledError

from pipeline.cluster import ClusterError, parse_cluster
from pipeline.cluster.plugin import SpacyPlugin, extract_task
from pipeline.records import WORKER_DIED, Extraction
from pipeline.ruleset import ruleset_version
from pipeline.run.workers import Job
from pipeline.settings import Settings, spacy_model

CONNECT_TIMEOUT_S = 30
IN_FLIGHT_PER_WORKER = 4
POLL_S = 1.0


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
        """Each job with its extraction, in the order they finish."""
        jobs = iter(jobs)
        first = next(jobs, None)
        if first is None:
            return  # nothing new: no cluster, no model loaded
        client = self._start()
        window = IN_FLIGHT_PER_WORKER * max(1, sum(client.nthreads().values()))
        pending: dict[Future, Job] = {}
        upcoming: Job | None = first
        while upcoming is not None or pending:
            while upcoming is not None and len(pending) < window:
                pending[client.submit(extract_task, upcoming.data, self.settings,
                                      key=f"salvo-{upcoming.key}")] = upcoming
                upcoming = next(jobs, None)
            for future in self._finished(client, pending):
                yield pending.pop(future), self._result(future)

    def _start(self) -> Client:
        """Start or reach the cluster and load the pipeline on every worker."""
        try:
            if self.local_workers is not None:
                # the statistical profiler samples each worker every 10 ms, competing with the
                # parse for the GIL: off in the workers we start
                dask.config.set({"distributed.worker.profile.enabled": False})
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

    def _finished(self, client: Client, pending: dict[Future, Job]) -> list[Future]:
        """The futures done, once at least one is; `ClusterError` when the scheduler is gone."""
        while True:
            try:
                done, _ = wait(list(pending), timeout=POLL_S, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done = set()
            except FuturesCancelledError as exc:  # the client lost the scheduler
                raise ClusterError(self._lost()) from exc
            if client.status not in ("running", "connecting"):
                raise ClusterError(self._lost())
            lost = [f for f in done if f.status == "cancelled"]
            if lost:
                raise ClusterError(self._lost())
            if done:
                return list(done)

    def _result(self, future: Future) -> Extraction:
        try:
            return future.result()
        except FuturesCancelledError as exc:
            raise ClusterError(self._lost()) from exc
        except Exception as exc:  # noqa: BLE001 - the task's boundary: a KilledWorker (its
            # workers died, a document that kills them, say) or an error in shipping it
            return Extraction(None, status="failed", stage="worker",
                              error=f"{WORKER_DIED} (Dask: {type(exc).__name__}: {exc})"[:2000])

    def _lost(self) -> str:
        where = self.address or "of the local cluster"
        return (f"lost the Dask scheduler {where}; the documents stored so far stay, the next "
                "run does the rest")


def _dask_loggers() -> list[str]:
    return ["distributed", *(name for name in logging.root.manager.loggerDict
                             if name.startswith("distributed."))]
