"""Articles count their extraction attempts, so that transient failures are tried again.

A document that timed out or whose worker died is extracted again on later runs until it has
had `--max-attempts` tries; `attempts` counts them (1 for every article stored before).
SQLite adds and drops the column in place, so the views and search triggers of 0002 stay.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("attempts", sa.Integer(), server_default="1", nullable=False, comment="extractions of this content with its ruleset; a time-out or a worker that died is tried again until --max-attempts"))


def downgrade() -> None:
    op.drop_column("articles", "attempts")
