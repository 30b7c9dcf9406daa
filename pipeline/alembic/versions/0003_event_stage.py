"""Events gain their stage, the article's words for the item, and the bottom of a range.

- `events.stage`: delivered, delivering, announced, approved, ordered, pledged, planned,
  requested or offered (indexed: analysts separate commitments from deliveries with it).
- `events.weapon_text`: the words of the article beside the canonical `weapon_name`.
- `events.quantity_low`: with `quantity_upper`, a stated range ("12-15 launchers"), whose
  `quantity` is then null.
- The `event_facts` view shows the three; on SQLite it is dropped and made again (the views
  built on it name it, not its columns, so they need no change). PostgreSQL keeps the columns
  a view's SQL named when it was made, so there it and the views on it are made again from
  0002's SQL, with the same changes.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_OLD_QUANTITIES = ("e.quantity, e.quantity_upper, "
                   "coalesce(e.quantity_upper, e.quantity) AS quantity_high,")
_NEW_QUANTITIES = ("e.quantity, e.quantity_low, e.quantity_upper, "
                   "coalesce(e.quantity_upper, e.quantity) AS quantity_high,")
_CHANGES = [(_OLD_QUANTITIES, _NEW_QUANTITIES), ("e.certainty,", "e.certainty, e.stage,"),
            ("e.weapon_name, e.weapon_system_id,",
             "e.weapon_name, e.weapon_text, e.weapon_system_id,")]


def _sqlite() -> bool:
    return op.get_context().dialect.name == "sqlite"


def _event_facts_sql() -> str:
    return op.get_bind().execute(sa.text(
        "SELECT sql FROM sqlite_master WHERE type = 'view' AND name = 'event_facts'")).scalar_one()


def _replace_event_facts(old: str, new: str) -> None:
    sql = _event_facts_sql()
    if old not in sql:
        raise RuntimeError("event_facts is not the view this migration knows")
    op.execute("DROP VIEW event_facts")
    op.execute(sql.replace(old, new))


def _remake_postgres_views(upgraded: bool, *later: tuple[str, str]) -> None:
    """Drop event_facts and the views on it, and make them again from 0002's SQL, with this
    migration's changes when `upgraded`; a later migration passes its own (old, new) texts in
    `later`, replaced in every view where they occur."""
    views_0002 = op.get_context().script.get_revision("0002").module
    op.execute("DROP VIEW event_facts CASCADE")
    for name, sql in views_0002.VIEWS.items():
        if name == "attribution_facts":
            continue  # not built on event_facts: left as it is
        if name == "event_facts" and upgraded:
            for old, new in _CHANGES:
                sql = sql.replace(old, new)
        for old, new in later:
            sql = sql.replace(old, new)
        op.execute(views_0002.postgres_sql(sql))


def upgrade() -> None:
    op.add_column("events", sa.Column(
        "stage", sa.String(length=12), nullable=True,
        comment="delivered, delivering, announced, approved, ordered, pledged, planned, "
                "requested or offered"))
    op.add_column("events", sa.Column(
        "weapon_text", sa.Text(), nullable=True,
        comment="the article's words for the item, e.g. 170mm self-propelled guns"))
    op.add_column("events", sa.Column(
        "quantity_low", sa.Integer(), nullable=True, comment="bottom of a stated range"))
    op.create_index(op.f("ix_events_stage"), "events", ["stage"], unique=False)
    if not _sqlite():  # SQLite keeps no column comments
        op.alter_column("events", "quantity", existing_type=sa.Integer(),
                        comment="count stated; null if none or a range", existing_nullable=True)
        if op.get_context().dialect.name == "postgresql":
            _remake_postgres_views(upgraded=True)
        return
    for old, new in _CHANGES:
        _replace_event_facts(old, new)


def downgrade() -> None:
    if _sqlite():
        for old, new in reversed(_CHANGES):
            _replace_event_facts(new, old)
    else:
        if op.get_context().dialect.name == "postgresql":
            _remake_postgres_views(upgraded=False)
        op.alter_column("events", "quantity", existing_type=sa.Integer(),
                        comment="count stated; null if none", existing_nullable=True)
    op.drop_index(op.f("ix_events_stage"), table_name="events")
    for column in ("quantity_low", "weapon_text", "stage"):
        op.drop_column("events", column)  # SQLite 3.35+ drops a column in place
