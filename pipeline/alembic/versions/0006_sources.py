"""Canonical sources: one id for all the names of one body or person, and the speech mode.

- Table `sources` (id, name, kind, country): one row per canonical source, written by the
  store as it meets them.
- `events` gain source_id, source_kind, source_country and source_text; `attributions` gain
  source_id, kind, country and speaker_text (the text's words where they differ).
- `runs.attributions`: where the run read reported speech (claims, arms or all).
- Views `source_claims` (per source: events, articles, attributions) and `source_flows` (per
  source and flow: events and articles), in portable SQL.

Columns are added in place (no table rebuild, hence no foreign key from source_id to
`sources`: SQLite cannot add one in place), so the views and triggers of 0002 stay.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

KINDS = ("government, military, intelligence, person, media, anonymous, document, company "
         "or organisation")

SOURCE_CLAIMS = """
CREATE VIEW source_claims AS
SELECT
    s.id AS source_id, s.name, s.kind, s.country,
    (SELECT count(*) FROM events e WHERE e.source_id = s.id) AS events,
    (SELECT count(DISTINCT e.article_id) FROM events e WHERE e.source_id = s.id)
        AS event_articles,
    (SELECT count(*) FROM attributions t WHERE t.source_id = s.id) AS attributions,
    (SELECT count(DISTINCT t.article_id) FROM attributions t WHERE t.source_id = s.id)
        AS articles
FROM sources s
"""

SOURCE_FLOWS = """
CREATE VIEW source_flows AS
SELECT
    e.source_id, s.name, s.kind, s.country, e.type, e.supplier, e.recipient,
    count(*) AS events, count(DISTINCT e.article_id) AS articles,
    min(e.event_date) AS first_date, max(e.event_date) AS last_date
FROM events e
JOIN sources s ON s.id = e.source_id
GROUP BY e.source_id, s.name, s.kind, s.country, e.type, e.supplier, e.recipient
"""


def _source_columns(prefix: str, kind: str, country: str) -> list[sa.Column]:
    return [
        sa.Column("source_id", sa.String(length=120), nullable=True, comment="canonical "
                  f"{prefix} (sources.id), one for all the names of one body or person"),
        sa.Column(kind, sa.String(length=20), nullable=True, comment=KINDS),
        sa.Column(country, sa.String(length=80), nullable=True,
                  comment="the source's country, when known" if prefix == "source"
                  else "the speaker's country"),
    ]


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.String(length=120), nullable=False, comment="canonical id: a body's "
                  "id in bodies.jsonl (kr-nis), person:<full name>, government:<country>, "
                  "anonymous:<country>:<noun> ..."),
        sa.Column("name", sa.Text(), nullable=False,
                  comment="canonical name, e.g. National Intelligence Service"),
        sa.Column("kind", sa.String(length=20), nullable=True, comment=KINDS),
        sa.Column("country", sa.String(length=80), nullable=True,
                  comment="its country, when known"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
    )
    op.create_index(op.f("ix_sources_kind"), "sources", ["kind"])
    for column in _source_columns("source", "source_kind", "source_country"):
        op.add_column("events", column)
    op.add_column("events", sa.Column("source_text", sa.Text(), nullable=True, comment="the "
                                      "text's words for the source where they differ from "
                                      "source_name"))
    for column in _source_columns("speaker", "kind", "country"):
        op.add_column("attributions", column)
    op.add_column("attributions", sa.Column("speaker_text", sa.Text(), nullable=True,
                                            comment="the text's words for the speaker where "
                                                    "they differ from speaker"))
    op.create_index(op.f("ix_events_source_id"), "events", ["source_id"])
    op.create_index(op.f("ix_attributions_source_id"), "attributions", ["source_id"])
    op.add_column("runs", sa.Column("attributions", sa.String(length=10), nullable=True,
                                    comment="where speech was read: claims (around events), "
                                            "arms (articles with an arms event) or all "
                                            "(every English article)"))
    op.execute(SOURCE_CLAIMS)
    op.execute(SOURCE_FLOWS)


def downgrade() -> None:
    op.execute("DROP VIEW source_flows")
    op.execute("DROP VIEW source_claims")
    op.drop_column("runs", "attributions")
    op.drop_index(op.f("ix_attributions_source_id"), table_name="attributions")
    op.drop_index(op.f("ix_events_source_id"), table_name="events")
    for table, columns in (("attributions", ("source_id", "kind", "country", "speaker_text")),
                           ("events", ("source_id", "source_kind", "source_country",
                                       "source_text"))):
        for column in columns:
            op.drop_column(table, column)
    op.drop_index(op.f("ix_sources_kind"), table_name="sources")
    op.drop_table("sources")
