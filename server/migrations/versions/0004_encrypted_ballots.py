"""encrypted ballots: the plaintext secret_ballots table goes, ballots are stored encrypted

Closed secret polls keep their published result, which already lists every (receipt, choice): that list
is what `kyhop verify` recounts for them. A secret poll still open cannot be carried over (its ballots are
plaintext): the upgrade stops and asks for it to be closed first.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 08:02:48.175534
"""
import sqlalchemy as sa
from alembic import op

import server.db

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT count(*) FROM polls WHERE status = 'open' AND kind <> 'open'")).scalar():
        raise RuntimeError("A secret poll is open: close it before upgrading (its ballots are stored in plaintext). "
                           "/ Đang có cuộc bỏ phiếu kín: kết thúc trước khi nâng cấp.")
    op.create_table('counting_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('threshold', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_counting_keys_council_id_councils')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_counting_keys_created_by_id_users')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_counting_keys_session_id_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_counting_keys'))
    )
    with op.batch_alter_table('counting_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_counting_keys_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_counting_keys_session_id'), ['session_id'], unique=False)

    op.create_table('key_members',
    sa.Column('key_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('transport_key', sa.String(length=64), nullable=True),
    sa.Column('deal', sa.JSON(), nullable=True),
    sa.Column('verification_key', sa.String(length=64), nullable=True),
    sa.Column('share_proof', sa.JSON(), nullable=True),
    sa.Column('complaint', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_key_members_council_id_councils')),
    sa.ForeignKeyConstraint(['key_id'], ['counting_keys.id'], name=op.f('fk_key_members_key_id_counting_keys'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_key_members_user_id_users')),
    sa.PrimaryKeyConstraint('key_id', 'number', name=op.f('pk_key_members'))
    )
    with op.batch_alter_table('key_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_members_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_key_members_user_id'), ['user_id'], unique=False)

    op.create_table('encrypted_ballots',
    sa.Column('poll_id', sa.Integer(), nullable=False),
    sa.Column('voter_id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('tracker', sa.String(length=64), nullable=False),
    sa.Column('ballot', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_encrypted_ballots_council_id_councils')),
    sa.ForeignKeyConstraint(['poll_id'], ['polls.id'], name=op.f('fk_encrypted_ballots_poll_id_polls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['voter_id'], ['users.id'], name=op.f('fk_encrypted_ballots_voter_id_users')),
    sa.PrimaryKeyConstraint('poll_id', 'voter_id', name=op.f('pk_encrypted_ballots')),
    sa.UniqueConstraint('poll_id', 'tracker', name=op.f('uq_encrypted_ballots_poll_id_tracker'))
    )
    with op.batch_alter_table('encrypted_ballots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_encrypted_ballots_council_id'), ['council_id'], unique=False)

    op.create_table('used_ciphertexts',
    sa.Column('poll_id', sa.Integer(), nullable=False),
    sa.Column('alpha', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['poll_id'], ['polls.id'], name=op.f('fk_used_ciphertexts_poll_id_polls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('poll_id', 'alpha', name=op.f('pk_used_ciphertexts'))
    )
    op.create_table('partial_decryptions',
    sa.Column('poll_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('partial', sa.JSON(), nullable=False),
    sa.Column('at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_partial_decryptions_council_id_councils')),
    sa.ForeignKeyConstraint(['poll_id'], ['polls.id'], name=op.f('fk_partial_decryptions_poll_id_polls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('poll_id', 'number', name=op.f('pk_partial_decryptions'))
    )
    with op.batch_alter_table('partial_decryptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partial_decryptions_council_id'), ['council_id'], unique=False)

    if bind.dialect.name == "sqlite":
        op.execute("PRAGMA secure_delete = ON")  # the dropped pages are overwritten, not left in the file
    op.drop_table('secret_ballots')
    # Added in place (ALTER TABLE ADD COLUMN): rebuilding polls on SQLite would cascade-delete its options,
    # voters and ballots (tests/db/test_migrations.py upgrades a database of the previous release).
    if bind.dialect.name == "sqlite":
        op.execute("ALTER TABLE polls ADD COLUMN key_id INTEGER "
                   "CONSTRAINT fk_polls_key_id_counting_keys REFERENCES counting_keys (id)")
    else:
        op.add_column('polls', sa.Column('key_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_polls_key_id_counting_keys'), 'polls', 'counting_keys', ['key_id'], ['id'])
    op.add_column('polls', sa.Column('aggregate', sa.JSON(), nullable=True))
    op.add_column('polls', sa.Column('counted_at', server.db.UTCDateTime(timezone=True), nullable=True))
    op.execute("UPDATE polls SET counted_at = closed_at WHERE status = 'closed'")


def downgrade() -> None:
    # The previous release stored secret choices in plaintext; encrypted ballots cannot (and must not) be
    # turned back into them. Restore a backup taken before the upgrade instead.
    raise RuntimeError("0004 cannot be downgraded: restore the backup taken before the upgrade. "
                       "/ Không thể hạ cấp 0004: hãy khôi phục bản sao lưu trước khi nâng cấp.")
