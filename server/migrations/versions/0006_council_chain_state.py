"""the chain carries the record: council-level entries (no session), each entry's row states, the seal's timestamp

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 11:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # session_events is referenced by no table: rebuilding it on SQLite (to relax NOT NULL) cascades nowhere
    with op.batch_alter_table('session_events') as batch_op:
        batch_op.alter_column('session_id', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('seq', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('state', sa.JSON(), nullable=True))
    op.add_column('sessions', sa.Column('seal_timestamp', sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    op.drop_column('sessions', 'seal_timestamp')
    with op.batch_alter_table('session_events') as batch_op:
        batch_op.drop_column('state')
        batch_op.alter_column('seq', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('session_id', existing_type=sa.Integer(), nullable=False)
