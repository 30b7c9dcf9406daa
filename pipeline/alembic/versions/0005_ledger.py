"""The claim ledger: events grouped into claims and series, articles into near-copies.

- Tables, all derived from `events` and `articles` by `pipeline.ledger` and rebuilt from them
  at will: `ledger_events` (each event as the ledger reads it: item, claim, series position,
  basis, flags), `ledger_claims` (one row a claim with its counts), `article_copies` and
  `article_anchors` (text sketches and near-duplicate groups), `ledger_state`.
- Views for analysts: `claims`, `claim_events`, `estimate_history`, `flows`, `commitments`.
  Their SQL is portable (no SQLite functions), so they are made on every database.
  `claim_events` and `estimate_history` read `events` and `articles`: a later migration that
  rebuilds either table (batch_alter_table's copy-and-rename on SQLite) or drops a column they
  read must drop these views first and create them again afterwards, as for those of 0002.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# a NULL date last in a descending order, on SQLite and PostgreSQL alike
_LATEST_FIRST = "CASE WHEN {0} IS NULL THEN 1 ELSE 0 END, {0} DESC"

CLAIMS = """
CREATE VIEW claims AS
SELECT claim_id, type, supplier, recipient, item, item_key, weapon_system_id, category,
       calibre_mm, phase, stage, basis, events, articles, outlets, independent_outlets,
       sources, source_names, outlet_names, first_source, quantity_low, quantity_high,
       quantity_latest, first_reported, last_reported, asserted, hedged, denied
FROM ledger_claims
"""

CLAIM_EVENTS = """
CREATE VIEW claim_events AS
SELECT l.claim_id, l.event_id, l.article_id, e.seq, l.item, l.stage, l.certainty, l.basis,
       l.value, l.value_low, l.value_high, l.approximate, e.quantity_text, l.as_of,
       l.reported_on, l.source, l.outlet AS site, c.copy_group, a.title, a.url, e.sentence,
       e.start, e."end"
FROM ledger_events l
JOIN events e ON e.id = l.event_id
JOIN articles a ON a.id = l.article_id
LEFT JOIN article_copies c ON c.article_id = l.article_id
"""

ESTIMATE_HISTORY = """
CREATE VIEW estimate_history AS
SELECT l.supplier, l.recipient, l.type, l.item_key, l.item, c.category, c.calibre_mm,
       l.position, l.value, l.value_low, l.value_high, l.approximate, e.quantity_text, l.basis,
       l.as_of, l.reported_on, l.source, l.outlet AS site, l.article_id, l.event_id,
       l.claim_id, l.phase, l.stage, l.certainty, l.flags, a.url, e.sentence
FROM ledger_events l
JOIN events e ON e.id = l.event_id
JOIN articles a ON a.id = l.article_id
JOIN ledger_claims c ON c.claim_id = l.claim_id
WHERE l.value IS NOT NULL
"""

FLOWS = f"""
CREATE VIEW flows AS
WITH ranked AS (
    SELECT l.*, row_number() OVER (
        PARTITION BY l.type, l.supplier, l.recipient
        ORDER BY {_LATEST_FIRST.format("l.reported_on")}, l.event_key) AS n
    FROM ledger_events l
)
SELECT r.type, r.supplier, r.recipient,
       count(DISTINCT r.claim_id) AS claims,
       count(DISTINCT r.item_key) AS items,
       count(DISTINCT r.article_id) AS articles,
       count(DISTINCT CASE WHEN r.phase = 'commitment' THEN r.claim_id END) AS commitment_claims,
       count(DISTINCT CASE WHEN r.phase = 'delivery' THEN r.claim_id END) AS delivery_claims,
       min(r.reported_on) AS first_reported,
       max(r.reported_on) AS last_reported,
       max(CASE WHEN r.n = 1 THEN r.item END) AS latest_item,
       max(CASE WHEN r.n = 1 THEN r.stage END) AS latest_stage,
       max(CASE WHEN r.n = 1 THEN r.value END) AS latest_value,
       max(CASE WHEN r.n = 1 THEN r.source END) AS latest_source,
       max(CASE WHEN r.n = 1 THEN r.outlet END) AS latest_site,
       max(CASE WHEN r.n = 1 THEN r.claim_id END) AS latest_claim_id
