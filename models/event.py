"""Events (arms transfers, troop deployments), attributed statements found in articles, and
the canonical sources both point to."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base

KINDS = ("government, military, intelligence, person, media, anonymous, document, company or "
         "organisation")  # the kinds of source


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer, comment="order of the event within its article")
    type: Mapped[str] = mapped_column(
        String(30), index=True, comment="arms_transfer or troop_deployment")
    supplier: Mapped[str | None] = mapped_column(
        String(80), index=True, comment="country sending weapons or troops; null if unstated")
    recipient: Mapped[str | None] = mapped_column(
        String(80), index=True, comment="country receiving them; null if unstated")
    inferred: Mapped[bool] = mapped_column(
        Boolean, comment="a side was taken from the article's dominant transfer, not the sentence")
    weapon_name: Mapped[str | None] = mapped_column(
        Text, comment="canonical system name (M1978 Koksan) or the generic noun")
    weapon_text: Mapped[str | None] = mapped_column(
        Text, comment="the article's words for the item, e.g. 170mm self-propelled guns")
    weapon_system_id: Mapped[str | None] = mapped_column(
        String(80), index=True, comment="id of the system in weapons.jsonl; null for nouns")
    weapon_category: Mapped[str | None] = mapped_column(
        String(40), comment="contract category, e.g. self-propelled artillery")
    calibre_mm: Mapped[float | None] = mapped_column(Float, comment="calibre in millimetres")
    quantity: Mapped[int | None] = mapped_column(
        Integer, comment="count stated; null if none or a range")
    quantity_low: Mapped[int | None] = mapped_column(Integer, comment="bottom of a stated range")
    quantity_upper: Mapped[int | None] = mapped_column(Integer, comment="top of a stated range")
    quantity_approximate: Mapped[bool | None] = mapped_column(
        Boolean, comment="the count was hedged (nearly, about, more than)")
    quantity_qualifier: Mapped[str | None] = mapped_column(
        String(40), comment="the approximator word(s), e.g. nearly")
    quantity_unit: Mapped[str | None] = mapped_column(Text, comment="what was counted")
    quantity_text: Mapped[str | None] = mapped_column(Text, comment="the count as written")
    location: Mapped[str | None] = mapped_column(Text, comment="place named for the event")
    source_name: Mapped[str | None] = mapped_column(
        Text, comment="body or person the claim is attributed to")
    source_via: Mapped[str | None] = mapped_column(
        Text, comment="JSON list of intermediaries, e.g. [\"Lee Seong-kweun\"]")
    source_cue: Mapped[str | None] = mapped_column(String(40), comment="cue word, e.g. said")
    source_id: Mapped[str | None] = mapped_column(
        String(120), index=True,
        comment="canonical source (sources.id), one for all the names of one body or person")
    source_kind: Mapped[str | None] = mapped_column(
        String(20), comment=KINDS)
    source_country: Mapped[str | None] = mapped_column(
        String(80), comment="the source's country, when known")
    source_text: Mapped[str | None] = mapped_column(
        Text, comment="the text's words for the source where they differ from source_name")
    certainty: Mapped[str] = mapped_column(String(10), comment="asserted, hedged or denied")
    stage: Mapped[str | None] = mapped_column(
        String(12), index=True, comment="delivered, delivering, announced, approved, ordered, "
        "pledged, planned, requested or offered")
    event_date: Mapped[dt.date | None] = mapped_column(
        Date, index=True, comment="date the event happened, resolved against publication")
    date_precision: Mapped[str | None] = mapped_column(String(10), comment="day, month or year")
    date_text: Mapped[str | None] = mapped_column(Text, comment="the date words as written")
    sentence: Mapped[str] = mapped_column(Text, comment="evidence sentence")
    start: Mapped[int] = mapped_column(Integer, comment="offset of sentence in articles.text")
    end: Mapped[int] = mapped_column(Integer, comment="end offset of sentence in articles.text")


class Attribution(Base):
    __tablename__ = "attributions"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer, comment="order within its article")
    speaker: Mapped[str] = mapped_column(Text, index=True, comment="person or body speaking")
    via: Mapped[str | None] = mapped_column(Text, comment="JSON list of intermediaries")
    cue: Mapped[str | None] = mapped_column(String(40), comment="cue word, e.g. said")
    direct: Mapped[bool] = mapped_column(Boolean, comment="a direct quote, not reported speech")
    quote: Mapped[str] = mapped_column(Text, comment="what was said")
    source_id: Mapped[str | None] = mapped_column(
        String(120), index=True,
        comment="canonical speaker (sources.id), one for all the names of one body or person")
    kind: Mapped[str | None] = mapped_column(
        String(20), comment=KINDS)
    country: Mapped[str | None] = mapped_column(String(80), comment="the speaker's country")
    speaker_text: Mapped[str | None] = mapped_column(
        Text, comment="the text's words for the speaker where they differ from speaker")
    start: Mapped[int] = mapped_column(Integer, comment="offset of the statement in articles.text")
    end: Mapped[int] = mapped_column(Integer, comment="end offset in articles.text")


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[str] = mapped_column(
        String(120), primary_key=True,
        comment="canonical id: a body's id in bodies.jsonl (kr-nis), person:<full name>, "
                "government:<country>, anonymous:<country>:<noun> ...")
    name: Mapped[str] = mapped_column(Text, comment="canonical name, e.g. National "
                                                    "Intelligence Service")
    kind: Mapped[str | None] = mapped_column(
        String(20), index=True, comment=KINDS)
    country: Mapped[str | None] = mapped_column(String(80), comment="its country, when known")
