"""full-text search of document pages: an FTS5 index on SQLite, a GIN index of a tsvector on PostgreSQL,
both over the folded text (lowercase, without diacritics, đ → d: server/documents/rules.fold)

Neither is a model (server/documents/search.py FTS_OBJECTS; the comparison of models with migrations skips
them). SQLite keeps its index in step with document_pages by triggers — a later migration that rebuilds
document_pages (batch mode) must create them again (sqlite_triggers()).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 12:10:00
"""
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def sqlite_triggers() -> list[str]:
    return [
        """CREATE TRIGGER document_pages_fts_ai AFTER INSERT ON document_pages BEGIN
             INSERT INTO document_pages_fts(rowid, folded) VALUES (new.id, new.folded); END""",
        """CREATE TRIGGER document_pages_fts_ad AFTER DELETE ON document_pages BEGIN
             INSERT INTO document_pages_fts(document_pages_fts, rowid, folded) VALUES ('delete', old.id, old.folded); END""",
        """CREATE TRIGGER document_pages_fts_au AFTER UPDATE OF folded ON document_pages BEGIN
             INSERT INTO document_pages_fts(document_pages_fts, rowid, folded) VALUES ('delete', old.id, old.folded);
             INSERT INTO document_pages_fts(rowid, folded) VALUES (new.id, new.folded); END""",
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # external content: the words live once, in document_pages.folded; the index holds rowid = page id, and
        # the beginnings of words (the last word of a query is a prefix: what is being typed)
        op.execute("CREATE VIRTUAL TABLE document_pages_fts USING fts5(folded, content='document_pages', "
                   "content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')")
        for statement in sqlite_triggers():
            op.execute(statement)
        op.execute("INSERT INTO document_pages_fts(document_pages_fts) VALUES ('rebuild')")  # the pages already there
    else:
        # the 'simple' configuration over the folded text: the fold (accents, đ → d) is made once, in Python, for
        # both databases — the same words match on either (unaccent would fold more letters than SQLite does)
        op.execute("ALTER TABLE document_pages ADD COLUMN folded_tsv tsvector "
                   "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, folded)) STORED")
        op.execute("CREATE INDEX ix_document_pages_fts ON document_pages USING gin (folded_tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS document_pages_fts_{name}")
        op.execute("DROP TABLE IF EXISTS document_pages_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_document_pages_fts")
        op.execute("ALTER TABLE document_pages DROP COLUMN IF EXISTS folded_tsv")
