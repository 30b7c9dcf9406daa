"""Indexes for the web pages: `articles.extracted_at`.

Every page checks whether the database changed (`pipeline.web.cache.state`: the count of
articles and the latest extraction time); with this index that reads a small index instead of
every article row.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_articles_extracted_at"), "articles", ["extracted_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_articles_extracted_at"), table_name="articles")
