"""Initial schema: articles and their paths, events, attributions, runs, document errors.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 08:04:36.598888
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False, comment='UTC start time'),
    sa.Column('finished_at', sa.DateTime(), nullable=True, comment='UTC end time'),
    sa.Column('status', sa.String(length=12), nullable=False, comment='running, ok, partial (some documents failed), fatal or aborted'),
    sa.Column('exit_code', sa.Integer(), nullable=True, comment='the process exit code'),
    sa.Column('command', sa.Text(), nullable=False, comment='the inputs and options of the run'),
    sa.Column('salvo_version', sa.String(length=20), nullable=False),
    sa.Column('ruleset_version', sa.String(length=40), nullable=False),
    sa.Column('files_seen', sa.Integer(), nullable=False, comment='article files found'),
    sa.Column('extracted', sa.Integer(), nullable=False, comment='documents extracted'),
    sa.Column('unchanged', sa.Integer(), nullable=False, comment='files skipped as already stored'),
    sa.Column('duplicates', sa.Integer(), nullable=False, comment='new paths whose content was already stored'),
    sa.Column('failed', sa.Integer(), nullable=False, comment='documents with an error'),
    sa.Column('events', sa.Integer(), nullable=False, comment='events stored by this run'),
    sa.Column('message', sa.Text(), nullable=True, comment='fatal error, if any'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_runs'))
    )
    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False, comment="SHA-256 of the file's bytes; one row per distinct content"),
    sa.Column('status', sa.String(length=20), nullable=False, comment='ok, no_article, not_english, failed or timed_out'),
    sa.Column('error', sa.Text(), nullable=True, comment='why extraction failed, if it did'),
    sa.Column('kind', sa.String(length=10), nullable=True, comment='html or text, from the content'),
    sa.Column('encoding', sa.String(length=40), nullable=True, comment='charset the bytes were read with'),
    sa.Column('byte_size', sa.BigInteger(), nullable=False, comment='size of the file in bytes'),
    sa.Column('url', sa.Text(), nullable=True, comment='canonical URL stated by the page'),
    sa.Column('title', sa.Text(), nullable=True, comment='headline'),
    sa.Column('standfirst', sa.Text(), nullable=True, comment='summary line under the headline'),
    sa.Column('author', sa.Text(), nullable=True, comment='byline'),
    sa.Column('published', sa.Date(), nullable=True, comment='publication date stated by the article; null if none stated'),
    sa.Column('site', sa.Text(), nullable=True, comment='name of the publishing site'),
    sa.Column('language', sa.String(length=12), nullable=True, comment='ISO 639-1 code, e.g. en'),
    sa.Column('text', sa.Text(), nullable=True, comment='clean article body, one paragraph a line; offsets index into it'),
    sa.Column('ruleset_version', sa.String(length=40), nullable=False, comment='version of the extraction rules that produced this row'),
    sa.Column('extracted_at', sa.DateTime(), nullable=False, comment='UTC time of extraction'),
    sa.Column('run_id', sa.Integer(), nullable=True, comment='the ingest run that extracted it'),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_articles_run_id_runs'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles')),
    sa.UniqueConstraint('content_hash', name=op.f('uq_articles_content_hash'))
    )
    op.create_index(op.f('ix_articles_published'), 'articles', ['published'])
    op.create_index(op.f('ix_articles_status'), 'articles', ['status'])

    op.create_table('document_errors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('path', sa.Text(), nullable=False, comment='the file the error concerns'),
    sa.Column('content_hash', sa.String(length=64), nullable=True, comment='its content, if read'),
    sa.Column('stage', sa.String(length=20), nullable=False, comment='read, decode, content, claims, timeout or store'),
    sa.Column('error', sa.Text(), nullable=False, comment='what went wrong, in words'),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_document_errors_run_id_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_errors'))
    )
    op.create_index(op.f('ix_document_errors_run_id'), 'document_errors', ['run_id'])

    op.create_table('article_paths',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('path', sa.Text(), nullable=False, comment='absolute path of a source file'),
    sa.Column('article_id', sa.Integer(), nullable=False, comment="the article this file's current content is"),
    sa.Column('size', sa.BigInteger(), nullable=False, comment='file size when last read'),
    sa.Column('mtime_ns', sa.BigInteger(), nullable=False, comment='file modification time (ns) when last read'),
    sa.Column('first_seen', sa.DateTime(), nullable=False, comment='UTC time first ingested'),
    sa.Column('last_read', sa.DateTime(), nullable=False, comment='UTC time last read'),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_paths_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_paths')),
    sa.UniqueConstraint('path', name=op.f('uq_article_paths_path')),
    comment="every source path that held an article's content"
    )
    op.create_index(op.f('ix_article_paths_article_id'), 'article_paths', ['article_id'])

    op.create_table('attributions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False, comment='order within its article'),
    sa.Column('speaker', sa.Text(), nullable=False, comment='person or body speaking'),
    sa.Column('via', sa.Text(), nullable=True, comment='JSON list of intermediaries'),
    sa.Column('cue', sa.String(length=40), nullable=True, comment='cue word, e.g. said'),
    sa.Column('direct', sa.Boolean(), nullable=False, comment='a direct quote, not reported speech'),
    sa.Column('quote', sa.Text(), nullable=False, comment='what was said'),
    sa.Column('start', sa.Integer(), nullable=False, comment='offset of the statement in articles.text'),
    sa.Column('end', sa.Integer(), nullable=False, comment='end offset in articles.text'),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_attributions_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attributions'))
    )
    op.create_index(op.f('ix_attributions_article_id'), 'attributions', ['article_id'])
    op.create_index(op.f('ix_attributions_speaker'), 'attributions', ['speaker'])

    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False, comment='order of the event within its article'),
    sa.Column('type', sa.String(length=30), nullable=False, comment='arms_transfer or troop_deployment'),
    sa.Column('supplier', sa.String(length=80), nullable=True, comment='country sending weapons or troops; null if unstated'),
    sa.Column('recipient', sa.String(length=80), nullable=True, comment='country receiving them; null if unstated'),
    sa.Column('inferred', sa.Boolean(), nullable=False, comment="a side was taken from the article's dominant transfer, not the sentence"),
    sa.Column('weapon_name', sa.Text(), nullable=True, comment='canonical system name (M1978 Koksan) or the generic noun'),
    sa.Column('weapon_system_id', sa.String(length=80), nullable=True, comment='id of the system in weapons.jsonl; null for nouns'),
    sa.Column('weapon_category', sa.String(length=40), nullable=True, comment='contract category, e.g. self-propelled artillery'),
    sa.Column('calibre_mm', sa.Float(), nullable=True, comment='calibre in millimetres'),
    sa.Column('quantity', sa.Integer(), nullable=True, comment='count stated; null if none'),
    sa.Column('quantity_upper', sa.Integer(), nullable=True, comment='top of a stated range'),
    sa.Column('quantity_approximate', sa.Boolean(), nullable=True, comment='the count was hedged (nearly, about, more than)'),
    sa.Column('quantity_qualifier', sa.String(length=40), nullable=True, comment='the approximator word(s), e.g. nearly'),
    sa.Column('quantity_unit', sa.Text(), nullable=True, comment='what was counted'),
    sa.Column('quantity_text', sa.Text(), nullable=True, comment='the count as written'),
    sa.Column('location', sa.Text(), nullable=True, comment='place named for the event'),
    sa.Column('source_name', sa.Text(), nullable=True, comment='body or person the claim is attributed to'),
    sa.Column('source_via', sa.Text(), nullable=True, comment='JSON list of intermediaries, e.g. ["Lee Seong-kweun"]'),
    sa.Column('source_cue', sa.String(length=40), nullable=True, comment='cue word, e.g. said'),
    sa.Column('certainty', sa.String(length=10), nullable=False, comment='asserted, hedged or denied'),
    sa.Column('event_date', sa.Date(), nullable=True, comment='date the event happened, resolved against publication'),
    sa.Column('date_precision', sa.String(length=10), nullable=True, comment='day, month or year'),
    sa.Column('date_text', sa.Text(), nullable=True, comment='the date words as written'),
    sa.Column('sentence', sa.Text(), nullable=False, comment='evidence sentence'),
    sa.Column('start', sa.Integer(), nullable=False, comment='offset of sentence in articles.text'),
    sa.Column('end', sa.Integer(), nullable=False, comment='end offset of sentence in articles.text'),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_events_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    op.create_index(op.f('ix_events_article_id'), 'events', ['article_id'])
    op.create_index(op.f('ix_events_event_date'), 'events', ['event_date'])
    op.create_index(op.f('ix_events_recipient'), 'events', ['recipient'])
    op.create_index(op.f('ix_events_supplier'), 'events', ['supplier'])
    op.create_index(op.f('ix_events_type'), 'events', ['type'])
    op.create_index(op.f('ix_events_weapon_system_id'), 'events', ['weapon_system_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_events_weapon_system_id'), table_name='events')
    op.drop_index(op.f('ix_events_type'), table_name='events')
    op.drop_index(op.f('ix_events_supplier'), table_name='events')
    op.drop_index(op.f('ix_events_recipient'), table_name='events')
    op.drop_index(op.f('ix_events_event_date'), table_name='events')
    op.drop_index(op.f('ix_events_article_id'), table_name='events')

    op.drop_table('events')
    op.drop_index(op.f('ix_attributions_speaker'), table_name='attributions')
    op.drop_index(op.f('ix_attributions_article_id'), table_name='attributions')

    op.drop_table('attributions')
    op.drop_index(op.f('ix_article_paths_article_id'), table_name='article_paths')

    op.drop_table('article_paths')
    op.drop_index(op.f('ix_document_errors_run_id'), table_name='document_errors')

    op.drop_table('document_errors')
    op.drop_index(op.f('ix_articles_status'), table_name='articles')
    op.drop_index(op.f('ix_articles_published'), table_name='articles')

    op.drop_table('articles')
    op.drop_table('runs')
