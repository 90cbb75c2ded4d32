"""meetings other than sessions (kind, series, group, invitees), question slips, issue groups, commitments, conclusion notices

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 17:08:41.742109
"""
from alembic import op
import sqlalchemy as sa
import server.db


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('conclusions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_conclusions_council_id_councils')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_conclusions_session_id_sessions')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_conclusions_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conclusions')),
    sa.UniqueConstraint('session_id', name=op.f('uq_conclusions_session_id'))
    )
    with op.batch_alter_table('conclusions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conclusions_council_id'), ['council_id'], unique=False)

    op.create_table('session_invitees',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('invited_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_session_invitees_council_id_councils')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_session_invitees_session_id_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_session_invitees_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'user_id', name=op.f('pk_session_invitees'))
    )
    with op.batch_alter_table('session_invitees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_invitees_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_invitees_user_id'), ['user_id'], unique=False)

    op.create_table('question_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('official_id', sa.Integer(), nullable=False),
    sa.Column('selected', sa.Boolean(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_question_groups_agenda_item_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_question_groups_council_id_councils')),
    sa.ForeignKeyConstraint(['official_id'], ['users.id'], name=op.f('fk_question_groups_official_id_users')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_question_groups_session_id_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_groups'))
    )
    with op.batch_alter_table('question_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_groups_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_groups_session_id'), ['session_id'], unique=False)

    op.create_table('question_slips',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('official_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('case_ids', sa.JSON(), nullable=False),
    sa.Column('follows_up_id', sa.Integer(), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('answer_deadline', sa.Date(), nullable=True),
    sa.Column('answer_text', sa.Text(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', server.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_question_slips_answered_by_id_users')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_question_slips_author_id_users')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_question_slips_council_id_councils')),
    sa.ForeignKeyConstraint(['follows_up_id'], ['question_slips.id'], name=op.f('fk_question_slips_follows_up_id_question_slips')),
    sa.ForeignKeyConstraint(['group_id'], ['question_groups.id'], name=op.f('fk_question_slips_group_id_question_groups'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['official_id'], ['users.id'], name=op.f('fk_question_slips_official_id_users')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_question_slips_session_id_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_slips'))
    )
    with op.batch_alter_table('question_slips', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_slips_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_slips_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_slips_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_slips_official_id'), ['official_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_slips_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_slips_status'), ['status'], unique=False)

    op.create_table('commitments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('slip_id', sa.Integer(), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('official_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('progress', sa.Text(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_commitments_council_id_councils')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_commitments_created_by_id_users')),
    sa.ForeignKeyConstraint(['group_id'], ['question_groups.id'], name=op.f('fk_commitments_group_id_question_groups'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['official_id'], ['users.id'], name=op.f('fk_commitments_official_id_users')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_commitments_session_id_sessions')),
    sa.ForeignKeyConstraint(['slip_id'], ['question_slips.id'], name=op.f('fk_commitments_slip_id_question_slips')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitments'))
    )
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commitments_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitments_official_id'), ['official_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitments_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitments_status'), ['status'], unique=False)

    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('series', sa.String(length=40), server_default='session', nullable=False))
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_sessions_council_id_term_id_number'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_sessions_council_id_term_id_series_number'), ['council_id', 'term_id', 'series', 'number'])
        batch_op.create_foreign_key(batch_op.f('fk_sessions_group_id_groups'), 'groups', ['group_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_sessions_group_id_groups'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_sessions_council_id_term_id_series_number'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_sessions_council_id_term_id_number'), ['council_id', 'term_id', 'number'])
        batch_op.drop_column('group_id')
        batch_op.drop_column('series')

    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitments_status'))
        batch_op.drop_index(batch_op.f('ix_commitments_session_id'))
        batch_op.drop_index(batch_op.f('ix_commitments_official_id'))
        batch_op.drop_index(batch_op.f('ix_commitments_council_id'))

    op.drop_table('commitments')
    with op.batch_alter_table('question_slips', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_slips_status'))
        batch_op.drop_index(batch_op.f('ix_question_slips_session_id'))
        batch_op.drop_index(batch_op.f('ix_question_slips_official_id'))
        batch_op.drop_index(batch_op.f('ix_question_slips_group_id'))
        batch_op.drop_index(batch_op.f('ix_question_slips_council_id'))
        batch_op.drop_index(batch_op.f('ix_question_slips_author_id'))

    op.drop_table('question_slips')
    with op.batch_alter_table('question_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_groups_session_id'))
        batch_op.drop_index(batch_op.f('ix_question_groups_council_id'))

    op.drop_table('question_groups')
    with op.batch_alter_table('session_invitees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_invitees_user_id'))
        batch_op.drop_index(batch_op.f('ix_session_invitees_council_id'))

    op.drop_table('session_invitees')
    with op.batch_alter_table('conclusions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conclusions_council_id'))

    op.drop_table('conclusions')
