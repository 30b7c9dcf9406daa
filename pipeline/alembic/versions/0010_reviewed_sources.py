"""Source views count reviewed events: `source_claims` and `source_flows` read
`reviewed_events`, so an event an analyst rejected counts for no source, and an event whose
source an analyst corrected counts for the corrected source's name only (it has no canonical
id). Portable SQL, as 0006's.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

KEPT = "(e.review IS NULL OR e.review <> 'rejected')"

SOURCE_CLAIMS = f"""
CREATE VIEW source_claims AS
SELECT
    s.id AS source_id, s.name, s.kind, s.country,
    (SELECT count(*) FROM reviewed_events e WHERE e.source_id = s.id AND {KEPT}) AS events,
    (SELECT count(DISTINCT e.article_id) FROM reviewed_events e
     WHERE e.source_id = s.id AND {KEPT}) AS event_articles,
    (SELECT count(*) FROM attributions t WHERE t.source_id = s.id) AS attributions,
    (SELECT count(DISTINCT t.article_id) FROM attributions t WHERE t.source_id = s.id)
        AS articles
FROM sources s
"""

SOURCE_FLOWS = f"""
CREATE VIEW source_flows AS
SELECT
    e.source_id, s.name, s.kind, s.country, e.type, e.supplier, e.recipient,
    count(*) AS events, count(DISTINCT e.article_id) AS articles,
    min(e.event_date) AS first_date, max(e.event_date) AS last_date
FROM reviewed_events e
JOIN sources s ON s.id = e.source_id
WHERE {KEPT}
GROUP BY e.source_id, s.name, s.kind, s.country, e.type, e.supplier, e.recipient
"""


def _make(claims: str, flows: str) -> None:
    op.execute("DROP VIEW source_flows")
    op.execute("DROP VIEW source_claims")
    op.execute(claims)
    op.execute(flows)


def upgrade() -> None:
    _make(SOURCE_CLAIMS, SOURCE_FLOWS)


def downgrade() -> None:
    sources_0006 = op.get_context().script.get_revision("0006").module
    _make(sources_0006.SOURCE_CLAIMS, sources_0006.SOURCE_FLOWS)
