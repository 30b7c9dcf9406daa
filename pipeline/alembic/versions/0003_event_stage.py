"""Events gain their stage, the article's words for the item, and the bottom of a range.

- `events.stage`: delivered, delivering, announced, approved, ordered, pledged, planned,
  requested or offered (indexed: analysts separate commitments from deliveries with it).
- `events.weapon_text`: the words of the article beside the canonical `weapon_name`.
- `events.quantity_low`: with `quantity_upper`, a stated range ("12-15 launchers"), whose
  `quantity` is then null.
- The `event_facts` view shows the three; on SQLite it is dropped and made again (the views
  built on it name it, not its columns, so they need no change).

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
        return
    _replace_event_facts(_OLD_QUANTITIES, _NEW_QUANTITIES)
    _replace_event_facts("e.certainty,", "e.certainty, e.stage,")
    _replace_event_facts("e.weapon_name, e.weapon_system_id,",
                         "e.weapon_name, e.weapon_text, e.weapon_system_id,")


def downgrade() -> None:
    if _sqlite():
        _replace_event_facts("e.weapon_name, e.weapon_text, e.weapon_system_id,",
                             "e.weapon_name, e.weapon_system_id,")
        _replace_event_facts("e.certainty, e.stage,", "e.certainty,")
        _replace_event_facts(_NEW_QUANTITIES, _OLD_QUANTITIES)
    else:
        op.alter_column("events", "quantity", existing_type=sa.Integer(),
                        comment="count stated; null if none", existing_nullable=True)
    op.drop_index(op.f("ix_events_stage"), table_name="events")
    for column in ("quantity_low", "weapon_text", "stage"):
        op.drop_column("events", column)  # SQLite 3.35+ drops a column in place
