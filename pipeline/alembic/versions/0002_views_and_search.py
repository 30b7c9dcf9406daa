"""Views, full-text search and indexes for ad-hoc SQL (docs/schema.md describes them all).

- Views: `event_facts` (one row per event, its article and source flattened in),
  `attribution_facts`, `weapon_summary`, `supplier_recipient_summary`.
- FTS5 external-content tables `article_search` (title, standfirst, text of `articles`) and
  `evidence_search` (the evidence sentence of `events`), kept in step by triggers, so that the
  store writes plain rows and never touches the search tables.
- Indexes named `ix_query_*` for the documented queries. They serve ad-hoc SQL, not the
  pipeline, so they live here beside the views rather than in the models; alembic/env.py leaves
  them and the search tables out of autogenerate.

The views are written for SQLite (json_each, group_concat, printf); on PostgreSQL `postgres_sql`
translates the few SQLite-only parts (string_agg, json_array_elements_text, IS NOT DISTINCT
FROM, GROUP BY of the joined columns) and the search is a view per FTS5 table instead: its
`document` column a weighted `tsvector` ('english' configuration: stemmed, like FTS5's porter),
served by a GIN index on the same expression, so that it needs no triggers and stores nothing
twice. Other databases get the indexes only. A later migration that rebuilds `articles` or
`events` with batch_alter_table must drop the views and triggers first and create them again
afterwards: the copy-and-rename would otherwise fail on the views and lose the triggers.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

QUERY_INDEXES = {
    "ix_query_events_flow": "events (supplier, recipient, type)",
    "ix_query_events_source": "events (source_name)",
    "ix_query_events_weapon": "events (weapon_category, weapon_name)",
    "ix_query_articles_site": "articles (site, published)",
}

FIRST_PATH = "(SELECT min(p.path) FROM article_paths p WHERE p.article_id = a.id)"


def _chain(name: str, via: str) -> str:
    """SQL for 'name via X via Y' from a name and its JSON list of intermediaries."""
    return (f"{name} || coalesce(' via ' || "
            f"(SELECT group_concat(j.value, ' via ') FROM json_each({via}) j), '')")


WEAPON_KEY = """CASE
        WHEN e.weapon_system_id IS NOT NULL THEN e.weapon_system_id
        WHEN e.weapon_name IS NULL AND e.weapon_category IS NULL THEN NULL
        ELSE lower(coalesce(e.weapon_name, '')) || ' / ' || coalesce(e.weapon_category, '')
             || CASE WHEN e.calibre_mm IS NOT NULL THEN printf(' / %gmm', e.calibre_mm) ELSE '' END
    END"""

EVENT_FACTS = f"""
CREATE VIEW event_facts AS
SELECT
    e.id AS event_id, e.article_id, e.seq, e.type, e.supplier, e.recipient, e.inferred,
    {WEAPON_KEY} AS weapon_key,
    coalesce(e.weapon_name, e.weapon_category) AS weapon,
    e.weapon_name, e.weapon_system_id, e.weapon_category, e.calibre_mm,
    e.quantity, e.quantity_upper, coalesce(e.quantity_upper, e.quantity) AS quantity_high,
    e.quantity_approximate, e.quantity_qualifier, e.quantity_unit, e.quantity_text,
    e.location,
    {_chain("e.source_name", "e.source_via")} AS source,
    e.source_name, e.source_via, e.source_cue, e.certainty,
    e.event_date, e.date_precision, e.date_text,
    e.sentence, e.start, e."end",
    a.published, a.title, a.site, a.url, a.author, {FIRST_PATH} AS source_path
FROM events e
JOIN articles a ON a.id = e.article_id
"""

ATTRIBUTION_FACTS = f"""
CREATE VIEW attribution_facts AS
SELECT
    t.id AS attribution_id, t.article_id, t.seq,
    {_chain("t.speaker", "t.via")} AS speaker_chain,
    t.speaker, t.via, t.cue, t.direct, t.quote, t.start, t."end",
    a.published, a.title, a.site, a.url, a.author, {FIRST_PATH} AS source_path
