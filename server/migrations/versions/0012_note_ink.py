"""a private note's highlight strokes on its page (notes.ink; a note may be a highlight without text)

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 15:20:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('notes', sa.Column('ink', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('notes') as batch:
        batch.drop_column('ink')
