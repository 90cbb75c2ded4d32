"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 04:00:26.345959
"""
import sqlalchemy as sa
from alembic import op

import server.db

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('councils',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('quorum_num', sa.Integer(), nullable=False),
    sa.Column('quorum_den', sa.Integer(), nullable=False),
    sa.Column('speaking_limits', sa.JSON(), nullable=True),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('quorum_num > 0 AND quorum_den > 0 AND quorum_num <= quorum_den', name=op.f('ck_councils_quorum')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_councils'))
    )
    op.create_table('login_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('ip', sa.String(length=64), nullable=False),
    sa.Column('at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failures'))
    )
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_failures_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_failures_ip'), ['ip'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_failures_username'), ['username'], unique=False)

    op.create_table('groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_groups_council_id_councils')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_groups')),
    sa.UniqueConstraint('council_id', 'kind', 'name', name=op.f('uq_groups_council_id_kind_name'))
    )
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_groups_council_id'), ['council_id'], unique=False)

    op.create_table('terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=False),
    sa.Column('end_year', sa.Integer(), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_terms_council_id_councils')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_terms'))
    )
    with op.batch_alter_table('terms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_terms_council_id'), ['council_id'], unique=False)

    op.create_table('sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('current_item_id', sa.Integer(), nullable=True),
    sa.Column('paused', sa.Boolean(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('opened_at', server.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', server.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sealed_hash', sa.String(length=64), nullable=True),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_sessions_council_id_councils')),
    sa.ForeignKeyConstraint(['term_id'], ['terms.id'], name=op.f('fk_sessions_term_id_terms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sessions')),
    sa.UniqueConstraint('council_id', 'term_id', 'number', name=op.f('uq_sessions_council_id_term_id_number'))
    )
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sessions_council_id'), ['council_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('constituency', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_users_council_id_councils')),
    sa.ForeignKeyConstraint(['term_id'], ['terms.id'], name=op.f('fk_users_term_id_terms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_users_term_id'), ['term_id'], unique=False)

    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('updated_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_attendance_council_id_councils')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_attendance_session_id_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_attendance_updated_by_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_attendance_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
    sa.UniqueConstraint('session_id', 'user_id', name=op.f('uq_attendance_session_id_user_id'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_user_id'), ['user_id'], unique=False)

    op.create_table('group_members',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_group_members_council_id_councils')),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_members_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_group_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'user_id', name=op.f('pk_group_members'))
    )
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_members_council_id'), ['council_id'], unique=False)

    op.create_table('login_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_login_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_login_sessions_token_hash'))
    )
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('minutes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_minutes_council_id_councils')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_minutes_session_id_sessions')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_minutes_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes')),
    sa.UniqueConstraint('session_id', name=op.f('uq_minutes_session_id'))
    )
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_council_id'), ['council_id'], unique=False)

    op.create_table('session_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('chain_seq', sa.Integer(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_session_events_actor_id_users')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_session_events_council_id_councils')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_session_events_session_id_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_events')),
    sa.UniqueConstraint('council_id', 'chain_seq', name=op.f('uq_session_events_council_id_chain_seq')),
    sa.UniqueConstraint('session_id', 'seq', name=op.f('uq_session_events_session_id_seq'))
    )
    with op.batch_alter_table('session_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_events_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_events_session_id'), ['session_id'], unique=False)

    op.create_table('sittings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('part', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_sittings_council_id_councils')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_sittings_session_id_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sittings'))
    )
    with op.batch_alter_table('sittings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sittings_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sittings_session_id'), ['session_id'], unique=False)

    op.create_table('agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('planned_minutes', sa.Integer(), nullable=False),
    sa.Column('presenter', sa.String(length=200), nullable=False),
    sa.Column('sitting_id', sa.Integer(), nullable=True),
    sa.Column('speakers_closed', sa.Boolean(), nullable=False),
    sa.Column('speaking_extra', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_agenda_items_council_id_councils')),
    sa.ForeignKeyConstraint(['parent_id'], ['agenda_items.id'], name=op.f('fk_agenda_items_parent_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_agenda_items_session_id_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sitting_id'], ['sittings.id'], name=op.f('fk_agenda_items_sitting_id_sittings'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_items'))
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_items_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_items_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_items_session_id'), ['session_id'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('access', sa.String(length=16), nullable=False),
    sa.Column('current_version', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_documents_agenda_item_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_documents_council_id_councils')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_documents_created_by_id_users')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_documents_session_id_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_session_id'), ['session_id'], unique=False)

    op.create_table('floor_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('replies_to_speech_id', sa.Integer(), nullable=True),
    sa.Column('addressee', sa.String(length=200), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('priority', sa.Boolean(), nullable=False),
    sa.Column('manual_position', sa.Double(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_floor_requests_agenda_item_id_agenda_items')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_floor_requests_council_id_councils')),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_floor_requests_invited_by_id_users')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_floor_requests_session_id_sessions')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_floor_requests_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_floor_requests'))
    )
    with op.batch_alter_table('floor_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_floor_requests_agenda_item_id'), ['agenda_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_floor_requests_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_floor_requests_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_floor_requests_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_floor_requests_user_id'), ['user_id'], unique=False)

    op.create_table('polls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('rule_base', sa.String(length=8), nullable=False),
    sa.Column('rule_num', sa.Integer(), nullable=False),
    sa.Column('rule_den', sa.Integer(), nullable=False),
    sa.Column('rule_strict', sa.Boolean(), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=True),
    sa.Column('changeable', sa.Boolean(), nullable=False),
    sa.Column('duration_s', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('repeat_of_id', sa.Integer(), nullable=True),
    sa.Column('total_snapshot', sa.Integer(), nullable=True),
    sa.Column('present_snapshot', sa.Integer(), nullable=True),
    sa.Column('opened_at', server.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('deadline', server.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', server.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_polls_agenda_item_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_polls_closed_by_id_users')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_polls_council_id_councils')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_polls_created_by_id_users')),
    sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], name=op.f('fk_polls_opened_by_id_users')),
    sa.ForeignKeyConstraint(['repeat_of_id'], ['polls.id'], name=op.f('fk_polls_repeat_of_id_polls')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_polls_session_id_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_polls'))
    )
    with op.batch_alter_table('polls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_polls_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_polls_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_polls_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_polls_status'), ['status'], unique=False)

    op.create_table('written_opinions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_written_opinions_agenda_item_id_agenda_items')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_written_opinions_council_id_councils')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_written_opinions_session_id_sessions')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_written_opinions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_written_opinions'))
    )
    with op.batch_alter_table('written_opinions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_written_opinions_agenda_item_id'), ['agenda_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_written_opinions_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_written_opinions_session_id'), ['session_id'], unique=False)

    op.create_table('document_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_document_versions_council_id_councils')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_versions_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_document_versions_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_versions')),
    sa.UniqueConstraint('document_id', 'number', name=op.f('uq_document_versions_document_id_number'))
    )
    with op.batch_alter_table('document_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_versions_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_versions_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_versions_sha256'), ['sha256'], unique=False)

    op.create_table('open_ballots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('poll_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('choice', sa.String(length=16), nullable=False),
    sa.Column('request_id', sa.String(length=64), nullable=False),
    sa.Column('cast_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_open_ballots_council_id_councils')),
    sa.ForeignKeyConstraint(['poll_id'], ['polls.id'], name=op.f('fk_open_ballots_poll_id_polls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_open_ballots_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_open_ballots')),
    sa.UniqueConstraint('poll_id', 'user_id', name=op.f('uq_open_ballots_poll_id_user_id'))
    )
    with op.batch_alter_table('open_ballots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_open_ballots_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_open_ballots_poll_id'), ['poll_id'], unique=False)

    op.create_table('poll_corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('poll_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=1000), nullable=False),
    sa.Column('delegate_id', sa.Integer(), nullable=True),
    sa.Column('choice', sa.String(length=16), nullable=True),
    sa.Column('at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_poll_corrections_author_id_users')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_poll_corrections_council_id_councils')),
    sa.ForeignKeyConstraint(['delegate_id'], ['users.id'], name=op.f('fk_poll_corrections_delegate_id_users')),
    sa.ForeignKeyConstraint(['poll_id'], ['polls.id'], name=op.f('fk_poll_corrections_poll_id_polls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_poll_corrections'))
    )
    with op.batch_alter_table('poll_corrections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_poll_corrections_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_poll_corrections_poll_id'), ['poll_id'], unique=False)

    op.create_table('poll_options',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('poll_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_poll_options_council_id_councils')),
    sa.ForeignKeyConstraint(['poll_id'], ['polls.id'], name=op.f('fk_poll_options_poll_id_polls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_poll_options'))
    )
    with op.batch_alter_table('poll_options', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_poll_options_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_poll_options_poll_id'), ['poll_id'], unique=False)

    op.create_table('poll_voters',
    sa.Column('poll_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.Column('has_voted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_poll_voters_council_id_councils')),
    sa.ForeignKeyConstraint(['poll_id'], ['polls.id'], name=op.f('fk_poll_voters_poll_id_polls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_poll_voters_user_id_users')),
    sa.PrimaryKeyConstraint('poll_id', 'user_id', name=op.f('pk_poll_voters'))
    )
    with op.batch_alter_table('poll_voters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_poll_voters_council_id'), ['council_id'], unique=False)

    op.create_table('resolutions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('poll_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('normative', sa.Boolean(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('adopted_on', sa.Date(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_resolutions_council_id_councils')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_resolutions_created_by_id_users')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_resolutions_document_id_documents')),
    sa.ForeignKeyConstraint(['poll_id'], ['polls.id'], name=op.f('fk_resolutions_poll_id_polls')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_resolutions_session_id_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resolutions')),
    sa.UniqueConstraint('council_id', 'year', 'number', name=op.f('uq_resolutions_council_id_year_number')),
    sa.UniqueConstraint('poll_id', name=op.f('uq_resolutions_poll_id'))
    )
    with op.batch_alter_table('resolutions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resolutions_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_resolutions_session_id'), ['session_id'], unique=False)

    op.create_table('secret_ballots',
    sa.Column('poll_id', sa.Integer(), nullable=False),
    sa.Column('receipt', sa.String(length=64), nullable=False),
    sa.Column('choice', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['poll_id'], ['polls.id'], name=op.f('fk_secret_ballots_poll_id_polls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('poll_id', 'receipt', name=op.f('pk_secret_ballots')),
    sqlite_with_rowid=False
    )
    op.create_table('speeches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('answers_speech_id', sa.Integer(), nullable=True),
    sa.Column('addressee', sa.String(length=200), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('limit_s', sa.Integer(), nullable=False),
    sa.Column('added_s', sa.Integer(), nullable=False),
    sa.Column('started_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('paused_at', server.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('paused_total_s', sa.Double(), nullable=False),
    sa.Column('ended_at', server.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('duration_s', sa.Integer(), nullable=True),
    sa.Column('overrun_s', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_speeches_agenda_item_id_agenda_items')),
    sa.ForeignKeyConstraint(['answers_speech_id'], ['speeches.id'], name=op.f('fk_speeches_answers_speech_id_speeches')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_speeches_council_id_councils')),
    sa.ForeignKeyConstraint(['request_id'], ['floor_requests.id'], name=op.f('fk_speeches_request_id_floor_requests')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_speeches_session_id_sessions')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_speeches_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speeches'))
    )
    with op.batch_alter_table('speeches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_speeches_agenda_item_id'), ['agenda_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_speeches_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_speeches_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_speeches_user_id'), ['user_id'], unique=False)

    op.create_table('document_pages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('page', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('folded', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_document_pages_council_id_councils')),
    sa.ForeignKeyConstraint(['version_id'], ['document_versions.id'], name=op.f('fk_document_pages_version_id_document_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_pages'))
    )
    with op.batch_alter_table('document_pages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_pages_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_pages_version_id'), ['version_id'], unique=False)

    op.create_table('stamped_copies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('trace_code', sa.String(length=32), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_stamped_copies_council_id_councils')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_stamped_copies_user_id_users')),
    sa.ForeignKeyConstraint(['version_id'], ['document_versions.id'], name=op.f('fk_stamped_copies_version_id_document_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stamped_copies')),
    sa.UniqueConstraint('trace_code', name=op.f('uq_stamped_copies_trace_code')),
    sa.UniqueConstraint('version_id', 'user_id', name=op.f('uq_stamped_copies_version_id_user_id'))
    )
    with op.batch_alter_table('stamped_copies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stamped_copies_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stamped_copies_version_id'), ['version_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('stamped_copies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stamped_copies_version_id'))
        batch_op.drop_index(batch_op.f('ix_stamped_copies_council_id'))

    op.drop_table('stamped_copies')
    with op.batch_alter_table('document_pages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_pages_version_id'))
        batch_op.drop_index(batch_op.f('ix_document_pages_council_id'))

    op.drop_table('document_pages')
    with op.batch_alter_table('speeches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_speeches_user_id'))
        batch_op.drop_index(batch_op.f('ix_speeches_session_id'))
        batch_op.drop_index(batch_op.f('ix_speeches_council_id'))
        batch_op.drop_index(batch_op.f('ix_speeches_agenda_item_id'))

    op.drop_table('speeches')
    op.drop_table('secret_ballots')
    with op.batch_alter_table('resolutions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resolutions_session_id'))
        batch_op.drop_index(batch_op.f('ix_resolutions_council_id'))

    op.drop_table('resolutions')
    with op.batch_alter_table('poll_voters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_poll_voters_council_id'))

    op.drop_table('poll_voters')
    with op.batch_alter_table('poll_options', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_poll_options_poll_id'))
        batch_op.drop_index(batch_op.f('ix_poll_options_council_id'))

    op.drop_table('poll_options')
    with op.batch_alter_table('poll_corrections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_poll_corrections_poll_id'))
        batch_op.drop_index(batch_op.f('ix_poll_corrections_council_id'))

    op.drop_table('poll_corrections')
    with op.batch_alter_table('open_ballots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_open_ballots_poll_id'))
        batch_op.drop_index(batch_op.f('ix_open_ballots_council_id'))

    op.drop_table('open_ballots')
    with op.batch_alter_table('document_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_versions_sha256'))
        batch_op.drop_index(batch_op.f('ix_document_versions_document_id'))
        batch_op.drop_index(batch_op.f('ix_document_versions_council_id'))

    op.drop_table('document_versions')
    with op.batch_alter_table('written_opinions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_written_opinions_session_id'))
        batch_op.drop_index(batch_op.f('ix_written_opinions_council_id'))
        batch_op.drop_index(batch_op.f('ix_written_opinions_agenda_item_id'))

    op.drop_table('written_opinions')
    with op.batch_alter_table('polls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_polls_status'))
        batch_op.drop_index(batch_op.f('ix_polls_session_id'))
        batch_op.drop_index(batch_op.f('ix_polls_deadline'))
        batch_op.drop_index(batch_op.f('ix_polls_council_id'))

    op.drop_table('polls')
    with op.batch_alter_table('floor_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_floor_requests_user_id'))
        batch_op.drop_index(batch_op.f('ix_floor_requests_status'))
        batch_op.drop_index(batch_op.f('ix_floor_requests_session_id'))
        batch_op.drop_index(batch_op.f('ix_floor_requests_council_id'))
        batch_op.drop_index(batch_op.f('ix_floor_requests_agenda_item_id'))

    op.drop_table('floor_requests')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_session_id'))
        batch_op.drop_index(batch_op.f('ix_documents_council_id'))

    op.drop_table('documents')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_items_session_id'))
        batch_op.drop_index(batch_op.f('ix_agenda_items_parent_id'))
        batch_op.drop_index(batch_op.f('ix_agenda_items_council_id'))

    op.drop_table('agenda_items')
    with op.batch_alter_table('sittings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sittings_session_id'))
        batch_op.drop_index(batch_op.f('ix_sittings_council_id'))

    op.drop_table('sittings')
    with op.batch_alter_table('session_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_events_session_id'))
        batch_op.drop_index(batch_op.f('ix_session_events_council_id'))

    op.drop_table('session_events')
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_council_id'))

    op.drop_table('minutes')
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_sessions_user_id'))

    op.drop_table('login_sessions')
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_members_council_id'))

    op.drop_table('group_members')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_user_id'))
        batch_op.drop_index(batch_op.f('ix_attendance_session_id'))
        batch_op.drop_index(batch_op.f('ix_attendance_council_id'))

    op.drop_table('attendance')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_term_id'))
        batch_op.drop_index(batch_op.f('ix_users_council_id'))

    op.drop_table('users')
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sessions_council_id'))

    op.drop_table('sessions')
    with op.batch_alter_table('terms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_terms_council_id'))

    op.drop_table('terms')
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_groups_council_id'))

    op.drop_table('groups')
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_failures_username'))
        batch_op.drop_index(batch_op.f('ix_login_failures_ip'))
        batch_op.drop_index(batch_op.f('ix_login_failures_at'))

    op.drop_table('login_failures')
    op.drop_table('councils')
