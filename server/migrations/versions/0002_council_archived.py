"""councils can be archived

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 23:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('councils') as batch:
        batch.add_column(sa.Column('archived', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('councils') as batch:
        batch.drop_column('archived')