FROM attributions t
JOIN articles a ON a.id = t.article_id
"""

WEAPON_SUMMARY = """
CREATE VIEW weapon_summary AS
WITH reports AS (
    SELECT * FROM event_facts WHERE weapon_key IS NOT NULL
),
latest AS (
    SELECT weapon_key, quantity, quantity_text,
           row_number() OVER (PARTITION BY weapon_key
                              ORDER BY published DESC NULLS LAST, article_id DESC, seq DESC) AS n
    FROM reports WHERE quantity IS NOT NULL
),
named AS (
    SELECT DISTINCT weapon_key, source_name FROM reports
    WHERE source_name IS NOT NULL ORDER BY weapon_key, source_name
),
sources AS (
    SELECT weapon_key, group_concat(source_name, '; ') AS source_names
    FROM named GROUP BY weapon_key
)
SELECT
    r.weapon_key, max(r.weapon) AS weapon, max(r.weapon_system_id) AS weapon_system_id,
    max(r.weapon_category) AS weapon_category, max(r.calibre_mm) AS calibre_mm,
    count(*) AS reports, count(DISTINCT r.article_id) AS articles,
    min(r.quantity) AS min_quantity, max(r.quantity_high) AS max_quantity,
    l.quantity AS latest_quantity, l.quantity_text AS latest_quantity_text,
    min(r.published) AS first_reported, max(r.published) AS last_reported,
    count(DISTINCT r.source_name) AS sources, s.source_names,
    group_concat(DISTINCT r.supplier) AS suppliers,
    group_concat(DISTINCT r.recipient) AS recipients
FROM reports r
LEFT JOIN latest l ON l.weapon_key = r.weapon_key AND l.n = 1
LEFT JOIN sources s ON s.weapon_key = r.weapon_key
GROUP BY r.weapon_key
ORDER BY reports DESC, weapon, r.weapon_key
"""

SUPPLIER_RECIPIENT_SUMMARY = """
CREATE VIEW supplier_recipient_summary AS
WITH named AS (
    SELECT DISTINCT type, supplier, recipient, source_name FROM events
    WHERE source_name IS NOT NULL ORDER BY type, supplier, recipient, source_name
),
sources AS (
    SELECT type, supplier, recipient, group_concat(source_name, '; ') AS source_names
    FROM named GROUP BY type, supplier, recipient
)
SELECT
    f.supplier, f.recipient, f.type,
    count(*) AS events, count(DISTINCT f.article_id) AS articles,
    count(DISTINCT f.weapon_key) AS weapons,
    max(f.quantity_high) AS max_quantity,
    min(f.published) AS first_reported, max(f.published) AS last_reported,
    sum(f.certainty = 'asserted') AS asserted, sum(f.certainty = 'hedged') AS hedged,
    sum(f.certainty = 'denied') AS denied,
    count(DISTINCT f.source_name) AS sources, s.source_names
FROM event_facts f
LEFT JOIN sources s ON s.type = f.type AND s.supplier IS f.supplier
                   AND s.recipient IS f.recipient
