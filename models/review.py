"""Analysts' reviews of events: confirmations, rejections and corrections, kept apart from the
extracted rows and keyed by a stable event key so that they outlive re-extraction."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class Review(Base):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(
        String(64), comment="the reviewed event's article content (articles.content_hash)")
    sentence_start: Mapped[int] = mapped_column(
        Integer, comment="offset of the event's sentence in the article text (events.start)")
    sentence_end: Mapped[int] = mapped_column(
        Integer, comment="end offset of the event's sentence (events.end)")
    mention: Mapped[str] = mapped_column(
        Text, comment="the event's mention: type:item words:count words, as extracted")
    mention_n: Mapped[int] = mapped_column(
        Integer, comment="0 for the first event of its sentence with that mention, 1 for the next")
    event_id: Mapped[int | None] = mapped_column(
        Integer, comment="events.id when the review was made (ids change on re-extraction)")
    action: Mapped[str] = mapped_column(String(10), comment="confirm, reject or correct")
    field: Mapped[str | None] = mapped_column(
        String(20), comment="the corrected field: supplier, recipient, item, system, category, "
                            "quantity, stage, certainty or source; null for confirm and reject")
    old_value: Mapped[str | None] = mapped_column(Text, comment="the field's value before")
    new_value: Mapped[str | None] = mapped_column(
        Text, comment="the field's value after; null means unstated")
    note: Mapped[str | None] = mapped_column(Text, comment="the reviewer's reason")
    reviewer: Mapped[str] = mapped_column(Text, comment="who reviewed")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, comment="UTC time of the review")

    __table_args__ = (
        Index("ix_reviews_event_key", "content_hash", "sentence_start", "sentence_end"),
        {"comment": "analysts' reviews of events; the extracted rows are never changed"},
    )
