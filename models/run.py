"""Ingest runs and the per-document errors they recorded."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class Run(Base):
    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, comment="UTC start time")
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, comment="UTC end time")
    status: Mapped[str] = mapped_column(
        String(12), comment="running, ok, partial (some documents failed), fatal, "
                            "interrupted (by a signal) or aborted (ended without closing the run)")
    exit_code: Mapped[int | None] = mapped_column(Integer, comment="the process exit code")
    command: Mapped[str] = mapped_column(Text, comment="the inputs and options of the run")
    salvo_version: Mapped[str] = mapped_column(String(20))
    ruleset_version: Mapped[str] = mapped_column(String(40))
    attributions: Mapped[str | None] = mapped_column(
        String(10), comment="where speech was read: claims (around events), arms (articles "
                            "with an arms event) or all (every English article)")
    files_seen: Mapped[int] = mapped_column(Integer, default=0, comment="article files found")
    extracted: Mapped[int] = mapped_column(Integer, default=0, comment="documents extracted")
    unchanged: Mapped[int] = mapped_column(
        Integer, default=0, comment="files skipped as already stored")
    duplicates: Mapped[int] = mapped_column(
        Integer, default=0, comment="new paths whose content was already stored")
    failed: Mapped[int] = mapped_column(Integer, default=0, comment="documents with an error")
    events: Mapped[int] = mapped_column(Integer, default=0, comment="events stored by this run")
    skipped: Mapped[int] = mapped_column(
        Integer, default=0, server_default="0",
        comment="WARC responses passed over: not HTML, or a status other than 200")
    message: Mapped[str | None] = mapped_column(Text, comment="fatal error, if any")


class DocumentError(Base):
    __tablename__ = "document_errors"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(Text, comment="the file the error concerns")
    content_hash: Mapped[str | None] = mapped_column(String(64), comment="its content, if read")
    stage: Mapped[str] = mapped_column(
        String(20), comment="read, decode, content, claims, timeout or store")
    error: Mapped[str] = mapped_column(Text, comment="what went wrong, in words")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