GROUP BY f.supplier, f.recipient, f.type
ORDER BY events DESC, f.supplier, f.recipient, f.type
"""

VIEWS = {
    "event_facts": EVENT_FACTS,
    "attribution_facts": ATTRIBUTION_FACTS,
    "weapon_summary": WEAPON_SUMMARY,
    "supplier_recipient_summary": SUPPLIER_RECIPIENT_SUMMARY,
}

TOKENIZE = "porter unicode61 remove_diacritics 2"

# Each search table: (content table, indexed columns).
SEARCH_TABLES = {
    "article_search": ("articles", ("title", "standfirst", "text")),
    "evidence_search": ("events", ("sentence",)),
}


def _search_statements(name: str, table: str, columns: tuple[str, ...]) -> list[str]:
    """The FTS5 table over `table` and the three triggers that keep it in step."""
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    insert = f"INSERT INTO {name} (rowid, {cols}) VALUES (new.id, {new});"
    remove = f"INSERT INTO {name} ({name}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    return [
        f"CREATE VIRTUAL TABLE {name} USING fts5({cols}, content='{table}', "
        f"content_rowid='id', tokenize='{TOKENIZE}')",
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {name}_update AFTER UPDATE OF {cols} ON {table} "
        f"BEGIN {remove} {insert} END",
        f"INSERT INTO {name} ({name}) VALUES ('rebuild')",  # index the rows already stored
    ]


# SQLite's words in the views -> PostgreSQL's (see `postgres_sql`).
POSTGRES_WORDS = [
    ("(SELECT group_concat(j.value, ' via ') FROM json_each(e.source_via) j)",
     "(SELECT string_agg(j.value, ' via ' ORDER BY j.n) "
     "FROM json_array_elements_text(e.source_via::json) WITH ORDINALITY j(value, n))"),
    ("(SELECT group_concat(j.value, ' via ') FROM json_each(t.via) j)",
     "(SELECT string_agg(j.value, ' via ' ORDER BY j.n) "
     "FROM json_array_elements_text(t.via::json) WITH ORDINALITY j(value, n))"),
    ("printf(' / %gmm', e.calibre_mm)", "' / ' || e.calibre_mm::text || 'mm'"),
    ("group_concat(source_name, '; ')", "string_agg(source_name, '; ' ORDER BY source_name)"),
    ("group_concat(DISTINCT r.supplier)", "string_agg(DISTINCT r.supplier, ',')"),
    ("group_concat(DISTINCT r.recipient)", "string_agg(DISTINCT r.recipient, ',')"),
    ("GROUP BY r.weapon_key\n",
     "GROUP BY r.weapon_key, l.quantity, l.quantity_text, s.source_names\n"),
    ("s.supplier IS f.supplier", "s.supplier IS NOT DISTINCT FROM f.supplier"),
    ("s.recipient IS f.recipient", "s.recipient IS NOT DISTINCT FROM f.recipient"),
    *[(f"sum(f.certainty = '{c}')", f"sum(CASE WHEN f.certainty = '{c}' THEN 1 ELSE 0 END)")
      for c in ("asserted", "hedged", "denied")],
    ("GROUP BY f.supplier, f.recipient, f.type\n",
     "GROUP BY f.supplier, f.recipient, f.type, s.source_names\n"),
]


def postgres_sql(sql: str) -> str:
    """A view's SQLite SQL in PostgreSQL's words (0003 uses it for the views it remakes)."""
    for sqlite_words, postgres_words in POSTGRES_WORDS:
        sql = sql.replace(sqlite_words, postgres_words)
    return sql


# PostgreSQL search: a view per FTS5 table; its `document` is the GIN-indexed expression.
# The article text is indexed up to 300,000 characters: a tsvector holds at most 1 MB.
ARTICLE_DOCUMENT = ("(setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
                    "setweight(to_tsvector('english'::regconfig, coalesce(standfirst, '')), 'B') "
                    "|| setweight(to_tsvector('english'::regconfig, "
                    "left(coalesce(text, ''), 300000)), 'C'))")
EVIDENCE_DOCUMENT = "to_tsvector('english'::regconfig, sentence)"
POSTGRES_SEARCH = {  # name: (table, its columns shown, document, GIN index)
    "article_search": ("articles", "title, standfirst, text", ARTICLE_DOCUMENT,
                       "ix_query_articles_search"),
    "evidence_search": ("events", "sentence", EVIDENCE_DOCUMENT, "ix_query_events_search"),
}


def _postgres_search() -> None:
    for name, (table, columns, document, index) in POSTGRES_SEARCH.items():
        op.execute(f"CREATE INDEX {index} ON {table} USING gin ({document})")
        op.execute(f"CREATE VIEW {name} AS SELECT id AS rowid, {columns}, {document} AS document "
                   f"FROM {table}")


def upgrade() -> None:
    for name, columns in QUERY_INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON {columns}")
    dialect = op.get_context().dialect.name
    if dialect == "postgresql":
        for sql in VIEWS.values():
            op.execute(postgres_sql(sql))
        _postgres_search()
    if dialect != "sqlite":
        return
    for sql in VIEWS.values():
        op.execute(sql)
    for name, (table, columns) in SEARCH_TABLES.items():
        for sql in _search_statements(name, table, columns):
            op.execute(sql)


def downgrade() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        for name in SEARCH_TABLES:
            for trigger in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {name}_{trigger}")
            op.execute(f"DROP TABLE IF EXISTS {name}")
    if dialect == "postgresql":
        for name, (_table, _columns, _document, index) in POSTGRES_SEARCH.items():
            op.execute(f"DROP VIEW IF EXISTS {name}")
            op.execute(f"DROP INDEX IF EXISTS {index}")
    if dialect in ("sqlite", "postgresql"):
        for name in reversed(VIEWS):
            op.execute(f"DROP VIEW IF EXISTS {name}")
    for name in QUERY_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
