"""Analysts' reviews: the `reviews` table, and views that show the reviewed values.

- `reviews`: one row per confirmation, rejection or correction of one field, keyed by the stable
  event key (article content hash, sentence offsets, mention and its number in the sentence),
  so that a review finds its event again after `salvo ingest --force` or a rules change.
- `review_state` (view): per event key, the latest value of each corrected field and the verdict.
- `reviewed_events` (view): `events` with the reviewed values, a `reviewed` flag and `review`
  (confirmed, corrected or rejected). Both views are portable SQL (SQLite and PostgreSQL).
- `event_facts` reads `reviewed_events` (rejected events left out) and shows
  `reviewed` and `review`; `supplier_recipient_summary` names its sources from `event_facts`.
  The other views read `event_facts`, so they show reviewed values too.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

KEY = ("content_hash", "sentence_start", "sentence_end", "mention", "mention_n")
CORRECTABLE = ("supplier", "recipient", "item", "system", "category", "quantity", "stage",
               "certainty", "source")


def _latest(field: str) -> str:
    pick = f"field = '{field}' AND field_n = 1"
    return (f"max(CASE WHEN {pick} THEN 1 ELSE 0 END) AS {field}_set, "
            f"max(CASE WHEN {pick} THEN new_value END) AS {field}")


REVIEW_STATE = f"""
CREATE VIEW review_state AS
WITH ranked AS (
    SELECT r.*,
           row_number() OVER (PARTITION BY {", ".join(KEY)}, field ORDER BY id DESC) AS field_n,
           row_number() OVER (PARTITION BY {", ".join(KEY)} ORDER BY id DESC) AS n
    FROM reviews r
)
SELECT {", ".join(KEY)},
       CASE WHEN max(CASE WHEN n = 1 AND action = 'reject' THEN 1 ELSE 0 END) = 1 THEN 'rejected'
            WHEN max(CASE WHEN action = 'correct' THEN 1 ELSE 0 END) = 1 THEN 'corrected'
            ELSE 'confirmed' END AS review,
       count(*) AS reviews, max(created_at) AS last_reviewed,
       {(", " + chr(10) + "       ").join(_latest(f) for f in CORRECTABLE)}
FROM ranked
GROUP BY {", ".join(KEY)}
"""


def mention(alias: str) -> str:
    """SQL for an event's mention: its type, item words and count words as extracted."""
    return (f"{alias}.type || ':' || coalesce({alias}.weapon_text, '') || ':' || "
            f"coalesce({alias}.quantity_text, '')")


def _at_key(review: str) -> str:
    """SQL: `review` (with content_hash, sentence_start, sentence_end, mention, mention_n) is
    at the key of event e of article a. "+ 0" and "|| ''" keep the database from looking
    reviews up by anything but content and start: the mention and its number are computed
    only for the few events that have a review there."""
    return f"""{review}.content_hash = a.content_hash AND {review}.sentence_start = e.start
   AND {review}.sentence_end + 0 = e."end" AND {review}.mention || '' = {mention("e")}
   AND {review}.mention_n + 0 = (SELECT count(*) FROM events d
                      WHERE d.article_id = e.article_id AND d.start = e.start
                        AND d."end" = e."end" AND d.seq < e.seq
                        AND {mention("d")} = {mention("e")})"""


def _reviewed(column: str, field: str, cast: str | None = None) -> str:
    value = f"CAST(s.{field} AS {cast})" if cast else f"s.{field}"
    return f"CASE WHEN s.{field}_set = 1 THEN {value} ELSE e.{column} END AS {column}"


def _unless_source(column: str) -> str:
    """A corrected source is a name of the analyst's: no canonical id, kind or country."""
    return f"CASE WHEN s.source_set = 1 THEN NULL ELSE e.{column} END AS {column}"


def _quantity_part(column: str) -> str:
    return f"CASE WHEN s.quantity_set = 1 THEN NULL ELSE e.{column} END AS {column}"


EVENT_COLUMNS = ("id", "article_id", "seq", "type", "supplier", "recipient", "inferred",
                 "weapon_name", "weapon_text", "weapon_system_id", "weapon_category",
                 "calibre_mm", "quantity", "quantity_low", "quantity_upper",
                 "quantity_approximate", "quantity_qualifier", "quantity_unit", "quantity_text",
                 "location", "source_name", "source_via", "source_cue", "source_id",
                 "source_kind", "source_country", "source_text", "certainty", "stage",
                 "event_date", "date_precision", "date_text", "sentence", "start", "end")

