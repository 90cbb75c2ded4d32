"""signed PDFs: the minutes and resolutions signed with the council office's certificate or uploaded back,
and the signatures of an uploaded document's version as validated

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 11:20:00
"""
import sqlalchemy as sa
from alembic import op

import server.db

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('signed_pdfs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('resolution_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('signatures', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_signed_pdfs_council_id_councils')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_signed_pdfs_created_by_id_users')),
    sa.ForeignKeyConstraint(['resolution_id'], ['resolutions.id'], name=op.f('fk_signed_pdfs_resolution_id_resolutions')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_signed_pdfs_session_id_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signed_pdfs'))
    )
    op.create_index(op.f('ix_signed_pdfs_council_id'), 'signed_pdfs', ['council_id'], unique=False)
    op.create_index(op.f('ix_signed_pdfs_session_id'), 'signed_pdfs', ['session_id'], unique=False)
    op.create_index(op.f('ix_signed_pdfs_resolution_id'), 'signed_pdfs', ['resolution_id'], unique=False)
    # in place (ALTER TABLE ADD COLUMN): document_pages names document_versions with ON DELETE CASCADE
    op.add_column('document_versions', sa.Column('signatures', sa.JSON(), nullable=True))
    # resolution numbers below 10 with two digits, as practice writes them: "Số: 01/NQ-HĐND"
    resolutions = sa.table('resolutions', sa.column('id'), sa.column('number'), sa.column('year'),
                           sa.column('normative'), sa.column('code'))
    for rid, number, year, normative in op.get_bind().execute(
            sa.select(resolutions.c.id, resolutions.c.number, resolutions.c.year, resolutions.c.normative)
            .where(resolutions.c.number < 10)).all():
        code = f"Số: {number:02d}/{year}/NQ-HĐND" if normative else f"Số: {number:02d}/NQ-HĐND"
        op.execute(resolutions.update().where(resolutions.c.id == rid).values(code=code))


def downgrade() -> None:
    op.drop_column('document_versions', 'signatures')
    op.drop_index(op.f('ix_signed_pdfs_resolution_id'), table_name='signed_pdfs')
    op.drop_index(op.f('ix_signed_pdfs_session_id'), table_name='signed_pdfs')
    op.drop_index(op.f('ix_signed_pdfs_council_id'), table_name='signed_pdfs')
    op.drop_table('signed_pdfs')
