"""voter petitions: agencies, voter meetings, petitions, cases, steps, reminders, samples, findings

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 13:38:41.328077
"""
import sqlalchemy as sa
from alembic import op

import server.db


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_agencies_council_id_councils')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agencies')),
    sa.UniqueConstraint('council_id', 'name', name=op.f('uq_agencies_council_id_name'))
    )
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agencies_council_id'), ['council_id'], unique=False)

    op.create_table('petition_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('field', sa.String(length=24), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('area', sa.String(length=200), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('folded', sa.Text(), nullable=False),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_petition_cases_agency_id_agencies')),
    sa.ForeignKeyConstraint(['committee_id'], ['groups.id'], name=op.f('fk_petition_cases_committee_id_groups')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_petition_cases_council_id_councils')),
    sa.ForeignKeyConstraint(['merged_into_id'], ['petition_cases.id'], name=op.f('fk_petition_cases_merged_into_id_petition_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_petition_cases')),
    sa.UniqueConstraint('code', name=op.f('uq_petition_cases_code'))
    )
    with op.batch_alter_table('petition_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petition_cases_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_petition_cases_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_petition_cases_field'), ['field'], unique=False)
        batch_op.create_index(batch_op.f('ix_petition_cases_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_petition_cases_updated_at'), ['updated_at'], unique=False)

    op.create_table('petition_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('emailed', sa.Boolean(), nullable=False),
    sa.Column('at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_petition_reminders_agency_id_agencies')),
    sa.ForeignKeyConstraint(['case_id'], ['petition_cases.id'], name=op.f('fk_petition_reminders_case_id_petition_cases')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_petition_reminders_council_id_councils')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_petition_reminders')),
    sa.UniqueConstraint('case_id', 'agency_id', 'deadline', name=op.f('uq_petition_reminders_case_id_agency_id_deadline'))
    )
    with op.batch_alter_table('petition_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petition_reminders_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_petition_reminders_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_petition_reminders_council_id'), ['council_id'], unique=False)

    op.create_table('petition_samples',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('population', sa.JSON(), nullable=False),
    sa.Column('seed', sa.String(length=64), nullable=False),
    sa.Column('picked', sa.JSON(), nullable=False),
    sa.Column('drawn_by_id', sa.Integer(), nullable=True),
    sa.Column('at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_petition_samples_council_id_councils')),
    sa.ForeignKeyConstraint(['drawn_by_id'], ['users.id'], name=op.f('fk_petition_samples_drawn_by_id_users')),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_petition_samples_group_id_groups')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_petition_samples')),
    sa.UniqueConstraint('council_id', 'group_id', 'round', name=op.f('uq_petition_samples_council_id_group_id_round'))
    )
    with op.batch_alter_table('petition_samples', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petition_samples_council_id'), ['council_id'], unique=False)

    op.create_table('petition_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('files', sa.JSON(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_petition_steps_actor_id_users')),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_petition_steps_agency_id_agencies')),
    sa.ForeignKeyConstraint(['case_id'], ['petition_cases.id'], name=op.f('fk_petition_steps_case_id_petition_cases')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_petition_steps_council_id_councils')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_petition_steps'))
    )
    with op.batch_alter_table('petition_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petition_steps_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_petition_steps_council_id'), ['council_id'], unique=False)

    op.create_table('voter_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('constituency', sa.String(length=200), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('voters', sa.Integer(), nullable=False),
    sa.Column('delegate_ids', sa.JSON(), nullable=False),
    sa.Column('record_sha256', sa.String(length=64), nullable=True),
    sa.Column('record_filename', sa.String(length=255), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_voter_meetings_council_id_councils')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_voter_meetings_created_by_id_users')),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_voter_meetings_group_id_groups')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voter_meetings'))
    )
    with op.batch_alter_table('voter_meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_voter_meetings_constituency'), ['constituency'], unique=False)
        batch_op.create_index(batch_op.f('ix_voter_meetings_council_id'), ['council_id'], unique=False)

    op.create_table('petition_findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('sample_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('verdict', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_petition_findings_actor_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['petition_cases.id'], name=op.f('fk_petition_findings_case_id_petition_cases')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_petition_findings_council_id_councils')),
    sa.ForeignKeyConstraint(['sample_id'], ['petition_samples.id'], name=op.f('fk_petition_findings_sample_id_petition_samples')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_petition_findings')),
    sa.UniqueConstraint('sample_id', 'case_id', name=op.f('uq_petition_findings_sample_id_case_id'))
    )
    with op.batch_alter_table('petition_findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petition_findings_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_petition_findings_sample_id'), ['sample_id'], unique=False)

    op.create_table('petitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('area', sa.String(length=200), nullable=False),
    sa.Column('field', sa.String(length=24), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['petition_cases.id'], name=op.f('fk_petitions_case_id_petition_cases')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_petitions_council_id_councils')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_petitions_entered_by_id_users')),
    sa.ForeignKeyConstraint(['meeting_id'], ['voter_meetings.id'], name=op.f('fk_petitions_meeting_id_voter_meetings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_petitions'))
    )
    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petitions_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_petitions_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_petitions_meeting_id'), ['meeting_id'], unique=False)

    # added in place, not by rebuilding users: SQLite would have to rebuild every table that refers to it
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE users ADD COLUMN agency_id INTEGER '
                   'CONSTRAINT fk_users_agency_id_agencies REFERENCES agencies (id)')
    else:
        op.add_column('users', sa.Column('agency_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_users_agency_id_agencies'), 'users', 'agencies', ['agency_id'], ['id'])



def downgrade() -> None:
    op.drop_column('users', 'agency_id')

    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petitions_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_petitions_council_id'))
        batch_op.drop_index(batch_op.f('ix_petitions_case_id'))

    op.drop_table('petitions')
    with op.batch_alter_table('petition_findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petition_findings_sample_id'))
        batch_op.drop_index(batch_op.f('ix_petition_findings_council_id'))

    op.drop_table('petition_findings')
    with op.batch_alter_table('voter_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_voter_meetings_council_id'))
        batch_op.drop_index(batch_op.f('ix_voter_meetings_constituency'))

    op.drop_table('voter_meetings')
    with op.batch_alter_table('petition_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petition_steps_council_id'))
        batch_op.drop_index(batch_op.f('ix_petition_steps_case_id'))

    op.drop_table('petition_steps')
    with op.batch_alter_table('petition_samples', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petition_samples_council_id'))

    op.drop_table('petition_samples')
    with op.batch_alter_table('petition_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petition_reminders_council_id'))
        batch_op.drop_index(batch_op.f('ix_petition_reminders_case_id'))
        batch_op.drop_index(batch_op.f('ix_petition_reminders_agency_id'))

    op.drop_table('petition_reminders')
    with op.batch_alter_table('petition_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petition_cases_updated_at'))
        batch_op.drop_index(batch_op.f('ix_petition_cases_status'))
        batch_op.drop_index(batch_op.f('ix_petition_cases_field'))
        batch_op.drop_index(batch_op.f('ix_petition_cases_council_id'))
        batch_op.drop_index(batch_op.f('ix_petition_cases_agency_id'))

    op.drop_table('petition_cases')
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agencies_council_id'))

    op.drop_table('agencies')
