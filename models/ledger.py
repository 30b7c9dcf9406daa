"""The claim ledger: events grouped into claims and series, and articles grouped into copies.

Every row here is derived from `events` and `articles` by `pipeline.ledger` and can be rebuilt
from them at any time; the views `claims`, `claim_events`, `estimate_history`, `flows` and
`commitments` (migration 0005) are what analysts read.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class LedgerEvent(Base):
    """One event as the ledger reads it: its item, claim, series, basis and flags."""

    __tablename__ = "ledger_events"

    # no foreign key: a row outlives its event until the next refresh, which finds it gone
    event_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False,
                                          comment="the event (events.id)")
    article_id: Mapped[int] = mapped_column(Integer, index=True, comment="its article")
    event_key: Mapped[str] = mapped_column(
        Text, comment="stable key: the article's content_hash and the sentence's offsets")
    unit: Mapped[str] = mapped_column(
        Text, index=True, comment="type, sides and item family: the events grouped together")
    claim_id: Mapped[str] = mapped_column(String(16), index=True, comment="its claim")
    type: Mapped[str] = mapped_column(String(30), comment="arms_transfer or troop_deployment")
    supplier: Mapped[str | None] = mapped_column(String(80), comment="sending country")
    recipient: Mapped[str | None] = mapped_column(String(80), comment="receiving country")
    item_key: Mapped[str] = mapped_column(Text, comment="the item: system id, category and "
                                          "calibre, or troops")
    item: Mapped[str] = mapped_column(Text, comment="the item's label")
    phase: Mapped[str] = mapped_column(String(12), comment="commitment or delivery")
    stage: Mapped[str | None] = mapped_column(String(12), comment="the event's stage")
    step: Mapped[str | None] = mapped_column(
        String(12), comment="pledged, approved, ordered or delivered: its column in commitments")
    basis: Mapped[str] = mapped_column(String(12), comment="total, additional or unknown")
    value: Mapped[int | None] = mapped_column(Integer, comment="the figure reported")
    value_low: Mapped[int | None] = mapped_column(Integer, comment="bottom of the figure")
    value_high: Mapped[int | None] = mapped_column(Integer, comment="top of the figure")
    approximate: Mapped[bool | None] = mapped_column(Boolean, comment="the figure was hedged")
    as_of: Mapped[dt.date | None] = mapped_column(Date, comment="date the figure refers to")
    reported_on: Mapped[dt.date | None] = mapped_column(Date, comment="publication date")
    source: Mapped[str | None] = mapped_column(Text, comment="the original source")
    outlet: Mapped[str | None] = mapped_column(
        Text, comment="the publishing site, else the URL's host; null if neither is known")
    certainty: Mapped[str] = mapped_column(String(10), comment="asserted, hedged or denied")
    position: Mapped[int] = mapped_column(Integer, comment="order within the series")
    flags: Mapped[str] = mapped_column(Text, comment="JSON list: revision, conflict, increment")

    __table_args__ = (
        Index("ix_ledger_events_series", "supplier", "recipient", "item_key", "position"),
        {"comment": "each event as the claim ledger reads it"},
    )


class LedgerClaim(Base):
    """One claim: the events that state the same thing, with what the reports say of it."""

    __tablename__ = "ledger_claims"

    claim_id: Mapped[str] = mapped_column(String(16), primary_key=True,
                                          comment="stable id from the claim's content")
    unit: Mapped[str] = mapped_column(Text, index=True, comment="as in ledger_events")
    type: Mapped[str] = mapped_column(String(30), comment="arms_transfer or troop_deployment")
    supplier: Mapped[str | None] = mapped_column(String(80), index=True)
    recipient: Mapped[str | None] = mapped_column(String(80), index=True)
    item_key: Mapped[str] = mapped_column(Text, comment="as in ledger_events")
    item: Mapped[str] = mapped_column(Text, comment="the item's label")
    weapon_system_id: Mapped[str | None] = mapped_column(String(80), comment="system id")
    category: Mapped[str | None] = mapped_column(String(40), comment="weapon category")
    calibre_mm: Mapped[float | None] = mapped_column(Float, comment="calibre in millimetres")
    phase: Mapped[str] = mapped_column(String(12), comment="commitment or delivery")
    stage: Mapped[str | None] = mapped_column(String(12), comment="the furthest stage reported")
    basis: Mapped[str] = mapped_column(String(12), comment="additional for an increment, else "
                                       "total")
    events: Mapped[int] = mapped_column(Integer, comment="events that state it")
    articles: Mapped[int] = mapped_column(Integer, comment="distinct articles")
    outlets: Mapped[int] = mapped_column(Integer, comment="distinct sites")
    independent_outlets: Mapped[int] = mapped_column(Integer, comment="sites, copies once")
    sources: Mapped[int] = mapped_column(Integer, comment="distinct original sources")
    source_names: Mapped[str | None] = mapped_column(Text, comment="those sources, '; '")
    outlet_names: Mapped[str | None] = mapped_column(Text, comment="the sites, '; '")
    first_source: Mapped[str | None] = mapped_column(Text, comment="who said it first")
    quantity_low: Mapped[int | None] = mapped_column(Integer, comment="lowest figure")
    quantity_high: Mapped[int | None] = mapped_column(Integer, comment="highest figure")
    quantity_latest: Mapped[int | None] = mapped_column(Integer, comment="latest figure")
    first_reported: Mapped[dt.date | None] = mapped_column(Date, comment="first publication")
    last_reported: Mapped[dt.date | None] = mapped_column(Date, comment="last publication")
    asserted: Mapped[int] = mapped_column(Integer, comment="events stated as fact")
    hedged: Mapped[int] = mapped_column(Integer, comment="events stated with hedging")
    denied: Mapped[int] = mapped_column(Integer, comment="events denied")

    __table_args__ = ({"comment": "claims: events across articles that state the same thing"},)


class ArticleCopy(Base):
    """An article's text sketch and the group of near-copies (syndicated text) it is in."""

    __tablename__ = "article_copies"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    sketch: Mapped[str] = mapped_column(Text, comment="bottom-k hashes of its word shingles")
    copy_group: Mapped[str] = mapped_column(
        String(64), index=True, comment="content_hash of the group's original (earliest)")

    __table_args__ = ({"comment": "near-duplicate groups of articles (syndicated copies)"},)


class ArticleAnchor(Base):
    """The smallest shingle hashes of an article, to find its candidate copies by index."""

    __tablename__ = "article_anchors"

    anchor: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True,
        autoincrement=False)


class LedgerState(Base):
    """What the stored ledger was built with (the version of its rules)."""

    __tablename__ = "ledger_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
