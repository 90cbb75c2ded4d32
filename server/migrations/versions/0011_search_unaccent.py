"""PostgreSQL folds the pages' words itself: the unaccent extension and a text search configuration `kyhop`
(a copy of 'simple' whose word tokens go through unaccent, then simple: lowercase, no diacritics, đ → d);
the tsvector is over the page's text through it, kept in the row, and its GIN index without a pending list

SQLite is unchanged (FTS5 over the text folded in Python, migration 0008).

- to_tsvector(regconfig, text) is immutable, so it can make a generated column; the config is named by its
  oid in the column's expression (no search_path at write time).
- STORAGE MAIN keeps the tsvector in the row (up to about 8 kB), out of TOAST: ranking a page reads it
  without a TOAST fetch; the text and its folded copy go to TOAST first. Given in the same ALTER TABLE as
  the column, so the one rewrite of the table already stores it so.
- fastupdate off: an upload writes straight into the index, so a search never scans a list of pending entries.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 14:10:00
"""
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# the parser's token types that can hold letters with diacritics (asciiword, email, url… stay as 'simple' maps them)
WORD_TOKENS = "word, hword, hword_part, numword, numhword, hword_numpart"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")  # trusted since PostgreSQL 13: the database owner may
    op.execute("CREATE TEXT SEARCH CONFIGURATION kyhop (COPY = simple)")
    op.execute(f"ALTER TEXT SEARCH CONFIGURATION kyhop ALTER MAPPING FOR {WORD_TOKENS} WITH unaccent, simple")
    op.execute("DROP INDEX ix_document_pages_fts")
    op.execute("ALTER TABLE document_pages DROP COLUMN folded_tsv")
    op.execute("ALTER TABLE document_pages "
               "ADD COLUMN folded_tsv tsvector GENERATED ALWAYS AS (to_tsvector('kyhop'::regconfig, text)) STORED, "
               "ALTER COLUMN folded_tsv SET STORAGE MAIN")
    op.execute("CREATE INDEX ix_document_pages_fts ON document_pages USING gin (folded_tsv) WITH (fastupdate = off)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("DROP INDEX ix_document_pages_fts")
    op.execute("ALTER TABLE document_pages DROP COLUMN folded_tsv")
    op.execute("ALTER TABLE document_pages ADD COLUMN folded_tsv tsvector "
               "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, folded)) STORED")
    op.execute("CREATE INDEX ix_document_pages_fts ON document_pages USING gin (folded_tsv)")
    op.execute("DROP TEXT SEARCH CONFIGURATION kyhop")
    op.execute("DROP EXTENSION IF EXISTS unaccent")
