"""one-time passwords: a password set by staff must be changed by its owner at the first login

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 10:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # in place (ALTER TABLE ADD COLUMN): rebuilding users on SQLite would cascade to every table naming them
    op.add_column('users', sa.Column('must_change_password', sa.Boolean(), nullable=False,
                                     server_default=sa.false()))


def downgrade() -> None:
    op.drop_column('users', 'must_change_password')
