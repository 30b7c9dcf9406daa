"""Run settings: one options object passed down the stages instead of many keyword arguments."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_DB = "salvo.db"
MiB = 1024 * 1024


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


def default_db() -> str:
    """The database named by SALVO_DB, else ./salvo.db."""
    return os.environ.get("SALVO_DB") or DEFAULT_DB