# Two parts: the events no review is about, with their columns as they are (so that a filter
# on event_facts still uses the indexes of `events`), and the few that are reviewed, with
# their reviewed values.
REVIEWED_EVENTS = f"""
CREATE VIEW reviewed_events AS
SELECT {", ".join(f'e."{c}"' for c in EVENT_COLUMNS)}, 0 AS reviewed, NULL AS review
FROM events e
WHERE NOT EXISTS (SELECT 1 FROM articles a JOIN reviews r ON r.content_hash = a.content_hash
                  WHERE a.id = e.article_id AND {_at_key("r")})
UNION ALL
SELECT
    e.id, e.article_id, e.seq, e.type,
    {_reviewed("supplier", "supplier")}, {_reviewed("recipient", "recipient")},
    e.inferred,
    {_reviewed("weapon_name", "item")}, e.weapon_text,
    {_reviewed("weapon_system_id", "system")}, {_reviewed("weapon_category", "category")},
    e.calibre_mm,
    {_reviewed("quantity", "quantity", "INTEGER")},
    {_quantity_part("quantity_low")}, {_quantity_part("quantity_upper")},
    e.quantity_approximate, e.quantity_qualifier, e.quantity_unit, e.quantity_text,
    e.location,
    {_reviewed("source_name", "source")},
    CASE WHEN s.source_set = 1 THEN '[]' ELSE e.source_via END AS source_via,
    e.source_cue,
    {_unless_source("source_id")}, {_unless_source("source_kind")},
    {_unless_source("source_country")}, {_reviewed("source_text", "source")},
    {_reviewed("certainty", "certainty")}, {_reviewed("stage", "stage")},
    e.event_date, e.date_precision, e.date_text, e.sentence, e.start, e."end",
    1 AS reviewed, s.review
FROM review_state s
JOIN articles a ON a.content_hash = s.content_hash
JOIN events e ON e.article_id = a.id AND {_at_key("s")}
"""

FACTS_FROM = ("FROM events e\nJOIN articles a ON a.id = e.article_id",
              "FROM reviewed_events e\nJOIN articles a ON a.id = e.article_id\n"
              "WHERE e.review IS NULL OR e.review <> 'rejected'")
FACTS_COLUMNS = ("e.certainty, e.stage,", "e.certainty, e.stage, e.reviewed, e.review,")
SUMMARY_SOURCES = ("SELECT DISTINCT type, supplier, recipient, source_name FROM events\n",
                   "SELECT DISTINCT type, supplier, recipient, source_name FROM event_facts\n")


def _sqlite() -> bool:
    return op.get_context().dialect.name == "sqlite"


def _postgres() -> bool:
    return op.get_context().dialect.name == "postgresql"


def _remake_postgres_views(*changes: tuple[str, str]) -> None:
    """Drop event_facts and the views on it, and make them again as 0003 left them, with each
    (old, new) text of `changes` replaced where it occurs (0003's own remaking)."""
    stage_0003 = op.get_context().script.get_revision("0003").module
    stage_0003._remake_postgres_views(True, *changes)


def _replace_view(name: str, *changes: tuple[str, str]) -> None:
    """Make view `name` again with each (old, new) text replaced in its stored SQL."""
    sql = op.get_bind().execute(sa.text(
        "SELECT sql FROM sqlite_master WHERE type = 'view' AND name = :name"),
        {"name": name}).scalar_one()
    for old, new in changes:
        if old not in sql:
            raise RuntimeError(f"{name} is not the view this migration knows")
        sql = sql.replace(old, new)
    op.execute(f"DROP VIEW {name}")
    op.execute(sql)


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False, comment="the reviewed event's article content (articles.content_hash)"),
        sa.Column("sentence_start", sa.Integer(), nullable=False, comment="offset of the event's sentence in the article text (events.start)"),
        sa.Column("sentence_end", sa.Integer(), nullable=False, comment="end offset of the event's sentence (events.end)"),
        sa.Column("mention", sa.Text(), nullable=False, comment="the event's mention: type:item words:count words, as extracted"),
        sa.Column("mention_n", sa.Integer(), nullable=False, comment="0 for the first event of its sentence with that mention, 1 for the next"),
        sa.Column("event_id", sa.Integer(), nullable=True, comment="events.id when the review was made (ids change on re-extraction)"),
        sa.Column("action", sa.String(length=10), nullable=False, comment="confirm, reject or correct"),
        sa.Column("field", sa.String(length=20), nullable=True, comment="the corrected field: supplier, recipient, item, system, category, quantity, stage, certainty or source; null for confirm and reject"),
        sa.Column("old_value", sa.Text(), nullable=True, comment="the field's value before"),
        sa.Column("new_value", sa.Text(), nullable=True, comment="the field's value after; null means unstated"),
        sa.Column("note", sa.Text(), nullable=True, comment="the reviewer's reason"),
        sa.Column("reviewer", sa.Text(), nullable=False, comment="who reviewed"),
        sa.Column("created_at", sa.DateTime(), nullable=False, comment="UTC time of the review"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        comment="analysts' reviews of events; the extracted rows are never changed",
    )
    op.create_index("ix_reviews_event_key", "reviews",
                    ["content_hash", "sentence_start", "sentence_end"], unique=False)
    op.execute(REVIEW_STATE)
    op.execute(REVIEWED_EVENTS)
    if _sqlite():
        _replace_view("event_facts", FACTS_FROM, FACTS_COLUMNS)
        _replace_view("supplier_recipient_summary", SUMMARY_SOURCES)
    elif _postgres():
        _remake_postgres_views(FACTS_FROM, FACTS_COLUMNS, SUMMARY_SOURCES)


def downgrade() -> None:
    if _sqlite():
        _replace_view("supplier_recipient_summary", SUMMARY_SOURCES[::-1])
        _replace_view("event_facts", FACTS_COLUMNS[::-1], FACTS_FROM[::-1])
    elif _postgres():
        _remake_postgres_views()
    op.execute("DROP VIEW reviewed_events")
    op.execute("DROP VIEW review_state")
    op.drop_index("ix_reviews_event_key", table_name="reviews")
    op.drop_table("reviews")
