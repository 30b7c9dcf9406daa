"""The worker plugin: each Dask worker loads the spaCy pipeline and the language classifier
once, runs the warm-up documents, and checks that its rules are the client's; the task then
runs `extract_document` with that pipeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from distributed import WorkerPlugin, get_worker

from pipeline.records import Extraction, ReadDocument
from pipeline.settings import Settings

if TYPE_CHECKING:
    from distributed import Worker

PLUGIN_NAME = "salvo-extractor"


class SpacyPlugin(WorkerPlugin):
    """Loads what extraction needs once per worker; refuses a worker whose salvo rules differ
    from the client's (its results would be stored under the wrong ruleset version)."""

    name = PLUGIN_NAME

    def __init__(self, model: str, ruleset: str) -> None:
        self.model = model
        self.ruleset = ruleset
        self.nlp = None

    def setup(self, worker: Worker) -> None:
        from pipeline.claims.nlp.factory import shared_pipeline
        from pipeline.ruleset import ruleset_version
        from pipeline.run.warmup import warm_up

        if ruleset_version() != self.ruleset:
            raise RuntimeError(f"worker {worker.address} has salvo rules {ruleset_version()}, "
                               f"the client {self.ruleset}: install the same salvo on both")
        self.nlp = shared_pipeline(self.model)
        warm_up(self.model)


def extract_batch(documents: list[bytes | ReadDocument], settings: Settings) -> list[Extraction]:
    """The Dask task: documents' bytes to their `Extraction`s, with the worker's pipeline."""
    from pipeline.extract import extract_document

    plugin = get_worker().plugins[PLUGIN_NAME]
    return [extract_document(data, settings, lambda: plugin.nlp) for data in documents]
