"""Frozen records passed between the pipeline stages.

Discovery yields documents, content extraction turns their bytes into an `ArticleContent`,
claim extraction turns its text into `Claims`; `Extraction` bundles both for the store. All
records are plain frozen dataclasses so that a distributed engine can ship them between
processes; none of them touches a file or a database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pipeline.timing import Timings

ARMS_TRANSFER = "arms_transfer"
TROOP_DEPLOYMENT = "troop_deployment"

ASSERTED, HEDGED, DENIED = "asserted", "hedged", "denied"
# how far a transfer has gone, from request to delivery (the export contract's `stage`)
STAGES = ("delivered", "delivering", "announced", "approved", "ordered", "pledged", "planned",
          "requested", "offered")


@dataclass(frozen=True)
class ArticleContent:
    """Main text and metadata of one document, as content extraction found them.

    `text` holds one paragraph a line; every offset stored downstream indexes into it.
    """

    text: str
    kind: str  # "html" or "text": how the document was read
    encoding: str  # the character encoding the bytes were decoded with
    title: str | None = None
    standfirst: str | None = None
    author: str | None = None
    published: dt.date | None = None
    site: str | None = None
    url: str | None = None
    language: str | None = None
    index_page: bool = False  # a page of teasers (a section front), not one article


@dataclass(frozen=True)
class Quantity:
    """A count as the text states it: "nearly 50" is value 50, approximate, qualifier "nearly";
    a range ("12-15 launchers") has no value, low 12 and upper 15."""

    value: int | None
    text: str
    approximate: bool = False
    qualifier: str | None = None
    unit: str | None = None
    upper: int | None = None  # the top of a range
    low: int | None = None  # the bottom of a range


@dataclass(frozen=True)
class Weapon:
    """A weapon system or generic weapon noun, with its contract category."""

    category: str
    name: str | None = None  # canonical system name ("M1978 Koksan") or the noun phrase
    system_id: str | None = None  # the `id` in weapons.jsonl, None for generic nouns
    calibre_mm: float | None = None
    text: str | None = None  # the article's words for it ("170mm self-propelled guns")


# what kind of source speaks (`Identity.kind`)
SOURCE_KINDS = ("government", "military", "intelligence", "person", "media", "anonymous",
                "document", "company", "organisation")


@dataclass(frozen=True)
class Identity:
    """The one name a source goes by across articles: "NIS" and "South Korea's spy agency"
    are both `kr-nis`, an intelligence service of South Korea."""

    id: str
    name: str  # the canonical name ("National Intelligence Service", "Lee Seong-kweun")
    kind: str | None = None  # one of SOURCE_KINDS, None when unknown
    country: str | None = None


@dataclass(frozen=True)
class Source:
    """Who a claim is attributed to; `via` lists intermediaries, outermost last; `text` is
    the text's words for the speaker ("he", "the spy agency") where they differ from `name`."""

    name: str
    via: tuple[str, ...] = ()
    cue: str | None = None
    identity: Identity | None = None
    text: str | None = None


@dataclass(frozen=True)
class EventDate:
    """A date as stated ("on Wednesday") and, where resolvable, as an ISO date with precision."""

    text: str
    value: dt.date | None = None
    precision: str | None = None  # "day", "month" or "year"


@dataclass(frozen=True)
class Event:
    """One reported arms transfer or troop deployment, with its evidence sentence."""

    type: str
    sentence: str
    start: int
    end: int
    supplier: str | None = None
    recipient: str | None = None
    weapon: Weapon | None = None
    quantity: Quantity | None = None
    location: str | None = None
    source: Source | None = None
    certainty: str = ASSERTED
    stage: str | None = None  # delivered, delivering, announced, approved, ordered, pledged...
    date: EventDate | None = None
    inferred: bool = False  # a side was taken from the article's dominant transfer


@dataclass(frozen=True)
class Attribution:
    """A statement attributed to a speaker, reported or quoted directly."""

    speaker: str
    cue: str | None
    direct: bool
    quote: str
    start: int
    end: int
    via: tuple[str, ...] = ()
    identity: Identity | None = None
    text: str | None = None  # the text's words for the speaker, where they differ


@dataclass(frozen=True)
class Claims:
    """Everything claim extraction found in one article."""

    events: tuple[Event, ...] = ()
    attributions: tuple[Attribution, ...] = ()


@dataclass(frozen=True)
class Extraction:
    """The result of extracting one document: content, claims and the status to store."""

    content: ArticleContent | None
    claims: Claims = field(default_factory=Claims)
    status: str = "ok"  # ok, no_article, index_page, not_english, failed, timed_out
    error: str | None = None
    stage: str | None = None  # where it failed: decode, content, claims, timeout
    timings: Timings = ()  # (stage, seconds) spent on this document


WORKER_DIED = "worker process died"  # how the error of a document whose worker died begins


def is_transient(status: str, error: str | None) -> bool:
    """Whether a failure may pass on another try: a time-out or a worker that died (killed for
    its memory, say), unlike a document that cannot be read."""
    return status == "timed_out" or (status == "failed" and (error or "").startswith(WORKER_DIED))


@dataclass(frozen=True)
class ReadDocument:
    """A document read up to its claims (see `pipeline.read`): its content, and the seconds
    per stage reading it took."""

    content: ArticleContent
    timings: Timings
    holds_claim: bool = True  # False: only its attributions are read (see `Settings`)
