"""Documents to Dask workers, their extractions back to the run's one writer.

`DaskPool(settings)` has the shape of `pipeline.run.workers.WorkerPool`: a context manager
whose `map(jobs)` yields (job, extraction) as they finish. It starts a LocalCluster of N worker
processes (`local:N`, one thread each) or connects to a scheduler, once the first document
needs extracting, and registers `SpacyPlugin`. Documents go in batches, a task each, and at
most a few documents per worker are in flight, so that a WARC file of any size streams
through. A worker that dies loses nothing: Dask runs its tasks again elsewhere (the store's
upserts make a result stored twice harmless); a batch whose workers died `allowed-failures`
times is sent again one document a task, and a document whose workers died again comes back
as a failure that is tried again on the next run. A scheduler that goes away ends the run with
`ClusterError`. The per-document time limit (`--timeout`) is not enforced on a cluster: Dask
cannot stop a task's thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator

import dask
from distributed import Client, Future, LocalCluster, WorkerPlugin, as_completed

from pipeline.cluster import ClusterError, parse_cluster
from pipeline.cluster.plugin import SpacyPlugin, extract_batch
from pipeline.records import WORKER_DIED, Extraction, ReadDocument
from pipeline.ruleset import ruleset_version
from pipeline.run.workers import Job
from pipeline.settings import Settings, spacy_model

CONNECT_TIMEOUT_S = 30
IN_FLIGHT_PER_WORKER = 8  # documents
BATCH_DOCUMENTS = 4

BatchTask = Callable[[list[bytes | ReadDocument], Settings], list[Extraction]]


class DaskPool:
    """Extraction on the Dask cluster `settings.cluster` names."""

    def __init__(self, settings: Settings, task: BatchTask = extract_batch,
                 plugin: WorkerPlugin | None = None) -> None:
        """`task` and `plugin` (default: `SpacyPlugin` for the run's model) are what the
        workers run; tests give their own."""
        self.settings = settings
        self.task = task
        self.plugin = plugin
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
        """Each job with its extraction, in the order their batches finish.

        Documents go to the workers in batches of up to `BATCH_DOCUMENTS`: a Dask task costs
        the scheduler and the client a few milliseconds of CPU, on the cores the workers use,
        whatever its size. Results are fetched from the workers in the background
        (`as_completed` with results), and the next batches are sent before a result is handed
        back, so the workers go on while the caller stores it. A batch whose workers died is
        sent again one document a task, so that only the document that kills them fails.
        """
        jobs = iter(jobs)
        upcoming = next(jobs, None)
        if upcoming is None:
            return  # nothing new: no cluster, no model loaded
        client = self._start()
        window = IN_FLIGHT_PER_WORKER * max(1, sum(client.nthreads().values()))
        finished = as_completed(with_results=True, raise_errors=False)
        pending: dict[Future, list[Job]] = {}

        def submit(batch: list[Job]) -> None:
            future = client.submit(self.task, [job.data for job in batch], self.settings,
                                   key=f"salvo-{batch[0].key}-{len(batch)}")
            pending[future] = batch
            finished.add(future)

        def fill() -> None:
            nonlocal upcoming
            while upcoming is not None and sum(map(len, pending.values())) < window:
                batch = []
                while upcoming is not None and len(batch) < BATCH_DOCUMENTS:
                    batch.append(upcoming)
                    upcoming = next(jobs, None)
                submit(batch)

        fill()
        for future, result in finished:
            batch = pending.pop(future)
            if self._died(future) and len(batch) > 1:
                for job in batch:
                    submit([job])
                continue
            fill()
            yield from zip(batch, self._extractions(future, result, len(batch)), strict=True)

    def _start(self) -> Client:
        """Start or reach the cluster and load the pipeline on every worker."""
        try:
            if self.local_workers is not None:
                # the statistical profiler samples each worker every 10 ms, competing with the
                # parse for the GIL: off in the workers we start. A worker holds one batch at
                # a time, the rest wait on the scheduler: a worker that dies then takes no
                # other batch down with it.
                dask.config.set({"distributed.worker.profile.enabled": False,
                                 "distributed.scheduler.worker-saturation": 1.0})
                self._cluster = LocalCluster(
                    n_workers=self.local_workers, threads_per_worker=1, processes=True,
                    dashboard_address=None, scheduler_port=0, silence_logs=logging.ERROR)
                self._client = Client(self._cluster)
            else:
                self._client = Client(self.address, timeout=CONNECT_TIMEOUT_S)
            self._client.register_plugin(
                self.plugin or SpacyPlugin(spacy_model(self.settings), ruleset_version()))
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler {self.address}: {exc}") from exc
        except Exception as exc:  # noqa: BLE001 - whatever a worker raised in the plugin's
            # setup (a model missing, other rules) ends the run with its message
            raise ClusterError(f"the Dask workers cannot extract: {type(exc).__name__}: "
                               f"{exc}") from exc
        if not self._client.nthreads():
            raise ClusterError(f"the Dask scheduler {self.address} has no workers")
        return self._client

    def _died(self, future: Future) -> bool:
        if future.cancelled():  # the client lost the scheduler
            raise ClusterError(self._lost())
        return future.status == "error"

    def _extractions(self, future: Future, result: object, size: int) -> list[Extraction]:
        """The batch's results; a task that failed (a KilledWorker: its workers died, on a
        document that kills them, say) is a transient failure of its document."""
        if not self._died(future):
            return result
        _type, exc, _traceback = result
        return [Extraction(None, status="failed", stage="worker",
                           error=f"{WORKER_DIED} (Dask: {type(exc).__name__}: {exc})"[:2000])
                ] * size

    def _lost(self) -> str:
        where = self.address or "of the local cluster"
        return (f"lost the Dask scheduler {where}; the documents stored so far stay, the next "
                "run does the rest")


def _dask_loggers() -> list[str]:
    return ["distributed", *(name for name in logging.root.manager.loggerDict
                             if name.startswith("distributed."))]
