"""Articles (one per distinct content) and the source paths that held each content."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(
        String(64), unique=True,
        comment="SHA-256 of the file's bytes; one row per distinct content")
    status: Mapped[str] = mapped_column(
        String(20), index=True,
        comment="ok, no_article, not_english, failed or timed_out")
    error: Mapped[str | None] = mapped_column(Text, comment="why extraction failed, if it did")
    kind: Mapped[str | None] = mapped_column(String(10), comment="html or text, from the content")
    encoding: Mapped[str | None] = mapped_column(
        String(40), comment="charset the bytes were read with")
    byte_size: Mapped[int] = mapped_column(BigInteger, comment="size of the file in bytes")
    url: Mapped[str | None] = mapped_column(Text, comment="canonical URL stated by the page")
    title: Mapped[str | None] = mapped_column(Text, comment="headline")
    standfirst: Mapped[str | None] = mapped_column(Text, comment="summary line under the headline")
    author: Mapped[str | None] = mapped_column(Text, comment="byline")
    published: Mapped[dt.date | None] = mapped_column(
        Date, index=True, comment="publication date stated by the article; null if none stated")
    site: Mapped[str | None] = mapped_column(Text, comment="name of the publishing site")
    language: Mapped[str | None] = mapped_column(String(12), comment="ISO 639-1 code, e.g. en")
    text: Mapped[str | None] = mapped_column(
        Text, comment="clean article body, one paragraph a line; offsets index into it")
    ruleset_version: Mapped[str] = mapped_column(
        String(40), comment="version of the extraction rules that produced this row")
    attempts: Mapped[int] = mapped_column(
        Integer, server_default="1",
        comment="extractions of this content with its ruleset; a time-out or a worker that "
                "died is tried again until --max-attempts")
    extracted_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True,
                                                      comment="UTC time of extraction")
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("runs.id", ondelete="SET NULL"), comment="the ingest run that extracted it")

    paths: Mapped[list[ArticlePath]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True)


class ArticlePath(Base):
    __tablename__ = "article_paths"

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(
        Text, unique=True,
        comment="absolute path of a source file, or <WARC file>#<WARC-Record-ID> for a record")
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True,
        comment="the article this file's current content is")
    size: Mapped[int] = mapped_column(BigInteger, comment="file size when last read")
    mtime_ns: Mapped[int] = mapped_column(
        BigInteger, comment="file modification time (ns) when last read")
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime, comment="UTC time first ingested")
    last_read: Mapped[dt.datetime] = mapped_column(DateTime, comment="UTC time last read")
    fetched_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime, comment="a WARC record's WARC-Date (UTC); null for files")

    article: Mapped[Article] = relationship(back_populates="paths")

    __table_args__ = ({"comment": "every source path that held an article's content"},)