FROM ranked r
GROUP BY r.type, r.supplier, r.recipient
"""

_STEPS = ("pledged", "approved", "ordered", "delivered")


def _step_columns(step: str) -> str:
    pick = f"CASE WHEN f.step = '{step}' THEN f.{{0}} END"
    return (f"max({pick.format('value')}) AS {step},\n       "
            f"max({pick.format('source')}) AS {step}_source,\n       "
            f"max({pick.format('reported_on')}) AS {step}_reported")


_STEP_COLUMNS = ",\n       ".join(_step_columns(step) for step in _STEPS)

COMMITMENTS = f"""
CREATE VIEW commitments AS
WITH figures AS (
    SELECT l.*, row_number() OVER (
        PARTITION BY l.type, l.supplier, l.recipient, l.item_key, l.step
        ORDER BY CASE WHEN l.value IS NULL THEN 1 ELSE 0 END, l.position DESC) AS n
    FROM ledger_events l
    WHERE l.step IS NOT NULL AND l.basis <> 'additional'
)
SELECT f.type, f.supplier, f.recipient, f.item_key, max(f.item) AS item,
       {_STEP_COLUMNS}
FROM figures f
WHERE f.n = 1
GROUP BY f.type, f.supplier, f.recipient, f.item_key
"""

VIEWS = {"claims": CLAIMS, "claim_events": CLAIM_EVENTS, "estimate_history": ESTIMATE_HISTORY,
         "flows": FLOWS, "commitments": COMMITMENTS}


def upgrade() -> None:
    op.create_table('ledger_claims',
    sa.Column('claim_id', sa.String(length=16), nullable=False, comment="stable id from the claim's content"),
    sa.Column('unit', sa.Text(), nullable=False, comment='as in ledger_events'),
    sa.Column('type', sa.String(length=30), nullable=False, comment='arms_transfer or troop_deployment'),
    sa.Column('supplier', sa.String(length=80), nullable=True),
    sa.Column('recipient', sa.String(length=80), nullable=True),
    sa.Column('item_key', sa.Text(), nullable=False, comment='as in ledger_events'),
    sa.Column('item', sa.Text(), nullable=False, comment="the item's label"),
    sa.Column('weapon_system_id', sa.String(length=80), nullable=True, comment='system id'),
    sa.Column('category', sa.String(length=40), nullable=True, comment='weapon category'),
    sa.Column('calibre_mm', sa.Float(), nullable=True, comment='calibre in millimetres'),
    sa.Column('phase', sa.String(length=12), nullable=False, comment='commitment or delivery'),
    sa.Column('stage', sa.String(length=12), nullable=True, comment='the furthest stage reported'),
    sa.Column('basis', sa.String(length=12), nullable=False, comment='additional for an increment, else total'),
    sa.Column('events', sa.Integer(), nullable=False, comment='events that state it'),
    sa.Column('articles', sa.Integer(), nullable=False, comment='distinct articles'),
    sa.Column('outlets', sa.Integer(), nullable=False, comment='distinct sites'),
    sa.Column('independent_outlets', sa.Integer(), nullable=False, comment='sites, copies once'),
    sa.Column('sources', sa.Integer(), nullable=False, comment='distinct original sources'),
    sa.Column('source_names', sa.Text(), nullable=True, comment="those sources, '; '"),
    sa.Column('outlet_names', sa.Text(), nullable=True, comment="the sites, '; '"),
    sa.Column('first_source', sa.Text(), nullable=True, comment='who said it first'),
    sa.Column('quantity_low', sa.Integer(), nullable=True, comment='lowest figure'),
    sa.Column('quantity_high', sa.Integer(), nullable=True, comment='highest figure'),
    sa.Column('quantity_latest', sa.Integer(), nullable=True, comment='latest figure'),
    sa.Column('first_reported', sa.Date(), nullable=True, comment='first publication'),
    sa.Column('last_reported', sa.Date(), nullable=True, comment='last publication'),
    sa.Column('asserted', sa.Integer(), nullable=False, comment='events stated as fact'),
    sa.Column('hedged', sa.Integer(), nullable=False, comment='events stated with hedging'),
    sa.Column('denied', sa.Integer(), nullable=False, comment='events denied'),
    sa.PrimaryKeyConstraint('claim_id', name=op.f('pk_ledger_claims')),
    comment='claims: events across articles that state the same thing'
    )
    with op.batch_alter_table('ledger_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_claims_recipient'), ['recipient'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_claims_supplier'), ['supplier'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_claims_unit'), ['unit'], unique=False)

    op.create_table('ledger_events',
    sa.Column('event_id', sa.Integer(), autoincrement=False, nullable=False, comment='the event (events.id)'),
    sa.Column('article_id', sa.Integer(), nullable=False, comment='its article'),
    sa.Column('event_key', sa.Text(), nullable=False, comment="stable key: the article's content_hash and the sentence's offsets"),
    sa.Column('unit', sa.Text(), nullable=False, comment='type, sides and item family: the events grouped together'),
    sa.Column('claim_id', sa.String(length=16), nullable=False, comment='its claim'),
    sa.Column('type', sa.String(length=30), nullable=False, comment='arms_transfer or troop_deployment'),
    sa.Column('supplier', sa.String(length=80), nullable=True, comment='sending country'),
    sa.Column('recipient', sa.String(length=80), nullable=True, comment='receiving country'),
    sa.Column('item_key', sa.Text(), nullable=False, comment='the item: system id, category and calibre, or troops'),
    sa.Column('item', sa.Text(), nullable=False, comment="the item's label"),
    sa.Column('phase', sa.String(length=12), nullable=False, comment='commitment or delivery'),
    sa.Column('stage', sa.String(length=12), nullable=True, comment="the event's stage"),
    sa.Column('step', sa.String(length=12), nullable=True, comment='pledged, approved, ordered or delivered: its column in commitments'),
    sa.Column('basis', sa.String(length=12), nullable=False, comment='total, additional or unknown'),
    sa.Column('value', sa.Integer(), nullable=True, comment='the figure reported'),
    sa.Column('value_low', sa.Integer(), nullable=True, comment='bottom of the figure'),
    sa.Column('value_high', sa.Integer(), nullable=True, comment='top of the figure'),
    sa.Column('approximate', sa.Boolean(), nullable=True, comment='the figure was hedged'),
    sa.Column('as_of', sa.Date(), nullable=True, comment='date the figure refers to'),
    sa.Column('reported_on', sa.Date(), nullable=True, comment='publication date'),
    sa.Column('source', sa.Text(), nullable=True, comment='the original source'),
    sa.Column('outlet', sa.Text(), nullable=True, comment="the publishing site, else the URL's host; null if neither is known"),
    sa.Column('certainty', sa.String(length=10), nullable=False, comment='asserted, hedged or denied'),
    sa.Column('position', sa.Integer(), nullable=False, comment='order within the series'),
    sa.Column('flags', sa.Text(), nullable=False, comment='JSON list: revision, conflict, increment'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_ledger_events')),
    comment='each event as the claim ledger reads it'
    )
    with op.batch_alter_table('ledger_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_events_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_events_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index('ix_ledger_events_series', ['supplier', 'recipient', 'item_key', 'position'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_events_unit'), ['unit'], unique=False)

    op.create_table('ledger_state',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_ledger_state'))
    )
    op.create_table('article_anchors',
    sa.Column('anchor', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('article_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_anchors_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('anchor', 'article_id', name=op.f('pk_article_anchors'))
    )
    with op.batch_alter_table('article_anchors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_anchors_article_id'), ['article_id'], unique=False)

    op.create_table('article_copies',
    sa.Column('article_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('sketch', sa.Text(), nullable=False, comment='bottom-k hashes of its word shingles'),
    sa.Column('copy_group', sa.String(length=64), nullable=False, comment="content_hash of the group's original (earliest)"),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_copies_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', name=op.f('pk_article_copies')),
    comment='near-duplicate groups of articles (syndicated copies)'
    )
    with op.batch_alter_table('article_copies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_copies_copy_group'), ['copy_group'], unique=False)
    for sql in VIEWS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in reversed(VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    with op.batch_alter_table('article_copies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_copies_copy_group'))

    op.drop_table('article_copies')
    with op.batch_alter_table('article_anchors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_anchors_article_id'))

    op.drop_table('article_anchors')
    op.drop_table('ledger_state')
    with op.batch_alter_table('ledger_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_events_unit'))
        batch_op.drop_index('ix_ledger_events_series')
        batch_op.drop_index(batch_op.f('ix_ledger_events_claim_id'))
        batch_op.drop_index(batch_op.f('ix_ledger_events_article_id'))

    op.drop_table('ledger_events')
    with op.batch_alter_table('ledger_claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_claims_unit'))
        batch_op.drop_index(batch_op.f('ix_ledger_claims_supplier'))
        batch_op.drop_index(batch_op.f('ix_ledger_claims_recipient'))

    op.drop_table('ledger_claims')
