"""private notes of readers on documents and pages; read receipts of document versions (neither on the record)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 12:40:00
"""
import sqlalchemy as sa
from alembic import op

import server.db

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=False),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_notes_council_id_councils')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_notes_document_id_documents'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notes_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notes')),
    sa.UniqueConstraint('uuid', name=op.f('uq_notes_uuid'))
    )
    op.create_index(op.f('ix_notes_council_id'), 'notes', ['council_id'], unique=False)
    op.create_index(op.f('ix_notes_user_id'), 'notes', ['user_id'], unique=False)
    op.create_index(op.f('ix_notes_document_id'), 'notes', ['document_id'], unique=False)
    op.create_table('receipts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('document_version_id', sa.Integer(), nullable=False),
    sa.Column('received_at', server.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('opened_at', server.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_receipts_council_id_councils')),
    sa.ForeignKeyConstraint(['document_version_id'], ['document_versions.id'],
                            name=op.f('fk_receipts_document_version_id_document_versions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_receipts_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_receipts')),
    sa.UniqueConstraint('user_id', 'document_version_id', name=op.f('uq_receipts_user_id_document_version_id'))
    )
    op.create_index(op.f('ix_receipts_council_id'), 'receipts', ['council_id'], unique=False)
    op.create_index(op.f('ix_receipts_user_id'), 'receipts', ['user_id'], unique=False)
    op.create_index(op.f('ix_receipts_document_version_id'), 'receipts', ['document_version_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_receipts_document_version_id'), table_name='receipts')
    op.drop_index(op.f('ix_receipts_user_id'), table_name='receipts')
    op.drop_index(op.f('ix_receipts_council_id'), table_name='receipts')
    op.drop_table('receipts')
    op.drop_index(op.f('ix_notes_document_id'), table_name='notes')
    op.drop_index(op.f('ix_notes_user_id'), table_name='notes')
    op.drop_index(op.f('ix_notes_council_id'), table_name='notes')
    op.drop_table('notes')
