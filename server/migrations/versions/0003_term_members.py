"""term members: who sat in each term

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 00:20:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('term_members',
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_term_members_council_id_councils')),
    sa.ForeignKeyConstraint(['term_id'], ['terms.id'], name=op.f('fk_term_members_term_id_terms'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_term_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('term_id', 'user_id', name=op.f('pk_term_members'))
    )
    op.create_index(op.f('ix_term_members_council_id'), 'term_members', ['council_id'], unique=False)
    op.execute("INSERT INTO term_members (term_id, user_id, council_id) "
               "SELECT term_id, id, council_id FROM users WHERE term_id IS NOT NULL")


def downgrade() -> None:
    op.drop_index(op.f('ix_term_members_council_id'), table_name='term_members')
    op.drop_table('term_members')
