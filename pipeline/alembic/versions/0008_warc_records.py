"""WARC input: runs count the responses they skipped, paths keep a record's WARC-Date.

- `runs.skipped`: WARC responses passed over (not HTML, or a status other than 200).
- `article_paths.fetched_at`: the WARC-Date of a record (null for files); a record's path is
  `<WARC file>#<WARC-Record-ID>` and its article's `url` the WARC-Target-URI.

Both are added in place on SQLite and PostgreSQL alike, so the views and search of 0002 stay.
On databases that keep column comments (PostgreSQL), `runs.status` also gets the comment the
model has had since runs could be `interrupted` (the models-migrations check found it there).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

PATH_COMMENT = "absolute path of a source file, or <WARC file>#<WARC-Record-ID> for a record"
STATUS_COMMENTS = ("running, ok, partial (some documents failed), fatal or aborted",
                   "running, ok, partial (some documents failed), fatal, interrupted (by a "
                   "signal) or aborted (ended without closing the run)")


def upgrade() -> None:
    op.add_column("runs", sa.Column("skipped", sa.Integer(), server_default="0", nullable=False, comment="WARC responses passed over: not HTML, or a status other than 200"))
    op.add_column("article_paths", sa.Column("fetched_at", sa.DateTime(), nullable=True, comment="a WARC record's WARC-Date (UTC); null for files"))
    if op.get_context().dialect.name != "sqlite":  # SQLite keeps no column comments
        op.alter_column("article_paths", "path", existing_type=sa.Text(), existing_nullable=False, comment=PATH_COMMENT)
        op.alter_column("runs", "status", existing_type=sa.String(length=12), existing_nullable=False, comment=STATUS_COMMENTS[1])


def downgrade() -> None:
    if op.get_context().dialect.name != "sqlite":
        op.alter_column("article_paths", "path", existing_type=sa.Text(), existing_nullable=False, comment="absolute path of a source file")
        op.alter_column("runs", "status", existing_type=sa.String(length=12), existing_nullable=False, comment=STATUS_COMMENTS[0])
    op.drop_column("article_paths", "fetched_at")
    op.drop_column("runs", "skipped")
